"""Typed, validated rule packs: what the YAML means once it has been checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..model import Severity


@dataclass(frozen=True, slots=True)
class MatchSpec:
    """What to look for: any of the match kinds, OR-ed together."""

    terms: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    regex: tuple[str, ...] = ()
    emoji: tuple[str, ...] = ()
    case_sensitive: bool = False
    subword: bool = False  # terms also match inside words (Chinese, Thai): 四 in 四只装

    def is_empty(self) -> bool:
        return not (self.terms or self.lemmas or self.patterns or self.regex or self.emoji)


@dataclass(frozen=True, slots=True)
class Context:
    """``near`` / ``unless``: a MatchSpec and the scope it must be found in."""

    spec: MatchSpec
    within: str | int = "sentence"  # sentence | segment | document | N tokens


@dataclass(frozen=True, slots=True)
class When:
    """When a rule applies. ``sponsored: None`` (YAML ``any``) means whatever the sponsorship:
    a requirement then applies wherever its signals are found (a crypto ad needs its risk
    warning whoever posts it)."""

    sponsored: bool | None = True
    signals: MatchSpec | None = None
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a required label must stand. With ``any_of`` one satisfied condition is enough
    (Korea: the first line *or* the first hashtag); otherwise all must hold."""

    first_chars: int | None = None
    first_line: bool = False
    before_hashtags: bool = False
    within_hashtags: int | None = None  # a hashtag label must be among the first N hashtags
    hashtag_row_edge: bool = False  # a hashtag label must open or close its row of hashtags
    any_of: bool = False


@dataclass(frozen=True, slots=True)
class Consistency:
    """Register consistency: the named groups must not be mixed within the scope."""

    groups: tuple[tuple[str, MatchSpec], ...]
    within: str = "document"


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """``market``: the copy is not in the market's language; ``mixed``: a paragraph or a run of
    words switches language; ``script``: Han characters of the wrong script (simplified/traditional)."""

    check: str = "market"
    min_chars: int = 40
    min_probability: float = 0.9
    script: str | None = None
    min_count: int = 1


@dataclass(frozen=True, slots=True)
class LocaleFormat:
    """A check against the market's CLDR conventions: currency, number, date or units."""

    check: str


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    market: str | None = None
    sponsored: bool | None = None
    date: dt.date | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    category: str
    severity: Severity
    message: str
    rationale: str
    references: tuple[str, ...]
    markets: tuple[str, ...]
    language: str
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    match: MatchSpec | None = None
    near: Context | None = None
    unless: Context | None = None
    suggest: tuple[str, ...] = ()
    fix: bool | tuple[tuple[str, str], ...] = False
    require: MatchSpec | None = None
    when: When | None = None
    placement: Placement | None = None
    reject: MatchSpec | None = None
    messages: tuple[tuple[str, str], ...] = ()
    consistency: Consistency | None = None
    detect_language: LanguageCheck | None = None
    locale_format: LocaleFormat | None = None
    active_from: dt.date | None = None
    active_until: dt.date | None = None
    reviewed: dt.date | None = None
    owner: str | None = None
    aliases: tuple[str, ...] = ()  # former ids: still honoured by --select, suppressions, baselines
    source: str = ""  # path of the pack file
    line: int = 0

    @property
    def kind(self) -> str:
        if self.require is not None:
            return "requirement"
        if self.consistency is not None:
            return "consistency"
        if self.detect_language is not None:
            return "language"
        if self.locale_format is not None:
            return "locale"
        return "match"

    def is_active(self, day: dt.date) -> bool:
        if self.active_from and day < self.active_from:
            return False
        if self.active_until and day > self.active_until:
            return False
        return True

    def replacement(self, matched: str) -> str | None:
        """What --fix puts in place of the matched text, if the rule says it is safe."""
        if self.fix is True:
            return self.suggest[0]
        if not self.fix:
            return None
        replacement = dict(self.fix).get(matched.lower())
        if replacement and matched[:1].isupper() and not replacement[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        return replacement


@dataclass(frozen=True, slots=True)
class RulePack:
    id: str
    markets: tuple[str, ...]
    language: str
    path: str
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    references: tuple[str, ...] = ()
    description: str = ""
    builtin: bool = False
