"""The markets table: which markets exist, their language, and named groups of markets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PackError, UserError, did_you_mean
from .located import load_located
from .rule import RulePack

GLOBAL = "global"


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
    def load(cls, path: Path) -> "MarketTable":
        located = load_located(path.read_text(encoding="utf-8"), str(path))
        data = located.data or {}
        markets = {}
        for tag, info in (data.get("markets") or {}).items():
            if not isinstance(info, dict) or "language" not in info:
                raise located.error(("markets", tag), "each market needs a 'language'")
            markets[tag] = Market(tag, str(info.get("name", tag)), str(info["language"]),
                                  info.get("brand_voice"))
        groups = {name: tuple(tags) for name, tags in (data.get("groups") or {}).items()}
        for name, tags in groups.items():
            for tag in tags:
                if tag not in markets:
                    raise located.error(("groups", name), f"group '{name}' names unknown market '{tag}'")
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
            if "-" not in target and target not in ("*", GLOBAL) and not target.startswith("@") \
                    and market != GLOBAL and self.language_of(market) == target:
                return True
        return False

    def check_pack(self, pack: RulePack) -> None:
        for target in pack.markets:
            if target.startswith("@") and target[1:] not in self.groups:
                raise PackError(f"unknown market group '{target}'"
                                f"{did_you_mean(target[1:], self.groups)}", pack.path)
            if "-" in target and not target.startswith("@") and target not in self.markets:
                if pack.builtin:
                    raise PackError(f"market '{target}' is not in the markets table", pack.path)
                self.extra.add(target)

    def resolve(self, tag: str, where: str = "--market") -> str:
        """A user-given tag in canonical form, or a UserError naming the closest known one."""
        known = {t.lower(): t for t in list(self.markets) + sorted(self.extra)}
        canonical = known.get(tag.replace("_", "-").lower())
        if canonical is None:
            raise UserError(f"unknown market '{tag}'{did_you_mean(tag, known.values())} "
                            "(see 'culturelint markets')", where if where != "--market" else None)
        return canonical
