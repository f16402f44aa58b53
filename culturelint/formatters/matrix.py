"""The campaign matrix (``-f matrix`` / ``-f matrix-json``): a campaign's lines as rows, markets as
columns, each cell the worst finding of that line in that market.

A line is a copy-deck entry named by its ``id`` (or ``key``, ``line``, ``slug``, ``name``) field,
so ``{"id": "hero", "market": "de-DE", …}`` and ``{"id": "hero", "market": "fr-FR", …}`` are one
row; entries without such a field are lined up by their order within each market. Files that are
not decks are lines by their path with the market folder taken out, so ``campaign/de-DE/hero.md``
and ``campaign/fr-FR/hero.md`` are one row ``campaign/hero.md``. See docs/report.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..model import Finding, Report, Severity
from .html import DECK_SUFFIXES, SEVERITY_ICONS, _environment, entry_of, lang_of, with_csp

ID_KEYS = ("id", "key", "line", "slug", "name", "ref")
STATUS_ORDER = ("error", "warning", "info", "pass")
PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


@dataclass
class Cell:
    market: str
    text: list[str] = field(default_factory=list)  # the copy of this line in this market
    lang: str = ""
    findings: list[Finding] = field(default_factory=list)
    hidden: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # where the copy is: path and entry

    @property
    def status(self) -> str:
        worst = max((f.severity for f in self.findings), default=None)
        return str(worst) if worst is not None else "pass"

    def counts(self) -> dict[str, int]:
        return {str(s): sum(1 for f in self.findings if f.severity == s) for s in Severity}


@dataclass
class Line:
    id: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def statuses(self) -> set[str]:
        return {c.status for c in self.cells.values()}

    @property
    def differs(self) -> bool:
        return len(self.statuses()) > 1


def _resolve(data: Any, entry: str) -> Any:
    node = data
    for index, name in PATH_TOKEN.findall(entry):
        try:
            node = node[int(index)] if index else node[name]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _id_of(node: Any) -> str | None:
    if isinstance(node, dict):
        lowered = {str(k).lower(): v for k, v in node.items()}
        for key in ID_KEYS:
            value = lowered.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    return None


def entry_ids(path: str, source: str) -> dict[str, str]:
    """Deck entry (``[3]``, ``posts[3]``, ``row 7``) -> its id field's value, where it has one."""
    lower = path.lower()
    out: dict[str, str] = {}
    try:
        if lower.endswith((".csv", ".tsv")):
            from ..model import LineIndex
            from ..readers.decks import _csv_rows, _sniff

            lines = LineIndex(source)
            delimiter = "\t" if lower.endswith(".tsv") else _sniff(source)
            rows = list(_csv_rows(source, delimiter, path, lines))
            if rows:
                header = [text.strip().lower() for text, _, _ in rows[0][1]]
                column = next((header.index(k) for k in ID_KEYS if k in header), None)
                for row_start, row in rows[1:]:
                    if column is not None and column < len(row) and row[column][0].strip():
                        out[f"row {lines.position(row_start).line}"] = row[column][0].strip()
            return out
        if lower.endswith(".json"):
            data = json.loads(source)
        elif lower.endswith((".yaml", ".yml")):
            import yaml

            data = yaml.safe_load(source)
        else:
            return out
    except Exception:  # an unreadable deck is reported by the check itself
        return out

    def walk(node: Any, keypath: str) -> None:
        if isinstance(node, dict):
            found = _id_of(node)
            if found is not None and keypath:
                out[keypath] = found
            for k, v in node.items():
                walk(v, f"{keypath}.{k}" if keypath else str(k))
        elif isinstance(node, list):
            for n, v in enumerate(node):
                walk(v, f"{keypath}[{n}]")

    walk(data, "")
    return out


def _market_folder_free(path: str, markets: tuple[str, ...]) -> str:
    parts = PurePosixPath(path.replace("\\", "/")).parts
    tags = {m.lower() for m in markets}
    kept = [p for p in parts if p.lower() not in tags]
    if len(kept) == len(parts):  # a market in the file name: hero.de-DE.md -> hero.md
        name = parts[-1]
        for tag in tags:
            name = re.sub(rf"[._-]{re.escape(tag)}(?=\.)", "", name, flags=re.IGNORECASE)
        kept = [*parts[:-1], name]
    return "/".join(kept)


def build(report: Report) -> tuple[list[str], list[Line]]:
    """The campaign's lines (in the order first seen) and the markets, from a report."""
    from ..readers import reader_for

    lines: dict[str, Line] = {}
    where: dict[tuple[str, str | None, str], str] = {}  # (path, entry or None, market) -> line id
    markets: set[str] = set()
    seen_paths: set[str] = set()
    for result in report.files:
        if result.error or result.path in seen_paths:
            continue
        seen_paths.add(result.path)
        if result.path.lower().endswith(DECK_SUFFIXES):
            try:
                documents = reader_for(result.path).read(result.path, result.source)
            except Exception:
                documents = []
            ids = entry_ids(result.path, result.source)
            ordinal: dict[str, int] = {}
            resolved = [r.markets for r in report.files if r.path == result.path]
            for n, document in enumerate(documents):
                # the markets the check resolved for this entry (option, entry, config), else its own
                doc_markets = (resolved[n] if len(resolved) == len(documents) else document.meta.markets) or ("",)
                by_entry: dict[str, list[str]] = {}
                for segment in document.segments:
                    if segment.text.strip():
                        by_entry.setdefault(entry_of(segment.key or "$"), []).append(segment.text.strip())
                for entry, texts in by_entry.items():
                    for market in doc_markets:
                        if entry in ids:
                            line_id = ids[entry]
                        else:
                            ordinal[market] = ordinal.get(market, 0) + 1
                            line_id = f"line {ordinal[market]}"
                        cell = lines.setdefault(line_id, Line(line_id)).cells.setdefault(market, Cell(market))
                        cell.text.extend(texts)
                        cell.lang = lang_of(market)
                        cell.sources.append(f"{result.path} {entry}")
                        where[(result.path, entry, market)] = line_id
                        markets.add(market)
        else:
            file_markets = tuple(m for r in report.files if r.path == result.path for m in r.markets) or ("",)
            line_id = _market_folder_free(result.path, file_markets)
            for market in file_markets:
                cell = lines.setdefault(line_id, Line(line_id)).cells.setdefault(market, Cell(market))
                try:
                    docs = reader_for(result.path).read(result.path, result.source)
                    cell.text.extend(s.text.strip() for d in docs for s in d.segments if s.text.strip())
                except Exception:
                    cell.text.append(result.source)
                cell.lang = lang_of(market)
                cell.sources.append(result.path)
                where[(result.path, None, market)] = line_id
                markets.add(market)
    for finding, hidden in [*((f, False) for f in report.findings), *((f, True) for f in report.suppressed)]:
        for market in finding.markets or ("",):
            finding_entry = entry_of(finding.key) if finding.key else None
            placed = where.get((finding.path, finding_entry, market)) or where.get((finding.path, None, market))
            if placed is None:
                placed = finding.path if not finding.key else f"{finding.path} {finding.key}"
                markets.add(market)
            line_id = placed
            cell = lines.setdefault(line_id, Line(line_id)).cells.setdefault(market, Cell(market, lang=lang_of(market)))
            (cell.hidden if hidden else cell.findings).append(finding)
    return sorted(markets), list(lines.values())


def matrix_data(report: Report) -> dict[str, Any]:
    markets, lines = build(report)
    return {
        "version": report.version,
        "fail_on": str(report.fail_on) if report.fail_on is not None else "never",
        "markets": markets,
        "lines": [
            {
                "id": line.id,
                "differs": line.differs,
                "cells": {
                    market: {
                        "status": cell.status,
                        "counts": cell.counts(),
                        "hidden": len(cell.hidden),
                        "text": cell.text,
                        "sources": cell.sources,
                        "findings": [
                            {
                                "rule": f.rule,
                                "severity": str(f.severity),
                                "category": f.category,
                                "message": f.message,
                                "match": f.match,
                                "path": f.path,
                                "key": f.key,
                                "line": f.line,
                                "column": f.column,
                                "fingerprint": f.fingerprint,
                            }
                            for f in cell.findings
                        ],
                    }
                    for market, cell in line.cells.items()
                },
            }
            for line in lines
        ],
    }


def format_matrix_json(report: Report, colour: bool = False) -> str:
    return json.dumps(matrix_data(report), ensure_ascii=False, indent=2) + "\n"


def format_matrix(report: Report, colour: bool = False) -> str:
    markets, lines = build(report)
    html = (
        _environment()
        .get_template("matrix.html.j2")
        .render(
            report=report,
            markets=markets,
            lines=lines,
            differing=[line for line in lines if line.differs],
            icons={**SEVERITY_ICONS, "pass": "✔", "absent": "—"},
            fail_on=str(report.fail_on) if report.fail_on is not None else "never",
            status_order=STATUS_ORDER,
        )
    )
    return with_csp(str(html))
