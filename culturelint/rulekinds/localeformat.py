"""``locale_format``: spans that break the market's CLDR conventions (currency, number, date,
units), filtered by the rule's ``unless``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta, Hit
from .base import Context, Hits, MatchSpec, Raw, Rule, context_specs, key
from .scope import any_in_scope

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

CHECKS = ("currency", "number", "date", "units")


@dataclass(frozen=True, slots=True, kw_only=True)
class LocaleFormatRule(Rule):
    kind: ClassVar[str] = "locale"
    marker: ClassVar[str] = "locale_format"
    own_keys: ClassVar[frozenset[str]] = frozenset({"locale_format", "unless"})

    check: str
    unless: Context | None = None

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        where = keypath + ("locale_format",)
        spec = v.mapping(data["locale_format"], where, {"check"}, required=("check",))
        return {
            "check": v.choice(spec["check"], where + ("check",), CHECKS),
            "unless": v.optional(data, "unless", keypath, v.context),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        return context_specs(None, self.unless)

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        from ..localeformats import CHECKS as FINDERS
        from ..localeformats import formats_for

        formats = formats_for(market)
        if formats is None:
            return []
        finder = FINDERS[self.check]
        unless = hits.get(key(self.id, "unless"), [])
        out = []
        for index, text in enumerate(parsed.texts):
            for span in finder(text, formats):
                hit = Hit(index, span.start, span.end)
                if self.unless and any_in_scope(parsed, hit, unless, self.unless.within):
                    continue
                out.append(Raw(self, hit, "match", span.fields))
        return out
