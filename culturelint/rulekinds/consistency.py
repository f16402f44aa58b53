"""``consistency``: registers (du/Sie, tu/vous, 존댓말/반말 …) not mixed within a document or a
paragraph; or, when the brand's voice for the market names one of the groups, every use of another.

Words inside quotation marks are someone else's voice (a film title, "Was Sie schon immer …", a
customer quoted): they do not count. ``unless`` names other contexts that do not count."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta, Hit
from .base import Context, Hits, MatchSpec, Raw, Rule, context_specs, key
from .scope import any_in_scope, longest_first

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsistencyRule(Rule):
    kind: ClassVar[str] = "consistency"
    marker: ClassVar[str] = "consistency"
    own_keys: ClassVar[frozenset[str]] = frozenset({"consistency", "unless"})
    message_cases: ClassVar[frozenset[str]] = frozenset({"mixed", "voice"})
    default_messages: ClassVar[dict[str, str]] = {
        "mixed": "“{match}” is {group} address, but most of this copy uses {main} address. {message}",
        "voice": "“{match}” is {group} address; this brand addresses this market with {main}. {message}",
    }

    groups: tuple[tuple[str, MatchSpec], ...]
    within: str = "document"  # segment | document
    unless: Context | None = None

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        where = keypath + ("consistency",)
        spec = v.mapping(data["consistency"], where, {"groups", "within"}, required=("groups",))
        groups = v.mapping(spec["groups"], where + ("groups",))
        if len(groups) < 2:
            raise v.fail(where + ("groups",), "needs at least two groups to compare")
        return {
            "groups": tuple(
                (str(name), v.match_spec(group, where + ("groups", name))) for name, group in groups.items()
            ),
            "within": v.choice(spec.get("within", "document"), where + ("within",), ("segment", "document")),
            "unless": v.optional(data, "unless", keypath, v.context),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        for name, spec in self.groups:
            yield f"group:{name}", spec
        yield from context_specs(None, self.unless)

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        voice = meta.voice or dict(meta.voices).get(market)
        unless = hits.get(key(self.id, "unless"), [])
        quoted = [quotations(text) for text in parsed.texts]

        def counts(hit: Hit) -> bool:
            if any(start <= hit.start and hit.end <= end for start, end in quoted[hit.segment]):
                return False
            return not (self.unless and any_in_scope(parsed, hit, unless, self.unless.within))

        by_group = {
            name: [h for h in longest_first(hits.get(key(self.id, f"group:{name}"), [])) if counts(h)]
            for name, _ in self.groups
        }
        if voice is not None and voice in by_group:
            return [
                Raw(self, hit, "voice", (("group", name), ("main", voice)))
                for name, found in by_group.items()
                if name != voice
                for hit in found
            ]
        scopes: list[int | None] = [None] if self.within == "document" else list(range(len(parsed.texts)))
        out: list[Raw] = []
        for scope in scopes:
            present = {
                name: [h for h in found if scope is None or h.segment == scope] for name, found in by_group.items()
            }
            present = {name: found for name, found in present.items() if found}
            if len(present) < 2:
                continue
            main = max(present, key=lambda n: (len(present[n]), -min(present[n]).segment, -min(present[n]).start))
            for name, found in present.items():
                if name != main:
                    out.extend(Raw(self, hit, "mixed", (("group", name), ("main", main))) for hit in found)
        return out


QUOTED = re.compile(r'"[^"\n]{1,300}"|「[^」\n]{1,300}」|『[^』\n]{1,300}』|《[^》\n]{1,300}》')


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (folded text: „…“, «…», “…” are all "…" here)."""
    return [m.span() for m in QUOTED.finditer(text)]
