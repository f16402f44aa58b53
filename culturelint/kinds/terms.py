"""``terms``: literal phrases, aligned to tokens, case-insensitive unless asked otherwise.

With ``subword: true`` a term also matches inside a word, for languages written without spaces
(四 in 四只装); ``unless`` then names the words it must not match in (四川, 四季). In Arabic, a
one-word term also matches with the proclitics and enclitics that attach to it: خمر in والخمر,
كلب in كلبك.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..nlp import fold
from .bundle import MatcherBundle

ARABIC_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ول", "وب")


ARABIC_ENCLITICS = ("", "ك", "ه", "ها", "ي", "نا", "كم", "هم")


def arabic_forms(term: str) -> list[str]:
    """A one-word term with the proclitics (و، ف، ب، ل، ال …) and, without the article, the
    possessive enclitics (ـك، ـه، ـها …) that attach to it: كلب matches والكلب and كلبك. A phrase
    takes the conjunctions و and ف on its first word."""
    if not term:
        return [term]
    if " " in term:  # a phrase takes only the conjunctions on its first word: ولحم الخنزير
        return [term, "و" + term, "ف" + term]
    bare = term[2:] if term.startswith("ال") and len(term) > 3 else term
    forms = {prefix + bare for prefix in ARABIC_PROCLITICS}
    forms |= {prefix + bare + suffix for prefix in ("", "و", "ف", "ب", "ل") for suffix in ARABIC_ENCLITICS
              if not bare.endswith("ة")}
    return sorted(forms | {term})


class TermKind:
    name = "terms"

    def add(self, bundle: MatcherBundle, key: str, values: tuple[object, ...],
            case_sensitive: bool, subword: bool = False) -> None:
        terms = [str(term) for term in values]
        if subword:
            bundle.add_finder(key, _substring_finder(terms, case_sensitive))
            return
        if bundle.language == "ar":
            terms = [form for term in terms for form in arabic_forms(term)]
        docs = [bundle.make_doc(term) for term in terms]
        bundle.add_phrases(key, [d for d in docs if len(d)], case_sensitive)


def _substring_finder(terms: list[str], case_sensitive: bool):  # type: ignore[no-untyped-def]
    ordered = sorted({fold(t) for t in terms if t}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in ordered), 0 if case_sensitive else re.IGNORECASE)

    def finder(text: str) -> Iterable[tuple[int, int]]:
        for m in pattern.finditer(text):
            yield m.start(), m.end()

    return finder
