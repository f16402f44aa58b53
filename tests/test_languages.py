"""Every market's language parsed well enough that rules written in it fire exactly where they
should: inside compounds, particles and inflections, and not where a substring search would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import pack_set_from

from culturelint.languages import LanguageProfile, profile_for, profiles
from culturelint.nlp import pipeline


def one_rule(write_pack: Callable[..., object], language: str, market: str, match: str, extra: str = "") -> object:
    return pack_set_from(
        write_pack(f"""
        pack: test/{language}
        markets: [{market}]
        language: {language}
        category: taboo
        references: [https://example.org]
        rules:
          - id: t.{language}
            severity: warning
            message: m
            rationale: r
            match: {match}
            {extra}
            examples: {{bad: [x], good: [y]}}
        """)
    )


def matches(check_text: Callable[..., list], pack: object, text: str, market: str) -> list[str]:
    return [f.match for f in check_text(text, market, pack_set=pack) if f.rule.startswith("t.")]


def tokens(language: str, text: str) -> list[str]:
    return [t.text for t in pipeline(language).make_doc(text)]


# -- Japanese --------------------------------------------------------------------------------------
def test_japanese_split_mode_keeps_words_whole_and_counters_apart() -> None:
    assert tokens("ja", "お歳暮に4品の詰め合わせ") == ["お", "歳暮", "に", "4", "品", "の", "詰め合わせ"]
    assert "四国" in tokens("ja", "四国の名産") and "四" not in tokens("ja", "四国の名産")


def test_japanese_terms_align_to_words(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ja", "ja-JP", "{terms: [四, 広告]}")
    assert matches(check_text, pack, "四つの贈り物と広告。", "ja-JP") == ["四", "広告"]
    assert matches(check_text, pack, "四国の旅と四季の味", "ja-JP") == []  # 四国, 四季 are other words


# -- Chinese ---------------------------------------------------------------------------------------
def test_chinese_words_and_characters(check_text, write_pack) -> None:
    words = one_rule(write_pack, "zh", "zh-CN", "{terms: [最佳, 国家级, 最低价]}")
    assert matches(check_text, words, "最佳口感，全网最低价，国家级品质", "zh-CN") == ["最佳", "最低价", "国家级"]
    four = one_rule(
        write_pack,
        "zh",
        "zh-CN",
        "{terms: [四], subword: true}",
        "unless: {terms: [四川, 四季, 四月], subword: true, within: match}",
    )
    assert matches(check_text, four, "礼盒四只装，送礼首选", "zh-CN") == ["四"]
    assert matches(check_text, four, "四川火锅，四季皆宜", "zh-CN") == []


def test_chinese_word_segmenter_is_jieba() -> None:
    assert tokens("zh", "四川火锅全网最低价") == ["四川火锅", "全网", "最低价"]
    assert profile_for("zh").description.startswith("jieba")


# -- Korean ----------------------------------------------------------------------------------------
def test_korean_stems_match_through_particles(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ko", "ko-KR", "{terms: [광고, 협찬]}")
    text = "이 게시물은 유료광고를 포함하고 있으며 협찬을 받았습니다. #광고"
    assert matches(check_text, pack, text, "ko-KR") == ["광고", "협찬", "광고"]
    assert matches(check_text, pack, "광고판 옆 카페", "ko-KR") == []  # 광고판 (billboard) is one word
    assert matches(check_text, pack, "광주 여행", "ko-KR") == []


def test_korean_verb_lemmas(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ko", "ko-KR", "{lemmas: [먹다]}")
    assert matches(check_text, pack, "어제 비빔밥을 먹었어요. 먹자!", "ko-KR") == ["먹", "먹"]


def test_korean_tokens_keep_offsets() -> None:
    text = "광고를  포함한\n협찬 게시물"
    doc = pipeline("ko").make_doc(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


# -- Thai ------------------------------------------------------------------------------------------
def test_thai_segmentation(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "th", "th-TH", "{terms: [โฆษณา]}")
    assert matches(check_text, pack, "โฆษณาสินค้านี้ดีที่สุดในประเทศไทย", "th-TH") == ["โฆษณา"]
    assert matches(check_text, pack, "สินค้านี้ดีที่สุดในประเทศไทย", "th-TH") == []


# -- Arabic, Turkish, Indonesian, Hindi, Vietnamese -------------------------------------------------
def test_arabic_terms_match_with_proclitics(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ar", "ar-SA", "{terms: [خمر, إعلان]}")
    assert matches(check_text, pack, "لا نبيع الخمر والخمر ممنوع. #إعلان", "ar-SA") == ["الخمر", "والخمر", "إعلان"]
    assert matches(check_text, pack, "خمرية اللون", "ar-SA") == []


def test_arabic_terms_ignore_vowel_marks_and_tatweel(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ar", "ar-SA", "{terms: [لحم الخنزير]}")
    text = "جرّب لَحْمَ الخِنْزِيرِ اليوم، ولحم الخـنـزير غدا."
    assert matches(check_text, pack, text, "ar-SA") == ["لَحْمَ الخِنْزِيرِ", "ولحم الخـنـزير"]
    vocalised = one_rule(write_pack, "ar", "ar-SA", "{terms: [لَحْم الخِنْزِير]}")
    assert matches(check_text, vocalised, "لحم الخنزير", "ar-SA") == ["لحم الخنزير"]


@pytest.mark.parametrize(
    "language, market, lemma, text, found",
    [
        ("tr", "tr-TR", "reklam", "Bu gönderi reklamdır ve reklamlarımız yakında.", ["reklamdır", "reklamlarımız"]),
        ("id", "id-ID", "iklan", "Kami mengiklankan produk baru, bukan iklan biasa.", ["mengiklankan", "iklan"]),
        ("fr", "fr-FR", "offrir", "Nous offrons un cadeau, offert à chaque client.", ["offrons", "offert"]),
        ("es", "es-ES", "regalar", "Regalamos un café a quien lo regala.", ["Regalamos", "regala"]),
        ("it", "it-IT", "regalare", "Regaliamo un caffè a chi regala.", ["Regaliamo", "regala"]),
        ("pt", "pt-BR", "presentear", "Presenteamos quem presenteia.", ["Presenteamos", "presenteia"]),
        ("nl", "nl-NL", "geven", "Wij geven korting en gaf cadeaus.", ["geven", "gaf"]),
        (
            "de",
            "de-DE",
            "schenken",
            "Wir schenken dir was, geschenkt ist geschenkt.",
            ["schenken", "geschenkt", "geschenkt"],
        ),
    ],
)
def test_lemmas_in_european_and_other_languages(check_text, write_pack, language, market, lemma, text, found) -> None:
    pack = one_rule(write_pack, language, market, f"{{lemmas: [{lemma}]}}")
    assert matches(check_text, pack, text, market) == found


def test_hindi_and_vietnamese_terms(check_text, write_pack) -> None:
    hindi = one_rule(write_pack, "hi", "hi", "{terms: [विज्ञापन]}")
    assert matches(check_text, hindi, "यह एक विज्ञापन है।", "hi") == ["विज्ञापन"]
    vietnamese = one_rule(write_pack, "vi", "vi", "{terms: [quảng cáo]}")
    assert matches(check_text, vietnamese, "Bài viết này là quảng cáo.", "vi") == ["quảng cáo"]


# -- what a naive substring search would get wrong ------------------------------------------------
def test_no_match_inside_other_words(check_text, write_pack) -> None:
    english = one_rule(write_pack, "en", "en-GB", "{terms: [ad]}")
    assert matches(check_text, english, "An adventure awaits: #adidas #adventure", "en-GB") == []
    german = one_rule(write_pack, "de", "de-DE", "{terms: [Werbung]}")
    assert matches(check_text, german, "Meine Bewerbung ist raus! #bewerbung", "de-DE") == []
    assert matches(check_text, german, "Werbung | #Werbung", "de-DE") == ["Werbung", "Werbung"]


def test_every_market_has_a_working_tokenizer(packset) -> None:
    for tag, market in packset.markets.markets.items():
        doc = pipeline(market.language).make_doc("Hello 世界 123")
        assert doc.text == "Hello 世界 123", tag


def test_missing_tokenizer_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from culturelint.errors import UserError

    broken = LanguageProfile("xx", "test", ("no_such_segmenter_module",))
    monkeypatch.setitem(profiles(), "xx", broken)
    profile_for.cache_clear()
    pipeline.cache_clear()
    try:
        with pytest.raises(UserError, match="the xx tokenizer needs no_such_segmenter_module"):
            pipeline("xx")
    finally:
        pipeline.cache_clear()
        profile_for.cache_clear()


def test_turkish_suffixes_after_apostrophes(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "tr", "tr-TR", "{terms: [Atatürk, 10 Kasım]}")
    found = matches(check_text, pack, "10 Kasım'da Atatürk'ü saygıyla anıyoruz.", "tr-TR")
    assert found == ["10 Kasım", "Atatürk"]
