"""The engine: for one document, pick the rules for each market, match, evaluate, place, suppress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..model import Document, Finding, Severity
from ..nlp.models import model_for
from ..packs.loader import PackSet
from ..packs.markets import GLOBAL
from ..packs.rule import Rule
from . import suppress
from .compile import bundle_for, rule_needs
from .evaluate import evaluate
from .findings import meta_finding, place, with_fingerprints
from .parsed import Parsed
from .select import Selection


@dataclass
class CheckOptions:
    day: dt.date
    selection: Selection
    models: dict[str, str] = field(default_factory=dict)  # language -> trained pipeline, or "auto"
    notices: set[str] = field(default_factory=set)  # one line each, collected across documents
    require_reason: bool = False  # suppressions without a reason do not apply (config require_reason)


def rules_for(packset: PackSet, market: str, selection: Selection, day: dt.date) -> tuple[Rule, ...]:
    return tuple(rule for pack in packset.packs if packset.markets.pack_applies(pack.markets, market)
                 for rule in pack.rules if selection.enabled(rule) and rule.is_active(day))


def runnable(rules: tuple[Rule, ...], language: str, model: str | None,
             options: CheckOptions) -> tuple[Rule, ...]:
    """Rules whose patterns need attributes this pipeline cannot give are skipped, never silently."""
    from ..nlp import pipeline
    from ..nlp.models import capabilities

    have = capabilities(pipeline(language, model), language)
    kept = []
    for rule in rules:
        missing = sorted(rule_needs(rule) - have)
        if missing:
            used = f"trained pipeline '{model}'" if model else f"spacy.blank('{language}')"
            options.notices.add(
                f"rule {rule.id} skipped for '{language}': its patterns use {', '.join(missing)}, which "
                f"{used} does not provide; run with --model {language}=<trained pipeline> "
                f"(e.g. {language}_core_news_sm) or --model auto")
        else:
            kept.append(rule)
    return tuple(kept)


def check_document(document: Document, packset: PackSet, options: CheckOptions) -> list[Finding]:
    markets = document.meta.markets or (GLOBAL,)
    day = document.meta.date or options.day
    findings: list[Finding] = []
    parsed_by_language: dict[str, Parsed] = {}
    for market in markets:
        language = document.meta.language or packset.markets.language_of(market)
        model = model_for(language, options.models)
        rules = rules_for(packset, market, options.selection, day)
        if not rules or not document.segments:
            continue
        rules = runnable(rules, language, model, options)
        parsed = parsed_by_language.get(language)
        if parsed is None:
            parsed = parsed_by_language[language] = Parsed.parse(document, language, model)
        hits = bundle_for(rules, language, model).find(parsed.docs, parsed.texts)
        for rule in rules:
            for raw in evaluate(rule, hits, parsed, document.meta, market):
                findings.append(place(raw, parsed, market, options.selection))
    findings = _merge_markets(findings)
    if not document.meta.markets:
        findings.append(meta_finding(document, "culturelint.no-market",
                                     "No market set: only global packs ran. Set `market:` in front "
                                     "matter, pass --market, or map paths in culturelint.yaml."))
    kept, unused, unreasoned = suppress.apply(findings, document, options.require_reason)
    for directive in unreasoned:
        kept.append(meta_finding(document, "culturelint.suppression-without-reason",
                                 "This suppression gives no reason, and the config requires one: add "
                                 "`-- why` after the rule ids. It silences nothing until then.",
                                 directive.line, directive.column, Severity.WARNING))
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
