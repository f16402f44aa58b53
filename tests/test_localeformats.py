"""Numeric dates in locale-format checks: what is a date, and what only looks like one."""

from __future__ import annotations

import pytest


def date_findings(check_text, text: str, market: str) -> list[str]:
    return [f.match for f in check_text(text, market) if f.rule == "global.locale-format.date-order"]


@pytest.mark.parametrize(
    "text, market, expected",
    [
        ("Der Sale startet am 14/03/2025.", "de-DE", ["14/03/2025"]),
        ("Sale ends 03/14/2025 at midnight.", "en-GB", ["03/14/2025"]),
        ("Les soldes commencent le 14.03.2025.", "fr-CA", ["14.03.2025"]),
        ("Voir la section 1.1.10 du guide.", "fr-CA", []),  # a section number
        ("Mettez à jour vers la version 2.4.12.", "fr-CA", []),  # a version number
        ("Die Werte 47.12.2025 sind Messpunkte.", "de-DE", []),  # no month or day 47
    ],
)
def test_dates(check_text, text: str, market: str, expected: list[str]) -> None:
    assert date_findings(check_text, text, market) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pre-orders ship on 4/5/2026.", True),
        ("Offer valid until 03.04.25.", True),
        ("Doors open 3.4.2026 at nine.", True),
        ("See section 1.1.10 for the details.", False),
        ("Update to 2.1.26 today.", False),
    ],
)
def test_ambiguous_dates_for_global_campaigns(check_text, text: str, expected: bool) -> None:
    rules = {f.rule for f in check_text(text, "global")}
    assert ("global.number.ambiguous-date" in rules) is expected
