"""Find, read and validate rule packs: the built-in ones and any the user adds."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PackError
from ..rulekinds import Rule
from ..validation.located import load_located
from .lexicons import Lexicon, check_references, lexicon_files, load_lexicon
from .pack import RulePack
from .schema import PackValidator

if TYPE_CHECKING:
    from .markets import MarketTable

PACK_SUFFIXES = (".yaml", ".yml")
MARKETS_FILE = "markets.yaml"
CHANNELS_FILE = "channels.yaml"  # platforms' "more" cut-offs (culturelint.channels), not a pack
CALENDAR_FILE = "calendar.yaml"  # dated observances rules bind to (culturelint.calendar), not a pack
LEXICONS_DIR = "lexicons"  # shared word lists beside the packs, not packs themselves
ENTRY_POINT_GROUP = "culturelint.packs"  # third-party packs installed as Python packages
NO_PLUGINS_ENV = "CULTURELINT_NO_PLUGINS"  # set (to anything but "" or "0") to load no plugin packs


def builtin_rules_dir() -> Path:
    """The packs shipped inside the wheel, or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / MARKETS_FILE).is_file():
            return candidate
    raise PackError(f"built-in rule packs not found beside {here}")


def pack_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise PackError("no such rule pack file or folder", str(path))
    return sorted(
        p
        for p in path.rglob("*")
        if p.suffix in PACK_SUFFIXES
        and p.is_file()
        and p.name not in (MARKETS_FILE, CHANNELS_FILE, CALENDAR_FILE)
        and LEXICONS_DIR not in p.relative_to(path).parts[:-1]
    )


def load_pack(path: Path, builtin: bool = False, check_patterns: bool | None = None) -> RulePack:
    """Read and validate one pack. spaCy's pattern schema costs ~0.7 s to import, so built-in packs
    (validated by their own test suite and by `rules validate`) skip it on ordinary runs."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read rule pack: {exc}", str(path)) from None
    located = load_located(text, str(path))
    pack = PackValidator(located).pack(builtin)
    if check_patterns if check_patterns is not None else not builtin:
        _check_patterns(pack, located)
    return pack


def _check_patterns(pack: RulePack, located: Any) -> None:
    """spaCy token patterns, in every role a rule uses them (match, near, unless, require, reject,
    signals, groups), are validated against spaCy's own schema at load time."""
    from spacy.schemas import validate_token_pattern

    for i, rule in enumerate(pack.rules):
        for role, spec in rule.specs():
            for j, pattern in enumerate(spec.patterns):
                errors = validate_token_pattern(list(pattern))
                if errors:
                    raise located.error(
                        ("rules", i) + _role_path(role) + ("patterns", j), f"invalid spaCy token pattern: {errors[0]}"
                    )


def _role_path(role: str) -> tuple[str, ...]:
    """The YAML key path of a rule's spec role: ``signals`` sits under ``when``, a consistency
    group under ``consistency.groups``."""
    if role == "signals":
        return ("when", "signals")
    if role.startswith("group:"):
        return ("consistency", "groups", role[len("group:") :])
    return (role,)


@dataclass
class PackSet:
    """Every loaded pack plus the markets table; the engine's read-only view of knowledge."""

    packs: list[RulePack]
    markets: MarketTable
    rules: dict[str, Rule] = field(default_factory=dict)
    aliases: dict[str, Rule] = field(default_factory=dict)  # former id -> the renamed rule
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    key: str | None = field(default=None, compare=False)  # the source files' hash, when loaded by load_packset

    def former_ids(self, rule_id: str) -> tuple[str, ...]:
        """The ids a renamed rule had (its ``aliases``), which selectors and directives may still use."""
        rule = self.rules.get(rule_id)
        return rule.aliases if rule is not None else ()

    def __post_init__(self) -> None:
        for pack in self.packs:
            for rule in pack.rules:
                other = self.rules.get(rule.id)
                if other is not None:
                    raise PackError(
                        f"rule id '{rule.id}' is already defined in {other.source}:{other.line}", rule.source, rule.line
                    )
                self.rules[rule.id] = rule
        for rule in self.rules.values():
            for alias in rule.aliases:
                owner = self.rules.get(alias) or self.aliases.get(alias)
                if owner is not None and owner is not rule:
                    raise PackError(
                        f"alias '{alias}' of rule '{rule.id}' is already the id or an alias of '{owner.id}'",
                        rule.source,
                        rule.line,
                    )
                self.aliases[alias] = rule
        for rule in self.rules.values():
            for broader in rule.supersedes:
                if broader not in self.rules and broader not in self.aliases:
                    raise PackError(
                        f"rule '{rule.id}' supersedes '{broader}', which is no rule", rule.source, rule.line
                    )
        check_references(self.rules, self.lexicons)


_LOADED: dict[str, PackSet] = {}


def packset_key(extra: Iterable[Path] = (), builtin: bool = True) -> str:
    """A hash of every file the pack set is built from (built-in and extra packs, lexicons, the
    markets table), with culturelint's and Python's versions: any edit is a new key. The files'
    sizes and times are read on every call; their content is hashed again only when those change."""
    from .. import cache

    base = builtin_rules_dir()
    stamp = _stamps(str(base))
    for path in extra:
        stamp += _stamps(str(path)) if os.path.isdir(path) else [(str(path), *_stat(str(path)))]
    frozen = tuple(stamp)
    key = _KEYS.get((builtin, frozen))
    if key is None:
        files = [Path(name) for name, _, _ in frozen]
        key = cache.digest("packset", str(builtin), str(base), cache.files_digest(files))
        if len(_KEYS) > 64:
            _KEYS.clear()
        _KEYS[(builtin, frozen)] = key
    return key


_KEYS: dict[tuple[bool, tuple[tuple[str, int, int], ...]], str] = {}


def _stamps(folder: str) -> list[tuple[str, int, int]]:
    """Every pack-like file under a folder (any depth) with its mtime and size, sorted by path."""
    out: list[tuple[str, int, int]] = []
    stack = [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.name.endswith(PACK_SUFFIXES) and entry.is_file():
                st = entry.stat()
                out.append((entry.path, st.st_mtime_ns, st.st_size))
    out.sort()
    return out


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def load_packset(extra: Iterable[Path] = (), builtin: bool = True, plugins: bool = True) -> PackSet:
    """The built-in packs, then the packs of installed plugins (entry-point group
    ``culturelint.packs``, unless ``plugins`` is false or $CULTURELINT_NO_PLUGINS is set), then
    the user's (``--rules``, config ``rules:``): compiled once and kept on disk
    (``culturelint.cache``) under a hash of every source file; a missing, stale or corrupt entry is
    rebuilt from the YAML."""
    from .. import cache

    extra = list(extra)
    folders = [folder for _, folder in plugin_folders()] if plugins else []
    try:
        key = packset_key([*folders, *extra], builtin) + ("+plugins" if folders else "")
    except OSError:
        return _build_packset(extra, builtin, plugins)
    found = _LOADED.get(key)
    if found is None:
        found = cache.load("packs", key)
        if not isinstance(found, PackSet):
            found = _build_packset(extra, builtin, plugins)
            found.key = key
            cache.store("packs", key, found)
        _LOADED[key] = found
    return found


def _build_packset(extra: Iterable[Path] = (), builtin: bool = True, plugins: bool = True) -> PackSet:
    from .markets import MarketTable

    base = builtin_rules_dir()
    markets = MarketTable.load(base / MARKETS_FILE)
    packs: list[RulePack] = []
    edition = hash(tuple(_stamps(str(base))))  # an edited built-in pack (a server running on) is read again
    lexicons: dict[str, Lexicon] = dict(_builtin_lexicons(str(base), edition))
    if builtin:
        packs.extend(_builtin_packs(str(base), edition))
    sources = [(folder, True) for _, folder in plugin_folders()] if plugins else []
    for path, plugin in [*sources, *((Path(p), False) for p in extra)]:
        folder = Path(path)
        if plugin:
            packs.extend(_plugin_packs(str(folder)))
        else:  # a plugin's pack named again (`rules test PLUGIN/pack.yaml`) is already loaded
            loaded = {Path(p.path).resolve() for p in packs}
            packs.extend(load_pack(p) for p in pack_files(folder) if p.resolve() not in loaded)
        if folder.is_dir():
            for file in lexicon_files(folder / LEXICONS_DIR):
                lexicon = load_lexicon(file)  # a user's lexicon of the same name replaces the built-in one
                lexicons[lexicon.name] = lexicon
    seen: dict[str, str] = {}
    for pack in packs:
        if pack.id in seen:
            raise PackError(f"pack id '{pack.id}' is already used by {seen[pack.id]}", pack.path)
        seen[pack.id] = pack.path
        markets.check_pack(pack)
    return PackSet(packs, markets, lexicons=lexicons)


def plugins_disabled() -> bool:
    return os.environ.get(NO_PLUGINS_ENV, "") not in ("", "0")


def plugin_folders() -> list[tuple[str, Path]]:
    """(entry point name, folder of packs) for every installed plugin, by name. An entry point in
    the group ``culturelint.packs`` names a module (its folder holds the packs), a function
    returning a folder (or several), or a path string."""
    if plugins_disabled():
        return []
    from importlib.metadata import entry_points

    found: list[tuple[str, Path]] = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        where = f"rule-pack plugin '{point.name}' ({point.value})"
        try:
            target = point.load()
            if callable(target) and not isinstance(target, type):
                target = target()
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
            raise PackError(f"cannot load {where}: {problem} (set {NO_PLUGINS_ENV}=1 to skip it)") from None
        targets = target if isinstance(target, (list, tuple)) else [target]
        for item in targets:
            file = getattr(item, "__file__", None)
            folder = Path(file).parent if isinstance(file, str) else item
            if not isinstance(folder, (str, os.PathLike)) or not Path(folder).is_dir():
                raise PackError(
                    f"{where} names no folder of packs (got {item!r}); expected a module, a path or a function "
                    "returning one"
                )
            found.append((point.name, Path(folder)))
    return found


@functools.lru_cache(maxsize=16)
def _plugin_packs(folder: str) -> tuple[RulePack, ...]:
    """A plugin's packs load as a user's do (validated in full, spaCy patterns included), once per process."""
    return tuple(load_pack(p) for p in pack_files(Path(folder)))


@functools.lru_cache(maxsize=2)
def _builtin_lexicons(base: str, edition: int = 0) -> tuple[tuple[str, Lexicon], ...]:
    return tuple((lex.name, lex) for lex in map(load_lexicon, lexicon_files(Path(base) / LEXICONS_DIR)))


@functools.lru_cache(maxsize=2)
def _builtin_packs(base: str, edition: int = 0) -> tuple[RulePack, ...]:
    root = Path(base)
    return tuple(load_pack(p, builtin=True) for p in pack_files(root))


def relative_source(path: str) -> str:
    """Built-in pack paths shown relative to the rules folder, so messages read the same anywhere."""
    try:
        base = builtin_rules_dir()
        return (
            "rules/" + os.path.relpath(path, base).replace(os.sep, "/")
            if Path(path).resolve().is_relative_to(base)
            else path
        )
    except PackError:
        return path
