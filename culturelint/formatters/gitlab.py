"""GitLab Code Quality JSON (``artifacts:reports:codequality``): an array of issues with the
fields GitLab documents (description, check_name, fingerprint, severity, location.path relative to
the repository, location.lines.begin). GitLab matches issues across pipelines by fingerprint and
shows only one issue per fingerprint, so a second finding with the same fingerprint in a file gets
its own (the occurrence is hashed in). Severities: error -> critical, warning -> major,
info -> info; a file that could not be read is a blocker."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from ..model import Report, Severity
from .ciescape import deep_unicode_safe, display_path, finding_markets, run_root, unicode_safe

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def format_gitlab(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for result in report.files:
        if result.error:
            issues.append(
                {
                    "type": "issue",
                    "description": unicode_safe(f"file not checked: {result.error}"),
                    "check_name": "culturelint.file-not-checked",
                    "fingerprint": _digest("file-not-checked", result.path),
                    "severity": "blocker",
                    "location": {"path": unicode_safe(display_path(result.path, base)), "lines": {"begin": 1}},
                }
            )
    for finding in report.findings:
        occurrence = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = occurrence + 1
        fingerprint = finding.fingerprint if not occurrence else _digest(finding.fingerprint, str(occurrence))
        markets = ", ".join(finding_markets(finding))
        issues.append(
            {
                "type": "issue",
                "description": unicode_safe(f"{finding.message} [{markets}]" if markets else finding.message),
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITY[finding.severity],
                "categories": ["Style"],
                "location": {
                    "path": unicode_safe(display_path(finding.path, base)),
                    "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)},
                },
            }
        )
    return json.dumps(deep_unicode_safe(issues), indent=2, ensure_ascii=False) + "\n"
