"""``lemmas``: any inflection of a word or phrase.

Blank pipelines have no lemmatizer, and loading spaCy's lookup tables costs seconds for some
languages. So the forms a rule needs are worked out once from the tables (inverting form → lemma)
and kept in a small cache file; later runs read only that file. Tokenizers that set lemmas
themselves (SudachiPy for Japanese) are matched on the lemma directly.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import os
from pathlib import Path

from ..nlp import fold, profile_for
from .bundle import MatcherBundle
from .terms import TermKind

MAX_PHRASE_FORMS = 256
CACHE_VERSION = 3


def cache_dir() -> Path:
    from ..cache import directory

    return directory()


def _lookups_version() -> str:
    try:
        from importlib.metadata import version

        return version("spacy-lookups-data")
    except Exception:
        return "none"


def _read(language: str, table: str) -> object:
    """One of spacy-lookups-data's tables, read from its own file (spaCy's Table keeps only hashes
    of the forms, so it cannot be inverted)."""
    try:
        import spacy_lookups_data
    except ImportError:
        return None
    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{language}_{table}.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _lemmas_of(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _forms_from_tables(language: str, words: set[str]) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {w: {w} for w in words}
    lookup = _read(language, "lemma_lookup")
    if isinstance(lookup, dict):
        for form, value in lookup.items():
            for lemma in _lemmas_of(value):
                if lemma.lower() in forms:
                    forms[lemma.lower()].add(form.lower())
    exceptions = _read(language, "lemma_exc")
    if isinstance(exceptions, dict):
        for table in exceptions.values():
            for form, value in table.items() if isinstance(table, dict) else ():
                for lemma in _lemmas_of(value):
                    if lemma.lower() in forms:
                        forms[lemma.lower()].add(form.lower())
    rules = _read(language, "lemma_rules")
    if isinstance(rules, dict):
        # for words the tables do not know, a rule (form suffix -> lemma suffix) run backwards gives
        # candidate forms; a candidate that is not a word costs nothing, as copy never contains it
        unknown = [w for w, found in forms.items() if len(found) == 1 and " " not in w]
        for pairs in rules.values():
            for old, new in pairs if isinstance(pairs, list) else ():
                for word in unknown:
                    if word.endswith(new) and len(word) > len(new) + 1:
                        forms[word].add(word[: len(word) - len(new)] + old)
    return forms


def inflections(language: str, words: set[str]) -> dict[str, list[str]]:
    """Every known surface form of each word, lowercased and folded, cached on disk."""
    words = {fold(w).lower() for w in words}
    digest = hashlib.sha1(json.dumps(sorted(words)).encode()).hexdigest()[:16]
    path = cache_dir() / f"lemmas-{language}-{_lookups_version()}-{CACHE_VERSION}-{digest}.json"
    from ..cache import enabled

    if not enabled():  # --no-cache
        return {w: sorted(f) for w, f in _forms_from_tables(language, words).items()}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    result = {w: sorted(f) for w, f in _forms_from_tables(language, words).items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time
    return result


class LemmaKind:
    name = "lemmas"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        if profile_for(bundle.language).sets_lemma:
            # the tokenizer gives dictionary forms (終わる, 먹다): match them word for word
            patterns = [[{"LEMMA": fold(word)} for word in str(v).split()] for v in values if str(v).split()]
            bundle.add_patterns(key, patterns)  # type: ignore[arg-type]
            return
        phrases = [[t.text for t in bundle.make_doc(str(v)) if not t.is_space] for v in values]
        forms = inflections(bundle.language, {w for words in phrases for w in words})
        surface: list[str] = []
        for words in phrases:
            options = [forms[fold(w).lower()] for w in words]
            combinations = math.prod(len(o) for o in options)
            if combinations <= MAX_PHRASE_FORMS:
                # every inflected phrase as a literal: the phrase matcher is far faster per token
                surface.extend(" ".join(c) for c in itertools.product(*options))
            else:
                bundle.add_patterns(key, [[{"LOWER": {"IN": o}} for o in options]])
        if surface:
            TermKind().add(bundle, key, tuple(surface), case_sensitive=False)
