"""``--from-ref REF`` on a real git repository built in a temporary folder: only findings on lines
added or changed since the ref are reported (an edited line, a new or untracked file, the changed
lines of a renamed file); the others are counted in a notice; a folder outside git or an unknown
ref is one line and exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint.cli import main
from culturelint.gitdiff import parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = "---\nmarket: en-GB\n---\n"
A = HEAD + "Grab a fanny pack.\n\nA plain line.\n\nBold colors for autumn.\n"
B = HEAD + "Our fanny pack range.\n\nNothing else here.\n"


def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(repo),
    )
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "copy").mkdir(parents=True)
    (root / "copy" / "a.md").write_text(A, encoding="utf-8")
    (root / "copy" / "b.md").write_text(B, encoding="utf-8")
    (root / "copy" / "plain.md").write_text("No market here.\n\nJust words.\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(root))
    return root


def check(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["check", "-f", "json", "--fail-on", "warning", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}, result.stderr


def spots(report: dict) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["rule"]) for f in report["findings"])


def test_nothing_changed_reports_nothing(repo: Path) -> None:
    code, report, _err = check("--from-ref", "HEAD", "copy")
    assert code == 0 and report["findings"] == []
    assert any("not reported (--from-ref)" in n for n in report["notices"])
    _, everything, _ = check("copy")
    assert len(everything["findings"]) >= 4


def test_an_edited_line_an_untracked_file_and_a_rename(repo: Path) -> None:
    a = repo / "copy" / "a.md"
    a.write_text(A.replace("A plain line.", "A plain line, with a fanny pack."), encoding="utf-8")
    (repo / "copy" / "new.md").write_text(HEAD + "Fresh fanny pack copy.\n", encoding="utf-8")
    git(repo, "mv", "copy/b.md", "copy/renamed.md")  # unchanged content: nothing of it is new
    code, report, _ = check("--from-ref", "HEAD", "copy")
    assert code == 1
    assert spots(report) == [
        ("copy/a.md", 6, "en-gb.idiom.fanny"),
        ("copy/new.md", 4, "en-gb.idiom.fanny"),
    ]
    # the unchanged lines' findings (a.md:4 and :8, renamed.md:4, plain.md's no-market note) are counted
    [note] = [n for n in report["notices"] if "--from-ref" in n]
    assert note.startswith("4 finding(s) on lines unchanged since")


def test_a_staged_new_file_and_a_deleted_line(repo: Path) -> None:
    (repo / "copy" / "staged.md").write_text(HEAD + "Staged fanny pack.\n", encoding="utf-8")
    git(repo, "add", "copy/staged.md")
    (repo / "copy" / "a.md").write_text(A.replace("A plain line.\n\n", ""), encoding="utf-8")
    _, report, _ = check("--from-ref", "HEAD", "copy")
    assert spots(report) == [("copy/staged.md", 4, "en-gb.idiom.fanny")]


def test_a_renamed_and_edited_file_reports_its_changed_lines(repo: Path) -> None:
    git(repo, "mv", "copy/b.md", "copy/renamed.md")
    path = repo / "copy" / "renamed.md"
    path.write_text(B + "\nA second fanny pack line.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "rename and add a line")
    _, report, _ = check("--from-ref", "HEAD~1", "copy/renamed.md")
    assert spots(report) == [("copy/renamed.md", 8, "en-gb.idiom.fanny")]


def test_committed_changes_since_an_older_ref_count(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    (repo / "copy" / "a.md").write_text(A.replace("Bold colors for autumn.", "Bold colors for fall."), "utf-8")
    git(repo, "commit", "-q", "-am", "edit")
    git(repo, "tag", "v1")
    assert spots(check("--from-ref", "v1", "copy")[1]) == []
    assert spots(check("--from-ref", first, "copy")[1]) == [("copy/a.md", 8, "en-gb.idiom.us-spelling")]


def test_meta_findings_follow_their_line(repo: Path) -> None:
    plain = repo / "copy" / "plain.md"
    plain.write_text("No market here, edited.\n\nJust words.\n", encoding="utf-8")
    _, report, _ = check("--from-ref", "HEAD", "copy/plain.md")
    assert spots(report) == [("copy/plain.md", 1, "culturelint.no-market")]
    plain.write_text("No market here.\n\nJust other words.\n", encoding="utf-8")
    _, report, _ = check("--from-ref", "HEAD", "copy/plain.md")
    assert report["findings"] == []


def test_from_another_folder_and_an_absolute_path(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "copy" / "a.md").write_text(A + "\nOne more fanny pack.\n", encoding="utf-8")
    monkeypatch.chdir(repo / "copy")
    assert spots(check("--from-ref", "HEAD", "a.md")[1]) == [("a.md", 10, "en-gb.idiom.fanny")]
    absolute = str(repo / "copy" / "a.md")
    assert spots(check("--from-ref", "HEAD", absolute)[1]) == [(absolute, 10, "en-gb.idiom.fanny")]


def test_crlf_files_count_lines_as_git_does(repo: Path) -> None:
    (repo / "copy" / "crlf.md").write_bytes(A.replace("\n", "\r\n").encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "crlf")
    (repo / "copy" / "crlf.md").write_bytes(
        A.replace("A plain line.", "A fanny pack line.").replace("\n", "\r\n").encode()
    )
    assert spots(check("--from-ref", "HEAD", "copy/crlf.md")[1]) == [("copy/crlf.md", 6, "en-gb.idiom.fanny")]


def test_a_cr_only_file_is_wholly_new_once_changed(repo: Path) -> None:
    (repo / "copy" / "cr.md").write_bytes(A.replace("\n", "\r").encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "cr")
    assert spots(check("--from-ref", "HEAD", "copy/cr.md")[1]) == []
    (repo / "copy" / "cr.md").write_bytes(A.replace("A plain line.", "A plainer line.").replace("\n", "\r").encode())
    assert [line for _, line, _ in spots(check("--from-ref", "HEAD", "copy/cr.md")[1])] == [4, 8]


def test_outside_git_or_an_unknown_ref_is_one_line_exit_2(repo: Path, tmp_path: Path) -> None:
    code, _, err = check("--from-ref", "no-such-branch", "copy")
    assert code == 2 and err.count("\n") == 1 and "--from-ref no-such-branch: unknown git ref" in err
    code, _, err = check("--from-ref", "--output=x", "copy")
    assert code == 2 and err.count("\n") == 1
    outside = tmp_path / "loose"
    outside.mkdir()
    (outside / "x.md").write_text(A, encoding="utf-8")
    code, _, err = check("--from-ref", "HEAD", str(outside / "x.md"))
    assert code == 2 and err.count("\n") == 1 and "is not in a git repository" in err


def test_parse_diff_reads_quoted_names_and_header_like_lines() -> None:
    patch = (
        b"diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3,2 @@\n--- removed line\n+++ added\n+more\n"
        b"@@ -9,0 +11 @@\n+end\n"
        b'diff --git "a/t\\tb.md" "b/t\\tb.md"\nnew file mode 100644\n--- /dev/null\n+++ "b/t\\tb.md"\n@@ -0,0 +1 @@\n+x\n'
        b"diff --git a/old.md b/caf\xc3\xa9.md\nsimilarity index 100%\nrename from old.md\nrename to caf\xc3\xa9.md\n"
        b"diff --git a/gone.md b/gone.md\ndeleted file mode 100644\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        b"diff --git a/d.md b/d.md\n--- a/d.md\n+++ b/d.md\n@@ -4 +3,0 @@\n-gone\n"
    )
    assert parse_diff(patch) == {"x.md": {3, 4, 11}, "t\tb.md": None, "café.md": set(), "gone.md": None, "d.md": set()}
