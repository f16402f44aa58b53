"""The command line: each command builds a request, calls the API, formats, returns an exit code."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "json", "html", "sarif", "github", "junit")


def _fail(message: str) -> None:
    click.echo(f"culturelint: error: {message}", err=True)


def guarded(func: F) -> F:
    """User errors exit 2 with one line; anything else exits 3 with a hint, never a bare traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            _fail(str(exc))
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            _fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(please report it with the command you ran; CULTURELINT_DEBUG=1 shows the traceback)"
            )
            import os

            if os.environ.get("CULTURELINT_DEBUG"):
                raise
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


def _emit(text: str, output: str | None) -> None:
    if output:
        from .fix import write_atomic

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            raise UserError(f"cannot write report: {exc.strerror or exc}", output) from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="culturelint")
def main() -> None:
    """Check marketing and social copy for cultural fit, market by market."""


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "-m",
    "--market",
    "markets",
    multiple=True,
    metavar="TAG",
    help="Market (BCP 47, e.g. ja-JP); repeatable. Overrides front matter and config.",
)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Lowest severity that fails the run (default: error, or the config's fail_on).",
)
@click.option(
    "--sponsored/--not-sponsored", default=None, help="Whether the copy is paid, gifted or affiliate content."
)
@click.option(
    "--channel",
    default=None,
    metavar="NAME",
    help="Where the copy runs (instagram, tiktok, youtube, x, weibo, xiaohongshu, line, naver-blog, or "
    "any name): disclosure labels must stand before that platform's 'more' cut-off. Overrides front matter.",
)
@click.option(
    "--date",
    "day",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="The day the copy runs (default: front matter date, else today).",
)
@click.option(
    "-r",
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra rule pack file or folder; repeatable.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: nearest culturelint.yaml / .culturelint.yaml / pyproject.toml).",
)
@click.option("--no-config", is_flag=True, help="Ignore any config file.")
@click.option("--select", multiple=True, metavar="ID|PREFIX|CATEGORY", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="ID|PREFIX|CATEGORY", help="Not these rules.")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="A JSON report of known findings: only new findings are reported.",
)
@click.option("--fix", is_flag=True, help="Apply unambiguous suggestions to the files, atomically.")
@click.option(
    "--model",
    "models",
    multiple=True,
    metavar="LANG=PIPELINE|auto",
    help="Use a trained spaCy pipeline for a language (e.g. fr=fr_core_news_sm), or 'auto' "
    "for any installed one. Default: blank pipelines.",
)
@click.option(
    "--name",
    "names",
    multiple=True,
    metavar="NAME",
    help="A product, campaign or hashtag name to screen against each market's vulgar and negative "
    "words; repeatable (front matter 'names:' adds more).",
)
@click.option("--color/--no-color", "colour", default=None, help="Colour text output (default: on a TTY).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes over files (default: the machine's cores for more than 20 files, else 1).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (compiled packs, results).")
@click.option(
    "--server/--no-server",
    "use_server",
    default=None,
    help="Answer through the warm server (starting it if needed), or never. Default: through it when it "
    "runs ($CULTURELINT_SERVER=1/0 sets the same).",
)
@click.option(
    "--cache-dir",
    metavar="DIR",
    default=None,
    help="Cache folder (default: $CULTURELINT_CACHE_DIR, else ~/.cache/culturelint).",
)
@click.option(
    "--allow-empty", is_flag=True, help="Exit 0, not 2, when no file is checked (every path skipped or excluded)."
)
@guarded
def check(
    paths: tuple[str, ...],
    markets: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str | None,
    sponsored: bool | None,
    channel: str | None,
    day: dt.date | None,
    rules: tuple[Path, ...],
    config_path: Path | None,
    no_config: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline: Path | None,
    fix: bool,
    models: tuple[str, ...],
    names: tuple[str, ...],
    colour: bool | None,
    jobs: int | None,
    no_cache: bool,
    use_server: bool | None,
    cache_dir: str | None,
    allow_empty: bool,
) -> None:
    """Check copy files or folders ('-' reads stdin)."""
    from .cache import configure
    from .server import check_through_server, wanted

    configure(no_cache, cache_dir)
    use = wanted(use_server)
    if use is not False and paths:
        answered = check_through_server(dict(click.get_current_context().params), start=bool(use))
        if answered is not None:
            sys.stdout.write(answered[0])
            sys.stdout.flush()
            sys.stderr.write(answered[1])
            sys.exit(answered[2])
    from . import api
    from .config import find_config, load_config
    from .formatters import FORMATTERS

    if not paths:
        raise UserError("no paths given (use '-' to read stdin)")
    config = load_config(None if no_config else (config_path or find_config(Path.cwd())))
    request = api.CheckRequest(
        list(paths),
        markets,
        sponsored,
        day,
        list(rules),
        select,
        ignore,
        config,
        fail_on or config.fail_on or "error",
        baseline,
        models=models,
        names=tuple(n.strip() for n in names if n.strip()),
        channel=channel.strip().lower() if channel and channel.strip() else None,
        jobs=jobs,
        cache_results=not no_cache,
    )
    packset = api.load_knowledge(request)
    report = api.check(request, packset)
    if fix:
        from . import fix as fixer

        report, count = fixer.apply(report)
        click.echo(f"culturelint: fixed {count} finding(s)", err=True)
    for result in report.files:
        if result.error:
            _fail(result.error)
    if fmt != "text" or output is not None:  # the text report carries its notes itself
        for notice in report.notices:
            click.echo(f"culturelint: note: {notice}", err=True)
    use_colour = colour if colour is not None else (output is None and sys.stdout.isatty())
    _emit(FORMATTERS[fmt](report, colour=use_colour), output)
    if not report.files and not allow_empty:
        click.echo(
            "culturelint: error: 0 files checked (every path was skipped or excluded); "
            "pass --allow-empty if that is expected",
            err=True,
        )
    sys.exit(api.exit_code(report, allow_empty))


@main.group()
def rules() -> None:
    """List, show, validate and test rule packs."""


@rules.command("list")
@click.option("-m", "--market", default=None, metavar="TAG", help="Only rules that run for this market.")
@click.option("-c", "--category", default=None, help="Only this category.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@click.option(
    "--review-age",
    type=int,
    default=365,
    show_default=True,
    metavar="DAYS",
    help="Mark rules whose 'reviewed' date is older than this (or missing) as due.",
)
@guarded
def rules_list(market: str | None, category: str | None, fmt: str, extra: tuple[Path, ...], review_age: int) -> None:
    """List rules."""
    from .catalog import list_rules

    sys.stdout.write(list_rules(list(extra), market, category, fmt, review_age))


@rules.command("show")
@click.argument("rule_id")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def rules_show(rule_id: str, extra: tuple[Path, ...]) -> None:
    """Show a rule: rationale, references, examples."""
    from .catalog import show_rule

    sys.stdout.write(show_rule(list(extra), rule_id))


@rules.command("docs")
@click.option("-o", "--output", metavar="FILE", help="Write the reference there (atomically).")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def rules_docs(output: str | None, extra: tuple[Path, ...]) -> None:
    """Write the rule reference (Markdown), generated from the packs."""
    from .catalog import reference

    _emit(reference(list(extra)), output)


@rules.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@guarded
def rules_validate(paths: tuple[Path, ...]) -> None:
    """Check packs against the schema and compile them; errors as file:line:col."""
    from .catalog import validate

    problems, count = validate(list(paths))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(2)
    click.echo(f"{count} packs valid")


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print every example, not only failures.")
@guarded
def rules_test(paths: tuple[Path, ...], verbose: bool) -> None:
    """Run every rule's bad and good examples; non-zero exit on any failure."""
    from .catalog import test_rules

    failures, total, lines = test_rules(list(paths), verbose)
    for line in lines:
        click.echo(line)
    click.echo(f"{total - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def markets(fmt: str, extra: tuple[Path, ...]) -> None:
    """Supported markets: language, tokenizer, packs and rule counts."""
    from .catalog import list_markets

    sys.stdout.write(list_markets(list(extra), fmt))


@main.group()
def server() -> None:
    """A warm background server for hooks and editors (`check` uses it when it runs)."""


@server.command("start")
@guarded
def server_start() -> None:
    """Start the server in the background (nothing to do if it runs)."""
    from . import server as daemon

    pid = daemon.start_server()
    if pid is None:
        raise UserError(f"the server did not start; see {daemon.log_path()}")
    click.echo(f"culturelint server running (pid {pid}, socket {daemon.socket_path()})")


@server.command("stop")
@guarded
def server_stop() -> None:
    """Stop the server; a stale socket or pid file is cleaned up."""
    from . import server as daemon

    pid = daemon.stop_server()
    click.echo(f"culturelint server stopped (pid {pid})" if pid else "culturelint server was not running")


@server.command("restart")
@guarded
def server_restart() -> None:
    """Stop the server if it runs, then start it."""
    from . import server as daemon

    daemon.stop_server()
    pid = daemon.start_server()
    if pid is None:
        raise UserError(f"the server did not start; see {daemon.log_path()}")
    click.echo(f"culturelint server running (pid {pid}, socket {daemon.socket_path()})")


@server.command("status")
@guarded
def server_status() -> None:
    """Whether the server runs (exit 0) or not (exit 1)."""
    from . import server as daemon

    found = daemon.status()
    if not found:
        click.echo("culturelint server is not running")
        sys.exit(1)
    same = found["identity"] == daemon.identity()
    click.echo(
        f"culturelint server running (pid {found['pid']}, {found['requests']} checks, "
        f"up {found['uptime']:.0f} s, culturelint {found['identity']['version']}"
        + ("" if same else ", not this installation: run `culturelint server restart`")
        + ")"
    )


@server.command("run", hidden=True)
@guarded
def server_run() -> None:
    """Run the server in the foreground (what `start` launches)."""
    from . import server as daemon

    daemon.run_foreground()


@main.command()
@guarded
def lsp() -> None:
    """Speak the Language Server Protocol on stdin/stdout (for editors)."""
    from .lsp import serve

    serve()
