"""``terms``: literal phrases, aligned to tokens, case-insensitive unless asked otherwise.

Terms also match inside hashtags, where copy runs words together: ``#PrayForTurkey`` holds the
term "pray for", ``#hurricaneharvey`` the term "hurricane". A joined lowercase tag matches a term
that is the whole tag or, from five letters, starts it; only a multi-word term may also end it,
so ``#bewerbung`` never holds "Werbung".

With ``subword: true`` a term also matches inside a word, for languages written without spaces
(四 in 四只装); ``unless`` then names the words it must not match in (四川, 四季). A language
profile may give a term its clitic forms (Arabic: خمر also matches والخمر, كلب matches كلبك).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..nlp import fold, profile_for
from .prefilter import literal_anchors

if TYPE_CHECKING:
    from .bundle import MatcherBundle


class TermKind:
    name = "terms"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        terms = [str(term) for term in values]
        if subword:
            anchors = literal_anchors((fold(t) for t in terms if t), bundle.normal)
            bundle.add_finder(key, _substring_finder(terms, case_sensitive), anchors)
            return
        profile = profile_for(bundle.language)
        forms = profile.term_forms
        if forms is not None:
            terms = [form for term in terms for form in forms(term)]
        bundle.add_terms(key, terms, case_sensitive)  # tokenised when the copy first holds one
        if not profile.no_spaces and not case_sensitive:
            bundle.add_hashtag_terms(key, terms)


def _substring_finder(terms: list[str], case_sensitive: bool):  # type: ignore[no-untyped-def]
    ordered = sorted({fold(t) for t in terms if t}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in ordered), 0 if case_sensitive else re.IGNORECASE)

    def finder(text: str) -> Iterable[tuple[int, int]]:
        for m in pattern.finditer(text):
            yield m.start(), m.end()

    return finder


HASHTAG = re.compile(r"(?<![\w#])#(\w{2,})", re.UNICODE)


def camel_parts(word: str) -> list[tuple[int, int]]:
    """Spans of the words run together in a CamelCase or digit-joined token, in any cased script:
    ``PrayForTurkey`` -> Pray, For, Turkey; ``ĐụMùaHè`` -> Đụ, Mùa, Hè; ``GT86Sport`` -> GT, 86, Sport."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(word):
        if not ch.isalnum():
            if start is not None:
                spans.append((start, i))
            start = None
            continue
        if start is not None:
            prev = word[i - 1]
            upper_run_ends = prev.isupper() and ch.isupper() and i + 1 < len(word) and word[i + 1].islower()
            if (prev.islower() and ch.isupper()) or prev.isdigit() != ch.isdigit() or upper_run_ends:
                spans.append((start, i))
                start = i
        if start is None:
            start = i
    if start is not None:
        spans.append((start, len(word)))
    return spans


JOINED_MIN = 5  # a joined lowercase tag matches a term at its start or end only from this length


def hashtag_words(term: str) -> tuple[str, ...] | None:
    """A term's words as a hashtag spells them (folded, lowercase), or None if it cannot be one."""
    words = tuple(w for w in re.split(r"[\s\-_']+", fold(term).lower()) if w)
    if not words or not all(w.isalnum() for w in words):
        return None
    return words


@functools.lru_cache(maxsize=256)
def hashtags(text: str) -> tuple[tuple[int, int, str, tuple[tuple[int, int, str], ...]], ...]:
    """Each hashtag in a (folded) text: where its body starts and the tag ends, the body
    lowercased, and its CamelCase parts. Parsed once per text, whatever the number of rules."""
    out = []
    for tag in HASHTAG.finditer(text):
        body, base = tag.group(1), tag.start(1)
        parts = tuple((a, b, body[a:b].lower()) for a, b in camel_parts(body))
        out.append((base, tag.end(), body.lower(), parts))
    return tuple(out)


class HashtagIndex:
    """Every rule's terms inside hashtags, in one index per bundle: one pass over a text's tags
    answers all rules (5,000 term rules cost one lookup per tag part, not 5,000 scans).

    A CamelCase tag holds a term as consecutive words; a joined lowercase tag holds a term that is
    the whole tag or, from five letters, starts it; only a multi-word term may also end it."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        self.joined: dict[str, set[str]] = {}
        self.multiword: dict[str, set[str]] = {}  # joined forms of multi-word terms: these may also end a tag
        self.longest = 0
        self.shortest_join = 0

    def __len__(self) -> int:
        return len(self.phrases)

    def add(self, key: str, terms: Iterable[str]) -> bool:
        added = False
        for term in terms:
            words = hashtag_words(term)
            if words is None:
                continue
            added = True
            joined = "".join(words)
            self.phrases.setdefault(words, set()).add(key)
            self.joined.setdefault(joined, set()).add(key)
            if len(words) > 1:
                self.multiword.setdefault(joined, set()).add(key)
            self.longest = max(self.longest, len(words))
            self.shortest_join = min(self.shortest_join, len(joined)) if self.shortest_join else len(joined)
        return added

    def find(self, text: str) -> Iterator[tuple[str, int, int]]:
        if "#" not in text or not self.phrases:
            return
        for base, end, lowered, parts in hashtags(text):
            if len(parts) > 1:
                for i in range(len(parts)):
                    for j in range(i + 1, min(len(parts), i + self.longest) + 1):
                        for key in self.phrases.get(tuple(p[2] for p in parts[i:j]), ()):
                            yield key, base + parts[i][0], base + parts[j - 1][1]
                continue
            whole = self.joined.get(lowered, set())
            for key in whole:
                yield key, base, end
            if len(lowered) < self.shortest_join:
                continue
            for size in range(JOINED_MIN, len(lowered)):
                for key in self.joined.get(lowered[:size], ()):
                    if key not in whole:
                        yield key, base, base + size
                for key in self.multiword.get(lowered[-size:], ()):
                    if key not in whole:
                        yield key, base + len(lowered) - size, base + len(lowered)


def hashtag_finder(terms: Iterable[str]):  # type: ignore[no-untyped-def]
    """Hits of the terms inside hashtags, for one set of terms alone (see ``HashtagIndex``)."""
    index = HashtagIndex()
    if not index.add("", terms):
        return None

    def finder(text: str) -> Iterable[tuple[int, int]]:
        for _, start, end in index.find(text):
            yield start, end

    return finder
