"""``patterns``: spaCy Matcher token patterns, passed through as written."""

from __future__ import annotations

from typing import Any

from .bundle import MatcherBundle


class PatternKind:
    name = "patterns"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        patterns: list[list[dict[str, Any]]] = [list(p) for p in values]  # type: ignore[call-overload]
        bundle.add_patterns(key, patterns)
