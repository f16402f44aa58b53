"""Compile rules into one MatcherBundle per (rule set, language), cached for the process. Each rule
kind says which match specs it needs (``Rule.specs``); the match kinds compile them."""

from __future__ import annotations

from ..errors import PackError
from ..kinds import KINDS, MatcherBundle
from ..rulekinds import Rule, key

_CACHE: dict[tuple[int, ...], tuple[tuple[Rule, ...], dict[str, MatcherBundle]]] = {}


def rule_needs(rule: Rule) -> set[str]:
    """Token attributes a rule's patterns need that a blank pipeline does not fill in."""
    from ..nlp.models import attributes_used

    return attributes_used(p for _, spec in rule.specs() for p in spec.patterns)


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
        for role, spec in rule.specs():
            for name, kind in KINDS.items():
                values = getattr(spec, name)
                if not values:
                    continue
                try:
                    kind.add(bundle, key(rule.id, role), tuple(values), spec.case_sensitive, spec.subword)
                except (ValueError, KeyError) as exc:  # spaCy rejects a pattern at compile time
                    raise PackError(
                        f"rule '{rule.id}' {role}.{name} does not compile: {exc}", rule.source, rule.line
                    ) from None
    return bundle
