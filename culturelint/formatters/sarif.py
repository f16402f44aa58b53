"""SARIF 2.1.0 for code-scanning dashboards; columns are Unicode code points, as in every report."""

from __future__ import annotations

import json
from typing import Any

from ..model import Report, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def format_sarif(report: Report, colour: bool = False) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in report.findings:
        if f.rule not in rules:
            rule: dict[str, Any] = {
                "id": f.rule,
                "name": f.rule,
                "shortDescription": {"text": f.message.split(". ")[0][:200] or f.rule},
                "fullDescription": {"text": f.rationale or f.message},
                "defaultConfiguration": {"level": LEVELS[f.severity]},
                "properties": {"category": f.category, "pack": f.pack, "references": list(f.references)},
            }
            if f.references:
                rule["helpUri"] = f.references[0]
            rules[f.rule] = rule
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": list(rules).index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.path.replace("\\", "/")},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": max(f.end_column, f.column),
                                **({"snippet": {"text": f.match}} if f.match else {}),
                            },
                        }
                    }
                ],
                "partialFingerprints": {"culturelint/v1": f.fingerprint},
                "properties": {
                    "market": f.market,
                    "markets": list(f.markets),
                    "category": f.category,
                    "suggestions": list(f.suggestions),
                    **({"substantiation": f.substantiation.describe()} if f.substantiation else {}),
                },
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": r.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}],
        }
        for r in report.files
        if r.error
    ]
    notifications += [{"level": "note", "message": {"text": n}} for n in report.notices]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "culturelint",
                "version": report.version,
                "informationUri": "https://pypi.org/project/culturelint/",
                "rules": list(rules.values()),
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {"executionSuccessful": not any(r.error for r in report.files), "toolExecutionNotifications": notifications}
        ],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
