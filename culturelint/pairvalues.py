"""The values a translation must keep: prices, percentages, dates and other numbers, read
locale-aware with babel, so ``1.299,00 €`` (de) equals ``€1,299.00`` (en), ``50 %`` equals
``50%`` and ``3. Dezember 2026`` equals ``December 3, 2026``: only a changed VALUE is a finding,
never the format the target market writes it in."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# currency signs, codes and words -> one currency; "$" alone is read as the US dollar
CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "a$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "cad": "CAD",
    "nz$": "NZD",
    "s$": "SGD",
    "hk$": "HKD",
    "nt$": "TWD",
    "r$": "BRL",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "円": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "元": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "₩": "KRW",
    "원": "KRW",
    "krw": "KRW",
    "₹": "INR",
    "inr": "INR",
    "chf": "CHF",
    "fr.": "CHF",
    "zł": "PLN",
    "pln": "PLN",
    "₺": "TRY",
    "tl": "TRY",
    "฿": "THB",
    "₫": "VND",
    "rm": "MYR",
    "rp": "IDR",
    "aed": "AED",
    "sar": "SAR",
    "mxn": "MXN",
    "ユーロ": "EUR",
    "유로": "EUR",
    "欧元": "EUR",
    "ドル": "USD",
    "달러": "USD",
    "美元": "USD",
}
_SIGNS = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
# a Latin code or word needs Latin word boundaries (RM, TL, Euro); a sign or a CJK word does not
CURRENCY = rf"(?:(?<![A-Za-z])(?:{_SIGNS})(?![A-Za-z]))"
# 1.299,00 / 1,299.00 / 1 299,00 (no-break spaces) / 1'299.00 / 49 / 49,90 / 49.- (Swiss)
# not after a Latin letter (GT86, H2O are names), but after kana or hangul (わずか2,980円)
NUMBER = (
    r"(?<![A-Za-z\d.,])\d{1,3}(?:[.,'’\u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d])|(?<![A-Za-z\d.,])\d+(?:[.,]\d+)?(?![\d])"
)
PRICE = re.compile(
    rf"(?P<c1>{CURRENCY})\s?(?P<n1>{NUMBER})(?:[.,]-)?|(?P<n2>{NUMBER})(?:[.,]-)?\s?(?P<c2>{CURRENCY})", re.I
)
PERCENT = re.compile(
    rf"(?P<n>{NUMBER})\s?(?:%|％|‰|퍼센트|パーセント"
    r"|\s(?:prozent|percent|per cent|pour cent|por ciento|per cento|procent)\b)",
    re.I,
)
PLAIN = re.compile(NUMBER)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
NUMERIC_DATE = re.compile(r"(?<![\d.,/])(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{1,4})\.?(?!\d|[.,/]\d)")
CJK_DATE = re.compile(r"(?:(\d{4})\s?[年년]\s?)?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]")
MAX_VALUES = 200  # a unit with more values than this is a table, not copy: the rest are not compared
SMALL_COUNT = 10  # plain counts up to ten are often written as words in a translation ("drei")


@dataclass(frozen=True, slots=True)
class Value:
    kind: str  # price | percentage | date | number
    value: tuple[object, ...]  # (currency, amount) | (amount,) | (year, month, day) | (amount,)
    start: int
    end: int
    text: str

    def same(self, other: Value) -> bool:
        if self.kind != other.kind:
            return False
        if self.kind == "price":
            (c1, a1), (c2, a2) = self.value, other.value
            return a1 == a2 and (c1 == c2 or c1 is None or c2 is None)
        if self.kind == "date":
            (y1, m1, d1), (y2, m2, d2) = self.value, other.value
            return (m1, d1) == (m2, d2) and (y1 == y2 or y1 is None or y2 is None)
        return self.value == other.value


@functools.lru_cache(maxsize=4096)  # four value rules read the same unit: once per text and locale
def values(text: str, locale: str) -> tuple[Value, ...]:
    """Every value in ``text`` (folded copy), each once: dates first, then prices and percentages,
    then the numbers left over."""
    found: list[Value] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(value: Value) -> None:
        if len(found) < MAX_VALUES and free(value.start, value.end):
            found.append(value)
            taken.append((value.start, value.end))

    for value in dates(text, locale):
        add(value)
    for m in PRICE.finditer(text):
        sign = (m.group("c1") or m.group("c2") or "").lower()
        amount = amount_of(m.group("n1") or m.group("n2"), locale)
        if amount is not None:
            add(Value("price", (CURRENCIES.get(sign), amount), m.start(), m.end(), m.group()))
    for m in PERCENT.finditer(text):
        amount = amount_of(m.group("n"), locale)
        if amount is not None:
            add(Value("percentage", (amount,), m.start(), m.end(), m.group()))
    for m in PLAIN.finditer(text):
        amount = amount_of(m.group(), locale)
        if amount is not None and not _small(amount) and free(m.start(), m.end()):
            add(Value("number", (amount,), m.start(), m.end(), m.group()))
    return tuple(sorted(found, key=lambda v: v.start))


def _small(amount: Decimal) -> bool:
    return amount == amount.to_integral_value() and 0 <= amount <= SMALL_COUNT


@functools.cache
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except Exception:  # babel's UnknownLocaleError is neither: an unknown locale reads the English way
        return ".", ","


def amount_of(number: str, locale: str) -> Decimal | None:
    """``1.299,00`` -> 1299.00 in de and ``1,299.00`` -> 1299.00 in en. Where both separators
    appear, the last is the decimal one whatever the locale (a target formatted the source's way
    still says the same price); a single separator before exactly three digits is read the locale's
    way; any other single separator is a decimal point."""
    digits = number.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ").replace("’", " ")
    marks = [c for c in digits if c in ".,"]
    decimal = None
    if len(set(marks)) == 2:
        decimal = marks[-1]
    elif len(marks) > 1:
        decimal = None  # 1.299.000: the mark repeats, so it groups
    elif len(marks) == 1:
        tail = digits.rsplit(marks[0], 1)[1]
        if len(tail) == 3:
            decimal = marks[0] if _symbols(locale)[0] == marks[0] else None
        else:
            decimal = marks[0]
    cleaned = "".join(c for c in digits if c.isdigit() or c == decimal)
    if decimal:
        cleaned = cleaned.replace(decimal, ".")
    try:
        return Decimal(cleaned).normalize() if cleaned else None
    except InvalidOperation:
        return None


@functools.cache
def _date_order(locale: str) -> str:
    """The order of day, month and year in the locale's short date ("dmy", "mdy", "ymd")."""
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", locale=locale).pattern
    except Exception:  # an unknown locale: day first, as most of the world writes it
        return "dmy"
    order = [c for c in pattern if c in "dMy"]
    return "".join(dict.fromkeys(c.lower() for c in order)) or "dmy"


@functools.cache
def _months(locale: str) -> tuple[dict[str, int], re.Pattern[str] | None]:
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            try:
                table = get_month_names(width, context, locale=locale)
            except Exception:  # an unknown locale has no month names of its own
                continue
            for number, name in table.items():
                name = name.lower().rstrip(".")
                if len(name) >= 3 and not name.isdigit() and not any(ch.isdigit() for ch in name):
                    names.setdefault(name, number)
    for name, number in _ENGLISH_MONTHS.items():
        names.setdefault(name, number)  # English months in any copy: a date left in the source's words
    if not names:
        return names, None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return names, re.compile(
        rf"(?<!\w)(?:(?P<d1>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m1>{alternation})\.?(?!\w)(?:\s+(?:de\s+)?(?P<y1>\d{{4}}))?"
        rf"|(?P<m2>{alternation})\.?(?!\w)\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y2>\d{{4}}))?)",
        re.I,
    )


_ENGLISH_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


def dates(text: str, locale: str) -> list[Value]:
    out: list[Value] = []
    for m in ISO_DATE.finditer(text):
        _date(out, m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in CJK_DATE.finditer(text):
        _date(out, m, int(m.group(1)) if m.group(1) else None, int(m.group(2)), int(m.group(3)))
    order = _date_order(locale)
    for m in NUMERIC_DATE.finditer(text):
        parts = [m.group(1), m.group(3), m.group(4)]
        if len(parts[0]) == 4:
            year, month, day = parts[0], parts[1], parts[2]  # y/m/d wherever it is written
        else:
            by = dict(zip(order, parts, strict=False))
            year, month, day = by.get("y", parts[2]), by.get("m", parts[1]), by.get("d", parts[0])
        _date(out, m, _year(year), int(month), int(day))
    names, pattern = _months(locale)
    if pattern is not None:
        for m in pattern.finditer(text):
            month = names[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
            day = int(m.group("d1") or m.group("d2"))
            year = m.group("y1") or m.group("y2")
            _date(out, m, int(year) if year else None, month, day)
    return out


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(out: list[Value], m: re.Match[str], year: int | None, month: int, day: int) -> None:
    if (
        len(out) < MAX_VALUES
        and 1 <= month <= 12
        and 1 <= day <= 31
        and all(m.end() <= v.start or m.start() >= v.end for v in out)
    ):
        out.append(Value("date", (year, month, day), m.start(), m.end(), m.group()))


def describe(value: Value) -> str:
    """A value as a message names it: the text as written."""
    return value.text.strip()
