"""The engine: for one document, pick the rules for each market, parse, match, evaluate, place,
suppress. Data flows down: a resolved document and options in, a ``DocumentResult`` out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..langid import Detection, detect
from ..model import Document, Finding, Severity
from ..nlp.models import model_for
from ..nlp.parsed import Parsed
from ..packs.loader import PackSet
from ..packs.markets import GLOBAL
from ..rulekinds import MatchRule, NameRule, Raw, Rule, key
from . import substantiate, suppress
from .compile import bundle_for, rule_needs
from .findings import meta_finding, place, with_fingerprints
from .select import Selection

DETECT_MIN_CHARS = 40  # below this, the report does not name a detected language


@dataclass(frozen=True)
class CheckOptions:
    day: dt.date
    selection: Selection = field(default_factory=Selection)
    models: dict[str, str] = field(default_factory=dict)  # language -> trained pipeline, or "auto"
    require_reason: bool = False  # suppressions without a reason do not apply (config require_reason)
    lang: str | None = None  # messages in this language where a rule has a translation (--lang)


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What checking one document gives: its findings, one-line notices about the run (rules
    skipped, and why), and the language its copy was detected as."""

    findings: tuple[Finding, ...]
    notices: frozenset[str] = frozenset()
    detected: Detection | None = None
    suppressed: tuple[Finding, ...] = ()  # covered by an inline directive, each with its ``suppression``


def rules_for(packset: PackSet, market: str, selection: Selection, day: dt.date) -> tuple[Rule, ...]:
    return tuple(
        rule
        for pack in packset.packs
        if packset.markets.pack_applies(pack.markets, market)
        for rule in pack.rules
        if selection.enabled(rule) and rule.is_active(day, market)
    )


def runnable(rules: tuple[Rule, ...], language: str, model: str | None) -> tuple[tuple[Rule, ...], set[str]]:
    """Rules whose patterns need attributes this pipeline cannot give are skipped, never silently:
    the notices say which and why."""
    from ..nlp import pipeline
    from ..nlp.models import capabilities

    have = capabilities(pipeline(language, model), language)
    kept, notices = [], set()
    for rule in rules:
        missing = sorted(rule_needs(rule) - have)
        if missing:
            used = f"trained pipeline '{model}'" if model else f"spacy.blank('{language}')"
            notices.add(
                f"rule {rule.id} skipped for '{language}': its patterns use {', '.join(missing)}, "
                f"which {used} does not provide; run with --model {language}=<trained pipeline> "
                f"(e.g. {language}_core_news_sm) or --model auto"
            )
        else:
            kept.append(rule)
    return tuple(kept), notices


_RUNNABLE: dict[
    tuple[int, int, str, dt.date, str, str | None],
    tuple[tuple[PackSet, Selection], tuple[Rule, ...], frozenset[str]],
] = {}


def _runnable_rules(
    packset: PackSet, market: str, selection: Selection, day: dt.date, language: str, model: str | None
) -> tuple[tuple[Rule, ...], frozenset[str]]:
    """The rules that run for a market, language and day, and the notices of those skipped: the same
    for every document of a run, so worked out once (not once per file)."""
    ident = (id(packset), id(selection), market, day, language, model)
    entry = _RUNNABLE.get(ident)
    if entry is None or entry[0][0] is not packset or entry[0][1] is not selection:
        rules = rules_for(packset, market, selection, day)
        skipped: set[str] = set()
        if rules:
            rules, skipped = runnable(rules, language, model)
        if len(_RUNNABLE) > 256:
            _RUNNABLE.clear()
        entry = ((packset, selection), rules, frozenset(skipped))
        _RUNNABLE[ident] = entry
    return entry[1], entry[2]


_HIT_KEYS: dict[int, tuple[tuple[Rule, ...], tuple[tuple[Rule, str | None], ...]]] = {}


def _hit_keys(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, str | None], ...]:
    """Each rule with the matcher key it cannot fire without (plain match rules: their ``match``
    key; ``MatchRule.evaluate`` returns nothing when it has no hit), or None. Worked out once per
    rule set, so 5,000 idle term rules cost a dict lookup each per document, not a call."""
    entry = _HIT_KEYS.get(id(rules))
    if entry is None or entry[0] is not rules:
        keyed = tuple(
            (rule, key(rule.id, "match") if type(rule).evaluate is MatchRule.evaluate else None) for rule in rules
        )
        if len(_HIT_KEYS) > 256:
            _HIT_KEYS.clear()
        entry = (rules, keyed)
        _HIT_KEYS[id(rules)] = entry
    return entry[1]


def check_document(document: Document, packset: PackSet, options: CheckOptions) -> DocumentResult:
    meta = document.meta
    markets = meta.markets or (GLOBAL,)
    day = meta.date or options.day
    findings: list[Finding] = []
    notices: set[str] = set()
    parsed_by_language: dict[str, Parsed] = {}
    for market in markets:
        note = packset.markets.fallback_note(market)
        if note:
            notices.add(note)
        language = meta.language or packset.markets.language_of(market)
        model = model_for(language, options.models)
        if not document.segments:
            continue
        rules, skipped = _runnable_rules(packset, market, options.selection, day, language, model)
        notices |= skipped
        if not rules:
            continue
        parsed = parsed_by_language.get(language)
        if parsed is None:
            parsed = parsed_by_language[language] = Parsed.parse(document, language, model)
        hits = bundle_for(rules, language, model, packset.lexicons).find(parsed)
        raws = []
        for rule, needed in _hit_keys(rules):
            if needed is not None and needed not in hits:
                continue  # a match rule whose matchers found nothing reports nothing: skip the call
            raws.extend(
                rule.screen(parsed, meta, packset.lexicons)
                if isinstance(rule, NameRule)
                else rule.evaluate(hits, parsed, meta, market)
            )
        findings.extend(
            place(raw, parsed, market, options.selection, options.lang) for raw in _most_precise(raws, packset)
        )
    findings = _merge_markets(findings)
    findings, idle = substantiate.apply(findings, meta.substantiation, packset.former_ids)
    findings.extend(_engine_findings(document))
    for entry in idle:
        if entry.origin == "front matter":  # the config's evidence serves many files; a draft's serves one
            findings.append(
                meta_finding(
                    document,
                    "culturelint.unused-substantiation",
                    f"Substantiation for {entry.describe()} matched no claim finding; check its wording or remove it.",
                    entry.line,
                    1,
                )
            )
    kept, hidden, unused, unreasoned = suppress.apply(findings, document, options.require_reason, packset.former_ids)
    for directive in unreasoned:
        kept.append(
            meta_finding(
                document,
                "culturelint.suppression-without-reason",
                "This suppression gives no reason, and the config requires one: add "
                "`-- why` after the rule ids. It silences nothing until then.",
                directive.line,
                directive.column,
                Severity.WARNING,
            )
        )
    for directive in unused:
        names = ", ".join(directive.rules) or "every rule"
        kept.append(
            meta_finding(
                document,
                "culturelint.unused-suppression",
                f"Suppression for {names} matched no finding; remove it.",
                directive.line,
                directive.column,
            )
        )
    kept.sort(key=lambda f: (f.line, f.column, f.rule))
    declared = meta.language or (packset.markets.language_of(markets[0]) if meta.markets else None)
    detected = detect(document.copy_text(), DETECT_MIN_CHARS, declared)
    stamped = with_fingerprints(sorted(kept + hidden, key=lambda f: (f.line, f.column, f.rule)))
    return DocumentResult(
        tuple(f for f in stamped if f.suppression is None),
        frozenset(notices),
        detected,
        tuple(f for f in stamped if f.suppression is not None),
    )


def _most_precise(raws: list[Raw], packset: PackSet) -> list[Raw]:
    """A broad class rule gives way to the market rule that answers the same copy more precisely
    (``supersedes``): where both fire in one segment, only the precise one is reported."""
    spoken: dict[int, set[str]] = {}
    for raw in raws:
        if raw.rule.supersedes:
            spoken.setdefault(raw.hit.segment, set()).update(
                packset.aliases[s].id if s in packset.aliases else s for s in raw.rule.supersedes
            )
    if not spoken:
        return raws
    return [raw for raw in raws if raw.rule.id not in spoken.get(raw.hit.segment, ())]


def _engine_findings(document: Document) -> list[Finding]:
    """Findings about the document itself: no market set, unknown front-matter keys."""
    out = [
        meta_finding(
            document, "culturelint.unknown-key", problem.message, problem.line, problem.column, Severity.WARNING
        )
        for problem in document.problems
    ]
    if not document.meta.markets:
        out.append(
            meta_finding(
                document,
                "culturelint.no-market",
                "No market set: only global packs ran. Set `market:` in front "
                "matter, pass --market, or map paths in culturelint.yaml.",
            )
        )
    return out


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
