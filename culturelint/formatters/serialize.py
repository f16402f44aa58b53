"""Findings and files as plain data: the one place the report's JSON shape is defined."""

from __future__ import annotations

from typing import Any

from ..model import SUPPRESSION_KINDS, Disclosure, FileResult, Finding, Report, RuleInfo, Severity, Suppression

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
    if finding.disclosure is not None:
        data["disclosure"] = disclosure_dict(finding.disclosure)
    if finding.suppression is not None:
        data["suppression"] = suppression_dict(finding.suppression)
    if finding.hidden:
        data["hidden"] = list(finding.hidden)
    return data


def rule_dict(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "pack": rule.pack,
        "category": rule.category,
        "severity": str(rule.severity),
        "message": rule.message,
        "rationale": rule.rationale,
        "references": list(rule.references),
        "suggestions": list(rule.suggestions),
        "class": rule.misfire_class,
        "source": rule.source,
        "line": rule.line,
    }


def suppression_dict(suppression: Suppression) -> dict[str, Any]:
    return {
        "kind": suppression.kind,
        "reason": suppression.reason,
        "origin": suppression.origin,
        "by": suppression.by,
        "expires": suppression.expires.isoformat() if suppression.expires else None,
    }


def disclosure_dict(disclosure: Disclosure) -> dict[str, Any]:
    """A disclosure finding in the regulators' terms; ``channel``, ``cut_off`` and ``signal`` are
    null when they do not apply."""
    return {
        "state": disclosure.state,
        "accepted": list(disclosure.accepted),
        "placement": disclosure.placement,
        "instrument": disclosure.instrument,
        "basis": disclosure.basis,
        "channel": disclosure.channel,
        "cut_off": disclosure.cut_off,
        "signal": disclosure.signal,
        "tool": disclosure.tool,
    }


def disclosure_line(disclosure: Disclosure) -> str:
    """One line for text and HTML reports: state, accepted labels, placement, instrument."""
    from ..channels import DISPLAY

    state = {
        "absent": "label absent",
        "insufficient": "label insufficient (not one this market accepts)",
        "buried": "label not visible upfront",
    }.get(disclosure.state, disclosure.state)
    if disclosure.state == "buried" and disclosure.cut_off and disclosure.channel:
        name = DISPLAY.get(disclosure.channel, disclosure.channel)
        state = f"label not visible before {name}'s {disclosure.cut_off}-character “more” cut-off"
    basis = " (commercial signals, sponsorship not declared)" if disclosure.basis == "signals" else ""
    accepted = " / ".join(disclosure.accepted)
    where = f"must stand {disclosure.placement}"
    tool = f"; platform tool: {disclosure.tool}, a complement to the label" if disclosure.tool else ""
    return f"{state}{basis}; accepted: {accepted}; {where}{tool}; instrument: {disclosure.instrument}"


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
        "suppressed": [finding_dict(f) for f in report.suppressed],
        "markets": [
            {"market": r.market, "packs": list(r.packs), "rules": r.rules, "files": r.files} for r in report.runs
        ],
        "rules": [rule_dict(r) for r in report.rules],
        "summary": {
            "files": len({f.path for f in report.files}),
            "findings": len(report.findings),
            "errors": sum(1 for f in report.files if f.error),
            "by_severity": {str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
            "suppressed": {
                kind: sum(1 for f in report.suppressed if f.suppression and f.suppression.kind == kind)
                for kind in SUPPRESSION_KINDS
            },
        },
    }
