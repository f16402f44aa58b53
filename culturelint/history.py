"""``culturelint history``: missteps over time. Replays the checks over a content repository's git
history and counts, per month, market, category and severity, the findings each commit introduced,
fixed, waived or removed (see docs/history.md).

How it works, in three passes over the commits of a range (oldest first, first parents only by
default, so a merge counts what it brought onto the mainline once):

1. **Plan.** ``git log`` lists the commits; ``git diff-tree -r -M`` gives each commit's changed
   files against its first parent (renames followed); ``git ls-tree`` the tree the range starts from.
   Nothing is ever checked out: the working tree and the index are never touched.
2. **Check.** Every (path, blob, config) the plan needs is answered from the results cache (keyed by
   the blob's content hash, the path, the config and the pack set) or, when missing, read with one
   ``git cat-file --batch`` and checked with the library API (``api.check`` on the blob's text as an
   editor buffer), over ``--jobs`` processes. A blob that no commit changed is never checked twice,
   and a second ``history`` run checks nothing at all.
3. **Replay.** Each file's findings are matched with the state before the commit as a multiset,
   first by fingerprint (rule, normalised match, the words around it; never the path or the line),
   then by rule and matched words; a moved line or a renamed file is therefore neither fixed nor
   introduced.

A finding is *introduced* when it is open (reported) after a commit and was not before (new, or
its suppression was removed); *fixed* when it was open before and is gone after while its file
still exists; *removed* when its file was deleted (or stopped being copy), counted apart from
fixed; *waived* when an inline ``culturelint-disable…`` directive or a reviewer's waiver (the
config's ``waivers:`` files as of that commit) hides it: an open finding that becomes hidden, or a
new one committed already hidden.

The config: the repository root's config file (culturelint.yaml, .culturelint.yaml,
culturelint.yml, .culturelint.yml, pyproject.toml with [tool.culturelint]) *as of each commit* when
that commit has one, else the current one; its ``rules:`` paths resolve in the current checkout (the
packs are today's: the measure is today's knowledge applied to past copy). Nested per-folder configs
are not replayed. When the config (or a waiver file) changes, every file is looked at again.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__, cache
from .config import CONFIG_NAMES, Config, _validate, find_config, load_config
from .errors import ConfigError, UserError
from .model import Finding

SCHEMA = "culturelint/history@1"
EVENTS = ("introduced", "fixed", "waived", "removed")
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
RESULTS = "history-results"
NO_MARKET = "(none)"
BASELINE_TAG = "baseline:"
MATCH_LIMIT = 200  # characters of matched copy kept per finding in the report


@dataclass
class HistoryRequest:
    folder: Path = field(default_factory=Path.cwd)  # any folder inside the repository
    revisions: str | None = None  # "A..B", "B" (its whole history) or None (HEAD)
    paths: tuple[str, ...] = ()  # only files under these paths (relative to the repository root)
    markets: tuple[str, ...] = ()  # only findings for these markets are counted
    since: str | None = None  # passed to git log --since
    until: str | None = None
    first_parent: bool = True
    max_commits: int | None = None  # the latest N commits of the range
    by_author: bool = False  # per-author counts (off by default: people are not the measure)
    jobs: int | None = None
    use_cache: bool = True
    rules: tuple[Path, ...] = ()  # extra packs (as check --rules)
    day: dt.date | None = None  # the day date-bound rules are checked against (default: today)
    baseline: str | None = None  # a JSON report committed at this path (from the root), read as of each commit


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    time: int  # committer time, seconds since the epoch
    author: str
    email: str
    subject: str

    @property
    def date(self) -> str:
        return dt.datetime.fromtimestamp(self.time, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def month(self) -> str:
        return self.date[:7]


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R (C and T are read as A and M)
    old: str | None
    new: str | None
    blob: str | None  # the new blob (None when deleted)


@dataclass
class Outcome:
    """One blob's check: is it copy, its open findings, its inline-suppressed ones, an error."""

    copy: bool
    findings: list[Finding] = field(default_factory=list)
    hidden: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: tuple[str, ...] = ()


@dataclass
class Stats:
    commits: int = 0
    tasks: int = 0  # distinct (path, blob, config) looked at
    checked: int = 0  # checked now
    cached: int = 0  # answered from the results cache
    blobs_read: int = 0


@dataclass
class History:
    root: Path
    revisions: str
    first_parent: bool
    start: str | None  # the commit the range starts after (its findings are open at the start)
    start_open: int
    commits: list[dict[str, Any]]
    months: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # per (month, market, category, severity)
    totals: dict[str, int]
    markets: dict[str, dict[str, int]]
    categories: dict[str, dict[str, int]]
    severities: dict[str, dict[str, int]]
    authors: dict[str, dict[str, int]] | None
    notices: list[str]
    stats: Stats

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "tool": {"name": "culturelint", "version": __version__},
            "range": self.revisions,
            "first_parent": self.first_parent,
            "start": {"commit": self.start, "open": self.start_open},
            "totals": self.totals,
            "months": self.months,
            "markets": self.markets,
            "categories": self.categories,
            "severities": self.severities,
            "rows": self.rows,
            "commits": self.commits,
            "notices": self.notices,
        }
        if self.authors is not None:
            out["authors"] = self.authors
        return out


# --- git ------------------------------------------------------------------------------------------


class Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, what: str = "git") -> bytes:
        result = _git(self.root, *args)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UserError(f"history: {what}: {message[0] if message else 'git failed'}")
        return result.stdout

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Blob contents by id, through one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        process = subprocess.run(
            ["git", "-C", str(self.root), "cat-file", "--batch"],
            input=("\n".join(wanted) + "\n").encode("ascii"),
            capture_output=True,
            check=False,
        )
        if process.returncode != 0:
            raise UserError(f"history: git cat-file failed: {process.stderr.decode('utf-8', 'replace').strip()}")
        out: dict[str, bytes] = {}
        data, at = process.stdout, 0
        for sha in wanted:
            end = data.index(b"\n", at)
            header = data[at:end].split()
            at = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            out[sha] = data[at : at + size]
            at += size + 1
        return out

    def blob(self, sha: str) -> bytes | None:
        return self.blobs([sha]).get(sha)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args], capture_output=True, check=False
        )
    except OSError as exc:
        raise UserError(f"history needs git, which could not be run: {exc.strerror or exc}") from None


def repository_root(folder: Path) -> Path:
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0 or not result.stdout.strip():
        raise UserError(f"history: {folder} is not in a git repository")
    return Path(os.fsdecode(result.stdout.rstrip(b"\n")))


def _log_args(request: HistoryRequest) -> list[str]:
    """``git log`` options selecting the range's commits, the same for both passes over it; options a
    user's git config could change (signatures, the root commit's diff) are spelled out."""
    revisions = request.revisions or "HEAD"
    if revisions.startswith("-") or not revisions.strip():
        raise UserError(f"history: '{revisions}' is not a revision range")
    args = ["-c", "log.showRoot=true", "log", "--no-color", "--no-decorate", "--no-show-signature", "--reverse"]
    if request.first_parent:
        args.append("--first-parent")
    if request.since:
        args.append(f"--since={request.since}")
    if request.until:
        args.append(f"--until={request.until}")
    if request.max_commits is not None:
        args.append(f"--max-count={request.max_commits}")
    return args


def list_commits(git: Git, request: HistoryRequest) -> list[Commit]:
    revisions = request.revisions or "HEAD"
    args = [*_log_args(request), "-z", "--format=%H%x1f%P%x1f%ct%x1f%an%x1f%ae%x1f%s"]
    raw = git.run(*args, "--end-of-options", revisions, "--", what=f"bad revision range '{revisions}'")
    commits = []
    for record in raw.split(b"\0"):
        if not record.strip(b"\n"):
            continue
        sha, parents, time, author, email, subject = record.decode("utf-8", "replace").split("\x1f", 5)
        commits.append(Commit(sha.strip("\n"), tuple(parents.split()), int(time), author, email, subject))
    return commits


def list_changes(git: Git, request: HistoryRequest) -> dict[str, list[Change]]:
    """Every commit's changed files against its first parent, renames followed, from one
    ``git log --raw`` (a merge is diffed against its first parent, a root commit adds every file)."""
    revisions = request.revisions or "HEAD"
    args = [*_log_args(request), "--diff-merges=first-parent", "--raw", "-r", "-z", "-M", "--no-abbrev"]
    raw = git.run(*args, "--format=%x1e%H", "--end-of-options", revisions, "--", what="git log --raw")
    tokens = raw.split(b"\0")
    out: dict[str, list[Change]] = {}
    current: list[Change] | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        if token.startswith(b"\x1e"):  # a commit's header (paths are read by position, never here)
            current = out.setdefault(token[1:].decode("ascii").strip(), [])
            i += 1
        elif token.startswith(b":") and current is not None:
            status = token.split()[4][:1].decode("ascii")
            count = 2 if status in ("R", "C") else 1
            change = _change(token, tokens[i + 1 : i + 1 + count])
            if change is not None:
                current.append(change)
            i += 1 + count
        else:
            i += 1
    return out


def diff(git: Git, parent: str | None, commit: str) -> list[Change]:
    """One commit's changes against ``parent`` (the empty tree for a root commit)."""
    raw = git.run("diff-tree", "-r", "-z", "-M", "--no-commit-id", parent or EMPTY_TREE, commit, what="git diff-tree")
    tokens = raw.split(b"\0")
    changes: list[Change] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i].split()[4][:1].decode("ascii")
        count = 2 if status in ("R", "C") else 1
        change = _change(tokens[i], tokens[i + 1 : i + 1 + count])
        if change is not None:
            changes.append(change)
        i += 1 + count
    return changes


def _change(meta_token: bytes, paths: list[bytes]) -> Change | None:
    """One raw diff entry (``:old_mode new_mode old_blob new_blob status`` and its paths) as a change
    of regular files: links and submodules are not copy (a file that became one is deleted)."""
    meta = meta_token.decode("ascii").lstrip(":").split()
    old_mode, new_mode, new_blob, status = meta[0], meta[1], meta[3], meta[4][0]
    old: str | None
    new: str | None
    if status in "RC":
        old, new = os.fsdecode(paths[0]), os.fsdecode(paths[1])
    else:
        old = new = os.fsdecode(paths[0])
    old_file, new_file = _regular(old_mode), _regular(new_mode)
    if status == "C":
        status, old = "A", None
    if status == "T":  # a type change: a file that became (or stopped being) a link
        status = "M" if old_file and new_file else "A" if new_file else "D"
    if status == "R" and not old_file:
        status, old = "A", None
    if status in ("A", "M", "R") and not new_file:
        if status == "A":
            return None
        status, new = "D", None
    if status == "M" and not old_file:
        status = "A"
    if status == "D":
        return Change("D", old, None, None) if old_file else None
    return Change(status, old if status != "A" else None, new, new_blob)


def _regular(mode: str) -> bool:
    return mode in ("100644", "100755")


def tree(git: Git, commit: str | None) -> dict[str, str]:
    if commit is None:
        return {}
    raw = git.run("ls-tree", "-r", "-z", commit, what="git ls-tree")
    out = {}
    for entry in raw.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        if kind == "blob" and _regular(mode):
            out[os.fsdecode(name)] = sha
    return out


# --- config and which files are copy -------------------------------------------------------------


class Configs:
    """The root config as of a commit (by its blob), else the current one; each parsed once."""

    def __init__(self, git: Git, root: Path) -> None:
        self.git = git
        self.root = root
        self.notices: list[str] = []
        current = find_config(root)
        self.current = load_config(current if current is not None and current.parent == root else None)
        self._parsed: dict[tuple[str, str], Config | None] = {}

    def at(self, files: dict[str, str]) -> tuple[str, Config]:
        """(a key naming the config, the config) for a tree."""
        for name in (*CONFIG_NAMES, "pyproject.toml"):
            sha = files.get(name)
            if sha is None:
                continue
            key = (name, sha)
            if key not in self._parsed:  # a pyproject.toml with no [tool.culturelint] is read once, too
                self._parsed[key] = self._parse(name, sha)
            parsed = self._parsed[key]
            if parsed is not None:
                return f"{name}@{sha}", parsed
        return "current", self.current

    def _parse(self, name: str, sha: str) -> Config | None:
        from .config import _from_pyproject
        from .validation import load_located, toml_loads

        data = self.git.blob(sha) or b""
        text = data.decode("utf-8-sig", "replace")
        path = self.root / name
        if name == "pyproject.toml":
            try:
                if "culturelint" not in toml_loads(text).get("tool", {}):
                    return None
            except ValueError:
                return None
        try:
            located = (
                _from_pyproject(text, path)
                if name == "pyproject.toml"
                else load_located(text, str(path), error=ConfigError)
            )
            config = _validate(located, path)
        except UserError as exc:
            note = f"a committed config could not be read ({exc}); the current config is used for those commits"
            if note not in self.notices:
                self.notices.append(note)
            return None
        from .safeio import inside

        kept = [p for p in config.rules if p.exists() and inside(p, self.root)]
        for gone in sorted(set(config.rules) - set(kept)):
            note = f"{name} at {sha[:10]} names rules path '{gone}', which is not in the current checkout; skipped"
            if note not in self.notices:
                self.notices.append(note)
        config.rules = kept
        return config


def _excluded(config: Config, rel: str) -> bool:
    from .discovery import _spec

    return bool(config.exclude) and bool(_spec(config.exclude).match_file(rel))


def copy_kind(rel: str, config: Config) -> str | None:
    """'copy' (checked by its extension or a config glob), 'deck?' (structured: copy if it has a
    deck's shape, known once its text is read) or None (never copy), as a folder walk decides."""
    from .discovery import ALWAYS_SKIPPED, STRUCTURED_SUFFIXES, config_like, glob_matches
    from .readers import COPY_SUFFIXES

    parts = PurePosixPath(rel).parts
    if any(p in ALWAYS_SKIPPED for p in parts[:-1]) or _excluded(config, rel):
        return None
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in COPY_SUFFIXES:
        return "copy"
    if suffix not in STRUCTURED_SUFFIXES:
        return None
    if any(glob_matches(g, rel) for g in config.include) or any(glob_matches(g, rel) for g, _ in config.markets):
        return "copy"
    if config_like(rel):
        return None
    return "deck?"


def is_deck(rel: str, text: str) -> bool:
    from .discovery import DECK_SCAN_BYTES, _deck_key

    if len(text) > DECK_SCAN_BYTES:
        return False
    try:
        return bool(_deck_key(text, PurePosixPath(rel).suffix.lower()))
    except ValueError:
        return False


def _within(rel: str, paths: tuple[str, ...]) -> bool:
    if not paths:
        return True
    for raw in paths:
        prefix = PurePosixPath(raw.replace(os.sep, "/")).as_posix().strip("/")
        if prefix in ("", ".") or rel == prefix or rel.startswith(prefix + "/"):
            return True
        from .discovery import glob_matches

        if glob_matches(prefix, rel):
            return True
    return False


# --- checking blobs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    path: str
    blob: str
    config_key: str


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """Config globs and path locales are read from paths relative to the repository root."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


class Checker:
    def __init__(self, root: Path, request: HistoryRequest, configs: Configs) -> None:
        from . import api

        self.root = root
        self.request = request
        self.configs = configs
        self.by_key: dict[str, Config] = {"current": configs.current}
        self.day = request.day or dt.date.today()
        self._packsets: dict[tuple[Any, ...], Any] = {}
        self._api = api

    def config(self, key: str) -> Config:
        return self.by_key[key]

    def packset(self, config: Config) -> Any:
        key = (tuple(config.rules), config.plugins)
        if key not in self._packsets:
            request = self._request(config, "", "")
            self._packsets[key] = self._api.load_knowledge(request)
        return self._packsets[key]

    def _request(self, config: Config, path: str, text: str) -> Any:
        return self._api.CheckRequest(
            [path] if path else [],
            day=self.day,
            rules=list(self.request.rules),
            config=replace(config, waivers=[]),  # waivers are applied per commit, as of that commit
            contents={path: text} if path else {},
            fail_on="never",
        )

    def cache_key(self, task: Task) -> str | None:
        if not self.request.use_cache or not cache.enabled():
            return None
        config = self.config(task.config_key)
        packset = self.packset(config)
        if packset.key is None:
            return None
        return cache.digest(
            RESULTS, task.path, task.blob, packset.key, repr(config), str(self.day), repr(self.request.rules)
        )

    def check(self, task: Task, text: str) -> Outcome:
        from .config import ConfigFinder

        config = self.config(task.config_key)
        kind = copy_kind(task.path, config)
        if kind is None or (kind == "deck?" and not is_deck(task.path, text)):
            return Outcome(False)
        request = self._request(config, task.path, text)
        request.configs = ConfigFinder(request.config)
        with _inside(self.root):
            report = self._api.check(request, self.packset(config))
        errors = [f.error for f in report.files if f.error]
        return Outcome(
            True, list(report.findings), list(report.suppressed), errors[0] if errors else None, report.notices
        )


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def run_checks(git: Git, checker: Checker, tasks: list[Task], stats: Stats) -> dict[Task, Outcome]:
    """Every task's outcome: from the results cache, else checked (over --jobs processes)."""
    from .parallel import _pool, default_jobs
    from .safeio import DEFAULT_MAX_FILE_SIZE

    outcomes: dict[Task, Outcome] = {}
    keys = {task: checker.cache_key(task) for task in tasks}
    for task in tasks:
        key = keys[task]
        found = cache.load(RESULTS, key) if key else None
        if isinstance(found, Outcome):
            outcomes[task] = found
            stats.cached += 1
    todo = [t for t in tasks if t not in outcomes]
    texts = git.blobs(t.blob for t in todo)
    stats.blobs_read = len(texts)

    def one(index: str) -> Any:
        task = todo[int(index)]
        data = texts.get(task.blob, b"")
        config = checker.config(task.config_key)
        limit = config.max_file_size if config.max_file_size is not None else DEFAULT_MAX_FILE_SIZE
        if limit and len(data) > limit:  # as check's --max-file-size: reported and skipped, never read whole
            is_copy = copy_kind(task.path, config) == "copy"
            return Outcome(
                is_copy, error=f"{task.path}: {len(data)} bytes at blob {task.blob[:10]}, over {limit}; skipped"
            )
        text = _decode(data)
        if text is None:
            kind = copy_kind(task.path, checker.config(task.config_key))
            return Outcome(kind == "copy", error=f"{task.path}: not UTF-8 text; skipped")
        return checker.check(task, text)

    workers = min(checker.request.jobs if checker.request.jobs is not None else default_jobs(len(todo)), len(todo))
    if todo:
        first = one("0")
        rest = [str(i) for i in range(1, len(todo))]
        if workers > 1 and len(rest) > 1:
            done = [first, *_pool([(i, None) for i in rest], one, workers)]
        else:
            done = [first, *(one(i) for i in rest)]
        for task, outcome in zip(todo, done, strict=True):
            outcomes[task] = outcome
            stats.checked += 1
            key = keys[task]
            if key and outcome.error is None:
                cache.store(RESULTS, key, outcome)
    return outcomes


# --- matching and replay -----------------------------------------------------------------------


def matched(
    before: list[Finding], after: list[Finding]
) -> tuple[list[tuple[Finding, Finding]], list[Finding], list[Finding]]:
    """Pairs of the same finding before and after, as a multiset: first by fingerprint (rule,
    normalised match, words around it; a moved line keeps it), then by rule and matched words (an
    edit next to the match). Returns the pairs, the unmatched before and the unmatched after."""
    from .engine.findings import fingerprint, normal

    pairs: list[tuple[Finding, Finding]] = []
    left = list(before)
    right = list(after)
    for key in (lambda f: (f.market, fingerprint(f)), lambda f: (f.market, f.rule, normal(f.match))):
        pool: dict[Any, list[Finding]] = {}
        for finding in left:
            pool.setdefault(key(finding), []).append(finding)
        rest = []
        for finding in right:
            candidates = pool.get(key(finding))
            if candidates:
                pairs.append((candidates.pop(0), finding))
            else:
                rest.append(finding)
        left = [f for found in pool.values() for f in found]
        right = rest
    return pairs, left, right


@dataclass
class Visible:
    open: list[Finding]
    hidden: list[Finding]


def _event(finding: Finding, path: str) -> dict[str, Any]:
    match = finding.match if len(finding.match) <= MATCH_LIMIT else finding.match[:MATCH_LIMIT] + "…"
    out: dict[str, Any] = {
        "rule": finding.rule,
        "category": finding.category,
        "severity": str(finding.severity),
        "market": finding.market or NO_MARKET,
        "path": path,
        "line": finding.line,
        "match": match,
        "fingerprint": finding.fingerprint,
    }
    if finding.suppression is not None:
        out["suppression"] = finding.suppression.kind
    return out


def _zero() -> dict[str, int]:
    return dict.fromkeys(EVENTS, 0)


def compare(before: Visible | None, after: Visible | None, exists: bool) -> dict[str, list[Finding]]:
    """The events of one file between two states (None: no such copy file)."""
    events: dict[str, list[Finding]] = {e: [] for e in EVENTS}
    old = [(f, True) for f in before.open] + [(f, False) for f in before.hidden] if before else []
    new = [(f, True) for f in after.open] + [(f, False) for f in after.hidden] if after else []
    state = {id(f): is_open for f, is_open in old + new}
    pairs, gone, came = matched([f for f, _ in old], [f for f, _ in new])
    for was, now in pairs:
        if state[id(was)] and not state[id(now)]:
            events["waived"].append(now)
        elif not state[id(was)] and state[id(now)]:
            events["introduced"].append(now)
    for finding in came:
        events["introduced" if state[id(finding)] else "waived"].append(finding)
    for finding in gone:
        if state[id(finding)]:
            events["fixed" if exists else "removed"].append(finding)
    return events


def replay(request: HistoryRequest, progress: Callable[[str], None] | None = None) -> History:
    from . import waivers

    root = repository_root(request.folder)
    git = Git(root)
    commits = list_commits(git, request)
    all_changes = list_changes(git, request) if commits else {}
    stats = Stats(commits=len(commits))
    configs = Configs(git, root)
    checker = Checker(root, request, configs)
    packset = checker.packset(configs.current)
    wanted = {packset.markets.resolve(m) for m in request.markets}

    baseline_path = _repository_path(request.baseline) if request.baseline else None

    # 1. plan: the tree and config at each step, and the files each commit asks about
    start = commits[0].parents[0] if commits and commits[0].parents else None
    files = tree(git, start)
    steps: list[tuple[Commit, list[Change], str, tuple[str, ...], bool]] = []
    tasks: dict[Task, None] = {}

    def config_state(files: dict[str, str]) -> tuple[str, Config, tuple[str, ...]]:
        key, config = configs.at(files)
        checker.by_key[key] = config
        waiver_blobs = tuple(
            f"{rel}@{files.get(rel, '-')}" for rel in (_relative(p, root) for p in config.waivers) if rel is not None
        )
        if baseline_path:
            waiver_blobs += (f"{BASELINE_TAG}{baseline_path}@{files.get(baseline_path, '-')}",)
        return key, config, waiver_blobs

    def ask(paths: Iterable[str], config_key: str, config: Config) -> None:
        for rel in paths:
            if rel in files and _within(rel, request.paths) and copy_kind(rel, config) is not None:
                tasks[Task(rel, files[rel], config_key)] = None

    config_key, config, waiver_key = config_state(files)
    ask(files, config_key, config)
    initial = (config_key, waiver_key)
    for commit in commits:
        parent = commit.parents[0] if commit.parents else None
        changes = all_changes[commit.sha] if commit.sha in all_changes else diff(git, parent, commit.sha)
        for change in changes:
            if change.old is not None and change.status in ("D", "R"):
                files.pop(change.old, None)
            if change.new is not None and change.blob is not None:
                files[change.new] = change.blob
        key, config, waiver_key = config_state(files)
        everything = (key, waiver_key) != initial
        touched = set(files) if everything else {c.new for c in changes if c.new}
        ask(touched, key, config)
        steps.append((commit, changes, key, waiver_key, everything))
        initial = (key, waiver_key)

    # 2. check what the cache does not know
    task_list = list(tasks)
    stats.tasks = len(task_list)
    if progress:
        progress(f"{len(commits)} commit(s), {len(task_list)} file version(s) to look at")
    outcomes = run_checks(git, checker, task_list, stats)
    notices = list(configs.notices)
    for outcome in outcomes.values():
        if outcome.error and outcome.error not in notices:
            notices.append(outcome.error)

    # 3. replay
    decisions_cache: dict[tuple[str, ...], list[Any]] = {}

    def decisions(waiver_key: tuple[str, ...]) -> list[Any]:
        if waiver_key not in decisions_cache:
            found: list[Any] = []
            for item in waiver_key:
                rel, _, sha = item.rpartition("@")
                if sha == "-" or item.startswith(BASELINE_TAG):
                    continue
                text = _decode(git.blob(sha) or b"")
                try:
                    found.extend(waivers.parse(text or "", rel).decisions)
                except UserError as exc:
                    note = f"a committed waiver file could not be read ({exc}); its decisions are not applied"
                    if note not in notices:
                        notices.append(note)
            decisions_cache[waiver_key] = found
        return decisions_cache[waiver_key]

    def counted(finding: Finding) -> bool:
        """Copy findings for the markets asked for; culturelint's own remarks (category ``meta``: no
        market for a file, a directive that names no rule) are about the setup, not missteps."""
        return finding.category != "meta" and (not wanted or finding.market in wanted)

    def failed(rel: str, blobs: dict[str, str], config_key: str) -> bool:
        outcome = outcomes.get(Task(rel, blobs[rel], config_key)) if rel in blobs else None
        return outcome is not None and outcome.error is not None

    def visible(rel: str, blobs: dict[str, str], config_key: str, waiver_key: tuple[str, ...]) -> Visible | None:
        if rel not in blobs or not _within(rel, request.paths):
            return None
        outcome = outcomes.get(Task(rel, blobs[rel], config_key))
        if outcome is None or not outcome.copy:
            return None
        found = [f for f in outcome.findings if counted(f)]
        hidden = [f for f in outcome.hidden if counted(f)]
        chosen = decisions(waiver_key)
        if chosen and found:
            found, waived, _ = waivers.apply(found, chosen, checker.day, hidden)
            hidden = hidden + waived
        known = baseline_entries(waiver_key)
        if known and found:
            from . import baseline

            mine = [
                copy.copy(e) for e in known if baseline.closeness(baseline.path_parts(rel), e.parts) <= baseline.SUFFIX
            ]
            found, listed = baseline.split(found, mine, baseline_path or "", packset.former_ids, hidden)
            hidden = hidden + listed
        return Visible(found, hidden)

    baselines: dict[str, list[Any]] = {}

    def baseline_entries(waiver_key: tuple[str, ...]) -> list[Any]:
        """The baseline's entries as of the commit (a JSON report committed at --baseline PATH)."""
        from . import baseline

        item = next((i for i in waiver_key if i.startswith(BASELINE_TAG)), None)
        if item is None:
            return []
        rel, _, sha = item[len(BASELINE_TAG) :].rpartition("@")
        if sha == "-":
            return []
        if sha not in baselines:
            with tempfile.TemporaryDirectory(prefix="culturelint-history-") as folder:
                path = Path(folder) / "baseline.json"
                path.write_bytes(git.blob(sha) or b"")
                try:
                    baselines[sha] = baseline.load(path)
                except UserError as exc:
                    baselines[sha] = []
                    note = f"the baseline {rel} at blob {sha[:10]} could not be read ({exc.message}); not applied"
                    if note not in notices:
                        notices.append(note)
        return baselines[sha]

    files = tree(git, start)
    config_key, _, waiver_key = config_state(files)
    state: dict[str, Visible] = {}
    for rel in files:
        seen = visible(rel, files, config_key, waiver_key)
        if seen is not None:
            state[rel] = seen
    open_now: Counter[tuple[str, str, str]] = Counter()
    for seen in state.values():
        open_now.update(_slot(f) for f in seen.open)
    start_open = sum(open_now.values())

    tallies: dict[tuple[str, str, str, str], dict[str, int]] = {}
    open_at: dict[str, Counter[tuple[str, str, str]]] = {}
    commit_rows: list[dict[str, Any]] = []
    authors: dict[str, dict[str, int]] = {}
    per_month_commits: Counter[str] = Counter()
    for commit, changes, key, wkey, everything in steps:
        month = commit.month
        per_month_commits[month] += 1
        events: dict[str, list[tuple[Finding, str]]] = {e: [] for e in EVENTS}
        for change in changes:
            if change.old is not None and change.status in ("D", "R"):
                files.pop(change.old, None)
            if change.new is not None and change.blob is not None:
                files[change.new] = change.blob
        looked: list[tuple[str | None, str | None]]  # (path before, path after)
        if everything:  # the config or a waiver file changed: every file is looked at again
            moves = [(c.old, c.new) for c in changes if c.status == "R"]
            moved = {p for pair in moves for p in pair}
            looked = [*moves, *((rel, rel) for rel in sorted((set(state) | set(files)) - moved))]
        else:
            looked = [(change.old, change.new) for change in changes]
        for before_path, after_path in looked:
            before = state.pop(before_path, None) if before_path else None
            after = visible(after_path, files, key, wkey) if after_path else None
            if after_path and failed(after_path, files, key):
                after = before  # a version that could not be read (too large, not UTF-8) changes nothing
            exists = after_path is not None and after_path in files
            if after is not None and after_path is not None:
                state[after_path] = after
            if before is None and after is None:
                continue
            for name, found in compare(before, after, exists and after is not None).items():
                events[name] += [(f, after_path or before_path or "") for f in found]
            if before is not None:
                open_now.subtract(_slot(f) for f in before.open)
            if after is not None:
                open_now.update(_slot(f) for f in after.open)
        row: dict[str, Any] = {"commit": commit.sha, "date": commit.date, "month": month, "subject": commit.subject}
        if request.by_author:
            row["author"] = commit.author
        for name in EVENTS:
            row[name] = [
                _event(f, path) for f, path in sorted(events[name], key=lambda e: (e[1], e[0].line, e[0].rule))
            ]
            for finding, _path in events[name]:
                slot = (month, *_slot(finding))
                tallies.setdefault(slot, _zero())[name] += 1
                if request.by_author:
                    authors.setdefault(commit.author, _zero())[name] += 1
        commit_rows.append(row)
        open_at[month] = +open_now  # the open findings after the month's last commit

    return _summarise(
        root,
        request,
        start,
        start_open,
        commit_rows,
        tallies,
        open_at,
        per_month_commits,
        authors if request.by_author else None,
        notices,
        stats,
        +open_now,
    )


def _slot(finding: Finding) -> tuple[str, str, str]:
    return (finding.market or NO_MARKET, finding.category, str(finding.severity))


def _repository_path(path: str) -> str:
    """A path as the repository's tree names it (from the root, forward slashes)."""
    return PurePosixPath(path.replace(os.sep, "/")).as_posix().lstrip("/").removeprefix("./")


def _relative(path: Path, root: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return None


def month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _summarise(
    root: Path,
    request: HistoryRequest,
    start: str | None,
    start_open: int,
    commit_rows: list[dict[str, Any]],
    tallies: dict[tuple[str, str, str, str], dict[str, int]],
    open_at: dict[str, Counter[tuple[str, str, str]]],
    per_month_commits: Counter[str],
    authors: dict[str, dict[str, int]] | None,
    notices: list[str],
    stats: Stats,
    final_open: Counter[tuple[str, str, str]],
) -> History:
    months_seen = sorted(open_at)
    months = month_range(months_seen[0], months_seen[-1]) if months_seen else []
    current: Counter[tuple[str, str, str]] = Counter()
    rows: list[dict[str, Any]] = []
    month_rows: list[dict[str, Any]] = []
    for month in months:
        if month in open_at:
            current = open_at[month]
        slots = {s[1:] for s in tallies if s[0] == month} | {s for s, n in current.items() if n > 0}
        totals = _zero()
        for slot in sorted(slots):
            counts = tallies.get((month, *slot), _zero())
            for name in EVENTS:
                totals[name] += counts[name]
            market, category, severity = slot
            rows.append(
                {
                    "month": month,
                    "market": market,
                    "category": category,
                    "severity": severity,
                    **counts,
                    "open": current.get(slot, 0),
                }
            )
        month_rows.append(
            {"month": month, "commits": per_month_commits.get(month, 0), **totals, "open": sum(current.values())}
        )

    def by(index: int) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for slot, counts in tallies.items():
            entry = out.setdefault(slot[index + 1], {**_zero(), "open": 0})
            for name in EVENTS:
                entry[name] += counts[name]
        for where, n in final_open.items():
            out.setdefault(where[index], {**_zero(), "open": 0})["open"] += n
        return dict(sorted(out.items()))

    totals = _zero()
    for counts in tallies.values():
        for name in EVENTS:
            totals[name] += counts[name]
    return History(
        root,
        request.revisions or "HEAD",
        request.first_parent,
        start,
        start_open,
        commit_rows,
        month_rows,
        rows,
        {"commits": len(commit_rows), **totals, "open": sum(final_open.values())},
        by(0),
        by(1),
        by(2),
        dict(sorted(authors.items())) if authors is not None else None,
        notices,
        stats,
    )
