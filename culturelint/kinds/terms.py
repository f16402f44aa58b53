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

import re
from collections.abc import Iterable

from ..nlp import fold, profile_for
from .bundle import MatcherBundle


class TermKind:
    name = "terms"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        terms = [str(term) for term in values]
        if subword:
            bundle.add_finder(key, _substring_finder(terms, case_sensitive))
            return
        profile = profile_for(bundle.language)
        forms = profile.term_forms
        if forms is not None:
            terms = [form for term in terms for form in forms(term)]
        docs = [bundle.make_doc(term) for term in terms]
        bundle.add_phrases(key, [d for d in docs if len(d)], case_sensitive)
        if not profile.no_spaces and not case_sensitive:
            finder = hashtag_finder(terms)
            if finder is not None:
                bundle.add_finder(key, finder)


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


def hashtag_finder(terms: Iterable[str]):  # type: ignore[no-untyped-def]
    """Hits of the terms inside hashtags: by CamelCase words, or joined in a lowercase tag."""
    phrases: set[tuple[str, ...]] = set()
    joined: set[str] = set()
    multiword: set[str] = set()  # joined forms of multi-word terms: these may also end a tag
    for term in terms:
        words = tuple(w for w in re.split(r"[\s\-_']+", fold(term).lower()) if w)
        if not words or not all(w.isalnum() for w in words):
            continue
        phrases.add(words)
        joined.add("".join(words))
        if len(words) > 1:
            multiword.add("".join(words))
    if not phrases:
        return None
    longest = max(len(p) for p in phrases)
    shortest_join = min(len(j) for j in joined)

    def finder(text: str) -> Iterable[tuple[int, int]]:
        if "#" not in text:
            return
        for tag in HASHTAG.finditer(text):
            body, base = tag.group(1), tag.start(1)
            parts = [(a, b, body[a:b].lower()) for a, b in camel_parts(body)]
            if len(parts) > 1:
                for i in range(len(parts)):
                    for j in range(i + 1, min(len(parts), i + longest) + 1):
                        if tuple(p[2] for p in parts[i:j]) in phrases:
                            yield base + parts[i][0], base + parts[j - 1][1]
                continue
            lowered = body.lower()
            if lowered in joined:
                yield base, tag.end()
                continue
            if len(lowered) < shortest_join:
                continue
            for size in range(JOINED_MIN, len(lowered)):
                if lowered[:size] in joined:
                    yield base, base + size
                if lowered[-size:] in multiword:
                    yield base + len(lowered) - size, base + len(lowered)

    return finder
