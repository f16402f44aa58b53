"""Every formatter is pure and pinned by a golden file rendered from a hand-made Report, so a golden
changes only when a formatter does (the end-to-end findings are pinned by test_snapshot.py).
``CULTURELINT_UPDATE_GOLDEN=1`` rewrites a golden that differs, and that test then fails: an update
is never silent."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from culturelint import __version__, api
from culturelint.formatters import FORMATTERS
from culturelint.model import FileResult, Finding, Report, Severity

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = ["fixtures/ja-JP/oseibo.md", "fixtures/en-GB/us-copy-reused.md", "fixtures/de-DE/du-sie-mix.md"]
SUFFIX = {
    "text": "txt",
    "json": "json",
    "html": "html",
    "sarif": "sarif",
    "github": "txt",
    "junit": "xml",
    "gitlab": "gitlab.json",
    "checkstyle": "checkstyle.xml",
    "github-summary": "github-summary.md",
    "matrix": "matrix.html",
    "matrix-json": "matrix.json",
}


@pytest.fixture(scope="module")
def report() -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        request = api.CheckRequest(SAMPLES, day=dt.date(2026, 11, 23))
        return api.check(request)
    finally:
        os.chdir(cwd)


SOURCE_JA = "---\nmarket: ja-JP\n---\nお歳暮に4品の詰め合わせを贈りませんか。\n"
SOURCE_EN = "Colour me happy: our <b>fall</b> range & more.\nShop now — #ad #spring\n\nإعلان مدفوع مع @brand\n"


def _finding(**fields: object) -> Finding:
    base: dict[str, object] = dict(
        rule="ja-jp.number.four-formal-gift",
        pack="ja-JP/number",
        category="number",
        severity=Severity.ERROR,
        market="ja-JP",
        path="copy/ja-JP/oseibo.md",
        line=4,
        column=5,
        end_line=4,
        end_column=7,
        match="4品",
        message="“4品” in a formal gift: 4 (shi) reads as 死.",
        rationale="Formal gifts avoid sets of four.",
        suggestions=("3", "5"),
        references=("https://example.org/ja-gifts",),
        fingerprint="0123456789abcdef0123",
        markets=("ja-JP",),
        context="お歳暮に4品の詰め合わせを贈りませんか。",
    )
    base.update(fields)
    return Finding(**base)  # type: ignore[arg-type]


def hand_made_report() -> Report:
    """Every field a formatter shows, with copy that tries to break out of its format: markup,
    an ampersand, right-to-left text, a match spanning lines, a deck key, a fix, a meta finding."""
    findings = (
        _finding(),
        _finding(
            rule="en-gb.idiom.us-spelling",
            pack="en-GB/idiom",
            category="idiom",
            severity=Severity.WARNING,
            market="en-GB",
            markets=("en-GB", "en-IE"),
            path="copy/en/post.md",
            line=1,
            column=29,
            end_line=1,
            end_column=33,
            match="fall",
            message="“fall” is US English; say “autumn”.",
            rationale="UK copy says autumn.",
            suggestions=("autumn",),
            references=("https://example.org/<b>uk</b>?a=1&b=2",),
            fingerprint="fedcba9876543210fedc",
            context="our <b>fall</b> range & more.",
            fix="autumn",
        ),
        _finding(
            rule="ar.disclosure.label",
            pack="ar/disclosure",
            category="disclosure",
            severity=Severity.ERROR,
            market="ar-AE",
            markets=("ar-AE",),
            path="copy/en/post.md",
            line=1,
            column=1,
            end_line=2,
            end_column=9,
            match="Colour me happy",
            message="Add إعلان before the hashtags.",
            rationale="UAE media law.",
            suggestions=("#إعلان",),
            references=("https://example.org/uae",),
            fingerprint="aaaaaaaaaaaaaaaaaaaa",
            key="posts[3].caption",
            context="إعلان مدفوع",
        ),
        _finding(
            rule="culturelint.no-market",
            pack="culturelint",
            category="meta",
            severity=Severity.INFO,
            market="",
            markets=(),
            path="notes.txt",
            line=1,
            column=1,
            end_line=1,
            end_column=1,
            match="",
            message="No market set: only global packs ran.",
            rationale="",
            suggestions=(),
            references=(),
            fingerprint="bbbbbbbbbbbbbbbbbbbb",
            context="",
        ),
    )
    files = (
        FileResult("copy/ja-JP/oseibo.md", ("ja-JP",), "ja", "ja", False, None, SOURCE_JA),
        FileResult("copy/en/post.md", ("en-GB", "en-IE", "ar-AE"), "en", "en", True, None, SOURCE_EN),
        FileResult("notes.txt", (), None, None, None, None, "notes\n"),
        FileResult("broken.json", (), None, None, None, "broken.json:3:7: invalid JSON", ""),
    )
    return Report("0.1.0", files, findings, Severity.ERROR, ("rule x skipped for 'fr': needs POS",))


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_golden(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # the CI formats give the run's root (the working directory) as a URI
    text = FORMATTERS[fmt](hand_made_report(), colour=False)
    path = GOLDEN / (f"report.{SUFFIX[fmt]}" if fmt != "github" else "report.github.txt")
    if os.environ.get("CULTURELINT_UPDATE_GOLDEN") and (not path.exists() or path.read_text(encoding="utf-8") != text):
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{path.name} rewritten: review the diff, then rerun without CULTURELINT_UPDATE_GOLDEN")
    assert text == path.read_text(encoding="utf-8")


def test_formatters_are_pure(report: Report) -> None:
    for formatter in FORMATTERS.values():
        assert formatter(report) == formatter(report)


def test_json_matches_the_contract(report: Report) -> None:
    data = json.loads(FORMATTERS["json"](report))
    assert data["schema"] == "culturelint/report@1"
    assert data["tool"] == {"name": "culturelint", "version": __version__}
    keys = {
        "rule",
        "pack",
        "category",
        "severity",
        "market",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "match",
        "message",
        "rationale",
        "suggestions",
        "references",
        "fingerprint",
    }
    assert data["findings"] and all(keys <= set(f) for f in data["findings"])
    assert all(
        {"path", "markets", "language", "detected_language", "sponsored", "error"} <= set(f) for f in data["files"]
    )
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
    assert document["runs"][0]["columnKind"] == "utf16CodeUnits"


def test_text_colour_only_when_asked(report: Report) -> None:
    assert "\x1b[" not in FORMATTERS["text"](report, colour=False)
    assert "\x1b[31m" in FORMATTERS["text"](report, colour=True)


def test_junit_and_github_shapes(report: Report) -> None:
    junit = FORMATTERS["junit"](report)
    gating = [f for f in report.findings if report.fail_on is not None and f.severity >= report.fail_on]
    files = sum(max(1, len(f.markets)) for f in report.files)
    assert junit.count("<testcase ") == files + sum(max(1, len(f.markets)) for f in gating)
    github = [line for line in FORMATTERS["github"](report).splitlines() if line.startswith("::")]
    assert len(github) == len(report.findings) <= 10
    assert all(re.match(r"^::(error|warning|notice) file=.+,line=\d+,col=\d+,", line) for line in github)
