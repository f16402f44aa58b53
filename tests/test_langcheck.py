"""Language checks: copy in the wrong language, mixed paragraphs, Latin runs, Chinese scripts."""

from __future__ import annotations

from culturelint.langid import detect, latin_runs, wrong_script

DE = "Unsere neue Winterkollektion ist da: warme Jacken, weiche Schals und Mützen für kalte Tage."
EN = "Our new winter collection is here: warm jackets, soft scarves and hats for the coldest days."


def rules(findings: list) -> list[str]:
    return [f.rule for f in findings if f.category == "language"]


def test_copy_not_in_the_market_language(check_text) -> None:
    assert rules(check_text(DE, "en-GB")) == ["global.language.not-market-language"]
    assert rules(check_text(EN, "en-GB")) == []
    assert rules(check_text(EN, "ja-JP")) == ["global.language.not-market-language"]


def test_short_text_is_not_judged() -> None:
    assert detect("Neu: Jacken!") is None
    assert detect("#winter #sale #new https://example.org @brand Jacken") is None


def test_detection_is_deterministic() -> None:
    text = "Ciao a tutti, ecco la nostra nuova collezione invernale per la stagione fredda."
    assert {detect.__wrapped__(text) for _ in range(5)} == {detect.__wrapped__(text)}  # type: ignore[attr-defined]


def test_hashtags_and_brand_names_are_not_a_language_switch(check_text) -> None:
    text = DE + " Jetzt bei Zalando entdecken.\n\n#winterstyle #ootd #fashionweek #cozyvibes #newin"
    assert rules(check_text(text, "de-DE")) == []


def test_paragraph_in_another_language(check_text) -> None:
    text = DE + " Jetzt entdecken und bis Sonntag versandkostenfrei bestellen.\n\n" + EN
    found = [f for f in check_text(text, "de-DE") if f.category == "language"]
    assert [f.rule for f in found] == ["global.language.paragraph-in-other-language"]
    assert found[0].line == 3 and "reads as 'en'" in found[0].message


def test_latin_sentence_in_japanese(check_text) -> None:
    text = "新作リップが本日発売。Enjoy your favourite colour all day long. ぜひお試しください。"
    found = [f for f in check_text(text, "ja-JP") if f.rule == "non-latin.language.latin-sentence"]
    assert [f.match for f in found] == ["Enjoy your favourite colour all day long"]
    assert latin_runs("Shiseido VisionAiry Gel Lipstick が新登場 #makeup #beauty #lipstick #newin") == []


def test_chinese_script_checks(check_text) -> None:
    assert wrong_script("这个冬天，我們的新品廣告來了", "simplified") == [(6, 7), (10, 11), (12, 13)]  # 告 is shared
    assert wrong_script("台北之旅", "simplified") == [] and wrong_script("台灣之旅", "traditional") == []
    traditional = "這個冬天，我們的新品廣告來了！"
    assert rules(check_text(traditional, "zh-CN")) == ["zh-cn.language.traditional-characters"]
    assert rules(check_text(traditional, "zh-TW")) == []
    assert rules(check_text("这个冬天，我们的新品广告来了！", "zh-TW")) == ["zh-tw.language.simplified-characters"]


def test_english_copy_in_another_market_is_context_not_a_slip(check_text) -> None:
    """English is used on purpose in campaigns everywhere: info with its own wording; any other
    wrong language stays a warning, and so does English where the law requires French."""
    found = [f for f in check_text(EN, "nl-BE") if f.category == "language"]
    assert [(f.rule, f.severity.name.lower()) for f in found] == [("global.language.not-market-language", "info")]
    assert "used on purpose" in found[0].message
    assert [f.severity.name.lower() for f in check_text(DE, "nl-BE") if f.category == "language"] == ["warning"]
    for market in ("fr-CA", "fr-FR"):
        severities = {f.severity.name.lower() for f in check_text(EN, market) if f.rule.startswith("global.language.")}
        assert severities == {"warning"}, market
    mixed = [f for f in check_text(DE + "\n\n" + EN, "de-DE") if f.category == "language"]
    assert [(f.rule, f.severity.name.lower()) for f in mixed] == [
        ("global.language.paragraph-in-other-language", "info")
    ]
