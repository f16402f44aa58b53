"""One set of matchers per (rules, language): spaCy matchers for tokens, finders for raw text, and
the literal prefilter (``prefilter``) that decides which segments and keys need them at all."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..model import Hit
from ..nlp import fold, pipeline
from ..normalize import phrase_hits_across_spaces
from .prefilter import Anchors, Scanner, enabled, literal_anchors, normaliser, pattern_anchors
from .terms import HashtagIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..nlp.parsed import Parsed

TextFinder = Callable[[str], Iterable[tuple[int, int]]]


class MatcherBundle:
    def __init__(self, language: str, model: str | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.language = language
        self.nlp = pipeline(language, model)
        self.phrase = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.phrase_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.matcher = Matcher(self.nlp.vocab)
        # key, finder, and the name its anchors let through (None: it runs on every segment)
        self.finders: list[tuple[str, TextFinder, str | None]] = []
        self.hashtags = HashtagIndex()  # every term rule's hashtag forms, searched in one pass
        self._keys: set[str] = set()
        self.normal = normaliser(language)
        self._anchors: dict[str, set[str]] = defaultdict(set)  # anchor -> keys it lets through
        self._token_keys: set[str] = set()  # keys the spaCy matchers answer
        self._token_always: set[str] = set()  # token keys without anchors: they run on every segment
        self._depends: dict[str, tuple[str, bool]] = {}  # key -> (the key it is read behind, whole document)
        self._deferred: dict[str, list[tuple[list[str], bool]]] = {}  # key -> term phrases not yet compiled
        self._scanner: Scanner | None = None
        self._primary: tuple[set[str], bool, dict[str, list[str]]] | None = None

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(fold(text))

    def _anchor(self, key: str, anchors: Anchors) -> bool:
        """Record a key's anchors; False when it has none (it runs everywhere)."""
        self._scanner = None
        self._primary = None
        if anchors is None:
            return False
        for anchor in anchors:
            self._anchors[anchor].add(key)
        return True

    def _token_key(self, key: str, anchors: Anchors) -> None:
        self._token_keys.add(key)
        self._keys.add(key)
        if not self._anchor(key, anchors):
            self._token_always.add(key)

    def add_phrases(self, key: str, docs: list[Doc], case_sensitive: bool) -> None:
        (self.phrase_exact if case_sensitive else self.phrase).add(key, docs)
        self._token_key(key, literal_anchors((d.text for d in docs), self.normal))

    def add_terms(self, key: str, terms: list[str], case_sensitive: bool) -> None:
        """Literal phrases, tokenised and added to the phrase matcher only when a segment first
        holds one of them (5,000 term rules whose words the copy never uses cost one scan)."""
        anchors = literal_anchors((fold(t) for t in terms if t), self.normal)
        if anchors is None or not enabled():
            self._compile_terms(key, terms, case_sensitive)
            self._token_key(key, anchors)
            return
        self._deferred.setdefault(key, []).append((terms, case_sensitive))
        self._token_key(key, anchors)

    def _compile_terms(self, key: str, terms: list[str], case_sensitive: bool) -> None:
        docs = [self.make_doc(term) for term in terms]
        (self.phrase_exact if case_sensitive else self.phrase).add(key, [d for d in docs if len(d)])

    def _compile_deferred(self, keys: Iterable[str]) -> None:
        for key in keys:
            for terms, case_sensitive in self._deferred.pop(key, ()):
                self._compile_terms(key, terms, case_sensitive)

    def compile_all(self) -> None:
        """Compile every deferred phrase now (pack validation, the full path)."""
        self._compile_deferred(list(self._deferred))

    def add_patterns(self, key: str, patterns: list[list[dict[str, object]]]) -> None:
        self.matcher.add(key, patterns)
        self._token_key(key, pattern_anchors(patterns, self.normal))

    def add_finder(self, key: str, finder: TextFinder, anchors: Anchors = None) -> None:
        """A finder over the folded text; with ``anchors`` it runs only on segments holding one."""
        gate = f"{key}\x00{len(self.finders)}"  # a finder's anchors never make its key's tokens run
        self.finders.append((key, finder, gate if self._anchor(gate, anchors) else None))
        self._keys.add(key)

    def add_hashtag_terms(self, key: str, terms: list[str]) -> None:
        if self.hashtags.add(key, terms):
            self._keys.add(key)

    def depend(self, key: str, primary: str, whole_document: bool) -> None:
        """``key``'s hits are read only when ``primary`` has hits (a rule's ``near``/``unless``
        behind its ``match``): in the segments of those hits, or anywhere with ``whole_document``."""
        self._depends[key] = (primary, whole_document)
        self._primary = None

    def scanner(self) -> Scanner:
        if self._scanner is None:
            self._scanner = Scanner(self._anchors)
        return self._scanner

    def candidates(self, texts: Iterable[str], folded: Iterable[str]) -> list[set[str]]:
        """For each text (and its folded form, which finders read), the keys and finder gates
        whose anchors it holds."""
        scan = self.scanner()
        normal = self.normal
        out = []
        for text, fold_text in zip(texts, folded, strict=True):
            found = scan(normal(text))
            if fold_text != text:
                found |= scan(normal(fold_text))
            out.append(found)
        return out

    def find(self, parsed: Parsed) -> dict[str, list[Hit]]:
        """Every hit of every key that can matter, over all segments of a parsed document.

        With the prefilter on: first the keys that are read on their own (a rule's ``match``, a
        requirement's labels ...), tokenising only segments that hold one of their anchors; then
        the keys that depend on those (``near``/``unless``) for the rules that have hits, in the
        segments that can matter. A gated finder runs only where its anchors are. Every hit
        returned is a hit the full path gives; a key missing here is one no rule reads (its
        primary key has no hit) or one that cannot match (no anchor in any segment)."""
        texts = parsed.texts
        folded = [fold(text) for text in texts]
        hits: dict[str, list[Hit]] = defaultdict(list)
        if not enabled():
            self.compile_all()
            everything = list(range(len(texts)))
            parsed.ensure(everything)
            self._tokens(parsed, everything, hits)
            self._finders(folded, None, lambda key: True, hits)
            return _sorted(hits)
        candidates = self.candidates(texts, folded)
        depends = self._depends
        primary_tokens, primary_always, dependents_of = self._primaries()
        if primary_always:
            first = list(range(len(texts)))
        else:
            first = [i for i, found in enumerate(candidates) if not found.isdisjoint(primary_tokens)]
        self._compile_for(candidates, first)
        parsed.ensure(first)
        self._tokens(parsed, first, hits)
        self._finders(folded, candidates, lambda key: key not in depends, hits)
        behind = [primary for primary in hits if primary in dependents_of]
        active = {k: depends[k][1] for primary in behind for k in dependents_of[primary]}
        if active:
            done = set(first)
            second: set[int] = set()
            for dependent, whole in active.items():
                if dependent not in self._token_keys:
                    continue
                primary = depends[dependent][0]
                segments = range(len(texts)) if whole else sorted({h.segment for h in hits[primary]})
                always = dependent in self._token_always
                second.update(i for i in segments if i not in done and (always or dependent in candidates[i]))
            if second:
                ordered = sorted(second)
                self._compile_for(candidates, ordered)
                parsed.ensure(ordered)
                self._tokens(parsed, ordered, hits)
            self._finders(folded, candidates, active.__contains__, hits)
        return _sorted(hits)

    def _primaries(self) -> tuple[set[str], bool, dict[str, list[str]]]:
        """The token keys read on their own, whether one of them runs everywhere, and each
        primary key's dependents (worked out once per bundle, not per document)."""
        if self._primary is None:
            dependents_of: dict[str, list[str]] = defaultdict(list)
            for dependent, (primary, _) in self._depends.items():
                dependents_of[primary].append(dependent)
            self._primary = (
                self._token_keys.difference(self._depends),
                bool(self._token_always.difference(self._depends)),
                dict(dependents_of),
            )
        return self._primary

    def _compile_for(self, candidates: list[set[str]], segments: Iterable[int]) -> None:
        if self._deferred:
            wanted: set[str] = set()
            for index in segments:
                wanted |= candidates[index]
            self._compile_deferred(wanted.intersection(self._deferred))

    def _tokens(self, parsed: Parsed, segments: list[int], hits: dict[str, list[Hit]]) -> None:
        strings = self.nlp.vocab.strings
        docs = parsed.docs
        matchers: list[Any] = [m for m in (self.phrase, self.phrase_exact, self.matcher) if len(m)]
        for index in segments:
            doc = docs[index]
            for matcher in matchers:
                for match_id, start, end in matcher(doc):
                    span = doc[start:end]
                    hits[strings[match_id]].append(Hit(index, span.start_char, span.end_char))
            for match_id, start_char, end_char in phrase_hits_across_spaces(doc, (self.phrase, self.phrase_exact)):
                hits[strings[match_id]].append(Hit(index, start_char, end_char))  # "Jedem das\nSeine"

    def _finders(
        self,
        texts: list[str],
        candidates: list[set[str]] | None,
        wanted: Callable[[str], bool],
        hits: dict[str, list[Hit]],
    ) -> None:
        finders = [(key, finder, gate) for key, finder, gate in self.finders if wanted(key)]
        for index, folded in enumerate(texts):  # the folded texts
            found = candidates[index] if candidates is not None else None
            for key, finder, gate in finders:
                if gate is not None and found is not None and gate not in found:
                    continue
                for start, end in finder(folded):
                    hits[key].append(Hit(index, start, end))
            for key, start, end in self.hashtags.find(folded):
                if wanted(key):
                    hits[key].append(Hit(index, start, end))


_ORDER = operator.attrgetter("segment", "start", "end")  # Hit's own order, without a Python __lt__ per pair


def _sorted(hits: dict[str, list[Hit]]) -> dict[str, list[Hit]]:
    return {key: sorted(set(found), key=_ORDER) for key, found in hits.items()}
