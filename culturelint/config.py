"""culturelint.yaml / .culturelint.yaml / [tool.culturelint]: found upward from the working folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import SEVERITY_NAMES, Severity
from .validation.located import Located, load_located

CONFIG_NAMES = ("culturelint.yaml", ".culturelint.yaml", "culturelint.yml", ".culturelint.yml")
CONFIG_KEYS = {"markets", "rules", "select", "ignore", "severity", "fail_on", "exclude", "models",
               "voice", "require_reason"}
FAIL_ON = ("error", "warning", "info", "never")


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

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.culturelint]" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


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
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text).get("tool", {}).get("culturelint", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    line = next((i + 1 for i, l in enumerate(text.splitlines()) if l.strip() == "[tool.culturelint]"), 1)
    return Located(str(path), data, values={(): (line, 1)})


def _validate(src: Located, path: Path) -> Config:
    from .errors import did_you_mean

    data = src.data if src.data is not None else {}
    if not isinstance(data, dict):
        raise src.error((), "config must be a mapping", error=ConfigError)
    for key in data:
        if key not in CONFIG_KEYS:
            raise src.error((key,), f"unknown key '{key}'{did_you_mean(key, CONFIG_KEYS)}", key=True,
                            error=ConfigError)
    config = Config(path=path)
    markets = data.get("markets", {})
    if not isinstance(markets, dict):
        raise src.error(("markets",), "expected a mapping of path glob -> market tag(s)", error=ConfigError)
    for glob, tags in markets.items():
        tags = tags if isinstance(tags, list) else [tags]
        if not all(isinstance(t, str) for t in tags):
            raise src.error(("markets", glob), "expected a market tag or a list of tags", error=ConfigError)
        config.markets.append((str(glob), tuple(tags)))
    config.rules = [path.parent / _string(src, ("rules", i), p) for i, p in enumerate(_list(src, "rules"))]
    config.select = tuple(_string(src, ("select", i), s) for i, s in enumerate(_list(src, "select")))
    config.ignore = tuple(_string(src, ("ignore", i), s) for i, s in enumerate(_list(src, "ignore")))
    config.exclude = tuple(_string(src, ("exclude", i), s) for i, s in enumerate(_list(src, "exclude")))
    voice = data.get("voice", {})
    if not isinstance(voice, dict) or not all(isinstance(v, str) for v in voice.values()):
        raise src.error(("voice",), "expected a mapping of market -> register (e.g. de-DE: du)",
                        error=ConfigError)
    config.voice = {str(k): v for k, v in voice.items()}
    models = data.get("models", {})
    if models == "auto":
        config.models = ("auto",)
    elif isinstance(models, dict) and all(isinstance(v, str) for v in models.values()):
        config.models = tuple(f"{lang}={name}" for lang, name in models.items())
    else:
        raise src.error(("models",), "expected 'auto' or a mapping of language -> trained pipeline "
                        "(e.g. fr: fr_core_news_sm)", error=ConfigError)
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise src.error(("severity",), "expected a mapping of rule id/prefix/category -> level",
                        error=ConfigError)
    for selector, level in severity.items():
        if level not in SEVERITY_NAMES:
            raise src.error(("severity", selector), f"unknown level {level!r} (error, warning, info)",
                            error=ConfigError)
        config.severity[str(selector)] = Severity.parse(level)
    if "require_reason" in data:
        if not isinstance(data["require_reason"], bool):
            raise src.error(("require_reason",), f"expected true or false, got {data['require_reason']!r}",
                            error=ConfigError)
        config.require_reason = data["require_reason"]
    if "fail_on" in data:
        if data["fail_on"] not in FAIL_ON:
            raise src.error(("fail_on",), f"unknown level {data['fail_on']!r} ({', '.join(FAIL_ON)})",
                            error=ConfigError)
        config.fail_on = data["fail_on"]
    return config


def _list(src: Located, key: str) -> list[Any]:
    value = src.data.get(key, []) if isinstance(src.data, dict) else []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list):
        raise src.error((key,), "expected a list", error=ConfigError)
    return value


def _string(src: Located, keypath: tuple[Any, ...], value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise src.error(keypath, "expected a non-empty string", error=ConfigError)
    return value
