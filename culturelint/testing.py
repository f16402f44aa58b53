"""Run every rule's examples: bad ones must fire (where ``at`` says, and ``--fix`` must write what
``fixed`` says), good ones must not. Used by `rules test` and pytest, and by third-party pack authors
for their own packs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .engine import CheckOptions, check_document
from .engine.select import Selection
from .model import Document, DocumentMeta, Finding
from .packs.loader import PackSet
from .packs.markets import GLOBAL
from .readers.text import TextReader
from .rulekinds import Example, PairRule, Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: Rule
    side: str  # bad | good
    example: Example
    market: str
    fired: bool
    findings: tuple[Finding, ...] = ()
    problem: str | None = None  # a bad example that fired, but not where or not as ``at``/``fixed`` say

    @property
    def passed(self) -> bool:
        return self.fired == (self.side == "bad") and self.problem is None

    def describe(self) -> str:
        if self.problem:
            expectation = self.problem
        else:
            expectation = "should fire but did not" if self.side == "bad" else "should not fire but did"
        return (
            f"{self.rule.source}:{self.rule.line}: {self.rule.id} [{self.market}] {self.side} "
            f"example {expectation}: {self.example.text!r}"
        )


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


def example_document(example: Example, market: str) -> Document:
    document = TextReader().read("<example>", example.text)[0]
    return replace(
        document,
        meta=DocumentMeta(
            markets=(market,),
            sponsored=example.sponsored,
            channel=example.channel,
            date=example.date,
            market_source="option",
        ),
    )


def _check_bad(example: Example, findings: tuple[Finding, ...]) -> str | None:
    """What is wrong with where a bad example fired, or None."""
    from .fix import apply_to_text

    if example.at is not None and not any(f.match == example.at for f in findings):
        return f"should flag {example.at!r} but flagged {[f.match for f in findings]!r}"
    if example.fixed is not None:
        text, _ = apply_to_text(example.text, [f for f in findings if f.fix is not None])
        if text != example.fixed:
            return f"--fix should write {example.fixed!r} but wrote {text!r}"
    return None


def run_rule(rule: Rule, packset: PackSet) -> list[ExampleResult]:
    selection = Selection(select=(rule.id,))
    day = rule.active_from or dt.date.today()
    results = []
    for side, examples in (("bad", rule.bad), ("good", rule.good)):
        for example in examples:
            market = example.market or example_market(rule, packset)
            if isinstance(rule, PairRule):  # a source and its translation, read as a PO entry
                findings = _pair_findings(rule, example, market, packset, CheckOptions(example.date or day, selection))
                problem = _check_bad(example, findings) if side == "bad" and findings else None
                results.append(ExampleResult(rule, side, example, market, bool(findings), findings, problem))
                continue
            document = example_document(example, market)
            result = check_document(document, packset, CheckOptions(example.date or day, selection))
            findings = tuple(f for f in result.findings if f.rule == rule.id)
            problem = _check_bad(example, findings) if side == "bad" and findings else None
            results.append(ExampleResult(rule, side, example, market, bool(findings), findings, problem))
    return results


def _pair_findings(
    rule: PairRule, example: Example, market: str, packset: PackSet, options: CheckOptions
) -> tuple[Finding, ...]:
    from .pairs import default_market, example_findings

    source_market = example.source_market or default_market(rule.language, packset)
    return example_findings(rule, example.source or "", example.text, source_market, market, packset, options)


def run_all(packset: PackSet, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    return [
        result
        for rule in packset.rules.values()
        if rule_ids is None or rule.id in rule_ids
        for result in run_rule(rule, packset)
    ]
