"""``pair``: a check of a translation against its source (``culturelint pairs``): a disclosure
label dropped, a price, percentage, number or date changed, a brand name altered, a flagged term
carried over untranslated, copy in the wrong language, a unit left empty or fuzzy.

A pair rule needs both texts, so it never fires on a single document; ``culturelint.pairs`` runs
it over translation units and places its findings in the target file like any other rule's.

    pair: {check: label-dropped}
    pair: {check: wrong-language, min_words: 4, min_chars: 20}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta
from .base import Hits, Raw, Rule

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

PAIR_CHECKS = (
    "label-dropped",
    "price-changed",
    "percentage-changed",
    "number-changed",
    "date-changed",
    "brand-altered",
    "carried-over",
    "wrong-language",
    "untranslated",
    "empty",
    "fuzzy",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PairRule(Rule):
    kind: ClassVar[str] = "pair"
    marker: ClassVar[str] = "pair"
    own_keys: ClassVar[frozenset[str]] = frozenset({"pair"})
    default_messages: ClassVar[dict[str, str]] = {"match": "{message}"}

    check: str
    min_words: int = 4  # wrong-language / untranslated: shorter units are too short to judge
    min_chars: int = 20

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        where = keypath + ("pair",)
        spec = v.mapping(data["pair"], where, ("check", "min_words", "min_chars"), required=("check",))
        out: dict[str, Any] = {"check": v.choice(spec["check"], where + ("check",), PAIR_CHECKS)}
        for name in ("min_words", "min_chars"):
            if name in spec:
                value = spec[name]
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise v.fail(where + (name,), f"'{name}' must be a whole number of 0 or more")
                out[name] = value
        return out

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        return []  # needs the source text: culturelint.pairs runs it per translation unit
