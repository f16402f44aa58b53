"""Lexicons (shared word lists per language, named from any match spec), misfire classes on rules,
and terms found inside hashtags."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from culturelint.errors import PackError
from culturelint.kinds.terms import hashtag_finder
from culturelint.packs.loader import load_packset

LEXICON = """
lexicon: tragedy
description: Disasters, in two languages and as emoji.
class: disaster-newsjacking
references: [https://example.org/source]
languages:
  en: {terms: [hurricane, earthquake, pray for]}
  de: {terms: [Erdbeben, Hochwasser]}
  ja: {terms: [地震], subword: true}
  "*": {emoji: ["🕯"]}
"""

PACK = """
pack: test/taboo.disaster-newsjacking
markets: ["*"]
language: en
category: taboo
class: disaster-newsjacking
references: [https://example.org]
rules:
  - id: t.taboo.newsjacking
    severity: warning
    message: "“{match}” next to a sale"
    rationale: r
    match: {lexicons: [tragedy]}
    near: {terms: [sale, Rabatt, セール], regex: '\\d+\\s?%', within: segment}
    examples:
      bad: ["Hurricane sale: 20% off!"]
      good: ["Thinking of everyone hit by the hurricane."]
"""


def folder(tmp_path: Path, lexicon: str = LEXICON, pack: str = PACK) -> Path:
    (tmp_path / "lexicons").mkdir(exist_ok=True)
    (tmp_path / "lexicons" / "tragedy.yaml").write_text(textwrap.dedent(lexicon).lstrip(), encoding="utf-8")
    (tmp_path / "taboo.yaml").write_text(textwrap.dedent(pack).lstrip(), encoding="utf-8")
    return tmp_path


def found(check_text, packset, text: str, market: str) -> list[str]:
    return [f.match for f in check_text(text, market, pack_set=packset) if f.rule.startswith("t.")]


def test_a_rule_matches_the_lexicon_entries_of_the_document_language(tmp_path, check_text) -> None:
    packset = load_packset([folder(tmp_path)], builtin=False)
    assert found(check_text, packset, "Hurricane sale: 20% off everything!", "en-US") == ["Hurricane"]
    assert found(check_text, packset, "Erdbeben-Rabatt: 20 % auf alles!", "de-DE") == ["Erdbeben"]
    assert found(check_text, packset, "地震セール開催中！", "ja-JP") == ["地震"]
    # the '*' entry holds in every language; another language's words do not
    assert found(check_text, packset, "🕯 20% off today", "en-GB") == ["🕯"]
    assert found(check_text, packset, "Hochwasser sale, 20% off", "en-GB") == []
    # and the near context still has to be there
    assert found(check_text, packset, "Thinking of everyone hit by the hurricane.", "en-US") == []


def test_terms_match_inside_hashtags(tmp_path, check_text) -> None:
    packset = load_packset([folder(tmp_path)], builtin=False)
    assert found(check_text, packset, "#PrayForTurkey and take 20% off", "en-GB") == ["PrayFor"]
    assert found(check_text, packset, "#hurricaneharvey sale: 30% off", "en-US") == ["hurricane"]
    assert found(check_text, packset, "#HurricaneSeason sale: 30% off", "en-US") == ["Hurricane"]


@pytest.mark.parametrize(
    "tag, expected",
    [
        ("#PrayForParis", ["PrayFor"]),
        ("#prayforparis", ["prayfor"]),  # a joined multi-word term may start a tag
        ("#parisprayfor", ["prayfor"]),  # ... or end it
        ("#BlackFriday", ["BlackFriday"]),
        ("#blackfriday", ["blackfriday"]),
        ("#Werbung", ["Werbung"]),
        ("#bewerbung", []),  # a one-word term never ends a joined tag (German compounds)
        ("#adventure", []),  # nor starts one below five letters
        ("#werbungfrei", ["werbung"]),
        ("#iPhoneSale", []),
        ("mail#Werbung", []),  # not a hashtag
    ],
)
def test_hashtag_finder(tag: str, expected: list[str]) -> None:
    finder = hashtag_finder(["pray for", "Black Friday", "Werbung", "ad"])
    assert [tag[a:b] for a, b in finder(tag)] == expected


def test_unknown_lexicon_is_an_error_naming_the_rule(tmp_path) -> None:
    pack = PACK.replace("lexicons: [tragedy]", "lexicons: [tragdy]")
    with pytest.raises(PackError) as caught:
        load_packset([folder(tmp_path, pack=pack)], builtin=False)
    message = str(caught.value)
    assert "t.taboo.newsjacking" in message and "unknown lexicon 'tragdy'" in message and "tragedy" in message


@pytest.mark.parametrize(
    "change, error",
    [
        (("lexicon: tragedy", "lexicon: other"), "must be in a file named other.yaml"),
        (("references: [https://example.org/source]", "references: []"), "at least one source"),
        (("  de: {terms", "  Deutsch: {terms"), "not a bare language code"),
        (("ja: {terms: [地震], subword: true}", "ja: {patterns: [[{POS: NOUN}]]}"), "needs a trained one"),
        (("ja: {terms: [地震], subword: true}", "ja: {lexicons: [tragedy]}"), "cannot include other lexicons"),
        (("class: disaster-newsjacking", "class: newsjack"), "unknown value 'newsjack'"),
        (("description: Disasters", "descripton: Disasters"), "descripton"),
    ],
)
def test_a_bad_lexicon_fails_with_its_place(tmp_path, change, error) -> None:
    lexicon = LEXICON.replace(*change)
    assert lexicon != LEXICON
    with pytest.raises(PackError) as caught:
        load_packset([folder(tmp_path, lexicon=lexicon)], builtin=False)
    assert error in str(caught.value) and "tragedy.yaml" in str(caught.value)


def test_class_comes_from_the_pack_or_the_rule_and_is_checked(tmp_path) -> None:
    packset = load_packset([folder(tmp_path)], builtin=False)
    assert packset.rules["t.taboo.newsjacking"].misfire_class == "disaster-newsjacking"
    pack = PACK.replace("    severity: warning", "    class: commemoration\n    severity: warning")
    packset = load_packset([folder(tmp_path, pack=pack)], builtin=False)
    assert packset.rules["t.taboo.newsjacking"].misfire_class == "commemoration"
    with pytest.raises(PackError, match="unknown value 'disaster'"):
        load_packset(
            [folder(tmp_path, pack=PACK.replace("class: disaster-newsjacking", "class: disaster"))], builtin=False
        )


def test_lexicon_files_are_not_read_as_packs(tmp_path) -> None:
    packset = load_packset([folder(tmp_path)], builtin=False)
    assert [p.id for p in packset.packs] == ["test/taboo.disaster-newsjacking"]
    assert set(packset.lexicons) >= {"tragedy"}


def test_markets_show_class_coverage() -> None:
    import json

    from culturelint.catalog import list_markets

    rows = {row["market"]: row for row in json.loads(list_markets([], "json"))["markets"]}
    assert all(row["by_class"].get("names", 0) >= 1 for row in rows.values())
    assert rows["zh-CN"]["by_class"].get("claim", 0) >= 1  # a claim rule is of the claim class by default
    assert "Misfire classes" in list_markets([], "text")
