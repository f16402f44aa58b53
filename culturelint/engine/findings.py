"""Place raw hits in the original source and stamp them as Findings."""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import replace

from ..model import Document, Finding, Hit, Severity
from ..nlp import fold
from ..nlp.parsed import Parsed
from ..rulekinds import Raw
from .select import Selection

NEIGHBOURS = 2  # words each side of a match that its fingerprint hashes, within its sentence
# findings about the whole document (a required label missing, copy in the wrong language): they
# point at the first line of copy, but their fingerprint must not depend on what that line says
DOCUMENT_CASES = frozenset({"missing", "language"})


def place(raw: Raw, parsed: Parsed, market: str, selection: Selection, lang: str | None = None) -> Finding:
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
    if segment is None or raw.case in DOCUMENT_CASES:
        anchor = "\x1ddocument"
    else:
        anchor = f"{normal(match)}\x1e{neighbourhood(parsed, raw.hit)}"
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
        message=rule.render(raw, match, lang),
        rationale=" ".join(rule.rationale.split()),
        suggestions=rule.suggest,
        references=rule.references,
        fingerprint="",
        markets=(market,),
        key=segment.key if segment else None,
        context=parsed.context(raw.hit) if segment is not None else "",
        fix=rule.replacement(match) if raw.case == "match" and match and fixable else None,
        disclosure=raw.disclosure,
        anchor=anchor,
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
        anchor=f"\x1dmeta\x1e{normal(message)}",
    )


def normal(text: str) -> str:
    """Text as fingerprints compare it: folded, lower case, runs of white space as one space."""
    return " ".join(fold(text).lower().split())


def neighbourhood(parsed: Parsed, hit: Hit) -> str:
    """Up to NEIGHBOURS words before and after the hit, inside its sentence (punctuation and
    spaces left out): enough to tell two occurrences apart, small enough that an edit elsewhere in
    the sentence leaves it alone."""
    doc = parsed.docs[hit.segment]
    starts = parsed.token_starts[hit.segment]
    if not len(doc) or not starts:
        return ""
    first, last = parsed.sentence_span(hit)
    before: list[str] = []
    index = bisect.bisect_left(starts, hit.start) - 1
    while index >= 0 and starts[index] >= first and len(before) < NEIGHBOURS:
        token = doc[index]
        if token.idx + len(token.text) <= hit.start and not (token.is_space or token.is_punct):
            before.append(token.text.lower())
        index -= 1
    after: list[str] = []
    index = bisect.bisect_left(starts, max(hit.end, hit.start + 1))
    while index < len(starts) and starts[index] < last and len(after) < NEIGHBOURS:
        token = doc[index]
        if not (token.is_space or token.is_punct):
            after.append(token.text.lower())
        index += 1
    return f"{' '.join(reversed(before))}\x1e{' '.join(after)}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def fingerprint(finding: Finding, rule: str | None = None) -> str:
    """The same wherever the file lies and however its path is written, and across edits
    elsewhere in the file or sentence: the rule (or ``rule``, a former id), the normalised match
    and the few words around it (``Finding.anchor``); never the path or the line."""
    anchor = finding.anchor or normal(finding.match)
    return _digest("culturelint/2", rule or finding.rule, anchor)


def legacy_fingerprint(finding: Finding, rule: str | None = None, path: str | None = None) -> str:
    """The fingerprint culturelint 0.1 wrote (rule, path as written, match and whole sentence), so a
    baseline written by it keeps working."""
    basis = "\x1f".join(
        (
            rule or finding.rule,
            finding.path if path is None else path,
            fold(finding.match).lower(),
            fold(finding.context).lower(),
        )
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def numbered(digest: str, occurrence: int) -> str:
    """The fingerprint of the ``occurrence``-th finding (from 1) with the same digest in a file."""
    return digest if occurrence <= 1 else hashlib.sha256(f"{digest}:{occurrence}".encode()).hexdigest()[:20]


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Each finding stamped with its fingerprint; a repeat of the same one gets a numbered variant."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        digest = fingerprint(finding)
        seen[digest] += 1
        out.append(replace(finding, fingerprint=numbered(digest, seen[digest])))
    return out
