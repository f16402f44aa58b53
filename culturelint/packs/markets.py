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
COUNTRY_MEMBER = re.compile(r"^\*-([A-Z]{2})$")  # a group member naming every language of one country


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
                if tag not in markets and not COUNTRY_MEMBER.match(tag):
                    raise v.fail(
                        ("groups", name, i), f"group '{name}' names unknown market '{tag}'{did_you_mean(tag, markets)}"
                    )
            groups[str(name)] = members
        return cls(markets, groups)

    def language_of(self, tag: str) -> str:
        market = self.markets.get(tag)
        return market.language if market else tag.split("-")[0].lower()

    def in_group(self, group: str, market: str) -> bool:
        """A market is in a group when the group names it, or names its country as ``*-CC``
        (so es-AR is in @latam although it has no entry of its own)."""
        members = self.groups.get(group, ())
        if market in members:
            return True
        region = market.rsplit("-", 1)[-1] if "-" in market else ""
        return len(region) == 2 and region.isupper() and f"*-{region}" in members

    def groups_of(self, market: str) -> tuple[str, ...]:
        return tuple(name for name in self.groups if self.in_group(name, market))

    def is_known(self, tag: str) -> bool:
        return tag in self.markets or tag in self.extra

    def pack_applies(self, pack_markets: tuple[str, ...], market: str) -> bool:
        for target in pack_markets:
            if target == "*" or target == market:
                return True
            if target.startswith("@") and self.in_group(target[1:], market):
                return True
            if target == GLOBAL and not self.is_known(market):
                return True  # a market with no entry of its own also gets the global packs
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
        from ..suggest import unknown_market_hint

        """A user-given tag in canonical form (``pt_pt`` -> ``pt-PT``). A well-formed tag with no
        entry of its own is accepted: it gets its language's packs, its groups' and the global
        ones (the engine says which ran). Only a tag that is not a language-region tag at all
        is refused, naming the closest known one."""
        known = {t.lower(): t for t in list(self.markets) + sorted(self.extra)}
        spelled = tag.strip().replace("_", "-")
        canonical = known.get(spelled.lower())
        if canonical is not None:
            return canonical
        canonical = canonical_tag(spelled)
        if canonical is None:
            hint = unknown_market_hint(tag, self, known.values())  # en-UK -> en-GB; pt-XX -> pt markets
            raise UserError(
                f"unknown market '{tag}'{hint} (neither in the markets table nor "
                "a language-region tag CLDR knows, such as 'es-AR'; see 'culturelint markets')",
                where if where != "--market" else None,
            )
        return canonical

    def fallback_note(self, market: str) -> str | None:
        """For a tag with no entry of its own, the one line that says which packs stand in."""
        from ..suggest import fallback_hint

        if self.is_known(market):
            return None
        language = self.language_of(market)
        groups = ", ".join(f"@{g}" for g in self.groups_of(market))
        sources = [f"the '{language}' language packs"] + ([groups] if groups else []) + ["the global packs"]
        hint = fallback_hint(market, self)  # pt-AO: pt-PT, pt-BR; a bare 'de': its markets
        return f"market '{market}' has no packs of its own: checked with " + ", ".join(sources) + hint


def canonical_tag(tag: str) -> str | None:
    """``pt-pt`` -> ``pt-PT``, ``zh-hant-tw`` -> ``zh-Hant-TW``; None if it is not such a tag."""
    parts = tag.split("-")
    if not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            return None
    candidate = "-".join(out)
    if not MARKET_TAG.match(candidate) or not _in_cldr(out[0], out[-1] if len(out) > 1 else None):
        return None
    return candidate


def _in_cldr(language: str, region: str | None) -> bool:
    """The language and region are ones CLDR knows (so 'en-XX' or 'xx-DE' are typos, not markets)."""
    from babel import Locale

    names = Locale("en")
    if language not in names.languages:
        return False
    return region is None or len(region) != 2 or region in names.territories
