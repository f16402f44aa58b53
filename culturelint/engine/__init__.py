"""The engine: for one document, pick the rules for each market, match, evaluate, place, suppress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..model import Document, Finding
from ..packs.loader import PackSet
from ..packs.markets import GLOBAL
from ..packs.rule import Rule
from . import suppress
from .compile import bundle_for
from .evaluate import evaluate
from .findings import meta_finding, place, with_fingerprints
from .parsed import Parsed
from .select import Selection


@dataclass(frozen=True)
class CheckOptions:
    day: dt.date
    selection: Selection


def rules_for(packset: PackSet, market: str, selection: Selection, day: dt.date) -> tuple[Rule, ...]:
    return tuple(rule for pack in packset.packs if packset.markets.pack_applies(pack.markets, market)
                 for rule in pack.rules if selection.enabled(rule) and rule.is_active(day))


def check_document(document: Document, packset: PackSet, options: CheckOptions) -> list[Finding]:
    markets = document.meta.markets or (GLOBAL,)
    day = document.meta.date or options.day
    findings: list[Finding] = []
    parsed_by_language: dict[str, Parsed] = {}
    for market in markets:
        language = document.meta.language or packset.markets.language_of(market)
        parsed = parsed_by_language.get(language)
        if parsed is None:
            parsed = parsed_by_language[language] = Parsed.parse(document, language)
        rules = rules_for(packset, market, options.selection, day)
        if not rules or not document.segments:
            continue
        hits = bundle_for(rules, language).find(parsed.docs, parsed.texts)
        for rule in rules:
            for raw in evaluate(rule, hits, parsed, document.meta):
                findings.append(place(raw, parsed, market, options.selection))
    findings = _merge_markets(findings)
    if not document.meta.markets:
        findings.append(meta_finding(document, "culturelint.no-market",
                                     "No market set: only global packs ran. Set `market:` in front "
                                     "matter, pass --market, or map paths in culturelint.yaml."))
    kept, unused = suppress.apply(findings, document)
    for directive in unused:
        names = ", ".join(directive.rules) or "every rule"
        kept.append(meta_finding(document, "culturelint.unused-suppression",
                                 f"Suppression for {names} matched no finding; remove it.",
                                 directive.line, directive.column))
    kept.sort(key=lambda f: (f.line, f.column, f.rule))
    return with_fingerprints(kept)


def _merge_markets(findings: list[Finding]) -> list[Finding]:
    """A rule firing at the same spot for several markets is one finding naming all of them."""
    merged: dict[tuple[str, int, int, int, int], Finding] = {}
    for finding in findings:
        spot = (finding.rule, finding.line, finding.column, finding.end_line, finding.end_column)
        first = merged.get(spot)
        if first is None:
            merged[spot] = finding
        elif finding.market not in first.markets:
            merged[spot] = replace(first, markets=first.markets + (finding.market,))
    return list(merged.values())
