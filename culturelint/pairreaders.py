"""Translation units from a pair of texts: a PO catalogue (msgid -> msgstr), an XLIFF 1.2 or 2.0
file (source -> target, via translate-toolkit), or two key-matched i18n JSON/YAML files
(``en.json`` and ``de.json`` matched by nested key path).

Each unit keeps its target as a ``Segment`` mapped back into the TARGET file, so a pair finding
points at the exact line and column a translator has to change, as any other finding does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from .errors import InputError
from .model import LineIndex, OffsetMap, Segment

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlif")
I18N_SUFFIXES = (".json", ".yaml", ".yml")
PAIR_SUFFIXES = PO_SUFFIXES + XLIFF_SUFFIXES + I18N_SUFFIXES
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit: the source text and the target as the file holds it."""

    key: str  # unit id, key path, or msgctxt/msgid
    source: str
    target: Segment | None  # None: no target (empty or missing)
    line: int  # the unit's line in the target file (where an empty target is reported)
    column: int = 1
    fuzzy: bool = False
    note: str = ""


@dataclass
class PairFile:
    """A target file's units, with both languages as the files declare them (None: not declared)."""

    path: str  # the target file as shown in reports
    text: str  # the target file's text: every offset points into it
    source_path: str
    source_language: str | None
    target_language: str | None
    units: list[Unit] = field(default_factory=list)


def language_of(tag: str | None) -> str | None:
    """``de_AT`` / ``de-AT`` -> ``de-AT``; a bare ``de`` stays ``de``; junk -> None."""
    if not tag or not LANGUAGE_TAG.match(tag.strip()):
        return None
    parts = re.split(r"[_-]", tag.strip())
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


# ---------------------------------------------------------------- PO


PO_FLAGS = re.compile(r"^#,(.*)$")


def read_po(path: str, text: str) -> PairFile:
    """msgid -> msgstr (msgstr[n] for plurals: [0] against msgid, the others against msgid_plural).
    Obsolete (``#~``) entries are not units; ``#, fuzzy`` is noted; ``Language:`` names the target."""
    from .readers.decks import LOCALE_HEADER, _po_entries

    lines = text.split("\n")
    index = LineIndex(text)
    pair = PairFile(path, text, path, None, None)
    for entry in _po_entries(text, path):
        msgid = entry.get("msgid")
        if msgid is None:
            continue  # a stray msgstr without msgid is not a unit
        first = _entry_start(entry, index)
        if msgid[0] == "":
            header = entry.get("msgstr", ("", [], 0))[0]
            m = LOCALE_HEADER.search(header)
            pair.target_language = language_of(m.group(1)) if m else None
            m = re.search(r"^X-Source-Language:\s*(\S+)\s*$", header, re.MULTILINE)
            pair.source_language = language_of(m.group(1)) if m else None
            continue
        fuzzy = _po_fuzzy(lines, first)
        context = entry["msgctxt"][0] if "msgctxt" in entry else None
        label = (f"{context} | " if context else "") + " ".join(msgid[0].split())[:60]
        targets = sorted(k for k in entry if k.startswith("msgstr"))
        for name in targets:
            plural = name.endswith("]") and not name.endswith("[0]")
            source = entry["msgid_plural"][0] if plural and "msgid_plural" in entry else msgid[0]
            target, table, end = entry[name]
            where = index.position(end if not table else table[0])
            segment = _segment(target, table, end, label if name == "msgstr" else f"{label} ({name})")
            key = segment.key if segment and segment.key else label
            pair.units.append(Unit(key, source, segment, where.line, where.column, fuzzy))
        if not targets:
            pair.units.append(Unit(label, msgid[0], None, index.position(first).line, 1, fuzzy))
    pair.target_language = pair.target_language or _locale_in(path)  # de.po, locale/de/LC_MESSAGES/x.po
    return pair


def _entry_start(entry: dict[str, tuple[str, list[int], int]], index: LineIndex) -> int:
    """The line (1-based) where an entry's first keyword stands."""
    starts = [table[0] if table else end for _, table, end in entry.values()]
    return index.position(min(starts)).line


def _po_fuzzy(lines: list[str], line: int) -> bool:
    """Whether the comment block just above 1-based ``line`` carries the fuzzy flag."""
    i = line - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        m = PO_FLAGS.match(lines[i].strip())
        if m and "fuzzy" in [f.strip() for f in m.group(1).split(",")]:
            return True
        i -= 1
    return False


def _segment(text: str, table: list[int], end: int, key: str) -> Segment | None:
    if not text.strip():
        return None
    return Segment(text, OffsetMap(table=tuple(table), source_end=end), key)


# ---------------------------------------------------------------- XLIFF

DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_xliff(path: str, text: str) -> PairFile:
    """XLIFF 1.2 (``<trans-unit>``, ``source-language``/``target-language``) or 2.0 (``<unit>``,
    ``srcLang``/``trgLang``), parsed by translate-toolkit with its safe lxml parser (no entity
    resolution, no network). A DOCTYPE or ENTITY declaration is refused outright: XLIFF needs
    neither, and it is how entity bombs and external entities come in."""
    m = DOCTYPE.search(text)
    if m:
        pos = LineIndex(text).position(m.start())
        raise InputError(
            "XLIFF with a DOCTYPE or ENTITY declaration is refused (entity expansion)", path, pos.line, pos.column
        )
    from lxml import etree  # type: ignore[import-untyped]

    version = re.search(r"<xliff\b[^>]*\bversion\s*=\s*[\"']([\d.]+)", text)
    try:
        from translate.storage import xliff, xliff2

        store_class = xliff2.Xliff2File if version and version.group(1).startswith("2") else xliff.xlifffile
        store = store_class.parsestring(text.encode("utf-8"))  # type: ignore[no-untyped-call]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise InputError(f"invalid XLIFF: {exc.msg}", path, line, column + 1) from None
    except (AssertionError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"not an XLIFF file: {exc or type(exc).__name__}", path) from None
    root = store.document.getroot()
    files = root.findall("{*}file")
    first = files[0] if files else root
    is_two = bool(version and version.group(1).startswith("2"))
    source_language = root.get("srcLang") if is_two else first.get("source-language")
    target_language = root.get("trgLang") if is_two else first.get("target-language")
    pair = PairFile(path, text, path, language_of(source_language), language_of(target_language) or _locale_in(path))
    index = LineIndex(text)
    starts = _line_starts(text)
    for unit in store.units:
        if unit.isheader() if hasattr(unit, "isheader") else False:
            continue
        element = unit.xmlelement
        target_element = _find_target(element)
        key = str(unit.getid() or unit.source or "")[:80]
        line = (target_element if target_element is not None else element).sourceline or 1
        segment = _xml_segment(text, starts, target_element, unit.target or "", key) if unit.target else None
        where = index.position(segment.offsets.start(0)) if segment else None
        pair.units.append(
            Unit(
                key,
                str(unit.source or ""),
                segment,
                where.line if where else line,
                where.column if where else 1,
                _needs_review(target_element, element, is_two),
                str(unit.getnotes() or ""),
            )
        )
    return pair


REVIEW_STATES = frozenset(
    {"needs-review-translation", "needs-review-l10n", "needs-review-adaptation", "needs-adaptation", "needs-l10n"}
)


def _needs_review(target: Any, unit: Any, is_two: bool) -> bool:
    """XLIFF's "fuzzy": a 1.2 target whose state asks for review; a 2.0 segment still 'initial'
    although it has a target. (translate-toolkit calls every unapproved 1.2 unit fuzzy, which
    would flag whole files.)"""
    if target is None:
        return False
    if is_two:
        parent = target.getparent()
        return parent is not None and parent.get("state") == "initial"
    return str(target.get("state", "")) in REVIEW_STATES


def _find_target(element: Any) -> Any:
    for child in element.iter():
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "target":
            return child
    return None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _xml_segment(text: str, starts: list[int], element: Any, value: str, key: str) -> Segment | None:
    """The target's text mapped into the file: character by character where the element holds
    plain text and entity references; else every character points at the element's content."""
    if element is None or not value.strip():
        return None
    line = getattr(element, "sourceline", None) or 1
    begin = starts[min(line, len(starts)) - 1]
    opened = re.compile(r"<(?:[\w.-]+:)?target\b[^>]*>").search(text, begin)
    if not opened:
        return Segment(value, OffsetMap(base=begin), key)
    inner_start = opened.end()
    inner_end = text.find("</", inner_start)
    raw = text[inner_start:inner_end] if inner_end != -1 else ""
    table = _entity_table(raw, inner_start)
    if table is not None and html.unescape(raw) == value and len(table) == len(value):
        return Segment(value, OffsetMap(table=tuple(table), source_end=inner_end), key)
    return Segment(value, OffsetMap(table=tuple([inner_start] * len(value)), source_end=inner_start), key)


ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|\w+);")


def _entity_table(raw: str, base: int) -> list[int] | None:
    if "<" in raw:
        return None  # inline markup (<g>, <ph>): no character-exact map
    table: list[int] = []
    i = 0
    while i < len(raw):
        m = ENTITY.match(raw, i) if raw[i] == "&" else None
        if m:
            table.extend([base + i] * len(html.unescape(m.group())))
            i = m.end()
        else:
            table.append(base + i)
            i += 1
    return table


# ---------------------------------------------------------------- key-matched JSON / YAML


def read_i18n(path: str, text: str, source_path: str, source_text: str) -> PairFile:
    """Two catalogues matched by key path (``home.title``, ``items[0]``): a key only in the target
    is not a unit; a key only in the source is a unit with no target (untranslated)."""
    from .readers import reader_for

    targets = _keyed(reader_for(path).read(path, text))
    sources = _keyed(reader_for(source_path).read(source_path, source_text))
    pair = PairFile(path, text, source_path, _locale_in(source_path), _locale_in(path))
    index = LineIndex(text)
    for key, source in sources.items():
        segment = targets.get(key)
        where = index.position(segment.offsets.start(0)) if segment else None
        pair.units.append(Unit(key, source.text, segment, where.line if where else 1, where.column if where else 1))
    return pair


def _keyed(documents: list) -> dict[str, Segment]:  # type: ignore[type-arg]
    out: dict[str, Segment] = {}
    for document in documents:
        for segment in document.segments:
            if segment.key is not None:
                out.setdefault(segment.key, segment)
    return out


LOCALE_PART = re.compile(r"^([a-z]{2})(?:[_-]([A-Za-z]{2}|\d{3}))?$")


def _locale_in(path: str) -> str | None:
    """The locale a catalogue's path names: ``de.json``, ``de-AT.yaml``, ``locales/de/x.yaml``."""
    parts = PurePath(path).parts
    stem = PurePath(path).stem  # de, de_AT, campaign.de
    for part in (stem, stem.rsplit(".", 1)[-1], *reversed(parts[:-1])):
        if LOCALE_PART.match(part) and _known_locale(part):
            return language_of(part)
    return None


def _known_locale(tag: str) -> bool:
    """A real language, not a folder that looks like one (``tmp``, ``src``, ``app``)."""
    from babel import Locale

    try:
        Locale.parse(tag.replace("-", "_"))
    except Exception:  # babel's UnknownLocaleError and ValueError alike
        return False
    return True


def source_for(path: Path, source_locale: str) -> Path | None:
    """The source catalogue by convention: the sibling named by the source locale (``de.json`` ->
    ``en.json``), or the same file under the source locale's folder (``locales/de/x.yaml`` ->
    ``locales/en/x.yaml``)."""
    if LOCALE_PART.match(path.stem) and _known_locale(path.stem):
        for candidate in (
            path.with_name(source_locale + path.suffix),
            path.with_name(source_locale.replace("-", "_") + path.suffix),
        ):
            if candidate != path and candidate.is_file():
                return candidate
    parts = list(path.parts)
    for i in range(len(parts) - 2, -1, -1):
        if LOCALE_PART.match(parts[i]) and _known_locale(parts[i]):
            for spelled in (source_locale, source_locale.replace("-", "_"), source_locale.split("-")[0]):
                candidate = Path(*parts[:i], spelled, *parts[i + 1 :])
                if candidate != path and candidate.is_file():
                    return candidate
    return None


def kind_of(path: str) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in PO_SUFFIXES:
        return "po"
    if suffix in XLIFF_SUFFIXES:
        return "xliff"
    if suffix in I18N_SUFFIXES:
        return "i18n"
    return None
