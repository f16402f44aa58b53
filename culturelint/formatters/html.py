"""HTML: one self-contained page for reviewers. Jinja2 autoescapes every piece of copy.

The page answers "can this ship, market by market?" first (a verdict per market at the run's
``fail_on``), then lists findings per file (copy decks per entry, showing the decoded copy), with
filters kept in the URL, a sortable table view and a Content-Security-Policy that hashes every
inline script and style block the page renders (no ``'unsafe-inline'``). See docs/report.md.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from ..model import CATEGORIES, SUPPRESSION_KINDS, Finding, Report, RuleInfo, Severity

ORDER = {"disclosure": 0}
KINDS = SUPPRESSION_KINDS
DECK_SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".tsv", ".po")
# beyond these, each file's section starts collapsed so a 2,000-finding page stays usable
COLLAPSE_FILES = 20
COLLAPSE_FINDINGS = 200
SEVERITY_ICONS = {"error": "✖", "warning": "▲", "info": "●"}
CSP_PLACEHOLDER = "<!--culturelint:csp-->"

# characters that change or hide copy without showing: zero-width, bidi controls, soft hyphen,
# variation selectors, word joiner, BOM. Each is rendered as a small labelled box.
INVISIBLE_NAMES = {
    "\u00ad": "SHY",
    "\u034f": "CGJ",
    "\u061c": "ALM",
    "\u180e": "MVS",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2061": "FA",
    "\u2062": "IT",
    "\u2063": "IS",
    "\u2064": "IP",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
}
INVISIBLE = re.compile("[" + "".join(INVISIBLE_NAMES) + "\ufe00-\ufe0f\U000e0100-\U000e01ef\U000e0000-\U000e007f]")


def _invisible_label(ch: str) -> str:
    if ch in INVISIBLE_NAMES:
        return INVISIBLE_NAMES[ch]
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F:
        return f"VS{code - 0xFE00 + 1}"
    if 0xE0100 <= code <= 0xE01EF:
        return f"VS{code - 0xE0100 + 17}"
    return "TAG"


def visible_copy(text: str) -> Any:
    """Escaped copy with every invisible character shown as a labelled box (the character itself is
    left out of the page: a bidi control kept in place would still reorder the line around it)."""
    from markupsafe import Markup, escape

    if not INVISIBLE.search(text):
        return escape(text)
    out = []
    last = 0
    for m in INVISIBLE.finditer(text):
        ch = m.group()
        out.append(str(escape(text[last : m.start()])))
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        label = _invisible_label(ch)
        out.append(
            f'<span class="inv" title="{escape(name)} (U+{ord(ch):04X})" '
            f'aria-label="hidden character {escape(name)}">⟨{escape(label)}⟩</span>'
        )
        last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


@dataclass(frozen=True)
class Chunk:
    text: str
    findings: tuple[int, ...]  # indices into the file's finding list
    severity: str
    ends: tuple[int, ...] = ()  # findings whose span ends with this chunk (their reference marks)


@dataclass
class EntryView:
    """One copy-deck entry (``posts[3]``, ``row 7``): its copy, decoded, and its findings."""

    name: str
    lang: str
    id: str | None = None  # the entry's id field (``"id": "hero"``), if it has one
    segments: list[tuple[str, list[Chunk]]] = field(default_factory=list)  # (field label, chunks)
    findings: list[int] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("culturelint", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["copy"] = visible_copy
    from .serialize import disclosure_line

    env.filters["disclosure_line"] = disclosure_line
    return env


def _template(name: str = "report.html.j2") -> Any:
    return _environment().get_template(name)


def safe_url(url: str) -> str | None:
    """Only http(s) links are rendered as links; anything else is shown as text."""
    return url if urlparse(url).scheme in ("http", "https") else None


def with_csp(html: str) -> str:
    """Put a Content-Security-Policy meta in place of the placeholder, hashing every inline
    ``<script>`` and ``<style>`` block of the rendered page (copy is escaped, so it has none)."""

    def hashes(tag: str) -> str:
        found = re.findall(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", html, re.DOTALL | re.IGNORECASE)
        digests = sorted(
            {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode() + "'" for b in found}
        )
        return " ".join(digests) or "'none'"

    policy = (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace(CSP_PLACEHOLDER, meta, 1)


def lang_of(market: str | None) -> str:
    """The ``lang`` a market's copy is shown in: Chinese keeps its region (zh-CN and zh-TW glyphs
    differ), other markets give their language (ja-JP -> ja)."""
    if not market:
        return ""
    language = market.split("-")[0].lower()
    if language == "zh":
        return market
    return language


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", source):
        starts.append(m.end())
    return starts


def _chunks(text: str, spans: list[tuple[int, int, int]], findings: list[Finding], base: int = 0) -> list[Chunk]:
    """Split text at finding boundaries (``spans`` of (start, end, finding index)), so overlapping
    highlights nest cleanly and each piece knows every finding over it."""
    cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    chunks = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(i for s, e, i in spans if s <= a and b <= e)
        ends = tuple(i for s, e, i in spans if e == b and s <= a)
        worst = max((findings[i].severity for i in covering), default=None)
        chunks.append(Chunk(text[a:b], covering, str(worst) if worst else "", ends))
    return chunks or [Chunk("", (), "")]


def _line_chunks(line: str, number: int, findings: list[Finding]) -> list[Chunk]:
    spans = []
    for index, f in enumerate(findings):
        if not f.match or not (f.line <= number <= f.end_line):
            continue
        start = f.column - 1 if f.line == number else 0
        end = f.end_column - 1 if f.end_line == number else len(line)
        if end > start:
            spans.append((start, end, index))
    return _chunks(line, spans, findings)


PO_KEY = re.compile(r"^(.*) \((msgid|msgid_plural|msgstr(?:\[\d+\])?)\)$", re.DOTALL)


def entry_of(key: str) -> str:
    """The deck entry a segment key belongs to: ``posts[3].caption`` -> ``posts[3]``,
    ``row 7: caption`` -> ``row 7``, ``hero.title`` -> ``hero``."""
    po = PO_KEY.match(key)
    if po:  # a gettext entry: "Add to cart (msgstr[0])" -> "Add to cart"
        return po.group(1)
    if ": " in key and key.startswith("row "):
        return key.split(": ", 1)[0]
    if "." in key:
        return key.rsplit(".", 1)[0]
    return key


def _field_of(key: str, entry: str) -> str:
    po = PO_KEY.match(key)
    if po:
        return po.group(2)
    rest = key[len(entry) :].lstrip(".:[ ").rstrip("]") if key.startswith(entry) else key
    return rest or key


def _segment_chunks(segment: Any, source_starts: list[int], findings: list[Finding], indices: list[int]) -> list[Chunk]:
    """A deck segment's decoded text, cut at the findings it holds (source offsets mapped back)."""
    text = segment.text
    offsets = segment.offsets
    src = [offsets.start(i) for i in range(len(text))]
    spans = []
    for index in indices:
        f = findings[index]
        if not f.match:
            continue
        start = source_starts[f.line - 1] + f.column - 1 if f.line - 1 < len(source_starts) else -1
        end = source_starts[f.end_line - 1] + f.end_column - 1 if f.end_line - 1 < len(source_starts) else -1
        inside = [i for i, s in enumerate(src) if start <= s < max(end, start + 1)]
        if inside:
            spans.append((inside[0], inside[-1] + 1, index))
    # trim the whitespace a block scalar or cell carries around its copy, keeping highlights aligned
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    clipped = [(max(s, lead) - lead, min(e, trail) - lead, i) for s, e, i in spans if min(e, trail) > max(s, lead)]
    return _chunks(text[lead:trail], clipped, findings)


def _deck_entries(path: str, source: str, findings: list[Finding], default_lang: str) -> list[EntryView] | None:
    """A copy deck's entries with their decoded copy; None if the file does not read as a deck."""
    if not path.lower().endswith(DECK_SUFFIXES):
        return None
    from ..readers import reader_for

    try:
        documents = reader_for(path).read(path, source)
    except Exception:  # the report still shows the raw lines
        return None
    starts = _line_starts(source)
    entries: dict[str, EntryView] = {}
    by_key: dict[str | None, list[int]] = {}
    for index, f in enumerate(findings):
        by_key.setdefault(f.key, []).append(index)
    for document in documents:
        lang = lang_of(document.meta.markets[0]) if document.meta.markets else default_lang
        if document.meta.language and not document.meta.markets:
            lang = document.meta.language
        for segment in document.segments:
            if not segment.text.strip():
                continue
            key = segment.key or "$"
            name = entry_of(key)
            view = entries.setdefault(name, EntryView(name, lang))
            own = by_key.get(segment.key, [])
            view.segments.append((_field_of(key, name), _segment_chunks(segment, starts, findings, own)))
            view.findings.extend(i for i in own if i not in view.findings)
    from .matrix import entry_ids

    for name, value in entry_ids(path, source).items():
        if name in entries:
            entries[name].id = value
    unplaced = [i for i in range(len(findings)) if not any(i in e.findings for e in entries.values())]
    if unplaced:
        entries["(file)"] = EntryView("(file)", default_lang, None, [], unplaced)
    return list(entries.values())


def suggestion_verb(finding: Finding, info: RuleInfo | None) -> str:
    """How a rule's suggestions read: text to add (a disclosure or other requirement), text to put
    in place of the match (a match rule with a replacement), or other wordings to consider."""
    kind = info.kind if info else ""
    if kind == "require" or (not kind and finding.category == "disclosure" and not finding.match):
        return "Add"
    if finding.match and (finding.fix or kind in ("match", "names", "locale_format", "consistency")):
        return "Replace with"
    if not finding.match:
        return "Add"
    return "Consider"


def _file_view(
    path: str, source: str, findings: list[Finding], lang: str, collapsed: bool, infos: dict[str, RuleInfo]
) -> dict[str, Any]:
    findings = sorted(
        findings,
        key=lambda f: (f.suppression is not None, ORDER.get(f.category, 1), f.line, f.column),
    )
    entries = _deck_entries(path, source, findings, lang)
    lines: list[tuple[int, list[Chunk], bool]] = []
    if entries is None:
        texts = source.split("\n") if source else []
        flagged = {n for f in findings for n in range(f.line, f.end_line + 1)}
        lines = [(n, _line_chunks(text, n, findings), n in flagged) for n, text in enumerate(texts, start=1)]
    return {
        "path": path,
        "lang": lang,
        "findings": findings,
        "verbs": [suggestion_verb(f, infos.get(f.rule)) for f in findings],
        "lines": lines,
        "entries": entries,
        "collapsed": collapsed,
        "active": sum(1 for f in findings if f.suppression is None),
        "counts": Counter(str(f.severity) for f in findings if f.suppression is None),
    }


def market_verdicts(report: Report) -> list[dict[str, Any]]:
    """Each market checked (with or without findings): pass or fail at the gate's ``fail_on``,
    its packs and rule count, its findings per severity and its hidden findings per kind."""
    runs = {r.market: r for r in report.runs}
    markets = sorted({*runs, *(m for f in report.findings for m in f.markets)})
    out = []
    for market in markets:
        mine = [f for f in report.findings if market in f.markets]
        hidden = [f for f in report.suppressed if market in f.markets]
        failing = [f for f in mine if report.fail_on is not None and f.severity >= report.fail_on]
        run = runs.get(market)
        out.append(
            {
                "market": market,
                "verdict": "fail" if failing else "pass",
                "failing": len(failing),
                "counts": {str(s): sum(1 for f in mine if f.severity == s) for s in Severity},
                "hidden": {
                    k: sum(1 for f in hidden if f.suppression and f.suppression.kind == k) for k in SUPPRESSION_KINDS
                },
                "packs": run.packs if run else (),
                "rules": run.rules if run else 0,
                "files": run.files if run else 0,
            }
        )
    unmarked = [f for f in report.findings if not f.markets]
    if unmarked:
        failing = [f for f in unmarked if report.fail_on is not None and f.severity >= report.fail_on]
        out.append(
            {
                "market": "",
                "verdict": "fail" if failing else "pass",
                "failing": len(failing),
                "counts": {str(s): sum(1 for f in unmarked if f.severity == s) for s in Severity},
                "hidden": dict.fromkeys(SUPPRESSION_KINDS, 0),
                "packs": (),
                "rules": 0,
                "files": len({f.path for f in unmarked}),
            }
        )
    return out


def format_html(report: Report, colour: bool = False) -> str:
    everything = [*report.findings, *report.suppressed]
    grouped: dict[str, list[Finding]] = {f.path: [] for f in report.files}
    for finding in everything:
        grouped.setdefault(finding.path, []).append(finding)
    results = {f.path: f for f in report.files}
    infos = {r.id: r for r in report.rules}
    with_findings = [p for p, items in grouped.items() if items]
    collapsed = len(with_findings) > COLLAPSE_FILES or len(everything) > COLLAPSE_FINDINGS

    def lang(path: str) -> str:
        result = results.get(path)
        if result is None:
            return ""
        if result.markets:
            return lang_of(result.markets[0])
        return result.language or result.detected_language or ""

    files = [
        _file_view(path, results[path].source if path in results else "", grouped[path], lang(path), collapsed, infos)
        for path in with_findings
    ]
    clean = [
        _file_view(path, results[path].source, [], lang(path), True, infos)
        for path, items in grouped.items()
        if not items and path in results and not results[path].error
    ]
    fail_on = str(report.fail_on) if report.fail_on is not None else "never"
    verdicts = market_verdicts(report)
    html = str(
        _template().render(
            report=report,
            files=files,
            clean=clean,
            verdicts=verdicts,
            overall="fail" if any(v["verdict"] == "fail" for v in verdicts) else "pass",
            fail_on=fail_on,
            errors=[f for f in report.files if f.error],
            severities=[str(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)],
            icons=SEVERITY_ICONS,
            counts={str(s): report.count(s) for s in Severity},
            hidden_counts=Counter(f.suppression.kind for f in report.suppressed if f.suppression),
            suppression_kinds=SUPPRESSION_KINDS,
            all_markets=sorted({m for f in everything for m in f.markets}),
            all_categories=[c for c in (*CATEGORIES, "meta") if any(f.category == c for f in everything)],
        )
    )
    return with_csp(html)
