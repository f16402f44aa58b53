"""Thai: PyThaiNLP's newmm word segmentation (spaCy's Thai class), for copy written without spaces.

newmm walks a dictionary trie that PyThaiNLP builds from its 62,106 words on first use, one node
object per letter: that took longer than importing spaCy. The same dictionary is kept here as two
sets (the words, and the other prefixes of words: together, the trie's nodes), cached on disk as
two newline-joined strings (``marshal``; splitting them is ten times faster than building the
trie) under a key of PyThaiNLP's version and the word list's content. ``prefixes`` walks the sets
exactly as the trie walks its nodes, so the tokens are the same.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import LanguageProfile

if TYPE_CHECKING:
    from spacy.language import Language

WORDS_FILE = "words_th.txt"  # pythainlp.corpus.common._THAI_WORDS_FILENAME


def _trie_base() -> type:
    from pythainlp.util.trie import Trie

    return Trie


class _Sets:
    """What a dictionary is made of: its words, and the prefixes of words that are no word."""

    def __init__(self, words: frozenset[str], partial: frozenset[str]) -> None:
        self.words = words
        self.partial = partial


def _build(words: Any) -> _Sets:
    """As ``Trie(words)`` does: each word stripped; every non-empty prefix of a word is a node."""
    stripped = frozenset(w for w in (word.strip() for word in words) if w)
    partial = {word[:i] for word in stripped for i in range(1, len(word))} - stripped
    return _Sets(stripped, frozenset(partial))


@functools.cache
def dictionary() -> Any:
    """PyThaiNLP's default word dictionary as a ``Trie`` (a subclass with the same answers)."""
    sets = _cached_sets()
    base = _trie_base()

    class WordSetTrie(base):  # type: ignore[misc,valid-type]
        """``pythainlp.util.Trie`` over two sets: ``prefixes`` gives what the trie gives."""

        def __init__(self, sets: _Sets) -> None:
            self._words = sets.words
            self._partial = sets.partial
            self._word_count = len(sets.words)

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            """The words of the dictionary that ``text`` has at ``start``, shortest first."""
            words, partial = self._words, self._partial
            found = []
            for end in range(start + 1, len(text) + 1):
                piece = text[start:end]
                if piece in words:
                    found.append(piece)
                elif piece not in partial:
                    break  # no word goes on from here: the trie has no node for it
            return found

        def __contains__(self, key: object) -> bool:
            return key in self._words

        def __iter__(self) -> Iterator[str]:
            return iter(self._words)

        def __len__(self) -> int:
            return self._word_count

        def add(self, word: str) -> None:  # pragma: no cover - the shared dictionary is never edited
            raise TypeError("the cached Thai dictionary is read-only")

        remove = add

    return WordSetTrie(sets)


def _cached_sets() -> _Sets:
    from pathlib import Path

    import pythainlp
    import pythainlp.corpus
    from pythainlp.corpus import thai_words

    from .. import cache

    try:
        content = (Path(pythainlp.corpus.__file__).parent / WORDS_FILE).read_bytes()
    except OSError:
        return _build(thai_words())  # a PyThaiNLP laid out otherwise: no cache, same words
    key = cache.digest("thai-dictionary", getattr(pythainlp, "__version__", "?"), content)
    data = cache.load_data("thai", key)
    if isinstance(data, tuple) and len(data) == 2 and all(isinstance(part, str) for part in data):
        words, partial = (frozenset(part.split("\n")) if part else frozenset() for part in data)
        return _Sets(words, partial)
    sets = _build(thai_words())
    if not any("\n" in word for word in sets.words | sets.partial):
        cache.store_data("thai", key, ("\n".join(sorted(sets.words)), "\n".join(sorted(sets.partial))))
    return sets


def use_cached_dictionary(nlp: Language) -> None:
    """spaCy's Thai tokenizer calls ``word_tokenize(text)``; it now passes the cached dictionary."""
    from pythainlp.tokenize import word_tokenize

    tokenizer: Any = nlp.tokenizer
    tokenizer.word_tokenize = functools.partial(_segment, word_tokenize)


def _segment(word_tokenize: Any, text: str) -> list[str]:
    return list(word_tokenize(text, custom_dict=dictionary()))


__all__ = ["PROFILE", "dictionary"]

PROFILE = LanguageProfile(
    "th",
    "PyThaiNLP newmm word segmentation",
    ("pythainlp",),
    lemma_tables=False,
    no_spaces=True,
    latin_script=False,
    scripts=("THAI",),
    custom=use_cached_dictionary,
)
