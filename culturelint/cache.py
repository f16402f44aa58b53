"""A private on-disk cache: compiled pack sets, tokenizer dictionaries and per-file results.

Where: ``$CULTURELINT_CACHE_DIR``, else ``${XDG_CACHE_HOME:-~/.cache}/culturelint``. ``--no-cache``
(``CULTURELINT_NO_CACHE=1``) bypasses it entirely. Every entry is keyed by a content hash (of the
inputs, the culturelint version and the Python version), so a change to any input is a new key and
stale entries are never read. Entries are pickles: acceptable because the directory is the user's
own and every key is a hash of content the user already trusts (their packs, their files); nothing
from elsewhere is ever unpickled. Writes go to a temporary file renamed into place
(``os.replace``), so concurrent runs never see half an entry; an entry that cannot be read or
unpickled is treated as missing and rebuilt, never a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
ENV_DIR = "CULTURELINT_CACHE_DIR"
ENV_OFF = "CULTURELINT_NO_CACHE"
FORMAT = "1"  # bump when an entry's layout changes
PY = f"{sys.version_info[0]}.{sys.version_info[1]}"


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "") in ("", "0")


def directory() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "culturelint"


def digest(*parts: str | bytes) -> str:
    """A key from parts, always including the format, culturelint's version and Python's."""
    h = hashlib.sha256()
    for part in (FORMAT, __version__, PY, *parts):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """A hash of every file's path and content (a rename or an edit is a new key)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path).encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\1unreadable")
        h.update(b"\0")
    return h.hexdigest()


def entry_path(kind: str, key: str) -> Path:
    return directory() / kind / key[:2] / f"{key}.pickle"


def load(kind: str, key: str) -> Any | None:
    """The entry, or None when there is none or it cannot be read (it is then rebuilt)."""
    if not enabled():
        return None
    return _read(entry_path(kind, key), pickle.load)


def _read(path: Path, loader: Any) -> Any | None:
    """``loader(handle)`` of the entry at ``path``; a missing entry is None, and a corrupt,
    truncated or foreign one is deleted and None: a miss, never a crash."""
    try:
        with path.open("rb") as handle:
            return loader(handle)
    except FileNotFoundError:
        return None
    except Exception:
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Write atomically (a temporary file renamed into place); a read-only or full disk is no error."""
    if not enabled():
        return
    try:
        _write(entry_path(kind, key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def load_data(kind: str, key: str) -> Any | None:
    """A ``marshal`` entry (plain data: strings, numbers, tuples, dicts, sets; it loads faster than
    a pickle and runs no code), or None when there is none or it cannot be read (then rebuilt)."""
    if not enabled():
        return None
    return _read(directory() / kind / key[:2] / f"{key}.marshal", marshal.load)


def store_data(kind: str, key: str, value: Any) -> None:
    """Write a ``marshal`` entry atomically; a read-only or full disk is no error."""
    if not enabled():
        return
    try:
        _write(directory() / kind / key[:2] / f"{key}.marshal", marshal.dumps(value))
    except (OSError, ValueError):
        return


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    value = load(kind, key)
    if value is None:
        value = build()
        store(kind, key, value)
    return value


def tool_dir(name: str) -> str | None:
    """A folder for a tokenizer's own cache files (jieba's dictionary), or None when caching is off."""
    if not enabled():
        return None
    path = directory() / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(path)


def configure(off: bool, folder: str | None) -> None:
    """``--no-cache`` and ``--cache-dir``, set in the environment so worker processes see them too."""
    if off:
        os.environ[ENV_OFF] = "1"
    if folder:
        os.environ[ENV_DIR] = str(Path(folder).expanduser().resolve())
