"""``require``: a label that must be present (sponsorship disclosure, a legal warning), ``when`` the
post is sponsored or shows commercial signals, where the ``placement`` says; ``reject`` names
labels a regulator has called insufficient.

Sponsorship declared (``sponsored: true``) or not said but commercial signals present, the label is
judged the same way: absent, insufficient (a rejected label) or buried (after the channel's "more"
cut-off, or among the closing hashtags). Only a signal with no label at all and sponsorship unset
is softer: a warning that asks the writer to label the post or mark it ``sponsored: false``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..channels import Channel, channel_for
from ..model import Disclosure, DocumentMeta, Hit, Severity
from .base import Hits, MatchSpec, Raw, Rule, When, document_start, key
from .placement import Placement, cut_off_problem, placement_problems
from .scope import longest_first

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

ACCEPTED_SHOWN = 4  # labels a finding names as accepted

# Affiliate links are strong commercial signals, but readers blank URLs out of the copy (they are
# not words to check): the requirement kind looks for them in the source itself. Amazon short links
# and tags, common affiliate parameters and the big affiliate networks' redirect hosts.
AFFILIATE_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]\"']*?(?:\bamzn\.(?:to|eu|asia)/|//a\.co/|[?&](?:tag|aff|affid|aff_id|"
    r"affiliate|affiliate_id|ref|referral|irclickid|clickref)=|\b(?:rstyle\.me|shopstyle\.it|liketk\.it|"
    r"go\.magik\.ly|shope\.ee|s\.click\.aliexpress\.com|awin1\.com|clk\.tradedoubler\.com|"
    r"click\.linksynergy\.com|prf\.hn|go\.skimresources\.com|howl\.me|shareasale\.com|sjv\.io)\b)[^\s<>()\[\]\"']*",
    re.IGNORECASE,
)


def link_signals(parsed: Parsed) -> list[Hit]:
    """Affiliate links in the source, placed in the segment whose (blanked) span holds them."""
    document = parsed.document
    if "://" not in document.source and "www." not in document.source:
        return []
    out = []
    for index, segment in enumerate(document.segments):
        if segment.offsets.table is not None:
            continue  # decoded copy (HTML, decks): its links live in markup this kind does not read
        base = segment.offsets.base
        for m in AFFILIATE_URL.finditer(document.source, base, base + len(segment.text)):
            out.append(Hit(index, m.start() - base, m.end() - base))
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class RequirementRule(Rule):
    kind: ClassVar[str] = "requirement"
    marker: ClassVar[str] = "require"
    own_keys: ClassVar[frozenset[str]] = frozenset({"require", "reject", "when", "placement", "instrument"})
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
    instrument: str | None = None  # the law or code the label is required by; else the first reference

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        return {
            "require": v.match_spec(data["require"], keypath + ("require",)),
            "reject": v.optional(data, "reject", keypath, v.match_spec),
            "when": v.optional(data, "when", keypath, v.when),
            "placement": v.optional(data, "placement", keypath, Placement.parse_with(v)),
            "instrument": v.optional(data, "instrument", keypath, v.string),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        yield "require", self.require
        if self.reject:
            yield "reject", self.reject
        if self.when and self.when.signals:
            yield "signals", self.when.signals

    def accepted(self) -> tuple[str, ...]:
        return (self.suggest or self.require.terms)[:ACCEPTED_SHOWN]

    def placement_on(self, channel: Channel | None) -> Placement | None:
        """The rule's placement on a channel: the channel's cut-off in place of ``first_chars``."""
        if self.placement is None and (channel is None or not channel.cut_off):
            return None
        return (self.placement or Placement()).for_channel(channel)

    def fields(self, raw: Raw) -> dict[str, str]:
        placement = raw.disclosure.placement if raw.disclosure else None
        if placement is None:
            placement = self.placement.describe() if self.placement else "upfront"
        return {"placement": placement, "labels": " / ".join(self.accepted())}

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        when = self.when
        expected = when.sponsored if when else True
        if when and not when.channel_allows(meta):
            return []
        channel = channel_for(meta.channel)
        placement = self.placement_on(channel)
        required = longest_first(hits.get(key(self.id, "require"), []))
        rejected = [
            h for h in longest_first(hits.get(key(self.id, "reject"), [])) if not any(_overlap(h, r) for r in required)
        ]
        signals = longest_first(hits.get(key(self.id, "signals"), []))
        if when and when.signals and not signals:
            signals = link_signals(parsed)
        basis = "sponsored"
        if expected is None:  # whatever the sponsorship: the signals alone make the label mandatory
            if when and when.signals and not signals:
                return []
        elif meta.sponsored is None:
            # sponsorship not said: strong commercial signals make it a commercial post, judged as one
            if not signals:
                return []
            basis = "signals"
        elif meta.sponsored != expected:
            return []
        signal = _spelled(parsed, signals[0]) if signals else None
        regard = _Regard(self, placement, channel, basis, signal if basis == "signals" else None)
        if not required:
            if rejected:
                # the weak label being the only sign of commerce (#gifted in en-GB): a signal alone
                alone = basis == "signals" and all(any(_overlap(s, r) for r in rejected) for s in signals)
                cap = Severity.WARNING if alone else None
                return [regard.raw(h, "rejected", "insufficient", at_most=cap) for h in rejected]
            if basis == "signals":  # a signal alone, no label: a reviewer must look, never an error
                return [regard.raw(signals[0], "unlabelled", "absent", at_most=Severity.WARNING)]
            return [regard.raw(document_start(parsed), "missing", "absent")]
        first = required[0]
        problems = placement_problems(placement, first, parsed) if placement else []
        if problems:
            late = placement is not None and cut_off_problem(placement, first, parsed) is not None
            return [regard.raw(first, "misplaced", "buried", problems=" and ".join(problems), late=late)]
        return []


def _overlap(a: Hit, b: Hit) -> bool:
    return a.segment == b.segment and a.start < b.end and b.start < a.end


def _spelled(parsed: Parsed, hit: Hit) -> str:
    """The hit as the source spells it (a blanked link reads as the link)."""
    text = parsed.texts[hit.segment][hit.start : hit.end]
    segment = parsed.document.segments[hit.segment]
    if text.strip() or segment.offsets.table is not None:
        return text
    return parsed.document.source[segment.offsets.start(hit.start) : segment.offsets.end(hit.end)]


@dataclass(frozen=True, slots=True)
class _Regard:
    """What every finding of one evaluation shares: its regulator terms."""

    rule: RequirementRule
    placement: Placement | None
    channel: Channel | None
    basis: str
    signal: str | None

    def raw(
        self,
        hit: Hit,
        case: str,
        state: str,
        *,
        problems: str | None = None,
        late: bool = False,
        at_most: Severity | None = None,
    ) -> Raw:
        rule = self.rule
        where = self.placement.describe() if self.placement else "upfront"
        disclosure = Disclosure(
            state=state,
            accepted=rule.accepted(),
            placement=where,
            instrument=rule.instrument or (rule.references[0] if rule.references else ""),
            basis=self.basis,
            channel=self.channel.name if self.channel else None,
            cut_off=self.channel.cut_off if self.channel and late else None,
            signal=self.signal,
            tool=self.channel.tool if self.channel else None,
        )
        fields = (("placement", problems),) if problems else ()
        return Raw(rule, hit, case, fields, at_most=at_most, disclosure=disclosure)
