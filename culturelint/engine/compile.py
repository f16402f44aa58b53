"""Compile rules into one MatcherBundle per (rule set, language), cached for the process. Each rule
kind says which match specs it needs (``Rule.specs``); the match kinds compile them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import PackError
from ..kinds import KINDS, MatcherBundle
from ..rulekinds import MatchSpec, Rule, key

if TYPE_CHECKING:
    from ..packs.lexicons import Lexicon

_CACHE: dict[tuple[int, ...], tuple[tuple[Rule, ...], Mapping[str, Lexicon], dict[str, MatcherBundle]]] = {}
NO_LEXICONS: Mapping[str, Lexicon] = {}
# (id of a rule tuple, id of lexicons) -> that tuple, the lexicons and their _CACHE key: a run
# passes the same rule tuple for every document, so 5,000 rules are not walked once per document
_LAST: dict[tuple[int, int], tuple[tuple[Rule, ...], Mapping[str, Lexicon], tuple[int, ...]]] = {}


def rule_needs(rule: Rule) -> set[str]:
    """Token attributes a rule's patterns need that a blank pipeline does not fill in."""
    from ..nlp.models import attributes_used

    return attributes_used(p for _, spec in rule.specs() for p in spec.patterns)


def bundle_for(
    rules: tuple[Rule, ...], language: str, model: str | None = None, lexicons: Mapping[str, Lexicon] = NO_LEXICONS
) -> MatcherBundle:
    last = _LAST.get((id(rules), id(lexicons)))
    if last is not None and last[0] is rules and last[1] is lexicons:
        ident = last[2]  # the same rule tuple as the last document's: no walk over its rules
    else:
        ident = (id(lexicons),) + tuple(id(r) for r in rules)
        if len(_LAST) > 64:
            _LAST.clear()
        _LAST[(id(rules), id(lexicons))] = (rules, lexicons, ident)
    entry = _CACHE.get(ident)
    if entry is None:
        entry = (rules, lexicons, {})  # keeping the rules and lexicons alive keeps their ids unique
        _CACHE[ident] = entry
    bundles = entry[2]
    setup = f"{language}:{model or ''}"
    if setup not in bundles:
        bundles[setup] = _compile(rules, language, model, lexicons)
    return bundles[setup]


def expand(spec: MatchSpec, language: str, lexicons: Mapping[str, Lexicon]) -> tuple[MatchSpec, ...]:
    """A spec and, for each lexicon it names, that lexicon's entries for the language (and '*')."""
    return (spec,) + tuple(entry for name in spec.lexicons for entry in lexicons[name].entries_for(language))


def _compile(
    rules: tuple[Rule, ...], language: str, model: str | None, lexicons: Mapping[str, Lexicon]
) -> MatcherBundle:
    bundle = MatcherBundle(language, model)
    for rule in rules:
        if not rule.reads_hits:
            continue  # its specs' hits would never be read (names screens the copy itself)
        for role, (primary, whole) in rule.dependent_roles().items():
            bundle.depend(key(rule.id, role), key(rule.id, primary), whole)
        for role, declared in rule.specs():
            for spec in expand(declared, language, lexicons):
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
