"""Issue 11, item 1 for the European (and Latin American Spanish/Portuguese) disclosure markets: every
label a regulator accepts passes and every label it rejects is caught. The cases come from the
regulator data in tests/realcases/regulator/<market>.yaml: each accepted or rejected entry that
carries a `caption` (a realistic sponsored post written with that label) is checked with the
built-in packs, as a sponsored post."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DAY

REGULATOR = Path(__file__).resolve().parent / "realcases" / "regulator"
MARKETS = (
    "de-DE",
    "de-AT",
    "de-CH",
    "fr-FR",
    "fr-BE",
    "nl-BE",
    "es-ES",
    "es-MX",
    "it-IT",
    "nl-NL",
    "pt-BR",
    "pt-PT",
    "pl-PL",
    "el-GR",
)
FILES = {"fr-BE": "be", "nl-BE": "be"}


def _cases() -> list[tuple[str, str, str, str]]:
    """(market, verdict, label, caption) for every entry with a caption."""
    out = []
    for market in MARKETS:
        data = yaml.safe_load((REGULATOR / f"{FILES.get(market, market)}.yaml").read_text(encoding="utf-8"))
        for verdict in ("accepted", "rejected"):
            for entry in data.get(verdict) or []:
                if not entry.get("caption") or entry.get("market", market) != market:
                    continue
                out.append((market, verdict, str(entry["text"]), str(entry["caption"])))
    return out


CASES = _cases()


def _disclosure(check_text, text: str, market: str) -> list:
    return [f for f in check_text(text, market, sponsored=True, day=DAY) if f.category == "disclosure"]


@pytest.mark.parametrize(("market", "verdict", "label", "caption"), CASES, ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in CASES])
def test_regulator_label(check_text, market: str, verdict: str, label: str, caption: str) -> None:
    found = _disclosure(check_text, caption, market)
    if verdict == "accepted":
        assert found == [], f"{market} regulator accepts {label!r}, but: {[f.message for f in found]}"
    else:
        assert found, f"{market} regulator rejects {label!r}, but the caption passed: {caption!r}"
        assert all(f.severity >= 2 for f in found)  # error: a regulator has ruled or a law requires it


@pytest.mark.parametrize("market", MARKETS)
def test_every_market_has_regulator_cases_both_ways(market: str) -> None:
    verdicts = {verdict for m, verdict, _, _ in CASES if m == market}
    assert verdicts == {"accepted", "rejected"}


@pytest.mark.parametrize("market", MARKETS)
def test_findings_speak_the_regulators_terms(packset, market: str) -> None:
    """Each disclosure rule words all three findings itself, in the market's language: what is wrong
    (absent / insufficient / not visible), which label, where, and under which instrument."""
    rules = [
        r
        for r in packset.rules.values()
        if r.category == "disclosure" and market in r.markets and r.kind == "requirement"
    ]
    assert rules
    for rule in rules:
        messages = dict(rule.messages)
        assert {"missing", "rejected", "misplaced"} <= set(messages), rule.id
        assert "{labels}" in messages["missing"] and "{match}" in messages["rejected"], rule.id
        assert "{match}" in messages["misplaced"], rule.id
