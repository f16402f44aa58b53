"""Messages in the reader's language (check --lang): every rule written in another language carries
an English translation with the same placeholders, and the CLI prints it while labels and
suggestions stay in the market's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, pack_set_from
from langdetect import DetectorFactory, detect_langs

from culturelint.cli import main
from culturelint.errors import PackError, UserError
from culturelint.i18n import resolve_lang
from culturelint.packs.loader import PackSet

PLACEHOLDER = re.compile(r"\{\w+\}")
QUOTED = re.compile(r"[“\"„«「『]([^”\"“»」』]*)[”\"“»」』]")


def _reads_as_english(message: str) -> bool:
    """The message without its placeholders and quoted local words, as langdetect reads it."""
    DetectorFactory.seed = 0
    text = QUOTED.sub("", PLACEHOLDER.sub("", message)).strip()
    return not text or detect_langs(text)[0].lang == "en"


def _rules(packset: PackSet) -> list:
    return [rule for pack in packset.packs for rule in pack.rules]


def test_every_rule_not_written_in_english_carries_an_english_translation(packset: PackSet) -> None:
    missing = []
    for rule in _rules(packset):
        if rule.language == "en" or any(t[0] == "en" for t in rule.translations):
            continue
        if not _reads_as_english(rule.message) or not all(_reads_as_english(m) for _, m in rule.messages):
            missing.append(rule.id)
    assert not missing, f"{len(missing)} rules need `translations: {{en: ...}}`: {missing[:10]}"


def test_translations_keep_every_placeholder_and_cover_every_message_case(packset: PackSet) -> None:
    translated = [rule for rule in _rules(packset) if rule.translations]
    assert len(translated) > 300  # the non-English packs' messages, not a token few
    for rule in translated:
        for language, message, cases in rule.translations:
            assert set(PLACEHOLDER.findall(message)) == set(PLACEHOLDER.findall(rule.message)), (rule.id, language)
            own = dict(rule.messages)
            assert set(dict(cases)) == set(own), (rule.id, "cases")
            for case, text in cases:
                assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(own[case])), (rule.id, case)


def test_wording_picks_the_asked_language_then_english_then_the_rule_own(packset: PackSet) -> None:
    rule = packset.rules["de-de.register.du-sie-mix"]
    assert rule.wording(None)[0] == rule.message
    assert rule.wording("de")[0] == rule.message  # written in German: asked for German, given German
    english, cases = rule.wording("en")
    assert english.startswith("“{match}” mixes forms of address") and dict(cases)["mixed"].endswith("form of address.")
    assert rule.wording("fr")[0] == english  # no French translation: English, not German


GERMAN = "---\nmarket: de-DE\nsponsored: true\n---\nDein Geschenk: 49,99 € zzgl. MwSt. Jetzt entdecken! #ad\n"


def test_check_lang_prints_english_messages_and_keeps_local_labels(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(GERMAN, encoding="utf-8")
    runner = CliRunner()
    own = runner.invoke(main, ["check", "-f", "json", str(tmp_path / "post.md")])
    english = runner.invoke(main, ["check", "-f", "json", "--lang", "en", str(tmp_path / "post.md")])
    import json

    before = {f["rule"]: f for f in json.loads(own.stdout)["findings"]}
    after = {f["rule"]: f for f in json.loads(english.stdout)["findings"]}
    assert set(before) == set(after)
    label = before["de-de.disclosure.werbung-label"]
    assert label["message"].startswith("Kennzeichnung")
    assert after["de-de.disclosure.werbung-label"]["message"].startswith("Label insufficient")
    assert (
        after["de-de.disclosure.werbung-label"]["suggestions"] == label["suggestions"]
    )  # "Werbung", not "Advertising"
    assert "Werbung" in label["suggestions"]
    assert after["de-de.locale-format.tax-hint"]["message"].startswith("“49,99 € zzgl. MwSt.”: prices for consumers")
    described = {r["id"]: r for r in json.loads(english.stdout)["rules"]}
    assert described["de-de.locale-format.tax-hint"]["message"].startswith("“{match}”: prices for consumers")


def test_lang_from_the_locale_and_bad_codes() -> None:
    assert resolve_lang(None) is None
    assert resolve_lang("EN") == "en"
    assert resolve_lang("pt-BR") == "pt"
    assert resolve_lang("auto", {"LANG": "de_DE.UTF-8"}) == "de"
    assert resolve_lang("auto", {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert resolve_lang("auto", {}) == "en"
    with pytest.raises(UserError, match="not a language code"):
        resolve_lang("english!")
    result = CliRunner().invoke(main, ["check", "--lang", "xx1", "-"], input="x\n")
    assert result.exit_code == 2 and "--lang 'xx1' is not a language code" in result.stderr


PACK = """
pack: t/taboo
markets: [de-DE]
language: de
category: taboo
references: [https://example.org]
rules:
  - id: t.taboo.x
    severity: warning
    message: "„{{match}}“ ist heikel."
    translations:
{translations}
    rationale: x
    match: {{terms: [Beispiel]}}
    examples: {{bad: ["Beispiel"], good: ["Probe"]}}
"""


@pytest.mark.parametrize(
    "translations, error",
    [
        ("      english: {message: x}", r"'english' is not a bare language code"),
        ("      en: {text: x}", r"unknown key 'text'"),
        ("      en: {message: x, messages: {mixed: y}}", r"unknown key 'mixed'"),
        ("      en: {messages: {}}", r"missing required key 'message'"),
    ],
)
def test_translations_are_validated_with_their_place(write_pack, translations: str, error: str) -> None:
    with pytest.raises(PackError, match=error) as info:
        pack_set_from(write_pack(PACK.format(translations=translations)))
    assert "pack.yaml:" in str(info.value)


def test_no_pack_text_is_cut_short_by_a_hash_read_as_a_comment() -> None:
    """An unquoted YAML value stops at ' #': 'label (#Ad, #Gifted)' would load as 'label ('."""
    plain = re.compile(r"^\s*(?:- )?[\w-]+: (?![\"'|>\[{&*!]).*\s#")
    cut = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if plain.match(line) and not line.lstrip().startswith("#"):
                cut.append(f"{path.relative_to(ROOT)}:{number}")
    assert not cut, cut
    assert yaml.safe_load((ROOT / "rules/tr-TR/disclosure.yaml").read_text(encoding="utf-8"))["rules"][0][
        "message"
    ].endswith("md. 61).")
