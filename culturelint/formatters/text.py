"""Text: grouped per file, `path:line:col  severity  rule  message`, the copy line with the span marked."""

from __future__ import annotations

import unicodedata

from ..model import Finding, Report, Severity
from .serialize import disclosure_line

COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns under the caret line."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


EXCERPT_CONTEXT = 60  # characters shown either side of a match on a long line
EXCERPT_MATCH = 120  # characters of the match itself, at most


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A long line is shown as a window around the match (a 141 KB line must not print 141 KB per
    finding), elided with '…' on each cut side; start and end are moved into the window."""
    end = max(end, start)
    if len(line) <= 2 * EXCERPT_CONTEXT + EXCERPT_MATCH:
        return line, start, end
    stop = min(end, start + EXCERPT_MATCH)
    left, right = max(0, start - EXCERPT_CONTEXT), min(len(line), stop + EXCERPT_CONTEXT)
    head = "…" if left > 0 else ""
    tail = "…" if right < len(line) else ""
    return head + line[left:right] + tail, start - left + len(head), stop - left + len(head)


def _excerpt(source_lines: list[str], finding: Finding, colour: bool) -> list[str]:
    if finding.line < 1 or finding.line > len(source_lines) or not finding.match:
        return []
    line = source_lines[finding.line - 1].replace("\t", " ")
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    line, start, end = _window(line, start, end)
    carets = " " * _width(line[:start]) + "^" * max(_width(line[start:end]), 1)
    return [f"    {line}", "    " + _paint(carets, COLOURS[finding.severity], colour)]


def format_text(report: Report, colour: bool = False) -> str:
    out: list[str] = []
    grouped = report.by_path()
    sources = {f.path: f.source.split("\n") for f in report.files}
    for result in report.files:
        if result.error:
            out.append(_paint(f"{result.error}", "31;1", colour))
    for path, findings in grouped.items():
        if not findings:
            continue
        out.append(_paint(path, "1", colour))
        for f in findings:
            severity = _paint(f"{f.severity!s:<7}", COLOURS[f.severity], colour)
            markets = ",".join(f.markets) if f.markets else "-"
            out.append(f"{f.path}:{f.line}:{f.column}  {severity}  {f.rule}  [{markets}]  {f.message}")
            out.extend(_excerpt(sources.get(path, []), f, colour))
            if f.substantiation is not None:
                out.append(f"    substantiated: {f.substantiation.describe()}  (given in {f.substantiation.origin})")
            if f.disclosure is not None:
                out.append(f"    disclosure: {disclosure_line(f.disclosure)}")
            if f.fix is not None:
                out.append(f"    fix: {f.fix}  (culturelint check --fix)")
            elif f.suggestions:
                out.append(f"    suggest: {' | '.join(f.suggestions)}")
        out.append("")
    out.extend(f"note: {notice}" for notice in report.notices)
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def summary_line(report: Report) -> str:
    errors = sum(1 for f in report.files if f.error)
    counts = ", ".join(f"{report.count(s)} {s}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    checked = len({f.path for f in report.files if not f.error})  # a copy deck's entries share a path
    unread = f", {errors} could not be read" if errors else ""
    return f"{len(report.findings)} findings ({counts}) in {checked} files checked{unread}."
