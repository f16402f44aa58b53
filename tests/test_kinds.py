"""Each match kind and context option, tested once in general terms on small made-up packs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import pack_set_from

PACK = """
pack: test/kinds
markets: [en-US, de-DE, ja-JP]
language: en
category: taboo
references: [https://example.org/source]
rules:
  - id: t.terms
    severity: warning
    message: "{match}"
    rationale: r
    match: {terms: ["#ad", "green hat", "don't"]}
    examples: {bad: ["#ad"], good: ["no"]}
  - id: t.exact
    severity: warning
    message: "{match}"
    rationale: r
    match: {terms: ["Sie"], case_sensitive: true}
    examples: {bad: ["Sie"], good: ["sie"]}
  - id: t.lemmas
    severity: warning
    message: "{match}"
    rationale: r
    match: {lemmas: ["bite the bullet", "child"]}
    examples: {bad: ["bit the bullet"], good: ["bullet"]}
  - id: t.patterns
    severity: warning
    message: "{match}"
    rationale: r
    match: {patterns: [[{LOWER: edition}, {IS_DIGIT: true}]]}
    examples: {bad: ["edition 88"], good: ["edition"]}
  - id: t.regex
    severity: warning
    message: "{match}"
    rationale: r
    match: {regex: ['\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b']}
    examples: {bad: ["1/2/2025"], good: ["2025"]}
  - id: t.emoji
    severity: warning
    message: "{match}"
    rationale: r
    match: {emoji: ["👌", "❤️"]}
    examples: {bad: ["👌"], good: ["ok"]}
  - id: t.near
    severity: warning
    message: "{match}"
    rationale: r
    match: {terms: [clock]}
    near: {terms: [gift], within: sentence}
    examples: {bad: ["a clock gift"], good: ["a clock"]}
  - id: t.window
    severity: warning
    message: "{match}"
    rationale: r
    match: {terms: [knife]}
    near: {terms: [wedding], within: 3}
    examples: {bad: ["wedding knife"], good: ["knife"]}
  - id: t.unless
    severity: warning
    message: "{match}"
    rationale: r
    match: {terms: [four]}
    unless: {terms: [four seasons], within: match}
    examples: {bad: ["four"], good: ["Four Seasons"]}
"""


@pytest.fixture()
def kinds(write_pack: Callable[..., object]) -> object:
    return pack_set_from(write_pack(PACK))  # type: ignore[arg-type]


def hits(check_text: Callable[..., list], kinds: object, text: str, rule: str, market: str = "en-US") -> list[str]:
    return [f.match for f in check_text(text, market, pack_set=kinds, select=(rule,))]


def test_terms_are_token_aligned_and_case_insensitive(check_text, kinds) -> None:
    assert hits(check_text, kinds, "#AD new serum", "t.terms") == ["#AD"]
    assert hits(check_text, kinds, "#adidas and #adventure time", "t.terms") == []
    assert hits(check_text, kinds, "He wore a Green Hat.", "t.terms") == ["Green Hat"]
    assert hits(check_text, kinds, "greenhats", "t.terms") == []


def test_terms_fold_width_and_quotes(check_text, kinds) -> None:
    assert hits(check_text, kinds, "＃ａｄ launch", "t.terms") == ["＃ａｄ"]
    assert hits(check_text, kinds, "You don’t say", "t.terms") == ["don’t"]


def test_case_sensitive_terms(check_text, kinds) -> None:
    assert hits(check_text, kinds, "Kaufen Sie jetzt", "t.exact", "de-DE") == ["Sie"]
    assert hits(check_text, kinds, "Wir haben sie gesehen", "t.exact", "de-DE") == []


def test_lemmas_match_any_inflection(check_text, kinds) -> None:
    assert hits(check_text, kinds, "We finally bit the bullet.", "t.lemmas") == ["bit the bullet"]
    assert hits(check_text, kinds, "She is biting the bullet", "t.lemmas") == ["biting the bullet"]
    assert hits(check_text, kinds, "Toys for children", "t.lemmas") == ["children"]
    assert hits(check_text, kinds, "a bullet point", "t.lemmas") == []


def test_lemmas_use_the_tokenizer_lemma_in_japanese(check_text, write_pack) -> None:
    pack = pack_set_from(
        write_pack("""
        pack: test/ja
        markets: [ja-JP]
        language: ja
        category: idiom
        references: [https://example.org]
        rules:
          - id: t.ja
            severity: warning
            message: m
            rationale: r
            match: {lemmas: [終わる]}
            examples: {bad: ["終わる"], good: ["始まる"]}
        """)
    )
    found = check_text("披露宴が終わりました。", "ja-JP", pack_set=pack)
    assert [f.match for f in found] == ["終わり"]


def test_patterns(check_text, kinds) -> None:
    assert hits(check_text, kinds, "The limited Edition 88 is here", "t.patterns") == ["Edition 88"]
    assert hits(check_text, kinds, "The limited edition is here", "t.patterns") == []


def test_regex_runs_on_folded_text(check_text, kinds) -> None:
    assert hits(check_text, kinds, "Ends 3/4/2025.", "t.regex") == ["3/4/2025"]
    assert hits(check_text, kinds, "Ends ３/４/２０２５.", "t.regex") == ["３/４/２０２５"]


def test_emoji_fold_skin_tones_and_variation_selectors(check_text, kinds) -> None:
    assert hits(check_text, kinds, "nice 👌🏾 work", "t.emoji") == ["👌🏾"]
    assert hits(check_text, kinds, "love ❤ and ❤️", "t.emoji") == ["❤", "❤️"]
    assert hits(check_text, kinds, "family 👨‍❤️‍👨", "t.emoji") == []  # part of a ZWJ sequence


def test_near_within_sentence(check_text, kinds) -> None:
    assert hits(check_text, kinds, "A clock makes a fine gift.", "t.near") == ["clock"]
    assert hits(check_text, kinds, "A clock. Gift wrapping is free.", "t.near") == []
    assert hits(check_text, kinds, "Our clock\nGift wrapping is free", "t.near") == []  # a line ends a sentence


def test_near_within_token_window(check_text, kinds) -> None:
    assert hits(check_text, kinds, "the wedding cake knife", "t.window") == ["knife"]
    assert hits(check_text, kinds, "the wedding was lovely and so was the big knife", "t.window") == []


def test_unless_within_match(check_text, kinds) -> None:
    assert hits(check_text, kinds, "Stay at the Four Seasons", "t.unless") == []
    assert hits(check_text, kinds, "Four Seasons has four pools", "t.unless") == ["four"]


def test_overlapping_hits_collapse_to_the_longest(check_text, kinds) -> None:
    found = check_text("green hat green hat", "en-US", pack_set=kinds, select=("t.terms",))
    assert [(f.column, f.end_column) for f in found] == [(1, 10), (11, 20)]


def test_indian_lakh_grouping_is_not_read_as_a_decimal_comma() -> None:
    """₹12,50,000 is CLDR's en-IN/hi-IN grouping (#,##,##0), not 12.50 with a comma; the amount must
    be read whole, and a real decimal comma in India is still reported."""
    from culturelint.localeformats import formats_for, money_pattern, number_format

    for tag in ("en-IN", "hi-IN"):
        market = formats_for(tag)
        assert market is not None
        for text in ("₹12,50,000", "Rs. 1,25,000", "₹ 2,50,00,000", "₹1,25,000.50"):
            assert number_format(text, market) == [], (tag, text)
        assert [m.group(0) for m in money_pattern().finditer("₹12,50,000 only")] == ["₹12,50,000"]
        assert len(number_format("₹499,50 a month", market)) == 1
