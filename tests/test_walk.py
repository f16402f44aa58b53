"""What a run checks: each file under the config nearest to it, copy decks found in a folder walk
by their shape or the config's globs, configuration skipped, --list-files saying why, and notices
that keep a run from passing by checking less than the user meant."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from culturelint.cli import main
from culturelint.config import ConfigFinder
from culturelint.discovery import CONFIG_LIKE, candidates, config_like

FOUR = "お歳暮に4品の詰め合わせを贈りませんか。"
FOUR_RULE = "ja-jp.number.four-formal-gift"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two sub-projects with configs of their own, and a folder with none."""
    write(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "shop-jp/culturelint.yaml": 'markets:\n  "copy/*": ja-JP\nexclude: ["copy/old-*"]\n',
            "shop-jp/copy/gift.md": FOUR + "\n",
            "shop-jp/copy/old-gift.md": FOUR + "\n",
            "shop-jp/copy/deck.json": json.dumps({"caption": FOUR}, ensure_ascii=False),
            "shop-de/pyproject.toml": '[tool.culturelint]\nignore = ["ja-jp.number"]\nrules = ["packs"]\n'
            '[tool.culturelint.markets]\n"copy/*" = "ja-JP"\n',
            "shop-de/packs/house.yaml": HOUSE_PACK,
            "shop-de/copy/gift.md": FOUR + " 奇跡の美容液。\n",
            "loose/gift.md": FOUR + "\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


HOUSE_PACK = """\
pack: house/claim
markets: [ja-JP]
language: ja
category: claim
rules:
  - id: house.claim.miracle
    severity: warning
    message: "“{match}”: the house style avoids miracle claims."
    rationale: House style.
    references: [https://example.org/house-style]
    match:
      terms: [奇跡]
    examples:
      bad: [奇跡の美容液。, 奇跡のクリーム。]
      good: [奇妙な話。, 軌跡を描く。]
"""


def findings(out: str) -> dict[str, set[str]]:
    data = json.loads(out)
    by_path: dict[str, set[str]] = {Path(f["path"]).as_posix(): set() for f in data["files"]}
    for f in data["findings"]:
        by_path[Path(f["path"]).as_posix()].add(f["rule"])
    return by_path


def test_each_file_uses_the_config_nearest_to_it(monorepo: Path) -> None:
    code, out, err = cli("check", ".", "--format", "json")
    assert code == 1, err
    found = findings(out)
    assert "shop-jp/copy/old-gift.md" not in found  # shop-jp's exclude, relative to shop-jp
    assert FOUR_RULE in found["shop-jp/copy/gift.md"]  # shop-jp's markets glob
    assert FOUR_RULE in found["shop-jp/copy/deck.json"]  # a structured file its markets glob names
    assert found["shop-de/copy/gift.md"] == {"house.claim.miracle"}  # shop-de's ignore and its own pack
    assert FOUR_RULE not in found["loose/gift.md"]  # no config: no market
    assert "culturelint.no-market" in found["loose/gift.md"]
    # the notice says a config exists nearby but none applies to loose/
    assert "no config applies to 1 checked file(s) (e.g. loose/gift.md)" in err
    assert "shop-jp/culturelint.yaml" in err and "shop-de/pyproject.toml" in err


def test_config_option_forces_one_config_for_every_file(monorepo: Path) -> None:
    code, out, err = cli("check", ".", "--format", "json", "--config", "shop-jp/culturelint.yaml")
    assert code == 1, err
    found = findings(out)
    assert FOUR_RULE in found["shop-de/copy/gift.md"]  # shop-de's ignore no longer applies
    assert "house.claim.miracle" not in found["shop-de/copy/gift.md"]
    assert "no config applies" not in err


def test_a_run_started_outside_the_repository_uses_its_configs_and_says_so(
    monorepo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, out, err = cli("check", str(monorepo / "shop-jp"), "--format", "json")
    assert code == 1 and FOUR_RULE in out
    assert f"the run started outside {monorepo}: its config {monorepo / 'shop-jp' / 'culturelint.yaml'}" in err


def test_config_lookups_are_cached_per_folder(monorepo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from culturelint import config as config_module

    looked: list[Path] = []
    real = config_module._config_in
    monkeypatch.setattr(config_module, "_config_in", lambda folder: looked.append(folder) or real(folder))
    finder = ConfigFinder()
    for name in ("a.md", "b.md", "c.md"):
        finder.for_file(monorepo / "shop-jp" / "copy" / name)
    finder.for_file(monorepo / "shop-jp" / "x.md")
    assert looked == [monorepo / "shop-jp" / "copy", monorepo / "shop-jp"]
    assert finder.for_file(monorepo / "shop-jp" / "copy" / "a.md") is finder.for_file(monorepo / "shop-jp" / "y.md")


DECKS = {
    "decks/nested.json": json.dumps(
        {"campaign": "x", "posts": [{"market": "ja-JP", "text": FOUR}]}, ensure_ascii=False
    ),
    "decks/markets.yaml": "- markets: [de-DE]\n  text: Hallo\n",
    "decks/rows.csv": "Locale;caption\nja-JP;" + FOUR + "\n",
    "decks/ui.po": 'msgid ""\nmsgstr ""\n"Language: ja\\n"\n\nmsgid "gift"\nmsgstr "' + FOUR + '"\n',
    "data/settings.json": '{"theme": "dark", "title": "Hallo"}',
    "data/people.csv": "name,role\nA,B\n",
    "data/template.pot": 'msgid ""\nmsgstr ""\n"Language: \\n"\n',
    "data/broken.json": '{"market": ',
    "data/notes.yaml": "title: Hallo\n",
    "package.json": '{"name": "site", "locale": "en"}',
    "site/mkdocs.yml": "site_name: x\n",
    ".github/workflows/ci.yml": "on: push\n",
    "docker-compose.override.yml": "services: {}\n",
    "tsconfig.base.json": "{}",
    "copy/post.md": "Hallo\n",
}


def test_list_files_says_what_is_checked_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, DECKS)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", "--list-files", ".")
    assert code == 0, err
    lines = dict(line.split("  ", 1) for line in out.splitlines())
    assert lines["copy/post.md"] == "(copy extension .md)"
    assert lines["decks/nested.json"] == "(deck shape: 'market' key)"
    assert lines["decks/markets.yaml"] == "(deck shape: 'markets' key)"
    assert lines["decks/rows.csv"] == "(deck shape: 'locale' column)"
    assert lines["decks/ui.po"] == "(deck shape: Language: ja header)"
    assert lines["data/settings.json"].startswith("(skipped: no deck shape (no market/locale key)")
    assert lines["data/people.csv"].startswith("(skipped: no deck shape (no market/locale column)")
    assert lines["data/template.pot"].startswith("(skipped: PO catalogue without a Language header")
    assert lines["data/broken.json"].startswith("(skipped: not valid JSON")
    for config in ("package.json", "site/mkdocs.yml", ".github/workflows/ci.yml", "docker-compose.override.yml"):
        assert lines[config].startswith("(skipped: configuration file by name"), config
    assert "tsconfig.base.json" in lines
    assert "5 file(s) to check, 10 skipped" in err
    # nothing to check: exit 2
    code, out, err = cli("check", "--list-files", "data")
    assert code == 2 and "0 file(s) to check" in err


def test_include_and_markets_globs_check_structured_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, DECKS)
    write(tmp_path, {"culturelint.yaml": 'include: ["data/*.json"]\nmarkets:\n  "data/notes.yaml": de-DE\n'})
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "--list-files", ".")
    lines = dict(line.split("  ", 1) for line in out.splitlines())
    assert lines["data/settings.json"] == "(include: data/*.json)"
    assert lines["data/notes.yaml"] == "(markets glob: data/notes.yaml)"
    assert lines["data/broken.json"] == "(include: data/*.json)"  # included: its error is reported
    code, _, err = cli("check", "data")
    assert code == 2 and "data/broken.json" in err and "invalid JSON" in err


def test_a_walk_checks_decks_and_a_folder_of_skipped_decks_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, DECKS)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", ".", "--format", "json")
    assert code == 1, err
    found = findings(out)
    assert FOUR_RULE in found["decks/nested.json"]
    assert "package.json" not in found and "data/settings.json" not in found
    notice = next(line for line in err.splitlines() if "folder data/" in line)
    assert "5 structured file(s) skipped, none checked" in notice
    assert "2 no deck shape (no market/locale key)" in notice and "1 not valid JSON" in notice
    assert "include:" in notice
    assert not any("folder site/" in line or ".github" in line for line in err.splitlines())  # config only


def test_include_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"culturelint.yaml": "include: 3\n", "a.md": "x\n"})
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("check", "a.md")
    assert code == 2
    assert re.search(r"culturelint\.yaml:1:\d+.*include.*expected a list of strings", err), err
    write(tmp_path, {"culturelint.yaml": "plugins: maybe\n"})
    code, _, err = cli("check", "a.md")
    assert code == 2 and "expected true or false" in err


def test_named_files_are_always_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, DECKS)
    monkeypatch.chdir(tmp_path)
    walked = {c.path: c for c in candidates(["data/settings.json", "-"], ConfigFinder())}
    assert walked["data/settings.json"].checked and walked["data/settings.json"].reason == "named on the command line"
    assert walked["-"].checked


def test_misspelt_front_matter_key_is_one_line_with_a_suggestion(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"post.md": "---\ntitle: x\nmarkt: ja-JP\n---\n" + FOUR + "\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "post.md")
    assert code == 0  # a warning: the market was not set, so the gift rule did not run
    lines = [line for line in out.splitlines() if "markt" in line]
    assert len(lines) == 1
    assert lines[0].startswith("post.md:3:1") and "warning" in lines[0]
    assert "did you mean 'market'?" in lines[0]


def test_the_hook_exclude_and_the_walk_skip_the_same_configuration() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    exclude = re.compile(hook["exclude"])
    files = re.compile(hook["files"])
    assert hook["verbose"] is True and "--allow-empty" in hook["entry"]
    samples = [
        ".github/workflows/ci.yml",
        "sub/.github/dependabot.yml",
        ".gitlab-ci.yml",
        "package.json",
        "web/package-lock.json",
        "composer.json",
        "renovate.json",
        "mkdocs.yml",
        "docs/mkdocs.yaml",
        "tsconfig.json",
        "tsconfig.app.json",
        ".eslintrc.json",
        ".eslintrc.yml",
        "docker-compose.yml",
        "docker-compose.prod.yaml",
        "compose.yaml",
        ".pre-commit-config.yaml",
        "culturelint.yaml",
        ".culturelint.yml",
        "_config.yml",
        "copy/deck.json",
        "copy/post.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "locales/de-DE.json",
        "campaign/package-copy.json",
        "my-compose.yml",
    ]
    for sample in samples:
        if not files.search(sample):
            continue
        walk_skips = sample.endswith((".json", ".yml", ".yaml")) and config_like(sample)
        assert bool(exclude.search(sample)) == walk_skips, sample
    assert config_like(".github/workflows/ci.yml") and not config_like("copy/deck.json")
    assert "package.json" in CONFIG_LIKE
