"""``regex``: for what tokens cannot express. Runs on the folded segment text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..nlp import fold_pattern
from .bundle import MatcherBundle


class RegexKind:
    name = "regex"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
        compiled = [re.compile(fold_pattern(str(v)), flags) for v in values]

        def finder(text: str) -> Iterable[tuple[int, int]]:
            for expression in compiled:
                for m in expression.finditer(text):
                    if m.end() > m.start():
                        yield m.start(), m.end()

        bundle.add_finder(key, finder)
