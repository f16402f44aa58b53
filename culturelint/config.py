"""culturelint.yaml / .culturelint.yaml / [tool.culturelint]: found upward from each checked file's
folder (as ruff does), so files in different sub-projects use their own config."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .model import SEVERITY_NAMES, Severity, Substantiation
from .substantiation import parse as parse_evidence
from .validation import Located, Validator, load_located, toml_loads

CONFIG_NAMES = ("culturelint.yaml", ".culturelint.yaml", "culturelint.yml", ".culturelint.yml")
CONFIG_KEYS = {
    "markets",
    "rules",
    "select",
    "ignore",
    "severity",
    "fail_on",
    "exclude",
    "models",
    "voice",
    "require_reason",
    "substantiation",
    "include",
    "plugins",
    "lang",
    "pairs",
    "waivers",
    "max_file_size",
    "audit",
}
AUDIT_KEYS = ("max_age", "feedback", "corpus", "min_decisions", "reference_kinds", "superseded")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class AuditSettings:
    """Config ``audit:``, the defaults of ``culturelint rules audit`` (paths relative to the config)."""

    max_age: str | None = None  # 12m, 365d, 1y
    feedback: list[Path] = field(default_factory=list)  # reviewers' decision files
    corpus: list[Path] = field(default_factory=list)  # extra recall texts (JSON Lines / YAML)
    min_decisions: int | None = None
    reference_kinds: list[Path] = field(default_factory=list)  # more primary/secondary domains
    superseded: list[Path] = field(default_factory=list)  # more replaced laws


@dataclass
class Config:
    path: Path | None = None
    markets: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # glob -> tags
    rules: list[Path] = field(default_factory=list)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    models: tuple[str, ...] = ()  # LANG=PIPELINE entries, or "auto"
    voice: dict[str, str] = field(default_factory=dict)  # market -> brand register (du, vous, 존댓말 …)
    require_reason: bool = False  # an inline suppression without "-- reason" does not silence anything
    # evidence for claims, each limited to path globs (empty: every file)
    substantiation: tuple[tuple[Substantiation, tuple[str, ...]], ...] = ()
    # structured files (JSON, YAML, CSV, PO) a folder walk checks although they lack a deck's shape
    include: tuple[str, ...] = ()
    plugins: bool = True  # packs installed as Python packages (entry-point group culturelint.packs)
    lang: str | None = None  # messages in this language where rules carry a translation ("auto": the locale)
    waivers: list[Path] = field(default_factory=list)  # reviewers' decision files (culturelint.waivers)
    max_file_size: int | None = None  # bytes; files larger are reported and skipped (--max-file-size)
    audit: AuditSettings = field(default_factory=AuditSettings)  # `rules audit` defaults
    pairs_source: str | None = None  # `pairs: {source: en}`: the locale translations are made from
    pairs_names: tuple[str, ...] = ()  # `pairs: {names: [...]}`: names a translation must keep as written

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_tool_table(pyproject):
        return pyproject
    return None


class ConfigFinder:
    """Each checked file's config: the nearest one from its folder upwards, looked up once per
    folder and loaded once per file. ``forced`` (``--config``, ``--no-config``) applies to every file."""

    def __init__(self, forced: Config | None = None) -> None:
        self.forced = forced
        self._folders: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Config] = {}

    def path_for(self, folder: Path) -> Path | None:
        folder = Path(os.path.abspath(folder))
        visited: list[Path] = []
        found: Path | None = None
        for current in (folder, *folder.parents):
            if current in self._folders:
                found = self._folders[current]
                break
            visited.append(current)
            found = _config_in(current)
            if found is not None:
                break
        for current in visited:
            self._folders[current] = found
        return found

    def for_folder(self, folder: Path) -> Config:
        if self.forced is not None:
            return self.forced
        return self.load(self.path_for(folder))

    def for_file(self, path: str | Path) -> Config:
        return self.for_folder(Path(path).parent if str(path) else Path.cwd())

    def base(self, paths: list[str]) -> Config:
        """The run's own config (its ``fail_on``, the default packs): the forced one, else the
        working folder's, else the first path's (a run started outside the repository)."""
        if self.forced is not None:
            return self.forced
        here = self.path_for(Path.cwd())
        if here is not None or not paths or paths[0] == "-":
            return self.load(here)
        first = Path(paths[0])
        return self.for_folder(first if first.is_dir() else first.parent)

    def load(self, path: Path | None) -> Config:
        if path not in self._loaded:
            self._loaded[path] = load_config(path)
        return self._loaded[path]


def _has_tool_table(pyproject: Path) -> bool:
    """``[tool.culturelint]`` or any of its sub-tables (``[tool.culturelint.markets]``), read as
    TOML: a commented-out header does not count. A pyproject that is not valid TOML is taken as
    a config when it names the table, so its error is reported instead of silently skipped."""
    text = pyproject.read_text(encoding="utf-8", errors="replace")
    if "culturelint" not in text:
        return False
    try:
        return "culturelint" in toml_loads(text).get("tool", {})
    except ValueError:
        return any(line.strip().startswith("[tool.culturelint") for line in text.splitlines())


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        located = _from_pyproject(text, path)
    else:
        located = load_located(text, str(path), error=ConfigError)
    return _validate(located, path)


def _from_pyproject(text: str, path: Path) -> Located:
    try:
        data = toml_loads(text).get("tool", {}).get("culturelint", {})
    except ValueError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    line = next((i + 1 for i, row in enumerate(text.splitlines()) if row.strip() == "[tool.culturelint]"), 1)
    return Located(str(path), data, values={(): (line, 1)})


def _validate(src: Located, path: Path) -> Config:
    v = Validator(src, ConfigError)
    data = v.mapping(src.data if src.data is not None else {}, (), CONFIG_KEYS)
    config = Config(path=path)
    for glob, tags in v.mapping(data.get("markets", {}), ("markets",)).items():
        config.markets.append((str(glob), v.strings(tags, ("markets", glob))))

    def strings(key: str) -> tuple[str, ...]:
        found: tuple[str, ...] = v.optional(data, key, (), v.strings, ())
        return found

    config.rules = [path.parent / p for p in strings("rules")]
    config.waivers = [path.parent / p for p in strings("waivers")]
    config.select, config.ignore, config.exclude = strings("select"), strings("ignore"), strings("exclude")
    voice = v.mapping(data.get("voice", {}), ("voice",))
    config.voice = {str(k): v.string(value, ("voice", k)) for k, value in voice.items()}
    models = data.get("models", {})
    if models == "auto":
        config.models = ("auto",)
    else:
        table = v.mapping(models, ("models",))
        config.models = tuple(f"{lang}={v.string(name, ('models', lang))}" for lang, name in table.items())
    for selector, level in v.mapping(data.get("severity", {}), ("severity",)).items():
        config.severity[str(selector)] = Severity.parse(v.choice(level, ("severity", selector), SEVERITY_NAMES))
    config.require_reason = v.optional(data, "require_reason", (), v.boolean, False)
    config.substantiation = v.optional(
        data, "substantiation", (), lambda x, p: parse_evidence(x, p, v, str(path), paths=True), ()
    )
    config.fail_on = v.optional(data, "fail_on", (), lambda x, p: v.choice(x, p, FAIL_ON))
    config.include = strings("include")
    config.plugins = v.optional(data, "plugins", (), v.boolean, True)
    config.lang = v.optional(data, "lang", (), lambda x, p: _lang(v, x, p))
    config.max_file_size = v.optional(data, "max_file_size", (), lambda x, p: _size(x, p, v))
    config.audit = v.optional(data, "audit", (), lambda x, p: _audit(v, x, p, path.parent), AuditSettings())
    pairs = v.mapping(data.get("pairs", {}), ("pairs",), ("source", "names"))
    config.pairs_source = v.optional(pairs, "source", ("pairs",), v.string)
    config.pairs_names = v.optional(pairs, "names", ("pairs",), v.strings, ())
    return config


def _audit(v: Validator, value: object, keypath: tuple[str, ...], base: Path) -> AuditSettings:
    from .audit import parse_age
    from .errors import UserError

    table = v.mapping(value, keypath, AUDIT_KEYS)
    settings = AuditSettings()
    if table.get("max_age") is not None:
        age = str(table["max_age"]) if isinstance(table["max_age"], (str, int)) else repr(table["max_age"])
        try:
            parse_age(age)
        except UserError as exc:
            raise v.fail(keypath + ("max_age",), exc.message) from None
        settings.max_age = age
    for key in ("feedback", "corpus", "reference_kinds", "superseded"):
        found: tuple[str, ...] = v.optional(table, key, keypath, v.strings, ())
        setattr(settings, key, [base / p for p in found])
    settings.min_decisions = v.optional(table, "min_decisions", keypath, lambda x, p: v.integer(x, p, 1))
    return settings


def _lang(v: Validator, value: object, keypath: tuple[str, ...]) -> str | None:
    from .errors import UserError
    from .i18n import resolve_lang

    try:
        return resolve_lang(v.string(value, keypath))
    except UserError:
        raise v.fail(keypath, f"'{value}' is not a language code such as 'en' (or 'auto' for your locale)") from None


def _size(value: object, keypath: tuple[object, ...], v: Validator) -> int:
    from .errors import UserError
    from .safeio import parse_size

    try:
        return parse_size(value if isinstance(value, (int, str)) else repr(value))
    except UserError as exc:
        raise v.fail(keypath, exc.message) from None
