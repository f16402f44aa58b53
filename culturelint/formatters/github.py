"""GitHub Actions workflow commands: annotations on the pull request diff.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job), in
the order they are printed; the rest are dropped silently. So unreadable files and findings come
most severe first, each level up to its limit, every finding beyond it as a plain log line, and a
``::notice`` says how many were not annotated. Values are escaped as GitHub's toolkit escapes them
(``%``, CR, LF in messages; also ``:`` and ``,`` in properties), so a newline or a comma in a file
name or in copy cannot forge a command or a property."""

from __future__ import annotations

import os

from ..model import Finding, Report, Severity
from .ciescape import display_path, finding_markets, gh_data, gh_property, run_root

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_STEP = 10  # annotations of each level GitHub shows per step


def _title(finding: Finding) -> str:
    markets = ", ".join(finding_markets(finding))
    return f"{finding.rule} ({markets})" if markets else finding.rule


def _annotation(level: str, path: str, finding: Finding | None, title: str, message: str) -> str:
    props = [f"file={gh_property(path)}"]
    if finding is not None:
        props += [
            f"line={finding.line}",
            f"col={finding.column}",
            f"endLine={max(finding.end_line, finding.line)}",
            f"endColumn={max(finding.end_column, 1)}",
        ]
    props.append(f"title={gh_property(title)}")
    return f"::{level} {','.join(props)}::{gh_data(message)}"


def _log_line(path: str, finding: Finding) -> str:
    """A finding past the annotation limits: an ordinary log line (never a command)."""
    where = f"{path}:{finding.line}:{finding.column}"
    return gh_data(f"culturelint: {where}: {finding.severity} {_title(finding)}: {finding.message}")


def format_github(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    shown = dict.fromkeys(LEVELS.values(), 0)
    annotations: list[str] = []
    rest: list[str] = []
    hidden = 0
    for result in report.files:
        if result.error:
            path = display_path(result.path, base)
            line = _annotation("error", path, None, "culturelint: file not checked", result.error)
            if shown["error"] < PER_STEP:
                shown["error"] += 1
                annotations.append(line)
            else:
                hidden += 1
                rest.append(gh_data(f"culturelint: {path}: error: {result.error}"))
    ordered = sorted(report.findings, key=lambda f: -f.severity)  # stable: file order within a level
    unreadable = sum(1 for f in report.files if f.error)
    overflow = any(
        sum(1 for f in report.findings if f.severity == s) + (unreadable if s == Severity.ERROR else 0) > PER_STEP
        for s in LEVELS
    )
    notice_room = PER_STEP - 1 if overflow else PER_STEP  # keep one notice for the count
    for finding in ordered:
        level = LEVELS[finding.severity]
        room = notice_room if level == "notice" else PER_STEP
        path = display_path(finding.path, base)
        if shown[level] < room:
            shown[level] += 1
            annotations.append(_annotation(level, path, finding, _title(finding), finding.message))
        else:
            hidden += 1
            rest.append(_log_line(path, finding))
    lines = annotations + rest
    for notice in report.notices:
        lines.append(gh_data(f"culturelint: note: {notice}"))
    if hidden:
        lines.append(
            f"::notice title=culturelint::{hidden} more problem(s) not annotated: GitHub shows "
            f"{PER_STEP} errors, {PER_STEP} warnings and {PER_STEP} notices per step. They are listed "
            "above in this log; the job summary and the SARIF or JSON report have them all."
        )
    return "\n".join(lines) + ("\n" if lines else "")
