"""Reading what a user points culturelint at without being hurt by it: file names that are not
UTF-8, FIFOs and devices (never opened: opening a FIFO blocks), symlink loops, files larger than
``--max-file-size``, stdin that is closed or not UTF-8, and paths that leave the repository."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import InputError, UserError

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes; --max-file-size / config max_file_size
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str | int) -> int:
    """``10MB``, ``500k``, ``2 GiB`` or a byte count; 0 means no limit."""
    if isinstance(text, int) and not isinstance(text, bool):
        if text < 0:
            raise UserError(f"invalid size {text!r}: expected bytes >= 0 or a size like 10MB")
        return text
    m = _SIZE.match(str(text))
    if not m:
        raise UserError(f"invalid size {text!r}: expected bytes or a size like 500k, 10MB, 1GB")
    unit = (m.group(2) or "").lower()[:1]
    return int(float(m.group(1)) * _UNITS[unit])


def display_name(path: str) -> str:
    """A path as shown in reports: bytes that are not UTF-8 (kept by Python as lone surrogates)
    are written as ``\\xff`` escapes, so every output format can carry the name."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str | None:
    """Why a file that is not a regular file is skipped, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_file(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The bytes of a regular file, checked before it is opened (a FIFO would block, a device
    never ends) and read no further than ``max_size`` bytes (0: no limit)."""
    shown = display_name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError("broken symbolic link; skipped", shown) from None
        raise InputError("no such file or folder", shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symbolic link loop; skipped", shown) from None
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    kind = _kind(info.st_mode)
    if kind:
        raise InputError(f"{kind}, not a copy file; skipped (never opened)", shown)
    _check_size(info.st_size, max_size, shown)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)  # swapped for a FIFO or device since the check
        if kind:
            raise InputError(f"{kind}, not a copy file; skipped", shown)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            _check_size(total, max_size, shown)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    finally:
        os.close(fd)


def _check_size(size: int, max_size: int, shown: str) -> None:
    if max_size and size > max_size:
        raise InputError(f"file is larger than --max-file-size ({_human(size)} > {_human(max_size)}); skipped", shown)


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)  # pragma: no cover


def read_stdin(max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """Standard input's bytes; a closed stdin reads as empty, and more than ``max_size`` is an error."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        return b""
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is None:  # a text stream handed in by a caller (tests): take its text as given
            return str(stream.read()).encode("utf-8", "surrogateescape")
        data = buffer.read(max_size + 1) if max_size else buffer.read()
    except (OSError, ValueError):
        return b""
    _check_size(len(data or b""), max_size, "<stdin>")
    return data or b""


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, every symlink resolved, lies in ``root`` (resolved too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))
    except (OSError, ValueError):
        return False


def write_atomic(
    target: str,
    data: bytes,
    mode: int,
    owner: tuple[int, int] | None = None,
    last_check: Callable[[], None] | None = None,
) -> None:
    """Replace ``target`` with ``data`` atomically: a temporary file beside it (same folder, so
    the rename stays on one file system), written and fsynced, given ``mode`` (and ``owner`` where
    we may), then ``last_check()`` (which may raise to leave the target alone), ``os.replace`` and
    an fsync of the folder. A kill at any moment leaves the old or the new file; the temporary
    file is removed on any failure. Raises ``OSError`` (and whatever ``last_check`` raises)."""
    folder = os.path.dirname(target) or "."
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown") and owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # not ours to give away: then it is the writer's file
                os.chown(tmp, *owner)
        if last_check is not None:
            last_check()
        os.replace(tmp, target)
        tmp = None
        sync_folder(folder)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def sync_folder(folder: str) -> None:
    """fsync a folder, so a rename in it survives a crash (where the system allows it)."""
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
