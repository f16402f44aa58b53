"""Copy decks and catalogues: JSON, YAML, CSV and gettext PO.

Every string value is copy and becomes its own segment, labelled with its key path (``home.hero[0]``,
a CSV column, a PO msgctxt/msgid). An object or row that carries per-entry keys (``market``,
``sponsored``, ``channel``, ``language``, ``date``) is checked as its own document with those settings;
strings outside such entries form the file's document. Escapes are decoded (``\\u00e9``, ``""``) and
each decoded character remembers its source index, so findings point into the original file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..model import Document, DocumentMeta, LineIndex, Segment
from ..validation.located import compose, construct
from .common import META_KEYS, decoded_segment, entry_meta

# keys whose values are identifiers, links or styling, not copy
NON_COPY_KEYS = frozenset(
    [
        "id",
        "uuid",
        "key",
        "slug",
        "url",
        "href",
        "src",
        "link",
        "image",
        "img",
        "icon",
        "path",
        "file",
        "sku",
        "type",
        "kind",
        "class",
        "classname",
        "style",
        "color",
        "colour",
        "css",
        "template",
        "locale",
        "lang",
        "format",
        "version",
    ]
)
LOCALE_HEADER = re.compile(r"^Language:\s*([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,4})?)\s*$", re.MULTILINE)


@dataclass
class _Entry:
    """Strings collected for one document (the file, or one entry with its own settings)."""

    meta: DocumentMeta = field(default_factory=DocumentMeta)
    segments: list[Segment] = field(default_factory=list)


def _documents(path: str, source: str, entries: list[_Entry], lines: LineIndex) -> list[Document]:
    documents = []
    for entry in entries:
        if entry.segments or (entry is entries[0] and len(entries) == 1):
            documents.append(Document(path, source, tuple(entry.segments), entry.meta))
    return documents


def _is_copy_key(key: str | None) -> bool:
    return key is None or key.lower().replace("_", "").replace("-", "") not in NON_COPY_KEYS


# ---------------------------------------------------------------- JSON

JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
WHITESPACE = re.compile(r"[ \t\n\r]*")
NUMBER_OR_WORD = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


class _JsonScanner:
    """Walks valid JSON once, yielding string values with their key paths and source spans."""

    def __init__(self, source: str, path: str, lines: LineIndex) -> None:
        self.s = source
        self.path = path
        self.lines = lines

    def skip(self, i: int) -> int:
        return WHITESPACE.match(self.s, i).end()  # type: ignore[union-attr]

    def string(self, i: int) -> tuple[str, list[int], int]:
        """Decode the string starting at the quote at i: (text, source index per char, end)."""
        s = self.s
        chars: list[str] = []
        table: list[int] = []
        j = i + 1
        while s[j] != '"':
            if s[j] == "\\":
                code = s[j + 1]
                if code == "u":
                    value = int(s[j + 2 : j + 6], 16)
                    width = 6
                    if 0xD800 <= value < 0xDC00 and s[j + 6 : j + 8] == "\\u":
                        low = int(s[j + 8 : j + 12], 16)
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        width = 12
                    if 0xD800 <= value < 0xE000:
                        value = 0xFFFD  # a lone surrogate is no character: shown as the replacement mark
                    chars.append(chr(value))
                    table.append(j)
                    j += width
                else:
                    chars.append(JSON_ESCAPES[code])
                    table.append(j)
                    j += 2
            else:
                chars.append(s[j])
                table.append(j)
                j += 1
        return "".join(chars), table, j + 1

    def value(self, i: int, data: Any, keypath: str, key: str | None, entry: _Entry, entries: list[_Entry]) -> int:
        """Scan the value at i; ``data`` is the same value as ``json.loads`` built it."""
        i = self.skip(i)
        ch = self.s[i]
        if ch == '"':
            text, table, end = self.string(i)
            if _is_copy_key(key):
                seg = decoded_segment(text, table, end - 1, keypath or "$")
                if seg:
                    entry.segments.append(seg)
            return end
        if ch == "{":
            return self.obj(i, data, keypath, entry, entries)
        if ch == "[":
            i = self.skip(i + 1)
            n = 0
            if self.s[i] == "]":
                return i + 1
            while True:
                item = data[n] if isinstance(data, list) and n < len(data) else None
                i = self.value(i, item, f"{keypath}[{n}]", key, entry, entries)
                i = self.skip(i)
                n += 1
                if self.s[i] == ",":
                    i += 1
                    continue
                return i + 1
        m = NUMBER_OR_WORD.match(self.s, i)
        return m.end()  # type: ignore[union-attr]

    def obj(self, i: int, data: Any, keypath: str, entry: _Entry, entries: list[_Entry]) -> int:
        if not isinstance(data, dict):  # a repeated key whose last value (the one json kept) differs
            data = {}
        if any(k in META_KEYS for k in data):  # an entry with its own settings
            lines = self.lines
            where = lambda k: (
                lines.position(self.s.find(f'"{k}"', i)).line,
                lines.position(self.s.find(f'"{k}"', i)).column,
            )
            own = _Entry(entry_meta(data, where, self.path))
            entries.append(own)
            entry = own
        i = self.skip(i + 1)
        if self.s[i] == "}":
            return i + 1
        while True:
            i = self.skip(i)
            name, _, i = self.string(i)
            i = self.skip(i)
            i += 1  # ':'
            child = f"{keypath}.{name}" if keypath else name
            # settings are not copy: scan them under a non-copy key
            i = self.value(i, data.get(name), child, "id" if name in META_KEYS else name, entry, entries)
            i = self.skip(i)
            if self.s[i] == ",":
                i += 1
                continue
            return i + 1


class JsonReader:
    suffixes = (".json",)

    def read(self, path: str, source: str) -> list[Document]:
        try:
            data = json.loads(source, parse_constant=_no_constant(path, source))
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno, exc.colno) from None
        except RecursionError:
            raise InputError(f"JSON nested too deep (more than {MAX_JSON_DEPTH} levels)", path) from None
        if _depth(source) > MAX_JSON_DEPTH:
            raise InputError(f"JSON nested too deep (more than {MAX_JSON_DEPTH} levels)", path)
        lines = LineIndex(source)
        entries = [_Entry()]
        _JsonScanner(source, path, lines).value(0, data, "", None, entries[0], entries)
        return _documents(path, source, entries, lines)


MAX_JSON_DEPTH = 200
_BRACKETS_AND_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _depth(source: str) -> int:
    """How deep the (valid) JSON nests, counted without recursion."""
    depth = deepest = 0
    for m in _BRACKETS_AND_STRINGS.finditer(source):
        ch = m.group()
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_constant(path: str, source: str) -> Any:
    def reject(name: str) -> None:
        at = source.find(name)
        position = LineIndex(source).position(max(at, 0))
        raise InputError(f"invalid JSON: {name} is not a JSON value", path, position.line, position.column)

    return reject


# ---------------------------------------------------------------- YAML


class YamlReader:
    suffixes = (".yaml", ".yml")

    def read(self, path: str, source: str) -> list[Document]:
        root = compose(source, path, InputError)
        entries = [_Entry()]
        if root is not None:
            self._walk(root, "", None, entries[0], entries, source, path)
        return _documents(path, source, entries, LineIndex(source))

    def _walk(
        self, node: Any, keypath: str, key: str | None, entry: _Entry, entries: list[_Entry], source: str, path: str
    ) -> None:
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:str" or not _is_copy_key(key):
                return
            text, table = _yaml_scalar(node, source)
            seg = decoded_segment(text, table, node.end_mark.index, keypath or "$")
            if seg:
                entry.segments.append(seg)
        elif isinstance(node, yaml.SequenceNode):
            for n, child in enumerate(node.value):
                self._walk(child, f"{keypath}[{n}]", key, entry, entries, source, path)
        elif isinstance(node, yaml.MappingNode):
            pairs = [(k.value if isinstance(k, yaml.ScalarNode) else str(k.value), k, v) for k, v in node.value]
            settings = {name: construct(v) for name, _, v in pairs if name in META_KEYS}
            if settings:
                marks = {name: (k.start_mark.line + 1, k.start_mark.column + 1) for name, k, _ in pairs}
                own = _Entry(entry_meta(settings, lambda k: marks.get(k, (None, None)), path))
                entries.append(own)
                entry = own
            for name, _, value in pairs:
                if name in META_KEYS:
                    continue
                self._walk(value, f"{keypath}.{name}" if keypath else name, name, entry, entries, source, path)


def _yaml_scalar(node: Any, source: str) -> tuple[str, list[int]]:
    """The scalar's text with a source index per character (exact for plain, quoted and block styles)."""
    start, end = node.start_mark.index, node.end_mark.index
    raw = source[start:end]
    value = node.value
    if node.style in (None, "") and raw == value:
        return value, list(range(start, end))
    if node.style in ("'", '"') and raw[1:-1] == value:
        return value, list(range(start + 1, end - 1))
    # block, folded or escaped: walk the source, matching each character of the value in order
    # (indentation and quotes are skipped; a folded line break matches a space)
    table: list[int] = []
    p = 0
    for ch in value:
        q = p
        while q < len(raw) and not (raw[q] == ch or (ch in " \n" and raw[q] == "\n")):
            q += 1
        if q < len(raw):
            table.append(start + q)
            p = q + 1
        else:
            table.append(table[-1] if table else start)
    return value, table


# ---------------------------------------------------------------- CSV


class CsvReader:
    suffixes = (".csv", ".tsv")

    def read(self, path: str, source: str) -> list[Document]:
        delimiter = "\t" if path.lower().endswith(".tsv") else _sniff(source)
        lines = LineIndex(source)
        rows = list(_csv_rows(source, delimiter, path, lines))
        if not rows:
            return _documents(path, source, [_Entry()], lines)
        header = [text.strip() for text, _, _ in rows[0][1]]
        columns = [h.lower() for h in header]
        entries = [_Entry()]
        for row_start, row in rows[1:]:
            settings = {
                columns[n]: cell[0].strip()
                for n, cell in enumerate(row)
                if n < len(columns) and columns[n] in META_KEYS and cell[0].strip()
            }
            if "sponsored" in settings:
                flag = settings["sponsored"].lower()
                if flag in ("true", "yes", "1", "y"):
                    settings["sponsored"] = True
                elif flag in ("false", "no", "0", "n"):
                    settings["sponsored"] = False
            if "markets" in settings:
                settings["markets"] = [m for m in re.split(r"[,;\s]+", settings["markets"]) if m]

            def where(key: str, row: list[Any] = row) -> tuple[int, int]:
                n = columns.index(key)
                pos = lines.position(row[n][1][0] if row[n][1] else 0)
                return pos.line, pos.column

            entry = _Entry(entry_meta(settings, where, path)) if settings else entries[0]
            if settings:
                entries.append(entry)
            line = lines.position(row_start).line
            for n, (text, table, end) in enumerate(row):
                name = header[n] if n < len(header) else f"column {n + 1}"
                if n < len(columns) and (columns[n] in META_KEYS or not _is_copy_key(columns[n])):
                    continue
                seg = decoded_segment(text, table, end, f"row {line}: {name}")
                if seg:
                    entry.segments.append(seg)
        return _documents(path, source, entries, lines)


def _sniff(source: str) -> str:
    first = source.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count) if first else ","


def _csv_rows(source: str, delimiter: str, path: str, lines: LineIndex):  # type: ignore[no-untyped-def]
    """RFC 4180 rows as (source offset of the row, [(text, source index per char, source end) …])."""
    i, n = 0, len(source)
    while i < n:
        row_start = i
        row = []
        while True:
            chars: list[str] = []
            table: list[int] = []
            if i < n and source[i] == '"':
                opened = i
                i += 1
                while True:
                    if i >= n:
                        pos = lines.position(opened)
                        raise InputError("unclosed quoted field", path, pos.line, pos.column)
                    if source[i] == '"':
                        if i + 1 < n and source[i + 1] == '"':
                            chars.append('"')
                            table.append(i)
                            i += 2
                            continue
                        i += 1
                        break
                    chars.append(source[i])
                    table.append(i)
                    i += 1
                end = i - 1
                while i < n and source[i] not in (delimiter, "\n"):
                    i += 1  # stray characters after a closing quote are ignored
            else:
                while i < n and source[i] not in (delimiter, "\n"):
                    chars.append(source[i])
                    table.append(i)
                    i += 1
                end = i
            row.append(("".join(chars), table, end))
            if i < n and source[i] == delimiter:
                i += 1
                continue
            i += 1  # newline or end
            break
        if any(text.strip() for text, _, _ in row):
            yield row_start, row


# ---------------------------------------------------------------- PO

PO_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"', re.MULTILINE)
C_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class PoReader:
    suffixes = (".po", ".pot")

    def read(self, path: str, source: str) -> list[Document]:
        entries = list(_po_entries(source, path))
        header = next((e for e in entries if e.get("msgid", ("",))[0] == ""), None)
        meta = DocumentMeta()
        if header and header.get("msgstr"):
            m = LOCALE_HEADER.search(header["msgstr"][0])
            if m:  # the catalogue's declared language; the market comes from the path or config
                meta = DocumentMeta(language=re.split(r"[_-]", m.group(1))[0].lower())
        translated = any(
            e.get(k, ("",))[0].strip() for e in entries if e is not header for k in e if k.startswith("msgstr")
        )
        segments = []
        for e in entries:
            if e is header:
                continue
            label = e.get("msgctxt", e.get("msgid", ("",)))[0].strip().replace("\n", " ")[:40]
            keys = [k for k in e if k.startswith("msgstr")] if translated else ["msgid", "msgid_plural"]
            for k in keys:
                if k not in e:
                    continue
                text, table, end = e[k]
                seg = decoded_segment(text, table, end, f"{label} ({k})")
                if seg:
                    segments.append(seg)
        return [Document(path, source, tuple(segments), meta)]


def _po_entries(source: str, path: str):  # type: ignore[no-untyped-def]
    """Entries as {keyword: (text, table, end)}; continuation strings are concatenated."""
    entry: dict[str, Any] = {}
    current = None
    pos = 0
    for number, raw in enumerate(source.split("\n"), 1):
        start = pos
        pos += len(raw) + 1
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and entry:
                yield _finish(entry)
                entry, current = {}, None
            continue
        m = PO_LINE.match(raw.lstrip())
        if not m:
            raise InputError("expected msgid, msgstr or a quoted string", path, number, 1)
        keyword = m.group(1)
        quote = start + (len(raw) - len(raw.lstrip())) + m.end() - 1
        if keyword:
            if keyword in ("msgctxt", "msgid") and current and current.startswith("msgstr"):
                yield _finish(entry)
                entry = {}
            current = keyword
            entry[current] = ([], [], quote)
        elif current is None:
            raise InputError("string continuation without a keyword", path, number, 1)
        chars, table, _ = entry[current]
        j = quote + 1
        close = source.rfind('"', j, start + len(raw))
        if close < j:
            raise InputError("unterminated string", path, number, quote - start + 1)
        while j < close:
            if source[j] == "\\" and j + 1 < close:
                chars.append(C_ESCAPES.get(source[j + 1], source[j + 1]))
                table.append(j)
                j += 2
            else:
                chars.append(source[j])
                table.append(j)
                j += 1
        entry[current] = (chars, table, close)
    if entry:
        yield _finish(entry)


def _finish(entry: dict[str, Any]) -> dict[str, tuple[str, list[int], int]]:
    return {k: ("".join(chars), table, end) for k, (chars, table, end) in entry.items()}
