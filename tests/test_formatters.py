"""Every formatter is pure and pinned by a golden file. Regenerate with CULTURELINT_UPDATE_GOLDEN=1."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT
from culturelint import api
from culturelint.formatters import FORMATTERS
from culturelint.model import Report

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = ["fixtures/ja-JP/oseibo.md", "fixtures/en-GB/us-copy-reused.md", "fixtures/de-DE/du-sie-mix.md"]
SUFFIX = {"text": "txt", "json": "json", "html": "html", "sarif": "sarif", "github": "txt", "junit": "xml"}


@pytest.fixture(scope="module")
def report() -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        request = api.CheckRequest(SAMPLES, day=dt.date(2026, 11, 23))
        return api.check(request)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_golden(fmt: str, report: Report) -> None:
    text = FORMATTERS[fmt](report, colour=False)
    path = GOLDEN / f"report.{SUFFIX[fmt]}" if fmt not in ("github",) else GOLDEN / "report.github.txt"
    if os.environ.get("CULTURELINT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_formatters_are_pure(report: Report) -> None:
    for formatter in FORMATTERS.values():
        assert formatter(report) == formatter(report)


def test_json_matches_the_contract(report: Report) -> None:
    data = json.loads(FORMATTERS["json"](report))
    assert data["schema"] == "culturelint/report@1"
    assert data["tool"] == {"name": "culturelint", "version": "0.1.0"}
    keys = {"rule", "pack", "category", "severity", "market", "path", "line", "column", "end_line",
            "end_column", "match", "message", "rationale", "suggestions", "references", "fingerprint"}
    assert data["findings"] and all(keys <= set(f) for f in data["findings"])
    assert all({"path", "markets", "language", "detected_language", "sponsored", "error"} <= set(f)
               for f in data["files"])
    assert set(data["summary"]) >= {"files", "findings", "by_severity"}
    assert FORMATTERS["json"](report) == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_fingerprints_are_stable_across_line_moves(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("---\nmarket: en-GB\n---\nGrab a fanny pack.\n", encoding="utf-8")
    before = api.check(api.CheckRequest([str(first)])).findings[0].fingerprint
    first.write_text("---\nmarket: en-GB\n---\n# New heading\n\nIntro.\n\nGrab a fanny pack.\n", encoding="utf-8")
    after = api.check(api.CheckRequest([str(first)])).findings[0].fingerprint
    assert before == after and len(before) == 20


def test_sarif_is_valid(report: Report) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is part of the test extras")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    document = json.loads(FORMATTERS["sarif"](report))
    jsonschema.validate(document, schema)
    assert document["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_text_colour_only_when_asked(report: Report) -> None:
    assert "\x1b[" not in FORMATTERS["text"](report, colour=False)
    assert "\x1b[31m" in FORMATTERS["text"](report, colour=True)


def test_junit_and_github_shapes(report: Report) -> None:
    junit = FORMATTERS["junit"](report)
    assert junit.count("<testcase ") == 3 and junit.count("<failure ") == len(report.findings)
    github = FORMATTERS["github"](report).splitlines()
    assert len(github) == len(report.findings)
    assert all(re.match(r"^::(error|warning|notice) file=.+,line=\d+,col=\d+,", line) for line in github)
