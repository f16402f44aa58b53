"""Which files to check, and why: paths given, folders recursed, .gitignore and config excludes
respected, each file under the config nearest to it.

A folder walk checks prose and pages (Markdown, text, HTML) by their extension. Structured files
(JSON, YAML, CSV, PO) are mostly configuration in a content repository, so a walk checks one only
when its config names it (``include:`` globs, a ``markets:`` glob) or when it has a copy deck's
shape (a ``market``/``markets``/``locale`` key or column, a PO catalogue declaring its language);
every other one is skipped with a reason (``culturelint check --list-files`` shows them). Files
named on the command line are always checked.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config, ConfigFinder
from .readers import COPY_SUFFIXES
from .safeio import display_name

ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
STRUCTURED_SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".tsv", ".po", ".pot")
# keys or columns that make a structured file a copy deck (readers/decks.py reads market settings
# per entry; a locale column or key names the entry's market in most localisation tools)
DECK_KEYS = ("market", "markets", "locale")
DECK_SCAN_DEPTH = 4  # nesting levels searched for a deck entry ({"posts": [{"market": …}]} is level 2)
DECK_SCAN_BYTES = 4_000_000  # a bigger structured file is data, not a deck someone writes by hand

# Configuration that lives beside copy and is never copy: CI workflows, package manifests, tool
# settings. Gitignore-style patterns, applied to structured files in a folder walk (a config's
# ``include:`` glob still checks one); .pre-commit-hooks.yaml's ``exclude`` mirrors this list.
CONFIG_LIKE = (
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".vscode/",
    ".idea/",
    ".devcontainer/",
    ".gitlab-ci.yml",
    ".travis.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "appveyor.yml",
    "codecov.yml",
    ".codecov.yml",
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "composer.json",
    "composer.lock",
    "tsconfig*.json",
    "jsconfig*.json",
    ".eslintrc*",
    ".prettierrc*",
    ".stylelintrc*",
    ".babelrc*",
    "babel.config.json",
    ".markdownlint*",
    ".yamllint*",
    "renovate.json",
    ".renovaterc*",
    "lerna.json",
    "nx.json",
    "turbo.json",
    "angular.json",
    "vercel.json",
    "firebase.json",
    "netlify.yml",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "compose.yml",
    "compose.yaml",
    "mkdocs.yml",
    "mkdocs.yaml",
    "_config.yml",
    "environment.yml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    "culturelint.yaml",
    "culturelint.yml",
    ".culturelint.yaml",
    ".culturelint.yml",
)


@dataclass(frozen=True)
class Candidate:
    """A file a run came across: whether it is checked, why, and the config that applies to it."""

    path: str
    checked: bool
    reason: str
    config: Config


def _spec(lines: Any) -> Any:  # a pathspec.GitIgnoreSpec
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


_CONFIG_LIKE_SPEC: Any = None


def config_like(rel: str) -> bool:
    """Whether a structured file is configuration by name (``rel``: its path below the walked or
    config root, POSIX separators)."""
    global _CONFIG_LIKE_SPEC
    if _CONFIG_LIKE_SPEC is None:
        _CONFIG_LIKE_SPEC = _spec(CONFIG_LIKE)
    return bool(_CONFIG_LIKE_SPEC.match_file(rel))


def _ignore_spec(folder: Path) -> object | None:
    gitignore = folder / ".gitignore"
    if not gitignore.is_file():
        return None
    lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    spec: object = _spec(lines)
    return spec


def _ignored(specs: list[tuple[Path, object]], path: Path, is_dir: bool) -> bool:
    path = Path(os.path.abspath(path))
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


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


def relative_to_config(path: Path, config: Config, fallback: Path) -> str:
    """The path as a config's globs see it: below the config's folder, else (or with no config
    file) below ``fallback``, the walked folder; POSIX separators."""
    absolute = Path(os.path.abspath(path))
    for base in (config.root, fallback) if config.path else (fallback,):
        try:
            return absolute.relative_to(Path(os.path.abspath(base))).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()


def glob_matches(glob: str, rel: str) -> bool:
    """A config glob (``copy/jp/*``, ``decks/**``, ``*.json``) against a path relative to the config,
    as the engine matches ``markets:`` globs (api._glob_matches)."""
    return fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(rel, glob.rstrip("/") + "/*") or Path(rel).match(glob)


class _Exclusions:
    """A config's ``exclude`` globs (gitignore style, relative to the config's folder), compiled once."""

    def __init__(self) -> None:
        self._specs: dict[int, Any] = {}

    def excluded(self, config: Config, path: Path, is_dir: bool, root: Path) -> bool:
        if not config.exclude:
            return False
        spec = self._specs.get(id(config))
        if spec is None:
            spec = self._specs[id(config)] = _spec(config.exclude)
        rel = relative_to_config(path, config, root)
        return bool(spec.match_file(rel + ("/" if is_dir else "")))


def classify(path: Path, config: Config, root: Path) -> tuple[bool, str]:
    """Whether a walk checks this file, and why (or why not)."""
    suffix = path.suffix.lower()
    if suffix in COPY_SUFFIXES:
        return True, f"copy extension {suffix}"
    rel = relative_to_config(path, config, root)
    for glob in config.include:
        if glob_matches(glob, rel):
            return True, f"include: {glob}"
    for glob, _ in config.markets:
        if glob_matches(glob, rel):
            return True, f"markets glob: {glob}"
    walked = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    if config_like(walked) or config_like(rel):
        return False, "configuration file by name; add it to include: to check it"
    return deck_shape(path)


def deck_shape(path: Path) -> tuple[bool, str]:
    """A structured file is a copy deck when an entry carries a market: a ``market``/``markets``/
    ``locale`` key (JSON, YAML) or column (CSV), or a PO catalogue's ``Language:`` header."""
    suffix = path.suffix.lower()
    kind = {".json": "JSON", ".yaml": "YAML", ".yml": "YAML", ".csv": "CSV", ".tsv": "CSV"}.get(suffix, "PO")
    try:
        if path.stat().st_size > DECK_SCAN_BYTES:
            return False, f"structured file over {DECK_SCAN_BYTES // 1_000_000} MB; add it to include: to check it"
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False, f"unreadable {kind} file; name it on the command line to see the error"
    try:
        found = _deck_key(text, suffix)
    except ValueError:
        return False, f"not valid {kind}; name it on the command line to see the error"
    if found:
        return True, f"deck shape: {found}"
    if kind == "PO":
        return False, "PO catalogue without a Language header; add it to include: to check it"
    what = "column" if kind == "CSV" else "key"
    return False, f"no deck shape (no market/locale {what}); add it to include: to check it"


def _deck_key(text: str, suffix: str) -> str | None:
    if suffix == ".json":
        try:
            return _key_in(json.loads(text), DECK_SCAN_DEPTH)
        except (json.JSONDecodeError, RecursionError):
            raise ValueError from None
    if suffix in (".yaml", ".yml"):
        import yaml

        from .errors import UserError
        from .validation.located import construct
        from .validation.safe_yaml import check_nodes

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:  # the same guard as every YAML read: core tags only, aliases capped (no bomb in a walk)
            for node in yaml.compose_all(text, Loader=loader):
                if node is None:
                    continue
                check_nodes(node, "<deck>", UserError)
                found = _key_in(construct(node), DECK_SCAN_DEPTH)
                if found:
                    return found
        except (yaml.YAMLError, UserError, RecursionError):
            raise ValueError from None
        return None
    if suffix in (".csv", ".tsv"):
        header = next((line for line in text.split("\n") if line.strip()), "")
        delimiter = "\t" if suffix == ".tsv" else max((",", ";", "\t"), key=header.count)
        columns = [c.strip().strip('"').strip().lower() for c in header.split(delimiter)]
        column = next((c for c in DECK_KEYS if c in columns), None)
        return f"'{column}' column" if column else None
    m = re.search(r'^"Language:\s*([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,4})?)\s*\\n"', text, re.MULTILINE)
    return f"Language: {m.group(1)} header" if m else None


def _key_in(data: Any, depth: int) -> str | None:
    if depth < 0:
        return None
    if isinstance(data, dict):
        for key in DECK_KEYS:
            if key in data and isinstance(data[key], (str, list)):
                return f"'{key}' key"
        values: Any = data.values()
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        found = _key_in(value, depth - 1)
        if found:
            return found
    return None


def candidates(paths: list[str], finder: ConfigFinder, skipped: list[str] | None = None) -> Iterator[Candidate]:
    """Every file the paths name or hold, in order, with its config and whether (and why) it is
    checked. '-' stays '-' (stdin). Files inside a walk that .gitignore or their config's
    ``exclude`` removes, or whose extension is not copy or structured, are not listed at all."""
    exclusions = _Exclusions()
    skipped = skipped if skipped is not None else []
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield Candidate(raw, True, "standard input", finder.for_folder(Path.cwd()))
        elif path.is_dir():
            yield from _walk(path, _inherited(path), path, finder.for_folder, exclusions, skipped)
        else:
            yield Candidate(raw, True, "named on the command line", finder.for_file(raw))


def _walk(
    folder: Path,
    specs: list[tuple[Path, object]],
    root: Path,
    config_for: Callable[[Path], Config],
    exclusions: _Exclusions,
    skipped: list[str],
) -> Iterator[Candidate]:
    own = _ignore_spec(folder)
    if own is not None:
        specs = specs + [(Path(os.path.abspath(folder)), own)]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    config = config_for(folder)
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
        suffix = path.suffix.lower()
        if not is_dir and suffix not in COPY_SUFFIXES and suffix not in STRUCTURED_SUFFIXES:
            continue
        if _ignored(specs, path, is_dir) or exclusions.excluded(config, path, is_dir, root):
            continue
        if is_dir:
            yield from _walk(path, specs, root, config_for, exclusions, skipped)
        else:
            checked, reason = classify(path, config, root)
            yield Candidate(str(path), checked, reason, config)


def expand(paths: list[str], exclude: tuple[str, ...] = (), skipped: list[str] | None = None) -> Iterator[str]:
    """Each given path in order; folders become the files a walk checks. '-' stays '-' (stdin).
    ``exclude``: gitignore-style globs relative to each walked folder (one config for every file).
    Entries a walk passes over (links leaving the folder, loops, FIFOs, devices) are named in ``skipped``."""
    for candidate in candidates(paths, ConfigFinder(Config(exclude=exclude)), skipped):
        if candidate.checked:
            yield candidate.path


NOTICE_FOLDERS = 5  # folders named one by one in the "all skipped" notice; the rest are counted
CONFIG_SEARCH_DEPTH = 3  # folder levels below the working folder searched for a config nobody used


def walk_notices(walked: list[Candidate], finder: ConfigFinder, cwd: Path | None = None) -> list[str]:
    """Remarks that keep a run from passing by checking less than the user meant: folders whose
    structured files were all skipped, files no config applies to while one sits nearby, and a
    config found from the files although the run started outside its repository."""
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    notices = _skipped_folders(walked)
    if finder.forced is not None:
        return notices
    checked = [c for c in walked if c.checked and c.path != "-"]
    orphans = [c.path for c in checked if c.config.path is None]
    if orphans:
        nearby = _configs_below(cwd)
        if nearby:
            names = ", ".join(_shown(p, cwd) for p in nearby[:3]) + (" …" if len(nearby) > 3 else "")
            notices.append(
                f"no config applies to {len(orphans)} checked file(s) (e.g. {orphans[0]}): a config applies to "
                f"the files in its folder and below, and none is above them; found {names} under the "
                "working folder (pass --config to use one for every file)"
            )
    outside: dict[Path, int] = {}
    for candidate in checked:
        path = candidate.config.path
        if path is not None and not _inside(cwd, _repository(path.parent)):
            outside[path] = outside.get(path, 0) + 1
    for path, count in sorted(outside.items()):
        notices.append(
            f"the run started outside {_repository(path.parent)}: its config {path} applies to {count} "
            "checked file(s) (configs are found from each file's folder upwards)"
        )
    return notices


def _skipped_folders(walked: list[Candidate]) -> list[str]:
    folders: dict[str, list[Candidate]] = {}
    for candidate in walked:
        if Path(candidate.path).suffix.lower() in STRUCTURED_SUFFIXES:
            folders.setdefault(str(Path(candidate.path).parent), []).append(candidate)
    quiet = []
    for folder, found in folders.items():
        skipped = [c for c in found if not c.checked and not c.reason.startswith("configuration")]
        if skipped and not any(c.checked for c in found):
            reasons: dict[str, int] = {}
            for c in skipped:
                why = c.reason.split("; ")[0]
                reasons[why] = reasons.get(why, 0) + 1
            why = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
            quiet.append(
                f"folder {Path(folder).as_posix()}/: {len(skipped)} structured file(s) skipped, none checked ({why}); "
                "add include: globs to the config to check them (culturelint check --list-files shows why)"
            )
    if len(quiet) > NOTICE_FOLDERS:
        rest = len(quiet) - NOTICE_FOLDERS
        quiet = quiet[:NOTICE_FOLDERS] + [f"{rest} more folder(s) with every structured file skipped (--list-files)"]
    return quiet


def _configs_below(cwd: Path) -> list[Path]:
    from .config import CONFIG_NAMES

    found: list[Path] = []
    frontier = [cwd]
    for _ in range(CONFIG_SEARCH_DEPTH + 1):
        deeper = []
        for folder in frontier:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                try:  # a hint, never a failure: symlink loops, unreadable entries and links are passed over
                    if entry.is_symlink():
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in ALWAYS_SKIPPED and not entry.name.startswith("."):
                            deeper.append(Path(entry.path))
                    elif entry.name in CONFIG_NAMES:
                        found.append(Path(entry.path))
                    elif entry.name == "pyproject.toml":
                        from .config import _has_tool_table

                        if _has_tool_table(Path(entry.path)):
                            found.append(Path(entry.path))
                except (OSError, UnicodeError):
                    continue
        frontier = deeper
    return found


def _repository(folder: Path) -> Path:
    """The repository holding a folder (nearest parent with .git), else the folder itself."""
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return parent
    return folder


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(Path(os.path.abspath(folder)))
        return True
    except ValueError:
        return False


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return str(path)


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
