"""One profile per language: everything culturelint knows about a language in one place.

A profile says how copy in the language is tokenised (spaCy's blank class, a segmenter, extra
split points), which characters matching folds, how a one-word term inflects with clitics, which
Unicode scripts name the language on their own, whether its words are separated by spaces, and
where lemma forms come from. Languages without a module here get ``LanguageProfile(code)``:
spaCy's rule-based tokenizer for that code. Adding a language is one module in this package (with a
``PROFILE``) plus its packs; see docs/adding-a-market.md.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    code: str
    description: str = ""  # the tokenizer, as `culturelint markets` shows it
    requires: tuple[str, ...] = ()  # importable modules the tokenizer needs
    sets_lemma: bool = False  # the tokenizer itself gives dictionary forms (lemma rules match them)
    lemma_tables: bool = True  # spacy-lookups-data has lemma tables for it (read for `lemmas:`)
    no_spaces: bool = False  # words are not separated by spaces: terms may need to match inside words
    latin_script: bool = True  # written in Latin script: a Latin-script sentence in its copy is not foreign
    scripts: tuple[str, ...] = ()  # Unicode script names that are this language's alone (HANGUL)
    config: dict[str, Any] = field(default_factory=dict)  # spacy.blank(config=…)
    base: str | None = None  # build spaCy's pipeline for this code instead
    infixes: tuple[str, ...] = ()  # extra split points inside tokens
    prepare: Callable[[], None] | None = None  # runs before the pipeline is built
    custom: Callable[[Language], None] | None = None  # adjusts the pipeline after it is built
    fold_chars: dict[str, str] = field(default_factory=dict)  # spellings matching treats as one
    ignore_chars: tuple[int, ...] = ()  # code points matching ignores inside words (vowel marks)
    term_forms: Callable[[str], list[str]] | None = None  # a term's clitic forms (Arabic و، ال …)
    # languages the detector reports for this one's copy (langdetect has no Malay: it says Indonesian)
    detected_as: tuple[str, ...] = ()

    def is_detected(self, language: str) -> bool:
        """Whether a detector's answer means copy in this language."""
        return language == self.code or language in self.detected_as

    def __post_init__(self) -> None:
        if not self.description:
            object.__setattr__(self, "description", f"spaCy blank('{self.code}') rule-based")

    def missing(self) -> list[str]:
        return [m for m in self.requires if importlib.util.find_spec(m) is None]


@functools.lru_cache(maxsize=1)
def profiles() -> dict[str, LanguageProfile]:
    """Every language with a module in this package, by code."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROFILE", None)
        if isinstance(profile, LanguageProfile):
            found[profile.code] = profile
    return found


@functools.cache
def profile_for(language: str) -> LanguageProfile:
    return profiles().get(language) or LanguageProfile(language)


__all__ = ["LanguageProfile", "profile_for", "profiles"]
