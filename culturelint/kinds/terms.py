"""``terms``: literal phrases, aligned to tokens, case-insensitive unless asked otherwise.

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
        forms = profile_for(bundle.language).term_forms
        if forms is not None:
            terms = [form for term in terms for form in forms(term)]
        docs = [bundle.make_doc(term) for term in terms]
        bundle.add_phrases(key, [d for d in docs if len(d)], case_sensitive)


def _substring_finder(terms: list[str], case_sensitive: bool):  # type: ignore[no-untyped-def]
    ordered = sorted({fold(t) for t in terms if t}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in ordered), 0 if case_sensitive else re.IGNORECASE)

    def finder(text: str) -> Iterable[tuple[int, int]]:
        for m in pattern.finditer(text):
            yield m.start(), m.end()

    return finder
