"""What every rule kind shares: the common header, the match specs they are built from, and the
``Raw`` value a kind returns when a rule fires.

A rule kind is one subclass of ``Rule`` in one module of this package, holding its schema
(``parse``), its compile step (``specs``: the match specs it needs, each with its role) and its
evaluation (``evaluate``) and message wording (``render``) together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import Disclosure, DocumentMeta, Hit, Severity

if TYPE_CHECKING:
    from ..calendar import Window
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

Hits = dict[str, list[Hit]]


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
    lexicons: tuple[str, ...] = ()  # shared word lists (rules/lexicons/), in the document's language

    def is_empty(self) -> bool:
        return not (self.terms or self.lemmas or self.patterns or self.regex or self.emoji or self.lexicons)


@dataclass(frozen=True, slots=True)
class Context:
    """``near`` / ``unless``: a MatchSpec and the scope it must be found in."""

    spec: MatchSpec
    within: str | int = "sentence"  # match | sentence | segment | document | N tokens


@dataclass(frozen=True, slots=True)
class When:
    """When a rule applies. ``sponsored: None`` (YAML ``any``) means whatever the sponsorship:
    a requirement then applies wherever its signals are found (a crypto ad needs its risk
    warning whoever posts it)."""

    sponsored: bool | None = True
    signals: MatchSpec | None = None
    channels: tuple[str, ...] = ()

    def channel_allows(self, meta: DocumentMeta) -> bool:
        return not self.channels or (meta.channel or "").lower() in self.channels


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    market: str | None = None
    sponsored: bool | None = None
    date: dt.date | None = None
    channel: str | None = None
    at: str | None = None  # bad examples: the text the rule must flag
    fixed: str | None = None  # bad examples: the copy after --fix
    source: str | None = None  # pair rules: the source text ``text`` translates
    source_market: str | None = None  # pair rules: the source's market (default: the pack language's)


@dataclass(frozen=True, slots=True)
class Raw:
    """A rule firing at a spot, before it is placed in the source and stamped as a Finding."""

    rule: Rule
    hit: Hit
    case: str = "match"
    fields: tuple[tuple[str, str], ...] = ()
    at_most: Severity | None = None  # a ceiling on the finding's severity (a signal alone: a warning)
    disclosure: Disclosure | None = None  # a disclosure finding's regulator terms


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """The common header of every rule kind."""

    kind: ClassVar[str] = "rule"
    # the YAML key whose presence makes a rule of this kind, and the other keys the kind owns
    marker: ClassVar[str] = ""
    own_keys: ClassVar[frozenset[str]] = frozenset()
    # message cases a pack may reword under ``messages:``, and the default wording of some
    message_cases: ClassVar[frozenset[str]] = frozenset()
    default_messages: ClassVar[dict[str, str]] = {}
    # whether ``evaluate`` reads the matcher hits of the rule's specs: a kind that reads the copy
    # itself (names) says no, and its specs cost the matchers (and the prefilter) nothing
    reads_hits: ClassVar[bool] = True

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
    suggest: tuple[str, ...] = ()
    fix: bool | tuple[tuple[str, str], ...] = False
    messages: tuple[tuple[str, str], ...] = ()
    # the wording in other languages: (language, message, ((case, message), ...)) for check --lang
    translations: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    active_from: dt.date | None = None
    active_until: dt.date | None = None
    windows: tuple[Window, ...] = ()  # named periods the rule is bound to (during Ramadan, near Remembrance Day)
    reviewed: dt.date | None = None
    owner: str | None = None
    aliases: tuple[str, ...] = ()  # former ids: still honoured by --select, suppressions, baselines
    misfire_class: str | None = None  # the class of real misfire it guards against (model.MISFIRE_CLASSES)
    # broader rules this one answers more precisely: where both fire in one segment, only this one speaks
    supersedes: tuple[str, ...] = ()
    source: str = ""  # path of the pack file
    line: int = 0

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        """The kind's own fields from its YAML keys (already checked to be among ``own_keys``)."""
        raise NotImplementedError

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        """Every match spec the rule carries, with the role it plays: the compile step's input."""
        return iter(())

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        raise NotImplementedError

    def dependent_roles(self) -> dict[str, tuple[str, bool]]:
        """Roles whose hits ``evaluate`` reads only when another role has hits: role -> (that
        role, whether it is read across the whole document rather than only in the segments of
        that role's hits). The prefilter looks for them only then. Default: none (every role's
        hits are wanted on every document)."""
        return {}

    def fields(self, raw: Raw) -> dict[str, str]:
        """Extra placeholders the kind offers to message templates."""
        return {}

    def wording(self, lang: str | None = None) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The message and per-case messages in ``lang``: the rule's own when it is written in that
        language (or no language is asked for), else its translation, else its English translation,
        else its own. Kinds' default wrappers are English, like culturelint's own messages."""
        if lang is None or lang == self.language:
            return self.message, self.messages
        table = {language: (message, cases) for language, message, cases in self.translations}
        return table.get(lang) or table.get("en") or (self.message, self.messages)

    def render(self, raw: Raw, match: str, lang: str | None = None) -> str:
        """The finding's message: the pack's own wording for the case, else the kind's default
        wrapped around the rule's message; in ``lang`` when a translation gives it."""
        message, messages = self.wording(lang)
        own = dict(messages).get(raw.case)
        default = self.default_messages.get(raw.case)
        template = own or (default.replace("{message}", message) if default else message)
        values = {**self.fields(raw), **dict(raw.fields), "match": match, "suggest": " / ".join(self.suggest)}
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        return template.strip()

    def is_active(self, day: dt.date, market: str = "") -> bool:
        """On the copy's date, for this market: inside ``from``/``until`` and every calendar window."""
        if self.active_from and day < self.active_from:
            return False
        if self.active_until and day > self.active_until:
            return False
        return all(window.contains(day, market) for window in self.windows)

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


def context_specs(near: Context | None, unless: Context | None) -> Iterator[tuple[str, MatchSpec]]:
    if near:
        yield "near", near.spec
    if unless:
        yield "unless", unless.spec


def document_start(parsed: Parsed) -> Hit:
    """The first line of copy: where a finding about the whole document points."""
    for index, text in enumerate(parsed.texts):
        stripped = text.lstrip()
        if stripped:
            start = len(text) - len(stripped)
            end = text.find("\n", start)
            return Hit(index, start, end if end != -1 else len(text.rstrip()))
    return Hit(0, 0, 0)


SEP = "\x1f"


def key(rule_id: str, role: str) -> str:
    """The matcher key of one of a rule's specs: hits come back under it."""
    return f"{rule_id}{SEP}{role}"
