"""Which files to check: paths given, folders recursed, .gitignore and config excludes respected."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .readers import COPY_SUFFIXES
from .safeio import display_name

ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def _ignore_spec(folder: Path) -> object | None:
    gitignore = folder / ".gitignore"
    if not gitignore.is_file():
        return None
    import pathspec

    lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: list[tuple[Path, object]], path: Path, is_dir: bool) -> bool:
    path = Path(os.path.abspath(path))
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


def walk(folder: Path, exclude: tuple[str, ...] = (), skipped: list[str] | None = None) -> Iterator[Path]:
    import pathspec

    excluded = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    yield from _walk(folder, _inherited(folder), excluded, folder, skipped if skipped is not None else [])


def _inherited(folder: Path) -> list[tuple[Path, object]]:
    """.gitignore files above the folder, up to the repository root, apply inside it too."""
    absolute = folder.resolve()
    chain = []
    for parent in absolute.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return []
    specs = []
    for parent in reversed(chain):
        spec = _ignore_spec(parent)
        if spec is not None:
            specs.append((parent, spec))
    return specs


def _walk(
    folder: Path, specs: list[tuple[Path, object]], excluded: object | None, root: Path, skipped: list[str]
) -> Iterator[Path]:
    own = _ignore_spec(folder)
    if own is not None:
        specs = specs + [(Path(os.path.abspath(folder)), own)]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        kind = _unsafe(entry, root)
        if kind == "folder link":
            continue  # a linked folder inside the tree is walked where it stands; following it could loop
        if kind:
            if path.suffix.lower() in COPY_SUFFIXES or kind.startswith("a symbolic link to a folder outside"):
                skipped.append(f"{display_name(entry.path)}: {kind}; skipped")
            continue
        is_dir = entry.is_dir()
        if is_dir and entry.name in ALWAYS_SKIPPED:
            continue
        if _ignored(specs, path, is_dir):
            continue
        if excluded is not None and excluded.match_file(  # type: ignore[attr-defined]
            path.relative_to(root).as_posix() + ("/" if is_dir else "")
        ):
            continue
        if is_dir:
            yield from _walk(path, specs, excluded, root, skipped)
        elif path.suffix.lower() in COPY_SUFFIXES:
            yield path


def _unsafe(entry: os.DirEntry[str], root: Path) -> str | None:
    """Why a folder entry is not walked into or read (None: it is safe). A walk reads nothing
    outside the folder it was given through a symlink, follows no linked folder (loops), and
    never opens a FIFO, socket or device (a FIFO blocks, /dev/zero never ends)."""
    from .safeio import inside

    try:
        if entry.is_symlink():
            target = os.stat(entry.path)  # follows; a loop raises ELOOP
            if not inside(Path(entry.path), root):
                where = "folder" if stat.S_ISDIR(target.st_mode) else "file"
                return f"a symbolic link to a {where} outside {display_name(str(root))}"
            if stat.S_ISDIR(target.st_mode):
                return "folder link"
            mode = target.st_mode
        else:
            mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return "a symbolic link loop" if exc.errno == errno.ELOOP else "a broken symbolic link"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), never opened"
    if stat.S_ISSOCK(mode):
        return "a socket, never opened"
    return "a device, never opened"


def expand(paths: list[str], exclude: tuple[str, ...] = (), skipped: list[str] | None = None) -> Iterator[str]:
    """Each given path in order; folders become their copy files. '-' stays '-' (stdin). Entries
    a walk passes over (links leaving the folder, loops, FIFOs, devices) are named in ``skipped``."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for found in walk(path, exclude, skipped):
                yield str(found)
        else:
            yield raw
