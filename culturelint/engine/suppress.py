"""Is this spot suppressed? Inline directives, applied after matching; unused ones are reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Directive, Document, Finding, Suppression
from .select import specificity


def _covers(directive: Directive, finding: Finding, aliases: tuple[str, ...]) -> bool:
    """A directive names the finding's rule by id, prefix or category, or by a former id."""
    if not directive.rules:
        return True
    return any(specificity(r, finding.rule, finding.category, aliases) >= 0 for r in directive.rules)


def _target_line(directive: Directive, document: Document) -> int:
    """next-line points at the next line that has any text, so a blank line in between is fine."""
    lines = document.source.split("\n")
    for number in range(directive.line + 1, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    return directive.line + 1


SILENCING = ("next-line", "disable")


def apply(
    findings: list[Finding],
    document: Document,
    require_reason: bool = False,
    former: Callable[[str], tuple[str, ...]] = lambda rule_id: (),
) -> tuple[list[Finding], list[Finding], list[Directive], list[Directive]]:
    """The findings no directive covers, the ones a directive covers (stamped with the first
    covering directive as their ``suppression``), the directives that covered nothing, and (with
    ``require_reason``) the directives that give no reason, which silence nothing. ``former``
    gives a rule's former ids, which directives may still name."""
    unreasoned = {
        i for i, d in enumerate(document.directives) if require_reason and d.kind in SILENCING and not d.reason
    }
    used: set[int] = set()
    kept, hidden = [], []
    ranges = _ranges(document.directives)
    targets = {i: _target_line(d, document) for i, d in enumerate(document.directives) if d.kind == "next-line"}
    for finding in findings:
        by: Directive | None = None
        aliases = former(finding.rule)
        for i, directive in enumerate(document.directives):
            if i in unreasoned:
                continue
            if directive.kind == "next-line":
                hit = targets[i] == finding.line and _covers(directive, finding, aliases)
            elif directive.kind == "disable":
                start, end = ranges[i]
                hit = start < finding.line <= end and _covers(directive, finding, aliases)
            else:
                hit = False
            if hit:
                used.add(i)
                by = by or directive
        if by is None:
            kept.append(finding)
        else:
            origin = f"{document.path}:{by.line}"
            hidden.append(replace(finding, suppression=Suppression("inline", by.reason, origin)))
    unused = [
        d for i, d in enumerate(document.directives) if i not in used and i not in unreasoned and d.kind in SILENCING
    ]
    return kept, hidden, unused, [document.directives[i] for i in sorted(unreasoned)]


def _ranges(directives: tuple[Directive, ...]) -> dict[int, tuple[int, int]]:
    """Each disable runs to the first later enable naming the same rules (or any), else to the end."""
    out = {}
    for i, directive in enumerate(directives):
        if directive.kind != "disable":
            continue
        end = 10**9
        for later in directives[i + 1 :]:
            if (
                later.kind == "enable"
                and later.line >= directive.line
                and (not later.rules or set(directive.rules) <= set(later.rules))
            ):
                end = later.line
                break
        out[i] = (directive.line, end)
    return out
