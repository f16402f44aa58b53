"""One set of matchers per (rules, language): spaCy matchers for tokens, finders for raw text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..model import Hit
from ..nlp import fold, pipeline
from ..normalize import phrase_hits_across_spaces
from .terms import HashtagIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

TextFinder = Callable[[str], Iterable[tuple[int, int]]]


class MatcherBundle:
    def __init__(self, language: str, model: str | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.language = language
        self.nlp = pipeline(language, model)
        self.phrase = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.phrase_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.matcher = Matcher(self.nlp.vocab)
        self.finders: list[tuple[str, TextFinder]] = []
        self.hashtags = HashtagIndex()  # every term rule's hashtag forms, searched in one pass
        self._keys: set[str] = set()

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(fold(text))

    def add_phrases(self, key: str, docs: list[Doc], case_sensitive: bool) -> None:
        (self.phrase_exact if case_sensitive else self.phrase).add(key, docs)
        self._keys.add(key)

    def add_patterns(self, key: str, patterns: list[list[dict[str, object]]]) -> None:
        self.matcher.add(key, patterns)
        self._keys.add(key)

    def add_finder(self, key: str, finder: TextFinder) -> None:
        self.finders.append((key, finder))
        self._keys.add(key)

    def add_hashtag_terms(self, key: str, terms: list[str]) -> None:
        if self.hashtags.add(key, terms):
            self._keys.add(key)

    def find(self, docs: list[Doc], texts: list[str]) -> dict[str, list[Hit]]:
        """Every hit of every key, over all segments (docs and texts are parallel lists)."""
        hits: dict[str, list[Hit]] = defaultdict(list)
        strings = self.nlp.vocab.strings
        for index, doc in enumerate(docs):
            for matcher in (self.phrase, self.phrase_exact, self.matcher):
                if len(matcher) == 0:
                    continue
                for match_id, start, end in matcher(doc):
                    span = doc[start:end]
                    hits[strings[match_id]].append(Hit(index, span.start_char, span.end_char))
            for match_id, start_char, end_char in phrase_hits_across_spaces(doc, (self.phrase, self.phrase_exact)):
                hits[strings[match_id]].append(Hit(index, start_char, end_char))  # "Jedem das\nSeine"
        for index, text in enumerate(texts):
            folded = fold(text)
            for key, finder in self.finders:
                for start, end in finder(folded):
                    hits[key].append(Hit(index, start, end))
            for key, start, end in self.hashtags.find(folded):
                hits[key].append(Hit(index, start, end))
        return {key: sorted(set(found)) for key, found in hits.items()}
