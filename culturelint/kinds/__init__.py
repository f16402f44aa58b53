"""The closed set of match kinds. Each adds what it looks for to a MatcherBundle; the bundle runs
all of them over a document's parsed segments in one pass."""

from __future__ import annotations

from typing import Protocol

from ..model import Hit
from .bundle import MatcherBundle
from .emoji import EmojiKind
from .lemmas import LemmaKind
from .patterns import PatternKind
from .regex import RegexKind
from .terms import TermKind


class Kind(Protocol):
    name: str

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None: ...


KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (TermKind(), LemmaKind(), PatternKind(), RegexKind(), EmojiKind())
}

__all__ = ["KINDS", "Hit", "Kind", "MatcherBundle"]
