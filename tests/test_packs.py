"""Pack validation: every problem is one message with file:line:col, the key path and a hint."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from culturelint.errors import PackError
from culturelint.packs.loader import load_pack, load_packset

GOOD_RULE = """
  - id: t.one
    severity: warning
    message: m
    rationale: r
    match: {terms: [x]}
    examples: {bad: [x], good: [y]}
"""


def pack(rules: str, head: str = "") -> str:
    return (
        "pack: t/x\nmarkets: [en-US]\nlanguage: en\ncategory: taboo\n"
        "references: [https://example.org]\n" + head + "rules:\n" + rules
    )


def error_of(write_pack: Callable[..., object], text: str) -> str:
    path = write_pack(text)
    with pytest.raises(PackError) as info:
        load_pack(path)  # type: ignore[arg-type]
    return str(info.value)


def test_valid_pack_loads(write_pack) -> None:
    loaded = load_pack(write_pack(pack(GOOD_RULE)))
    assert [r.id for r in loaded.rules] == ["t.one"]
    assert loaded.rules[0].references == ("https://example.org",)


def test_unknown_key_names_place_and_suggests(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("severity:", "severty:")))
    assert message.endswith("pack.yaml:9:5: at key 'rules[0].severty': unknown key 'severty'; did you mean 'severity'?")


def test_wrong_type(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("match: {terms: [x]}", "match: {terms: 5}")))
    assert ":12:20: at key 'rules[0].match.terms': expected a list of strings, got an integer" in message


def test_yaml_boolean_trap_is_caught(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("terms: [x]", "terms: [x, off]")))
    assert "rules[0].match.terms[1]" in message and "got a boolean" in message


def test_duplicate_id(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE + GOOD_RULE))
    assert ":15:9: at key 'rules[1].id': duplicate rule id 't.one' (first at rules[0])" in message


def test_invalid_regex(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("match: {terms: [x]}", "match: {regex: '(unclosed'}")))
    assert "at key 'rules[0].match.regex': invalid regex: missing ), unterminated subpattern" in message


def test_invalid_spacy_pattern(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("match: {terms: [x]}", "match: {patterns: [[{LOWR: x}]]}")))
    assert "at key 'rules[0].match.patterns[0]': invalid spaCy token pattern" in message
    assert "LOWR" in message


def test_missing_examples_and_sources(write_pack) -> None:
    message = error_of(write_pack, pack(GOOD_RULE.replace("    examples: {bad: [x], good: [y]}\n", "")))
    assert "missing required key 'examples'" in message
    no_refs = pack(GOOD_RULE).replace("references: [https://example.org]\n", "")
    assert "needs at least one source" in error_of(write_pack, no_refs)


def test_rule_needs_exactly_one_kind(write_pack) -> None:
    both = GOOD_RULE.replace("match: {terms: [x]}", "match: {terms: [x]}\n    require: {terms: [y]}")
    assert "exactly one of 'match', 'require'" in error_of(write_pack, pack(both))


def test_bad_market_tag_and_category(write_pack) -> None:
    assert "'en_us' is not a market tag" in error_of(write_pack, pack(GOOD_RULE).replace("[en-US]", "[en_us]"))
    message = error_of(write_pack, pack(GOOD_RULE.replace("rationale: r", "rationale: r\n    category: colours")))
    assert "unknown value 'colours'; did you mean 'colour'?" in message


def test_invalid_yaml_points_at_the_spot(write_pack) -> None:
    message = error_of(write_pack, "pack: t/x\nrules: [\n")
    assert "pack.yaml:3:1: invalid YAML" in message


def test_user_pack_clashing_with_builtin_id(write_pack) -> None:
    clash = pack(GOOD_RULE.replace("t.one", "ja-jp.number.four-gift"))
    with pytest.raises(PackError, match="already defined"):
        load_packset([write_pack(clash)])


def test_unknown_group(write_pack) -> None:
    with pytest.raises(PackError, match="unknown market group '@gulff'; did you mean 'gulf'"):
        load_packset([write_pack(pack(GOOD_RULE).replace("[en-US]", "['@gulff']"))])


def test_every_builtin_pack_targets_known_markets() -> None:
    packset = load_packset()
    assert packset.packs and all(p.builtin for p in packset.packs)
    for pack_ in packset.packs:
        for target in pack_.markets:
            assert target in ("*",) or target in packset.markets.markets or target.startswith("@") or "-" not in target
