"""The command line: each command builds a request, calls the API, formats, returns an exit code."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import cliutil, completion
from .errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
STDIN = "-"
FORMATS = (
    "text",
    "json",
    "html",
    "sarif",
    "github",
    "junit",
    "gitlab",
    "checkstyle",
    "github-summary",
    "matrix",
    "matrix-json",
)


def _fail(message: str) -> None:
    from .formatters.text import escape  # file names and copy in a message never drive the terminal

    click.echo(f"culturelint: error: {escape(message)}", err=True)


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
        from .fix import write_report

        write_report(output, text)  # a regular file or a new path only, with the umask's mode
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=cliutil.print_version,
    help="Show the versions of culturelint, Python, spaCy, the packs and the tokenizers, and exit.",
)
def main() -> None:
    """Check marketing and social copy for cultural fit, market by market."""


@main.command(epilog=cliutil.CHECK_EPILOG)
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "-m",
    "--market",
    "markets",
    multiple=True,
    metavar="TAG",
    shell_complete=completion.market_tags,
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
@click.option(
    "--select",
    multiple=True,
    metavar="ID|PREFIX|CATEGORY",
    shell_complete=completion.selectors,
    help="Only these rules.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="ID|PREFIX|CATEGORY",
    shell_complete=completion.selectors,
    help="Not these rules.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="A JSON report of known findings: only new findings are reported.",
)
@click.option(
    "--from-ref",
    metavar="REF",
    default=None,
    help="Report only findings on lines added or changed since this git ref (e.g. origin/main).",
)
@click.option(
    "--waivers",
    "waiver_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A reviewer's decisions exported from the HTML report (YAML); repeatable. Accepted and "
    "false-alarm findings are waived until their expiry; config 'waivers:' adds more.",
)
@click.option("--fix", is_flag=True, help="Apply unambiguous suggestions to the files, atomically.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change and write nothing; exit 1 if there is something to fix.",
)
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
@click.option(
    "--lang",
    default=None,
    metavar="LANG|auto",
    help="Print rule messages in this language (e.g. en) where the rule carries a translation, or 'auto' "
    "for your locale; labels and suggestions stay in the market's language. Default: as the packs write them.",
)
@click.option(
    "--color",
    "colour",
    type=click.Choice(cliutil.COLOR_CHOICES),
    default="auto",
    show_default=True,
    is_flag=False,
    flag_value="always",
    help="Colour the text report: auto = on a terminal (NO_COLOR turns it off, FORCE_COLOR on).",
)
@click.option("--no-color", "no_colour", is_flag=True, hidden=True, help="Same as --color never.")
@click.option("-q", "--quiet", is_flag=True, help="Only the findings: no notes, no summary line.")
@click.option("--statistics", is_flag=True, help="Count findings per rule id, most frequent first (text or json).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (still 2 on bad input).")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    default=None,
    help="Read stdin ('-') as if it were PATH: its reader, its markets from config globs or the path, its name.",
)
@click.option("--watch", is_flag=True, help="Check again whenever a checked file changes; Ctrl-C stops.")
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
@click.option(
    "--list-files",
    is_flag=True,
    help="Print each file the run would check and why (and each skipped one and why); check nothing.",
)
@click.option(
    "--max-file-size",
    metavar="SIZE",
    default=None,
    help="Files larger than this (bytes, or 500k, 10MB) are reported and skipped; 0: no limit. "
    "Default: the config's max_file_size, else 10MB.",
)
@click.option("--allow-outside", is_flag=True, help="Let the config's rules: paths point outside the repository.")
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
    from_ref: str | None,
    waiver_files: tuple[Path, ...],
    fix: bool,
    show_diff: bool,
    models: tuple[str, ...],
    names: tuple[str, ...],
    lang: str | None,
    colour: str,
    no_colour: bool,
    quiet: bool,
    statistics: bool,
    exit_zero: bool,
    stdin_filename: str | None,
    watch: bool,
    jobs: int | None,
    no_cache: bool,
    use_server: bool | None,
    cache_dir: str | None,
    allow_empty: bool,
    list_files: bool,
    max_file_size: str | None,
    allow_outside: bool,
) -> None:
    """Check copy files or folders ('-' reads stdin)."""
    from .cache import configure
    from .server import check_through_server, wanted

    configure(no_cache, cache_dir)
    use = wanted(use_server)
    if use is not False and paths and not watch:  # --watch keeps running here, re-checking on each change
        answered = check_through_server(dict(click.get_current_context().params), start=bool(use))
        if answered is not None:
            sys.stdout.write(answered[0])
            sys.stdout.flush()
            sys.stderr.write(answered[1])
            sys.exit(answered[2])
    from . import api
    from .config import Config, ConfigFinder, load_config
    from .formatters import FORMATTERS
    from .formatters.text import escape, format_text
    from .i18n import resolve_lang
    from .safeio import parse_size

    if not paths:
        raise UserError("no paths given (use '-' to read stdin)")
    if stdin_filename is not None and (STDIN not in paths or fix):
        raise UserError("--stdin-filename names the copy read from stdin: pass '-' as the path, without --fix")
    if statistics and fmt not in ("text", "json"):
        raise UserError(f"--statistics prints text or json, not {fmt}")
    if watch:
        from .watch import watch_and_rerun

        ctx = click.get_current_context()
        sys.exit(watch_and_rerun(list(paths), lambda: ctx.invoke(check, **{**ctx.params, "watch": False})))
    # each file's config is found from its folder upwards; --config / --no-config force one for all
    finder = ConfigFinder(load_config(config_path) if config_path else Config() if no_config else None)
    config = finder.base(list(paths))
    if list_files:
        from .discovery import candidates

        shown = list(candidates(list(paths), finder))
        for c in shown:
            click.echo(f"{c.path}  ({c.reason})" if c.checked else f"{c.path}  (skipped: {c.reason})")
        checked = sum(1 for c in shown if c.checked)
        click.echo(f"{checked} file(s) to check, {len(shown) - checked} skipped", err=True)
        sys.exit(0 if checked else 2)
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
        stdin_filename=stdin_filename,
        configs=finder,
        lang=resolve_lang(lang),
        from_ref=from_ref,
        waivers=waiver_files,
        max_file_size=None if max_file_size is None else parse_size(max_file_size),
        allow_outside=allow_outside,
        jobs=jobs,
        cache_results=not no_cache,
    )
    packset = api.load_knowledge(request)
    report = cliutil.call_with_progress(api.check, cliutil.progress_for(quiet, fmt, output), request, packset)
    problems: list[str] = []
    if fix or show_diff:
        from dataclasses import replace

        from . import fix as fixer
        from .model import Report

        def recheck(path: str) -> Report:  # a file changed since it was checked: check it again
            return api.check(replace(request, paths=[path]), packset)

        outcome = fixer.apply(report, recheck, write=not show_diff)
        problems = outcome.problems
        if show_diff:  # as ruff: the diff instead of the report; exit 1 when there is something to fix
            for line in [r.error for r in report.files if r.error] + problems:
                _fail(str(line))
            _emit(outcome.diff, output)
            if not quiet:
                click.echo(f"culturelint: would fix {outcome.fixed} finding(s) in {outcome.files} file(s)", err=True)
            sys.exit(2 if problems or api.exit_code(report, allow_empty) == 2 else 1 if outcome.fixed else 0)
        report = outcome.report
        if not quiet:
            click.echo(f"culturelint: fixed {outcome.fixed} finding(s)", err=True)
    for result in report.files:
        if result.error:
            _fail(result.error)
    for problem in problems:
        _fail(problem)
    if (fmt != "text" or output is not None or statistics) and not quiet:  # the text report carries its notes
        for notice in report.notices:
            click.echo(f"culturelint: note: {escape(notice)}", err=True)
    choice = "never" if no_colour else colour
    use_colour = cliutil.use_colour(choice, sys.stdout) if output is None or choice != "auto" else False
    if statistics:
        _emit(cliutil.statistics(report, fmt), output)
    elif fmt == "text":
        _emit(format_text(report, colour=use_colour, quiet=quiet), output)
    else:
        _emit(FORMATTERS[fmt](report, colour=use_colour), output)
    if fmt == "github" and not statistics:
        from .formatters.summary import append_step_summary

        append_step_summary(report)
    if not report.files and not allow_empty:
        click.echo(
            "culturelint: error: 0 files checked (every path was skipped or excluded); "
            "pass --allow-empty if that is expected",
            err=True,
        )
    code = 2 if problems else api.exit_code(report, allow_empty)
    sys.exit(0 if exit_zero and code == 1 else code)


@main.command("pairs")
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--source",
    "source",
    metavar="FILE",
    default=None,
    help="The source catalogue of JSON/YAML files "
    "(default: the source locale's file beside each, e.g. en.json; config pairs: source).",
)
@click.option(
    "-m",
    "--market",
    "markets",
    multiple=True,
    metavar="TAG",
    shell_complete=completion.market_tags,
    help="Target market; repeatable (default: the file's target language, de -> de-DE).",
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
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="The day the copy runs (default: today).")
@click.option(
    "-r", "--rules", "rules", multiple=True, type=click.Path(path_type=Path), help="Extra rule pack; repeatable."
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Config file.")
@click.option("--no-config", is_flag=True, help="Ignore any config file.")
@click.option("--select", multiple=True, metavar="ID|PREFIX|CATEGORY", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="ID|PREFIX|CATEGORY", help="Not these rules.")
@click.option(
    "--name",
    "names",
    multiple=True,
    metavar="NAME",
    help="A brand or product name every translation must keep as written; repeatable (config pairs: names).",
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG|auto",
    help="Print rule messages in this language where a rule has a translation.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the findings: no notes, no summary line.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (still 2 on bad input).")
@guarded
def pairs_command(
    paths: tuple[str, ...],
    source: str | None,
    markets: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str | None,
    sponsored: bool | None,
    day: dt.date | None,
    rules: tuple[Path, ...],
    config_path: Path | None,
    no_config: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    names: tuple[str, ...],
    lang: str | None,
    quiet: bool,
    exit_zero: bool,
) -> None:
    """Check translations against their sources: PO and XLIFF files, or JSON/YAML catalogues
    matched by key with their source locale's file (see docs/pairs.md)."""
    from . import api
    from .config import Config, load_config
    from .formatters import FORMATTERS
    from .formatters.text import escape, format_text
    from .i18n import resolve_lang

    if not paths:
        raise UserError("no translation files given")
    config = load_config(config_path) if config_path else Config() if no_config else _nearest_config(paths[0])
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
        names=tuple(n.strip() for n in names if n.strip()),
        lang=resolve_lang(lang),
    )
    report = api.check_pairs(request, source)
    for result in report.files:
        if result.error:
            _fail(result.error)
    if (fmt != "text" or output is not None) and not quiet:
        for notice in report.notices:
            click.echo(f"culturelint: note: {escape(notice)}", err=True)
    text = format_text(report, quiet=quiet) if fmt == "text" else FORMATTERS[fmt](report, colour=False)
    _emit(text, output)
    code = api.exit_code(report)
    sys.exit(0 if exit_zero and code == 1 else code)


def _nearest_config(path: str) -> Any:
    from .config import find_config, load_config

    start = Path(path).resolve().parent if path != STDIN else Path.cwd()
    return load_config(find_config(start))


@main.command("archive")
@click.argument("paths", nargs=-1, required=True, type=str)
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Folder for findings and summaries.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=NAME", help="FIELD from column NAME (text=body).")
@click.option("-m", "--market", default=None, metavar="TAG", help="Check every post for this market.")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="Only posts dated on or after this day.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Only posts dated on or before this day.")
@click.option("--sample", type=int, default=None, metavar="N", help="A dry run over the first N posts.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="An existing Dask scheduler (tcp://host:8786).")
@click.option("--workers", type=int, default=None, help="Local cluster worker processes (default: the cores).")
@click.option("--threads-per-worker", type=int, default=1, show_default=True)
@click.option("--partition-size", type=int, default=5000, show_default=True, help="Posts per task.")
@click.option("--single-file", is_flag=True, help="One findings.parquet instead of a folder by market.")
@click.option("-r", "--rules", "rules", multiple=True, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, metavar="SELECTOR")
@click.option("--ignore", multiple=True, metavar="SELECTOR")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error", show_default=True)
@click.option("--progress/--no-progress", default=None, help="Partitions done on stderr (default: on a terminal).")
@guarded
def archive_command(paths: tuple[str, ...], out: Path, columns: tuple[str, ...], **options: Any) -> None:
    """Audit an archive of past posts (JSON Lines or Parquet: text, market, date, channel,
    sponsored) on Dask; write findings as Parquet and a summary per market, category and month."""
    from .archive import command

    sys.exit(command(paths, out, columns, **options))


@main.group()
def rules() -> None:
    """List, show, validate and test rule packs."""


@rules.command("list")
@click.option(
    "-m",
    "--market",
    default=None,
    metavar="TAG",
    shell_complete=completion.market_tags,
    help="Only rules that run for this market.",
)
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
@click.argument("rule_id", shell_complete=completion.rule_ids)
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def rules_show(rule_id: str, extra: tuple[Path, ...]) -> None:
    """Show a rule: rationale, references, examples (a former id shows the rule it became)."""
    from .catalog import show_rule

    sys.stdout.write(show_rule(list(extra), cliutil.rule_id_for(rule_id, list(extra))))


@main.command()
@click.argument("rule_id", metavar="RULE", shell_complete=completion.rule_ids)
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@click.pass_context
def explain(ctx: click.Context, rule_id: str, extra: tuple[Path, ...]) -> None:
    """Explain a rule: what it catches, why, sources, examples (same as 'rules show RULE')."""
    ctx.invoke(rules_show, rule_id=rule_id, extra=extra)


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


@rules.command("feedback")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def rules_feedback(files: tuple[Path, ...], fmt: str) -> None:
    """Per-rule summary of reviewers' decision files (exported from the HTML report): decisions,
    false-alarm rate, markets and the latest reasons, for rule authors."""
    from . import feedback

    found, count = feedback.collect(files)
    sys.stdout.write((feedback.format_json if fmt == "json" else feedback.format_text)(found, count))


@rules.command("audit")
@click.option(
    "--max-age",
    metavar="AGE",
    default=None,
    help="'reviewed' older than this is stale: 12m, 365d, 1y (default: config audit: max_age, else 12m).",
)
@click.option(
    "--feedback",
    "feedback_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Reviewers' decision files (exported from the HTML report); repeatable.",
)
@click.option(
    "--corpus",
    "corpus_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="More recall texts: JSON Lines or YAML of {text, market}; repeatable.",
)
@click.option("--no-default-corpus", is_flag=True, help="Only the --corpus files, not the repository's recall corpora.")
@click.option(
    "--check",
    "checks",
    default=",".join(("stale", "secondary", "superseded-law", "never-fires", "false-alarms")),
    show_default=True,
    metavar="LIST",
    help="Which checks, comma-separated.",
)
@click.option(
    "--min-decisions",
    type=click.IntRange(min=1),
    default=None,
    help="false-alarms: only rules with at least this many decisions (default 3).",
)
@click.option(
    "-m",
    "--market",
    default=None,
    metavar="TAG",
    shell_complete=completion.market_tags,
    help="Only rules that run for this market.",
)
@click.option(
    "-r",
    "--rules",
    "extra",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Audit these packs (a pack repository) instead of the built-in ones; repeatable.",
)
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="Today, for ages (default: the clock).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown"]), default="text", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically).")
@click.option("--fail-on-issues", is_flag=True, help="Exit 1 when any rule is listed (for CI).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Config file.")
@click.option("--no-config", is_flag=True, help="Ignore any config file.")
@guarded
def rules_audit(
    max_age: str | None,
    feedback_files: tuple[Path, ...],
    corpus_files: tuple[Path, ...],
    no_default_corpus: bool,
    checks: str,
    min_decisions: int | None,
    market: str | None,
    extra: tuple[Path, ...],
    day: dt.date | None,
    fmt: str,
    output: str | None,
    fail_on_issues: bool,
    config_path: Path | None,
    no_config: bool,
) -> None:
    """Rule governance: stale reviews, secondary-only references, superseded laws, rules that never
    fire on the recall corpora, and the highest false-alarm rates (docs/governance.md)."""
    from . import audit

    config = audit.config_for(config_path, no_config)
    options = audit.AuditOptions(
        today=day or dt.date.today(),
        max_age=audit.parse_age(max_age or config.audit.max_age or audit.DEFAULT_MAX_AGE),
        checks=audit.parse_checks(checks),
        market=market,
        feedback=tuple(feedback_files) + tuple(config.audit.feedback),
        corpus=tuple(corpus_files) + tuple(config.audit.corpus),
        default_corpus=not no_default_corpus,
        min_decisions=min_decisions or config.audit.min_decisions or audit.DEFAULT_MIN_DECISIONS,
        reference_kinds=tuple(config.audit.reference_kinds),
        superseded=tuple(config.audit.superseded),
    )
    result = audit.run(list(extra) or list(config.rules), options, plugins=config.plugins)
    for note in result.notes:
        click.echo(f"culturelint: note: {note}", err=True)
    for problem in result.problems:
        _fail(problem)
    _emit(audit.FORMATTERS[fmt](result), output)
    sys.exit(2 if result.problems else 1 if fail_on_issues and result.listed() else 0)


@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def markets(fmt: str, extra: tuple[Path, ...]) -> None:
    """Supported markets: language, tokenizer, packs and rule counts."""
    from .catalog import list_markets

    sys.stdout.write(list_markets(list(extra), fmt))


@main.command("calendar")
@click.argument("market")
@click.option("--year", type=int, default=None, help="The year (default: this year).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-r", "--rules", "extra", multiple=True, type=click.Path(path_type=Path))
@guarded
def calendar_command(market: str, year: int | None, fmt: str, extra: tuple[Path, ...]) -> None:
    """What the calendar knows for a market in a year: computed periods (Lunar New Year, Ramadan,
    Eid, Easter, Diwali), public holidays, dated observances, and the rules bound to each."""
    from .catalog import calendar_listing

    sys.stdout.write(calendar_listing(list(extra), market, year or dt.date.today().year, fmt))


@main.command("history")
@click.argument("revisions", required=False, metavar="[REV-RANGE]")
@click.option(
    "--path",
    "paths",
    multiple=True,
    metavar="PATH",
    help="Only files under PATH (from the repository root); repeatable.",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]), default="text", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically).")
@click.option(
    "-m",
    "--market",
    "markets",
    multiple=True,
    metavar="TAG",
    shell_complete=completion.market_tags,
    help="Count only findings for this market; repeatable.",
)
@click.option("--since", metavar="DATE", default=None, help="Only commits after this date (as git log --since).")
@click.option("--until", metavar="DATE", default=None, help="Only commits before this date (as git log --until).")
@click.option("--max-commits", type=click.IntRange(min=1), default=None, help="Only the latest N commits of the range.")
@click.option(
    "--by-author", is_flag=True, help="Also count per commit author (off by default: the measure is the team's)."
)
@click.option(
    "-r",
    "--rules",
    "extra",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra rule pack file or folder; repeatable.",
)
@click.option(
    "--date",
    "day",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="The day date-bound rules are checked against (default: today).",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="Processes for the file versions the cache does not know."
)
@click.option(
    "--baseline",
    metavar="PATH",
    default=None,
    help="A JSON report committed at PATH (from the repository root): as of each commit, the findings "
    "it lists count as waived.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (compiled packs, results).")
@guarded
def history_command(
    revisions: str | None,
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    markets: tuple[str, ...],
    since: str | None,
    until: str | None,
    max_commits: int | None,
    by_author: bool,
    extra: tuple[Path, ...],
    day: dt.date | None,
    jobs: int | None,
    baseline: str | None,
    no_cache: bool,
) -> None:
    """Missteps over time: replay the checks over a git history (REV-RANGE, default HEAD, first
    parents) and count findings introduced, fixed, waived and removed per month, market and category.
    A report, not a gate: exit 0 (2 when this is not a git repository or the range is bad)."""
    from .cache import configure
    from .formatters.history import FORMATS as HISTORY_FORMATS
    from .history import HistoryRequest, replay

    configure(no_cache, None)
    request = HistoryRequest(
        folder=Path.cwd(),
        revisions=revisions,
        paths=paths,
        markets=markets,
        since=since,
        until=until,
        max_commits=max_commits,
        by_author=by_author,
        jobs=jobs,
        use_cache=not no_cache,
        rules=tuple(Path(p).resolve() for p in extra),
        day=day,
        baseline=baseline,
    )
    found = replay(request)
    stats = found.stats
    click.echo(
        f"culturelint: {stats.commits} commit(s), {stats.tasks} file version(s): {stats.checked} checked, "
        f"{stats.cached} from the cache",
        err=True,
    )
    _emit(HISTORY_FORMATS[fmt](found), output)


@main.group()
def server() -> None:
    """A warm background server for hooks and editors (`check` uses it when it runs)."""


@server.command("start")
@guarded
def server_start() -> None:
    """Start the server in the background (nothing to do if it runs)."""
    _start_server()


def _start_server() -> None:
    """Start the background server and say where it listens; one line and exit 2 if it does not come up."""
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
    _start_server()


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
