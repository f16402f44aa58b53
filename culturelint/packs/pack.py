"""A validated rule pack: its id, the markets it targets, its language and its typed rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..rulekinds import Rule


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
