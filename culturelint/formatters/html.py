"""HTML: one self-contained page for reviewers. Jinja2 autoescapes every piece of copy."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlparse

from ..model import CATEGORIES, Finding, Report, Severity
from .serialize import disclosure_line

ORDER = {"disclosure": 0}


@dataclass(frozen=True)
class Chunk:
    text: str
    findings: tuple[int, ...]  # indices into the file's finding list
    severity: str


@functools.lru_cache(maxsize=1)
def _template() -> object:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("culturelint", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["disclosure_line"] = disclosure_line
    return env.get_template("report.html.j2")


def safe_url(url: str) -> str | None:
    """Only http(s) links are rendered as links; anything else is shown as text."""
    return url if urlparse(url).scheme in ("http", "https") else None


def _line_chunks(line: str, number: int, findings: list[Finding]) -> list[Chunk]:
    """Split one source line at finding boundaries, so overlapping highlights nest cleanly."""
    spans = []
    for index, f in enumerate(findings):
        if not f.match or not (f.line <= number <= f.end_line):
            continue
        start = f.column - 1 if f.line == number else 0
        end = f.end_column - 1 if f.end_line == number else len(line)
        if end > start:
            spans.append((start, end, index))
    cuts = sorted({0, len(line), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    chunks = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(i for s, e, i in spans if s <= a and b <= e)
        worst = max((findings[i].severity for i in covering), default=None)
        chunks.append(Chunk(line[a:b], covering, str(worst) if worst else ""))
    return chunks or [Chunk("", (), "")]


def _file_view(path: str, source: str, findings: list[Finding]) -> dict[str, object]:
    findings = sorted(findings, key=lambda f: (ORDER.get(f.category, 1), f.line, f.column))
    lines = source.split("\n") if source else []
    flagged = {n for f in findings for n in range(f.line, f.end_line + 1)}
    return {
        "path": path,
        "findings": findings,
        "lines": [(n, _line_chunks(text, n, findings), n in flagged) for n, text in enumerate(lines, start=1)],
    }


def _matrix(report: Report) -> tuple[list[str], list[str], dict[tuple[str, str], Counter[str]]]:
    cells: dict[tuple[str, str], Counter[str]] = {}
    for f in report.findings:
        for market in f.markets or ("—",):
            cells.setdefault((market, f.category), Counter())[str(f.severity)] += 1
    markets = sorted({m for m, _ in cells})
    categories = [c for c in (*CATEGORIES, "meta") if any(k[1] == c for k in cells)]
    return markets, categories, cells


def format_html(report: Report, colour: bool = False) -> str:
    grouped = report.by_path()
    sources = {f.path: f.source for f in report.files}
    files = [_file_view(path, sources.get(path, ""), items) for path, items in grouped.items() if items]
    clean = [
        _file_view(path, sources.get(path, ""), [])
        for path, items in grouped.items()
        if not items and not any(f.path == path and f.error for f in report.files)
    ]
    markets, categories, cells = _matrix(report)
    return str(
        _template().render(  # type: ignore[attr-defined]
            report=report,
            files=files,
            clean=clean,
            markets=markets,
            categories=categories,
            cells=cells,
            errors=[f for f in report.files if f.error],
            severities=[str(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)],
            counts={str(s): report.count(s) for s in Severity},
            all_markets=sorted({m for f in report.findings for m in f.markets}),
            all_categories=[c for c in (*CATEGORIES, "meta") if any(f.category == c for f in report.findings)],
        )
    )
