"""The literal prefilter, lazy parsing and lazy matcher compile (issue 13) change no finding.

Every check here runs the same documents twice: with the prefilter (the default: only segments
holding an anchor of some rule are tokenised, term phrases compile when first needed, ``near`` and
``unless`` are looked for only behind a ``match`` hit) and with ``CULTURELINT_PREFILTER=0`` (every
segment tokenised, every matcher compiled and run: the old full path). The findings must be the
same, field for field, on every rule's examples, the shipped fixtures and corpora, the real cases
and adversarial texts (terms split by line wraps, zero-width characters, confusables, emphasis
inside words, hashtags, inflections); and, as a property, on random texts built from the rules'
own terms and filler.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelint.engine import CheckOptions, check_document
from culturelint.engine import compile as compile_module
from culturelint.kinds import prefilter
from culturelint.model import Document, DocumentMeta
from culturelint.packs.loader import load_packset
from culturelint.readers import reader_for
from culturelint.readers.text import TextReader

PACKSET = load_packset()
DAY = dt.date(2026, 11, 23)


@contextmanager
def full_path(off: bool) -> Iterator[None]:
    """Run with the prefilter off (``off``) or on; every compiled bundle is dropped on the way in,
    so the prefilter's lazy compile starts from nothing, as in a fresh process."""
    before = os.environ.get(prefilter.ENV)
    if off:
        os.environ[prefilter.ENV] = "0"
    else:
        os.environ.pop(prefilter.ENV, None)
    compile_module._CACHE.clear()
    try:
        yield
    finally:
        compile_module._CACHE.clear()
        if before is None:
            os.environ.pop(prefilter.ENV, None)
        else:
            os.environ[prefilter.ENV] = before


def document(text: str, market: str, **meta: Any) -> Document:
    (doc,) = TextReader().read("<copy>", text)
    return replace(doc, meta=DocumentMeta(markets=(market,), market_source="option", **meta))


def outcome(doc: Document, day: dt.date = DAY) -> tuple[Any, ...]:
    result = check_document(doc, PACKSET, CheckOptions(day))
    rows = tuple(
        (f.rule, f.line, f.column, f.end_line, f.end_column, f.match, f.message, str(f.severity), f.markets)
        for f in result.findings + result.suppressed
    )
    return rows, result.notices, result.detected


def compare(documents: list[tuple[Document, dt.date]]) -> int:
    """Check every document both ways; return how many findings the two paths agreed on."""
    with full_path(off=False):
        fast = [outcome(doc, day) for doc, day in documents]
    with full_path(off=True):
        full = [outcome(doc, day) for doc, day in documents]
    differ = [
        (doc.segments[0].text[:80] if doc.segments else "", a, b)
        for (doc, _), a, b in zip(documents, fast, full, strict=True)
        if a != b
    ]
    assert not differ, differ[:3]
    return sum(len(rows) for rows, _, _ in full)


def _entries(node: Any, market: str | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every ``text`` entry in a real-case or corpus YAML tree, with its market."""
    if isinstance(node, dict):
        market = node.get("market", market) if isinstance(node.get("market"), str) else market
        if isinstance(node.get("text"), str) and market:
            meta = {k: node[k] for k in ("sponsored", "channel") if isinstance(node.get(k), bool | str)}
            if isinstance(meta.get("sponsored"), str):
                meta.pop("sponsored")
            yield node["text"], market, meta
        for value in node.values():
            yield from _entries(value, market)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value, market)


def _known(market: str) -> bool:
    table = PACKSET.markets
    return market in table.markets or market in table.extra


GROUP = 8  # texts per document: each its own paragraph (the prefilter decides per paragraph)


def grouped(entries: list[tuple[str, str, dict[str, Any], dt.date]]) -> list[tuple[Document, dt.date]]:
    """Entries with the same market, metadata and day, ``GROUP`` at a time, as one document of
    one paragraph each (fewer documents, the same paragraphs: the test stays quick)."""
    by_setting: dict[tuple[Any, ...], list[str]] = {}
    settings_of: dict[tuple[Any, ...], tuple[str, dict[str, Any], dt.date]] = {}
    for text, market, meta, day in entries:
        setting = (market, tuple(sorted(meta.items())), day)
        by_setting.setdefault(setting, []).append(" ".join(text.split("\n\n")))
        settings_of[setting] = (market, meta, day)
    out = []
    for setting, texts in by_setting.items():
        market, meta, day = settings_of[setting]
        for start in range(0, len(texts), GROUP):
            out.append((document("\n\n".join(texts[start : start + GROUP]), market, **meta), day))
    return out


def yaml_documents(paths: list[Path]) -> list[tuple[Document, dt.date]]:
    entries = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text, market, meta in _entries(data, None):
            if _known(market):
                entries.append((text, market, meta, DAY))
    return grouped(entries)


def test_every_rule_example_gives_the_same_findings() -> None:
    from culturelint.testing import example_market

    entries = []
    for rule in PACKSET.rules.values():
        for example in rule.bad + rule.good:
            market = example.market or example_market(rule, PACKSET)
            day = example.date or rule.active_from or DAY
            meta = {"sponsored": example.sponsored, "channel": example.channel, "date": example.date}
            entries.append((example.text, market, meta, day))
    assert len(entries) > 1000
    assert compare(grouped(entries)) > 500


def test_fixtures_and_corpora_give_the_same_findings() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from findings_snapshot import snapshot

    with full_path(off=False):
        fast = snapshot()
    with full_path(off=True):
        full = snapshot()
    assert fast == full
    assert len(full) > 100


def test_real_cases_give_the_same_findings() -> None:
    folder = ROOT / "tests" / "realcases"
    paths = sorted(folder.glob("misfires/**/*.yaml")) + sorted(folder.glob("harmless/**/*.yaml"))
    paths += sorted(folder.glob("regulator/*.yaml"))
    documents = yaml_documents(paths)
    assert len(documents) > 50
    compare(documents)


def test_long_documents_of_many_paragraphs_give_the_same_findings() -> None:
    """Paragraphs of risky and harmless corpus lines together: a ``near`` in one paragraph, its
    ``match`` in another, labels far from the signals, register mixed across paragraphs."""
    documents = []
    for corpus in sorted((ROOT / "fixtures" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(corpus.read_text(encoding="utf-8"))
        texts = [e["text"] for e in data.get("risky", []) + data.get("harmless", [])]
        for start in range(0, len(texts), 7):
            body = "\n\n".join(texts[start : start + 7])
            for sponsored in (None, True):
                documents.append((document(body, data["market"], sponsored=sponsored), DAY))
    compare(documents)


ADVERSARIAL = [
    ("de-DE", "Jedem das\nSeine"),
    ("de-DE", "Jedem  das   Seine, sagt die Werbung."),
    ("de-DE", "Je\u200bdem das Se\u00adine"),
    ("de-DE", "J\u0435dem das Seine"),
    ("de-DE", "**Je**dem das Seine"),
    ("de-DE", "Ｊｅｄｅｍ ｄａｓ Ｓｅｉｎｅ"),
    ("de-DE", "#JedemDasSeine zum Sonderpreis"),
    ("de-DE", "Arbeit macht frei – jetzt 20 % Rabatt"),
    ("en-GB", "Our #PrayForTurkey sale: 50% off everything!"),
    ("en-GB", "Hurricane\nsale: 40% off while the storm lasts"),
    ("en-GB", "Hur\u200bricane deals, 30 % off"),
    ("en-GB", "f*ck yeah, sh!t happens, b1tch"),
    ("en-GB", "This #ad is paid. Thanks so much to @brand for the gift!"),
    ("en-GB", "Gifted by @brand. Use my code for 10% off. https://amzn.to/abc"),
    ("en-GB", "Gifted by @brand.\n\n\n\nUse my code for 10% off.\n\n#gifted #ad"),
    ("en-GB", "Poppies for sale! 2 for £5 this Remembrance weekend 🌺"),
    ("en-GB", "The miracle cures everything. Guaranteed results, 100% risk free."),
    ("en-GB", "Drinking makes you more attractive 🍻 and it is healthy"),
    ("en-GB", "Sale sale sale!!! Black Friday deals\n" * 30),
    ("en-US", "Celebrate 9/11 with our hot deals! Never forget to save 20%."),
    ("en-US", "Celebrating   9/11\twith deals"),
    ("en-US", "ΟΔΟΣ İstanbul ſale Kelvin K deals"),
    ("fr-FR", "Vous et toi : tu vas adorer, vous allez voir."),
    ("ar-AE", "مُحَمَّد و الخمر والخمرة كلبك"),
    ("ja-JP", "2026年は午年、辰年のセールです。"),
    ("zh-CN", "2026马年大促，四只装，一白遮百丑"),
    ("ko-KR", "2026년 붉은 말의 해 기념 세일"),
    ("th-TH", "ขาวคือชนะ ลดราคา 50%"),
    ("tr-TR", "İSTANBUL'da büyük İndirim"),
    ("el-GR", "ΠΡΟΣΦΟΡΑ ΤΟΥ ΜΗΝΟΣ"),
]


def test_adversarial_texts_give_the_same_findings() -> None:
    documents = [(document(text, market), DAY) for market, text in ADVERSARIAL if _known(market)]
    documents += [(document(text, market, sponsored=True), DAY) for market, text in ADVERSARIAL if _known(market)]
    compare(documents)


def test_markdown_documents_give_the_same_findings(tmp_path: Path) -> None:
    """Documents read by the Markdown reader (emphasis markers dropped inside words, front matter)."""
    source = (
        "---\nmarket: de-DE\nsponsored: true\n---\n# Angebot\n\n**Je**dem das Seine!\n\n"
        "Nur heute: *Hur*rikan-Rabatt.\n\n- Punkt eins\n- Punkt zwei mit Werbung\n"
    )
    (doc,) = reader_for("a.md").read("a.md", source)
    compare([(doc, DAY)])


# --- the property: random texts from the rules' own terms and filler -------------------------


def _terms(market: str) -> list[str]:
    from culturelint.engine import rules_for
    from culturelint.engine.select import Selection

    out: list[str] = []
    for rule in rules_for(PACKSET, market, Selection(), DAY):
        for _, spec in rule.specs():
            out.extend(spec.terms[:3])
            out.extend(spec.lemmas[:2])
            out.extend(spec.emoji[:2])
    return sorted(set(out))


TERMS = {market: _terms(market) for market in ("en-GB", "de-DE")}
FILLER = ["the", "a", "sale", "today", "und", "der", "%", "50", "!", "#", "\n", "\n\n", "  ", "\u200b", "**"]


@st.composite
def copy(draw: Any) -> tuple[str, str, bool | None]:
    market = draw(st.sampled_from(sorted(TERMS)))
    pieces = st.one_of(st.sampled_from(TERMS[market]), st.sampled_from(FILLER))
    words = draw(st.lists(pieces, min_size=1, max_size=25))
    joiners = draw(st.lists(st.sampled_from([" ", " ", "\n", "", "#", "  "]), min_size=len(words), max_size=len(words)))
    text = "".join(w + j for w, j in zip(words, joiners, strict=True))
    if draw(st.booleans()):
        text = text.title().replace(" ", "")  # CamelCase, as in hashtags
    return text, market, draw(st.sampled_from([None, True, False]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(copy())
def test_random_copy_from_rule_terms_gives_the_same_findings(sample: tuple[str, str, bool | None]) -> None:
    text, market, sponsored = sample
    if not text.strip():
        return
    compare([(document(text, market, sponsored=sponsored), DAY)])


# --- the prefilter's parts -------------------------------------------------------------------


def test_regex_anchors_are_required_literals() -> None:
    normal = prefilter.normaliser("en")
    anchors = prefilter.regex_anchors
    assert anchors(r"\b(?i:deals?)\b", 0, normal) == frozenset({"deal"})
    assert anchors(r"colou?r", 0, normal) == frozenset({"color", "colour"})
    assert anchors(r"(?:free|gratis) ?trial", 0, normal) == frozenset({"freetrial", "gratistrial"})
    assert anchors(r"\d+ ?%", 0, normal) == frozenset({"%"})
    assert anchors(r"a|\w+", 0, normal) is None  # one branch holds no literal: always run
    assert anchors(r"\w+", 0, normal) is None
    assert anchors(r"x?y?", 0, normal) is None


def test_pattern_anchors_need_a_required_literal_token() -> None:
    normal = prefilter.normaliser("en")
    pattern = [{"LOWER": "miracle"}, {"LOWER": {"IN": ["cure", "cures"]}}]
    assert prefilter.pattern_anchors([pattern], normal) == frozenset({"miracle"})
    assert prefilter.pattern_anchors([[{"LOWER": "x", "OP": "?"}, {"IS_DIGIT": True}]], normal) is None
    assert prefilter.pattern_anchors([[{"LEMMA": "be"}]], normal) is None


def test_normalised_text_keeps_every_anchor_it_held() -> None:
    """Case, white space, İ, final sigma, ſ and Arabic vowel marks never hide an anchor."""
    normal = prefilter.normaliser("en")
    for text, anchor in [
        ("New\n  York", "New York"),
        ("İSTANBUL", "istanbul"),
        ("ΟΔΟΣ", "οδοσ"),
        ("ſale", "sale"),
        ("KELVIN", "kelvin"),
    ]:
        assert normal(anchor) in normal(text), (text, anchor)
    arabic = prefilter.normaliser("ar")
    assert arabic("محمد") in arabic("قال مُحَمَّد")


@pytest.mark.parametrize("engine", ["re2", "trie"])
def test_scanner_finds_overlapping_and_nested_anchors(engine: str) -> None:
    scan = prefilter.Scanner({"york": {"a"}, "newyork": {"b"}, "yorkshire": {"c"}, "new": {"d"}, "a.b": {"e"}})
    if engine == "trie":
        scan._set = None
    assert scan("ilovenewyorkshire") == {"a", "b", "c", "d"}
    assert scan("newyor") == {"d"}
    assert scan("nothing") == set()
    assert scan("xa.b") == {"e"}
    assert scan("axb") == set()  # literals, not patterns
    assert scan("lone \udcff surrogate, newyork") == {"a", "b", "d"}  # not UTF-8: the trie answers


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("abcé#1", min_size=1, max_size=5), st.just({"k"}), min_size=1, max_size=12),
    st.text("abcé#1 ", max_size=40),
)
def test_scanner_engines_agree_with_substring_search(anchors: dict[str, set[str]], text: str) -> None:
    keyed = {anchor: {anchor} for anchor in anchors}
    expected = {anchor for anchor in anchors if anchor in text}
    scan = prefilter.Scanner(keyed)
    assert scan(text) == expected
    scan._set = None
    assert scan(text) == expected


def test_prefilter_tokenises_only_segments_that_can_match() -> None:
    from culturelint.nlp.parsed import Parsed

    quiet = "A calm paragraph about gardens and the weather in spring.\n\n" * 20
    doc = document(quiet + "Hurricane sale: 40% off while the storm lasts!", "en-GB")
    with full_path(off=False):
        parsed = Parsed.parse(doc, "en")
        from culturelint.engine import _runnable_rules
        from culturelint.engine.select import Selection

        rules, _ = _runnable_rules(PACKSET, "en-GB", Selection(), DAY, "en", None)
        compile_module.bundle_for(rules, "en", None, PACKSET.lexicons).find(parsed)
        tokenised = [i for i in range(len(parsed.texts)) if parsed.is_parsed(i)]
    assert len(parsed.texts) == 21
    assert tokenised and len(tokenised) < 5, tokenised
    assert 20 in tokenised
