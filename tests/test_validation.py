"""One validation toolkit for packs, config, front matter, deck entries and the markets table: the
same file:line:col, key path and did-you-mean everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pack_set_from

from culturelint.config import load_config
from culturelint.errors import ConfigError, InputError, PackError
from culturelint.packs.markets import MarketTable
from culturelint.readers import reader_for


def test_unknown_front_matter_key_warns_with_the_nearest_key(check_text) -> None:
    found = check_text("---\nmarkt: de-DE\nsponsered: true\nx-campaign: winter\n---\nHallo.\n", None)
    warnings = [f for f in found if f.rule == "culturelint.unknown-key"]
    assert [(f.line, f.column, f.message) for f in warnings] == [
        (2, 1, "unknown key 'markt'; did you mean 'market'?"),
        (3, 1, "unknown key 'sponsered'; did you mean 'sponsored'?"),
    ]
    assert all(str(f.severity) == "warning" for f in warnings)


def test_front_matter_type_errors_name_the_place() -> None:
    with pytest.raises(InputError) as info:
        reader_for("a.md").read("a.md", "---\nmarket: de-DE\nsponsored: maybe\n---\nHallo.\n")
    assert str(info.value) == "a.md:3:12: at key 'sponsored': expected true or false, got 'maybe'"


def test_deck_entry_errors_name_the_place() -> None:
    with pytest.raises(InputError) as info:
        reader_for("d.json").read("d.json", '{"posts": [{"market": "de-DE", "date": "soon", "text": "x"}]}')
    assert "d.json:1:" in str(info.value) and "expected a date YYYY-MM-DD" in str(info.value)


def test_config_errors_share_the_format(tmp_path: Path) -> None:
    path = tmp_path / "culturelint.yaml"
    path.write_text("markets:\n  'copy/*': de-DE\nfail_on: warnings\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).endswith(
        "culturelint.yaml:3:10: at key 'fail_on': unknown value 'warnings'; "
        "did you mean 'warning'? (one of: error, info, never, warning)"
    )
    path.write_text("selcet: [taboo]\n", encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"culturelint.yaml:1:1: at key 'selcet': unknown key 'selcet'; "
        r"did you mean 'select'\?",
    ):
        load_config(path)


def test_markets_table_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "markets.yaml"
    path.write_text("markets:\n  de-DE: {name: Germany, langauge: de}\n", encoding="utf-8")
    with pytest.raises(
        PackError,
        match=r"markets.yaml:2:26: at key 'markets.de-DE.langauge': unknown key "
        r"'langauge'; did you mean 'language'\?",
    ):
        MarketTable.load(path)
    path.write_text("markets:\n  de-DE: {language: de}\ngroups:\n  dach: [de-DE, de-AU]\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"group 'dach' names unknown market 'de-AU'; did you mean 'de-DE'\?"):
        MarketTable.load(path)


RULE = """
pack: t/taboo
markets: [en-GB]
language: en
category: taboo
references: [https://example.org]
rules:
  - id: t.taboo.x
    severity: warning
    message: x
    rationale: x
{body}
    examples: {{bad: ["a"], good: ["b"]}}
"""


@pytest.mark.parametrize(
    "body, where",
    [
        ("    match: {terms: [a]}\n    unless: {patterns: [[{LOWR: b}]]}", "rules[0].unless.patterns[0]"),
        ("    match: {terms: [a]}\n    near: {patterns: [[{LOWER: {INN: [b]}}]]}", "rules[0].near.patterns[0]"),
        (
            "    require: {terms: [a]}\n    when: {signals: {patterns: [[{TEXT: {REGEX: 1}}]]}}",
            "rules[0].when.signals.patterns[0]",
        ),
    ],
)
def test_token_patterns_are_validated_in_every_role(write_pack, body: str, where: str) -> None:
    with pytest.raises(PackError, match="invalid spaCy token pattern") as info:
        pack_set_from(write_pack(RULE.format(body=body)))
    assert info.value.key == where


def test_a_key_of_another_kind_says_what_the_kind_takes(write_pack) -> None:
    body = "    match: {terms: [a]}\n    placement: {first_line: true}"
    with pytest.raises(
        PackError,
        match=r"'placement' does not apply to a match rule \(it takes: match, near, "
        r"unless, when\)",
    ):
        pack_set_from(write_pack(RULE.format(body=body)))
