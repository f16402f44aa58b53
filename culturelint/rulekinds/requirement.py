"""``require``: a label that must be present (sponsorship disclosure, a legal warning), ``when`` the
post is sponsored or shows commercial signals, where the ``placement`` says; ``reject`` names
labels a regulator has called insufficient."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta
from .base import Hits, MatchSpec, Raw, Rule, When, document_start, key
from .placement import Placement, placement_problems
from .scope import longest_first

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath


@dataclass(frozen=True, slots=True, kw_only=True)
class RequirementRule(Rule):
    kind: ClassVar[str] = "requirement"
    marker: ClassVar[str] = "require"
    own_keys: ClassVar[frozenset[str]] = frozenset({"require", "reject", "when", "placement"})
    message_cases: ClassVar[frozenset[str]] = frozenset({"missing", "misplaced", "rejected", "unlabelled"})
    default_messages: ClassVar[dict[str, str]] = {
        "missing": "{message} Add {labels}, {placement}.",
        "misplaced": "“{match}” is there but must stand {placement}. {message}",
        "rejected": "“{match}” is not a disclosure label this market accepts. {message} Use {labels}, {placement}.",
        "unlabelled": "This reads as commercial (“{match}”) but says nothing about sponsorship: "
        "add {labels} {placement}, or mark the draft `sponsored: false` if it is not. "
        "{message}",
    }

    require: MatchSpec
    reject: MatchSpec | None = None
    when: When | None = None
    placement: Placement | None = None

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        return {
            "require": v.match_spec(data["require"], keypath + ("require",)),
            "reject": v.optional(data, "reject", keypath, v.match_spec),
            "when": v.optional(data, "when", keypath, v.when),
            "placement": v.optional(data, "placement", keypath, Placement.parse_with(v)),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        yield "require", self.require
        if self.reject:
            yield "reject", self.reject
        if self.when and self.when.signals:
            yield "signals", self.when.signals

    def fields(self, raw: Raw) -> dict[str, str]:
        return {
            "placement": self.placement.describe() if self.placement else "upfront",
            "labels": " / ".join(self.suggest) or " / ".join(self.require.terms),
        }

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        when = self.when
        expected = when.sponsored if when else True
        if when and not when.channel_allows(meta):
            return []
        required = longest_first(hits.get(key(self.id, "require"), []))
        rejected = [
            h
            for h in longest_first(hits.get(key(self.id, "reject"), []))
            if not any(h.segment == r.segment and h.start < r.end and r.start < h.end for r in required)
        ]
        signals = longest_first(hits.get(key(self.id, "signals"), []))
        if expected is None:  # whatever the sponsorship: the signals alone make the label mandatory
            if when and when.signals and not signals:
                return []
        elif meta.sponsored is None:
            if not signals or required:
                return []
            if rejected:
                return [Raw(self, h, "rejected") for h in rejected]
            return [Raw(self, signals[0], "unlabelled")]
        elif meta.sponsored != expected:
            return []
        if not required:
            if rejected:
                return [Raw(self, h, "rejected") for h in rejected]
            return [Raw(self, document_start(parsed), "missing")]
        first = required[0]
        problems = placement_problems(self.placement, first, parsed) if self.placement else []
        if problems:
            return [Raw(self, first, "misplaced", (("placement", " and ".join(problems)),))]
        return []
