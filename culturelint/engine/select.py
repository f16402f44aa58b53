"""Is a rule on? A cached decision per rule id from --select/--ignore and severity overrides."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Severity
from ..packs.rule import Rule


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """An id, a dotted prefix of ids (``ja-jp`` or ``ja-jp.number``), or a category name."""
    selector = selector.strip().lower()
    if selector in ("all", "*"):
        return True
    return (rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".")
            or category == selector)


@dataclass
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    _decisions: dict[str, bool] = field(default_factory=dict)

    def enabled(self, rule: Rule) -> bool:
        decision = self._decisions.get(rule.id)
        if decision is None:
            chosen = not self.select or any(selector_matches(s, rule.id, rule.category)
                                            for s in self.select)
            dropped = any(selector_matches(s, rule.id, rule.category) for s in self.ignore)
            decision = self._decisions[rule.id] = chosen and not dropped
        return decision

    def severity_of(self, rule_id: str, category: str, default: Severity) -> Severity:
        """The most specific override wins: an id beats a prefix beats a category."""
        best: tuple[int, Severity] | None = None
        for selector, level in self.severity.items():
            if selector_matches(selector, rule_id, category):
                weight = len(selector) + (1000 if selector == rule_id else 0)
                if best is None or weight > best[0]:
                    best = (weight, level)
        return best[1] if best else default
