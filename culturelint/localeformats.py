"""Locale formats from CLDR (through babel): currency, number, date and unit conventions of a market.

Each check returns spans in a segment's folded text, with the fields its message needs. The market's
conventions come from babel's locale data, not hand-written tables; only the measurement system
(which CLDR keeps in supplemental data that babel does not expose) is a three-line table below.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .nlp import fold

# CLDR supplemental measurementData: territories not on the metric system (GB is "UK": miles,
# pints and stone are normal there, so units are not checked for it).
NON_METRIC = {"US", "LR", "MM", "GB"}
# Currencies whose symbols copy commonly shows; their symbols are read from CLDR in each locale.
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "KRW",
    "INR",
    "AUD",
    "CAD",
    "NZD",
    "SGD",
    "AED",
    "SAR",
    "BRL",
    "MXN",
    "THB",
    "TRY",
    "IDR",
    "CHF",
    "HKD",
    "TWD",
    "ZAR",
    "SEK",
    "PLN",
)
SYMBOL_LOCALES = (
    "en",
    "en_US",
    "en_GB",
    "en_CA",
    "en_AU",
    "en_NZ",
    "en_SG",
    "en_IN",
    "de",
    "fr",
    "ja",
    "zh",
    "ko",
    "pt_BR",
    "es_MX",
    "th",
    "tr",
    "id",
    "ar",
    "hi",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class MarketFormats:
    tag: str
    territory: str
    currency: str
    decimal: str
    group: str
    symbol_after: bool
    date_order: str  # e.g. "MDY", "DMY", "YMD"
    date_separator: str
    date_example: str
    metric: bool


@functools.cache
def formats_for(tag: str) -> MarketFormats | None:
    """A market's conventions, or None for markets without a territory (``global``)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, get_date_format
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_territory_currencies

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    if not locale.territory:
        return None
    currencies = get_territory_currencies(locale.territory)
    if not currencies:
        return None
    pattern = get_date_format("short", locale).pattern
    order = "".join(ch.upper() for ch in sorted("yMd", key=lambda c: pattern.find(c)))
    separator = next((ch for ch in pattern if ch in "./-"), "/")
    import datetime as dt

    return MarketFormats(
        tag=tag,
        territory=locale.territory,
        currency=currencies[0],
        decimal=fold(get_decimal_symbol(locale)),
        group=fold(get_group_symbol(locale)),
        symbol_after=locale.currency_formats["standard"].pattern.split(";")[0].strip().endswith("¤"),
        date_order=order,
        date_separator=separator,
        date_example=format_date(dt.date(2025, 3, 14), "short", locale),
        metric=locale.territory not in NON_METRIC,
    )


@functools.lru_cache(maxsize=1)
def symbol_table() -> dict[str, frozenset[str]]:
    """Every currency symbol or code as written in copy -> the currencies it can stand for."""
    from babel import Locale
    from babel.numbers import get_currency_symbol

    table: dict[str, set[str]] = {}
    for name in SYMBOL_LOCALES:
        locale = Locale.parse(name)
        for code in CURRENCIES:
            symbol = fold(get_currency_symbol(code, locale)).strip("\u200f\u200e ")
            table.setdefault(symbol, set()).add(code)
            table.setdefault(code, set()).add(code)
    for extra, codes in {
        "$": {"USD", "CAD", "AUD", "NZD", "SGD", "MXN", "HKD", "TWD"},
        "¥": {"JPY", "CNY"},
        "円": {"JPY"},
        "元": {"CNY", "TWD", "HKD", "MOP"},
        "원": {"KRW"},
        "€": {"EUR"},
        "£": {"GBP"},
        "Rs.": {"INR"},
        "Rs": {"INR"},
        "RM": {"MYR"},
        "Rp": {"IDR"},
    }.items():
        table.setdefault(extra, set()).update(codes)
    return {k: frozenset(v) for k, v in table.items() if k}


@functools.lru_cache(maxsize=1)
def money_pattern() -> re.Pattern[str]:
    symbols = sorted(symbol_table(), key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in symbols)
    # Indian lakh/crore grouping (12,50,000; 2,50,00,000) first: groups of two before the last three.
    # Read as thousands grouping it would end at "12,50", which looks like a decimal comma.
    amount = r"(?:\d{1,2}(?:,\d{2})+,\d{3}|\d+(?:[.,\u202f\u00a0 ]\d{3})*)(?:[.,]\d{1,2})?"
    return re.compile(
        rf"(?P<pre>(?<![A-Za-z])(?:{alternatives}))\s?(?P<a1>{amount})(?![\d])"
        rf"|(?<![\d.,])(?P<a2>{amount})\s?(?P<post>(?:{alternatives}))(?![A-Za-z])"
    )


def _money(text: str) -> Iterator[tuple[re.Match[str], str, str]]:
    for m in money_pattern().finditer(text):
        symbol = m.group("pre") or m.group("post")
        amount = m.group("a1") or m.group("a2")
        yield m, symbol, amount


def foreign_currency(text: str, market: MarketFormats) -> list[Span]:
    out = []
    for m, symbol, _ in _money(text):
        candidates = symbol_table().get(symbol, frozenset())
        if candidates and market.currency not in candidates:
            out.append(
                Span(m.start(), m.end(), (("currency", market.currency), ("found", "/".join(sorted(candidates)))))
            )
    return out


def number_format(text: str, market: MarketFormats) -> list[Span]:
    """Prices in the market's currency written with another market's decimal mark."""
    out = []
    for m, symbol, amount in _money(text):
        if market.currency not in symbol_table().get(symbol, frozenset()):
            continue  # foreign money is the currency check's finding
        decimal = re.search(r"[.,](\d{2})$", amount)
        grouped = re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d{1,2}(,\d{2})+,\d{3}", amount)
        if decimal and amount[decimal.start()] != market.decimal and not grouped:
            out.append(Span(m.start(), m.end(), (("decimal", market.decimal), ("found", amount[decimal.start()]))))
    return out


_DATE = re.compile(r"(?<![\d./-])(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d/-]|\.\d)")


def date_format(text: str, market: MarketFormats) -> list[Span]:
    """Numeric dates that are provably in another market's order, or use a foreign separator."""
    out = []
    for m in _DATE.finditer(text):
        a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
        if len(a) == 4 and sep == "-":
            continue  # ISO 8601 reads the same everywhere
        if sep == "." and len(c) == 2 and (len(a) == 1 or len(b) == 1):
            continue  # 1.1.10, 2.4.12: section or version numbers, not dates
        if not (1 <= int(b) <= 31 and (len(a) == 4 or 1 <= int(a) <= 31)):
            continue  # no day or month could be 0 or 47
        order = _order_of(int(a), int(b), len(a), len(c))
        problem = None
        if order and order != market.date_order:
            problem = f"written {'-'.join(order)}"
        elif sep != market.date_separator and not (market.date_separator == "/" and sep == "."):
            problem = f"uses '{sep}'"
        if problem:
            out.append(
                Span(
                    m.start(),
                    m.end(),
                    (("problem", problem), ("example", market.date_example), ("order", "-".join(market.date_order))),
                )
            )
    return out


def _order_of(first: int, second: int, first_len: int, last_len: int) -> str | None:
    """The only order a numeric date can be in, when its numbers leave just one."""
    if first_len == 4:
        return "YMD"
    if first > 12 and second <= 12:
        return "DMY"
    if second > 12 and first <= 12:
        return "MDY"
    return None


_IMPERIAL = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?P<unit>miles?|mi\b|mph|lbs?\b|pounds?\b|oz\b|ounces?|°\s?F\b|fahrenheit|"
    r"inch(?:es)?|feet|foot|ft\b|gallons?|gal\b|yards?|yd\b|sq\.? ?ft)",
    re.IGNORECASE,
)


def units(text: str, market: MarketFormats) -> list[Span]:
    if not market.metric:
        return []
    return [
        Span(m.start(), m.end(), (("unit", m.group("unit")),))
        for m in _IMPERIAL.finditer(text)
        if not (m.group("unit").lower().startswith("pound") and market.currency == "GBP")
    ]


CHECKS: dict[str, Callable[[str, MarketFormats], list[Span]]] = {
    "currency": foreign_currency,
    "number": number_format,
    "date": date_format,
    "units": units,
}
