"""HTML: visible text plus alt/title attributes; scripts, styles, tags, comments and code (pre, code,
kbd, samp, tt: commands and program text, as in a Markdown code block) are not copy.

Entities are decoded, so the text the rules see is what a reader sees; every character keeps the
index of the source character (or entity) it came from, so findings point into the original file.
Block-level elements end a segment; inline elements (a, b, span …) do not split words.
"""

from __future__ import annotations

import html
import re

from ..model import Document, LineIndex, Segment
from .common import Masker, decoded_segment, read_directives

HIDDEN = re.compile(r"<(script|style|template|noscript|svg|head)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
CODE = re.compile(r"<(pre|code|kbd|samp|tt)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
# every alternative runs to the end of the text when it is not closed, so an unclosed "<?" or "<!"
# is matched once, not rescanned from each of its repeats (which was quadratic)
COMMENT_OR_DECL = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*(?:>|\Z)|<\?.*?(?:\?>|\Z)", re.DOTALL
)
# attribute names and unquoted values stop at "<", so a tag that never closes is not rescanned from
# every "<" that follows it
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s/>=<]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s><]+))?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s/>=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
COPY_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "label",
    ]
)


class _Builder:
    """Collects decoded characters with their source indices and cuts them into segments."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.chars: list[str] = []
        self.table: list[int] = []

    def add_raw(self, source: str, start: int, end: int) -> None:
        """Append source[start:end], decoding entities."""
        pos = start
        for m in ENTITY.finditer(source, start, end):
            self._plain(source, pos, m.start())
            decoded = html.unescape(m.group())
            if decoded == m.group():  # not a known entity: keep it as written
                self._plain(source, m.start(), m.end())
            else:
                for ch in decoded:
                    self.chars.append(ch)
                    self.table.append(m.start())
            pos = m.end()
        self._plain(source, pos, end)

    def _plain(self, source: str, start: int, end: int) -> None:
        self.chars.extend(source[start:end])
        self.table.extend(range(start, end))

    def flush(self, key: str | None = None) -> None:
        if self.table:
            segment = decoded_segment("".join(self.chars), self.table, self.table[-1] + 1, key)
            if segment:
                self.segments.append(segment)
        self.chars, self.table = [], []


class HtmlReader:
    suffixes = (".html", ".htm", ".xhtml")

    def read(self, path: str, source: str) -> list[Document]:
        lines = LineIndex(source)
        masked = Masker(source)
        directives = read_directives(source, masked, lines)  # blanks every comment
        masked.blank_matches(COMMENT_OR_DECL)  # unclosed comments, CDATA, doctype, processing instructions
        masked.blank_matches(HIDDEN)
        masked.blank_matches(CODE)
        text = masked.text()
        body = _Builder()
        attributes = _Builder()
        pos = 0
        for tag in TAG.finditer(text):
            if text[pos : tag.start()].strip():
                body.add_raw(text, pos, tag.start())
            pos = tag.end()
            name = tag.group(1).lower()
            if name in BLOCK:
                body.flush()
            for attr in ATTRIBUTE.finditer(tag.group(2) or ""):
                if attr.group(1).lower() not in COPY_ATTRIBUTES:
                    continue
                for group in (2, 3, 4):
                    if attr.group(group) is not None:
                        start = tag.start(2) + attr.start(group)
                        attributes.add_raw(text, start, start + len(attr.group(group)))
                        attributes.flush(f"{name}@{attr.group(1).lower()}")
        if text[pos:].strip():
            body.add_raw(text, pos, len(text))
        body.flush()
        segments = sorted(body.segments + attributes.segments, key=lambda s: s.offsets.start(0))
        return [Document(path, source, tuple(segments), directives=tuple(directives))]
