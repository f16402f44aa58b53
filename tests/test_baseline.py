"""Adopting culturelint in a repository with a past: a baseline written once keeps hiding the findings
it knew however the paths are written, after files move and after edits elsewhere in a sentence,
and still reports what is new (a multiset: one known occurrence hides one). Baselines written by
culturelint 0.1 (path and whole sentence in the fingerprint) keep working."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint import api
from culturelint.cli import main

HEAD = "---\nmarket: en-GB\n---\n"
COPY = HEAD + "Grab a fanny pack. Bold colors and more colors.\n\nAnother fanny pack for the summer.\n"


def run(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}, result.stderr


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.md").write_text(COPY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _report, _ = run("check", "-f", "json", "--fail-on", "never", "-o", "baseline.json", "copy/a.md")
    assert code == 0
    assert len(json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"]) == 4
    return tmp_path


def found(*args: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(rule, path, line) of the reported and of the baseline-hidden findings."""
    code, report, err = run("check", "-f", "json", "--fail-on", "never", *args)
    assert code == 0, err

    def spot(f: dict) -> tuple[str, str, int]:
        return (f["rule"], f["path"], f["line"])

    hidden = [spot(f) for f in report["suppressed"] if f["suppression"]["kind"] == "baseline"]
    return [spot(f) for f in report["findings"]], hidden


@pytest.mark.parametrize("spelling", ["copy/a.md", "./copy/a.md", "copy//a.md", "copy/../copy/a.md", "ABSOLUTE"])
def test_known_however_the_path_is_written(repo: Path, spelling: str) -> None:
    path = str(repo / "copy" / "a.md") if spelling == "ABSOLUTE" else spelling
    new, hidden = found("--baseline", "baseline.json", path)
    assert new == [] and len(hidden) == 4


def test_known_from_another_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "copy")
    new, hidden = found("--baseline", "../baseline.json", "a.md")
    assert new == [] and len(hidden) == 4


def test_known_after_the_file_moves(repo: Path) -> None:
    (repo / "drafts").mkdir()
    (repo / "copy" / "a.md").rename(repo / "drafts" / "renamed.md")
    new, hidden = found("--baseline", "baseline.json", "drafts/renamed.md")
    assert new == [] and len(hidden) == 4


def test_known_after_edits_elsewhere_in_the_sentence(repo: Path) -> None:
    before = api.check(api.CheckRequest(["copy/a.md"])).findings
    edited = COPY.replace("Grab a fanny pack.", "Summer is here, so grab a fanny pack.").replace(
        "Another fanny pack for the summer.", "# Heading\n\nAnother fanny pack for the whole summer, in three sizes."
    )
    (repo / "copy" / "a.md").write_text(edited, encoding="utf-8")
    after = api.check(api.CheckRequest(["copy/a.md"])).findings
    # the fingerprint itself is unchanged: words beyond the match's neighbours and lines do not count
    assert sorted(f.fingerprint for f in before) == sorted(f.fingerprint for f in after)
    assert [f.line for f in before] != [f.line for f in after]
    new, hidden = found("--baseline", "baseline.json", "copy/a.md")
    assert new == [] and len(hidden) == 4


def test_an_edit_next_to_the_match_stays_known_in_the_same_file_only(repo: Path) -> None:
    edited = COPY.replace("Another fanny pack for the summer.", "Another fanny pack, in red.")
    (repo / "copy" / "a.md").write_text(edited, encoding="utf-8")
    assert found("--baseline", "baseline.json", "copy/a.md")[0] == []
    shutil.move(repo / "copy" / "a.md", repo / "b.md")  # moved and edited: the words around it differ
    new, _ = found("--baseline", "baseline.json", "b.md")
    assert new == [("en-gb.idiom.fanny", "b.md", 6)]


def test_a_document_finding_survives_an_edit_of_the_line_it_points_at(repo: Path) -> None:
    sponsored = "---\nmarket: en-GB\nsponsored: true\n---\nOur new range is here.\n\nShop it today.\n"
    (repo / "copy" / "paid.md").write_text(sponsored, encoding="utf-8")
    run("check", "-f", "json", "--fail-on", "never", "-o", "paid.json", "copy/paid.md")
    (repo / "copy" / "paid.md").write_text(sponsored.replace("Our new range", "The autumn range"), encoding="utf-8")
    new, hidden = found("--baseline", "paid.json", "copy/paid.md")
    assert new == [] and hidden == [("en-gb.disclosure.ad-label", "copy/paid.md", 5)]


def test_a_sentence_copied_into_a_second_file_is_new_there(repo: Path) -> None:
    shutil.copy(repo / "copy" / "a.md", repo / "copy" / "b.md")
    new, hidden = found("--baseline", "baseline.json", "copy/b.md", "copy/a.md")
    assert {path for _, path, _ in hidden} == {"copy/a.md"} and len(hidden) == 4
    assert {path for _, path, _ in new} == {"copy/b.md"} and len(new) == 4


def test_one_known_occurrence_hides_one(repo: Path) -> None:
    (repo / "copy" / "a.md").write_text(COPY + "\nAnother fanny pack for the summer.\n", encoding="utf-8")
    new, hidden = found("--baseline", "baseline.json", "copy/a.md")
    assert new == [("en-gb.idiom.fanny", "copy/a.md", 8)] and len(hidden) == 4


def test_a_new_finding_in_a_known_file_is_reported(repo: Path) -> None:
    (repo / "copy" / "a.md").write_text(COPY + "\nThat is a pants idea.\n", encoding="utf-8")
    code, report, _ = run("check", "-f", "json", "--fail-on", "warning", "--baseline", "baseline.json", "copy/a.md")
    assert code in (0, 1)
    assert len(report["suppressed"]) == 4
    assert all(f["line"] == 8 for f in report["findings"])


def test_the_next_baseline_remembers_the_moved_file(repo: Path) -> None:
    (repo / "copy" / "a.md").rename(repo / "moved.md")
    code, _report, _ = run("check", "-f", "json", "--baseline", "baseline.json", "-o", "next.json", "moved.md")
    assert code == 0
    new, hidden = found("--baseline", "next.json", "moved.md")
    assert new == [] and len(hidden) == 4


# Written by culturelint 0.1 (main at d9a18f2) for LEGACY_COPY as copy/a.md: fingerprints hash the rule,
# the path as written, the match and the whole sentence; repeats are numbered.
LEGACY_COPY = (
    HEAD + "Grab a fanny pack. Bold colors and more colors.\n\nAnother fanny pack here.\n\n"
    "Grab a fanny pack. Bold colors and more colors.\n"
)
LEGACY = [
    ("en-gb.idiom.fanny", "fanny pack", "e666c3e8e1d59745ab8e"),
    ("en-gb.idiom.us-spelling", "colors", "5a775bcb18fc50d44302"),
    ("en-gb.idiom.us-spelling", "colors", "dd864b063355721153c1"),
    ("en-gb.idiom.fanny", "fanny pack", "88dc506d5569a61388ac"),
    ("en-gb.idiom.fanny", "fanny pack", "e19d12e85289272dd6c4"),
    ("en-gb.idiom.us-spelling", "colors", "4aa2149cbff5404407c8"),
    ("en-gb.idiom.us-spelling", "colors", "09b5d92a53ad98a65209"),
]


@pytest.fixture()
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.md").write_text(LEGACY_COPY, encoding="utf-8")
    rows = [
        {"rule": rule, "path": "copy/a.md", "match": match, "fingerprint": digest, "severity": "warning"}
        for rule, match, digest in LEGACY
    ]
    (tmp_path / "old.json").write_text(json.dumps({"findings": rows, "files": []}), encoding="utf-8")
    return tmp_path


def test_a_baseline_written_by_0_1_keeps_working(legacy: Path) -> None:
    current = api.check(api.CheckRequest(["copy/a.md"])).findings
    assert not {f.fingerprint for f in current} & {digest for _, _, digest in LEGACY}  # the scheme changed
    new, hidden = found("--baseline", "old.json", "copy/a.md")
    assert new == [] and len(hidden) == 7


def test_a_baseline_written_by_0_1_after_a_move_and_with_a_new_occurrence(legacy: Path) -> None:
    (legacy / "copy" / "a.md").write_text(LEGACY_COPY + "\nGrab a fanny pack. Bold colors and more colors.\n")
    (legacy / "copy" / "a.md").rename(legacy / "b.md")
    new, hidden = found("--baseline", "old.json", "b.md")
    assert len(hidden) == 7 and sorted(new) == [
        ("en-gb.idiom.fanny", "b.md", 10),
        ("en-gb.idiom.us-spelling", "b.md", 10),
        ("en-gb.idiom.us-spelling", "b.md", 10),
    ]


def test_a_baseline_that_is_not_a_report_is_one_line_exit_2(repo: Path) -> None:
    (repo / "broken.json").write_text("[1, 2", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", "broken.json", "copy/a.md"])
    assert result.exit_code == 2
    assert result.stderr.startswith("culturelint: error: broken.json: cannot read baseline")
    assert result.stderr.count("\n") == 1
    assert os.path.exists(repo / "copy" / "a.md")
