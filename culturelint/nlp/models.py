"""Trained spaCy pipelines, when a user has one installed: loading, auto-detection, and what token
attributes each pipeline can provide (so rules needing POS are skipped, with a notice, on blank ones)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import UserError
from ..languages import profile_for

if TYPE_CHECKING:
    from spacy.language import Language

# Token attributes a pattern may use that only some pipelines fill in, and the components that do.
NEEDS = {
    "POS": ("tagger", "morphologizer", "attribute_ruler"),
    "TAG": ("tagger", "morphologizer"),
    "MORPH": ("morphologizer", "tagger"),
    "DEP": ("parser",),
    "HEAD": ("parser",),
    "LEMMA": ("lemmatizer", "trainable_lemmatizer"),
    "ENT_TYPE": ("ner",),
    "ENT_IOB": ("ner",),
    "ENT_ID": ("ner", "entity_ruler"),
}
AUTO = "auto"
_SIZES = ("sm", "md", "lg", "trf")
_GENRES = ("core_news", "core_web", "dep_news")


def load_model(language: str, name: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        raise UserError(
            f"trained pipeline '{name}' for '{language}' is not installed "
            f"(pip install {name.replace('_', '-')}, or drop --model {language}={name})"
        ) from None
    if nlp.lang != language:
        raise UserError(f"pipeline '{name}' is for '{nlp.lang}', not '{language}'")
    return nlp


def installed_model(language: str) -> str | None:
    """The smallest trained pipeline installed for a language, for ``--model auto``."""
    for size in _SIZES:
        for genre in _GENRES:
            name = f"{language}_{genre}_{size}"
            if importlib.util.find_spec(name) is not None:
                return name
    return None


def capabilities(nlp: Language, language: str) -> frozenset[str]:
    """Token attributes this pipeline fills in beyond the text itself."""
    names = set(nlp.pipe_names)
    have = {attr for attr, components in NEEDS.items() if names & set(components)}
    if profile_for(language).sets_lemma:
        have.add("LEMMA")  # SudachiPy and mecab-ko give dictionary forms themselves
    if "attribute_ruler" in names and not names & {"tagger", "morphologizer"}:
        have.discard("POS")  # an attribute ruler alone maps tags it does not have
    return frozenset(have)


def attributes_used(patterns: Iterable[Iterable[dict[str, object]]]) -> set[str]:
    used: set[str] = set()
    for pattern in patterns:
        for token in pattern:
            used.update(key.upper() for key in token if key.upper() in NEEDS)
    return used


def parse_models(values: Iterable[str]) -> dict[str, str]:
    """``LANG=PIPELINE`` pairs (or ``auto``) from the command line or config."""
    models: dict[str, str] = {}
    for value in values:
        if value == AUTO:
            models[AUTO] = AUTO
            continue
        language, sep, name = value.partition("=")
        if not sep or not language or not name:
            raise UserError(f"--model expects LANG=PIPELINE (e.g. fr=fr_core_news_sm) or 'auto', got '{value}'")
        models[language.strip()] = name.strip()
    return models


def model_for(language: str, models: dict[str, str]) -> str | None:
    if language in models:
        return models[language]
    if AUTO in models:
        return installed_model(language)
    return None
