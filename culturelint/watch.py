"""``check --watch``: check, then check again whenever a checked file changes (watchfiles).

Files are watched through their folder (editors save by writing a new file and renaming it over
the old one, which a watch on the file itself would lose); folders are watched recursively with
watchfiles' default filter (no .git, editor swap or backup files). Ctrl-C exits 0.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from .errors import UserError


def _code(run: Callable[[], object]) -> int:
    """Run one check; the command ends with sys.exit(code), which is the run's result here."""
    try:
        run()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0


class _Filter:
    """Changes to the named files, or to files (not editor droppings) under the named folders."""

    def __init__(self, files: set[str], folders: list[str]) -> None:
        from watchfiles import DefaultFilter

        self.files = files
        self.folders = folders
        self.default = DefaultFilter()

    def __call__(self, change: object, path: str) -> bool:
        absolute = os.path.abspath(path)
        if absolute in self.files:
            return True
        inside = any(absolute.startswith(folder + os.sep) for folder in self.folders)
        return inside and bool(self.default(change, path))  # type: ignore[arg-type]


def targets(paths: Iterable[str]) -> tuple[set[str], list[str]]:
    files: set[str] = set()
    folders: list[str] = []
    for raw in paths:
        if raw == "-":
            raise UserError("--watch re-reads files when they change; it cannot watch stdin ('-')")
        path = os.path.abspath(raw)
        if os.path.isdir(path):
            folders.append(path)
        elif os.path.isfile(path):
            files.add(path)
        else:
            raise UserError("--watch: no such file or folder", raw)
    return files, folders


def watch_and_rerun(paths: list[str], run: Callable[[], object]) -> int:
    """Run the check, then again after each batch of changes; 0 when interrupted with Ctrl-C."""
    from watchfiles import watch

    from .formatters.text import escape

    files, folders = targets(paths)
    roots = sorted(set(folders) | {str(Path(f).parent) for f in files})
    ready = False
    try:
        # The watcher reports an empty batch every half second once it is running: the first check
        # runs then, so an edit made while it runs is caught by the next batch, not lost.
        for changes in watch(
            *roots, watch_filter=_Filter(files, folders), raise_interrupt=True, yield_on_timeout=True, rust_timeout=500
        ):
            if not ready:
                ready = True
                _code(run)
                click.echo(f"culturelint: watching {len(paths)} path(s) for changes; Ctrl-C to stop", err=True)
                continue
            if not changes:
                continue
            names = sorted({escape(os.path.relpath(p)) for _, p in changes})
            click.echo(f"culturelint: changed: {', '.join(names)}; checking again", err=True)
            _code(run)
    except KeyboardInterrupt:
        click.echo("", err=True)
    return 0
