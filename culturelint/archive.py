"""``culturelint archive``: audit a brand's past posts on Dask (``dask.distributed``).

The archive is JSON Lines (``.jsonl``, ``.ndjson``, also gzipped) or Parquet files with the columns
text, market, date, channel, sponsored and an optional id. The client only plans: it lists the
files and cuts them into partitions (byte ranges of JSON Lines, row ranges of Parquet), never
reading posts into its own memory. Each partition is a task on a worker; the worker reads its rows,
checks each post with the same engine call ``culturelint.check_text`` makes (one pack set per
worker process, loaded once), writes its findings as a Parquet file of its own and returns only
counts. The client merges the counts into the JSON and HTML summaries and moves the finished
findings folder into place at the end (a temporary folder, then a rename: a reader never sees half
an output).

Needs the ``archive`` extra (dask, distributed, pyarrow); the base install does not.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import hashlib
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__
from .errors import UserError
from .model import SEVERITY_NAMES, Finding

FIELDS = ("text", "market", "date", "channel", "sponsored", "id")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
BAD_ROW_EXAMPLES = 200  # bad rows named one by one in the summary (all are counted)
TOP_RULES = 10
FINDING_COLUMNS = (
    ("post_id", "string"),
    ("file", "string"),
    ("row", "int64"),
    ("market", "string"),
    ("date", "date32"),
    ("month", "string"),
    ("channel", "string"),
    ("sponsored", "bool"),
    ("rule", "string"),
    ("category", "string"),
    ("severity", "string"),
    ("message", "string"),
    ("match", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("fingerprint", "string"),
)


@dataclass(frozen=True)
class ArchiveRequest:
    """What ``culturelint archive`` was asked to do (the CLI's options, one for one)."""

    paths: tuple[str, ...]
    out: Path
    columns: tuple[tuple[str, str], ...] = ()  # (field, the archive's column name): --column text=body
    market: str | None = None  # --market: every post is checked for this market
    since: dt.date | None = None
    until: dt.date | None = None
    sample: int | None = None  # --sample N: only the first N posts (a dry run)
    scheduler: str | None = None  # --scheduler tcp://host:8786: an existing cluster
    workers: int | None = None  # local cluster: worker processes (None: the cores)
    threads_per_worker: int = 1  # spaCy is not thread-parallel: scale with processes
    processes: bool = True  # local cluster workers are processes (False: threads, for tests)
    partition_size: int = 5000  # posts per partition (one task)
    single_file: bool = False  # findings.parquet instead of a folder partitioned by market
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"


@dataclass(frozen=True)
class Settings:
    """What a worker needs to check posts as the run asks: small and picklable."""

    columns: tuple[tuple[str, str], ...]
    market: str | None
    since: dt.date | None
    until: dt.date | None
    rules: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    version: str = __version__

    def column(self, name: str) -> str:
        return dict(self.columns).get(name, name)


@dataclass(frozen=True)
class Part:
    """One task: rows of one file. JSON Lines: the byte range [start, stop) (gzipped files: the
    lines after ``first_row - 1``); Parquet: the row range [start, stop)."""

    index: int
    file: str
    kind: str  # "jsonl", "jsonl.gz" or "parquet"
    start: int
    stop: int | None
    first_row: int  # 1-based line (JSON Lines) or row (Parquet) number of the first row
    limit: int | None = None  # at most this many rows (--sample)


@dataclass
class Counts:
    """What a partition returns, and what the client adds up: never the findings themselves."""

    posts: dict[tuple[str, str], int] = field(default_factory=dict)  # (market, month)
    flagged: dict[tuple[str, str], int] = field(default_factory=dict)  # posts with a finding
    # (market, category, month) -> [findings, error, warning, info, posts with a finding of it]
    cells: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)
    rules: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # (market, rule, category, sev)
    bad_rows: int = 0
    bad_examples: list[tuple[str, int, str]] = field(default_factory=list)  # (file, row, reason)
    filtered: int = 0  # outside --since/--until
    checked: int = 0  # engine checks run (posts minus identical ones answered from the partition)
    errors: list[str] = field(default_factory=list)  # file-level problems met by a worker
    parts: int = 0
    # per worker process: CPU seconds its partitions took, and its peak resident memory (MB);
    # CPU time, unlike wall time, says how the work splits even on a machine others load
    cpu: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        pairs: tuple[tuple[dict[Any, int], dict[Any, int]], ...] = (
            (self.posts, other.posts),
            (self.flagged, other.flagged),
            (self.rules, other.rules),
        )
        for mine, theirs in pairs:
            for k, n in theirs.items():
                mine[k] = mine.get(k, 0) + n
        for key, values in other.cells.items():
            cell = self.cells.setdefault(key, [0, 0, 0, 0, 0])
            for i, n in enumerate(values):
                cell[i] += n
        self.bad_rows += other.bad_rows
        room = BAD_ROW_EXAMPLES - len(self.bad_examples)
        self.bad_examples.extend(other.bad_examples[: max(room, 0)])
        self.filtered += other.filtered
        self.checked += other.checked
        self.errors.extend(other.errors)
        self.parts += other.parts
        for worker, seconds in other.cpu.items():
            self.cpu[worker] = self.cpu.get(worker, 0.0) + seconds
        for worker, mb in other.peak_mb.items():
            self.peak_mb[worker] = max(self.peak_mb.get(worker, 0.0), mb)


@dataclass
class ArchiveResult:
    counts: Counts
    errors: list[str]  # bad files: "FILE: reason"
    out: Path
    findings_path: Path
    summary: dict[str, Any]
    seconds: float
    workers: int

    @property
    def posts(self) -> int:
        return sum(self.counts.posts.values())

    @property
    def findings(self) -> int:
        return sum(cell[0] for cell in self.counts.cells.values())


# ---------------------------------------------------------------- planning (client side)


def archive_files(paths: tuple[str, ...] | list[str], errors: list[str]) -> list[str]:
    """Every archive file the paths name: files, globs, folders (walked for JSON Lines and Parquet
    files). A path that names nothing is an error line; the others still run."""
    found: list[str] = []
    for path in paths:
        if any(ch in path for ch in "*?["):
            matches = sorted(glob.glob(path, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            if not files:
                errors.append(f"{path}: no file matches this pattern")
            found.extend(files)
        elif os.path.isdir(path):
            files = sorted(
                os.path.join(root, name)
                for root, dirs, names in os.walk(path)
                for name in names
                if _kind(name) and not name.startswith(".")
                if not any(d.startswith(".") for d in Path(root).relative_to(path).parts)
            )
            if not files:
                errors.append(f"{path}: no .jsonl, .jsonl.gz or .parquet file in this folder")
            found.extend(files)
        elif os.path.exists(path):
            found.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl.gz" if lower.endswith(".gz") else "jsonl"
    return None


def plan(
    files: list[str], partition_size: int, sample: int | None, errors: list[str], required: tuple[str, ...] = ()
) -> list[Part]:
    """Cut the files into partitions of about ``partition_size`` posts. JSON Lines files are read
    once for their line offsets (bytes only, nothing parsed or kept); Parquet files give their row
    counts from the footer, and one without a ``required`` column is refused whole. A file that
    cannot be read is an error line, the rest still run."""
    parts: list[Part] = []
    remaining = sample
    for path in files:
        if remaining is not None and remaining <= 0:
            break
        kind = _kind(path)
        if kind is None:
            errors.append(f"{path}: not an archive file (expected .jsonl, .ndjson, .jsonl.gz or .parquet)")
            continue
        try:
            if kind == "parquet":
                ranges = _parquet_ranges(path, partition_size, required)
            else:
                ranges = _jsonl_ranges(path, kind, partition_size)
        except (OSError, EOFError, ValueError) as exc:
            errors.append(f"{path}: cannot read: {_reason(exc)}")
            continue
        except Exception as exc:  # pyarrow's ArrowInvalid and friends: a broken file, not a crash
            errors.append(f"{path}: cannot read: {_reason(exc)}")
            continue
        for start, stop, first_row, rows in ranges:
            limit = rows if kind == "jsonl.gz" else None  # a gzipped range is a count of lines
            if remaining is not None:
                if remaining <= 0:
                    break
                limit = min(rows, remaining)
                remaining -= limit
            parts.append(Part(len(parts), path, kind, start, stop, first_row, limit))
    return parts


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def _jsonl_ranges(path: str, kind: str, size: int) -> list[tuple[int, int | None, int, int]]:
    """(start, stop, first line, lines) per partition. Gzipped files cannot be entered in the
    middle: their ranges are line numbers, and a worker skips the lines before its own."""
    out: list[tuple[int, int | None, int, int]] = []
    plain = kind == "jsonl"
    with open(path, "rb") as raw, raw if plain else gzip.open(raw, "rb") as fh:
        start, position, lines, first = 0, 0, 0, 1
        for line in fh:
            lines += 1
            position += len(line)
            if lines - first + 1 == size:
                out.append((start if plain else first, position if plain else None, first, size))
                start, first = position, lines + 1
        if lines >= first:
            out.append((start if plain else first, position if plain else None, first, lines - first + 1))
    return out


def _parquet_ranges(path: str, size: int, required: tuple[str, ...] = ()) -> list[tuple[int, int | None, int, int]]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    names = handle.schema_arrow.names
    missing = [name for name in required if name not in names]
    if missing:
        raise ValueError(f"no column '{missing[0]}' (columns: {', '.join(names)}); map one with --column")
    rows = handle.metadata.num_rows
    return [(start, min(start + size, rows), start + 1, min(size, rows - start)) for start in range(0, rows, size)]


# ---------------------------------------------------------------- reading rows (worker side)


def read_rows(part: Part, settings: Settings) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(row number, the row's fields) for each row of the partition, or (row number, why it is
    bad) for a row that cannot be read."""
    rows = _parquet_rows(part, settings) if part.kind == "parquet" else _jsonl_rows(part)
    for count, item in enumerate(rows):
        if part.limit is not None and count >= part.limit:
            return
        yield item


def _jsonl_rows(part: Part) -> Iterator[tuple[int, dict[str, Any] | str]]:
    fh: Any = open(part.file, "rb")  # noqa: SIM115 (closed below, after the generator's last row)
    if part.kind == "jsonl.gz":
        fh = gzip.GzipFile(fileobj=fh, mode="rb")  # closing it leaves the file open: closed below too
        for _ in range(part.first_row - 1):
            fh.readline()
    else:
        fh.seek(part.start)
    raw_file = fh.fileobj if part.kind == "jsonl.gz" else fh
    try:
        position, number = part.start, part.first_row
        for raw in fh:
            if part.stop is not None and position >= part.stop:
                break
            position += len(raw)
            if not raw.strip():
                number += 1
                continue
            try:
                value = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield number, f"not UTF-8 ({exc.reason} at byte {exc.start})"
            except json.JSONDecodeError as exc:
                yield number, f"not JSON ({exc.msg} at column {exc.colno})"
            else:
                yield number, value if isinstance(value, dict) else f"not a JSON object but {type(value).__name__}"
            number += 1
    finally:
        fh.close()
        raw_file.close()


def _parquet_rows(part: Part, settings: Settings) -> Iterator[tuple[int, dict[str, Any] | str]]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(part.file)
    names = set(handle.schema_arrow.names)
    wanted = [settings.column(f) for f in FIELDS if settings.column(f) in names]
    row = 0
    stop = part.stop if part.stop is not None else handle.metadata.num_rows
    for group in range(handle.num_row_groups):
        count = handle.metadata.row_group(group).num_rows
        if row + count <= part.start:
            row += count
            continue
        if row >= stop:
            break
        table = handle.read_row_group(group, columns=wanted)
        low, high = max(part.start - row, 0), min(stop - row, count)
        for offset, record in enumerate(table.slice(low, high - low).to_pylist()):
            yield row + low + offset + 1, record
        row += count


# ---------------------------------------------------------------- checking (worker side)


@dataclass(frozen=True)
class Post:
    id: str
    file: str
    row: int
    text: str
    market: str
    date: dt.date
    channel: str | None
    sponsored: bool | None

    @property
    def month(self) -> str:
        return self.date.strftime("%Y-%m")


class Checker:
    """One per worker process (``checker(settings)``): the pack set, options and request that
    ``culturelint.check_text`` would build, built once; each post then costs one engine check."""

    def __init__(self, settings: Settings) -> None:
        from . import api
        from .config import Config
        from .engine import CheckOptions
        from .nlp.models import parse_models

        self.settings = settings
        self.request = api.CheckRequest(
            [api.STDIN], rules=[Path(r) for r in settings.rules], select=settings.select, ignore=settings.ignore
        )
        self.config = Config()
        self.packset = api.load_knowledge(self.request)
        self.options = CheckOptions(dt.date.today(), api.selection_for(self.request), parse_models(self.config.models))
        self.markets: dict[str, str | UserError] = {}
        self.signatures: dict[tuple[str, dt.date], int] = {}
        self._interned: dict[tuple[object, ...], int] = {}
        self._dated: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        self._stand_ins: dict[int, dt.date] = {}
        self.zodiac_ids: set[str] = set()  # rules whose findings name the copy's date

    def market(self, tag: str) -> str:
        """The canonical tag (``pt_br`` -> ``pt-BR``); an unknown one raises UserError."""
        known = self.markets.get(tag)
        if known is None:
            try:
                known = self.packset.markets.resolve(tag)
            except UserError as exc:
                known = exc
            self.markets[tag] = known
        if isinstance(known, UserError):
            raise known
        return known

    def signature(self, market: str, day: dt.date) -> int:
        """Posts of one market whose run dates switch on the same rules get the same findings for
        the same text, so identical texts on different days need one check, not one per day. The
        zodiac rule reads the date itself: the animals it allows on the day count too (and a post
        it finds something on is keyed by its day as well: its message names the date)."""
        key = (market, day)
        found = self.signatures.get(key)
        if found is None:
            from .rulekinds.zodiac import ZodiacRule, zodiac_years

            dated = self._dated.get(market)
            if dated is None:
                rules = tuple(
                    r
                    for pack in self.packset.packs
                    if self.packset.markets.pack_applies(pack.markets, market)
                    for r in pack.rules
                    if self.options.selection.enabled(r)
                )
                dated = (
                    tuple(r for r in rules if r.active_from or r.active_until or r.windows),
                    tuple(r for r in rules if isinstance(r, ZodiacRule)),
                )
                self._dated[market] = dated
                self.zodiac_ids.update(r.id for r in dated[1])
            candidates, zodiac = dated
            on = tuple(r.id for r in candidates if r.is_active(day, market))
            animals = tuple(
                (r.id, tuple(sorted(zodiac_years(day, r.lead_days)))) for r in zodiac if r.is_active(day, market)
            )
            sig: tuple[object, ...] = (market, on, animals)
            found = self._interned.setdefault(sig, len(self._interned))
            self.signatures[key] = found
        return found

    def stand_in(self, signature: int, day: dt.date) -> dt.date:
        """The first day seen with this signature: checking a post on it gives the findings of its
        own day (the same rules are in force and the zodiac allows the same animals), and the
        engine's per-day rule set is then worked out once per signature, not once per day."""
        return self._stand_ins.setdefault(signature, day)

    def check(self, post: Post, day: dt.date | None = None) -> list[Finding]:
        """The findings ``culturelint.check_text(text, market=, date=, channel=, sponsored=)``
        gives, through the same request, resolution and engine call (on ``day`` instead of the
        post's date when given: a stand-in with the same signature)."""
        from . import api

        request = replace(
            self.request,
            markets=(post.market,),
            sponsored=post.sponsored,
            day=day or post.date,
            channel=post.channel,
            stdin_text=post.text,
        )
        files, findings, _, _ = api._check_path(
            api.STDIN, request, (post.market,), self.packset, self.options, self.config
        )
        problem = next((f.error for f in files if f.error), None)
        if problem:
            raise UserError(problem)
        return findings


_CHECKERS: dict[Settings, Checker] = {}
_LOCK = threading.Lock()


def checker(settings: Settings) -> Checker:
    """The worker process's checker for these settings: the pack set is loaded once per process
    (the worker plugin warms it before the first task), never once per partition or post."""
    with _LOCK:
        found = _CHECKERS.get(settings)
        if found is None:
            found = _CHECKERS[settings] = Checker(settings)
        return found


def _post(row: int, raw: dict[str, Any], file: str, settings: Settings, check: Checker) -> Post | str:
    """The row as a post, or why it is not one."""
    text = raw.get(settings.column("text"))
    if not isinstance(text, str) or not text.strip():
        return f"column '{settings.column('text')}' is missing or not a non-empty string"
    tag = settings.market or raw.get(settings.column("market"))
    if not isinstance(tag, str) or not tag.strip():
        return f"column '{settings.column('market')}' is missing (or pass --market)"
    try:
        market = check.market(tag)
    except UserError as exc:
        return f"market: {exc}"
    day = _day(raw.get(settings.column("date")))
    if day is None:
        return f"column '{settings.column('date')}' is missing or not a date (YYYY-MM-DD)"
    channel = raw.get(settings.column("channel"))
    if channel is not None and not isinstance(channel, str):
        return f"column '{settings.column('channel')}' is not a string"
    sponsored = _flag(raw.get(settings.column("sponsored")))
    if sponsored == "bad":
        return f"column '{settings.column('sponsored')}' is not true/false"
    ident = raw.get(settings.column("id"))
    if ident is None or isinstance(ident, (bool, dict, list)):
        ident = f"{os.path.basename(file)}:{row}"
    return Post(
        str(ident),
        file,
        row,
        text,
        market,
        day,
        channel.strip().lower() if channel and channel.strip() else None,
        sponsored,  # type: ignore[arg-type]
    )


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _flag(value: Any) -> bool | str | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n"):
            return False
        if lowered == "":
            return None
    return "bad"


def _offsets(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def check_part(part: Part, settings: Settings, folder: str) -> Counts:
    """A task: check one partition's posts and write their findings to ``folder`` (one Parquet file
    per market, named by the partition); return the counts only. Identical posts (same text,
    market, channel, flag and rules in force) are checked once per partition."""
    import time

    cpu = time.process_time()
    check = checker(settings)
    counts = Counts(parts=1)
    posts: list[Post] = []
    try:
        for number, raw in read_rows(part, settings):
            post = raw if isinstance(raw, str) else _post(number, raw, part.file, settings, check)
            if isinstance(post, str):
                counts.bad_rows += 1
                if len(counts.bad_examples) < BAD_ROW_EXAMPLES:
                    counts.bad_examples.append((part.file, number, post))
                continue
            if (settings.since and post.date < settings.since) or (settings.until and post.date > settings.until):
                counts.filtered += 1
                continue
            posts.append(post)
    except (OSError, EOFError, ValueError) as exc:
        counts.errors.append(f"{part.file}: cannot read rows from {part.first_row}: {_reason(exc)}")
    except Exception as exc:  # pyarrow errors on a file that changed or broke since planning
        counts.errors.append(f"{part.file}: cannot read rows from {part.first_row}: {_reason(exc)}")
    # grouped by market and day, the engine's per-day rule set is worked out once per group
    posts.sort(key=lambda p: (p.market, p.date))
    answers: dict[tuple[object, ...], list[Finding] | str] = {}
    columns: dict[str, dict[str, list[Any]]] = {}
    for post in posts:
        signature = check.signature(post.market, post.date)
        key = (
            hashlib.blake2b(post.text.encode("utf-8"), digest_size=16).digest(),
            post.channel,
            post.sponsored,
            signature,
        )
        found = answers.get(key)
        if found is None:
            found = answers.get((*key, post.date))
        if found is None:
            try:
                found = check.check(post, check.stand_in(signature, post.date))
                dated = any(f.rule in check.zodiac_ids for f in found)
                if dated:  # a zodiac finding names the copy's own date: check it on that day
                    found = check.check(post)
                    counts.checked += 1
            except UserError as exc:
                found, dated = str(exc), False
            answers[(*key, post.date) if dated else key] = found
            counts.checked += 1
        if isinstance(found, str):
            counts.bad_rows += 1
            if len(counts.bad_examples) < BAD_ROW_EXAMPLES:
                counts.bad_examples.append((post.file, post.row, found))
            continue
        _count(counts, post, found)
        if found:
            _columns(columns.setdefault(post.market, {}), post, found)
    _write_part(columns, part.index, folder)
    worker = _worker_name()
    counts.cpu[worker] = time.process_time() - cpu
    counts.peak_mb[worker] = _peak_mb()
    return counts


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def _peak_mb() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _count(counts: Counts, post: Post, findings: list[Finding]) -> None:
    month = post.month
    slot = (post.market, month)
    counts.posts[slot] = counts.posts.get(slot, 0) + 1
    if not findings:
        return
    counts.flagged[slot] = counts.flagged.get(slot, 0) + 1
    seen: set[str] = set()
    for f in findings:
        cell = counts.cells.setdefault((post.market, f.category, month), [0, 0, 0, 0, 0])
        cell[0] += 1
        cell[1 + SEVERITY_NAMES.index(str(f.severity))] += 1
        if f.category not in seen:
            seen.add(f.category)
            cell[4] += 1
        rule = (post.market, f.rule, f.category, str(f.severity))
        counts.rules[rule] = counts.rules.get(rule, 0) + 1


def _columns(table: dict[str, list[Any]], post: Post, findings: list[Finding]) -> None:
    text = post.text.replace("\r\n", "\n")
    starts = _offsets(text)

    def offset(line: int, column: int) -> int:
        return starts[min(line, len(starts)) - 1] + column - 1

    for f in findings:
        row = {
            "post_id": post.id,
            "file": post.file,
            "row": post.row,
            "market": post.market,
            "date": post.date,
            "month": post.month,
            "channel": post.channel,
            "sponsored": post.sponsored,
            "rule": f.rule,
            "category": f.category,
            "severity": str(f.severity),
            "message": f.message,
            "match": f.match,
            "start": offset(f.line, f.column),
            "end": offset(f.end_line, f.end_column),
            "fingerprint": f.fingerprint,
        }
        for name, value in row.items():
            table.setdefault(name, []).append(value)


def finding_schema(with_market: bool = True) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "date32": pa.date32(), "bool": pa.bool_()}
    return pa.schema([(n, types[t]) for n, t in FINDING_COLUMNS if with_market or n != "market"])


def _write_part(columns: dict[str, dict[str, list[Any]]], index: int, folder: str) -> None:
    """One file per market under ``market=<tag>/`` (hive partitioning: readers such as pyarrow,
    pandas, DuckDB and Spark read the market back from the folder name)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = finding_schema(with_market=False)
    for market, table in columns.items():
        target = os.path.join(folder, f"market={market}")
        os.makedirs(target, exist_ok=True)
        data = pa.table({name: table[name] for name in schema.names}, schema=schema)
        path = os.path.join(target, f"part-{index:06d}.parquet")
        pq.write_table(data, path + ".tmp", compression="zstd")
        os.replace(path + ".tmp", path)


# ---------------------------------------------------------------- the run (client side)


def _warm_plugin(settings: Settings) -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmChecker(WorkerPlugin):
        """Loads the pack set when a worker starts (and when one joins later), before any task."""

        name = f"culturelint-archive-{hashlib.sha1(repr(settings).encode()).hexdigest()[:12]}"

        def setup(self, worker: Any) -> None:
            checker(settings)

    return WarmChecker()


def run_archive(request: ArchiveRequest, progress: Callable[[int, int, int], None] | None = None) -> ArchiveResult:
    """Audit an archive: plan partitions, check them on a Dask cluster (a local one, or
    ``request.scheduler``), write findings Parquet, ``summary.json`` and ``summary.html`` under
    ``request.out``. ``progress(partitions done, partitions, posts so far)`` is called as
    partitions finish. Bad rows are counted in the summary; bad files are ``result.errors``."""
    import time

    try:
        import distributed as untyped
    except ImportError as exc:  # the base install stays light
        raise UserError(
            "culturelint archive needs dask, distributed and pyarrow: pip install 'culturelint[archive]'"
        ) from exc
    dask: Any = untyped  # distributed has no type information for Client and LocalCluster
    if request.partition_size < 1:
        raise UserError("--partition-size must be at least 1")
    if request.sample is not None and request.sample < 1:
        raise UserError("--sample must be at least 1")
    unknown = sorted({name for name, _ in request.columns} - set(FIELDS))
    if unknown:
        raise UserError(f"--column: unknown field '{unknown[0]}' (one of: {', '.join(FIELDS)})")
    if request.since and request.until and request.since > request.until:
        raise UserError("--since is after --until")
    settings = Settings(
        request.columns,
        request.market,
        request.since,
        request.until,
        tuple(str(Path(r).resolve()) for r in request.rules),
        request.select,
        request.ignore,
    )
    local = checker(settings)  # bad --rules, --select or --market fail here, before any cluster starts
    if request.market:
        local.market(request.market)
    started = time.monotonic()
    errors: list[str] = []
    files = archive_files(request.paths, errors)
    required = tuple(settings.column(f) for f in ("text", "date", "market") if f != "market" or not request.market)
    parts = plan(files, request.partition_size, request.sample, errors, required)
    out = request.out
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".findings-{uuid.uuid4().hex[:12]}.tmp"
    staging.mkdir()
    total = Counts()
    try:
        used = _compute(dask, request, settings, parts, str(staging.resolve()), total, progress) if parts else 0
        errors.extend(total.errors)
        findings_path = _publish(staging, out, request.single_file)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = time.monotonic() - started
    summary = summarise(total, errors, files, request, seconds, used, local)
    _write_text(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    _write_text(out / "summary.html", render_html(summary))
    return ArchiveResult(total, errors, out, findings_path, summary, seconds, used)


def _compute(
    dask: Any,
    request: ArchiveRequest,
    settings: Settings,
    parts: list[Part],
    folder: str,
    total: Counts,
    progress: Callable[[int, int, int], None] | None,
) -> int:
    """Run the partitions on the cluster, adding each one's counts to ``total`` as it finishes
    (results are released at once: the client holds counts, never findings). Returns the workers."""
    import logging

    cluster = None
    if request.scheduler:
        client = dask.Client(request.scheduler)
    else:
        cluster = dask.LocalCluster(
            n_workers=request.workers or os.cpu_count() or 1,
            threads_per_worker=request.threads_per_worker,
            processes=request.processes,
            dashboard_address=":0",  # a free port: never clash with a dashboard already running
            silence_logs=logging.ERROR,
        )
        client = dask.Client(cluster)
    try:
        client.register_plugin(_warm_plugin(settings))
        used = len(client.scheduler_info().get("workers", {}))
        futures = client.map(check_part, parts, settings=settings, folder=folder, pure=False)
        for done, future in enumerate(dask.as_completed(futures), 1):
            total.add(future.result())
            future.release()
            if progress is not None:
                progress(done, len(parts), sum(total.posts.values()))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return used


def _write_text(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _publish(staging: Path, out: Path, single_file: bool) -> Path:
    """The finished findings into place in one rename: ``findings/`` (by market) or
    ``findings.parquet``; the previous run's output is replaced only now."""
    import pyarrow.parquet as pq

    if single_file:
        target = out / "findings.parquet"
        temporary = out / f".findings.{uuid.uuid4().hex[:8]}.parquet.tmp"
        schema = finding_schema()
        with pq.ParquetWriter(str(temporary), schema, compression="zstd") as writer:
            for folder in sorted(staging.glob("market=*")):
                market = folder.name.split("=", 1)[1]
                for piece in sorted(folder.glob("part-*.parquet")):
                    table = pq.read_table(piece)
                    import pyarrow as pa

                    table = table.add_column(3, "market", pa.array([market] * table.num_rows, pa.string()))
                    writer.write_table(table.select(schema.names))
        os.replace(temporary, target)
        return target
    target = out / "findings"
    if target.exists():
        old = out / f".findings-old-{uuid.uuid4().hex[:8]}"
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)
    return target


# ---------------------------------------------------------------- summaries


def summarise(
    counts: Counts,
    errors: list[str],
    files: list[str],
    request: ArchiveRequest,
    seconds: float,
    workers: int,
    check: Checker,
) -> dict[str, Any]:
    """The JSON summary (the HTML page renders the same data): per market, per month and per
    (market, category, month) cell."""
    markets: dict[str, Any] = {}
    for (market, month), n in sorted(counts.posts.items()):
        entry = markets.setdefault(
            market,
            {"posts": 0, "posts_with_findings": 0, "findings": dict.fromkeys(SEVERITY_NAMES, 0), "months": {}},
        )
        entry["posts"] += n
        flagged = counts.flagged.get((market, month), 0)
        entry["posts_with_findings"] += flagged
        entry["months"][month] = {
            "posts": n,
            "posts_with_findings": flagged,
            "findings": dict.fromkeys(SEVERITY_NAMES, 0),
        }
    cells = []
    for (market, category, month), (total, error, warning, info, flagged) in sorted(counts.cells.items()):
        cells.append(
            {
                "market": market,
                "category": category,
                "month": month,
                "findings": total,
                "error": error,
                "warning": warning,
                "info": info,
                "posts_with_findings": flagged,
            }
        )
        for name, n in zip(SEVERITY_NAMES, (error, warning, info)):
            markets[market]["findings"][name] += n
            markets[market]["months"][month]["findings"][name] += n
        categories = markets[market].setdefault("categories", {})
        categories[category] = categories.get(category, 0) + total
    for market, entry in markets.items():
        entry.setdefault("categories", {})
        ranked = sorted(
            ((n, rule, category, severity) for (m, rule, category, severity), n in counts.rules.items() if m == market),
            key=lambda item: (-item[0], item[1]),
        )
        entry["top_rules"] = [
            {"rule": rule, "category": category, "severity": severity, "findings": n}
            for n, rule, category, severity in ranked[:TOP_RULES]
        ]
    posts = sum(counts.posts.values())
    return {
        "version": __version__,
        "generated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "files": len(files),
        "partitions": counts.parts,
        "workers": workers,
        "seconds": round(seconds, 2),
        "posts": posts,
        "posts_with_findings": sum(counts.flagged.values()),
        "findings": sum(c["findings"] for c in cells),
        "engine_checks": counts.checked,
        "worker_cpu_seconds": {w: round(s, 2) for w, s in sorted(counts.cpu.items())},
        "worker_peak_mb": dict(sorted(counts.peak_mb.items())),
        "posts_filtered": counts.filtered,
        "bad_rows": counts.bad_rows,
        "bad_row_examples": [{"file": f, "row": r, "reason": why} for f, r, why in counts.bad_examples],
        "file_errors": errors,
        "options": {
            "market": request.market,
            "since": request.since.isoformat() if request.since else None,
            "until": request.until.isoformat() if request.until else None,
            "sample": request.sample,
            "select": list(request.select),
            "ignore": list(request.ignore),
        },
        "packs": check.packset.key,
        "markets": markets,
        "cells": cells,
    }


def render_html(summary: dict[str, Any]) -> str:
    """The summary as one self-contained page: escaped, no network, a CSP like the main report's."""
    from .formatters.html import _environment, with_csp

    months = sorted({m for entry in summary["markets"].values() for m in entry["months"]})
    charts = {market: _chart(entry, months) for market, entry in summary["markets"].items()}
    html = (
        _environment()
        .get_template("archive.html.j2")
        .render(s=summary, months=months, charts=charts, severities=SEVERITY_NAMES)
    )
    return with_csp(str(html))


def _chart(entry: dict[str, Any], months: list[str]) -> dict[str, Any]:
    """Bars per month (findings by severity, stacked), as numbers the template draws in SVG."""
    width, height, gap = 22, 120, 6
    totals = [sum(entry["months"].get(m, {}).get("findings", {}).values()) for m in months]
    top = max(totals + [1])
    bars = []
    for i, month in enumerate(months):
        found = entry["months"].get(month, {}).get("findings", {})
        y = height
        stack = []
        for name in SEVERITY_NAMES:
            n = found.get(name, 0)
            if n:
                h = max(round(n / top * height, 1), 1.0)
                y -= h
                stack.append({"severity": name, "y": round(y, 1), "h": h, "n": n})
        bars.append({"x": i * (width + gap), "month": month, "total": totals[i], "stack": stack})
    return {"width": max(len(months) * (width + gap), 1), "height": height, "bar": width, "bars": bars}


def format_line(result: ArchiveResult) -> str:
    """The one-paragraph report the CLI prints."""
    s = result.summary
    where = result.findings_path
    by_severity = ", ".join(
        f"{sum(m['findings'][name] for m in s['markets'].values())} {name}" for name in SEVERITY_NAMES
    )
    lines = [
        f"culturelint archive: {s['posts']} posts in {s['files']} file(s), {s['partitions']} partition(s) on "
        f"{s['workers']} worker(s) in {s['seconds']:.1f}s; {s['posts_with_findings']} posts with findings, "
        f"{s['findings']} findings ({by_severity})",
    ]
    if s["bad_rows"]:
        lines.append(f"culturelint archive: {s['bad_rows']} bad row(s) skipped (listed in summary.json/summary.html)")
    lines.append(f"findings: {where}")
    lines.append(f"summary: {result.out / 'summary.html'} and {result.out / 'summary.json'}")
    return "\n".join(lines) + "\n"


def command(paths: tuple[str, ...], out: Path, columns: tuple[str, ...], **options: Any) -> int:
    """``culturelint archive``: the CLI's options to a request, the run, one report on stdout,
    one line per bad file on stderr; the exit code (2 when a file could not be read, else 1 when
    a finding reaches --fail-on, else 0)."""
    import sys

    from .formatters.text import escape

    mapped = []
    for spec in columns:
        name, sep, column = spec.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UserError(f"--column '{spec}': expected FIELD=NAME, e.g. text=body")
        mapped.append((name.strip(), column.strip()))
    show = options.pop("progress")
    if show is None:
        try:
            show = sys.stderr.isatty()
        except (AttributeError, ValueError):
            show = False
    fail_on = options.pop("fail_on")
    request = ArchiveRequest(
        tuple(paths),
        out,
        tuple(mapped),
        market=options["market"],
        since=options["since"],
        until=options["until"],
        sample=options["sample"],
        scheduler=options["scheduler"],
        workers=options["workers"],
        threads_per_worker=options["threads_per_worker"],
        partition_size=options["partition_size"],
        single_file=options["single_file"],
        rules=tuple(str(r) for r in options["rules"]),
        select=tuple(options["select"]),
        ignore=tuple(options["ignore"]),
        fail_on=fail_on,
    )

    def progress(done: int, total: int, posts: int) -> None:
        sys.stderr.write(f"\r\x1b[Kculturelint archive: {done}/{total} partitions, {posts} posts")
        sys.stderr.flush()

    try:
        result = run_archive(request, progress if show else None)
    finally:
        if show:
            sys.stderr.write("\r\x1b[K")
    for line in result.errors:
        sys.stderr.write(f"culturelint: error: {escape(line)}\n")
    sys.stdout.write(format_line(result))
    if result.errors:
        return 2
    if fail_on == "never":
        return 0
    level = SEVERITY_NAMES.index(fail_on)
    markets = result.summary["markets"].values()
    reached = sum(m["findings"][name] for m in markets for name in SEVERITY_NAMES[: level + 1])
    return 1 if reached else 0
