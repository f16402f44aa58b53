"""Command-line conventions users type without looking: colour choice, --statistics, --version,
progress on a terminal, the check command's help epilog. Kept out of cli.py so the commands stay thin."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import click

from .model import Report

COLOR_CHOICES = ("auto", "always", "never")
# the tokenizer libraries the language pipelines use, by distribution name
TOKENIZERS = ("sudachipy", "sudachidict-core", "jieba", "python-mecab-ko", "pythainlp", "opencc")

CHECK_EPILOG = """\b
Examples:
  culturelint check --market de-DE post.md     one file, one market
  culturelint check content/                    markets from front matter,
                                                config or the path
  culturelint check --stdin-filename ja-JP/post.md -   < draft.md
  culturelint check --statistics content/       findings per rule
  culturelint check -q --fail-on warning .      findings only; warnings fail
  culturelint check -f sarif -o out.sarif .     a code-scanning report
  culturelint check --watch -m fr-FR post.md    check again on each save
  culturelint explain en-gb.idiom.fanny         what a rule is and why

\b
Colour: --color auto (the default) colours on a terminal only; NO_COLOR=1
turns it off and FORCE_COLOR=1 on, in auto mode.

\b
Exit codes:
  0  no finding at or above --fail-on (or --exit-zero)
  1  a finding at or above --fail-on
  2  bad input or usage: unreadable file, unknown market, 0 files checked
  3  internal error (CULTURELINT_DEBUG=1 shows the traceback)
"""


def use_colour(choice: str, stream: IO[str], environ: dict[str, str] | None = None) -> bool:
    """``always``/``never`` as given; ``auto`` colours on a terminal, unless ``NO_COLOR`` is set
    to anything non-empty (no-color.org), or when ``FORCE_COLOR`` is (and is not ``0``)."""
    env = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never":
        return False
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force:
        return force.strip().lower() not in ("0", "false", "no")
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def statistics(report: Report, fmt: str) -> str:
    """Findings counted per rule id, most frequent first (ties by id), as ``ruff --statistics``:
    ``count  rule  severity  [*]`` where ``[*]`` marks rules ``--fix`` can apply."""
    counts = Counter(f.rule for f in report.findings)
    severity = {f.rule: str(f.severity) for f in report.findings}
    fixable = {f.rule for f in report.findings if f.fix is not None}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        data = [{"rule": rule, "count": n, "severity": severity[rule], "fixable": rule in fixable} for rule, n in rows]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return ""
    width = max(len(str(n)) for _, n in rows)
    id_width = max(len(rule) for rule, _ in rows)
    lines = [
        f"{n:>{width}}  {rule:<{id_width}}  {severity[rule]:<7}  {'[*]' if rule in fixable else '[ ]'}".rstrip()
        for rule, n in rows
    ]
    return "\n".join(lines) + "\n"


def _installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def pack_fingerprint(base: Path) -> tuple[int, str]:
    """The number of shipped pack files and a SHA-256 over their paths and bytes (first 12 hex
    digits): two installs with the same hash run the same knowledge."""
    from .packs.loader import pack_files

    digest = hashlib.sha256()
    # every YAML file counts towards the hash: packs, lexicons, the markets and channels tables
    for path in sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return len(list(pack_files(base))), digest.hexdigest()[:12]


def version_text() -> str:
    from . import __version__
    from .packs.loader import builtin_rules_dir

    lines = [f"culturelint, version {__version__}"]  # the first line as click printed it before
    lines.append(f"Python {platform.python_version()} ({platform.python_implementation()})")
    lines.append(f"spaCy {_installed('spacy') or 'not installed'}")
    try:
        from .packs.loader import load_packset

        count, digest = pack_fingerprint(builtin_rules_dir())
        lines.append(f"packs {count} files, {len(load_packset().rules)} rules, sha256 {digest}")
    except Exception as exc:  # a broken install still answers --version
        lines.append(f"packs unavailable ({exc})")
    for name in TOKENIZERS:
        lines.append(f"{name} {_installed(name) or 'not installed'}")
    return "\n".join(lines) + "\n"


def print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(version_text(), nl=False)
    ctx.exit()


def rule_id_for(name: str, extra: list[Path]) -> str:
    """A rule id as typed, or the current id of a former id (alias) so ``explain`` and
    ``rules show`` accept what an old report or suppression names."""
    from .packs.loader import load_packset

    packset = load_packset(extra)
    if name in packset.rules:
        return name
    renamed = packset.aliases.get(name)
    if renamed is not None:
        return renamed.id
    lowered = {r.lower(): r for r in packset.rules}
    return lowered.get(name.lower(), name)


class Progress:
    """``files done / total`` on stderr, for runs that last longer than ``after`` seconds and
    only when stderr is a terminal; the line is rewritten in place and cleared at the end."""

    def __init__(self, stream: IO[str] | None = None, after: float | None = None) -> None:
        self.stream = stream or sys.stderr
        if after is None:
            try:
                after = float(os.environ.get("CULTURELINT_PROGRESS_AFTER", "2"))
            except ValueError:
                after = 2.0
        self.after = after
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.start < self.after:
            return
        self.stream.write(f"\r\x1b[Kculturelint: {done}/{total} files checked")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress_for(quiet: bool, fmt: str, output: str | None) -> Progress | None:
    """Progress only for a person watching a terminal: never when stderr is not a TTY, never with
    --quiet, never while a machine format goes to stdout (it would share the terminal)."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or quiet or (fmt != "text" and output is None):
        return None
    return Progress()


def call_with_progress(run: Callable[..., Any], progress: Progress | None, *args: Any) -> Any:
    try:
        return run(*args, progress=progress)
    finally:
        if progress is not None:
            progress.close()
