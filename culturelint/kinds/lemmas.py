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

from ..nlp import fold, tokenizer_for
from .bundle import MatcherBundle
from .terms import TermKind

MAX_PHRASE_FORMS = 256


def cache_dir() -> Path:
    if os.environ.get("CULTURELINT_CACHE_DIR"):
        return Path(os.environ["CULTURELINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "culturelint"


def _lookups_version() -> str:
    try:
        from importlib.metadata import version
        return version("spacy-lookups-data")
    except Exception:  # noqa: BLE001 - no tables means lemma == form
        return "none"


def _load_table(language: str) -> dict[str, str]:
    """spaCy's form -> lemma lookup table, read from spacy-lookups-data's own file.

    (spaCy's Table object keeps only hashes of the forms, so it cannot be inverted.)
    """
    try:
        import spacy_lookups_data
    except ImportError:
        return {}
    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{language}_lemma_lookup.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            table = json.load(handle)
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in table.items()}


def inflections(language: str, words: set[str]) -> dict[str, list[str]]:
    """Every known surface form of each word, lowercased and folded, cached on disk."""
    words = {fold(w).lower() for w in words}
    digest = hashlib.sha1(json.dumps(sorted(words)).encode()).hexdigest()[:16]
    path = cache_dir() / f"lemmas-{language}-{_lookups_version()}-{digest}.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    table = _load_table(language)
    forms: dict[str, set[str]] = {w: {w} for w in words}
    for form, lemma in table.items():
        lemma_key = lemma.lower()
        if lemma_key in forms:
            forms[lemma_key].add(form.lower())
    result = {w: sorted(f) for w, f in forms.items()}
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

    def add(self, bundle: MatcherBundle, key: str, values: tuple[object, ...],
            case_sensitive: bool) -> None:
        phrases = [[t.text for t in bundle.make_doc(str(v)) if not t.is_space] for v in values]
        if tokenizer_for(bundle.language).sets_lemma:
            patterns = [[{"LEMMA": word} for word in words] for words in phrases if words]
            bundle.add_patterns(key, patterns)  # type: ignore[arg-type]
            return
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
