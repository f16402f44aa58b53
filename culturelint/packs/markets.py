"""The markets table: which markets exist, their language, and named groups of markets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PackError, UserError, did_you_mean
from ..validation.located import load_located
from .pack import RulePack

GLOBAL = "global"
MARKET_KEYS = ("name", "language", "brand_voice")
MARKET_TAG = re.compile(r"^([a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-\d{3})?|global)$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class Market:
    tag: str
    name: str
    language: str
    brand_voice: str | None = None


@dataclass
class MarketTable:
    markets: dict[str, Market]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: set[str] = field(default_factory=set)  # exact tags named by user packs

    @classmethod
    def load(cls, path: Path) -> MarketTable:
        """The markets table, validated like a pack: unknown keys, a missing language, a group
        naming an unknown market all fail with file:line:col."""
        from ..validation import Validator

        v = Validator(load_located(path.read_text(encoding="utf-8"), str(path)), PackError)
        data = v.mapping(v.src.data if v.src.data is not None else {}, (), ("markets", "groups"), required=("markets",))
        markets = {}
        for tag, info in v.mapping(data["markets"], ("markets",)).items():
            where = ("markets", tag)
            if not MARKET_TAG.match(str(tag)):
                raise v.fail(where, f"'{tag}' is not a market tag such as 'ja-JP'", key=True)
            entry = v.mapping(info, where, MARKET_KEYS, required=("language",))
            language = v.string(entry["language"], where + ("language",))
            if not LANGUAGE.match(language):
                raise v.fail(where + ("language",), f"'{language}' is not a bare language code such as 'ja'")
            markets[str(tag)] = Market(
                str(tag),
                v.optional(entry, "name", where, v.string, str(tag)),
                language,
                v.optional(entry, "brand_voice", where, v.string),
            )
        groups = {}
        for name, tags in v.mapping(data.get("groups") or {}, ("groups",)).items():
            members = v.strings(tags, ("groups", name))
            for i, tag in enumerate(members):
                if tag not in markets:
                    raise v.fail(
                        ("groups", name, i), f"group '{name}' names unknown market '{tag}'{did_you_mean(tag, markets)}"
                    )
            groups[str(name)] = members
        return cls(markets, groups)

    def language_of(self, tag: str) -> str:
        market = self.markets.get(tag)
        return market.language if market else tag.split("-")[0].lower()

    def pack_applies(self, pack_markets: tuple[str, ...], market: str) -> bool:
        for target in pack_markets:
            if target == "*" or target == market:
                return True
            if target.startswith("@") and market in self.groups.get(target[1:], ()):
                return True
            if (
                "-" not in target
                and target not in ("*", GLOBAL)
                and not target.startswith("@")
                and market != GLOBAL
                and self.language_of(market) == target
            ):
                return True
        return False

    def check_pack(self, pack: RulePack) -> None:
        for target in pack.markets:
            if target.startswith("@") and target[1:] not in self.groups:
                raise PackError(f"unknown market group '{target}'{did_you_mean(target[1:], self.groups)}", pack.path)
            if "-" in target and not target.startswith("@") and target not in self.markets:
                if pack.builtin:
                    raise PackError(f"market '{target}' is not in the markets table", pack.path)
                self.extra.add(target)

    def resolve(self, tag: str, where: str = "--market") -> str:
        """A user-given tag in canonical form, or a UserError naming the closest known one."""
        known = {t.lower(): t for t in list(self.markets) + sorted(self.extra)}
        canonical = known.get(tag.replace("_", "-").lower())
        if canonical is None:
            raise UserError(
                f"unknown market '{tag}'{did_you_mean(tag, known.values())} (see 'culturelint markets')",
                where if where != "--market" else None,
            )
        return canonical
