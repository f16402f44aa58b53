"""The pre-commit hook, end to end: `pre-commit try-repo` against this checkout in a throw-away repo.

This installs culturelint into pre-commit's own environment, so it takes a minute or two."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BAD = "---\nmarket: ja-JP\n---\nお歳暮に4品の詰め合わせを贈りませんか。\n"
GOOD = "---\nmarket: ja-JP\n---\n新作リップが本日発売。やさしい色味です。\n"
WARNING_ONLY = "---\nmarket: en-GB\n---\nThe nation's favourite shampoo, now in a bigger bottle.\n"
WORKFLOW = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo 4\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A committed snapshot of this checkout (try-repo needs a git repo) and a pre-commit home."""
    snapshot = tmp_path_factory.mktemp("snapshot") / "culturelint"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis", "build", "dist"
    )
    shutil.copytree(ROOT, snapshot, ignore=ignore)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "snapshot")):
        subprocess.run(["git", *args], cwd=snapshot, check=True, capture_output=True, env=env)
    return snapshot, env


def try_repo(
    hook_repo: tuple[Path, dict[str, str]], work: Path, name: str, text: str
) -> subprocess.CompletedProcess[str]:
    snapshot, env = hook_repo
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    (work / name).parent.mkdir(parents=True, exist_ok=True)
    (work / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", name], cwd=work, check=True, env=env)
    command = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(snapshot),
        "culturelint",
        "--files",
        name,
        "--color",
        "never",
    ]
    return subprocess.run(command, cwd=work, capture_output=True, text=True, env=env, timeout=900)


@pytest.mark.slow
def test_hook_fails_on_a_bad_draft_and_passes_a_good_one(hook_repo, tmp_path: Path) -> None:
    bad = try_repo(hook_repo, tmp_path / "bad", "draft.md", BAD)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "ja-jp.number.four-formal-gift" in bad.stdout and "Failed" in bad.stdout
    good = try_repo(hook_repo, tmp_path / "good", "draft.md", GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


@pytest.mark.slow
def test_hook_passes_a_warning_only_draft_and_still_shows_the_warning(hook_repo, tmp_path: Path) -> None:
    """pre-commit hides a passing hook's output unless the hook is verbose: the copywriter must see
    warnings even though they do not fail the commit."""
    warned = try_repo(hook_repo, tmp_path / "warn", "post.md", WARNING_ONLY)
    assert warned.returncode == 0, warned.stdout + warned.stderr
    assert "Passed" in warned.stdout
    assert "en-gb.claim.unsubstantiated-superlative" in warned.stdout, warned.stdout
    assert "1 warning" in warned.stdout


@pytest.mark.slow
def test_hook_skips_ci_workflows(hook_repo, tmp_path: Path) -> None:
    skipped = try_repo(hook_repo, tmp_path / "ci", ".github/workflows/ci.yml", WORKFLOW)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "(no files to check)Skipped" in skipped.stdout.replace(".", ""), skipped.stdout
