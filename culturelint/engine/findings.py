"""Place raw hits in the original source and stamp them as Findings."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from ..model import Document, Finding, Severity
from ..nlp import fold
from ..nlp.parsed import Parsed
from ..rulekinds import Raw
from .select import Selection


def place(raw: Raw, parsed: Parsed, market: str, selection: Selection) -> Finding:
    document = parsed.document
    segment = document.segments[raw.hit.segment] if document.segments and raw.hit.segment >= 0 else None
    if segment is None:  # about the document, not a spot in it (a declared name absent from the copy)
        start = end = 0
    else:
        start = segment.offsets.start(raw.hit.start)
        end = segment.offsets.end(raw.hit.end) if raw.hit.end > raw.hit.start else start
    first = document.lines.position(start)
    last = document.lines.position(end)
    match = document.source[start:end] if segment is not None else dict(raw.fields).get("match", "")
    fixable = segment is not None
    if segment is not None and segment.offsets.table is not None and not segment.offsets.literal:
        # decoded copy (HTML entities and tags, JSON/CSV/PO escapes): show what the reader sees, and
        # offer a fix only when the source spells it the same way, so --fix never breaks the markup
        decoded = segment.text[raw.hit.start : raw.hit.end]
        fixable = decoded == match
        match = decoded
    rule = raw.rule
    severity = selection.severity_of(rule.id, rule.category, rule.severity, rule.aliases)
    if raw.at_most is not None:
        severity = min(severity, raw.at_most)
    return Finding(
        rule=rule.id,
        pack=rule.pack,
        category=rule.category,
        severity=severity,
        market=market,
        path=document.path,
        line=first.line,
        column=first.column,
        end_line=last.line,
        end_column=last.column,
        match=match,
        message=rule.render(raw, match),
        rationale=" ".join(rule.rationale.split()),
        suggestions=rule.suggest,
        references=rule.references,
        fingerprint="",
        markets=(market,),
        key=segment.key if segment else None,
        context=parsed.context(raw.hit) if segment is not None else "",
        fix=rule.replacement(match) if raw.case == "match" and match and fixable else None,
        disclosure=raw.disclosure,
    )


def meta_finding(
    document: Document,
    rule: str,
    message: str,
    line: int = 1,
    column: int = 1,
    severity: Severity = Severity.INFO,
    market: str = "",
) -> Finding:
    """A finding from culturelint itself (no market set, unused suppression), not from a pack."""
    return Finding(
        rule=rule,
        pack="culturelint",
        category="meta",
        severity=severity,
        market=market,
        path=document.path,
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        match="",
        message=message,
        rationale="",
        suggestions=(),
        references=(),
        fingerprint="",
        markets=(market,) if market else (),
    )


def fingerprint(finding: Finding) -> str:
    """Stable across edits elsewhere in the file: rule, path, match and its sentence, not lines."""
    basis = "\x1f".join((finding.rule, finding.path, fold(finding.match).lower(), fold(finding.context).lower()))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Each finding stamped with its fingerprint; a repeat of the same one gets a numbered variant."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        digest = fingerprint(finding)
        seen[digest] += 1
        if seen[digest] > 1:
            digest = hashlib.sha256(f"{digest}:{seen[digest]}".encode()).hexdigest()[:20]
        out.append(replace(finding, fingerprint=digest))
    return out
