"""What every reader shares: decoding, front matter, suppression comments, masking non-copy."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import InputError
from ..model import Directive, DocumentMeta, OffsetMap, Problem, Segment
from ..normalize import normalize_segment
from ..substantiation import parse as parse_evidence
from ..validation import Located, Validator, load_located, toml_loads

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
DIRECTIVE = re.compile(r"culturelint-(disable-next-line|disable|enable)\b(.*)", re.DOTALL)
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
META_KEYS = {"market", "markets", "sponsored", "channel", "language", "date", "voice", "names"}
# keys front matter may carry without culturelint using them (site generators' own)
FRONT_MATTER_KEYS = tuple(
    sorted(
        META_KEYS
        | {
            "title",
            "description",
            "author",
            "authors",
            "tags",
            "slug",
            "draft",
            "layout",
            "categories",
            "campaign",
            "names",
            "substantiation",
            "id",
            "lang",
            "locale",
            "status",
            "owner",
            "reviewer",
            "notes",
            "brand",
            "product",
        }
    )
)


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM); anything else is a clear error naming the spot."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not copy (contains NUL bytes)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
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

    def drop(self, start: int, end: int) -> None:
        """Mark markup inside a word (``**Je**dem``) for normalisation to remove, so the word is whole."""
        from ..normalize import READER_DROP

        for i in range(start, min(end, len(self.chars))):
            self.chars[i] = READER_DROP

    def blank_matches(self, pattern: re.Pattern[str], text: str | None = None) -> None:
        for m in pattern.finditer(text if text is not None else self.text()):
            self.blank(m.start(), m.end())

    def text(self) -> str:
        return "".join(self.chars)


def read_front_matter(source: str, path: str, masker: Masker) -> tuple[DocumentMeta, tuple[Problem, ...]]:
    """The front matter's settings, and warnings about keys culturelint does not know (a misspelt
    ``markt:`` would otherwise silently check nothing)."""
    m = FRONT_MATTER.match(source)
    if m:
        located, end = load_located("\n" + (m.group(1) or ""), path, error=InputError), m.end()  # "\n": true lines
    else:
        found = _other_front_matter(source, path)
        if found is None:
            return DocumentMeta(), ()
        located, end = found
    masker.blank(0, end)
    if located.data is None:
        return DocumentMeta(), ()
    if not isinstance(located.data, dict):
        raise InputError("front matter must be a mapping of keys", path, 2, 1)
    validator = Validator(located, InputError, unknown_keys="warn")
    validator.mapping(located.data, (), FRONT_MATTER_KEYS)
    meta = parse_meta(located.data, validator)
    span = _title_span(source, located)
    if span:
        meta = replace(meta, title_span=span)
    return meta, tuple(validator.problems)


TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?\r?\n)?\+\+\+[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def _other_front_matter(source: str, path: str) -> tuple[Located, int] | None:
    """Hugo's other front matter forms: TOML between ``+++`` lines, or a JSON object opening the
    file. Each top-level key is placed on the line that names it, for warnings and errors."""
    m = TOML_FRONT_MATTER.match(source)
    if m:
        try:
            data: Any = toml_loads(m.group(1) or "")
        except ValueError as exc:
            raise InputError(f"invalid TOML front matter: {exc}", path, 2, 1) from None
        return _placed(path, data, source[: m.end()], r"^\s*[\"']?{key}[\"']?\s*="), m.end()
    if source.startswith("{"):
        try:
            data, end = json.JSONDecoder().raw_decode(source)
        except (json.JSONDecodeError, RecursionError):
            return None  # not front matter: copy that happens to open with a brace
        if isinstance(data, dict) and source[end : end + 1] in ("\n", "\r", ""):
            return _placed(path, data, source[:end], r'"{key}"\s*:'), end
    return None


def _placed(path: str, data: dict[str, Any], head: str, key_pattern: str) -> Located:
    values: dict[tuple[Any, ...], tuple[int, int]] = {(): (1, 1)}
    lines = head.split("\n")
    for key in data:
        pattern = re.compile(key_pattern.replace("{key}", re.escape(str(key))), re.MULTILINE)
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                values[(key,)] = (number, 1)
                break
    return Located(path, data, values=values, keys=dict(values))


def _title_span(source: str, located: Located) -> tuple[int, int] | None:
    """Where a one-line front matter ``title:`` value stands in the source, quotes left out."""
    title = located.data.get("title") if isinstance(located.data, dict) else None
    if not isinstance(title, str) or not title.strip() or "\n" in title:
        return None
    line, column = located.where(("title",))
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    if line - 1 >= len(starts):
        return None
    begin = starts[line - 1] + column - 1
    end = source.find("\n", begin)
    found = source.find(title, begin, end if end != -1 else len(source))
    return (found, found + len(title)) if found != -1 else None


def entry_meta(data: dict[str, Any], where: Callable[[str], tuple[int | None, int | None]], path: str) -> DocumentMeta:
    """A copy-deck entry's settings (its other keys are copy), placed by ``where(key)``."""
    marks = {(key,): (line or 1, column or 1) for key in data for line, column in [where(key)]}
    return parse_meta(data, Validator(Located(path, data, values=marks), InputError))


def parse_meta(data: dict[str, Any], v: Validator) -> DocumentMeta:
    """Front matter or a copy-deck entry: market(s), sponsored, channel, language, date, voice."""
    key = "markets" if "markets" in data else "market"
    markets = v.optional(data, key, (), lambda x, p: v.strings(x, p, unique=False), ())

    def text(key: str) -> str | None:
        value: str | None = v.optional(data, key, (), v.string)
        return value.strip().lower() if value is not None else None

    def evidence(value: Any, keypath: tuple[Any, ...]) -> Any:
        return parse_evidence(value, keypath, v, "front matter")

    return DocumentMeta(
        markets=tuple(m.strip() for m in markets),
        market_source="front-matter" if markets else "none",
        sponsored=v.optional(data, "sponsored", (), v.boolean),
        channel=text("channel"),
        language=text("language"),
        voice=text("voice"),
        date=v.optional(data, "date", (), v.date),
        names=tuple(n.strip() for n in v.optional(data, "names", (), v.strings, ()) if n.strip()),
        substantiation=tuple(entry for entry, _ in v.optional(data, "substantiation", (), evidence, ())),
    )


def comments(source: str) -> list[tuple[int, int]]:
    """Spans of ``<!-- ... -->`` comments, found with two string searches per comment (a lazy
    regex rescanned the rest of the text from every unclosed ``<!--``). An unclosed one is copy."""
    spans = []
    start = source.find("<!--")
    while start != -1:
        end = source.find("-->", start + 4)
        if end == -1:
            break
        spans.append((start, end + 3))
        start = source.find("<!--", end + 3)
    return spans


def read_directives(source: str, masker: Masker, lines: Any) -> list[Directive]:
    """Suppression comments become directives; every comment is blanked (comments are not copy)."""
    directives = []
    for start, end in comments(source):
        masker.blank(start, end)
        body = source[start + 4 : end - 3].strip()
        d = DIRECTIVE.match(body)
        if not d:
            continue
        spec, _, reason = d.group(2).partition("--")
        rules = tuple(r for r in re.split(r"[,\s]+", spec.strip()) if r)
        position = lines.position(start)
        directives.append(
            Directive(
                d.group(1).replace("disable-next-line", "next-line"),
                rules,
                position.line,
                position.column,
                reason.strip() or None,
            )
        )
    return directives


def decoded_segment(text: str, table: list[int], end: int, key: str | None) -> Segment | None:
    """A segment of decoded copy (entities, escapes) whose characters map one by one to ``table``;
    URLs are blanked and a blank result is no segment."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    if not text.strip():
        return None
    return normalize_segment(Segment(text, OffsetMap(table=tuple(table), source_end=end), key))


def paragraphs(masked: str, key: str | None = None) -> list[Segment]:
    """Blank-line separated blocks of the masked text, each mapped back by a constant shift."""
    segments: list[Segment] = []
    start = 0
    for m in PARAGRAPH_BREAK.finditer(masked):
        _add(segments, masked, start, m.start(), key)
        start = m.end()
    _add(segments, masked, start, len(masked), key)
    return segments


def _add(segments: list[Segment], masked: str, start: int, end: int, key: str | None) -> None:
    text = masked[start:end]
    if text.strip():
        segments.append(normalize_segment(Segment(text, OffsetMap(base=start), key)))
