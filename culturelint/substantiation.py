"""Allowed with proof: many claims ("No. 1", "best-selling", "clinically proven") are lawful when the
advertiser holds the evidence. A draft's front matter or the config names the claim and its source;
a claim finding that the evidence covers drops to ``info`` and carries the evidence, so the report
shows a reviewer what the claim rests on instead of asking for it (``engine.substantiate``).

    substantiation:
      - claim: "No. 1 vacuum brand in the UK"
        source: "Circana UK retail panel, value share, 52 weeks to 30 June 2026"
      - rule: en-gb.claim.unsubstantiated-superlative   # every finding of one rule
        source: "Legal sign-off LGL-2291"
        markets: [en-GB]
      "clinically proven": "Dermatest study 2026-118, 42 subjects"   # the short form: claim: source
"""

from __future__ import annotations

from typing import Any

from .model import Substantiation
from .validation import KeyPath, Validator

ENTRY_KEYS = ("claim", "rule", "source", "markets", "paths")


def parse(
    value: Any, keypath: KeyPath, v: Validator, origin: str, *, paths: bool = False
) -> tuple[tuple[Substantiation, tuple[str, ...]], ...]:
    """Entries as (evidence, path globs). A list of mappings, or a mapping of claim -> source.
    ``paths`` (globs the entry is limited to) is only allowed in the config."""
    out: list[tuple[Substantiation, tuple[str, ...]]] = []
    if isinstance(value, dict):
        for claim, source in value.items():
            where = keypath + (claim,)
            claim_text = v.string(claim, where)
            out.append((Substantiation(v.string(source, where), claim_text, None, (), origin, _line(v, where)), ()))
        return tuple(out)
    if not isinstance(value, list):
        raise v.fail(keypath, "expected a list of {claim, source} entries or a mapping of claim: source")
    allowed = ENTRY_KEYS if paths else tuple(k for k in ENTRY_KEYS if k != "paths")
    for i, item in enumerate(value):
        where = keypath + (i,)
        data = v.mapping(item, where, allowed, required=("source",))
        claim = v.optional(data, "claim", where, v.string)
        rule = v.optional(data, "rule", where, v.string)
        if claim is None and rule is None:
            raise v.fail(where, "give the 'claim' as the copy words it, or the 'rule' it answers, or both")
        entry = Substantiation(
            source=v.string(data["source"], where + ("source",)),
            claim=claim,
            rule=rule.strip().lower() if rule else None,
            markets=tuple(m.strip() for m in v.optional(data, "markets", where, v.strings, ())),
            origin=origin,
            line=_line(v, where),
        )
        out.append((entry, tuple(v.optional(data, "paths", where, v.strings, ()))))
    return tuple(out)


def _line(v: Validator, keypath: KeyPath) -> int:
    return v.src.where(keypath)[0]
