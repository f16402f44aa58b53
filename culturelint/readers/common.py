"""What every reader shares: decoding, front matter, suppression comments, masking non-copy."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import InputError
from ..model import Directive, DocumentMeta, OffsetMap, Segment
from ..packs.located import load_located

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
DIRECTIVE = re.compile(r"culturelint-(disable-next-line|disable|enable)\b(.*)", re.DOTALL)
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
META_KEYS = {"market", "markets", "sponsored", "channel", "language", "date", "voice"}


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM); anything else is a clear error naming the spot."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not copy (contains NUL bytes)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line, column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def blank(text: str, start: int, end: int) -> str:
    """Replace a span with spaces, keeping line breaks so offsets and lines stay put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


class Masker:
    """A mutable copy of the source where non-copy is blanked out, one span at a time."""

    def __init__(self, source: str) -> None:
        self.chars = list(source)

    def blank(self, start: int, end: int) -> None:
        for i in range(start, min(end, len(self.chars))):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def blank_matches(self, pattern: re.Pattern[str], text: str | None = None) -> None:
        for m in pattern.finditer(text if text is not None else self.text()):
            self.blank(m.start(), m.end())

    def text(self) -> str:
        return "".join(self.chars)


def read_front_matter(source: str, path: str, masker: Masker) -> DocumentMeta:
    m = FRONT_MATTER.match(source)
    if not m:
        return DocumentMeta()
    masker.blank(0, m.end())
    body = m.group(1) or ""
    located = load_located("\n" + body, path, error=InputError)  # "\n" keeps line numbers true
    data = located.data
    if data is None:
        return DocumentMeta()
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys", path, 2, 1)
    return parse_meta(data, lambda key: located.where((key,)), path)


def parse_meta(data: dict[str, Any], where: Any, path: str) -> DocumentMeta:
    """Front matter or a copy-deck row: market(s), sponsored, channel, language, date."""
    meta = DocumentMeta()

    def fail(key: str, message: str) -> InputError:
        line, column = where(key)
        return InputError(message, path, line, column, key)

    raw_markets = data.get("markets", data.get("market"))
    if raw_markets is not None:
        items = raw_markets if isinstance(raw_markets, list) else [raw_markets]
        if not all(isinstance(m, str) and m.strip() for m in items):
            raise fail("markets" if "markets" in data else "market", "expected a market tag or a list of tags")
        meta.markets = tuple(m.strip() for m in items)
        meta.market_source = "front-matter"
    if "sponsored" in data and data["sponsored"] is not None:
        if not isinstance(data["sponsored"], bool):
            raise fail("sponsored", f"expected true or false, got {data['sponsored']!r}")
        meta.sponsored = data["sponsored"]
    for key in ("channel", "language", "voice"):
        if data.get(key) is not None:
            if not isinstance(data[key], str):
                raise fail(key, f"expected a string, got {data[key]!r}")
            setattr(meta, key, data[key].strip().lower())
    if data.get("date") is not None:
        value = data["date"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise fail("date", f"expected a date YYYY-MM-DD, got {value!r}") from None
        if not isinstance(value, dt.date):
            raise fail("date", f"expected a date YYYY-MM-DD, got {value!r}")
        meta.date = value
    return meta


def read_directives(source: str, masker: Masker, lines: Any) -> list[Directive]:
    """Suppression comments become directives; every comment is blanked (comments are not copy)."""
    directives = []
    for m in COMMENT.finditer(source):
        masker.blank(m.start(), m.end())
        body = m.group(1).strip()
        d = DIRECTIVE.match(body)
        if not d:
            continue
        spec, _, reason = d.group(2).partition("--")
        rules = tuple(r for r in re.split(r"[,\s]+", spec.strip()) if r)
        position = lines.position(m.start())
        directives.append(Directive(d.group(1).replace("disable-next-line", "next-line"), rules,
                                    position.line, position.column, reason.strip() or None))
    return directives


def decoded_segment(text: str, table: list[int], end: int, key: str | None) -> Segment | None:
    """A segment of decoded copy (entities, escapes) whose characters map one by one to ``table``;
    URLs are blanked and a blank result is no segment."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    if not text.strip():
        return None
    return Segment(text, OffsetMap(table=tuple(table), source_end=end), key)


def paragraphs(masked: str, key: str | None = None) -> list[Segment]:
    """Blank-line separated blocks of the masked text, each mapped back by a constant shift."""
    segments = []
    start = 0
    for m in PARAGRAPH_BREAK.finditer(masked):
        _add(segments, masked, start, m.start(), key)
        start = m.end()
    _add(segments, masked, start, len(masked), key)
    return segments


def _add(segments: list[Segment], masked: str, start: int, end: int, key: str | None) -> None:
    text = masked[start:end]
    if text.strip():
        segments.append(Segment(text, OffsetMap(base=start), key))
