"""The Hindi and Malay profiles: Hindi spellings that copy writes two ways match as one word, and
the lean Malay tokenizer splits and matches as spaCy's full one does, only faster to build."""

from __future__ import annotations

from collections.abc import Callable

from conftest import pack_set_from

from culturelint.languages import profile_for
from culturelint.nlp import fold, pipeline


def one_rule(write_pack: Callable[..., object], language: str, market: str, terms: str) -> object:
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
            match: {{terms: {terms}}}
            examples: {{bad: [x], good: [y]}}
        """)
    )


def matches(check_text: Callable[..., list], pack: object, text: str, market: str) -> list[str]:
    return [f.match for f in check_text(text, market, pack_set=pack) if f.rule.startswith("t.")]


def lowers(language: str, text: str) -> list[str]:
    return [t.lower_ for t in pipeline(language).make_doc(fold(text))]


# -- Hindi -----------------------------------------------------------------------------------------
def test_hindi_nukta_forms_fold_together() -> None:
    precomposed = "\u0958\u0940\u092e\u0924"  # क़ीमत with U+0958
    combining = "\u0915\u093c\u0940\u092e\u0924"  # क + nukta sign
    bare = "\u0915\u0940\u092e\u0924"  # कीमत without nukta
    assert lowers("hi", precomposed) == lowers("hi", combining) == lowers("hi", bare) == [bare]


def test_hindi_chandrabindu_and_joiners_fold() -> None:
    assert lowers("hi", "हँसी") == lowers("hi", "हंसी")
    assert lowers("hi", "क्\u200dष") == lowers("hi", "क्ष")


def test_hindi_terms_match_every_spelling_and_keep_offsets(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "hi", "hi-IN", "[सिर्फ़, गोरापन]")
    text = "सिर्फ ₹99 में गोरापन! सिर्फ़ आज। \u0938\u093f\u0930\u094d\u095e कल।"
    assert matches(check_text, pack, text, "hi-IN") == ["सिर्फ", "गोरापन", "सिर्फ़", "\u0938\u093f\u0930\u094d\u095e"]


def test_hindi_romanised_terms_match_in_hinglish(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "hi", "hi-IN", "[bhagwan, sabse best]")
    assert matches(check_text, pack, "Bhagwan ki kasam, yeh SABSE BEST deal hai!", "hi-IN") == ["Bhagwan", "SABSE BEST"]


def test_hindi_danda_ends_a_sentence() -> None:
    doc = pipeline("hi")("नई क्रीम आ गई। आज ही खरीदें।")
    assert [s.text for s in doc.sents] == ["नई क्रीम आ गई।", "आज ही खरीदें।"]


def test_hindi_profile_keeps_latin_script() -> None:
    assert profile_for("hi").latin_script  # Hinglish sentences are not foreign text


# -- Malay -----------------------------------------------------------------------------------------
def test_malay_lean_tokenizer_splits_like_the_engine_expects() -> None:
    tokens = [t.text for t in pipeline("ms").make_doc("Kanak-kanak suka Dr. Ali, harga RM1,299.90!")]
    assert tokens == ["Kanak", "-", "kanak", "suka", "Dr.", "Ali", ",", "harga", "RM", "1,299.90", "!"]


def test_malay_terms_match_inside_reduplicated_words(check_text, write_pack) -> None:
    pack = one_rule(write_pack, "ms", "ms-MY", "[babi, mesra Muslim]")
    found = matches(check_text, pack, "Restoran mesra Muslim, tiada babi-babi di sini.", "ms-MY")
    assert found == ["mesra Muslim", "babi", "babi"]


def test_malay_tokenizer_leaves_out_the_hyphenated_exceptions() -> None:
    """The cost of spaCy's Malay pipeline is building ~7,800 hyphenated special cases (measured in
    bench/, not timed here): the lean tokenizer must carry none of them and keep the rest."""
    import spacy

    from culturelint.languages.ms import PROFILE

    assert PROFILE.prepare is not None
    PROFILE.prepare()
    lean = spacy.blank("ms", config=PROFILE.config)
    full_rules = spacy.blank("ms").Defaults.tokenizer_exceptions
    assert sum("-" in orth for orth in full_rules) > 5000
    assert not any("-" in orth for orth in lean.tokenizer.rules)
    kept = {orth for orth in full_rules if "-" not in orth}
    assert kept and kept <= set(lean.tokenizer.rules)


def test_malay_copy_detected_as_indonesian_is_still_malay(check_text) -> None:
    text = (
        "Promosi hebat hujung minggu ini! Dapatkan diskaun istimewa untuk semua produk penjagaan "
        "kulit, baju raya dan kasut sukan di semua cawangan kami seluruh Malaysia."
    )
    from culturelint.langid import detect

    assert detect(text, 40).language == "id"  # what langdetect says
    rules = {f.rule for f in check_text(text, "ms-MY")}
    assert "global.language.not-market-language" not in rules
    # and Indonesian copy for Malaysia is still not flagged as foreign, while English copy is
    english = "Great weekend promotion! Get special discounts on all skin care products in every branch."
    assert "global.language.not-market-language" in {f.rule for f in check_text(english, "ms-MY")}
