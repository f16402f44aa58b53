"""One finding per misfire: a market rule that answers copy more precisely than a broad class rule
(``supersedes``) speaks alone in that segment, and a combination rule (``near``) reports a post once."""

from __future__ import annotations

import textwrap

import pytest

from culturelint.errors import PackError
from culturelint.packs.loader import load_packset

PACK = """
pack: t/taboo
markets: [en-GB]
language: en
category: taboo
references: [https://example.org]
rules:
  - id: t.taboo.broad
    severity: warning
    message: broad
    rationale: r
    match: {terms: [memorial, tribute]}
    near: {terms: [sale, discount], within: segment}
    examples:
      bad: ["Memorial sale today.", "Tribute discount and memorial sale."]
      good: ["A memorial service today.", "A tribute concert."]
  - id: t.taboo.precise
    severity: error
    message: precise
    rationale: r
    {supersedes}
    match: {terms: [memorial day]}
    near: {terms: [sale], within: segment}
    examples:
      bad: ["Memorial Day sale now.", "Our Memorial Day sale."]
      good: ["Memorial Day parade.", "A sale on Monday."]
"""


def packset(tmp_path, supersedes: str):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "taboo.yaml").write_text(textwrap.dedent(PACK).replace("{supersedes}", supersedes), encoding="utf-8")
    return load_packset([folder], builtin=False)


def fired(check_text, pack_set, text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check_text(text, "en-GB", pack_set=pack_set) if f.rule.startswith("t.")]


def test_the_precise_rule_speaks_alone_in_its_segment(tmp_path, check_text) -> None:
    text = "Memorial Day sale: 20% off.\n\nA tribute discount for nurses next week.\n"
    without = packset(tmp_path, "supersedes: []")
    assert fired(check_text, without, text) == [("t.taboo.broad", 1), ("t.taboo.precise", 1), ("t.taboo.broad", 3)]
    with_it = packset(tmp_path, "supersedes: [t.taboo.broad]")
    # the second paragraph is another segment: the broad rule still reports it
    assert fired(check_text, with_it, text) == [("t.taboo.precise", 1), ("t.taboo.broad", 3)]


def test_a_combination_rule_reports_a_segment_once(tmp_path, check_text) -> None:
    pack_set = packset(tmp_path, "supersedes: []")
    assert fired(check_text, pack_set, "Tribute discount and memorial sale.") == [("t.taboo.broad", 1)]


@pytest.mark.parametrize(
    "supersedes, message",
    [
        ("supersedes: [t.taboo.nothing]", "supersedes 't.taboo.nothing', which is no rule"),
        ("supersedes: [t.taboo.precise]", r"must be a rule id \(lowercase, dotted\) other than the rule's own"),
        ("supersedes: [Not An Id]", "must be a rule id"),
    ],
)
def test_supersedes_names_real_other_rules(tmp_path, supersedes: str, message: str) -> None:
    with pytest.raises(PackError, match=message):
        packset(tmp_path, supersedes)


def test_builtin_market_rules_replace_the_global_class_rule(check_text) -> None:
    found = {f.rule for f in check_text("Remembrance Sunday sale: 20% off everything, shop now!", "en-GB")}
    assert "en-gb.holiday.remembrance-promotion" in found
    assert "global.holiday.remembrance-sales-pitch" not in found
    # in a market without its own rule the class rule still speaks
    found = {f.rule for f in check_text("Remembrance Sunday sale: 20% off everything, shop now!", "en-SG")}
    assert "global.holiday.remembrance-sales-pitch" in found
