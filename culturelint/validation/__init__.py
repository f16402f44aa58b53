"""One validation toolkit for every YAML or TOML a user writes: rule packs, config, front matter,
copy-deck entries and the markets table.

A ``Validator`` walks located data (every value knows its ``file:line:col``) and raises the
caller's error type at the first problem, with the key path and, for unknown keys and values, the
nearest valid one. Front matter is lenient about unknown keys (``unknown_keys="warn"``): they are
collected as ``Problem`` values for the engine to report, not raised; keys starting ``x-`` are the
user's own and pass silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..errors import UserError, did_you_mean
from ..model import Problem
from .located import KeyPath, Located, format_keypath, load_located, toml_loads

__all__ = ["KeyPath", "Located", "Problem", "Validator", "format_keypath", "load_located", "toml_loads", "typename"]


class Validator:
    """Typed accessors over located data; every failure names the file, line, column and key path."""

    def __init__(self, located: Located, error: type[UserError], *, unknown_keys: str = "error") -> None:
        self.src = located
        self.error = error
        self.unknown_keys = unknown_keys  # "error" | "warn"
        self.problems: list[Problem] = []

    def fail(self, keypath: KeyPath, message: str, *, key: bool = False) -> UserError:
        return self.src.error(keypath, message, key=key, error=self.error)

    def mapping(
        self, value: Any, keypath: KeyPath, allowed: Iterable[str] | None = None, required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """A mapping whose keys are all in ``allowed`` (None: any key)."""
        if not isinstance(value, dict):
            raise self.fail(keypath, f"expected a mapping, got {typename(value)}")
        if allowed is not None:
            known = set(allowed)
            for k in value:
                if k not in known and not (self.unknown_keys == "warn" and str(k).startswith("x-")):
                    self.unknown(keypath + (k,), str(k), known)
        for k in required:
            if k not in value:
                raise self.fail(keypath, f"missing required key '{k}'")
        return value

    def unknown(self, keypath: KeyPath, name: str, known: Iterable[str]) -> None:
        message = f"unknown key '{name}'{did_you_mean(name, known)}"
        if self.unknown_keys == "warn":
            line, column = self.src.where(keypath, key=True)
            self.problems.append(Problem(message, line, column, format_keypath(keypath)))
            return
        raise self.fail(keypath, message, key=True)

    def string(self, value: Any, keypath: KeyPath, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(keypath, f"expected a non-empty string, got {typename(value)}")
        return value

    def strings(self, value: Any, keypath: KeyPath, *, single: bool = True, unique: bool = True) -> tuple[str, ...]:
        """A list of strings (a lone string counts as a list of one when ``single``)."""
        if single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(keypath, f"expected a list of strings, got {typename(value)}")
        out = tuple(self.string(v, keypath + (i,)) for i, v in enumerate(value))
        if unique:
            seen: set[str] = set()
            for i, item in enumerate(out):
                if item in seen:
                    raise self.fail(keypath + (i,), f"duplicate entry '{item}'")
                seen.add(item)
        return out

    def boolean(self, value: Any, keypath: KeyPath) -> bool:
        if not isinstance(value, bool):
            raise self.fail(keypath, f"expected true or false, got {value!r}")
        return value

    def integer(self, value: Any, keypath: KeyPath, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(keypath, f"expected an integer >= {minimum}, got {value!r}")
        return value

    def number(self, value: Any, keypath: KeyPath, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low < value <= high:
            raise self.fail(keypath, f"expected a number in ({low:g}, {high:g}], got {value!r}")
        return float(value)

    def date(self, value: Any, keypath: KeyPath) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(keypath, f"expected a date YYYY-MM-DD, got {value!r}")

    def choice(self, value: Any, keypath: KeyPath, choices: Iterable[str]) -> str:
        options = tuple(choices)
        if value not in options:
            raise self.fail(
                keypath,
                f"unknown value {value!r}{did_you_mean(str(value), options)} (one of: {', '.join(sorted(options))})",
            )
        return str(value)

    def optional(self, data: dict[str, Any], key: str, keypath: KeyPath, parse: Any, default: Any = None) -> Any:
        """``parse(data[key], keypath + (key,))`` when the key is there and not null, else ``default``."""
        if data.get(key) is None:
            return default
        return parse(data[key], keypath + (key,))


def typename(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }.get(type(value), type(value).__name__)
