"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, any SARIF viewer).

One rule descriptor per rule of the report (``Report.rules``: the rule itself, not its first
finding) with ``help`` in text and Markdown and a ``helpUri`` into the rule reference; results with
relative ``artifactLocation`` URIs under ``%SRCROOT%`` (the run's root, given in
``originalUriBaseIds``), regions in UTF-16 code units as SARIF counts by default, the finding's
fingerprint as ``partialFingerprints``; findings hidden by a directive, the baseline or a waiver
kept as results with ``suppressions``. Every property GitHub marks as required for an upload is
present and non-empty, within its documented length."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from ..model import Finding, LineIndex, Report, RuleInfo, Severity
from .ciescape import (
    REPOSITORY_URL,
    RULES_DOC_URL,
    absolute_uri,
    deep_unicode_safe,
    exit_status,
    file_uri,
    finding_markets,
    relative_path,
    root_uri,
    rule_doc_url,
    run_root,
    unicode_safe,
)

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "culturelint/v1"
TEXT_LIMIT = 1024  # GitHub: shortDescription and fullDescription are limited to 1024 characters
SUPPRESSION_KIND = {"inline": "inSource", "baseline": "external", "waiver": "external"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")


def _limit(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _template(message: str) -> str:
    """A message template read as a description: placeholders (``{match}``) shown as an ellipsis."""
    return _PLACEHOLDER.sub("…", message)


def _first_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0] if parts and len(parts[0]) >= 12 else text


_MD = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD.sub(r"\\\1", " ".join(text.split()))


def _md_link(url: str) -> str:
    target = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("(", "%28").replace(")", "%29")
    return f"[{_md(url)}]({target})"


def _doc_uri(rule: RuleInfo) -> str | None:
    """Built-in rules have a heading in docs/rules.md; a user pack's rules have none there."""
    return rule_doc_url(rule.id) if rule.source.startswith("rules/") else None


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    message = _template(rule.message).strip() or rule.id
    rationale = rule.rationale.strip()
    doc = _doc_uri(rule)
    text = [message]
    markdown = [f"**{_md(message)}**"]
    if rationale:
        text.append(rationale)
        markdown.append(_md(rationale))
    if rule.suggestions:
        text.append("Suggestions: " + "; ".join(rule.suggestions))
        markdown.append("Suggestions: " + ", ".join(f"`{s.replace('`', '')}`" for s in rule.suggestions))
    if rule.references:
        text.append("References:\n" + "\n".join(f"- {r}" for r in rule.references))
        markdown.append("References:\n\n" + "\n".join(f"- {_md_link(r)}" for r in rule.references))
    where = f"Pack {rule.pack} ({rule.source}:{rule.line})" if rule.source else f"Pack {rule.pack}"
    text.append(where + (f"; reference: {doc}" if doc else ""))
    markdown.append(_md(where) + (f" · [rule reference]({doc})" if doc else ""))
    folder = rule.pack.split("/")[0]
    tags = [t for t in dict.fromkeys(("culture", rule.category, rule.misfire_class or "", folder, rule.pack)) if t]
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id[:255],
        "shortDescription": {"text": _limit(_first_sentence(message))},
        "fullDescription": {"text": _limit(rationale or message)},
        "help": {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "pack": rule.pack,
            "source": rule.source,
            "references": list(rule.references),
            "tags": tags,
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }
    if rule.misfire_class:
        descriptor["properties"]["class"] = rule.misfire_class
    if doc:
        descriptor["helpUri"] = doc
    return descriptor


def _meta_rule(finding: Finding) -> RuleInfo:
    """culturelint's own findings (no market, an unknown front-matter key …) have no pack rule:
    their descriptor is made from the finding, with the README as documentation."""
    return RuleInfo(
        finding.rule,
        finding.pack or "culturelint",
        finding.category,
        finding.severity,
        finding.message,
        finding.rationale,
        finding.references,
        finding.suggestions,
    )


def _utf16_column(line_text: str | None, column: int) -> int:
    """A 1-based code-point column as a 1-based UTF-16 column (astral characters count twice)."""
    if line_text is None:
        return column
    before = line_text[: column - 1]
    return column + sum(1 for c in before if ord(c) > 0xFFFF)


class _Lines:
    """Line texts of the checked files, to turn code-point columns into UTF-16 columns."""

    def __init__(self, report: Report) -> None:
        self._sources: dict[str, str] = {}
        for result in report.files:
            if result.source and result.path not in self._sources:
                self._sources[result.path] = result.source
        self._indexes: dict[str, LineIndex] = {}

    def text(self, path: str, line: int) -> str | None:
        source = self._sources.get(path)
        if source is None:
            return None
        index = self._indexes.setdefault(path, LineIndex(source))
        try:
            return index.line_text(source, line)
        except IndexError:
            return None


def _artifact(path: str, root: Any) -> dict[str, Any]:
    relative = relative_path(path, root)
    if relative is not None:
        return {"uri": file_uri(relative), "uriBaseId": SRCROOT}
    if path.startswith("<"):  # <stdin>: no file, a URI-safe name
        return {"uri": file_uri(path)}
    return {"uri": absolute_uri(path, root)}


def _result(finding: Finding, index: int, root: Any, lines: _Lines) -> dict[str, Any]:
    start_text = lines.text(finding.path, finding.line)
    end_text = start_text if finding.end_line == finding.line else lines.text(finding.path, finding.end_line)
    start = _utf16_column(start_text, finding.column)
    end = _utf16_column(end_text, max(finding.end_column, 1))
    if finding.end_line == finding.line:
        end = max(end, start)
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": start,
        "endLine": max(finding.end_line, finding.line),
        "endColumn": end,
    }
    if finding.match:
        region["snippet"] = {"text": unicode_safe(finding.match)}
    properties: dict[str, Any] = {
        "market": finding.market,
        "markets": list(finding_markets(finding)),
        "category": finding.category,
        "suggestions": list(finding.suggestions),
    }
    if finding.key:
        properties["key"] = finding.key
    if finding.substantiation:
        properties["substantiation"] = finding.substantiation.describe()
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": unicode_safe(finding.message.strip() or finding.rule)},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path, root), "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
        # SARIF §3.27.23: culturelint evaluates suppression for every result, so every result has
        # the array (empty when the finding is not hidden)
        "suppressions": [],
    }
    if finding.suppression is not None:
        hidden = finding.suppression
        suppression: dict[str, Any] = {
            "kind": SUPPRESSION_KIND.get(hidden.kind, "external"),
            "status": "accepted",
            "justification": unicode_safe(hidden.reason or f"hidden by the {hidden.kind}"),
            "properties": {"culturelint": hidden.kind, "origin": unicode_safe(hidden.origin)},
        }
        if hidden.by:
            suppression["properties"]["by"] = hidden.by
        if hidden.expires:
            suppression["properties"]["expires"] = hidden.expires.isoformat()
        result["suppressions"] = [suppression]
    return result


def format_sarif(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    infos = {rule.id: rule for rule in report.rules}
    every = report.findings + report.suppressed
    for finding in every:
        if finding.rule not in infos:
            infos[finding.rule] = _meta_rule(finding)
    ids = sorted(infos)
    position = {rule_id: i for i, rule_id in enumerate(ids)}
    lines = _Lines(report)
    results = [_result(f, position[f.rule], base, lines) for f in every]
    notifications: list[dict[str, Any]] = [
        {
            "level": "error",
            "message": {"text": unicode_safe(r.error)},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(r.path, base)}}],
        }
        for r in report.files
        if r.error
    ]
    notifications += [{"level": "note", "message": {"text": unicode_safe(n)}} for n in report.notices]
    descriptors = [_descriptor(infos[i]) for i in ids]
    for descriptor in descriptors:
        if "helpUri" not in descriptor and descriptor["id"].startswith("culturelint."):
            descriptor["helpUri"] = f"{REPOSITORY_URL}#readme"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "culturelint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": REPOSITORY_URL,
                "rules": descriptors,
                "properties": {"rulesReference": RULES_DOC_URL},
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri(base)}},
        "columnKind": "utf16CodeUnits",
        "results": results,
        "invocations": [
            {
                "exitCode": exit_status(report),
                "executionSuccessful": not any(r.error for r in report.files),
                "workingDirectory": {"uri": root_uri(base)},
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(deep_unicode_safe(document), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
