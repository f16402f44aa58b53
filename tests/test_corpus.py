"""The precision and recall corpora in fixtures/corpus/: realistic drafts per market.

Harmless drafts (product launches, sales, captions, newsletters in each market's language) must
produce no warning or error; risky drafts must trigger every category they are annotated with."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import yaml
from conftest import ROOT

from culturelint.engine import CheckOptions, check_document
from culturelint.engine.select import Selection
from culturelint.model import Severity
from culturelint.packs.loader import load_packset
from culturelint.readers import reader_for

CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.yaml"))
PACKSET = load_packset()
OPTIONS = CheckOptions(dt.date(2026, 11, 23), Selection())


def entries(kind: str) -> list[tuple[str, int, dict]]:
    out = []
    for path in CORPUS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, entry in enumerate(data.get(kind, [])):
            out.append((data["market"], i, entry))
    return out


def serious(market: str, entry: dict) -> list:
    document = reader_for("draft.md").read("draft.md", entry["text"])[0]
    document = replace(document, meta=replace(document.meta, markets=(market,), sponsored=entry.get("sponsored")))
    found = check_document(document, PACKSET, OPTIONS).findings
    return [f for f in found if f.severity >= Severity.WARNING]


@pytest.mark.parametrize(
    "market, index, entry", entries("harmless"), ids=lambda v: v if isinstance(v, (str, int)) else ""
)
def test_harmless_draft_is_quiet(market: str, index: int, entry: dict) -> None:
    found = serious(market, entry)
    assert found == [], [f"{f.rule}: {f.match!r}" for f in found]


@pytest.mark.parametrize("market, index, entry", entries("risky"), ids=lambda v: v if isinstance(v, (str, int)) else "")
def test_risky_draft_is_caught(market: str, index: int, entry: dict) -> None:
    categories = {f.category for f in serious(market, entry)}
    assert categories >= set(entry["expect"]), (entry["expect"], sorted(categories))


def test_corpus_size_and_coverage() -> None:
    assert len(entries("harmless")) >= 200
    assert len(entries("risky")) >= 150
    markets = {m for m, _, _ in entries("harmless")}
    assert markets >= set(PACKSET.markets.markets) - {"zh-HK"}
    assert all(e["expect"] for _, _, e in entries("risky"))
