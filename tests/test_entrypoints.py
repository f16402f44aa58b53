"""Third-party packs installed as Python packages: a tiny example package, built and installed
with pip into a folder of its own, is found through the ``culturelint.packs`` entry-point group.
Its rules are listed, run in ``check`` like built-in ones, and can be turned off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "culturelint-acme"
version = "0.1.0"

[project.entry-points."culturelint.packs"]
acme = "culturelint_acme.packs"
acme-seasonal = "culturelint_acme:seasonal_packs"

[tool.hatch.build.targets.wheel]
packages = ["culturelint_acme"]
"""

INIT = """\
from pathlib import Path


def seasonal_packs():
    return Path(__file__).parent / "seasonal"
"""

CLAIM_PACK = """\
pack: acme/claim
markets: [en-GB]
language: en
category: claim
rules:
  - id: acme.claim.miracle-cure
    severity: error
    message: "“{match}” promises a cure: health claims need authorisation (acme house rule)."
    rationale: The brand's legal team treats cure claims as never acceptable in UK copy.
    references: [https://www.asa.org.uk/type/non_broadcast/code_section/12.html]
    match:
      terms: [miracle cure, miracle cures]
    examples:
      bad:
        - This serum is a miracle cure for dry skin.
        - Three miracle cures in one bottle.
      good:
        - Good sleep is no cure-all, but it helps your skin.
        - The miracle of a long weekend is that it ends too soon.
"""

SEASONAL_PACK = """\
pack: acme/holiday
markets: [en-GB]
language: en
category: holiday
rules:
  - id: acme.holiday.black-friday-week
    severity: warning
    message: "“{match}”: the acme brand does not run Black Friday promotions."
    rationale: House policy since 2024.
    references: [https://example.org/acme/policy]
    match:
      terms: [Black Friday]
    examples:
      bad:
        - Black Friday deals start now!
        - Our black friday sale is live.
      good:
        - We are closed on Friday.
        - Friday deals in black and white.
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example package, built and installed with pip into a target folder."""
    source = tmp_path_factory.mktemp("acme-src")
    files = {
        "pyproject.toml": PYPROJECT,
        "culturelint_acme/__init__.py": INIT,
        "culturelint_acme/packs/__init__.py": "",
        "culturelint_acme/packs/acme/claim.yaml": CLAIM_PACK,
        "culturelint_acme/seasonal/holiday.yaml": SEASONAL_PACK,
    }
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    target = tmp_path_factory.mktemp("site-packages")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "culturelint_acme-0.1.0.dist-info" / "entry_points.txt").is_file()
    return target


def run(target: Path, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh interpreter that has the installed package on its path."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)]), **env}
    if "CULTURELINT_NO_PLUGINS" not in env:
        environment.pop("CULTURELINT_NO_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "culturelint", *args], capture_output=True, text=True, env=environment, cwd=cwd
    )


@pytest.fixture()
def on_path(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The installed package importable in this process (entry points are read from sys.path)."""
    monkeypatch.syspath_prepend(str(installed))
    monkeypatch.delenv("CULTURELINT_NO_PLUGINS", raising=False)
    return installed


def test_installed_packs_are_listed_and_their_examples_pass(installed: Path) -> None:
    listed = run(installed, "rules", "list", "--market", "en-GB")
    assert listed.returncode == 0, listed.stderr
    assert "acme.claim.miracle-cure" in listed.stdout  # a module's folder
    assert "acme.holiday.black-friday-week" in listed.stdout  # a function returning a folder
    examples = run(installed, "rules", "test", str(installed / "culturelint_acme"))
    assert examples.returncode == 0 and "8 passed, 0 failed" in examples.stdout, examples.stdout + examples.stderr


def test_installed_rules_fire_in_check_and_can_be_turned_off(on_path: Path, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from culturelint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text("---\nmarket: en-GB\n---\nOur night cream is a miracle cure.\n", encoding="utf-8")
    markets = CliRunner().invoke(main, ["markets", "--format", "json"])
    assert markets.exit_code == 0 and '"acme/claim"' in markets.output
    found = CliRunner().invoke(main, ["check", "post.md"])
    assert found.exit_code == 1 and "acme.claim.miracle-cure" in found.output, found.output
    monkeypatch.setenv("CULTURELINT_NO_PLUGINS", "1")
    off = CliRunner().invoke(main, ["check", "post.md"])
    assert off.exit_code == 0 and "acme." not in off.output, off.output
    listed = CliRunner().invoke(main, ["rules", "list"])
    assert "acme." not in listed.output
    monkeypatch.delenv("CULTURELINT_NO_PLUGINS")
    (tmp_path / "culturelint.yaml").write_text("plugins: false\n", encoding="utf-8")
    config_off = CliRunner().invoke(main, ["check", "post.md"])
    assert config_off.exit_code == 0 and "acme." not in config_off.output, config_off.output


def test_the_public_api_runs_installed_packs(on_path: Path) -> None:
    import culturelint

    report = culturelint.check_text("Two miracle cures for winter skin.", market="en-GB")
    assert [f.rule for f in report.findings] == ["acme.claim.miracle-cure"]


def test_a_broken_plugin_is_one_clear_line(tmp_path: Path) -> None:
    dist = tmp_path / "broken-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[culturelint.packs]\nbroken = no_such_module_here\n", encoding="utf-8")
    failed = run(tmp_path, "rules", "list")
    assert failed.returncode == 2, failed.stderr
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "rule-pack plugin 'broken'" in lines[0] and "CULTURELINT_NO_PLUGINS" in lines[0]


def test_plugin_folder_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module, a function and a path string each name a folder; anything else is an error."""
    from culturelint.errors import PackError
    from culturelint.packs import loader

    folder = tmp_path / "packs"
    folder.mkdir()

    class Point:
        def __init__(self, name: str, target: object) -> None:
            self.name, self.value, self.target = name, f"x:{name}", target

        def load(self) -> object:
            return self.target

    module = type(sys)("fake")
    module.__file__ = str(folder / "__init__.py")
    points = [Point("a", module), Point("b", lambda: folder), Point("c", str(folder))]
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: points)
    monkeypatch.delenv("CULTURELINT_NO_PLUGINS", raising=False)
    assert loader.plugin_folders() == [("a", folder), ("b", folder), ("c", folder)]
    points.append(Point("d", 42))
    with pytest.raises(PackError, match="names no folder of packs"):
        loader.plugin_folders()
    monkeypatch.setenv("CULTURELINT_NO_PLUGINS", "1")
    assert loader.plugin_folders() == []
