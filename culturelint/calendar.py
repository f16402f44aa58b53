"""Named periods for any year, computed from maintained calendar libraries, not hand-typed tables.

Rules bind to them (``active: {during: ramadan}``, ``active: {within: {days: 3, of: remembrance-day}}``)
and copy is checked against its run date (``--date`` or front matter ``date``).

- Lunar calendar (``lunardate``): ``lunar-new-year`` (lunar 1/1), ``spring-festival`` (12/23 to the
  Lantern Festival, 1/15), ``ghost-month`` (the seventh lunar month), and the zodiac year.
- Umm al-Qura Hijri calendar (``hijridate``): ``ramadan``, ``eid-al-fitr`` (Shawwal 1-3),
  ``eid-al-adha`` (Dhu al-Hijjah 10-13), ``islamic-new-year``, ``ashura``. Local moon sighting can
  move these by a day: windows round outward, so a rule errs toward asking.
- Easter (``dateutil.easter``, Orthodox for Orthodox markets): ``easter``, ``good-friday``,
  ``holy-week``, ``lent``.
- Public holidays per country (``holidays``): ``public-holiday``, and ``diwali`` from India's table.
- Dated observances with sources (``rules/calendar.yaml``): remembrance days, days of mourning,
  sales seasons (Golden Week, 618, 11.11) — each market's own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PackError

Span = tuple[dt.date, dt.date]  # first and last day, inclusive

ZODIAC = ("rat", "ox", "tiger", "rabbit", "dragon", "snake", "horse", "goat", "monkey", "rooster", "dog", "pig")
ORTHODOX_LANGUAGES = frozenset({"el", "ru", "uk", "sr", "bg", "ro", "mk", "ka", "be"})
COMPUTED = {
    "lunar-new-year": "Lunar New Year's Day (lunar 1/1)",
    "spring-festival": "Spring Festival season, lunar 12/23 to the Lantern Festival (1/15)",
    "ghost-month": "Ghost Month, the seventh lunar month",
    "ramadan": "Ramadan (Umm al-Qura)",
    "eid-al-fitr": "Eid al-Fitr, Shawwal 1-3 (Umm al-Qura)",
    "eid-al-adha": "Eid al-Adha, Dhu al-Hijjah 10-13 (Umm al-Qura)",
    "islamic-new-year": "Islamic New Year, Muharram 1 (Umm al-Qura)",
    "ashura": "Ashura, Muharram 10 (Umm al-Qura)",
    "lent": "Lent, Ash Wednesday to Holy Saturday",
    "holy-week": "Holy Week, Palm Sunday to Easter Sunday",
    "good-friday": "Good Friday",
    "easter": "Easter Sunday",
    "diwali": "Diwali (India's public-holiday table)",
    "public-holiday": "a public holiday in the market's country",
}
# the languages whose markets keep each computed period (the calendar listing shows these, and any
# period a rule binds for the market); rules may bind any period for any market
HOME = {
    "lunar-new-year": ("zh", "ko", "vi"),
    "spring-festival": ("zh", "ko", "vi"),
    "ghost-month": ("zh", "vi"),
    "ramadan": ("ar", "ms", "id", "tr", "ur", "fa"),
    "eid-al-fitr": ("ar", "ms", "id", "tr", "ur", "fa"),
    "eid-al-adha": ("ar", "ms", "id", "tr", "ur", "fa"),
    "islamic-new-year": ("ar", "ms", "id", "tr", "ur", "fa"),
    "ashura": ("ar", "ur", "fa"),
    "lent": ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "el"),
    "holy-week": ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "el"),
    "good-friday": ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "el"),
    "easter": ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "el"),
    "diwali": ("hi",),
}
HOME_MARKETS = {"diwali": ("en-IN", "en-SG", "ms-MY"), "lunar-new-year": ("en-SG", "ms-MY", "id-ID")}
SOURCES = {
    "lunardate": "https://pypi.org/project/lunardate/",
    "hijridate": "https://pypi.org/project/hijridate/ (Umm al-Qura calendar)",
    "dateutil": "https://dateutil.readthedocs.io/en/stable/easter.html",
    "holidays": "https://pypi.org/project/holidays/",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Observance:
    """A dated period from rules/calendar.yaml: fixed days each year, a weekday rule, or dates."""

    id: str
    name: str
    markets: tuple[str, ...]
    source: str
    annual: tuple[tuple[int, int], tuple[int, int]] | None = None  # ((month, day), (month, day))
    weekday: tuple[int, tuple[int, int], tuple[int, int]] | None = None  # weekday, window start, end
    dates: tuple[Span, ...] = ()

    def spans(self, year: int) -> list[Span]:
        out: list[Span] = [s for s in self.dates if s[0].year == year or s[1].year == year]
        if self.annual:
            (m1, d1), (m2, d2) = self.annual
            start = dt.date(year, m1, d1)
            end = dt.date(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
            out.append((start, end))
        if self.weekday:
            weekday, (m1, d1), (m2, d2) = self.weekday
            day = dt.date(year, m1, d1)
            while day <= dt.date(year, m2, d2):
                if day.weekday() == weekday:
                    out.append((day, day))
                    break
                day += dt.timedelta(days=1)
        return out


@dataclass(frozen=True, slots=True)
class Window:
    """When a rule applies, relative to named periods: during them, or N days around, before or after."""

    relation: str  # during | within | before | after
    periods: tuple[str, ...]
    days: int = 0

    def contains(self, day: dt.date, market: str) -> bool:
        for name in self.periods:
            for start, end in spans_near(name, day, market):
                if self.relation == "during" and start <= day <= end:
                    return True
                if self.relation == "within" and start - _days(self.days) <= day <= end + _days(self.days):
                    return True
                if self.relation == "before" and start - _days(self.days) <= day < start:
                    return True
                if self.relation == "after" and end < day <= end + _days(self.days):
                    return True
        return False

    def describe(self) -> str:
        names = " or ".join(self.periods)
        if self.relation == "during":
            return f"during {names}"
        return f"{self.relation} {self.days} days {'of' if self.relation == 'within' else ''} {names}".replace(
            "  ", " "
        )


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def known_periods() -> dict[str, str]:
    """Every period name a rule may use, with what it is."""
    out = dict(COMPUTED)
    out.update({o.id: o.name for o in observances()})
    return out


def spans_near(name: str, day: dt.date, market: str) -> list[Span]:
    """The spans of ``name`` for the market in the day's year and the years either side (a period
    can straddle New Year, and a window reaches across it)."""
    out: list[Span] = []
    for year in (day.year - 1, day.year, day.year + 1):
        out.extend(spans(name, year, market))
    return out


@functools.lru_cache(maxsize=4096)
def spans(name: str, year: int, market: str) -> tuple[Span, ...]:
    """The spans of a named period that start in ``year``, for ``market`` (a market tag)."""
    if name in COMPUTED:
        return tuple(_computed(name, year, market))
    for observance in observances():
        if observance.id == name and _applies(observance.markets, market):
            return tuple(observance.spans(year))
    return ()


def _applies(markets: tuple[str, ...], market: str) -> bool:
    language = market.split("-")[0]
    return "*" in markets or market in markets or language in markets


def _computed(name: str, year: int, market: str) -> list[Span]:
    if name in ("lunar-new-year", "spring-festival", "ghost-month"):
        from lunardate import LunarDate

        new_year = LunarDate(year, 1, 1).to_solar_date()
        if name == "lunar-new-year":
            return [(new_year, new_year)]
        if name == "spring-festival":
            return [(new_year - _days(8), LunarDate(year, 1, 15).to_solar_date())]
        seventh = LunarDate(year, 7, 1).to_solar_date()
        eighth = LunarDate(year, 8, 1).to_solar_date()
        return [(seventh, eighth - _days(1))]
    if name in ("ramadan", "eid-al-fitr", "eid-al-adha", "islamic-new-year", "ashura"):
        return _hijri(name, year)
    if name in ("lent", "holy-week", "good-friday", "easter"):
        from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

        method = EASTER_ORTHODOX if market.split("-")[0] in ORTHODOX_LANGUAGES else EASTER_WESTERN
        sunday = easter(year, method)
        return {
            "easter": [(sunday, sunday)],
            "good-friday": [(sunday - _days(2), sunday - _days(2))],
            "holy-week": [(sunday - _days(7), sunday)],
            "lent": [(sunday - _days(46), sunday - _days(1))],
        }[name]
    if name == "diwali":
        return [(d, d) for d, label in _holidays("IN", year).items() if "diwali" in label.lower()]
    if name == "public-holiday":
        country = market.split("-")[-1] if "-" in market else ""
        return [(d, d) for d in sorted(_holidays(country, year))] if country else []
    raise KeyError(name)


def _hijri(name: str, year: int) -> list[Span]:
    """Hijri dates falling in a Gregorian year: a Gregorian year overlaps two Hijri years."""
    from hijridate import Gregorian, Hijri

    first = Gregorian(year, 1, 1).to_hijri().year
    out = []
    for hijri_year in (first - 1, first, first + 1):
        try:
            if name == "ramadan":
                span = (Hijri(hijri_year, 9, 1).to_gregorian(), Hijri(hijri_year, 10, 1).to_gregorian() - _days(1))
            elif name == "eid-al-fitr":
                start = Hijri(hijri_year, 10, 1).to_gregorian()
                span = (start, start + _days(2))
            elif name == "eid-al-adha":
                start = Hijri(hijri_year, 12, 10).to_gregorian()
                span = (start, start + _days(3))
            elif name == "islamic-new-year":
                start = Hijri(hijri_year, 1, 1).to_gregorian()
                span = (start, start)
            else:
                start = Hijri(hijri_year, 1, 10).to_gregorian()
                span = (start, start)
        except (ValueError, OverflowError):  # outside the Umm al-Qura table (1343-1500 AH)
            continue
        if span[0].year == year:
            out.append(
                (dt.date(span[0].year, span[0].month, span[0].day), dt.date(span[1].year, span[1].month, span[1].day))
            )
    return out


@functools.lru_cache(maxsize=256)
def _holidays(country: str, year: int) -> dict[dt.date, str]:
    import holidays

    try:
        return dict(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return {}


def zodiac(day: dt.date) -> str:
    """The zodiac animal of the lunar year ``day`` falls in (the year turns at Lunar New Year)."""
    from lunardate import LunarDate

    year = day.year if day >= LunarDate(day.year, 1, 1).to_solar_date() else day.year - 1
    return ZODIAC[(year - 2020) % 12]  # 2020 was a Rat year


def zodiac_of_year(year: int) -> str:
    """The animal of the lunar year that begins in Gregorian ``year``."""
    return ZODIAC[(year - 2020) % 12]


# -- dated observances -------------------------------------------------------------------------


def calendar_file() -> Path:
    from .packs.loader import CALENDAR_FILE, builtin_rules_dir

    return builtin_rules_dir() / CALENDAR_FILE


@functools.cache
def observances() -> tuple[Observance, ...]:
    """rules/calendar.yaml, validated: an entry without a source or with a bad date is a pack error."""
    from .packs.loader import relative_source
    from .validation import Validator, load_located

    path = calendar_file()
    if not path.is_file():
        return ()
    src = load_located(path.read_text(encoding="utf-8"), relative_source(str(path)), PackError)
    v = Validator(src, PackError)
    data = v.mapping(src.data, (), ("observances",), required=("observances",))
    out = []
    entries = data["observances"]
    if not isinstance(entries, list):
        raise v.fail(("observances",), "expected a list of observances")
    for i, raw in enumerate(entries):
        keypath = ("observances", i)
        entry = v.mapping(
            raw,
            keypath,
            ("id", "name", "markets", "source", "annual", "weekday", "dates"),
            ("id", "name", "markets", "source"),
        )
        forms = [k for k in ("annual", "weekday", "dates") if k in entry]
        if not forms:
            raise v.fail(keypath, "needs one of 'annual', 'weekday' or 'dates'")
        out.append(
            Observance(
                id=v.string(entry["id"], keypath + ("id",)),
                name=v.string(entry["name"], keypath + ("name",)),
                markets=v.strings(entry["markets"], keypath + ("markets",)),
                source=v.string(entry["source"], keypath + ("source",)),
                annual=_annual(v, entry, keypath) if "annual" in entry else None,
                weekday=_weekday(v, entry, keypath) if "weekday" in entry else None,
                dates=tuple(_dates(v, entry, keypath)) if "dates" in entry else (),
            )
        )
    ids = [o.id for o in out]
    for i, name in enumerate(ids):
        if name in COMPUTED or name in ids[:i]:
            raise v.fail(("observances", i, "id"), f"period '{name}' is defined twice")
    return tuple(out)


def _month_day(v: Any, value: Any, keypath: tuple[Any, ...]) -> tuple[int, int]:
    text = v.string(str(value), keypath)
    try:
        parsed = dt.date.fromisoformat(f"2024-{text}")  # a leap year, so 02-29 parses
    except ValueError:
        raise v.fail(keypath, f"'{text}' is not a month and day MM-DD") from None
    return parsed.month, parsed.day


def _annual(v: Any, entry: dict[str, Any], keypath: tuple[Any, ...]) -> tuple[tuple[int, int], tuple[int, int]]:
    where = keypath + ("annual",)
    annual = v.mapping(entry["annual"], where, ("from", "until"), ("from",))
    start = _month_day(v, annual["from"], where + ("from",))
    return start, _month_day(v, annual.get("until", annual["from"]), where + ("until",))


def _weekday(v: Any, entry: dict[str, Any], keypath: tuple[Any, ...]) -> tuple[int, tuple[int, int], tuple[int, int]]:
    where = keypath + ("weekday",)
    rule = v.mapping(entry["weekday"], where, ("day", "from", "until"), ("day", "from", "until"))
    day = v.choice(rule["day"], where + ("day",), WEEKDAYS)
    return (
        WEEKDAYS.index(day),
        _month_day(v, rule["from"], where + ("from",)),
        _month_day(v, rule["until"], where + ("until",)),
    )


def _dates(v: Any, entry: dict[str, Any], keypath: tuple[Any, ...]) -> Iterator[Span]:
    where = keypath + ("dates",)
    if not isinstance(entry["dates"], list):
        raise v.fail(where, "expected a list of {from, until} dates")
    for i, raw in enumerate(entry["dates"]):
        span = v.mapping(raw, where + (i,), ("from", "until"), ("from",))
        start = v.date(span["from"], where + (i, "from"))
        end = v.date(span.get("until", span["from"]), where + (i, "until"))
        if end < start:
            raise v.fail(where + (i,), "'until' is before 'from'")
        yield start, end


def market_calendar(
    market: str, year: int, bound: frozenset[str] = frozenset()
) -> list[tuple[dt.date, dt.date, str, str]]:
    """The periods a market keeps in a year, plus any in ``bound`` (periods its rules bind to):
    (start, end, id, what), by date; public holidays from the country's table."""
    language = market.split("-")[0]
    rows = []
    for name, what in known_periods().items():
        if name == "public-holiday":
            continue
        home = language in HOME.get(name, ()) or market in HOME_MARKETS.get(name, ())
        if name in COMPUTED and name not in bound and not home:
            continue
        for start, end in spans(name, year, market):
            rows.append((start, end, name, what))
    country = market.split("-")[-1] if "-" in market else ""
    for day, label in sorted(_holidays(country, year).items()) if country else ():
        rows.append((day, day, "public-holiday", label))
    return sorted(rows)
