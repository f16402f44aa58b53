"""The bad-input matrix of issue 14, run as a new user would run it.

Every case builds its files in a fresh temporary repository (``git init``) and runs
``python -m culturelint ...`` there in a new process, with a fresh ``CULTURELINT_CACHE_DIR`` (a
cold start: no compiled packs, no results), no warm server, and a 60 s limit. For each case it
records the exit code, wall and CPU time, peak RSS (the child's ``rusage``, from ``os.wait4``),
whether the outputs parse (JSON, SARIF, JUnit as XML 1.0, checkstyle, GitLab, GitHub workflow
lines, a text report free of terminal control characters), whether any file outside the
repository was read (a canary's content must never appear, nor ``/etc/passwd``'s), and for
``--fix`` whether anything was lost. The slowdown cases also run at a quarter of their size, and
the ratio of their CPU times (start-up subtracted) must stay near 4 (linear); above 6 is a failure.

    python bench/hardening.py                 # every case; exits 1 on any failure
    python bench/hardening.py --only evasion  # cases whose name or group contains this
    python bench/hardening.py --list          # the cases, without running them
    python bench/hardening.py --jobs 2        # two cases at a time (CPU times stay per case)
    python bench/hardening.py --pythonpath DIR  # another checkout (before/after)

Prints one row per case and a summary line: ``N cases, 0 exit-3, 0 hangs, ...``.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANARY = "canary-7f3a9c-outside-the-tree"
PASSWD = "root:x:0:0"
OK = "---\nmarket: de-DE\n---\nJedem das Seine: unser Angebot.\n"
SLOGAN = "de-de.taboo.nazi-slogan"
WARRANT = "en-gb.taboo.royal-warrant-claim"
PACK_HEAD = (
    "pack: acme/taboo\nmarkets: [de-DE]\nlanguage: de\ncategory: taboo\nrules:\n- id: acme.taboo.x\n  severity: error\n"
    "  message: m\n  rationale: r\n  references: [https://example.org]\n  reviewed: 2026-12-03\n"
    "  examples: {bad: [Zyx, Zyx Zyx], good: [Abc, Abc abc]}\n"
)
BOMB = "".join(
    f"{name}: &{name} [{', '.join([('*' + prev) if prev else 'lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
)
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "checkstyle", "html", "matrix")
CONTROL = "\x07\x08\x1b[31m\x1b]8;;https://evil.example\x1b\\\x0b\x0c\x7f\x85\u202e"


# -- what a case is --------------------------------------------------------------------------------
@dataclass
class Run:
    """One invocation: arguments after ``python -m culturelint``, and how stdin is given."""

    argv: list[str]
    stdin: bytes | None = b""
    closed_stdin: bool = False
    with_ok: bool = True  # ok.md goes on the command line too, and must still be reported
    umask: int | None = None
    as_nobody: bool = False  # permissions mean nothing to root: run without its DAC override when root
    concurrent: list[list[str]] = field(default_factory=list)  # further runs at the same time
    during: Callable[[float], None] | None = None  # called in a thread with the start time


@dataclass
class Result:
    code: int | str  # exit code, or "hang"
    seconds: float
    cpu: float
    rss_mb: float
    out: str  # stdout
    err: str  # stderr
    codes: list[int | str] = field(default_factory=list)  # every process's code (concurrent runs)

    @property
    def text(self) -> str:
        return self.out + self.err


Check = Callable[[Path, Result], list[str]]  # problems found after the run, [] when fine


@dataclass
class Case:
    name: str
    group: str  # crash, hang, blow-up, leak, data, output, evasion
    build: Callable[[Path], Run]
    expect: tuple[int, ...] = (0, 1, 2)
    others: bool = True  # ok.md's finding must be in the report
    must_say: str | None = None
    must_not_say: str | None = None
    check: Check | None = None
    scale: Callable[[Path, float], Run] | None = None  # a slowdown case: build at a size factor
    custom: Callable[[Path, dict[str, str], float], tuple[Result, list[str]]] | None = None


def write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return name


def md(market: str, body: str) -> str:
    return f"---\nmarket: {market}\n---\n{body}\n"


def check(*args: str, **kwargs: object) -> Run:
    argv = ["check", "--no-color", *args]
    if "--config" not in args:
        argv.insert(1, "--no-config")
    return Run(argv, **kwargs)  # type: ignore[arg-type]


def one_file(name: str, text: str | bytes, *args: str, **kwargs: object) -> Callable[[Path], Run]:
    if "-m" in args and "de-DE" not in args and kwargs.get("with_ok", True):
        args = (*args, "-m", "de-DE")  # -m applies to ok.md too: keep its market in

    def build(folder: Path) -> Run:
        return check(*args, write(folder, name, text), **kwargs)

    return build


def user_pack(folder: Path, match: str) -> list[str]:
    return ["-r", write(folder, "packs/acme/taboo.yaml", PACK_HEAD + match)]


def with_copy(folder: Path, *args: str) -> Run:
    """A run that loads a bad pack or config: a copy file to check is given too."""
    return check(*args, write(folder, "c.md", md("de-DE", "Zyx Jedem das Seine")), with_ok=False)


# -- output checks -----------------------------------------------------------------------------------
UNSAFE_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
GITHUB_LINE = re.compile(r"^::(error|warning|notice|debug)( [a-zA-Z]+=[^,:\n]*(,[a-zA-Z]+=[^,:\n]*)*)?::[^\n]*$")


def forged_property(line: str) -> bool:
    """Whether a file name's comma or colon made a property of its own (``line=99``) on a line."""
    head = line[2:].split("::", 1)[0]
    properties = head.split(" ", 1)[1].split(",") if " " in head else []
    return any(item.startswith(("line=99", "title=x")) for item in properties)


def format_of(argv: list[str]) -> str:
    for flag in ("-f", "--format"):
        if flag in argv:
            return argv[argv.index(flag) + 1]
    return "text"


def output_problems(fmt: str, out: str) -> list[str]:
    """Why ``out`` is not a well-formed report in ``fmt``, or []."""
    try:
        if fmt in ("json", "sarif", "gitlab", "matrix-json"):
            data = json.loads(out)
            if fmt == "sarif" and (data.get("version") != "2.1.0" or not isinstance(data.get("runs"), list)):
                return ["SARIF without version 2.1.0 and runs"]
        elif fmt in ("junit", "checkstyle"):
            ET.fromstring(out.encode("utf-8", "surrogateescape"))  # expat: XML 1.0 characters only
        elif fmt == "github":
            bad = [line for line in out.splitlines() if line.strip() and not GITHUB_LINE.match(line)]
            if bad:
                return [f"GitHub line that is not one workflow command: {bad[0][:80]!r}"]
            forged = [
                line for line in out.splitlines() if line.startswith("::error file=forged") or forged_property(line)
            ]
            if forged:
                return [f"forged GitHub command: {forged[0][:80]!r}"]
        elif fmt == "text":
            found = UNSAFE_TERMINAL.search(out)
            if found:
                return [f"raw control character {found.group()!r} in the terminal report"]
        elif fmt in ("html", "matrix") and "<script>alert" in out:
            return ["copy's markup passed raw into the HTML report"]
    except (ValueError, ET.ParseError) as exc:
        return [f"{fmt} output does not parse: {str(exc)[:100]}"]
    return []


def file_is(name: str, expected: bytes, mode: int | None = None) -> Check:
    def verify(folder: Path, result: Result) -> list[str]:
        data = (folder / name).read_bytes()
        problems = [] if data == expected else [f"{name} is {data[:60]!r}…, expected {expected[:60]!r}…"]
        if mode is not None and stat.S_IMODE(os.stat(folder / name).st_mode) != mode:
            problems.append(f"{name} mode {oct(stat.S_IMODE(os.stat(folder / name).st_mode))}, expected {oct(mode)}")
        return problems

    return verify


def every(*checks: Check) -> Check:
    return lambda folder, result: [p for c in checks for p in c(folder, result)]


# -- the cases -------------------------------------------------------------------------------------
CASES: list[Case] = []


def case(name: str, group: str, build: Callable[[Path], Run], **kwargs: object) -> None:
    CASES.append(Case(name, group, build, **kwargs))  # type: ignore[arg-type]


# crashes: limits of the tokenizers and parsers
def long_line(factor: float) -> Callable[[Path], Run]:
    return one_file("long.md", md("de-DE", "Wort " * int(420_000 * factor)))


def scaled(make: Callable[[float], Callable[[Path], Run]]) -> Callable[[Path, float], Run]:
    return lambda folder, factor: make(factor)(folder)


case("2 MB line in Markdown (spaCy max_length)", "crash", long_line(1), scale=scaled(long_line))
case("2 MB line in a .txt", "crash", one_file("long.txt", "Wort " * 420_000, "-m", "de-DE"))
case("2 MB line without spaces", "crash", one_file("word.txt", "Wortwort" * 262_000, "-m", "de-DE"))


def csv_cell(factor: float) -> Callable[[Path], Run]:
    return one_file("big.csv", 'key,text\nhero,"' + "Wort " * int(420_000 * factor) + '"\n', "-m", "de-DE")


case("2 MB CSV cell", "crash", csv_cell(1), scale=scaled(csv_cell))
case(
    "10 MB CSV cell (over --max-file-size)",
    "crash",
    one_file("huge.csv", 'key,text\nhero,"' + "Wort " * 2_200_000 + '"\n', "-m", "de-DE"),
    must_say="max-file-size",
)


def japanese(factor: float) -> Callable[[Path], Run]:
    return one_file("ja.md", md("ja-JP", "日本語の文章です。" * int(6000 * factor)))


case("Japanese over 49,149 bytes in one segment", "crash", japanese(1), scale=scaled(japanese))
case(
    "Japanese, 160 KB without punctuation",
    "crash",
    one_file("ja2.md", md("ja-JP", "日本語の文章です" * 6000)),
)
case("Japanese long segment in a .txt", "crash", one_file("ja.txt", "日本語の文章です" * 6000, "-m", "ja-JP"))
case("JSON array nested 100,000 deep", "crash", one_file("deep.json", "[" * 100_000 + "]" * 100_000))
case("JSON object nested 100,000 deep", "crash", one_file("deepo.json", '{"a":' * 100_000 + "1" + "}" * 100_000))
case("JSON with NaN", "crash", one_file("nan.json", '{"a": NaN, "b": "Jedem das Seine"}'))
case("JSON with Infinity", "crash", one_file("inf.json", '{"a": -Infinity}'))
case("JSON lone high surrogate", "crash", one_file("sur.json", '{"a": "\\ud800 Angebot"}'), check=None)
case("JSON lone low surrogate, JSON report", "crash", one_file("sur2.json", '{"a": "\\udc00 x"}', "-f", "json"))
case("JSON with a duplicate key and a BOM", "crash", one_file("bom.json", b'\xef\xbb\xbf{"a": "x", "a": "y"}'))
case("file of NUL bytes", "crash", one_file("nul.md", b"\x00" * 10_000))
case("Latin-1 file", "crash", one_file("latin.md", md("de-DE", "Grüße, Jedem das Seine").encode("latin-1")))
case(
    "UTF-16 file with BOM", "crash", one_file("u16.md", codecs.BOM_UTF16_LE + md("de-DE", "Hallo").encode("utf-16-le"))
)
case("empty file", "crash", one_file("empty.md", b""))
case("front matter that never closes", "crash", one_file("open.md", "---\nmarket: de-DE\n" + "x: 1\n" * 1000))
case("front matter that is a list", "crash", one_file("list.md", "---\n- a\n- b\n---\nHallo\n"))
case("PO file, unterminated string", "crash", one_file("a.po", 'msgid "x\nmsgstr "Jedem das Seine\n'))
case(
    "PO file, 20,000 entries",
    "crash",
    one_file("b.po", "".join(f'msgid "k{i}"\nmsgstr "Wort {i}"\n\n' for i in range(20_000)), "-m", "de-DE"),
)
case(
    "HTML with NUL and a broken entity",
    "crash",
    one_file("n.html", "<p>&#0; &#xFFFFFFFF; \x00 Jedem das Seine</p>", "-m", "de-DE"),
)
case("YAML deck with a non-string key", "crash", one_file("deck.yaml", "? [a, b]\n: Jedem das Seine\n1: 2\n"))


def _nonutf8_name(fmt: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        name = os.fsencode(str(folder)) + b"/bad\xffname.md"
        with open(name, "wb") as handle:
            handle.write(md("de-DE", "Jedem das Seine").encode())
        return check("-f", fmt, ".")

    return build


for fmt in ("text", "json", "sarif", "github", "junit", "gitlab", "checkstyle"):
    case(f"non-UTF-8 file name, {fmt} report", "crash" if fmt == "text" else "output", _nonutf8_name(fmt))
case("closed stdin", "crash", lambda d: check("-", closed_stdin=True))
case("invalid UTF-8 on stdin", "crash", lambda d: check("-", stdin=b"Jedem \xff das Seine\n"), must_say="UTF-8")
case("binary garbage on stdin", "crash", lambda d: check("-", stdin=bytes(range(256)) * 40))
case("empty stdin with --stdin-filename x.json", "crash", lambda d: check("--stdin-filename", "x.json", "-", stdin=b""))
case(
    "stdin over --max-file-size",
    "crash",
    lambda d: check("--max-file-size", "1k", "-", stdin=b"a " * 5000),
    must_say="max-file-size",
)

PYTAG = "!!python/object/apply:os.system ['echo pwned-by-yaml']"
for where, build_scalar, build_key in (
    (
        "front matter",
        one_file("py.md", f"---\nmarket: {PYTAG}\n---\nHallo\n"),
        one_file("pk.md", "---\n!!python/name:os.system : 1\n---\nHallo\n"),
    ),
    (
        "a copy deck",
        one_file("deck.yaml", f"hero: {PYTAG}\n"),
        one_file("deck.yaml", "!!python/name:os.system : Hallo\n"),
    ),
    (
        "a pack",
        lambda d: with_copy(d, *user_pack(d, f"  match: {{terms: [x]}}\n  x-note: {PYTAG}\n")),
        lambda d: with_copy(d, *user_pack(d, "  match: {terms: [x]}\n  !!python/name:os.system : 1\n")),
    ),
    (
        "config",
        lambda d: with_copy(d, "--config", write(d, "culturelint.yaml", f"select: {PYTAG}\n")),
        lambda d: with_copy(d, "--config", write(d, "culturelint.yaml", "!!python/name:os.system : 1\n")),
    ),
):
    others = where not in ("a pack", "config")
    case(f"!!python tag on a scalar in {where}", "crash", build_scalar, must_not_say="pwned-by-yaml", others=others)
    case(f"!!python tag on a key in {where}", "crash", build_key, others=others)
case("unknown tag !foo in front matter", "crash", one_file("ut.md", "---\nmarket: !foo de-DE\n---\nHallo\n"))
case("!!binary and !!set in a deck", "crash", one_file("deck2.yaml", "a: !!binary aGk=\nb: !!set {x: null}\n"))
for what, match in (
    ("invalid regex", "  match: {regex: '(unclosed'}\n"),
    ("regex invalid only once folded", "  match: {regex: '[a-\u201d]'}\n"),
    (
        "spaCy REGEX token pattern that does not compile",
        "  match:\n    patterns:\n    - [{TEXT: {REGEX: '(unclosed'}}]\n",
    ),
):
    case(
        f"{what} in a pack (check)",
        "crash",
        lambda d, m=match: with_copy(d, *user_pack(d, m)),
        expect=(2,),
        others=False,
        must_say="taboo.yaml:",
    )
    case(
        f"{what} in a pack (rules validate)",
        "crash",
        lambda d, m=match: Run(["rules", "validate", user_pack(d, m)[1]], with_ok=False),
        expect=(2,),
        others=False,
        must_say="taboo.yaml:",
    )


def _loop_walked(folder: Path) -> Run:
    (folder / "loop").mkdir()
    os.symlink("../loop", folder / "loop" / "again")
    os.symlink("self.md", folder / "self.md")
    return check(".")


def _loop_named(folder: Path) -> Run:
    os.symlink("self.md", folder / "self.md")
    return check("self.md")


case("symlink loops in a walked folder", "crash", _loop_walked)
case("a symlink loop named on the command line", "crash", _loop_named, must_say="loop")
case("a broken symlink named", "crash", lambda d: (os.symlink("gone.md", d / "b.md"), check("b.md"))[1])


def _corrupt_cache(how: str) -> Callable[[Path, dict[str, str], float], tuple[Result, list[str]]]:
    def custom(folder: Path, env: dict[str, str], timeout: float) -> tuple[Result, list[str]]:
        write(folder, "ok.md", OK)
        write(folder, "a.md", md("ja-JP", "4つの品"))
        first = execute(check("a.md"), folder, env, timeout)
        cache = Path(env["CULTURELINT_CACHE_DIR"])
        for path in cache.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                path.write_bytes(data[: len(data) // 2] if how == "truncated" else b"\x80\x04garbage" + os.urandom(64))
        again = execute(check("a.md"), folder, env, timeout)
        problems = [] if again.out == first.out else ["a different report from the corrupted cache"]
        return again, problems

    return custom


case("corrupt cache entries (truncated)", "crash", lambda d: check(), custom=_corrupt_cache("truncated"))
case("corrupt cache entries (garbage)", "crash", lambda d: check(), custom=_corrupt_cache("garbage"))

# hangs and blow-ups
case("alias bomb in front matter", "hang", one_file("bomb.md", "---\n" + BOMB + "---\nHallo\n"))
case(
    "alias bomb in a pack",
    "hang",
    lambda d: with_copy(
        d, *user_pack(d, "  match: {terms: [x]}\n" + "".join(f"  x-{row}\n" for row in BOMB.splitlines()))
    ),
    others=False,
)
case(
    "alias bomb in config", "hang", lambda d: with_copy(d, "--config", write(d, "culturelint.yaml", BOMB)), others=False
)
case("alias bomb in a YAML deck", "hang", one_file("deck.yaml", BOMB))
case(
    "alias bomb in a .yml deck in a walked folder",
    "hang",
    lambda d: (write(d, "copy/deck.yml", BOMB), check("copy"))[1],
)
case("recursive alias in front matter", "hang", one_file("rec.md", "---\na: &a [*a]\n---\nHallo\n"))
case(
    "YAML nested 100,000 deep in front matter",
    "hang",
    one_file("yd.md", "---\na: " + "[" * 100_000 + "]" * 100_000 + "\n---\nx\n"),
)
case(
    "user regex (\\w+\\s?)+$ on a sentence",
    "hang",
    lambda d: check(
        *user_pack(d, "  match: {regex: '(\\w+\\s?)+$'}\n"),
        write(d, "s.md", md("de-DE", "Das ist ein ganz gewöhnlicher Satz " * 3 + "!")),
    ),
)
case(
    "user regex (a|aa)+$ on a run of a",
    "hang",
    lambda d: check(*user_pack(d, "  match: {regex: '(a|aa)+$'}\n"), write(d, "s.md", md("de-DE", "a" * 5000 + "!"))),
)
case(
    "user regex (?<=x)(a|aa)+$ (lookbehind: no RE2) hits its budget",
    "hang",
    lambda d: check(
        *user_pack(d, "  match: {regex: '(?<=x)(a|aa)+$'}\n"), write(d, "s.md", md("de-DE", "x" + "a" * 5000 + "!"))
    ),
    must_say="exceeded its",
)
case(
    "user regex \\b(a|aa)+$ (\\b: no RE2) hits its budget",
    "hang",
    lambda d: check(
        *user_pack(d, "  match: {regex: '\\b(a|aa)+$'}\n"), write(d, "s.md", md("de-DE", "a" * 5000 + "!"))
    ),
    must_say="exceeded its",
)
case(
    "user regex with a lookbehind and nested repetition",
    "hang",
    lambda d: check(
        *user_pack(d, "  match: {regex: '(?<=x)(\\w+\\s?)+$'}\n"),
        write(d, "s.md", md("de-DE", "x" + "Wort " * 40 + "!")),
    ),
)
case(
    "user regex with a backreference",
    "hang",
    lambda d: check(
        *user_pack(d, "  match: {regex: '(\\w+) \\1'}\n"), write(d, "s.md", md("de-DE", "das das " * 3000))
    ),
)


def digits(factor: float) -> Callable[[Path], Run]:
    return one_file("fr.md", md("fr-FR", "Bière " + "1" * int(2000 * factor) + " promo"))


case("fr-FR alcohol regex on a run of digits", "hang", digits(4), scale=scaled(digits))


def adversarial(name: str, unit: str, count: int, market: str | None = "de-DE") -> None:
    suffix = name.rsplit(".", 1)[1]

    def make(factor: float) -> Callable[[Path], Run]:
        args = ("-m", market) if market else ()
        return one_file(name, unit * int(count * factor), *args)

    case(f"{suffix}: {unit!r} × {count * 4:,}", "hang", make(4), scale=scaled(make))


adversarial("ticks.md", "`", 3500)
adversarial("ticks2.md", "``a", 1500)
adversarial("stars.md", "*a", 5000)
adversarial("under.md", "_a", 5000)
adversarial("br.md", "[](", 3000)
adversarial("lt.md", "](", 5000)
adversarial("pi.html", "<?", 20_000)
adversarial("tags.html", '<a b="', 5000)
adversarial("attrs.html", "<a x=y ", 5000)
adversarial("decl.html", "<!", 20_000)
adversarial("comment.html", "<!--", 10_000)
adversarial("hash.md", "#", 20_000)
adversarial("spaces.md", " a", 50_000)
adversarial("quote.md", "> ", 10_000)
adversarial("list.md", "  - ", 5000)
adversarial("divs.html", "<div>", 20_000)
adversarial("th.txt", "ภาษาไทย", 15_000, market=None)
adversarial("zh.txt", "中文字符", 20_000, market=None)


def _fifo(named: bool) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        os.mkfifo(folder / "pipe.md")
        return check(".", *(["pipe.md"] if named else []))

    return build


case("FIFO in a walked folder", "hang", _fifo(False))
case("FIFO named on the command line", "hang", _fifo(True), must_say="FIFO")


def _socket(folder: Path) -> Run:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.md"))
    return check(".")


case("socket in a walked folder", "hang", _socket)
case(
    "link to /dev/zero, walked and named",
    "blow-up",
    lambda d: (os.symlink("/dev/zero", d / "zero.md"), check(".", "zero.md"))[1],
)
case("/dev/urandom named", "blow-up", lambda d: check("/dev/urandom"))


def _sparse(size: int, *args: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        with open(folder / "big.md", "wb") as handle:
            handle.truncate(size)
        return check(*args, "big.md")

    return build


case("100 MB file", "blow-up", _sparse(100 * 1024 * 1024), must_say="max-file-size")
case(
    "file over --max-file-size 1k",
    "blow-up",
    one_file("k.md", md("de-DE", "Wort " * 1000), "--max-file-size", "1k"),
    must_say="max-file-size",
)
case(
    "text report of a 141 KB line",
    "blow-up",
    one_file("l.md", md("de-DE", "x" * 141_000 + " Jedem das Seine " + "y" * 1000)),
)
case(
    "text report of a 141 KB line with 2,000 hits",
    "blow-up",
    one_file("l2.md", md("de-DE", "Jedem das Seine, " * 2000 + "x" * 100_000)),
)

# leaks: nothing outside the tree is read through a link or a config path


def _outside(folder: Path) -> Path:
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(md("de-DE", CANARY + " Jedem das Seine"))
    (outside / "packs").mkdir(exist_ok=True)
    (outside / "packs" / "taboo.yaml").write_text(PACK_HEAD.replace("acme", "evil") + "  match: {terms: [Zyxwvu]}\n")
    return outside


def _link_file(target: str | None, fmt: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        os.symlink(target or _outside(folder) / "secret.md", folder / "notes.md")
        return check("-f", fmt, ".")

    return build


case("notes.md -> file outside the tree, HTML report", "leak", _link_file(None, "html"))
case("notes.md -> /etc/passwd, HTML report", "leak", _link_file("/etc/passwd", "html"))
case("notes.md -> file outside the tree, JSON report", "leak", _link_file(None, "json"))


def _link_folder(folder: Path) -> Run:
    os.symlink(_outside(folder), folder / "linked")
    return check("-f", "json", ".")


case("folder symlink outside the tree", "leak", _link_folder)
case(
    "deck.yaml -> file outside the tree",
    "leak",
    lambda d: (os.symlink(_outside(d) / "secret.md", d / "deck.yaml"), check("."))[1],
)


def _config_rules(path: Callable[[Path], str], *extra: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        _outside(folder)
        config = write(folder, "culturelint.yaml", f"rules: ['{path(folder)}']\n")
        write(folder, "c.md", md("de-DE", "Zyxwvu"))
        return check("--config", config, *extra, "c.md")

    return build


case(
    "config rules: absolute path outside",
    "leak",
    _config_rules(lambda d: str(d.parent / "outside" / "packs")),
    expect=(2,),
    others=False,
    must_say="outside",
)
case(
    "config rules: ../ path outside",
    "leak",
    _config_rules(lambda d: "../outside/packs"),
    expect=(2,),
    others=False,
    must_say="outside",
)
case(
    "config rules: a link inside that points outside",
    "leak",
    lambda d: (os.symlink(_outside(d) / "packs", d / "p"), _config_rules(lambda _: "p")(d))[1],
    expect=(2,),
    others=False,
    must_say="outside",
)
case(
    "pyproject [tool.culturelint] rules outside",
    "leak",
    lambda d: (
        _outside(d),
        check(
            "--config",
            write(d, "pyproject.toml", f"[tool.culturelint]\nrules = ['{d.parent / 'outside' / 'packs'}']\n"),
        ),
    )[1],
    expect=(2,),
    others=False,
    must_say="outside",
)
case(
    "config rules outside, with --allow-outside",
    "leak",
    _config_rules(lambda d: "../outside/packs", "--allow-outside"),
    expect=(1,),
    others=False,
    must_say="evil.taboo.x",
)
case(
    "config waivers: outside the tree",
    "leak",
    lambda d: (
        _outside(d),
        check("--config", write(d, "culturelint.yaml", f"waivers: ['{d.parent / 'outside' / 'secret.md'}']\n")),
    )[1],
    others=False,
)

# data: --fix and -o
EN = md("en-GB", "A fanny pack in every color.")
FIXED = md("en-GB", "A bum bag in every colour.")


def fix_case(
    name: str,
    data: bytes,
    expected: bytes,
    *,
    prepare: Callable[[Path], None] | None = None,
    mode: int | None = None,
    target: str = "en.md",
    expect: tuple[int, ...] = (0, 1),
    nobody: bool = False,
) -> None:
    def build(folder: Path) -> Run:
        write(folder, target, data)
        if prepare:
            prepare(folder)
        return check("--fix", "--fail-on", "never", "en.md", with_ok=False, as_nobody=nobody)

    case(f"--fix keeps {name}", "data", build, expect=expect, others=False, check=file_is(target, expected, mode))


fix_case("LF", EN.encode(), FIXED.encode())
fix_case("CRLF line endings", EN.replace("\n", "\r\n").encode(), FIXED.replace("\n", "\r\n").encode())
fix_case("CR line endings", EN.replace("\n", "\r").encode(), FIXED.replace("\n", "\r").encode())
fix_case("a UTF-8 BOM", codecs.BOM_UTF8 + EN.encode(), codecs.BOM_UTF8 + FIXED.encode())
fix_case(
    "Latin-1 (not read as copy: left alone)",
    (EN + "Grüße\n").encode("latin-1"),
    (EN + "Grüße\n").encode("latin-1"),
    expect=(2,),
)
fix_case(
    "UTF-16 (not read as copy: left alone)",
    codecs.BOM_UTF16_LE + EN.encode("utf-16-le"),
    codecs.BOM_UTF16_LE + EN.encode("utf-16-le"),
    expect=(2,),
)
fix_case("mode 0640", EN.encode(), FIXED.encode(), prepare=lambda d: os.chmod(d / "en.md", 0o640), mode=0o640)
fix_case(
    "a symlink (the target is written)",
    EN.encode(),
    FIXED.encode(),
    target="real.md",
    prepare=lambda d: os.symlink("real.md", d / "en.md"),
)
CASES[-1].check = every(
    CASES[-1].check, lambda d, r: [] if os.path.islink(d / "en.md") else ["the symlink was replaced"]
)  # type: ignore[arg-type]
fix_case(
    "a hard link (refused, both names unchanged)",
    EN.encode(),
    EN.encode(),
    prepare=lambda d: os.link(d / "en.md", d / "hard.md"),
    expect=(2,),
)


def _unwritable(folder: Path) -> Run:
    write(folder, "ro/en.md", EN)
    write(folder, "rw/en.md", EN)
    os.chmod(folder / "ro", 0o555)
    return check("--fix", "--fail-on", "never", "ro/en.md", "rw/en.md", with_ok=False, as_nobody=True)


def _unwritable_check(folder: Path, result: Result) -> list[str]:
    problems = file_is("rw/en.md", FIXED.encode())(folder, result) + file_is("ro/en.md", EN.encode())(folder, result)
    os.chmod(folder / "ro", 0o755)
    return problems


case(
    "--fix in an unwritable folder: one line, the other file fixed",
    "data",
    _unwritable,
    expect=(2,),
    others=False,
    check=_unwritable_check,
)
fix_case(
    "a read-only file (refused)",
    EN.encode(),
    EN.encode(),
    prepare=lambda d: os.chmod(d / "en.md", 0o444),
    expect=(2,),
    nobody=True,
)


def _concurrent(folder: Path) -> Run:
    write(folder, "en.md", EN)
    first = ["check", "--no-config", "--fix", "--fail-on", "never", "--select", "en-gb.idiom.fanny", "en.md"]
    second = ["check", "--no-config", "--fix", "--fail-on", "never", "--select", "en-gb.idiom.us-spelling", "en.md"]
    return Run(first, with_ok=False, concurrent=[second, first, second])


case(
    "two concurrent --fix runs both land",
    "data",
    _concurrent,
    expect=(0, 1),
    others=False,
    check=file_is("en.md", FIXED.encode()),
)


def _edited_during(folder: Path) -> Run:
    body = "Ein ganz normaler Satz. " * 20_000
    write(folder, "en.md", md("en-GB", "A fanny pack in every color. " + body))

    def edit(start: float) -> None:
        time.sleep(random.uniform(2, 9))
        with open(folder / "en.md", "a", encoding="utf-8") as handle:
            handle.write("A line a person added while culturelint ran.\n")

    return check("--fix", "--fail-on", "never", "en.md", with_ok=False, during=edit)


case(
    "a person's edit during --fix is kept",
    "data",
    _edited_during,
    others=False,
    check=lambda d, r: (
        [] if (d / "en.md").read_text().endswith("culturelint ran.\n") else ["the person's edit was lost"]
    ),
)


def _kills(folder: Path, env: dict[str, str], timeout: float) -> tuple[Result, list[str]]:
    """--fix killed with SIGKILL at random moments: the file is always the old or the new one."""
    write(folder, "en.md", EN)
    execute(check("--fix", "en.md", with_ok=False), folder, env, timeout)  # warm: the packs are cached
    problems, last = [], None
    for _ in range(12):
        write(folder, "en.md", EN)
        proc = subprocess.Popen(
            [sys.executable, "-m", "culturelint", *check("--fix", "en.md").argv],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = (folder / "en.md").read_bytes()
        if data not in (EN.encode(), FIXED.encode()):
            problems.append(f"after kill -9: {data[:80]!r}")
        last = data
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        problems.append(f"temporary files left behind: {leftovers}")
    return Result(0, 0, 0, 0, f"12 kills, last file {last[:40]!r}", ""), problems  # type: ignore[index]


case("--fix under 12 random kill -9", "data", lambda d: check(), custom=_kills, others=False)
case(
    "--fix on stdin (nothing to write)",
    "data",
    lambda d: check("--fix", "--stdin-filename", "x.md", "-", stdin=EN.encode()),
    others=False,
)
case(
    "--diff writes nothing",
    "data",
    lambda d: check("--diff", write(d, "en.md", EN), with_ok=False),
    expect=(1,),
    others=False,
    check=file_is("en.md", EN.encode()),
    must_say="+A bum bag",
)


def _output_to(kind: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        if kind == "FIFO":
            os.mkfifo(folder / "out.json")
        elif kind == "symlink":
            write(folder, "victim.txt", "keep me\n")
            os.symlink("victim.txt", folder / "out.json")
        elif kind == "device":
            os.symlink("/dev/null", folder / "out.json")
        elif kind == "folder":
            (folder / "out.json").mkdir()
        return check("-f", "json", "-o", "out.json")

    return build


case("-o onto a FIFO (refused, never blocks)", "data", _output_to("FIFO"), expect=(2,), others=False, must_say="FIFO")
case(
    "-o onto a symlink (refused, target kept)",
    "data",
    _output_to("symlink"),
    expect=(2,),
    others=False,
    check=file_is("victim.txt", b"keep me\n"),
)
case("-o onto a link to /dev/null (refused)", "data", _output_to("device"), expect=(2,), others=False)
case("-o onto a folder (refused)", "data", _output_to("folder"), expect=(2,), others=False)


def _umask_check(folder: Path, result: Result) -> list[str]:
    mode = stat.S_IMODE(os.stat(folder / "out.json").st_mode)
    problems = [] if mode == 0o640 else [f"-o wrote mode {oct(mode)}, umask 027 gives 0o640"]
    return problems + output_problems("json", (folder / "out.json").read_text())


case(
    "-o a new file: the umask's mode",
    "data",
    lambda d: Run(check("-f", "json", "-o", "out.json").argv, umask=0o027),
    expect=(1,),
    others=False,
    check=_umask_check,
)

# outputs that cannot be forged


def _control_copy(fmt: str) -> Callable[[Path], Run]:
    return one_file("ctl.md", md("de-DE", f"{CONTROL} Jedem das Seine {CONTROL}<script>alert(1)</script>"), "-f", fmt)


def _control_name(fmt: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        name = "ctl\x01\x1b[31mname\x7f.md"
        write(folder, name, md("de-DE", "Jedem das Seine"))
        return check("-f", fmt, name)

    return build


for fmt in FORMATS:
    case(f"control characters in copy, {fmt} report", "output", _control_copy(fmt))
for fmt in ("text", "json", "sarif", "github", "junit", "gitlab", "checkstyle"):
    case(f"control characters in a file name, {fmt} report", "output", _control_name(fmt))


def _forged_name(name: str, fmt: str = "github") -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        write(folder, name, md("de-DE", "Jedem das Seine"))
        return check("-f", fmt, ".")

    return build


case("newline in a file name, github report", "output", _forged_name("a\n::error file=forged.md::pwned.md"))
case("comma and colon in a file name, github report", "output", _forged_name("a,line=99,title=x::pwned.md"))
case("newline in a file name, junit report", "output", _forged_name("a\nb.md", "junit"))
case("newline in a file name, text report", "output", _forged_name("a\nb.md", "text"))

# evasion: each disguise of a banned term, on error-level rules, must still be found
DISGUISES = [
    ("a soft line wrap", "Jedem das\nSeine"),
    ("a double space", "Jedem  das Seine"),
    ("a tab", "Jedem\tdas Seine"),
    ("a no-break space", "Jedem\u00a0das Seine"),
    ("a zero-width joiner", "Je\u200ddem das Seine"),
    ("a zero-width space", "Je\u200bdem das Seine"),
    ("a zero-width non-joiner", "Jedem da\u200cs Seine"),
    ("a word joiner", "Jedem das Se\u2060ine"),
    ("a BOM inside a word", "Jedem das Sei\ufeffne"),
    ("a soft hyphen", "Je\u00addem das Seine"),
    ("a Cyrillic look-alike", "J\u0435dem das Seine"),
    ("a Greek look-alike", "Jedem d\u03b1s Seine"),
    ("a right-to-left override", "Jedem das \u202eSeine"),
    ("a left-to-right mark", "Jedem\u200e das Seine"),
    ("a variation selector", "Jedem das Sei\ufe0fne"),
    ("emphasis inside a word", "**Je**dem das Seine"),
    ("underscore emphasis inside a word", "__Je__dem das Seine"),
    ("strikethrough inside a word", "~~J~~edem das Seine"),
    ("full-width forms", "Ｊｅｄｅｍ ｄａｓ Ｓｅｉｎｅ"),
]
for label, text in DISGUISES:
    case(
        f"evasion de-DE: {label}",
        "evasion",
        one_file("ev.md", md("de-DE", text), with_ok=False),
        expect=(1,),
        others=False,
        must_say=SLOGAN,
    )
case(
    "evasion de-DE: decomposed accents (NFD)",
    "evasion",
    one_file("nfd.md", md("de-DE", "Alles fu\u0308r Deutschland"), with_ok=False),
    expect=(1,),
    others=False,
    must_say=SLOGAN,
)
for label, text in (
    ("a soft line wrap", "By Royal\nAppointment"),
    ("a double space", "By Royal  Appointment"),
    ("a zero-width space", "By Roy\u200bal Appointment"),
    ("a soft hyphen", "By Royal Appoint\u00adment"),
    ("a Cyrillic look-alike", "By R\u043eyal Appointment"),
    ("emphasis inside a word", "By **Roy**al Appointment"),
    ("full-width forms", "Ｂｙ Ｒｏｙａｌ Ａｐｐｏｉｎｔｍｅｎｔ"),
):
    case(
        f"evasion en-GB: {label}",
        "evasion",
        one_file("ev.md", md("en-GB", f"Our marmalade, {text}."), with_ok=False),
        expect=(1,),
        others=False,
        must_say=WARRANT,
    )
case(
    "evasion in a CSV cell: a zero-width space",
    "evasion",
    one_file("ev.csv", "key,text\nhero,Je\u200bdem das Seine\n", "-m", "de-DE", with_ok=False),
    expect=(1,),
    others=False,
    must_say=SLOGAN,
)
case(
    "evasion in HTML: a soft hyphen entity",
    "evasion",
    one_file("ev.html", "<p>Je&shy;dem das <b>Seine</b></p>", "-m", "de-DE", with_ok=False),
    expect=(1,),
    others=False,
    must_say=SLOGAN,
)


# -- running ---------------------------------------------------------------------------------------
def execute(run: Run, folder: Path, env: dict[str, str], timeout: float) -> Result:
    """Run ``python -m culturelint`` (and any concurrent runs) in ``folder``; rusage from wait4."""
    argv = list(run.argv)
    if run.with_ok:
        write(folder, "ok.md", OK)
        argv.append("ok.md")
    # root ignores permission bits: the permission cases run with its DAC override capabilities dropped
    wrap = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]
    wrap = wrap if run.as_nobody and os.geteuid() == 0 and shutil.which("setpriv") else []
    start = time.monotonic()
    procs = []
    for args in [argv, *run.concurrent]:
        umask = run.umask

        def preexec(closed: bool = run.closed_stdin, mask: int | None = umask) -> None:
            os.setsid()
            if mask is not None:
                os.umask(mask)
            if closed:
                os.close(0)

        procs.append(
            subprocess.Popen(
                [*wrap, sys.executable, "-m", "culturelint", *args],
                cwd=folder,
                env=env,
                stdin=subprocess.DEVNULL if run.closed_stdin else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                preexec_fn=preexec,
            )
        )
    outputs: list[list[bytes]] = []
    threads = []
    for proc in procs:
        pair: list[bytes] = [b"", b""]
        outputs.append(pair)

        def pump(stream, slot: int, pair: list[bytes] = pair) -> None:  # type: ignore[no-untyped-def]
            pair[slot] = stream.read()

        threads += [threading.Thread(target=pump, args=(proc.stdout, 0), daemon=True)]
        threads += [threading.Thread(target=pump, args=(proc.stderr, 1), daemon=True)]
        if proc.stdin is not None:

            def feed(stdin=proc.stdin, data: bytes = run.stdin or b"") -> None:  # type: ignore[no-untyped-def]
                try:
                    stdin.write(data)
                    stdin.close()
                except OSError:
                    pass

            threads.append(threading.Thread(target=feed, daemon=True))
    if run.during:
        threads.append(threading.Thread(target=run.during, args=(start,), daemon=True))
    for thread in threads:
        thread.start()
    codes: list[int | str] = []
    cpu = rss = 0.0
    for proc in procs:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                codes.append(proc.returncode)
                cpu += usage.ru_utime + usage.ru_stime
                rss = max(rss, usage.ru_maxrss / 1024)
                break
            if time.monotonic() - start > timeout:
                for other in procs:
                    with contextlib.suppress(OSError):
                        os.killpg(other.pid, signal.SIGKILL)
                proc.wait()
                codes.append("hang")
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    for thread in threads:
        thread.join(5)
    for proc in procs:
        if proc.returncode is None:
            proc.wait()
    out = outputs[0][0].decode("utf-8", "surrogateescape")
    err = "".join(pair[1].decode("utf-8", "surrogateescape") for pair in outputs)
    worst: int | str = "hang" if "hang" in codes else (3 if 3 in codes else codes[0])
    return Result(worst, seconds, cpu, rss, out, err, codes)


def new_env(tmp: Path, pythonpath: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURELINT_")}
    env.update(
        PYTHONPATH=pythonpath,
        CULTURELINT_CACHE_DIR=str(tmp / "cache"),
        CULTURELINT_SERVER="0",
        XDG_CACHE_HOME=str(tmp / "xdg"),
        NO_COLOR="1",
        LC_ALL="C.UTF-8",
    )
    return env


def new_repo(tmp: Path) -> Path:
    folder = tmp / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return folder


def judge(c: Case, run: Run | None, result: Result, folder: Path, extra: list[str]) -> list[str]:
    problems = list(extra)
    if result.code == "hang":
        return problems + ["hang (over the time limit)"]
    if any(code == 3 for code in result.codes) or result.code == 3:
        problems.append("exit 3")
    elif any(code not in c.expect for code in result.codes or [result.code]):
        problems.append(f"exit {result.codes or result.code}, expected {c.expect}")
    if "Traceback" in result.text:
        problems.append("a traceback")
    if c.others and not ("ok.md" in result.text and SLOGAN in result.text):
        problems.append("ok.md was not reported")
    if c.must_say and c.must_say not in result.text:
        problems.append(f"does not say {c.must_say!r}")
    if c.must_not_say and c.must_not_say in result.text:
        problems.append(f"says {c.must_not_say!r}")
    if (CANARY in result.text or PASSWD in result.text) and "--allow-outside" not in (run.argv if run else []):
        problems.append("read a file outside the tree")
    if len(result.out) > 20_000_000 or any(len(line) > 5000 for line in result.out.splitlines()):
        problems.append(f"unbounded output ({len(result.out):,} characters)")
    if run is not None and result.out.strip():
        problems += output_problems(format_of(run.argv), result.out)
    if c.check:
        problems += c.check(folder, result)
    return problems


@dataclass
class Row:
    case: Case
    result: Result
    problems: list[str]
    ratio: float | None = None
    small_cpu: float | None = None


def run_one(c: Case, pythonpath: str, timeout: float, baseline: float) -> Row:
    with tempfile.TemporaryDirectory(prefix="clharden-") as tmp:
        base = Path(tmp)
        env = new_env(base, pythonpath)
        folder = new_repo(base)
        if c.custom:
            result, extra = c.custom(folder, env, timeout)
            row = Row(c, result, judge(c, None, result, folder, extra))
        else:
            run = c.build(folder)
            result = execute(run, folder, env, timeout)
            row = Row(c, result, judge(c, run, result, folder, []))
        if c.scale and result.code != "hang":
            # the same case at 1/64 (start-up), 1/4 and full size, each in its own repository, with
            # the packs now cached: CPU(4n) - CPU(~0) against CPU(n) - CPU(~0) is about 4 if linear
            cpu = []
            for factor in (1 / 64, 0.25, 1):
                sized = base / f"size-{factor:.3f}"
                sized.mkdir()
                timed = execute(c.scale(sized, factor), sized, env, timeout)
                if timed.code == "hang":
                    row.problems.append(f"hang at {factor:g} of the size")
                    break
                cpu.append(timed.cpu)
            if len(cpu) == 3:
                row.small_cpu = max(cpu[1] - cpu[0], 0.0)
                work = max(cpu[2] - cpu[0], 0.0)
                row.ratio = work / max(row.small_cpu, 0.25)  # below 0.25 s a ratio is noise
                if row.ratio > 6 and work > 2:
                    row.problems.append(f"super-linear: CPU x {row.ratio:.1f} for 4x the input")
        for path in folder.rglob("*"):  # let the temporary folder go (a folder made read-only)
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o755)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pythonpath", default=str(ROOT), help="the checkout to run (default: this one)")
    parser.add_argument("--only", action="append", help="run only cases whose name or group contains this (repeatable)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a case counts as a hang")
    parser.add_argument("--jobs", type=int, default=1, help="cases run at the same time")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (docs/robustness.md)")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.only or any(o in c.name or o == c.group for o in args.only)]
    if args.list:
        for c in cases:
            print(f"{c.group:8} {c.name}")
        print(f"{len(cases)} cases")
        return 0
    load = os.getloadavg()
    started = time.monotonic()
    baseline = 0.0
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    rows: list[Row] = []
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, c, args.pythonpath, args.timeout, baseline) for c in cases]
        for future in futures:
            row = future.result()
            rows.append(row)
            print(render(row, args.markdown), flush=True)
    end_load = os.getloadavg()
    failures = [r for r in rows if r.problems]
    exit3 = sum(1 for r in rows if r.result.code == 3 or 3 in r.result.codes)
    hangs = sum(1 for r in rows if r.result.code == "hang" or any("hang" in p for p in r.problems))
    ratios = [r.ratio for r in rows if r.ratio is not None]
    leaks = sum(1 for r in rows if any("outside the tree" in p for p in r.problems))
    lost = sum(1 for r in rows if r.case.group == "data" and r.problems)
    unparsed = sum(1 for r in rows if any("parse" in p or "forged" in p or "raw control" in p for p in r.problems))
    evasions = [r for r in rows if r.case.group == "evasion"]
    found = sum(1 for r in evasions if not r.problems)
    slowest = max(rows, key=lambda r: r.result.seconds)
    print(
        f"\n{len(rows)} cases, {exit3} exit-3, {hangs} hangs, "
        f"{sum(1 for r in ratios if r > 6)} super-linear "
        f"(largest CPU ratio for 4x input {max(ratios, default=0):.1f}), "
        f"{leaks} leaks, {lost} --fix/-o data failures, {unparsed} unparsable outputs, "
        f"evasion {found}/{len(evasions)} found; {len(failures)} failed; "
        f"slowest {slowest.result.seconds:.1f} s ({slowest.case.name}); "
        f"load average {load[0]:.1f} -> {end_load[0]:.1f}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    for row in failures:
        print(f"FAIL {row.case.name}: {'; '.join(row.problems)}")
    return 1 if failures else 0


def render(row: Row, markdown: bool = False) -> str:
    r = row.result
    ratio = f"×{row.ratio:.1f}" if row.ratio is not None else ""
    said = next((line for line in (r.err + r.out).splitlines() if line.strip() and "ok.md" not in line), "")[:70]
    status = "FAIL " + "; ".join(row.problems) if row.problems else "ok"
    if markdown:
        said = said.replace("|", "\\|")
        return f"| {row.case.name} | {row.case.group} | {r.code} | {r.seconds:.1f} s | {ratio} | {status} |"
    return (
        f"{'ok  ' if not row.problems else 'FAIL'} | {row.case.group:7} | {row.case.name[:58]:58} | "
        f"exit {r.code!s:4} | "
        f"{r.seconds:5.1f} s | cpu {r.cpu:5.1f} s | {r.rss_mb:5.0f} MB | {ratio:6} | {status if row.problems else said}"
    )


if __name__ == "__main__":
    sys.exit(main())
