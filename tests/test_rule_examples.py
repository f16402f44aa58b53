"""Every built-in rule's bad examples fire and its good examples do not."""

from __future__ import annotations

import pytest

from culturelint.packs.loader import load_packset
from culturelint.rulekinds import MatchRule
from culturelint.testing import run_rule

PACKSET = load_packset()


@pytest.mark.parametrize("rule_id", sorted(PACKSET.rules))
def test_rule_examples(rule_id: str) -> None:
    results = run_rule(PACKSET.rules[rule_id], PACKSET)
    failures = [r.describe() for r in results if not r.passed]
    assert not failures, "\n".join(failures)
    assert any(r.side == "bad" for r in results) and any(r.side == "good" for r in results)


def test_starter_knowledge_covers_every_category_and_kind() -> None:
    from culturelint.model import CATEGORIES

    rules = list(PACKSET.rules.values())
    assert len(rules) >= 60
    assert {r.category for r in rules} >= set(CATEGORIES)
    kinds = {r.kind for r in rules}
    assert kinds == {"match", "requirement", "consistency", "language", "locale"}
    specs = [spec for r in rules for _, spec in r.specs()]
    for kind in ("terms", "lemmas", "patterns", "regex", "emoji"):
        assert any(getattr(s, kind) for s in specs), kind
    roles = {role for r in rules for role, _ in r.specs()}
    assert {"match", "near", "unless", "require", "reject", "signals"} <= roles
    assert any(getattr(r, "placement", None) for r in rules)
    for market in ("en-US", "en-GB", "de-DE", "ja-JP", "global"):
        assert any(market in r.markets for r in rules), market


def test_every_rule_is_documented_and_sourced() -> None:
    for rule in PACKSET.rules.values():
        assert rule.rationale.strip(), rule.id
        assert rule.references, rule.id
        assert all(ref.startswith(("http://", "https://")) for ref in rule.references), rule.id
        assert rule.id.split(".")[0] in (rule.pack.split("/")[0].lower(), "global"), rule.id


def test_no_term_is_both_matched_and_excepted() -> None:
    for rule in PACKSET.rules.values():
        if isinstance(rule, MatchRule) and rule.unless:
            exact = rule.match.case_sensitive or rule.unless.spec.case_sensitive
            norm = (lambda t: t) if exact else str.lower
            both = {norm(t) for t in rule.match.terms} & {norm(t) for t in rule.unless.spec.terms}
            assert not both, f"{rule.id}: {both}"
