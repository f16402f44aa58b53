"""Malay: spaCy's rule-based tokenizer for 'ms' without its ~7,800 hyphenated exceptions.

spaCy's Malay defaults list every reduplicated word (kanak-kanak, beli-belah) in five case forms as
a tokenizer exception, and building those special cases costs about 0.8 s each time a pipeline is
made. culturelint splits hyphenated words into their parts in every language anyway (a term then
matches inside the compound), so the hyphenated exceptions only cost time; the abbreviations and
the other exceptions are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import LanguageProfile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

TOKENIZER = "culturelint.malay_tokenizer.v1"


def lean_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's default tokenizer factory, with the hyphenated exceptions left out."""
    from spacy import util
    from spacy.tokenizer import Tokenizer

    defaults = nlp.Defaults
    rules = {orth: tokens for orth, tokens in (defaults.tokenizer_exceptions or {}).items() if "-" not in orth}
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
        infix_finditer=util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


def register() -> None:
    from spacy.util import registry

    if TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(TOKENIZER, func=lambda: lean_tokenizer)


PROFILE = LanguageProfile(
    "ms",
    "spaCy blank('ms') rule-based, without the hyphenated tokenizer exceptions",
    prepare=register,
    config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}},
    detected_as=("id",),  # langdetect has no Malay profile: Malay copy comes back as Indonesian
)
