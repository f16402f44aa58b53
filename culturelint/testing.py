"""Run every rule's examples: bad ones must fire, good ones must not. Used by `rules test` and pytest,
and by third-party pack authors for their own packs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .engine import CheckOptions, check_document
from .engine.select import Selection
from .model import Document, DocumentMeta
from .packs.loader import PackSet
from .packs.markets import GLOBAL
from .packs.rule import Example, Rule
from .readers.text import TextReader


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: Rule
    side: str  # bad | good
    example: Example
    market: str
    fired: bool

    @property
    def passed(self) -> bool:
        return self.fired == (self.side == "bad")

    def describe(self) -> str:
        expectation = "should fire but did not" if self.side == "bad" else "should not fire but did"
        return f"{self.rule.source}:{self.rule.line}: {self.rule.id} [{self.market}] {self.side} " \
               f"example {expectation}: {self.example.text!r}"


def example_market(rule: Rule, packset: PackSet) -> str:
    """The market an example runs in when it names none: the pack's first concrete market."""
    table = packset.markets
    for target in rule.markets:
        if target in table.markets or target in table.extra:
            return target
        if target.startswith("@") and table.groups.get(target[1:]):
            return table.groups[target[1:]][0]
        if "-" not in target and target not in ("*", GLOBAL):
            for tag, market in table.markets.items():
                if market.language == target:
                    return tag
    return GLOBAL


def example_document(rule: Rule, example: Example, market: str) -> Document:
    document = TextReader().read("<example>", example.text)[0]
    document.meta = DocumentMeta(markets=(market,), sponsored=example.sponsored,
                                 channel=example.channel, date=example.date,
                                 market_source="option")
    return document


def run_rule(rule: Rule, packset: PackSet) -> list[ExampleResult]:
    selection = Selection(select=(rule.id,))
    day = rule.active_from or dt.date.today()
    results = []
    for side, examples in (("bad", rule.bad), ("good", rule.good)):
        for example in examples:
            market = example.market or example_market(rule, packset)
            document = example_document(rule, example, market)
            findings = check_document(document, packset, CheckOptions(example.date or day, selection))
            fired = any(f.rule == rule.id for f in findings)
            results.append(ExampleResult(rule, side, example, market, fired))
    return results


def run_all(packset: PackSet, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    return [result for rule in packset.rules.values()
            if rule_ids is None or rule.id in rule_ids
            for result in run_rule(rule, packset)]
