"""``--fix``: apply the replacements rules mark as safe, reading each file itself and writing it
back atomically. A file that no longer holds the matched text where the report says is left alone."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .errors import UserError
from .model import STDIN_NAME, Finding, Report


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def apply(report: Report) -> tuple[Report, int]:
    """Fix what can be fixed; the report keeps every other finding."""
    fixable: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.fix is not None and finding.match and finding.path != STDIN_NAME:
            fixable.setdefault(finding.path, []).append(finding)
    fixed: set[int] = set()
    for path, items in fixable.items():
        source = _read(Path(path))
        text, done = apply_to_text(source, items)
        if done:
            try:
                write_atomic(Path(path), text)
            except OSError as exc:
                raise UserError(f"cannot write the fixed file: {exc.strerror or exc}", path) from None
            fixed.update(id(f) for f in done)
    remaining = tuple(f for f in report.findings if id(f) not in fixed)
    return replace(report, findings=remaining), len(fixed)


def _read(path: Path) -> str:
    from .readers.common import decode

    try:
        return decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise UserError(f"cannot read for --fix: {exc.strerror or exc}", str(path)) from None


def apply_to_text(source: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """``source`` with each finding's fix in place of its match, and the findings that were fixed.
    Overlapping fixes keep the later one; the other stays a finding for a person."""
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    edits = []
    for finding in findings:
        if finding.line > len(starts) or finding.end_line > len(starts):
            continue
        start = starts[finding.line - 1] + finding.column - 1
        end = starts[finding.end_line - 1] + finding.end_column - 1
        if source[start:end] == finding.match:
            edits.append((start, end, finding))
    done = []
    last = len(source) + 1
    for start, end, finding in sorted(edits, key=lambda e: e[0], reverse=True):
        if end > last:
            continue
        source = source[:start] + str(finding.fix) + source[end:]
        last = start
        done.append(finding)
    return source, done
