"""The conventions users of ruff, Vale or semgrep type without looking (issue 12 item 7), and the
text report's terminal safety (issue 14 item 6): each through the real command line."""

from __future__ import annotations

import json
import os
import pty
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import culturelint
from culturelint import cliutil, completion, suggest
from culturelint.cli import check, main
from culturelint.formatters.text import escape, format_text
from culturelint.model import FileResult, Finding, Report, Severity
from culturelint.packs.loader import MARKETS_FILE, builtin_rules_dir, load_packset
from culturelint.packs.markets import MarketTable

ROOT = Path(__file__).resolve().parent.parent
WARN = "---\nmarket: en-GB\n---\nThe fanny pack is back for summer festivals.\n"
BAD = "---\nmarket: ja-JP\nsponsored: false\n---\n# 冬の贈り物\n\nお歳暮に4品の詰め合わせを贈りませんか。\n"
TWICE = (
    "---\nmarket: en-GB\n---\nThe fanny pack is back. Another fanny pack for the road.\n\n"
    "Our Fourth of July sale starts now.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "CULTURELINT_PROGRESS_AFTER"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "warn.md").write_text(WARN, encoding="utf-8")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "twice.md").write_text(TWICE, encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CULTURELINT_PROGRESS_AFTER")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


# 1. --quiet, --statistics, --exit-zero


def test_quiet_prints_findings_only(files: Path) -> None:
    code, out, _ = run("check", "-m", "en-GB", "warn.md")
    assert "1 findings (0 error, 1 warning, 0 info)" in out
    code, out, err = run("check", "-q", "-m", "es-AR", "warn.md")
    assert code == 0 and out == "" and err == ""  # no finding, no note about es-AR's packs, no summary
    code, out, err = run("check", "--quiet", "warn.md")
    assert code == 0 and "en-gb.idiom.fanny" in out and "^^^^" in out
    assert "findings (" not in out and "note:" not in out
    code, out, err = run("check", "-q", "-m", "es-AR", "-f", "json", "warn.md")
    assert "note" not in err and json.loads(out)["findings"] == []  # machine formats keep their content


def test_statistics_counts_per_rule_most_frequent_first(files: Path) -> None:
    code, out, _ = run("check", "--statistics", "twice.md", "warn.md")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2, out
    assert re.fullmatch(r"3  en-gb\.idiom\.fanny\s+warning  \[\*\]", lines[0])
    assert re.fullmatch(r"1  en-gb\.holiday\.us-holiday\s+warning  \[ \]", lines[1])
    assert "  ^" not in out and "findings (" not in out  # statistics replace the report
    code, out, _ = run("check", "--statistics", "-f", "json", "twice.md", "warn.md")
    assert json.loads(out) == [
        {"rule": "en-gb.idiom.fanny", "count": 3, "severity": "warning", "fixable": True},
        {"rule": "en-gb.holiday.us-holiday", "count": 1, "severity": "warning", "fixable": False},
    ]
    assert run("check", "--statistics", "--fail-on", "warning", "twice.md")[0] == 1  # the gate still applies
    code, _, err = run("check", "--statistics", "-f", "sarif", "twice.md")
    assert code == 2 and "--statistics prints text or json, not sarif" in err


def test_exit_zero_passes_findings_but_not_bad_input(files: Path) -> None:
    assert run("check", "bad.md")[0] == 1
    code, out, _ = run("check", "--exit-zero", "bad.md")
    assert code == 0 and "ja-jp." in out  # findings still reported
    assert run("check", "--exit-zero", "--fail-on", "info", "warn.md")[0] == 0
    assert run("check", "--exit-zero", "missing.md")[0] == 2
    assert run("check", "--exit-zero", "-m", "en-UK", "warn.md")[0] == 2


# 2. --color auto|always|never, NO_COLOR, FORCE_COLOR


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_choice_rules() -> None:
    use = cliutil.use_colour
    assert use("auto", _Tty(True), {}) and not use("auto", _Tty(False), {})  # type: ignore[arg-type]
    assert not use("auto", _Tty(True), {"NO_COLOR": "1"})  # type: ignore[arg-type]
    assert use("auto", _Tty(True), {"NO_COLOR": ""})  # type: ignore[arg-type]  (empty means unset)
    assert use("auto", _Tty(False), {"FORCE_COLOR": "1"})  # type: ignore[arg-type]
    assert not use("auto", _Tty(True), {"FORCE_COLOR": "0"})  # type: ignore[arg-type]
    assert not use("auto", _Tty(False), {"FORCE_COLOR": "1", "NO_COLOR": "1"})  # type: ignore[arg-type]
    assert use("always", _Tty(False), {"NO_COLOR": "1"})  # type: ignore[arg-type]
    assert not use("never", _Tty(True), {"FORCE_COLOR": "1"})  # type: ignore[arg-type]


def test_colour_options_end_to_end(files: Path) -> None:
    coloured = lambda *a, **kw: bool(ANSI.search(run("check", "warn.md", *a, **kw)[1]))
    assert not coloured()  # auto, and CliRunner's stdout is not a terminal
    assert coloured("--color", "always") and coloured("--color=always")
    assert coloured("--color")  # the former flag spelling still means "always"
    assert not coloured("--color", "never")
    assert not coloured("--no-color", env={"FORCE_COLOR": "1"})  # the former --no-color, hidden alias of never
    assert coloured(env={"FORCE_COLOR": "1"})
    assert not coloured(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert coloured("--color", "always", env={"NO_COLOR": "1"})  # an explicit choice beats the environment
    code, _, err = run("check", "--color", "sometimes", "warn.md")
    assert code == 2 and "'sometimes' is not one of" in err
    run("check", "-o", "out.txt", "warn.md", env={"FORCE_COLOR": "1"})  # auto never colours a report file
    assert not ANSI.search((files / "out.txt").read_text(encoding="utf-8"))
    assert "--no-color" not in run("check", "--help")[1]


# 3. --stdin-filename


def test_stdin_filename_reads_as_that_path(files: Path) -> None:
    copy = "The fanny pack is back for summer festivals.\n"
    code, out, _ = run("check", "-", stdin=copy)
    assert "<stdin>:1:1" in out and "en-gb.idiom.fanny" not in out  # plain stdin has no market
    code, out, _ = run("check", "--stdin-filename", "content/en-GB/post.md", "-", stdin=copy)
    assert "content/en-GB/post.md:1:5  warning  en-gb.idiom.fanny  [en-GB]" in out  # market from the path
    (files / "culturelint.yaml").write_text("markets:\n  'ads/uk/*': [en-GB]\n", encoding="utf-8")
    code, out, _ = run("check", "--stdin-filename", "ads/uk/summer.md", "-", stdin=copy)
    assert "ads/uk/summer.md:1:5" in out and "[en-GB]" in out  # market from the config's glob
    # the reader by extension: a JSON deck's copy is read, its keys are not
    deck = json.dumps({"market": "en-GB", "posts": [{"caption": "The fanny pack is back"}]})
    code, out, _ = run("check", "--stdin-filename", "deck.json", "-f", "json", "-", stdin=deck)
    findings = json.loads(out)["findings"]
    assert [(f["path"], f["rule"]) for f in findings] == [("deck.json", "en-gb.idiom.fanny")]
    code, out, _ = run("check", "--stdin-filename", "deck.md", "-f", "json", "-", stdin=deck)
    assert "en-gb.idiom.fanny" not in {f["rule"] for f in json.loads(out)["findings"]}  # as Markdown: no market
    code, _, err = run("check", "--stdin-filename", "x.md", "warn.md")
    assert code == 2 and "pass '-' as the path" in err
    code, _, err = run("check", "--fix", "--stdin-filename", "warn.md", "-", stdin=copy)
    assert code == 2 and "without --fix" in err
    assert (files / "warn.md").read_text(encoding="utf-8") == WARN  # never written through the name


# 4. --watch


def _reader(stream: object, into: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.put(line)


def _wait_for(lines: queue.Queue[str], pattern: str, seen: list[str], timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} in {''.join(seen)!r}")


def test_watch_checks_again_after_an_edit_and_exits_0_on_ctrl_c(files: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "culturelint", "check", "--watch", "--color", "never", "warn.md"],
        cwd=files,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
    )
    out: queue.Queue[str] = queue.Queue()
    err: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, out), daemon=True).start()
    threading.Thread(target=_reader, args=(proc.stderr, err), daemon=True).start()
    seen: list[str] = []
    try:
        assert "1 findings" in _wait_for(out, r"findings \(", seen)
        _wait_for(err, r"watching 1 path", seen)
        time.sleep(0.5)
        (files / "warn.md").write_text(WARN + "\nOur Fourth of July sale starts now.\n", encoding="utf-8")
        assert "2 findings (0 error, 2 warning" in _wait_for(out, r"findings \(", seen)
        assert any("en-gb.holiday.us-holiday" in line for line in seen)
        _wait_for(err, r"changed: warn\.md; checking again", seen)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_watch_refuses_stdin_and_missing_paths(files: Path) -> None:
    code, _, err = run("check", "--watch", "-", stdin="x")
    assert code == 2 and "cannot watch stdin" in err
    code, _, err = run("check", "--watch", "nowhere.md")
    assert code == 2 and "nowhere.md" in err


# 5. explain RULE


def test_explain_is_rules_show_and_takes_former_ids(files: Path) -> None:
    code, explained, _ = run("explain", "en-gb.idiom.fanny")
    assert code == 0 and explained == run("rules", "show", "en-gb.idiom.fanny")[1]
    assert explained.startswith("en-gb.idiom.fanny  (warning, idiom") and "bad:" in explained
    packset = load_packset()
    former, rule = next(iter(packset.aliases.items()))
    code, out, _ = run("explain", former)
    assert code == 0 and out.startswith(f"{rule.id}  (")
    assert run("rules", "show", former)[1] == out
    code, _, err = run("explain", "en-gb.idiom.fany")
    assert code == 2 and "did you mean 'en-gb.idiom.fanny'?" in err


# 6. --version


def test_version_lists_every_component(files: Path) -> None:
    code, out, _ = run("--version")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"culturelint, version {culturelint.__version__}"
    assert lines[1].startswith("Python 3.") and re.fullmatch(r"spaCy 3\.\d+\.\d+.*", lines[2])
    count, digest = cliutil.pack_fingerprint(builtin_rules_dir())
    assert lines[3] == f"packs {count} files, {len(load_packset().rules)} rules, sha256 {digest}" and count > 100
    for name in cliutil.TOKENIZERS:
        assert any(re.fullmatch(rf"{re.escape(name)} (\d[\w.]*|not installed)", line) for line in lines), name
    assert run("-V")[1] == out


def test_pack_hash_follows_content(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir() / "en-GB", rules / "en-GB")
    shutil.copy(builtin_rules_dir() / MARKETS_FILE, rules / MARKETS_FILE)
    before = cliutil.pack_fingerprint(rules)
    pack = next((rules / "en-GB").glob("*.yaml"))
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = cliutil.pack_fingerprint(rules)
    assert before[0] == after[0] and before[1] != after[1]


# 7. check --help


def test_check_help_has_examples_and_exit_codes() -> None:
    code, out, _ = run("check", "--help")
    assert code == 0
    help_text = out[out.index("Examples:") :]
    assert "  culturelint check --stdin-filename ja-JP/post.md -   < draft.md\n" in help_text  # \b: not rewrapped
    for code_line in ("0  no finding at or above --fail-on", "1  a finding at or above --fail-on", "2  bad input"):
        assert code_line in help_text
    assert "3  internal error" in help_text and "NO_COLOR" in help_text
    for option in ("--quiet", "--statistics", "--exit-zero", "--color [auto|always|never]", "--stdin-filename"):
        assert option in out
    assert "--watch" in out and "explain" in run("--help")[1]


# 8. shell completion


def _values(items: list[object]) -> list[str]:
    return [item.value for item in items]  # type: ignore[attr-defined]


def test_completion_functions() -> None:
    ctx = click.Context(check)
    param = next(p for p in check.params if p.name == "markets")
    assert _values(completion.market_tags(ctx, param, "de")) == ["de-AT", "de-CH", "de-DE"]
    assert "en-GB" in _values(completion.market_tags(ctx, param, "en_g"))
    assert completion.market_tags(ctx, param, "de-")[0].help == "Austria"  # the market's name, for zsh and fish
    assert completion.market_tags(ctx, param, "xx") == []
    ids = _values(completion.rule_ids(ctx, param, "en-gb.idiom."))
    assert "en-gb.idiom.fanny" in ids and all(i.startswith("en-gb.idiom.") for i in ids)
    assert _values(completion.selectors(ctx, param, "loc")) == ["locale-format"]
    assert len(_values(completion.selectors(ctx, param, ""))) == len(load_packset().rules) + 13


def test_bash_completion_through_the_environment_variable(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    script = Path(sys.executable).parent / "culturelint"
    assert bash and script.exists()
    source = subprocess.run(
        [str(script)], env=subprocess_env(_CULTURELINT_COMPLETE="bash_source"), capture_output=True, text=True
    )
    assert source.returncode == 0 and "_culturelint_completion" in source.stdout
    (tmp_path / "complete.sh").write_text(source.stdout, encoding="utf-8")
    driver = (
        f'PATH="{script.parent}:$PATH"\n'
        f"source {tmp_path / 'complete.sh'}\n"
        'COMP_WORDS=(culturelint check --market ja); COMP_CWORD=3\n'
        "_culturelint_completion culturelint ja --market\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "echo ---\n"
        'COMPREPLY=(); COMP_WORDS=(culturelint explain en-gb.idiom.fa); COMP_CWORD=2\n'
        "_culturelint_completion culturelint en-gb.idiom.fa explain\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run([bash, "-c", driver], env=subprocess_env(), capture_output=True, text=True, timeout=120)
    markets, rules = result.stdout.split("---\n")
    assert markets.split() == ["ja-JP"], result.stderr
    assert "en-gb.idiom.fanny" in rules.split() and all(r.startswith("en-gb.idiom.fa") for r in rules.split())


# 9. market suggestions


def test_market_suggestions_from_cldr() -> None:
    table = MarketTable.load(builtin_rules_dir() / MARKETS_FILE)
    assert suggest.typo_fix("en-UK", table) == "en-GB"
    assert suggest.same_language("pt-AO", table) == ["pt-PT", "pt-BR"]  # CLDR: pt-AO's parent is pt-PT
    assert suggest.same_language("zh-SG", table)[0] == "zh-CN"  # Singapore writes simplified characters
    assert set(suggest.same_language("zh-SG", table)) == {"zh-CN", "zh-TW", "zh-HK"}
    assert set(suggest.same_language("de", table)) == {"de-DE", "de-AT", "de-CH"}
    assert suggest.describe("pt-AO") == "Portuguese, Angola"


def test_market_suggestions_on_the_command_line(files: Path) -> None:
    code, out, err = run("check", "-m", "en-UK", "warn.md")
    assert code == 2 and out == ""
    assert err.startswith("culturelint: error: unknown market 'en-UK'; did you mean 'en-GB'? (English, United Kingdom)")
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run("check", "-m", "pt-AO", "warn.md")
    assert code == 0
    assert "market 'pt-AO' has no packs of its own" in out
    assert "nearest supported markets: pt-PT (Portuguese, Portugal), pt-BR (Portuguese, Brazil)" in out
    code, out, _ = run("check", "-m", "zh-SG", "warn.md")
    assert "nearest supported markets: zh-CN (Chinese, China), zh-" in out
    code, out, _ = run("check", "-m", "de", "warn.md")
    assert "it is a language, not a market: its markets are" in out and "de-AT (German, Austria)" in out
    code, _, err = run("check", "-m", "xx-DE", "warn.md")
    assert code == 2 and "did you mean 'de-DE'?" in err


# 10. progress on a terminal


def _run_in_pty(args: list[str], cwd: Path, which: str, **env: str) -> tuple[int, str, str]:
    """Run with stderr (or stdout) on a pseudo-terminal; returns code, stdout, the terminal's text.
    The results cache is off: a re-run answered from it checks nothing, so it shows no progress."""
    env.setdefault("CULTURELINT_NO_CACHE", "1")
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: slave}
    proc = subprocess.Popen([sys.executable, "-m", "culturelint", *args], cwd=cwd, env=subprocess_env(**env), **streams)
    os.close(slave)
    terminal = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(master)
    piped = (proc.stdout if which == "stderr" else proc.stderr).read()  # type: ignore[union-attr]
    proc.wait(timeout=120)
    return proc.returncode, piped.decode(), terminal.decode("utf-8", "replace")


def test_progress_only_on_a_terminal(files: Path) -> None:
    folder = files / "posts"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.md").write_text(WARN, encoding="utf-8")
    code, out, tty = _run_in_pty(["check", "posts"], files, "stderr", CULTURELINT_PROGRESS_AFTER="0")
    assert "culturelint: 1/3 files checked" in tty and "2/3 files checked" in tty
    assert tty.endswith("\r\x1b[K") and "files checked" not in out.splitlines()[0]  # cleared, not in the report
    assert "3 findings" in out
    # the default threshold: a quick run shows nothing
    code, out, tty = _run_in_pty(["check", "posts"], files, "stderr", CULTURELINT_PROGRESS_AFTER="60")
    assert "files checked" not in tty.replace("3 files checked.", "")
    code, out, tty = _run_in_pty(["check", "-q", "posts"], files, "stderr", CULTURELINT_PROGRESS_AFTER="0")
    assert "/3 files" not in tty
    code, out, tty = _run_in_pty(["check", "-f", "json", "posts"], files, "stderr", CULTURELINT_PROGRESS_AFTER="0")
    assert "/3 files" not in tty and json.loads(out)["findings"]
    code, out, tty = _run_in_pty(
        ["check", "-f", "json", "-o", "r.json", "posts"], files, "stderr", CULTURELINT_PROGRESS_AFTER="0"
    )
    assert code == 0 and "2/3 files checked" in tty  # the report goes to a file: the terminal is free
    piped = subprocess.run(
        [sys.executable, "-m", "culturelint", "check", "posts"],
        cwd=files,
        env=subprocess_env(CULTURELINT_PROGRESS_AFTER="0"),
        capture_output=True,
        text=True,
    )
    assert "/3 files" not in piped.stderr  # never when stderr is not a terminal


def test_colour_auto_on_a_terminal(files: Path) -> None:
    code, _, tty = _run_in_pty(["check", "warn.md"], files, "stdout")
    assert code == 0 and "\x1b[33mwarning\x1b[0m" in tty
    code, _, tty = _run_in_pty(["check", "warn.md"], files, "stdout", NO_COLOR="1")
    assert code == 0 and "\x1b[" not in tty and "warning" in tty


# 11. carets under wide, combining and emoji characters


def _finding(line: str, match: str, occurrence: int = 0, path: str = "x.md", message: str = "m") -> Finding:
    start = line.index(match) if not occurrence else line.index(match, line.index(match) + 1)
    return Finding(
        "r.taboo.x", "r/taboo", "taboo", Severity.WARNING, "en-GB", path, 1, start + 1, 1,
        start + len(match) + 1, match, message, "", (), (), "fp",
    )  # fmt: skip


def _caret_line(source: str, finding: Finding) -> tuple[str, str]:
    report = Report("t", (FileResult(finding.path, ("en-GB",), "en", None, None, None, source),), (finding,))
    lines = format_text(report).splitlines()
    return lines[2], lines[3]


@pytest.mark.parametrize(
    ("source", "match", "column"),
    [
        ("漢字 fanny pack", "fanny", 5),  # two wide characters = four columns
        ("cafe\u0301 fanny pack", "fanny", 5),  # e + combining acute is one column
        ("👌🏽 fanny pack", "fanny", 3),  # emoji + skin-tone modifier: one two-column glyph
        ("漢字 漢字", "漢字", 5),  # the span itself is wide: two carets per character
    ],
)
def test_carets_line_up_under_what_the_terminal_shows(source: str, match: str, column: int) -> None:
    finding = _finding(source, match, occurrence=1 if source == "漢字 漢字" else 0)
    shown, carets = _caret_line(source, finding)
    assert shown == "    " + source
    assert carets == "    " + " " * column + "^" * (4 if match == "漢字" else 5)


def test_carets_under_japanese_end_to_end(files: Path) -> None:
    code, out, _ = run("check", "bad.md")
    assert code == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("bad.md:7:5"))
    assert lines[at + 1] == "    お歳暮に4品の詰め合わせを贈りませんか。"
    assert lines[at + 2] == "    " + " " * 8 + "^"


# 12. terminal safety


def test_escape_shows_controls_and_bidi_as_text() -> None:
    assert escape("a\x1b[31mred\x1b[0m") == "a\\x1b[31mred\\x1b[0m"
    assert escape("\x1b]8;;http://evil\x07link\x1b]8;;\x07") == "\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07"
    assert escape("ab\bc\rd") == "ab\\x08c\\x0dd"
    assert escape("\u202eevil\u202c \u2066x\u2069") == "\\u202eevil\\u202c \\u2066x\\u2069"
    assert escape("\x9b2J") == "\\x9b2J"  # the 8-bit CSI
    assert escape("漢字 👌🏽 café #إعلان") == "漢字 👌🏽 café #إعلان"  # ordinary copy untouched


def test_text_report_never_passes_controls_to_the_terminal(files: Path) -> None:
    name = "evil\x1b[2J\u202e.md"
    (files / name).write_text(
        "---\nmarket: en-GB\n---\n\x1b]8;;http://x\x07link\x1b]8;;\x07 \u202ethe fanny pack\u202c\bis back\r\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", "--color", "never", name)
    assert not any(ch in out for ch in "\x1b\x07\b\r\u202e\u202c")
    assert "evil\\x1b[2J\\u202e.md:4:" in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "en-gb.idiom.fanny" in line)
    shown, carets = lines[at + 1], lines[at + 2]
    # controls escaped; bidi controls shown as named marks, as hidden characters are (issue 14)
    assert shown.startswith("    \\x1b]8;;http://x\\x07link\\x1b]8;;\\x07 ⟨RLO⟩the fanny pack⟨PDF⟩\\x08is back")
    assert shown[carets.index("^") : carets.rindex("^") + 1] in ("fanny", "fanny pack")  # under what is shown
    code, out, _ = run("check", "--color", "always", name)
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)  # only our own colour codes
    code, _, err = run("check", "-m", "en-GB", "missing\x1b[2J.md")
    assert code == 2 and "\x1b" not in err and "missing\\x1b[2J.md" in err


def test_escaped_message_and_notes() -> None:
    finding = _finding("the fanny pack", "fanny", message="“\x1b[5mfanny\u202e” is rude")
    report = Report(
        "t",
        (FileResult("x.md", ("en-GB",), "en", None, None, None, "the fanny pack"),),
        (finding,),
        notices=("note with \x07 bell",),
    )
    out = format_text(report)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "“\\x1b[5mfanny⟨RLO⟩” is rude" in out and "note: note with \\x07 bell" in out
