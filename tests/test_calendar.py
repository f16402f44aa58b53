"""The calendar: named periods computed for any year from the libraries (checked here against the
published 2026-2028 dates), rules bound to them, copy checked against its run date, and
`culturelint calendar`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pack_set_from

from culturelint import calendar
from culturelint.cli import main
from culturelint.errors import PackError

D = dt.date


@pytest.mark.parametrize(
    "period, market, year, expected",
    [
        # Umm al-Qura (Saudi Arabia's official calendar): Ramadan 1447-1449 and the two Eids
        ("ramadan", "ar-SA", 2026, (D(2026, 2, 18), D(2026, 3, 19))),
        ("ramadan", "ar-SA", 2027, (D(2027, 2, 8), D(2027, 3, 8))),
        ("ramadan", "ar-SA", 2028, (D(2028, 1, 28), D(2028, 2, 25))),
        ("eid-al-fitr", "id-ID", 2026, (D(2026, 3, 20), D(2026, 3, 22))),
        ("eid-al-adha", "ar-AE", 2026, (D(2026, 5, 27), D(2026, 5, 30))),
        # Lunar New Year: the Horse year from 17 February 2026, the Goat from 6 February 2027
        ("lunar-new-year", "zh-CN", 2026, (D(2026, 2, 17), D(2026, 2, 17))),
        ("lunar-new-year", "ko-KR", 2027, (D(2027, 2, 6), D(2027, 2, 6))),
        ("lunar-new-year", "vi-VN", 2028, (D(2028, 1, 26), D(2028, 1, 26))),
        # Western and Orthodox Easter
        ("easter", "en-GB", 2027, (D(2027, 3, 28), D(2027, 3, 28))),
        ("easter", "el-GR", 2027, (D(2027, 5, 2), D(2027, 5, 2))),
        ("good-friday", "de-DE", 2026, (D(2026, 4, 3), D(2026, 4, 3))),
        # Diwali from India's holiday table
        ("diwali", "hi-IN", 2026, (D(2026, 11, 8), D(2026, 11, 8))),
        ("diwali", "hi-IN", 2027, (D(2027, 10, 29), D(2027, 10, 29))),
        # dated observances: weekday rules and fixed days
        ("remembrance-sunday", "en-GB", 2026, (D(2026, 11, 8), D(2026, 11, 8))),
        ("remembrance-sunday", "en-GB", 2027, (D(2027, 11, 14), D(2027, 11, 14))),
        ("volkstrauertag", "de-DE", 2026, (D(2026, 11, 15), D(2026, 11, 15))),
        ("volkstrauertag", "de-DE", 2028, (D(2028, 11, 19), D(2028, 11, 19))),
        ("golden-week", "ja-JP", 2027, (D(2027, 4, 29), D(2027, 5, 5))),
    ],
)
def test_periods_match_the_published_dates(period: str, market: str, year: int, expected: tuple) -> None:
    assert calendar.spans(period, year, market) == (expected,)


def test_observances_belong_to_their_markets_and_the_zodiac_turns_at_new_year() -> None:
    assert calendar.spans("volkstrauertag", 2026, "en-GB") == ()
    assert calendar.spans("anzac-day", 2027, "en-NZ") == ((D(2027, 4, 25), D(2027, 4, 25)),)
    assert calendar.zodiac(D(2026, 2, 16)) == "snake" and calendar.zodiac(D(2026, 2, 17)) == "horse"
    assert calendar.zodiac_of_year(2027) == "goat"
    assert D(2026, 12, 25) in {d for d, _ in calendar._holidays("DE", 2026).items()}


def test_windows_during_within_before_after() -> None:
    w = calendar.Window
    assert w("during", ("ramadan",)).contains(D(2027, 3, 1), "ar-SA")
    assert not w("during", ("ramadan",)).contains(D(2027, 3, 9), "ar-SA")  # Eid al-Fitr
    assert w("within", ("remembrance-sunday",), 3).contains(D(2026, 11, 11), "en-GB")
    assert not w("within", ("remembrance-sunday",), 3).contains(D(2026, 11, 12), "en-GB")
    assert w("before", ("eid-al-fitr",), 7).contains(D(2026, 3, 15), "ms-MY")
    assert not w("before", ("eid-al-fitr",), 7).contains(D(2026, 3, 20), "ms-MY")
    assert w("after", ("golden-week",), 60).contains(D(2026, 5, 6), "ja-JP")
    assert not w("after", ("golden-week",), 60).contains(D(2026, 5, 5), "ja-JP")
    # a period straddling New Year: the spring festival seen from January
    assert w("during", ("spring-festival",)).contains(D(2028, 1, 20), "zh-CN")


EID = "---\nmarket: en-AE\ndate: {day}\n---\nEid Mubarak from all of us! Enjoy 20% off sitewide.\n"


def test_copy_is_checked_against_its_run_date(tmp_path: Path) -> None:
    """Front matter `date` and --date decide which calendar-bound rules run."""
    runner = CliRunner()
    for day, fires in (("2026-03-05", True), ("2026-03-20", False), ("2027-03-01", True), ("2027-06-01", False)):
        (tmp_path / "eid.md").write_text(EID.format(day=day), encoding="utf-8")
        out = runner.invoke(main, ["check", "-f", "json", str(tmp_path / "eid.md")]).stdout
        rules = {f["rule"] for f in json.loads(out)["findings"]}
        assert ("muslim-majority.holiday.eid-greeting-before-eid" in rules) is fires, day
    (tmp_path / "sale.md").write_text(
        "---\nmarket: de-DE\n---\nSale-Party am Sonntag: 30 % Rabatt auf alles!\n", encoding="utf-8"
    )
    for day, fires in (("2026-11-15", True), ("2026-11-22", True), ("2026-11-29", False)):
        out = runner.invoke(main, ["check", "-f", "json", "--date", day, str(tmp_path / "sale.md")]).stdout
        rules = {f["rule"] for f in json.loads(out)["findings"]}
        assert ("global.holiday.festive-sale-on-day-of-mourning" in rules) is fires, day


def test_calendar_command_lists_periods_and_bound_rules() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["calendar", "ar-SA", "--year", "2027"])
    assert text.exit_code == 0
    assert "2027-02-08 .. 2027-03-08 ramadan" in text.stdout
    assert "muslim-majority.holiday.eid-greeting-before-eid (during)" in text.stdout
    data = json.loads(runner.invoke(main, ["calendar", "ja-JP", "--year", "2026", "-f", "json"]).stdout)
    golden = next(p for p in data["periods"] if p["period"] == "golden-week")
    assert (golden["from"], golden["until"]) == ("2026-04-29", "2026-05-05")
    assert golden["rules"] == ["ja-jp.holiday.golden-week-offer-expired (after)"]
    assert not any(p["period"] == "ramadan" for p in data["periods"])  # not a Japanese period, no rule binds it
    bad = runner.invoke(main, ["calendar", "xx-YY", "--year", "2026"])
    assert bad.exit_code == 2


RULE = """
pack: t/holiday
markets: [en-GB]
language: en
category: holiday
references: [https://example.org]
rules:
  - id: t.holiday.x
    severity: warning
    message: x
    rationale: x
    active: {active}
    match: {{terms: [sale]}}
    examples: {{bad: [{bad}], good: ["b"]}}
"""


@pytest.mark.parametrize(
    "active, bad, error",
    [
        (
            "{during: ramadhan}",
            '{text: "sale", date: 2026-03-01}',
            r"unknown period 'ramadhan'; did you mean 'ramadan'\?",
        ),
        ("{within: {days: 0, of: easter}}", '{text: "sale", date: 2026-03-01}', r"active.within.days"),
        ("{after: {of: easter}}", '{text: "sale", date: 2026-03-01}', r"missing required key 'days'"),
        ("{during: easter}", '"sale"', r"needs a 'date' on every bad example"),
    ],
)
def test_calendar_bindings_are_validated(write_pack, active: str, bad: str, error: str) -> None:
    with pytest.raises(PackError, match=error):
        pack_set_from(write_pack(RULE.format(active=active, bad=bad)))


def test_a_bad_observance_is_a_pack_error_with_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "observances:\n  - {id: x, name: X, markets: [en-GB], source: s, annual: {from: 13-40}}\n", encoding="utf-8"
    )
    monkeypatch.setattr(calendar, "calendar_file", lambda: path)
    calendar.observances.cache_clear()
    try:
        with pytest.raises(PackError, match=r"calendar.yaml:2:.*'13-40' is not a month and day MM-DD"):
            calendar.observances()
    finally:
        monkeypatch.undo()
        calendar.observances.cache_clear()
