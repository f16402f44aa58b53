"""The one exception type for user errors (exit 2), with a place to point at."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UserError(Exception):
    """A problem the user can fix: bad option, unreadable input, invalid pack or config."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"at key '{self.key}': " if self.key else ""
        return f"{where}{key}{self.message}"


class PackError(UserError):
    """A rule pack that does not load, validate or compile."""


class ConfigError(UserError):
    """A configuration file that does not validate."""


class InputError(UserError):
    """A copy file that cannot be read or parsed."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean ...?' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
