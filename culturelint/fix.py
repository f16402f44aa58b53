"""``--fix`` and ``--diff``: apply the replacements rules mark as safe, changing those characters
and no other byte of the file, and ``-o``: write a report where it is safe to.

A fixed file keeps its line endings (LF, CRLF, CR), its byte-order mark, its encoding, its mode
and owner; a symlink keeps pointing where it did (the target is written). Writes are atomic (a
temporary file beside the target, then a rename), so a kill at any moment leaves either the old or
the new file. Because a rename would give a hard-linked file a new inode and break the link, a file
with several hard links is refused with one line rather than written in place (an in-place write
is not atomic).

Each file is fixed under a lock (``filelock``, one lock file per target in the user's temporary
folder), so concurrent runs serialise. A file that changed since culturelint checked it is checked
again under the lock before it is fixed (so two runs never lose each other's fixes); one that
changes while it is being fixed is left alone. Every problem is one line naming the file; the
other files are still fixed."""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import safeio
from .errors import UserError
from .model import STDIN_NAME, Finding, Report

LOCK_TIMEOUT = 120.0  # seconds to wait for another culturelint run fixing the same file
LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
FALLBACK_ENCODINGS = ("latin-1", "cp1252")  # what a reader may decode non-UTF-8 copy as; on a tie latin-1,
# so a fix needing a character only cp1252 has (€) is refused rather than guessed

Recheck = Callable[[str], Report]  # check one path again: the findings on its current content


@dataclass
class Outcome:
    """What ``apply`` did: the report without the fixed findings, how many were fixed, one line per
    file that could not be fixed (exit 2), and for ``--diff`` the unified diff of every change."""

    report: Report
    fixed: int = 0
    problems: list[str] = field(default_factory=list)
    diff: str = ""
    files: int = 0  # files changed (or, for --diff, that would change)


@dataclass(frozen=True)
class Encoded:
    """A file's bytes taken apart: the text with its own line endings, and how to put it back."""

    text: str
    encoding: str
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def apply(report: Report, recheck: Recheck | None = None, write: bool = True) -> Outcome:
    """Fix what can be fixed (or, with ``write=False``, only describe it as a diff); the report
    keeps every other finding."""
    fixable: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.fix is not None and finding.match and finding.path != STDIN_NAME:
            fixable.setdefault(finding.path, []).append(finding)
    outcome = Outcome(report)
    checked = {f.path: f.source or None for f in report.files if f.error is None}  # None: not known
    diffs: list[str] = []
    for path, items in fixable.items():
        try:
            if write:
                with FileLocked(path):
                    fixed = _fix_file(path, items, checked.get(path), recheck, outcome)
            else:
                fixed = _fix_file(path, items, checked.get(path), None, outcome, diffs)
        except UserError as exc:
            outcome.problems.append(str(exc))
            continue
        if fixed:
            outcome.files += 1
    outcome.diff = "".join(diffs)
    return outcome


def _fix_file(
    path: str,
    items: list[Finding],
    checked: str | None,
    recheck: Recheck | None,
    outcome: Outcome,
    diffs: list[str] | None = None,
) -> int:
    target = os.path.realpath(path)  # a symlink: write its target, keep the link
    data, before = _read(path, target)
    encoded = decode_keeping(data, path, checked)
    normalised = LINE_BREAK.sub("\n", encoded.text)
    if checked is not None and normalised != checked:
        if recheck is None:
            raise UserError("changed since it was checked; not fixed (run again)", path)
        fresh = recheck(path)  # another run fixed it, or a person edited it: fix what it says now
        sources = [f.source for f in fresh.files if f.path == path and f.error is None]
        if not sources or any(source != normalised for source in sources):
            raise UserError("changed while it was being fixed; not fixed (run again)", path)
        outcome.report = _replace_path(outcome.report, fresh, path)
        items = [f for f in fresh.findings if f.path == path and f.fix is not None and f.match]
    text, done = edit(encoded.text, items)
    if not done:
        return 0
    if diffs is not None:
        diffs.append(unified_diff(path, encoded.text, text))
    else:
        try:
            new = encoded.encode(text)
        except UnicodeEncodeError:
            raise UserError(
                f"a fix needs characters the file's encoding ({encoded.encoding}) cannot hold; not fixed", path
            ) from None
        _replace(path, target, new, data, before)
    fixed = {id(f) for f in done}
    current = outcome.report
    outcome.report = replace(current, findings=tuple(f for f in current.findings if id(f) not in fixed))
    outcome.fixed += len(done)
    return len(done)


def _read(path: str, target: str) -> tuple[bytes, os.stat_result]:
    try:
        with open(target, "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise UserError("not a regular file; not fixed", path)
            return handle.read(), before
    except OSError as exc:
        raise UserError(f"cannot read for --fix: {exc.strerror or exc}", path) from None


def decode_keeping(data: bytes, path: str, checked: str | None = None) -> Encoded:
    """The file's text with its line endings as they are, and its encoding and byte-order mark,
    such that ``encode`` gives back every byte: the encoding that reads it as culturelint checked it
    (``checked``, line endings normalised), else the first that reads it at all. An encoding --fix
    cannot write back byte for byte is refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            candidates: Iterable[str] = (encoding,)
            break
    else:
        bom, candidates = b"", ("utf-8", *FALLBACK_ENCODINGS)
    body = data[len(bom) :]
    found = []
    for encoding in candidates:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.encode(encoding) == body:
            if checked is None or LINE_BREAK.sub("\n", text) == checked:
                return Encoded(text, encoding, bom)
            found.append(Encoded(text, encoding, bom))
    if found:
        return found[0]
    raise UserError("its encoding cannot be written back byte for byte; not fixed", path)


def _replace(path: str, target: str, new: bytes, old: bytes, before: os.stat_result) -> None:
    """Write ``new`` beside ``target``, then rename it over the target, unless the target has
    other hard links, cannot be written, or changed since ``before``."""
    if before.st_nlink > 1:
        raise UserError(
            f"has {before.st_nlink} hard links, which an atomic rewrite would break; not fixed "
            "(fix it by hand, or copy it to break the link)",
            path,
        )
    if not os.access(target, os.W_OK):
        raise UserError("is read-only; not fixed", path)
    try:
        safeio.write_atomic(
            target,
            new,
            stat.S_IMODE(before.st_mode),
            (before.st_uid, before.st_gid),
            lambda: _unchanged(path, target, old, before),
        )
    except OSError as exc:
        raise UserError(f"cannot write the fixed file: {exc.strerror or exc}", path) from None


def _unchanged(path: str, target: str, old: bytes, before: os.stat_result) -> None:
    """The last look before the rename: the file is still the one read, byte for byte."""
    try:
        now = os.stat(target)
        with open(target, "rb") as handle:
            same = handle.read() == old
    except OSError:
        same = False
    if not same or (now.st_ino, now.st_dev, now.st_size, now.st_mtime_ns) != (
        before.st_ino,
        before.st_dev,
        before.st_size,
        before.st_mtime_ns,
    ):
        raise UserError("changed while it was being fixed; left as it is (run again)", path)


class FileLocked:
    """One culturelint run at a time fixes a given file (its real path)."""

    def __init__(self, path: str) -> None:
        self.path = path
        key = hashlib.sha256(os.fsencode(os.path.realpath(path))).hexdigest()[:32]
        uid = os.getuid() if hasattr(os, "getuid") else 0
        self.file = Path(tempfile.gettempdir()) / f"culturelint-{uid}-locks" / f"{key}.lock"

    def __enter__(self) -> None:
        from filelock import FileLock, Timeout

        try:
            self.file.parent.mkdir(mode=0o700, exist_ok=True)
            folder = os.lstat(self.file.parent)
            if not stat.S_ISDIR(folder.st_mode) or (hasattr(os, "getuid") and folder.st_uid != os.getuid()):
                raise UserError(f"the lock folder {self.file.parent} is not a folder of yours; not fixed", self.path)
            self.lock = FileLock(str(self.file), timeout=LOCK_TIMEOUT)
            self.lock.acquire()
        except Timeout:
            raise UserError(f"another run has been fixing it for {LOCK_TIMEOUT:.0f} s; not fixed", self.path) from None
        except OSError as exc:
            raise UserError(f"cannot take the lock for --fix ({self.file}): {exc.strerror or exc}", self.path) from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def _replace_path(report: Report, fresh: Report, path: str) -> Report:
    """``report`` with what it says about ``path`` (findings, hidden ones, file entries) taken from
    ``fresh``, a check of that path alone."""

    def merged(old: tuple[Finding, ...], new: tuple[Finding, ...]) -> tuple[Finding, ...]:
        out: list[Finding] = []
        placed = False
        for finding in old:
            if finding.path != path:
                out.append(finding)
            elif not placed:
                out.extend(f for f in new if f.path == path)
                placed = True
        if not placed:
            out.extend(f for f in new if f.path == path)
        return tuple(out)

    files = tuple(f for f in report.files if f.path != path)
    at = next((i for i, f in enumerate(report.files) if f.path == path), len(files))
    files = files[:at] + tuple(f for f in fresh.files if f.path == path) + files[at:]
    return replace(
        report,
        findings=merged(report.findings, fresh.findings),
        suppressed=merged(report.suppressed, fresh.suppressed),
        files=files,
    )


def edit(source: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """``source`` (with any line endings) with each finding's fix in place of its match, and the
    findings that were fixed. Lines and columns count as the readers do (CRLF, CR and LF each end
    a line); a finding whose text is no longer where it says is left alone. Overlapping fixes keep
    the later one; the other stays a finding for a person."""
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(source)]
    edits = []
    for finding in findings:
        if finding.line > len(starts) or finding.end_line > len(starts) or finding.fix is None:
            continue
        start = starts[finding.line - 1] + finding.column - 1
        end = starts[finding.end_line - 1] + finding.end_column - 1
        if LINE_BREAK.sub("\n", source[start:end]) == finding.match:
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


def apply_to_text(source: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """``edit`` on text as the readers give it (LF line endings)."""
    return edit(source, findings)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file as ``--diff`` prints it (ruff's form: both headers name the
    file), line endings shown as they are."""
    out = []
    for line in difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=path, tofile=path
    ):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: Path, text: str) -> None:
    """Kept for callers of the earlier API: ``write_report``."""
    write_report(str(path), text)


def write_report(path: str, text: str) -> None:
    """``-o FILE``: only a regular file or a new path is written (never a FIFO, device, folder or
    symlink found there), atomically, with the mode an ordinary write would give: the existing
    file's, or for a new file the umask's."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UserError(f"cannot write report: {exc.strerror or exc}", path) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        kind = (
            "a symlink"
            if stat.S_ISLNK(found.st_mode)
            else "a folder"
            if stat.S_ISDIR(found.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(found.st_mode)
            else "a device or socket"
        )
        raise UserError(f"is {kind}; -o writes only to a regular file or a new path", path)
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
    try:
        safeio.write_atomic(path, text.encode("utf-8", "surrogateescape"), mode)
    except OSError as exc:
        raise UserError(f"cannot write report: {exc.strerror or exc}", path) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
