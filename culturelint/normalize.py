"""Copy as a reader sees it, not as an evader types it: the text rules match is normalised, and
every character keeps the index of the source character it came from (``OffsetMap.table``), so
findings still point at the original characters.

- Invisible characters inside a word are dropped: zero-width space/joiner/non-joiner (U+200B-200D),
  word joiner (U+2060), BOM (U+FEFF), soft hyphen (U+00AD), bidi controls (U+200E/F, U+202A-202E,
  U+2066-2069, U+061C) and variation selectors (U+FE00-FE0F, U+E0100-E01EF). Between emoji or
  spaces they stay (an emoji ZWJ sequence is one picture, VS16 asks for emoji style).
- Letters with combining marks are composed (NFC): "fu" + U+0308 reads as "für".
- (in ``nlp.fold``, which keeps lengths) A word mixing Latin letters with Cyrillic or Greek
  look-alikes has them read as Latin (a small table of the Latin look-alikes in Unicode's confusables.txt,
  https://www.unicode.org/Public/security/latest/confusables.txt);
  a word wholly in Cyrillic or Greek is left alone. Full-width forms are folded by ``nlp.fold``.
- Markdown emphasis inside a word (``**Je**dem``) is removed by the Markdown reader, which marks the
  markers with ``READER_DROP`` for this step to drop.

Runs of whitespace inside a multi-word term (a line wrap, a double space, a tab) are handled at
matching time (``phrase_hits_across_spaces``): the text keeps its line breaks, which end sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .model import Document, Finding, OffsetMap, Segment

if TYPE_CHECKING:
    from spacy.tokens import Doc

READER_DROP = "\ue000"  # a private-use mark a reader puts where it removed markup inside a word
INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x061C, 0x180E]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)
BIDI = frozenset([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # dropped anywhere
JOINERS = frozenset([0x200C, 0x200D])
HIDDEN_NAMES = {
    0x200B: "zero-width space",
    0x200C: "zero-width non-joiner",
    0x200D: "zero-width joiner",
    0x2060: "word joiner",
    0xFEFF: "zero-width no-break space (BOM)",
    0x00AD: "soft hyphen",
}

# Cyrillic and Greek letters that Unicode's confusables.txt maps to a single Latin letter
CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "в": "B",
        "е": "e",
        "к": "k",
        "м": "M",
        "н": "H",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "T",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "і": "i",
        "ј": "j",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "ӏ": "l",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "У": "Y",
        "Х": "X",
        "Ѕ": "S",
        "І": "I",
        "Ј": "J",
        "Ԁ": "D",
        "Ԛ": "Q",
        "Ԝ": "W",
        "Һ": "H",
        "Ӏ": "I",
        "α": "a",
        "ο": "o",
        "ν": "v",
        "ι": "i",
        "κ": "k",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "ϳ": "j",
    }
)
_CONFUSABLE_CHARS = frozenset(chr(c) for c in CONFUSABLES)


def is_hidden(ch: str) -> bool:
    return ord(ch) in INVISIBLE


def hidden_name(ch: str) -> str:
    code = ord(ch)
    name = HIDDEN_NAMES.get(code) or unicodedata.name(ch, "").lower() or "invisible character"
    return f"U+{code:04X} {name}"


def _wordish(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def normalize_text(text: str) -> tuple[str, list[int]] | None:
    """The normalised text and, per character, the index in ``text`` it comes from; None when
    nothing changes (nearly all copy: the caller keeps its cheaper map)."""
    if text.isascii() and READER_DROP not in text:
        return None
    keep = _kept(text)
    chars = [text[i] for i in keep]
    table = list(keep)
    chars, table = _compose(chars, table)
    out = "".join(chars)
    if out == text:
        return None
    return out, table


def _kept(text: str) -> list[int]:
    """Indices of the characters kept: an invisible run is dropped when word characters stand on
    both sides of it; a reader's drop mark always is."""
    keep: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == READER_DROP:
            i += 1
            continue
        if ord(ch) in INVISIBLE:
            j = i
            while j < n and (ord(text[j]) in INVISIBLE or text[j] == READER_DROP):
                j += 1
            before = text[keep[-1]] if keep else ""
            after = text[j] if j < n else ""
            inside = bool(before and after and _wordish(before) and _wordish(after))
            joiners = any(ord(text[k]) in JOINERS for k in range(i, j))
            if inside and joiners and not (before < "\u0530" and after < "\u0530"):
                inside = False  # ZWJ/ZWNJ shape words in Persian, Arabic and Indic scripts: kept there
            if inside or all(ord(text[k]) in BIDI or text[k] == READER_DROP for k in range(i, j)):
                i = j
                continue
            keep.extend(k for k in range(i, j) if text[k] != READER_DROP)
            i = j
            continue
        keep.append(i)
        i += 1
    return keep


def _compose(chars: list[str], table: list[int]) -> tuple[list[str], list[int]]:
    """NFC, cluster by cluster (a base letter and the marks after it), each composed character
    mapped to its cluster's first source index."""
    if not any(unicodedata.combining(c) for c in chars):
        return chars, table
    out: list[str] = []
    mapped: list[int] = []
    i = 0
    while i < len(chars):
        j = i + 1
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        cluster = "".join(chars[i:j])
        composed = unicodedata.normalize("NFC", cluster) if j - i > 1 else cluster
        if len(composed) == j - i:
            out.extend(chars[i:j])
            mapped.extend(table[i:j])
        else:
            for k, ch in enumerate(composed):
                out.append(ch)
                mapped.append(table[i + min(k, j - i - 1)] if k else table[i])
        i = j
    return out, mapped


def unconfuse(text: str) -> str:
    """Cyrillic/Greek look-alikes read as Latin inside a word that also has Latin letters; same
    length as ``text`` (``nlp.fold`` applies it, so offsets hold)."""
    if _CONFUSABLE_CHARS.isdisjoint(text):
        return text
    return "".join(_unconfuse(list(text)))


def _unconfuse(chars: list[str]) -> list[str]:
    out = list(chars)
    i = 0
    while i < len(out):
        if not out[i].isalpha():
            i += 1
            continue
        j = i
        while j < len(out) and (out[j].isalpha() or unicodedata.combining(out[j])):
            j += 1
        word = out[i:j]
        latin = any("a" <= c.lower() <= "z" for c in word)
        if latin and any(c in _CONFUSABLE_CHARS for c in word):
            # only when the rest is Latin: a Cyrillic word with one Latin letter is not a disguise
            others = [c for c in word if c not in _CONFUSABLE_CHARS and c.isalpha()]
            if all(unicodedata.name(c, "").startswith("LATIN") for c in others):
                out[i:j] = [c.translate(CONFUSABLES) for c in word]
        i = j
    return out


def normalize_segment(segment: Segment) -> Segment:
    """The segment with normalised text and a per-character map to the source."""
    found = normalize_text(segment.text)
    if found is None:
        return segment
    text, table = found
    offsets = segment.offsets
    source = tuple(offsets.start(i) for i in table)
    end = offsets.end(len(segment.text))
    literal = offsets.table is None  # a paragraph of the source, not decoded copy (HTML, JSON)
    return Segment(text, OffsetMap(table=source, source_end=end, literal=literal), segment.key)


def normalize_segments(segments: Iterable[Segment]) -> list[Segment]:
    return [normalize_segment(s) for s in segments]


_HIDDEN_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(INVISIBLE)) + "]")


def hidden_in(source: str, start: int, end: int) -> tuple[str, ...]:
    """The invisible characters in ``source[start:end]``, named with their column offset (one
    regex pass: a finding may span a 2 MB line)."""
    stop = min(end, len(source))
    return tuple(
        f"{hidden_name(m.group())} at offset {m.start() - start}" for m in _HIDDEN_CHAR.finditer(source, start, stop)
    )


def phrase_hits_across_spaces(doc: Doc, matchers: Iterable[Any], reach: int = 12) -> list[tuple[int, int, int]]:
    """Phrase matches that a run of whitespace inside the phrase (a line wrap, a double space, a
    tab: spaCy makes each a token of its own) would otherwise break: the matchers run again, around
    each such token (``reach`` words either side), on the words without the whitespace tokens.
    (match id, start char, end char) in ``doc``."""
    from spacy.attrs import IS_SPACE

    flags = doc.to_array([IS_SPACE]) if len(doc) else None
    if flags is None or not flags.any():
        return []
    from spacy.tokens import Doc as SpacyDoc

    matchers = [m for m in matchers if len(m)]
    spaced = [int(i) for i in flags.nonzero()[0]]
    windows: list[list[int]] = []
    for i in spaced:
        if 0 < i < len(doc) - 1:
            lo, hi = max(0, i - reach), min(len(doc), i + reach + 1)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
    out = []
    for lo, hi in windows:
        kept = [i for i in range(lo, hi) if not flags[i]]
        if len(kept) < 2 or len(kept) == hi - lo:
            continue
        compact = SpacyDoc(doc.vocab, words=[doc[i].text for i in kept], spaces=[True] * len(kept))
        for matcher in matchers:
            for match_id, start, end in matcher(compact):
                first, last = kept[start], kept[end - 1]
                if last - first != end - 1 - start:  # a whitespace token was skipped inside the match
                    out.append((match_id, doc[first].idx, doc[last].idx + len(doc[last].text)))
    return out


def with_hidden(findings: Iterable[Finding], document: Document) -> list[Finding]:
    """Findings whose matched source text holds invisible characters, with them named
    (``Finding.hidden``): a reviewer sees that the copy was disguised, or carries a stray mark."""
    from dataclasses import replace

    out = []
    starts: list[int] | None = None
    for finding in findings:
        if finding.match and finding.path == document.path:
            if starts is None:
                starts = [0] + [i + 1 for i, ch in enumerate(document.source) if ch == "\n"]
            if finding.line <= len(starts) and finding.end_line <= len(starts):
                start = starts[finding.line - 1] + finding.column - 1
                end = starts[finding.end_line - 1] + finding.end_column - 1
                hidden = hidden_in(document.source, start, end)
                if hidden:
                    finding = replace(finding, hidden=hidden)
        out.append(finding)
    return out
