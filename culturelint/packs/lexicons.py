"""Lexicons: shared word lists a misfire class is built from, kept as data with their sources.

A lexicon file (``rules/lexicons/<name>.yaml``, or ``lexicons/<name>.yaml`` in a user rules
folder) gives one list per language, each written like a rule's ``match``::

    lexicon: disaster                  # the file's stem
    description: Natural disasters, accidents and attacks, as words and hashtags.
    class: disaster-newsjacking        # optional
    references: [https://...]
    reviewed: 2026-12-03
    languages:
      en: {terms: [hurricane, earthquake], lemmas: [flood]}
      ja: {terms: [震災, 地震], subword: true}
      "*": {emoji: ["🕯"]}             # every language

Any match spec of any rule (``match``, ``near``, ``unless``, ``require``, ``reject``, signals) may say
``lexicons: [disaster, mourning]``: when a document is checked in language L, the spec also matches
the lexicons' entries for L and for ``"*"``. So one rule covers every language a lexicon knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PackError, did_you_mean
from ..model import MISFIRE_CLASSES
from ..nlp.models import attributes_used
from ..rulekinds import MatchSpec, Rule
from ..validation.located import load_located
from .schema import PackValidator

LEXICON_KEYS = ("lexicon", "description", "class", "references", "reviewed", "languages", "licence", "version")
ANY_LANGUAGE = "*"


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    description: str
    references: tuple[str, ...]
    languages: dict[str, MatchSpec] = field(default_factory=dict)
    misfire_class: str | None = None
    reviewed: dt.date | None = None
    licence: str | None = None
    version: str | None = None
    path: str = ""

    def entries_for(self, language: str) -> tuple[MatchSpec, ...]:
        return tuple(spec for key in (language, ANY_LANGUAGE) if (spec := self.languages.get(key)) is not None)

    def size(self) -> int:
        specs = self.languages.values()
        return sum(len(s.terms) + len(s.lemmas) + len(s.patterns) + len(s.regex) + len(s.emoji) for s in specs)


def load_lexicon(path: Path) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read lexicon: {exc}", str(path)) from None
    v = PackValidator(load_located(text, str(path)))
    data = v.mapping(
        v.src.data if v.src.data is not None else {},
        (),
        LEXICON_KEYS,
        required=("lexicon", "description", "references", "languages"),
    )
    name = v.string(data["lexicon"], ("lexicon",))
    if name != path.stem:
        raise v.fail(("lexicon",), f"lexicon '{name}' must be in a file named {name}.yaml")
    references = v.strings(data["references"], ("references",))
    if not references:
        raise v.fail(("references",), "a lexicon needs at least one source")
    languages: dict[str, MatchSpec] = {}
    for language, entry in v.mapping(data["languages"], ("languages",)).items():
        where = ("languages", language)
        bare = isinstance(language, str) and language.isalpha() and 2 <= len(language) <= 3
        if language != ANY_LANGUAGE and not bare:
            raise v.fail(where, f"'{language}' is not a bare language code such as 'en' (or '*')", key=True)
        spec = v.match_spec(entry, where)
        if spec.lexicons:
            raise v.fail(where + ("lexicons",), "a lexicon cannot include other lexicons")
        needs = attributes_used(spec.patterns)
        if needs:
            raise v.fail(
                where + ("patterns",),
                f"lexicon patterns must work on a blank pipeline; {', '.join(sorted(needs))} needs a trained one",
            )
        languages[str(language)] = spec
    return Lexicon(
        name=name,
        description=v.string(data["description"], ("description",)),
        references=references,
        languages=languages,
        misfire_class=v.optional(data, "class", (), lambda x, p: v.choice(x, p, MISFIRE_CLASSES)),
        reviewed=v.optional(data, "reviewed", (), v.date),
        licence=v.optional(data, "licence", (), v.string),
        version=v.optional(data, "version", (), v.string),
        path=str(path),
    )


def lexicon_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


def check_references(rules: dict[str, Rule], lexicons: dict[str, Lexicon]) -> None:
    """Every lexicon a rule names exists (a typo would silently match nothing)."""
    for rule in rules.values():
        for role, spec in rule.specs():
            for name in spec.lexicons:
                if name not in lexicons:
                    raise PackError(
                        f"rule '{rule.id}' {role} names unknown lexicon '{name}'{did_you_mean(name, lexicons)}",
                        rule.source,
                        rule.line,
                    )
