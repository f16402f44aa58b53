"""The public API, used only through ``import culturelint``: what docs/api.md promises."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

import culturelint

FOUR = "お歳暮に4品の詰め合わせを贈りませんか。"


def test_every_public_name_exists_and_is_documented() -> None:
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in culturelint.__all__:
        assert getattr(culturelint, name) is not None, name
        assert f"`{name}" in doc, f"docs/api.md does not describe {name}"
    assert sorted(culturelint.__all__) == sorted(set(culturelint.__all__))
    with pytest.raises(AttributeError):
        culturelint.no_such_name  # noqa: B018


def test_import_stays_light() -> None:
    code = "import sys, culturelint; print('culturelint.engine' in sys.modules, 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_check_text_returns_a_report() -> None:
    report = culturelint.check_text(FOUR, market="ja-JP", date=dt.date(2026, 11, 23))
    assert isinstance(report, culturelint.Report)
    assert [f.rule for f in report.findings] == ["ja-jp.number.four-formal-gift"]
    finding = report.findings[0]
    assert isinstance(finding, culturelint.Finding)
    assert finding.severity is culturelint.Severity.ERROR and finding.markets == ("ja-JP",)
    assert FOUR[finding.column - 1 : finding.end_column - 1] == "4"
    assert culturelint.exit_code(report) == 1
    assert isinstance(report.files[0], culturelint.FileResult) and report.files[0].markets == ("ja-JP",)


def test_check_text_options() -> None:
    assert culturelint.check_text(FOUR, market="ja-JP", ignore=["number"]).findings == ()
    clean = culturelint.check_text(FOUR, market="ja-JP", select=["ja-jp.number"], fail_on="never")
    assert clean.findings and culturelint.exit_code(clean) == 0
    front = culturelint.check_text("---\nmarket: ja-JP\n---\n" + FOUR)
    assert [f.rule for f in front.findings] == ["ja-jp.number.four-formal-gift"]
    config = culturelint.Config(severity={"ja-jp.number": culturelint.Severity.INFO})
    softened = culturelint.check_text(FOUR, market="ja-JP", config=config)
    assert softened.findings[0].severity is culturelint.Severity.INFO
    with pytest.raises(culturelint.UserError, match="unknown market"):
        culturelint.check_text(FOUR, market="xx-not-a-market")
    with pytest.raises(culturelint.UserError, match="fail_on"):
        culturelint.check_text(FOUR, market="ja-JP", fail_on="sometimes")


def test_check_paths_finds_configs_like_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "jp").mkdir()
    (tmp_path / "jp" / "culturelint.yaml").write_text('markets:\n  "*.md": ja-JP\n', encoding="utf-8")
    (tmp_path / "jp" / "gift.md").write_text(FOUR + "\n", encoding="utf-8")
    (tmp_path / "missing.md").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = culturelint.check_paths("jp")
    assert [f.rule for f in report.findings] == ["ja-jp.number.four-formal-gift"]
    unconfigured = culturelint.check_paths(["jp"], config=None)  # no config, no market
    assert "culturelint.no-market" in {f.rule for f in unconfigured.findings}
    assert "ja-jp.number.four-formal-gift" not in {f.rule for f in unconfigured.findings}
    forced = culturelint.check_paths([tmp_path / "jp" / "gift.md"], config=tmp_path / "jp" / "culturelint.yaml")
    assert len(forced.findings) == 1
    unreadable = culturelint.check_paths(["nope.md"])
    assert unreadable.files[0].error and culturelint.exit_code(unreadable) == 2
    empty = culturelint.check_paths([], config=None)
    assert culturelint.exit_code(empty) == 2 and culturelint.exit_code(empty, allow_empty=True) == 0


def test_format_report_and_the_lower_level_request() -> None:
    report = culturelint.check(culturelint.CheckRequest(["-"], ("ja-JP",), stdin_text=FOUR))
    data = json.loads(culturelint.format_report(report, "json"))
    assert data["findings"][0]["rule"] == "ja-jp.number.four-formal-gift"
    sarif = json.loads(culturelint.format_report(report, "sarif"))
    assert sarif["version"] == "2.1.0"
    assert "ja-jp.number.four-formal-gift" in culturelint.format_report(report)
    with pytest.raises(culturelint.UserError, match="unknown format"):
        culturelint.format_report(report, "pdf")  # type: ignore[arg-type]


def test_find_and_load_config(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".culturelint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    path = culturelint.find_config(tmp_path / "sub")
    assert path == tmp_path / ".culturelint.yaml"
    assert culturelint.load_config(path).fail_on == "warning"


def test_version_matches_the_package_metadata() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "(.+)"$', text, re.MULTILINE).group(1) == culturelint.__version__ == "0.2.0"
    assert (ROOT / "culturelint" / "py.typed").is_file()


@pytest.mark.slow
def test_the_wheel_ships_py_typed(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True, timeout=900)
    wheel = next(tmp_path.glob("culturelint-0.2.0-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "culturelint/py.typed" in names and "culturelint/rules/markets.yaml" in names
