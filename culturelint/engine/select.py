"""Is a rule on? A cached decision per rule id from --select/--ignore, and severity overrides.

A selector is an id, a dotted id prefix (``ja-jp`` or ``ja-jp.number``), a category, or ``all``.
As in flake8, when a select and an ignore selector both match a rule, the more specific (longer)
one wins; an exact id beats everything. A renamed rule still answers to its former ids (aliases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Severity
from ..rulekinds import Rule


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """An id, a dotted prefix of ids (``ja-jp`` or ``ja-jp.number``), or a category name."""
    selector = selector.strip().lower()
    if selector in ("all", "*"):
        return True
    return rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".") or category == selector


def specificity(selector: str, rule_id: str, category: str, aliases: tuple[str, ...] = ()) -> int:
    """How closely a selector names a rule: -1 not at all, else longer is more specific."""
    selector = selector.strip().lower()
    best = -1
    for name in (rule_id, *aliases):
        if selector == name:
            return 10_000
        if selector_matches(selector, name, category):
            best = max(best, 0 if selector in ("all", "*") else len(selector))
    return best


@dataclass
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    _decisions: dict[str, bool] = field(default_factory=dict)

    def enabled(self, rule: Rule) -> bool:
        decision = self._decisions.get(rule.id)
        if decision is None:
            chosen = max(
                (specificity(s, rule.id, rule.category, rule.aliases) for s in self.select),
                default=0 if not self.select else -1,
            )
            dropped = max((specificity(s, rule.id, rule.category, rule.aliases) for s in self.ignore), default=-1)
            # chosen when selected at all and no ignore is as specific (a tie goes to ignore)
            decision = self._decisions[rule.id] = chosen >= 0 and chosen > dropped
        return decision

    def matched_nothing(self, rules: list[Rule]) -> list[str]:
        """Selectors that name no rule at all: a typo that would otherwise check nothing."""
        return [
            s
            for s in self.select + self.ignore
            if not any(specificity(s, r.id, r.category, r.aliases) >= 0 for r in rules)
        ]

    def severity_of(self, rule_id: str, category: str, default: Severity, aliases: tuple[str, ...] = ()) -> Severity:
        """The most specific override wins: an id beats a prefix beats a category."""
        best: tuple[int, Severity] | None = None
        for selector, level in self.severity.items():
            weight = specificity(selector, rule_id, category, aliases)
            if weight >= 0 and (best is None or weight > best[0]):
                best = (weight, level)
        return best[1] if best else default
