"""The command line through click's CliRunner: exit codes and exact messages for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint.cli import main

BAD = "---\nmarket: ja-JP\nsponsored: false\n---\n# 冬の贈り物\n\nお歳暮に4品の詰め合わせを贈りませんか。\n"
GOOD = "---\nmarket: ja-JP\nsponsored: false\n---\n新作リップが本日発売。やさしい色味です。\n"
WARN = "---\nmarket: en-GB\n---\nThe fanny pack is back for summer festivals.\n"


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "warn.md").write_text(WARN, encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_follow_fail_on(files: Path) -> None:
    assert run("check", "good.md")[0] == 0
    assert run("check", "bad.md")[0] == 1
    assert run("check", "warn.md")[0] == 0
    assert run("check", "--fail-on", "warning", "warn.md")[0] == 1
    assert run("check", "--fail-on", "never", "bad.md")[0] == 0


def test_json_report_points_into_the_file(files: Path) -> None:
    code, out, _ = run("check", "--format", "json", "bad.md")
    report = json.loads(out)
    assert code == 1 and report["schema"] == "culturelint/report@1"
    finding = next(f for f in report["findings"] if f["category"] == "number")
    assert (finding["line"], finding["column"], finding["end_column"], finding["match"]) == (7, 5, 6, "4")
    assert report["files"][0]["detected_language"] == "ja"
    assert report["summary"]["by_severity"]["error"] >= 1


def test_stdin(files: Path) -> None:
    code, out, _ = run("check", "-m", "en-GB", "--format", "json", "-", stdin="Grab a fanny pack.\n")
    report = json.loads(out)
    assert code == 0 and report["files"][0]["path"] == "<stdin>"
    assert [f["rule"] for f in report["findings"]] == ["en-gb.idiom.fanny"]


def test_broken_file_among_many_is_reported_and_others_checked(files: Path) -> None:
    (files / "blob.md").write_bytes(b"\x00\xff\xfe\x00garbage")
    (files / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    code, out, err = run("check", "--format", "json", "blob.md", "latin1.md", "bad.md")
    assert code == 2
    assert "culturelint: error: blob.md: binary file, not copy (contains NUL bytes)" in err
    assert "culturelint: error: latin1.md:1:4: not valid UTF-8 (byte 0xe9)" in err
    report = json.loads(out)
    assert any(f["category"] == "number" for f in report["findings"])
    assert [f["error"] is not None for f in report["files"]] == [True, True, False]


def test_missing_file_and_unknown_market(files: Path) -> None:
    code, _, err = run("check", "nope.md", "good.md")
    assert code == 2 and "culturelint: error: nope.md: no such file or folder" in err
    code, _, err = run("check", "-m", "en-XX", "good.md")
    assert code == 2 and err.strip().startswith("culturelint: error: unknown market 'en-XX'")
    code, out, err = run("check", "-m", "es-ar", "good.md")
    assert code == 0 and "market 'es-AR' has no packs of its own" in out and "@latam" in out
    code, out, err = run("check", "-m", "es-ar", "-f", "json", "good.md")
    assert code == 0 and "market 'es-AR' has no packs of its own" in err
    (files / "fm.md").write_text("---\nmarket: jp-JP\n---\nhello\n", encoding="utf-8")
    code, _, err = run("check", "fm.md")
    assert code == 2 and "fm.md: unknown market 'jp-JP'; did you mean 'ja-JP'?" in err


def test_broken_pack_exits_2_without_traceback(files: Path) -> None:
    (files / "broken.yaml").write_text(
        "pack: t/x\nmarkets: [en-US]\nlanguage: en\ncategory: taboo\nrules:\n  - id: t.x.one\n    severty: warning\n",
        encoding="utf-8",
    )
    code, _, err = run("check", "-r", "broken.yaml", "good.md")
    assert code == 2 and "broken.yaml:7:5: at key 'rules[0].severty'" in err and "Traceback" not in err
    code, _, err = run("rules", "validate", "broken.yaml")
    assert code == 2 and "did you mean 'severity'" in err


def test_output_file_and_formats(files: Path) -> None:
    for fmt in ("text", "json", "html", "sarif", "github", "junit"):
        code, out, _ = run("check", "-f", fmt, "-o", f"report.{fmt}", "bad.md")
        assert code == 1 and out == ""
        assert (files / f"report.{fmt}").stat().st_size > 50


def test_select_and_ignore(files: Path) -> None:
    _, out, _ = run("check", "-f", "json", "--select", "ja-jp.number", "bad.md")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"ja-jp.number.four-formal-gift"}
    code, out, _ = run("check", "-f", "json", "--ignore", "number", "bad.md")
    assert code == 0 and not [f for f in json.loads(out)["findings"] if f["category"] == "number"]


def test_config_file(files: Path) -> None:
    (files / "copy" / "de").mkdir(parents=True)
    (files / "copy" / "de" / "post.txt").write_text("Entdecken Sie jetzt deinen Pulli.\n", encoding="utf-8")
    (files / "culturelint.yaml").write_text(
        "markets:\n  'copy/de/*': de-DE\nseverity:\n  de-de.register: error\nfail_on: warning\n", encoding="utf-8"
    )
    code, out, _ = run("check", "-f", "json", "copy")
    report = json.loads(out)
    assert code == 1 and report["files"][0]["markets"] == ["de-DE"]
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("de-de.register.du-sie-mix", "error")]
    (files / "culturelint.yaml").write_text("marktes: {}\n", encoding="utf-8")
    code, _, err = run("check", "copy")
    assert code == 2 and "culturelint.yaml:1:1: at key 'marktes': unknown key 'marktes'; did you mean 'markets'?" in err


def test_market_from_path_and_no_market(files: Path) -> None:
    (files / "post.en-GB.txt").write_text("Grab a fanny pack.\n", encoding="utf-8")
    (files / "post.txt").write_text("Grab a fanny pack.\n", encoding="utf-8")
    _, out, _ = run("check", "-f", "json", "post.en-GB.txt", "post.txt")
    report = json.loads(out)
    assert [f["markets"] for f in report["files"]] == [["en-GB"], []]
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("post.en-GB.txt", "en-gb.idiom.fanny") in rules
    assert ("post.txt", "culturelint.no-market") in rules


def test_inline_suppression_and_unused_directive(files: Path) -> None:
    (files / "s.md").write_text(
        "---\nmarket: en-GB\n---\n<!-- culturelint-disable-next-line en-gb.idiom.fanny -- product name -->\n"
        "The Fanny pack.\n\n<!-- culturelint-disable-next-line en-gb.idiom.pants-for-trousers -->\nNothing here.\n",
        encoding="utf-8",
    )
    _, out, _ = run("check", "-f", "json", "s.md")
    report = json.loads(out)
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("culturelint.unused-suppression", 7)]
    # the silenced finding is kept, with the directive that silenced it and its reason
    [hidden] = report["suppressed"]
    assert (hidden["rule"], hidden["line"]) == ("en-gb.idiom.fanny", 5)
    assert hidden["suppression"] == {
        "kind": "inline",
        "reason": "product name",
        "origin": "s.md:4",
        "by": None,
        "expires": None,
    }
    assert report["summary"]["suppressed"] == {"inline": 1, "baseline": 0, "waiver": 0}
    _, text, _ = run("check", "s.md")
    assert "1 hidden (1 inline)" in text


def test_disable_enable_block(files: Path) -> None:
    (files / "b.md").write_text(
        "---\nmarket: en-GB\n---\n<!-- culturelint-disable idiom -->\nfanny pack\n<!-- culturelint-enable idiom -->\n"
        "fanny pack\n",
        encoding="utf-8",
    )
    _, out, _ = run("check", "-f", "json", "b.md")
    assert [f["line"] for f in json.loads(out)["findings"]] == [7]


def test_baseline_hides_known_findings(files: Path) -> None:
    run("check", "-f", "json", "-o", "baseline.json", "bad.md")
    code, out, _ = run("check", "-f", "json", "--baseline", "baseline.json", "bad.md")
    report = json.loads(out)
    assert code == 0 and report["findings"] == []
    first = json.loads((files / "baseline.json").read_text(encoding="utf-8"))
    assert [f["fingerprint"] for f in report["suppressed"]] == [f["fingerprint"] for f in first["findings"]]
    assert {f["suppression"]["kind"] for f in report["suppressed"]} == {"baseline"}
    # a report written with the baseline in force serves as the next baseline: nothing is forgotten
    (files / "next.json").write_text(out, encoding="utf-8")
    code, out, _ = run("check", "-f", "json", "--baseline", "next.json", "bad.md")
    assert code == 0 and json.loads(out)["findings"] == []


def test_fix_rewrites_atomically_only_safe_replacements(files: Path) -> None:
    (files / "f.md").write_text("---\nmarket: en-GB\n---\nBold colors in a Fanny pack, from $20.\n", encoding="utf-8")
    code, _, err = run("check", "--fix", "f.md")
    assert "fixed 2 finding(s)" in err
    assert (files / "f.md").read_text(encoding="utf-8").endswith("Bold colours in a Bum bag, from $20.\n")
    assert code == 0  # the $ price stays for a person to decide; it is a warning
    assert not list(files.glob(".f.md.*"))


def test_never_modifies_files_without_fix(files: Path) -> None:
    before = (files / "warn.md").read_bytes()
    run("check", "warn.md")
    assert (files / "warn.md").read_bytes() == before


def test_rules_commands(files: Path) -> None:
    code, out, _ = run("rules", "list", "--format", "json", "--market", "de-DE", "--category", "register")
    assert code == 0 and [r["id"] for r in json.loads(out)["rules"]] == ["de-de.register.du-sie-mix"]
    code, out, _ = run("rules", "show", "ja-jp.number.four-formal-gift")
    assert code == 0 and "お歳暮に4品" in out and "sources:" in out
    code, _, err = run("rules", "show", "ja-jp.number.fuor-gift")
    assert code == 2 and "did you mean 'ja-jp.number.four-gift'" in err
    code, out, _ = run("rules", "test")
    assert code == 0 and out.strip().endswith("0 failed")
    code, out, _ = run("markets", "--format", "json")
    rows = {m["market"]: m for m in json.loads(out)["markets"]}
    assert rows["ja-JP"]["tokenizer"].startswith("SudachiPy") and rows["de-DE"]["rules"] >= 10


def test_rules_test_reports_failing_examples(files: Path) -> None:
    (files / "p.yaml").write_text(
        "pack: t/p\nmarkets: [en-US]\nlanguage: en\ncategory: taboo\nreferences: [https://e.org]\n"
        "rules:\n  - id: t.p.one\n    severity: info\n    message: m\n    rationale: r\n"
        "    match: {terms: [apple]}\n    examples: {bad: [pear], good: [apple]}\n",
        encoding="utf-8",
    )
    code, out, _ = run("rules", "test", "p.yaml")
    assert code == 1 and "0 passed, 2 failed" in out
    assert "t.p.one [en-US] bad example should fire but did not: 'pear'" in out


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "culturelint, version 0.2.0" in out
    assert run("check", "--format", "xml", "x")[0] == 2


def test_rule_reference_is_generated_and_current() -> None:
    from conftest import ROOT

    code, out, _ = run("rules", "docs")
    assert code == 0 and out.startswith("# culturelint rule reference")
    assert out == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), (
        "docs/rules.md is stale: run `culturelint rules docs -o docs/rules.md`"
    )


def test_brand_voice_from_config(files: Path) -> None:
    (files / "voice.md").write_text(
        "---\nmarket: de-DE\n---\nEntdecken Sie jetzt Ihren neuen Lieblingspulli.\n", encoding="utf-8"
    )
    _, out, _ = run("check", "-f", "json", "voice.md")
    assert [f for f in json.loads(out)["findings"] if f["category"] == "register"] == []
    (files / "culturelint.yaml").write_text("voice: {de-DE: du}\n", encoding="utf-8")
    _, out, _ = run("check", "-f", "json", "voice.md")
    register = [f for f in json.loads(out)["findings"] if f["category"] == "register"]
    assert [f["match"] for f in register] == ["Sie", "Ihren"]
    assert "this brand addresses this market with du" in register[0]["message"]


def test_checking_nothing_is_not_a_pass(tmp_path, monkeypatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "empty"])
    assert result.exit_code == 2
    assert "0 files checked" in result.output
    assert CliRunner().invoke(main, ["check", "--allow-empty", "empty"]).exit_code == 0


def test_a_selector_that_matches_no_rule_is_named(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.md").write_text("---\nmarket: en-GB\n---\nHello there.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "en-gb.clam", "--ignore", "idiom", "a.md"])
    assert "select selector 'en-gb.clam' matches no rule" in result.output
    assert "'idiom'" not in result.output  # a real category is not reported


@pytest.mark.parametrize(
    "text, found",
    [
        ("[tool.culturelint]\nfail_on = 'warning'\n", True),
        ("[tool.culturelint.markets]\n'*.md' = ['de-DE']\n", True),  # a sub-table counts
        ("# [tool.culturelint]\n[project]\nname = 'x'\n", False),  # a commented-out header does not
        ("[tool.ruff]\nline-length = 100  # culturelint later\n", False),
    ],
)
def test_pyproject_config_is_found_by_parsing_toml(tmp_path, text: str, found: bool) -> None:
    from culturelint.config import find_config

    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    (tmp_path / "copy").mkdir()
    assert (find_config(tmp_path / "copy") == tmp_path / "pyproject.toml") is found


def test_report_names_every_market_checked_and_the_rules_behind_its_findings(files: Path) -> None:
    _, out, _ = run("check", "-f", "json", "good.md", "bad.md", "warn.md")
    report = json.loads(out)
    runs = {r["market"]: r for r in report["markets"]}
    assert set(runs) == {"ja-JP", "en-GB"}
    assert runs["ja-JP"]["files"] == 2 and runs["en-GB"]["files"] == 1
    assert runs["ja-JP"]["rules"] > 20 and "ja-JP/number" in runs["ja-JP"]["packs"]
    assert "en-GB/idiom" in runs["en-GB"]["packs"] and "ja-JP/number" not in runs["en-GB"]["packs"]
    described = {r["id"]: r for r in report["rules"]}
    assert set(described) == {f["rule"] for f in report["findings"] if not f["rule"].startswith("culturelint.")}
    four = next(r for r in described.values() if r["id"].startswith("ja-jp.number."))
    assert four["rationale"] and four["references"] and four["source"].startswith("rules/ja-JP/")
    assert four["severity"] in ("error", "warning", "info") and "{match}" in four["message"]
