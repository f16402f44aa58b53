"""``terms``: literal phrases, aligned to tokens, case-insensitive unless asked otherwise."""

from __future__ import annotations

from .bundle import MatcherBundle


class TermKind:
    name = "terms"

    def add(self, bundle: MatcherBundle, key: str, values: tuple[object, ...],
            case_sensitive: bool) -> None:
        docs = [bundle.make_doc(str(term)) for term in values]
        bundle.add_phrases(key, [d for d in docs if len(d)], case_sensitive)
