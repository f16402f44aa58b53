"""``culturelint rules feedback FILE...``: what reviewers decided, per rule, for the rule's authors.

Reads decision files exported from the HTML report (the same files ``check --waivers`` takes) and
sums them up per rule: how many decisions, how many were false alarms (the rate rule authors act
on), change-needed (the rule caught a real misfire) and accepted (right but allowed here), the
markets the decisions came from, and the most recent reasons and notes.

The same finding decided by the same reviewer in several files (a re-export) counts once, the
latest decision; different reviewers on one finding each count.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .waivers import LABELS, Decision, load_file

RECENT = 3  # reasons shown per rule


@dataclass
class RuleFeedback:
    rule: str
    decisions: list[Decision] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for d in self.decisions if d.decision == kind)

    @property
    def false_alarm_rate(self) -> float:
        return self.count("false-alarm") / len(self.decisions) if self.decisions else 0.0

    def markets(self) -> dict[str, dict[str, int]]:
        """Per market: decisions and false alarms (a decision on a finding in two markets counts in both)."""
        out: dict[str, dict[str, int]] = {}
        for d in self.decisions:
            for market in d.covers() or ("-",):
                row = out.setdefault(market, {"decisions": 0, "false_alarms": 0})
                row["decisions"] += 1
                row["false_alarms"] += d.decision == "false-alarm"
        return dict(sorted(out.items()))

    def recent(self) -> list[Decision]:
        """The latest decisions that say why (a reason or a note), newest first."""
        said = [d for d in self.decisions if d.reason or d.notes]
        return sorted(said, key=lambda d: d.date, reverse=True)[:RECENT]


def collect(paths: Iterable[Path | str]) -> tuple[list[RuleFeedback], int]:
    """Per-rule feedback, most false alarms first, and the number of files read."""
    latest: dict[tuple[str, str, tuple[str, ...]], Decision] = {}
    files = 0
    for path in dict.fromkeys(str(p) for p in paths):
        files += 1
        for decision in load_file(path).decisions:
            key = (decision.fingerprint, decision.reviewer.casefold(), decision.covers())
            if key not in latest or decision.date >= latest[key].date:
                latest[key] = decision
    rules: dict[str, RuleFeedback] = {}
    for decision in latest.values():
        rules.setdefault(decision.rule, RuleFeedback(decision.rule)).decisions.append(decision)
    ordered = sorted(rules.values(), key=lambda r: (-r.count("false-alarm"), -r.false_alarm_rate, r.rule))
    return ordered, files


def _why(decision: Decision) -> str:
    parts = [decision.reason] if decision.reason else []
    parts += [f"note: {n.text}" + (f" (on “{n.quote}”)" if n.quote else "") for n in decision.notes]
    return "; ".join(parts)


def format_text(rules: list[RuleFeedback], files: int) -> str:
    out = []
    for rule in rules:
        total = len(rule.decisions)
        out.append(
            f"{rule.rule}  {total} decision{'s' if total != 1 else ''}: "
            f"{rule.count('false-alarm')} false alarm ({rule.false_alarm_rate:.0%}), "
            f"{rule.count('change-needed')} change needed, {rule.count('accept')} accepted"
        )
        markets = ", ".join(
            f"{m} {row['decisions']}" + (f" ({row['false_alarms']} false)" if row["false_alarms"] else "")
            for m, row in rule.markets().items()
        )
        out.append(f"    markets: {markets}")
        for d in rule.recent():
            out.append(f"    {d.date} {LABELS[d.decision]} [{','.join(d.covers()) or '-'}] {d.reviewer}: {_why(d)}")
            out.append(f"        ({d.origin})")
    decisions = sum(len(r.decisions) for r in rules)
    alarms = sum(r.count("false-alarm") for r in rules)
    rate = f" ({alarms / decisions:.0%})" if decisions else ""
    out.append(
        f"{decisions} decisions on {len(rules)} rules from {files} file{'s' if files != 1 else ''}; "
        f"{alarms} false alarm{'s' if alarms != 1 else ''}{rate}."
    )
    return "\n".join(out) + "\n"


def as_dict(rules: list[RuleFeedback], files: int) -> dict[str, Any]:
    return {
        "schema": "culturelint/rule-feedback@1",
        "files": files,
        "rules": [
            {
                "rule": r.rule,
                "decisions": len(r.decisions),
                "accept": r.count("accept"),
                "change_needed": r.count("change-needed"),
                "false_alarm": r.count("false-alarm"),
                "false_alarm_rate": round(r.false_alarm_rate, 4),
                "markets": r.markets(),
                "reviewers": sorted({d.reviewer for d in r.decisions}),
                "recent": [
                    {
                        "date": d.date.isoformat(),
                        "decision": d.decision,
                        "markets": list(d.covers()),
                        "reviewer": d.reviewer,
                        "reason": d.reason,
                        "notes": [n.text for n in d.notes],
                        "path": d.path,
                        "match": d.match,
                        "origin": d.origin,
                    }
                    for d in r.recent()
                ],
            }
            for r in rules
        ],
    }


def format_json(rules: list[RuleFeedback], files: int) -> str:
    return json.dumps(as_dict(rules, files), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
