"""Every built-in rule's bad examples fire, where they should and with the fix they should write,
and its good examples do not.

Where each bad example fires (line, column, end, matched text) and what ``--fix`` writes are pinned
in tests/data/example-hits.json; ``CULTURELINT_UPDATE_GOLDEN=1`` rewrites the entries that differ,
and those tests then fail, so a change of place is always looked at."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT

from culturelint.fix import apply_to_text
from culturelint.packs.loader import load_packset
from culturelint.rulekinds import MatchRule
from culturelint.testing import ExampleResult, run_rule

PACKSET = load_packset()
HITS = ROOT / "tests" / "data" / "example-hits.json"
STORED: dict[str, Any] = json.loads(HITS.read_text(encoding="utf-8")) if HITS.exists() else {}
UPDATED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def _write_updates() -> Iterator[None]:
    yield
    if UPDATED:
        merged = {**STORED, **UPDATED}
        merged = {k: merged[k] for k in sorted(merged) if k in PACKSET.rules}
        HITS.write_text(json.dumps(merged, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def where_fired(results: list[ExampleResult]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        if r.side != "bad":
            continue
        fixes = [f for f in r.findings if f.fix is not None]
        entry: dict[str, Any] = {
            "example": r.example.text,
            "hits": [[f.line, f.column, f.end_line, f.end_column, f.match] for f in r.findings],
        }
        if fixes:
            entry["fixed"] = apply_to_text(r.example.text, fixes)[0]
        out.append(entry)
    return out


@pytest.mark.parametrize("rule_id", sorted(PACKSET.rules))
def test_rule_examples(rule_id: str) -> None:
    results = run_rule(PACKSET.rules[rule_id], PACKSET)
    failures = [r.describe() for r in results if not r.passed]
    assert not failures, "\n".join(failures)
    assert any(r.side == "bad" for r in results) and any(r.side == "good" for r in results)
    fired = where_fired(results)
    if os.environ.get("CULTURELINT_UPDATE_GOLDEN") and STORED.get(rule_id) != fired:
        UPDATED[rule_id] = fired
        pytest.fail(f"{HITS.name}: {rule_id} updated; review the diff and rerun")
    if rule_id in STORED:  # a new rule is pinned by the next CULTURELINT_UPDATE_GOLDEN=1 run
        assert fired == STORED[rule_id], f"{rule_id} fired elsewhere than {HITS.name} says"


def test_starter_knowledge_covers_every_category_and_kind() -> None:
    from culturelint.model import CATEGORIES

    rules = list(PACKSET.rules.values())
    assert len(rules) >= 60
    assert {r.category for r in rules} >= set(CATEGORIES)
    kinds = {r.kind for r in rules}
    assert kinds == {"match", "requirement", "consistency", "language", "locale", "names", "zodiac", "pair"}
    specs = [spec for r in rules for _, spec in r.specs()]
    for kind in ("terms", "lemmas", "patterns", "regex", "emoji"):
        assert any(getattr(s, kind) for s in specs), kind
    assert any(s.lexicons for s in specs), "lexicons"
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


def test_every_rule_is_tested_both_ways() -> None:
    """Each rule carries at least two harmless examples a literal reading would hit and at least
    two bad ones, one worded away from the other (issue 10: rules robust both ways)."""
    thin = [r.id for r in PACKSET.rules.values() if len(r.good) < 2 or len(r.bad) < 2]
    assert thin == [], f"{len(thin)} rules with fewer than 2 good or 2 bad examples: {thin[:20]}"
