"""GitHub Actions workflow commands: annotations on the pull request diff."""

from __future__ import annotations

from ..model import Report, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(report: Report, colour: bool = False) -> str:
    lines = []
    for result in report.files:
        if result.error:
            lines.append(f"::error file={_escape(result.path, True)}::{_escape(result.error)}")
    for notice in report.notices:
        lines.append(f"::notice title=culturelint::{_escape(notice)}")
    for f in report.findings:
        props = (
            f"file={_escape(f.path, True)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={_escape(f.rule, True)}"
        )
        lines.append(f"::{LEVELS[f.severity]} {props}::{_escape(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
