"""The shipped fixtures: harmless drafts stay quiet, risky drafts trigger their annotated categories.

Each fixture's front matter lists the categories it must trigger under `x-expect:` (empty = harmless:
no warning or error at all)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from culturelint import api
from culturelint.model import Severity

FIXTURES = sorted((ROOT / "fixtures").rglob("*.md"))


def expected(path: Path) -> set[str]:
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    return set(yaml.safe_load(front)["x-expect"])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixture(path: Path) -> None:
    report = api.check(api.CheckRequest([str(path)], day=dt.date(2026, 11, 23)))
    assert not any(f.error for f in report.files)
    serious = [f for f in report.findings if f.severity >= Severity.WARNING]
    want = expected(path)
    if not want:
        assert serious == [], [f"{f.rule}: {f.match}" for f in serious]
    else:
        assert {f.category for f in serious} >= want, [f.rule for f in serious]


def test_fixture_corpus_has_both_kinds() -> None:
    kinds = [bool(expected(p)) for p in FIXTURES]
    assert kinds.count(True) >= 10 and kinds.count(False) >= 8
    markets = {p.parent.name for p in FIXTURES}
    assert markets >= {"en-US", "en-GB", "de-DE", "ja-JP", "global"}
