"""Findings and files as plain data: the one place the report's JSON shape is defined."""

from __future__ import annotations

from typing import Any

from ..model import FileResult, Finding, Report, Severity

SCHEMA = "culturelint/report@1"


def finding_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "pack": finding.pack,
        "category": finding.category,
        "severity": str(finding.severity),
        "market": finding.market,
        "markets": list(finding.markets),
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "match": finding.match,
        "message": finding.message,
        "rationale": finding.rationale,
        "suggestions": list(finding.suggestions),
        "references": list(finding.references),
        "fingerprint": finding.fingerprint,
    }
    if finding.fix is not None:
        data["fix"] = finding.fix
    if finding.key is not None:
        data["key"] = finding.key
    if finding.substantiation is not None:
        evidence = finding.substantiation
        data["substantiation"] = {
            "claim": evidence.claim,
            "rule": evidence.rule,
            "source": evidence.source,
            "given_in": evidence.origin,
        }
    return data


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "markets": list(result.markets),
        "language": result.language,
        "detected_language": result.detected_language,
        "sponsored": result.sponsored,
        "error": result.error,
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "culturelint", "version": report.version},
        "files": [file_dict(f) for f in report.files],
        "findings": [finding_dict(f) for f in report.findings],
        "notices": list(report.notices),
        "summary": {
            "files": len({f.path for f in report.files}),
            "findings": len(report.findings),
            "errors": sum(1 for f in report.files if f.error),
            "by_severity": {str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        },
    }
