"""Compile rules into one MatcherBundle per (rule set, language), cached for the process."""

from __future__ import annotations

from typing import Iterator

from ..errors import PackError
from ..kinds import KINDS, MatcherBundle
from ..packs.rule import MatchSpec, Rule

SEP = "\x1f"
_CACHE: dict[tuple[int, ...], tuple[tuple[Rule, ...], dict[str, MatcherBundle]]] = {}


def rule_specs(rule: Rule) -> Iterator[tuple[str, MatchSpec]]:
    """Every MatchSpec a rule carries, with the role it plays."""
    if rule.match:
        yield "match", rule.match
    if rule.near:
        yield "near", rule.near.spec
    if rule.unless:
        yield "unless", rule.unless.spec
    if rule.require:
        yield "require", rule.require
    if rule.reject:
        yield "reject", rule.reject
    if rule.when and rule.when.signals:
        yield "signals", rule.when.signals
    if rule.consistency:
        for name, spec in rule.consistency.groups:
            yield f"group:{name}", spec


def key(rule_id: str, role: str) -> str:
    return f"{rule_id}{SEP}{role}"


def rule_needs(rule: Rule) -> set[str]:
    """Token attributes a rule's patterns need that a blank pipeline does not fill in."""
    from ..nlp.models import attributes_used

    return attributes_used(p for _, spec in rule_specs(rule) for p in spec.patterns)


def bundle_for(rules: tuple[Rule, ...], language: str, model: str | None = None) -> MatcherBundle:
    ident = tuple(id(r) for r in rules)
    entry = _CACHE.get(ident)
    if entry is None:
        entry = (rules, {})  # keeping the rules alive keeps their ids unique
        _CACHE[ident] = entry
    bundles = entry[1]
    setup = f"{language}:{model or ''}"
    if setup not in bundles:
        bundles[setup] = _compile(rules, language, model)
    return bundles[setup]


def _compile(rules: tuple[Rule, ...], language: str, model: str | None) -> MatcherBundle:
    bundle = MatcherBundle(language, model)
    for rule in rules:
        for role, spec in rule_specs(rule):
            for name, kind in KINDS.items():
                values = getattr(spec, name)
                if not values:
                    continue
                try:
                    kind.add(bundle, key(rule.id, role), tuple(values), spec.case_sensitive,
                             spec.subword)
                except (ValueError, KeyError) as exc:  # spaCy rejects a pattern at compile time
                    raise PackError(f"rule '{rule.id}' {role}.{name} does not compile: {exc}",
                                    rule.source, rule.line) from None
    return bundle
