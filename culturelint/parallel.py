"""Checking many files: answers from the results cache first, then the rest over a process pool.

The order of the report never depends on which process finished first: every file's results are
put back at its place in the list of paths. A file's cached results are keyed by its path, its
bytes, the pack set's hash, the options that change findings, the working directory, culturelint's
and Python's versions (``culturelint.cache``): a re-run on unchanged files with unchanged packs and
options reads them back without importing spaCy.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import cache

if TYPE_CHECKING:
    from .model import FileResult, Finding

# a file's results: its file results, findings, notices and hidden findings (suppressed inline)
PathResult = tuple[list["FileResult"], list["Finding"], set[str], list["Finding"]]
Checker = Callable[[str], PathResult]
CACHED_FILE_LIMIT = 10_000_000  # larger files are checked (and size-limited) by the reader, not cached
MANY_FILES = 20  # from this many files, --jobs defaults to the machine's cores
RESULTS = "results"
CHUNKS_PER_WORKER = 16  # small chunks: the last ones even out the workers' loads
CHUNK_MAX = 64

_TASK: Checker | None = None  # the checker the forked workers call (inherited, never pickled)


def default_jobs(count: int) -> int:
    return (os.cpu_count() or 1) if count > MANY_FILES else 1


def result_key(path: str, options: Sequence[Any], packset_key: str | None) -> str | None:
    """The results-cache key of one file, or None when it cannot be cached (stdin, unreadable
    file, a pack set of unknown origin)."""
    if packset_key is None or path == "-" or not cache.enabled():
        return None
    try:  # only a regular file of bounded size: a FIFO would block, /dev/zero never ends
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > CACHED_FILE_LIMIT:
            return None
        with open(path, "rb") as handle:
            data = handle.read(CACHED_FILE_LIMIT + 1)
    except OSError:
        return None
    if len(data) > CACHED_FILE_LIMIT:
        return None
    return cache.digest(RESULTS, path, os.getcwd(), packset_key, repr(tuple(options)), data)


def check_paths(
    paths: list[str],
    check_one: Checker,
    jobs: int | None,
    options: Sequence[Any],
    packset_key: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PathResult]:
    """Every path's results, in the order of ``paths``; ``progress(done, total)`` after each file
    checked in this process."""
    keys = [result_key(p, options, packset_key) for p in paths]
    results: list[PathResult | None] = [cache.load(RESULTS, k) if k else None for k in keys]
    todo = [i for i, found in enumerate(results) if not _valid(found)]
    workers = min(jobs if jobs is not None else default_jobs(len(paths)), len(todo))
    if workers <= 1 or len(todo) < 2:
        for count, i in enumerate(todo):
            if progress is not None and count:
                progress(len(paths) - len(todo) + count, len(paths))
            results[i] = check_one(paths[i])
    else:
        first, rest = todo[0], todo[1:]
        results[first] = check_one(paths[first])  # warms pipelines and matchers the workers inherit
        _store(keys[first], results[first])
        found = _pool([(paths[i], keys[i]) for i in rest], check_one, workers)
        for i, result in zip(rest, found, strict=True):
            results[i] = result
        return [r for r in results if r is not None]  # the workers stored their own results
    for i in todo:
        _store(keys[i], results[i])
    return [r for r in results if r is not None]


def _store(key: str | None, stored: PathResult | None) -> None:
    if key and stored is not None and not any(f.error for f in stored[0]):
        cache.store(RESULTS, key, stored)


def _valid(found: object) -> bool:
    return isinstance(found, tuple) and len(found) == 4


def _pool(tasks: list[tuple[str, str | None]], check_one: Checker, workers: int) -> list[PathResult]:
    """Results in the order of ``tasks``. The files are dealt out in small chunks, largest files
    first, so that no worker is left with a long file while the others idle at the end; each
    worker writes its files' cache entries itself (the parent would do it one after another)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _TASK
    _TASK = check_one
    try:
        context = multiprocessing.get_context("fork")  # workers inherit loaded packs and pipelines
    except ValueError:  # no fork (Windows): one process
        found = [check_one(p) for p, _ in tasks]
        for (_, key), result in zip(tasks, found, strict=True):
            _store(key, result)
        return found
    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
    size = max(1, min(CHUNK_MAX, math.ceil(len(tasks) / (workers * CHUNKS_PER_WORKER))))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    out: list[PathResult | None] = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        batches = [[tasks[i] for i in chunk] for chunk in chunks]
        for chunk, chunk_results in zip(chunks, pool.map(_run_chunk, batches), strict=True):
            for i, result in zip(chunk, chunk_results, strict=True):
                out[i] = result
    _TASK = None
    return [r for r in out if r is not None]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _run_chunk(tasks: list[tuple[str, str | None]]) -> list[PathResult]:
    assert _TASK is not None
    out = []
    for path, key in tasks:
        result = _TASK(path)
        _store(key, result)
        out.append(result)
    return out
