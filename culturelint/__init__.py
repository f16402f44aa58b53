"""culturelint: checks marketing and social copy for cultural fit, market by market.

The public API (documented in docs/api.md; everything else is internal and may change)::

    import culturelint

    report = culturelint.check_text("お歳暮に4品の詰め合わせを", market="ja-JP")
    for finding in report.findings:
        print(finding.rule, finding.severity, finding.message)

    report = culturelint.check_paths(["copy/"])          # configs found as the CLI finds them
    print(culturelint.format_report(report, "sarif"))
    raise SystemExit(culturelint.exit_code(report))
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

__version__ = "0.2.0"

if TYPE_CHECKING:
    from .api import CheckRequest, check, check_pairs
    from .config import Config, find_config, load_config
    from .errors import UserError
    from .model import FileResult, Finding, Report, Severity

    PathLike = str | os.PathLike[str]
    ConfigArg = Literal["auto"] | PathLike | Config | None

__all__ = [
    "CheckRequest",
    "Config",
    "FileResult",
    "Finding",
    "Report",
    "Severity",
    "UserError",
    "__version__",
    "check",
    "check_pairs",
    "check_paths",
    "check_text",
    "exit_code",
    "find_config",
    "format_report",
    "load_config",
]

# public names imported on first use, so `import culturelint` (and `culturelint --version`) stays fast
_LAZY = {
    "CheckRequest": "api",
    "check": "api",
    "check_pairs": "api",
    "Config": "config",
    "find_config": "config",
    "load_config": "config",
    "UserError": "errors",
    "FileResult": "model",
    "Finding": "model",
    "Report": "model",
    "Severity": "model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'culturelint' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def check_text(
    text: str,
    market: str | None = None,
    *,
    markets: Iterable[str] = (),
    sponsored: bool | None = None,
    channel: str | None = None,
    date: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules: Iterable[PathLike] = (),
    names: Iterable[str] = (),
    config: ConfigArg = None,
    fail_on: str | None = None,
    lang: str | None = None,
) -> Report:
    """Check one piece of copy (Markdown or plain text; front matter is read) and return the
    Report. ``market``/``markets`` override any front matter, as ``--market`` does. No config file
    is read unless ``config`` names one (a path, a Config, or "auto": found from the working
    folder). The document is reported under the path ``<stdin>``.

    Raises ``culturelint.UserError`` for bad input (an unknown market, an invalid rule pack)."""
    return _run(
        ["-"],
        text,
        (*((market,) if market else ()), *markets),
        sponsored=sponsored,
        channel=channel,
        date=date,
        select=select,
        ignore=ignore,
        rules=rules,
        names=names,
        config=config,
        fail_on=fail_on,
        lang=lang,
    )


def check_paths(
    paths: PathLike | Iterable[PathLike],
    market: str | None = None,
    *,
    markets: Iterable[str] = (),
    sponsored: bool | None = None,
    channel: str | None = None,
    date: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules: Iterable[PathLike] = (),
    names: Iterable[str] = (),
    config: ConfigArg = "auto",
    fail_on: str | None = None,
    lang: str | None = None,
) -> Report:
    """Check files and folders as ``culturelint check PATHS`` does: folders are walked (copy files,
    copy decks), each file uses the config nearest above it (``config="auto"``, the default), or
    the one given (a path or a Config), or none (``config=None``). A file that cannot be read is
    a FileResult with ``error`` set, not an exception."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _run(
        [os.fspath(p) for p in paths],
        None,
        (*((market,) if market else ()), *markets),
        sponsored=sponsored,
        channel=channel,
        date=date,
        select=select,
        ignore=ignore,
        rules=rules,
        names=names,
        config=config,
        fail_on=fail_on,
        lang=lang,
    )


def _run(
    paths: list[str],
    text: str | None,
    markets: tuple[str, ...],
    *,
    sponsored: bool | None,
    channel: str | None,
    date: dt.date | None,
    select: Iterable[str],
    ignore: Iterable[str],
    rules: Iterable[PathLike],
    names: Iterable[str],
    config: ConfigArg,
    fail_on: str | None,
    lang: str | None,
) -> Report:
    from . import api
    from .config import Config, ConfigFinder, load_config
    from .i18n import resolve_lang

    if isinstance(config, Config):
        finder = ConfigFinder(config)
    elif config is None:
        finder = ConfigFinder(Config())
    elif isinstance(config, str) and config == "auto":
        finder = ConfigFinder()
    else:
        finder = ConfigFinder(load_config(Path(os.fspath(config))))
    base = finder.base(paths)
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        from .errors import UserError

        raise UserError(f"fail_on must be error, warning, info or never, not {fail_on!r}")
    request = api.CheckRequest(
        paths,
        markets,
        sponsored,
        date,
        [Path(os.fspath(r)) for r in rules],
        tuple(select),
        tuple(ignore),
        base,
        fail_on or base.fail_on or "error",
        stdin_text=text,
        names=tuple(n.strip() for n in names if n.strip()),
        channel=channel.strip().lower() if channel and channel.strip() else None,
        configs=finder,
        lang=resolve_lang(lang),
    )
    return api.check(request)


def exit_code(report: Report, allow_empty: bool = False) -> int:
    """The CLI's exit code for a report: 0 clean, 1 a finding at or above ``fail_on``, 2 a file
    could not be read or nothing was checked (unless ``allow_empty``)."""
    from .api import exit_code as code

    return code(report, allow_empty)


def format_report(
    report: Report, fmt: Literal["text", "json", "html", "sarif", "github", "junit"] = "text", colour: bool = False
) -> str:
    """The report in one of the CLI's ``--format``s, as a string."""
    from .formatters import FORMATTERS

    if fmt not in FORMATTERS:
        from .errors import UserError

        raise UserError(f"unknown format '{fmt}' (one of: {', '.join(FORMATTERS)})")
    return FORMATTERS[fmt](report, colour=colour)
