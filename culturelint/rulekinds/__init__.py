"""The closed set of rule kinds, one type per kind. A pack rule's kind is the one whose ``marker``
key it carries (``match``, ``require``, ``consistency``, ``language``, ``locale_format``, ``names``)."""

from __future__ import annotations

from .base import Context, Example, Hits, MatchSpec, Raw, Rule, When, key
from .consistency import ConsistencyRule
from .language import LanguageRule
from .localeformat import LocaleFormatRule
from .match import MatchRule
from .names import NameRule
from .pair import PairRule
from .placement import Placement
from .requirement import RequirementRule
from .zodiac import ZodiacRule

RULE_KINDS: dict[str, type[Rule]] = {
    kind.marker: kind
    for kind in (
        MatchRule,
        RequirementRule,
        ConsistencyRule,
        LanguageRule,
        LocaleFormatRule,
        NameRule,
        ZodiacRule,
        PairRule,
    )
}

__all__ = [
    "RULE_KINDS",
    "ConsistencyRule",
    "Context",
    "Example",
    "Hits",
    "LanguageRule",
    "LocaleFormatRule",
    "MatchRule",
    "MatchSpec",
    "NameRule",
    "PairRule",
    "Placement",
    "Raw",
    "RequirementRule",
    "Rule",
    "When",
    "ZodiacRule",
    "key",
]
