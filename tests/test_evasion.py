"""Disguised terms are still found (issue 14 item 7), offsets still point at the original
characters, and the invisible characters inside a match are named on the finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from culturelint.engine import CheckOptions, check_document
from culturelint.engine.select import Selection
from culturelint.normalize import normalize_text, unconfuse, with_hidden
from culturelint.packs.loader import load_packset
from culturelint.readers import reader_for

PACKSET = load_packset()
OPTIONS = CheckOptions(dt.date(2026, 12, 3), Selection(("de-de.taboo.nazi-slogan",)))
RULE = "de-de.taboo.nazi-slogan"

DISGUISES = [
    "Jedem das\nSeine",  # a soft line wrap
    "Jedem  das Seine",  # a double space
    "Jedem\tdas Seine",  # a tab
    "Jedem das  \n  Seine",  # a wrap with spaces around it
    "Je\u200ddem das Seine",  # zero-width joiner
    "Je\u200bdem das Seine",  # zero-width space
    "Je\u200cdem das Seine",  # zero-width non-joiner
    "Je\u00addem das Seine",  # soft hyphen
    "Jedem das Se\u2060ine",  # word joiner
    "Jedem das Sei\ufeffne",  # BOM
    "Jedem das \u202eSeine",  # right-to-left override
    "Jedem das Se\u200fine",  # right-to-left mark
    "Jedem das Sei\ufe0fne",  # variation selector
    "J\u0435dem das Seine",  # Cyrillic е
    "Jedem d\u03b1s Seine",  # Greek α
    "\u0408edem das Seine",  # Cyrillic Ј
    "Ｊｅｄｅｍ ｄａｓ Ｓｅｉｎｅ",  # full-width
    "**Je**dem das Seine",  # emphasis inside a word
    "Jedem ~~d~~as Seine",  # strike-through inside a word... read through too
]


def findings(text: str, path: str = "a.md", market: str = "de-DE") -> list:
    source = f"---\nmarket: {market}\n---\n{text}\n"
    (document,) = reader_for(path).read(path, source)
    document = replace(document, meta=replace(document.meta, markets=(market,)))
    found = [f for f in check_document(document, PACKSET, OPTIONS).findings if f.rule == RULE]
    return with_hidden(found, document), source


@pytest.mark.parametrize("text", DISGUISES, ids=[repr(t) for t in DISGUISES])
def test_disguised_term_is_found_and_placed(text: str) -> None:
    found, source = findings(text)
    assert found, text
    lines = source.split("\n")
    for f in found:
        if f.line == f.end_line:
            # the span covers the original characters, hidden ones included
            original = lines[f.line - 1][f.column - 1 : f.end_column - 1]
            assert original.startswith(("J", "Ｊ", "\u0408", "*")) or "J" in original
            assert original.rstrip().endswith(("Seine", "ｅ", "ne")), original


def test_decomposed_accents_are_composed() -> None:
    found, _ = findings("Alles fu\u0308r Deutschland")
    assert found


@pytest.mark.parametrize("path", ["a.txt", "a.html"])
def test_other_readers_read_through_invisibles(path: str) -> None:
    found, _ = findings("Je\u200ddem das Se\u00adine", path)
    assert found


def test_hidden_characters_are_named_on_the_finding() -> None:
    (finding,), _ = findings("Je\u200ddem das Seine")
    assert finding.hidden and "U+200D" in finding.hidden[0]
    (plain,), _ = findings("Jedem das Seine")
    assert plain.hidden == ()


def test_harmless_text_is_not_changed() -> None:
    assert normalize_text("Jedem das Seine") is None
    assert normalize_text("привет мир") is None  # a Cyrillic word stays Cyrillic
    assert normalize_text("👨\u200d👩\u200d👧") is None  # an emoji ZWJ sequence is one picture
    assert normalize_text("می\u200cخواهم") is None  # ZWNJ shapes Persian words
    assert unconfuse("пиво и вино") == "пиво и вино"
    assert unconfuse("J\u0435dem") == "Jedem"


def test_offsets_map_to_the_original_characters() -> None:
    text, table = normalize_text("ab\u200dcd fu\u0308r")  # type: ignore[misc]
    assert text == "abcd für"
    assert table == [0, 1, 3, 4, 5, 6, 7, 9]


def test_whitespace_runs_do_not_join_sentences_for_single_words() -> None:
    # the rule's single-word terms still need the whole word
    found, _ = findings("Jedem das\n\nSeine")  # a blank line: two paragraphs, not a wrap
    assert not found


@pytest.mark.parametrize(
    ("text", "word"),
    [("Sh*t happens.", "Sh*t"), ("OPEN UP B*TCH", "B*TCH"), ("F**k You CO2. **Now** carbon negative.", "F**k")],
)
def test_a_lone_asterisk_inside_a_word_is_a_masked_letter_not_emphasis(text: str, word: str) -> None:
    """CommonMark reads an unpaired run inside a word as a literal asterisk: masked swear words
    stay visible to the profanity lexicon in Markdown as in plain text."""
    source = f"---\nmarket: en-GB\n---\n{text}\n"
    (document,) = reader_for("a.md").read("a.md", source)
    document = replace(document, meta=replace(document.meta, markets=("en-GB",)))
    options = CheckOptions(dt.date(2026, 12, 3), Selection(("global.taboo.profanity",)))
    found = check_document(document, PACKSET, options).findings
    assert [(f.rule, f.match) for f in found] == [("global.taboo.profanity", word)]
