"""``--fix`` changes the matched characters and no other byte (line endings, byte-order mark,
encoding, mode, symlinks, hard links), never overwrites an edit it did not see, serialises
concurrent runs, and reports each file it cannot write in one line while fixing the others;
``--diff`` shows the same change and writes nothing; ``-o`` writes only where it is safe to."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint import api, fix
from culturelint.cli import main
from culturelint.model import FileResult, Finding, Report, Severity

HEAD = "---\nmarket: en-GB\n---\n"
BODY = "Bold colors in a fanny pack.\nKeep this line.\n"
FIXED = "Bold colours in a bum bag.\nKeep this line.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fixed_text(text: str) -> str:
    return text.replace("colors", "colours").replace("fanny pack", "bum bag")


@pytest.mark.parametrize(
    "newline, bom",
    [("\n", b""), ("\r\n", b""), ("\r", b""), ("\r\n", b"\xef\xbb\xbf"), ("\n", b"\xef\xbb\xbf")],
    ids=["lf", "crlf", "cr", "crlf-bom", "lf-bom"],
)
def test_line_endings_and_bom_are_kept(here: Path, newline: str, bom: bytes) -> None:
    source = (HEAD + BODY).replace("\n", newline)
    (here / "a.md").write_bytes(bom + source.encode("utf-8"))
    code, _, err = run("check", "--fix", "a.md")
    assert "fixed 2 finding(s)" in err, err
    assert (here / "a.md").read_bytes() == bom + fixed_text(source).encode("utf-8")
    assert code == 0


def test_mixed_line_endings_and_a_missing_final_newline_are_kept(here: Path) -> None:
    source = b"---\r\nmarket: en-GB\n---\rTab\there, colors.\r\nfanny pack"
    (here / "a.md").write_bytes(source)
    run("check", "--fix", "a.md")
    assert (here / "a.md").read_bytes() == b"---\r\nmarket: en-GB\n---\rTab\there, colours.\r\nbum bag"


def test_a_match_across_a_crlf_line_break_is_fixed_in_place(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"A new fanny\r\npack for you.\r\nEnd.\r\n")
    outcome = fix.apply(_report_for(path, "A new fanny\npack for you.\nEnd.\n", "fanny\npack", "bum bag"))
    assert outcome.fixed == 1 and path.read_bytes() == b"A new bum bag for you.\r\nEnd.\r\n"


def _report_for(path: Path, text: str, match: str, replacement: str) -> Report:
    """A hand-made report for a file a reader decoded from another encoding (culturelint's own
    reader only reads UTF-8): one fixable finding on ``match``."""
    at = text.index(match)
    line = text[:at].count("\n") + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    end_line = text[: at + len(match)].count("\n") + 1
    end_column = at + len(match) - (text.rfind("\n", 0, at + len(match)) + 1) + 1
    finding = Finding(
        rule="t.idiom.x",
        pack="t/idiom",
        category="idiom",
        severity=Severity.INFO,
        market="fr-FR",
        path=str(path),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=match,
        message="m",
        rationale="",
        suggestions=(replacement,),
        references=(),
        fingerprint="f" * 20,
        fix=replacement,
    )
    return Report("0", (FileResult(str(path), ("fr-FR",), "fr", None, None, None, text),), (finding,))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32", "latin-1", "cp1252"])
def test_a_file_in_another_encoding_is_written_back_in_it(tmp_path: Path, encoding: str) -> None:
    text = "Café crème\r\nà la française — 5 €\r\n" if encoding == "cp1252" else "Café crème\r\nà la française\r\n"
    path = tmp_path / "a.md"
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    outcome = fix.apply(_report_for(path, text.replace("\r\n", "\n"), "crème", "creme"))
    assert outcome.problems == [] and outcome.fixed == 1
    new = text.replace("crème", "creme")
    expected = b"\xfe\xff" + new.encode("utf-16-be") if encoding == "utf-16-be-bom" else new.encode(encoding)
    assert path.read_bytes() == expected


def test_a_fix_the_encoding_cannot_hold_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("Prix: 5 EUR, café\n".encode("latin-1"))
    outcome = fix.apply(_report_for(path, "Prix: 5 EUR, café\n", "EUR", "€"))
    assert outcome.fixed == 0 and path.read_bytes() == "Prix: 5 EUR, café\n".encode("latin-1")
    [problem] = outcome.problems
    assert problem == f"{path}: a fix needs characters the file's encoding (latin-1) cannot hold; not fixed"


def test_mode_is_kept(here: Path) -> None:
    for name, mode in (("a.md", 0o640), ("b.md", 0o755), ("c.md", 0o604)):
        (here / name).write_text(HEAD + BODY, encoding="utf-8")
        os.chmod(here / name, mode)
    run("check", "--fix", "a.md", "b.md", "c.md")
    for name, mode in (("a.md", 0o640), ("b.md", 0o755), ("c.md", 0o604)):
        assert (here / name).read_text(encoding="utf-8") == HEAD + FIXED
        assert stat.S_IMODE((here / name).stat().st_mode) == mode
    assert not list(here.glob(".*.tmp"))


def test_a_symlink_stays_a_link_and_its_target_is_fixed(here: Path) -> None:
    (here / "real").mkdir()
    (here / "real" / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    (here / "link.md").symlink_to("real/a.md")
    code, _, err = run("check", "--fix", "link.md")
    assert code == 0 and "fixed 2" in err
    assert (here / "link.md").is_symlink() and os.readlink(here / "link.md") == "real/a.md"
    assert (here / "real" / "a.md").read_text(encoding="utf-8") == HEAD + FIXED


def test_a_hard_linked_file_is_refused_in_one_line_and_the_others_fixed(here: Path) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    os.link(here / "a.md", here / "twin.md")
    (here / "b.md").write_text(HEAD + BODY, encoding="utf-8")
    code, _, err = run("check", "--fix", "a.md", "b.md")
    assert code == 2
    [line] = [x for x in err.splitlines() if x.startswith("culturelint: error:")]
    assert line == (
        "culturelint: error: a.md: has 2 hard links, which an atomic rewrite would break; not fixed "
        "(fix it by hand, or copy it to break the link)"
    )
    assert os.stat(here / "a.md").st_ino == os.stat(here / "twin.md").st_ino
    assert (here / "twin.md").read_text(encoding="utf-8") == HEAD + BODY
    assert (here / "b.md").read_text(encoding="utf-8") == HEAD + FIXED


def test_an_edit_made_while_fixing_is_never_overwritten(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    (here / "b.md").write_text(HEAD + BODY, encoding="utf-8")
    real = tempfile.mkstemp

    def edit_meanwhile(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        if os.path.basename(name).startswith(".a.md."):
            with open(here / "a.md", "a", encoding="utf-8") as handle:
                handle.write("A person's edit.\n")
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", edit_meanwhile)
    code, _, err = run("check", "--fix", "a.md", "b.md")
    assert code == 2
    assert "culturelint: error: a.md: changed while it was being fixed; left as it is (run again)\n" in err
    assert (here / "a.md").read_text(encoding="utf-8") == HEAD + BODY + "A person's edit.\n"
    assert (here / "b.md").read_text(encoding="utf-8") == HEAD + FIXED
    assert not list(here.glob(".*.tmp"))


def test_a_file_changed_since_it_was_checked_is_checked_again(here: Path) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    report = api.check(api.CheckRequest(["a.md"]))
    (here / "a.md").write_text(HEAD + "# New heading, fanny pack\n\n" + BODY, encoding="utf-8")
    stale = fix.apply(report)  # no way to check again: refused
    assert stale.problems == ["a.md: changed since it was checked; not fixed (run again)"]
    outcome = fix.apply(report, lambda path: api.check(api.CheckRequest([path])))
    assert outcome.problems == [] and outcome.fixed == 3
    assert (here / "a.md").read_text(encoding="utf-8") == HEAD + "# New heading, bum bag\n\n" + FIXED


def test_two_runs_that_checked_the_same_file_both_land(here: Path) -> None:
    (here / "a.md").write_text(HEAD + "Bold colors: a fanny pack, and more colors.\n", encoding="utf-8")
    first = api.CheckRequest(["a.md"], select=("en-gb.idiom.us-spelling",))
    second = api.CheckRequest(["a.md"], select=("en-gb.idiom.fanny",))
    one, two = api.check(first), api.check(second)  # both read the file before either fixes it
    assert fix.apply(one, lambda p: api.check(api.CheckRequest([p], select=first.select))).fixed == 2
    outcome = fix.apply(two, lambda p: api.check(api.CheckRequest([p], select=second.select)))
    assert outcome.problems == [] and outcome.fixed == 1
    assert (here / "a.md").read_text(encoding="utf-8") == HEAD + "Bold colours: a bum bag, and more colours.\n"


def test_a_run_waits_for_the_lock_another_run_holds(here: Path) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    report = api.check(api.CheckRequest(["a.md"]))
    done: list[fix.Outcome] = []
    with fix.FileLocked("a.md"):
        worker = threading.Thread(target=lambda: done.append(fix.apply(report)))
        worker.start()
        time.sleep(0.5)
        assert not done and (here / "a.md").read_text(encoding="utf-8") == HEAD + BODY
    worker.join(30)
    assert done and done[0].fixed == 2
    assert (here / "a.md").read_text(encoding="utf-8") == HEAD + FIXED


def test_concurrent_processes_keep_each_others_fixes(here: Path) -> None:
    (here / "a.md").write_text(HEAD + "Bold colors: a fanny pack, and more colors.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "culturelint", "check", "--fix", "--select", rule, "a.md"],
            cwd=here,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for rule in ("en-gb.idiom.us-spelling", "en-gb.idiom.fanny")
    ]
    results = [(p.wait(180), p.stderr.read().decode() if p.stderr else "") for p in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert (here / "a.md").read_text(encoding="utf-8") == HEAD + "Bold colours: a bum bag, and more colours.\n"


def test_an_unwritable_folder_is_one_line_and_the_other_files_are_fixed(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "locked").mkdir()
    (here / "locked" / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    (here / "b.md").write_text(HEAD + BODY, encoding="utf-8")
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse the way a read-only one does
        real = tempfile.mkstemp

        def refuse(*args: object, dir: str | None = None, **kwargs: object) -> tuple[int, str]:
            if dir and os.path.basename(dir) == "locked":
                raise PermissionError(13, "Permission denied")
            return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        os.chmod(here / "locked", 0o555)
    try:
        code, _, err = run("check", "--fix", "locked/a.md", "b.md")
    finally:
        os.chmod(here / "locked", 0o755)
    assert code == 2
    errors = [x for x in err.splitlines() if x.startswith("culturelint: error:")]
    assert errors == ["culturelint: error: locked/a.md: cannot write the fixed file: Permission denied"]
    assert (here / "locked" / "a.md").read_text(encoding="utf-8") == HEAD + BODY
    assert (here / "b.md").read_text(encoding="utf-8") == HEAD + FIXED


KILLER = """
import sys
from culturelint import fix
path, first, second = sys.argv[1], sys.argv[2].encode() * 200000, sys.argv[3].encode() * 200000
old = first
while True:
    new = second if old == first else first
    data, before = fix._read(path, path)
    fix._replace(path, path, new, data, before)
    old = new
"""


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    first, second = "fanny pack. ", "bum bag!!!! "
    path.write_bytes(first.encode() * 200000)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    rng = random.Random(7)
    for _ in range(12):
        process = subprocess.Popen([sys.executable, "-c", KILLER, str(path), first, second], env=env)
        time.sleep(0.4 + rng.random() * 0.3)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert path.read_bytes() in (first.encode() * 200000, second.encode() * 200000)
    for leftover in tmp_path.glob(".a.md.*.tmp"):  # a killed run may leave its temporary file, never a half file
        leftover.unlink()


def test_diff_shows_the_fix_and_writes_nothing(here: Path) -> None:
    source = (HEAD + BODY).replace("\n", "\r\n").encode()
    (here / "a.md").write_bytes(source)
    (here / "clean.md").write_text(HEAD + "Nothing to fix.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--diff", "a.md", "clean.md"])
    assert result.exit_code == 1 and (here / "a.md").read_bytes() == source
    assert result.stdout_bytes == (  # click's .stdout would turn CRLF into LF
        b"--- a.md\n+++ a.md\n@@ -1,5 +1,5 @@\n ---\r\n market: en-GB\r\n ---\r\n"
        b"-Bold colors in a fanny pack.\r\n+Bold colours in a bum bag.\r\n Keep this line.\r\n"
    )
    assert "would fix 2 finding(s) in 1 file(s)" in result.stderr
    code, out, _ = run("check", "--diff", "clean.md")
    assert (code, out) == (0, "")
    (here / "end.md").write_text(HEAD + "A fanny pack", encoding="utf-8")
    code, out, _ = run("check", "--diff", "--fix", "end.md")  # --diff wins: nothing is written
    assert code == 1 and out.endswith(
        "-A fanny pack\n\\ No newline at end of file\n+A bum bag\n\\ No newline at end of file\n"
    )
    assert (here / "end.md").read_text(encoding="utf-8") == HEAD + "A fanny pack"


def test_output_goes_only_to_a_regular_file_or_a_new_path(here: Path) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    os.mkfifo(here / "fifo")
    (here / "folder").mkdir()
    (here / "target.json").write_text("keep", encoding="utf-8")
    (here / "link.json").symlink_to("target.json")
    for name, kind in (
        ("fifo", "a FIFO"),
        ("folder", "a folder"),
        ("link.json", "a symlink"),
        ("/dev/null", "a device"),
    ):
        code, out, err = run("check", "-f", "json", "-o", name, "a.md")
        assert code == 2 and out == "", name
        assert err.startswith(f"culturelint: error: {name}: is {kind}") and err.count("\n") == 1, err
    assert stat.S_ISFIFO(os.lstat(here / "fifo").st_mode) and (here / "link.json").is_symlink()
    assert (here / "target.json").read_text(encoding="utf-8") == "keep"


def test_output_gets_the_umask_mode_or_keeps_the_file_mode(here: Path) -> None:
    (here / "a.md").write_text(HEAD + BODY, encoding="utf-8")
    old = os.umask(0o027)
    try:
        run("check", "-f", "json", "-o", "new.json", "a.md")
        assert stat.S_IMODE((here / "new.json").stat().st_mode) == 0o640
        os.umask(0o022)
        run("check", "-f", "json", "-o", "other.json", "a.md")
        assert stat.S_IMODE((here / "other.json").stat().st_mode) == 0o644
    finally:
        os.umask(old)
    os.chmod(here / "new.json", 0o664)
    (here / "new.json").write_text("old", encoding="utf-8")
    run("check", "-f", "json", "-o", "new.json", "a.md")
    assert stat.S_IMODE((here / "new.json").stat().st_mode) == 0o664
    assert (here / "new.json").read_text(encoding="utf-8").startswith("{")
