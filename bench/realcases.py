#!/usr/bin/env python3
"""Recall and precision on real copy: lines that misfired in their market (withdrawn, apologised
for, banned, ruled against) and real harmless lines, from tests/realcases/{misfires,harmless}/.

    python bench/realcases.py                      # tables per market and per class
    python bench/realcases.py --missed --market de-AT   # the misfires nothing caught, with sources
    python bench/realcases.py --false              # the harmless lines that got a finding, and which rule
    python bench/realcases.py --json out.json      # the same figures as JSON

A line counts as flagged when culturelint reports a warning or an error on it for its market
(engine notices and info findings do not count). Recall = misfires flagged / misfires; the
false-alarm rate = harmless lines flagged / harmless lines; precision = flagged misfires / all
flagged lines. A benchmark, not a timed test: ``tests/test_realcases.py`` asserts a floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "realcases"
DAY = dt.date(2026, 12, 3)


@dataclass(frozen=True)
class Line:
    kind: str  # misfire | harmless
    text: str
    market: str
    misfire_class: str
    source: str
    where: str  # file:index
    sponsored: bool | None = None
    channel: str | None = None


@dataclass
class Outcome:
    line: Line
    rules: tuple[str, ...]  # warning/error rules that fired

    @property
    def flagged(self) -> bool:
        return bool(self.rules)


@dataclass
class Tally:
    misfires: int = 0
    caught: int = 0
    harmless: int = 0
    false_alarms: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.line.kind == "misfire":
            self.misfires += 1
            self.caught += outcome.flagged
        else:
            self.harmless += 1
            self.false_alarms += outcome.flagged

    @property
    def recall(self) -> float | None:
        return self.caught / self.misfires if self.misfires else None

    @property
    def false_rate(self) -> float | None:
        return self.false_alarms / self.harmless if self.harmless else None

    @property
    def precision(self) -> float | None:
        flagged = self.caught + self.false_alarms
        return self.caught / flagged if flagged else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "misfires": self.misfires,
            "caught": self.caught,
            "harmless": self.harmless,
            "false_alarms": self.false_alarms,
            "recall": self.recall,
            "false_alarm_rate": self.false_rate,
            "precision": self.precision,
        }


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)

    def by(self, key: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for outcome in self.outcomes:
            tallies[getattr(outcome.line, key)].add(outcome)
        return dict(sorted(tallies.items()))

    def total(self) -> Tally:
        tally = Tally()
        for outcome in self.outcomes:
            tally.add(outcome)
        return tally


def load_lines(folder: Path = CASES) -> list[Line]:
    lines = []
    for kind, sub in (("misfire", "misfires"), ("harmless", "harmless")):
        for path in sorted((folder / sub).glob("*.yaml")):
            for i, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
                lines.append(
                    Line(
                        kind=kind,
                        text=str(item["text"]),
                        market=str(item["market"]),
                        misfire_class=str(item.get("class") or "other"),
                        source=str(item.get("source", "")),
                        where=f"{path.relative_to(ROOT)}:{i}",
                        sponsored=item.get("sponsored"),
                        channel=item.get("channel"),
                    )
                )
    return lines


def run(lines: Iterable[Line], packset: Any = None) -> Results:
    from culturelint.engine import CheckOptions, check_document
    from culturelint.model import DocumentMeta, Severity
    from culturelint.packs.loader import load_packset
    from culturelint.readers.text import TextReader

    packset = packset or load_packset()
    options = CheckOptions(day=DAY)
    results = Results()
    for line in lines:
        market = packset.markets.resolve(line.market)
        document = TextReader().read("<line>", line.text)[0]
        meta = DocumentMeta(markets=(market,), sponsored=line.sponsored, channel=line.channel, market_source="option")
        result = check_document(replace(document, meta=meta), packset, options)
        serious = (f for f in result.findings if f.severity >= Severity.WARNING)
        rules = tuple(sorted({f.rule for f in serious if not f.rule.startswith("culturelint.")}))
        results.outcomes.append(Outcome(line, rules))
    return results


def pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:4.0f}%"


def table(title: str, tallies: dict[str, Tally], total: Tally) -> str:
    head = f"{'misfires':>8} {'caught':>6} {'recall':>6}   {'harmless':>8} {'flagged':>7} {'rate':>5}  {'prec.':>5}"
    rows = [f"{title:<22} {head}"]
    for name, t in list(tallies.items()) + [("ALL", total)]:
        rows.append(
            f"{name:<22} {t.misfires:>8} {t.caught:>6} {pct(t.recall):>6}   {t.harmless:>8} {t.false_alarms:>7} "
            f"{pct(t.false_rate):>5}  {pct(t.precision):>5}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--market", action="append", default=[], help="only these markets (repeatable)")
    parser.add_argument("--class", dest="classes", action="append", default=[], help="only these classes")
    parser.add_argument("--missed", action="store_true", help="list the misfires nothing caught")
    parser.add_argument("--false", dest="false_alarms", action="store_true", help="list harmless lines flagged")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON ('-' for stdout)")
    parser.add_argument("--cases", metavar="DIR", default=str(CASES), help="another corpus folder (a held-out set)")
    args = parser.parse_args(argv)
    lines = [
        line
        for line in load_lines(Path(args.cases))
        if (not args.market or line.market in args.market) and (not args.classes or line.misfire_class in args.classes)
    ]
    results = run(lines)
    total = results.total()
    if args.json:
        data = {
            "total": total.as_dict(),
            "markets": {k: v.as_dict() for k, v in results.by("market").items()},
            "classes": {k: v.as_dict() for k, v in results.by("misfire_class").items()},
        }
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if args.json == "-":
            print(text)
            return 0
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(table("market", results.by("market"), total))
    print()
    print(table("class", results.by("misfire_class"), total))
    for outcome in results.outcomes:
        line = outcome.line
        if args.missed and line.kind == "misfire" and not outcome.flagged:
            print(f"\nMISSED {line.market} [{line.misfire_class}] {line.where}\n  {line.text}\n  {line.source}")
        if args.false_alarms and line.kind == "harmless" and outcome.flagged:
            rules = ", ".join(outcome.rules)
            print(f"\nFALSE  {line.market} [{line.misfire_class}] {line.where} {rules}\n  {line.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
