"""``match``: a term, lemma, token pattern, regex or emoji, optionally only ``near`` some context
and never where an ``unless`` context is found; ``when`` limits it to paid posts or channels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta
from .base import Context, Hits, MatchSpec, Raw, Rule, When, context_specs, key
from .scope import any_in_scope, longest_first

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchRule(Rule):
    kind: ClassVar[str] = "match"
    marker: ClassVar[str] = "match"
    own_keys: ClassVar[frozenset[str]] = frozenset({"match", "near", "unless", "when"})

    match: MatchSpec
    near: Context | None = None
    unless: Context | None = None
    when: When | None = None

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        return {
            "match": v.match_spec(data["match"], keypath + ("match",)),
            "near": v.optional(data, "near", keypath, v.context),
            "unless": v.optional(data, "unless", keypath, v.context),
            "when": v.optional(data, "when", keypath, v.when),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        yield "match", self.match
        yield from context_specs(self.near, self.unless)
        if self.when and self.when.signals:
            yield "signals", self.when.signals

    def dependent_roles(self) -> dict[str, tuple[str, bool]]:
        if type(self).evaluate is not MatchRule.evaluate:
            return {}  # a subclass reading hits its own way: every role is wanted
        out: dict[str, tuple[str, bool]] = {}
        if self.when and self.when.signals:
            out["signals"] = ("match", True)  # ``applies`` never reads it
        for role, context in (("near", self.near), ("unless", self.unless)):
            if context is not None:
                out[role] = ("match", context.within == "document")
        return out

    def applies(self, meta: DocumentMeta) -> bool:
        """``when: {sponsored: true}`` limits a rule to paid posts (Australia bans paid testimonials
        for therapeutic goods), ``channels`` to some platforms."""
        when = self.when
        if when is None:
            return True
        if not when.channel_allows(meta):
            return False
        return when.sponsored is None or meta.sponsored == when.sponsored

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        found = longest_first(hits.get(key(self.id, "match"), []))
        if not found or not self.applies(meta):
            return []
        near = hits.get(key(self.id, "near"), [])
        unless = hits.get(key(self.id, "unless"), [])
        out = []
        reported: set[int] = set()
        for hit in sorted(found):
            if self.near and (hit.segment in reported or not any_in_scope(parsed, hit, near, self.near.within)):
                continue
            if self.unless and any_in_scope(parsed, hit, unless, self.unless.within):
                continue
            if self.near:  # a combination ("a tragedy word and a sales call") is one finding per segment
                reported.add(hit.segment)
            out.append(Raw(self, hit))
        return out
