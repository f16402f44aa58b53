"""Floors on real copy: the misfires and harmless lines in tests/realcases/ (see bench/realcases.py).

Recall may only go up and false alarms may only go down: when a change raises recall, raise the
floor here with it."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("realcases", ROOT / "bench" / "realcases.py")
assert spec and spec.loader
realcases = importlib.util.module_from_spec(spec)
sys.modules["realcases"] = realcases
spec.loader.exec_module(realcases)

RECALL_FLOOR = 0.16
FALSE_ALARM_CEILING = 0.05  # at most 1 harmless line in 20 gets a warning or an error


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return realcases.run(realcases.load_lines())


def test_corpus_is_large_and_wide() -> None:
    lines = realcases.load_lines()
    misfires = [line for line in lines if line.kind == "misfire"]
    harmless = [line for line in lines if line.kind == "harmless"]
    assert len(misfires) >= 300 and len(harmless) >= 300
    assert len({line.market for line in misfires}) >= 25 and len({line.market for line in harmless}) >= 25
    assert all(line.source.startswith("http") for line in lines)
    assert len({line.text for line in lines}) == len(lines), "a line is in the corpus twice"


def test_recall_floor(results) -> None:  # type: ignore[no-untyped-def]
    total = results.total()
    assert total.recall >= RECALL_FLOOR, f"recall {total.recall:.2%} fell below {RECALL_FLOOR:.0%}"


def test_harmless_real_lines_stay_quiet(results) -> None:  # type: ignore[no-untyped-def]
    total = results.total()
    flagged = [f"{o.line.where} {o.rules}" for o in results.outcomes if o.line.kind == "harmless" and o.flagged]
    assert total.false_rate <= FALSE_ALARM_CEILING, flagged
