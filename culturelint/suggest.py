"""Market suggestions from CLDR (through babel): which supported market a user most likely meant.

``en-UK`` is a typo of ``en-GB`` (CLDR's territory alias UK -> GB); ``pt-AO`` and ``zh-SG`` are real
markets without packs of their own, whose nearest supported markets are those of the same language
(the CLDR parent locale first: pt-AO inherits from pt-PT; then the same script: zh-SG is written in
simplified characters, like zh-CN); a bare language ``de`` stands for its markets.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .packs.markets import MarketTable


@functools.lru_cache(maxsize=1)
def _english() -> Any:
    from babel import Locale

    return Locale("en")


def _global(key: Any) -> dict[str, Any]:
    from babel.core import get_global

    return dict(get_global(key))


@functools.lru_cache(maxsize=1)
def _locale_ids() -> frozenset[str]:
    from babel.localedata import locale_identifiers

    return frozenset(locale_identifiers())


def describe(tag: str) -> str:
    """``pt-AO`` -> ``Portuguese, Angola``; the tag's language and region named in English by CLDR."""
    parts = tag.split("-")
    english = _english()
    names = [english.languages.get(parts[0], parts[0])]
    for part in parts[1:]:
        if len(part) == 4:
            names.append(english.scripts.get(part, part))
        else:
            names.append(english.territories.get(part, part))
    return ", ".join(names)


def _split(tag: str) -> tuple[str, str | None, str | None]:
    """language, script, region of a tag spelled any way (``en_uk`` -> en, None, UK)."""
    parts = tag.strip().replace("_", "-").split("-")
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p.isalnum()), None)
    return language, script, region


def _script(language: str, region: str | None) -> str | None:
    """The script CLDR writes a language in, in a region (zh-TW -> Hant, zh-SG -> Hans)."""
    likely = _global("likely_subtags")
    for key in ([f"{language}_{region}"] if region else []) + [language]:
        value = likely.get(key)
        if value:
            parts = str(value).split("_")
            if key == language and region:
                # the language's default script only if no locale of this region names another
                regional = [i for i in _locale_ids() if i.startswith(f"{language}_") and i.endswith(f"_{region}")]
                scripts = {i.split("_")[1] for i in regional if len(i.split("_")) == 3}
                if len(scripts) == 1:
                    return scripts.pop()
            return parts[1] if len(parts) == 3 else None
    return None


def _canonical_region(region: str | None) -> str | None:
    if region is None:
        return None
    aliases = _global("territory_aliases")
    replacement = aliases.get(region)
    if replacement:
        return str(replacement[0])
    return region


def _canonical_language(language: str) -> str:
    aliases = _global("language_aliases")
    replacement = aliases.get(language)
    return str(replacement).split("_")[0] if replacement else language


def same_language(tag: str, table: MarketTable) -> list[str]:
    """The supported markets of the tag's language, nearest first: the CLDR parent locale,
    then markets written in the same script, then the rest in the table's order."""
    language, script, region = _split(tag)
    language = _canonical_language(language)
    candidates = [m for m, market in table.markets.items() if market.language == language and m != tag and "-" in m]
    if not candidates:
        return []
    parent = str(_global("parent_exceptions").get(f"{language}_{region}", "")).replace("_", "-")
    wanted = script or _script(language, region)

    def rank(market: str) -> tuple[int, int]:
        _, _, its_region = _split(market)
        first = 0 if market == parent else 1
        second = 0 if wanted and _script(language, its_region) == wanted else 1
        return (first, second)

    return sorted(candidates, key=lambda m: (rank(m), candidates.index(m)))


def typo_fix(tag: str, table: MarketTable) -> str | None:
    """The market a mistyped tag stands for: CLDR's deprecated or colloquial territory and language
    codes replaced (UK -> GB, iw -> he), when the result is a supported market."""
    language, _, region = _split(tag)
    fixed_language, fixed_region = _canonical_language(language), _canonical_region(region)
    if (fixed_language, fixed_region) == (language, region):
        return None
    candidate = fixed_language + (f"-{fixed_region}" if fixed_region else "")
    return candidate if candidate in table.markets else None


def _listed(tags: Iterable[str]) -> str:
    return ", ".join(f"{t} ({describe(t)})" for t in tags)


def unknown_market_hint(tag: str, table: MarketTable, known: Iterable[str]) -> str:
    """The suffix for the 'unknown market' error: the alias it stands for, else the supported
    markets of its language or of its country, else the closest spelling."""
    from .errors import did_you_mean

    fixed = typo_fix(tag, table)
    if fixed:
        return _one(fixed)
    language, _, region = _split(tag)
    nearby = same_language(tag, table)
    if len(nearby) == 1:
        return _one(nearby[0])
    if nearby and language in _english().languages:
        return f"; supported {_english().languages[language]} markets: {_listed(nearby)}"
    if region:
        country = [m for m in table.markets if _split(m)[2] == region]
        if len(country) == 1:
            return _one(country[0])
        if country:
            return f"; supported markets in {_english().territories.get(region, region)}: {_listed(country)}"
    return did_you_mean(tag, known)


def _one(tag: str) -> str:
    return f"; did you mean '{tag}'? ({describe(tag)})"


def fallback_hint(tag: str, table: MarketTable) -> str:
    """For a well-formed tag without packs of its own (pt-AO, zh-SG, a bare 'de'): the supported
    markets of its language, nearest first, so the user can pick one."""
    nearby = same_language(tag, table)
    if not nearby:
        return ""
    if "-" not in tag:
        return f"; it is a language, not a market: its markets are {_listed(nearby)}"
    return f"; nearest supported markets: {_listed(nearby)}"
