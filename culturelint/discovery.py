"""Which files to check: paths given, folders recursed, .gitignore and config excludes respected."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .readers import COPY_SUFFIXES

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


def walk(folder: Path, exclude: tuple[str, ...] = ()) -> Iterator[Path]:
    import pathspec

    excluded = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    yield from _walk(folder, _inherited(folder), excluded, folder)


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


def _walk(folder: Path, specs: list[tuple[Path, object]], excluded: object | None, root: Path) -> Iterator[Path]:
    own = _ignore_spec(folder)
    if own is not None:
        specs = specs + [(Path(os.path.abspath(folder)), own)]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
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
            yield from _walk(path, specs, excluded, root)
        elif path.suffix.lower() in COPY_SUFFIXES:
            yield path


def expand(paths: list[str], exclude: tuple[str, ...] = ()) -> Iterator[str]:
    """Each given path in order; folders become their copy files. '-' stays '-' (stdin)."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            for found in walk(path, exclude):
                yield str(found)
        else:
            yield raw
