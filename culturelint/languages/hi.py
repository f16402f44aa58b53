"""Hindi: spaCy's rule-based tokenizer, with the spellings Hindi copy writes both ways folded
together. A nukta letter is typed precomposed (क़, U+0958) or as the base letter plus the nukta sign
(क + ़), and is often left out (सिर्फ, सिर्फ़); chandrabindu and anusvara (हँसी, हंसी) alternate; and
zero-width joiners sit inside conjuncts. Matching sees one word in each case; offsets are kept.
The danda (।) already ends a sentence in spaCy's sentencizer. Romanised Hindi (Hinglish) is Latin
script, so the profile keeps ``latin_script``: a Latin sentence in Hindi copy is not foreign text."""

from __future__ import annotations

from . import LanguageProfile

# precomposed nukta letters (U+0958–U+095F) -> their base letter; the nukta sign is then ignored
NUKTA_LETTERS = {
    "\u0958": "\u0915",  # क़ -> क
    "\u0959": "\u0916",  # ख़ -> ख
    "\u095a": "\u0917",  # ग़ -> ग
    "\u095b": "\u091c",  # ज़ -> ज
    "\u095c": "\u0921",  # ड़ -> ड
    "\u095d": "\u0922",  # ढ़ -> ढ
    "\u095e": "\u092b",  # फ़ -> फ
    "\u095f": "\u092f",  # य़ -> य
}
CHANDRABINDU = {"\u0901": "\u0902"}  # ँ -> ं
NUKTA = 0x093C
ZERO_WIDTH = (0x200C, 0x200D)  # ZWNJ, ZWJ

PROFILE = LanguageProfile(
    "hi",
    "spaCy blank('hi') rule-based; nukta, chandrabindu and zero-width joiners folded",
    fold_chars={**NUKTA_LETTERS, **CHANDRABINDU},
    ignore_chars=(NUKTA, *ZERO_WIDTH),
    scripts=(),
)
