"""Markdown: front matter is metadata; code, link targets, URLs, HTML and comments are not copy."""

from __future__ import annotations

import bisect
import re

from ..model import Document, LineIndex
from .common import URL, Masker, paragraphs, read_directives, read_front_matter

BACKTICKS = re.compile(r"`+")
IMAGE_OR_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
REFERENCE_USE = re.compile(r"(?<=\])\[[^\]\n]*\]")
REFERENCE_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]+>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
BLOCK_MARKER = re.compile(r"^[ \t]{0,3}(?:#{1,6}(?=[ \t]|$)|>[ >]*|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))", re.MULTILINE)
THEMATIC_BREAK = re.compile(r"^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
# no two quantifiers over the same characters side by side (a line of tabs was quadratic)
TABLE_RULE = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*(?:\|[ \t]*)?$", re.MULTILINE)
EMPHASIS = re.compile(
    r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|"
    r"(?<=\S)_{1,3}(?![\w_])|~~|\\(?=[\\`*_{}\[\]()#+\-.!|])"
)
PIPE = re.compile(r"\|")
# emphasis markers between two letters of one word (``**Je**dem``, ``__Je__dem``): dropped, so the
# word reads whole, but only when they pair with another run of the line, as CommonMark reads them:
# a lone ``*`` or ``**`` inside a word (``Sh*t``, ``f**k``, ``B*TCH``) is a literal asterisk masking
# a letter (a single ``_`` is never emphasis inside a word: ``snake_case``)
INNER_EMPHASIS = re.compile(r"(?<=[^\W\d_])(?:\*{1,3}|~~|_{2,3})(?=[^\W\d_])")
DELIMITER_RUN = re.compile(r"\*+|~~|_{2,3}")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
HEADING_CLOSE = re.compile(r"(?<=\S)[ \t]+#+[ \t]*$", re.MULTILINE)
# the brackets of a link, an image or a reference use ([text](url), ![alt](src), [text][ref], [ref]
# when defined); other brackets are copy: "[광고]", "[Werbung]" at the start of a line are labels
LINK_TEXT = re.compile(r"(!?\[)[^\[\]\n]*(\])(?=\(|\[)")
BRACKETED = re.compile(r"(\[)([^\[\]\n]+)(\])")


MAY_HAVE_CODE_BLOCK = re.compile(r"^(?: {0,3}(?:```|~~~)| {4,}\S|\t)", re.MULTILINE)


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of fenced and indented code blocks, 0-based."""
    if not MAY_HAVE_CODE_BLOCK.search(text):
        return []  # parsing the whole document costs more than checking it; most copy has no code
    from markdown_it import MarkdownIt

    return [
        (t.map[0], t.map[1])
        for t in MarkdownIt("commonmark").parse(text)
        if t.type in ("fence", "code_block") and t.map
    ]


def mask_markdown(source: str, masker: Masker) -> str:
    text = masker.text()
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"] + [len(text) + 1]
    for first, last in _code_blocks(text):
        masker.blank(starts[first], starts[min(last, len(starts) - 1)] - 1)
    for start, end in inline_code(masker.text()):
        masker.blank(start, end)
    for pattern in (
        SCRIPT_OR_STYLE,
        AUTOLINK,
        IMAGE_OR_LINK_TARGET,
        REFERENCE_USE,
        REFERENCE_DEF,
        URL,
        HTML_TAG,
        TABLE_RULE,
        THEMATIC_BREAK,
        HEADING_CLOSE,
    ):
        masker.blank_matches(pattern)
    for start, end in paired_inner_emphasis(masker.text()):
        masker.drop(start, end)
    for pattern in (BLOCK_MARKER, EMPHASIS, PIPE):
        masker.blank_matches(pattern)
    # image and link brackets go last, so their alt text and link text stay copy
    for start, end in _link_brackets(text):
        masker.blank(start, end)
    return masker.text()


def paired_inner_emphasis(text: str) -> list[tuple[int, int]]:
    """The emphasis runs inside a word that open or close emphasis with another run on their line
    (``**Je**dem``, ``Je**dem**``), found with CommonMark's delimiter stack: a run that can close
    (no space before it) pairs with the nearest open run of the same kind and length; one that can
    open (no space after it) waits. A run left unpaired is a literal asterisk (``Sh*t``)."""
    inner = {(m.start(), m.end()) for m in INNER_EMPHASIS.finditer(text)}
    if not inner:
        return []
    paired: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        openers: list[tuple[str, int, int]] = []
        for run in DELIMITER_RUN.finditer(text, line.start(), line.end()):
            start, end = run.span()
            before = text[start - 1] if start > line.start() else " "
            after = text[end] if end < line.end() else " "
            can_close, can_open = not before.isspace(), not after.isspace()
            match = next((i for i in range(len(openers) - 1, -1, -1) if openers[i][0] == run.group()), None)
            if can_close and match is not None:
                _, o_start, o_end = openers[match]
                del openers[match:]
                paired += [span for span in ((o_start, o_end), (start, end)) if span in inner]
            elif can_open:
                openers.append((run.group(), start, end))
    return sorted(paired)


def inline_code(text: str) -> list[tuple[int, int]]:
    """Code spans: a run of backticks up to the next run of the same length (CommonMark), found
    in one pass over the runs (a regex with a backreference was quadratic on runs of backticks)."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(text)]
    following: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        following.setdefault(end - start, []).append(index)
    spans = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        same = following[end - start]
        k = bisect.bisect_right(same, i)
        if k < len(same):
            j = same[k]
            if runs[j][0] > end:  # at least one character of code
                spans.append((start, runs[j][1]))
                i = j + 1
                continue
        i += 1
    return spans


def _link_brackets(text: str) -> list[tuple[int, int]]:
    """Spans of the brackets that make links, images and reference uses (not copy)."""
    spans = [(m.start(g), m.end(g)) for m in LINK_TEXT.finditer(text) for g in (1, 2)]
    defined = {_label(m.group()) for m in REFERENCE_DEF.finditer(text)}
    if defined:
        spans += [
            (m.start(g), m.end(g))
            for m in BRACKETED.finditer(text)
            if m.group(2).casefold() in defined and text[m.end() : m.end() + 1] != ":"
            for g in (1, 3)
        ]
    return spans


class MarkdownReader:
    suffixes = (".md", ".markdown", ".mdx")

    def read(self, path: str, source: str) -> list[Document]:
        masker = Masker(source)
        meta, problems = read_front_matter(source, path, masker)
        lines = LineIndex(source)
        directives = read_directives(source, masker, lines)
        masked = mask_markdown(source, masker)
        return [Document(path, source, tuple(paragraphs(masked)), meta, tuple(directives), problems)]


def _label(definition: str) -> str:
    """The label of a reference definition ``[label]: url``, case-folded as CommonMark matches it."""
    return definition[definition.index("[") + 1 : definition.index("]")].casefold()
