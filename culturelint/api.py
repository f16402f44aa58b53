"""The programmatic surface: build a request, check it, get a Report. The CLI is a thin shell over this."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .config import Config
from .discovery import expand
from .engine import CheckOptions, DocumentResult, check_document
from .engine.findings import fingerprint
from .engine.select import Selection, specificity
from .errors import InputError, UserError
from .model import STDIN_NAME, Document, DocumentMeta, FileResult, Finding, OffsetMap, Report, Segment, Severity
from .nlp.models import parse_models
from .packs.loader import PackSet, load_packset
from .parallel import check_paths
from .readers import reader_for
from .readers.common import decode

STDIN = "-"
PATH_LOCALE = re.compile(r"(?:^|[/\\._-])([a-z]{2,3})[-_]([A-Z]{2})(?=$|[/\\._-])")


@dataclass
class CheckRequest:
    paths: list[str]
    markets: tuple[str, ...] = ()
    sponsored: bool | None = None
    day: dt.date | None = None
    rules: list[Path] = field(default_factory=list)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Config = field(default_factory=Config)
    fail_on: str = "error"
    baseline: Path | None = None
    stdin_text: str | None = None
    models: tuple[str, ...] = ()  # LANG=PIPELINE or "auto"
    names: tuple[str, ...] = ()  # --name: product and campaign names to screen in every file
    channel: str | None = None  # --channel: the platform the copy runs on (overrides front matter)
    jobs: int | None = None  # --jobs: processes over files (None: the cores when there are many files)
    cache_results: bool = False  # answer unchanged files from the results cache (the CLI turns it on)
    contents: dict[str, str] = field(
        default_factory=dict
    )  # path -> text to check instead of the file's (an editor's buffer)


def fail_level(name: str) -> Severity | None:
    return None if name == "never" else Severity.parse(name)


def load_knowledge(request: CheckRequest) -> PackSet:
    return load_packset(list(request.config.rules) + list(request.rules))


def selection_for(request: CheckRequest) -> Selection:
    """The config's selectors, unless the command line names its own: ``--select`` replaces the
    config's ``select`` (as in ruff and flake8); ``--ignore`` adds to its ``ignore``."""
    select = request.select or request.config.select
    return Selection(select, request.config.ignore + request.ignore, dict(request.config.severity))


def unmatched_selectors(selection: Selection, packset: PackSet) -> list[str]:
    """A --select/--ignore selector (or the config's) that names no rule is a typo that would
    otherwise check nothing, or ignore nothing, without a word."""
    rules = list(packset.rules.values())
    out = []
    for option, selectors in (("select", selection.select), ("ignore", selection.ignore)):
        for selector in selectors:
            if selector.strip().lower() in ("all", "*"):
                continue
            if not any(specificity(selector, r.id, r.category, r.aliases) >= 0 for r in rules):
                out.append(
                    f"{option} selector '{selector}' matches no rule; check its spelling (culturelint rules list)"
                )
    return out


def check(request: CheckRequest, packset: PackSet | None = None) -> Report:
    packset = packset or load_knowledge(request)
    markets = tuple(packset.markets.resolve(m) for m in request.markets)
    options = CheckOptions(
        request.day or dt.date.today(),
        selection_for(request),
        parse_models(request.config.models + request.models),
        require_reason=request.config.require_reason,
    )
    files: list[FileResult] = []
    findings: list[Finding] = []
    notices: set[str] = set(unmatched_selectors(options.selection, packset))

    def check_path(path: str) -> tuple[list[FileResult], list[Finding], set[str]]:
        return _check_path(path, request, markets, packset, options)

    paths = list(expand(request.paths, request.config.exclude))
    cache_key = packset.key if request.cache_results else None
    for found in check_paths(paths, check_path, request.jobs, _cache_options(request, markets, options), cache_key):
        files.extend(found[0])
        findings.extend(found[1])
        notices |= found[2]
    if request.baseline:
        findings = _without_baseline(findings, request.baseline, packset)
    return Report(__version__, tuple(files), tuple(findings), fail_level(request.fail_on), tuple(sorted(notices)))


def _check_path(
    path: str, request: CheckRequest, markets: tuple[str, ...], packset: PackSet, options: CheckOptions
) -> tuple[list[FileResult], list[Finding], set[str]]:
    files: list[FileResult] = []
    findings: list[Finding] = []
    notices: set[str] = set()
    try:
        documents = read_documents(path, request)
    except UserError as exc:
        return [FileResult(_display(path), (), None, None, None, error=str(exc))], [], set()
    for declared in documents:
        try:
            document = resolve(declared, request, markets, packset)
        except UserError as exc:
            files.append(FileResult(declared.path, (), None, None, None, error=str(exc)))
            continue
        result = check_document(document, packset, options)
        findings.extend(result.findings)
        notices |= result.notices
        files.append(_file_result(document, packset, result))
    return files, findings, notices


def _cache_options(request: CheckRequest, markets: tuple[str, ...], options: CheckOptions) -> tuple[object, ...]:
    """Everything besides a file's bytes and the packs that changes its findings."""
    selection = options.selection
    return (
        markets,
        request.sponsored,
        options.day,
        request.config,
        selection.select,
        selection.ignore,
        sorted(selection.severity.items()),
        sorted(options.models.items()),
        options.require_reason,
        request.names,
        request.channel,
    )


def read_documents(path: str, request: CheckRequest) -> list[Document]:
    if path == STDIN:
        text = request.stdin_text if request.stdin_text is not None else sys.stdin.read()
        return reader_for(STDIN_NAME).read(STDIN_NAME, text.replace("\r\n", "\n"))
    if path in request.contents:
        return reader_for(path).read(path, request.contents[path].replace("\r\n", "\n"))
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or folder", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return reader_for(path).read(path, decode(data, path))


def _display(path: str) -> str:
    return STDIN_NAME if path == STDIN else path


def resolve(document: Document, request: CheckRequest, markets: tuple[str, ...], packset: PackSet) -> Document:
    """The document as the engine checks it, its metadata settled once:
    --market > front matter / row > config globs > a locale in the path > none."""
    meta = document.meta
    table = packset.markets
    tags, source = meta.markets, meta.market_source
    if markets:
        tags, source = markets, "option"
    elif tags:
        tags = tuple(table.resolve(m, document.path) for m in tags)
    else:
        for glob, globbed in request.config.markets:
            if _glob_matches(glob, document.path, request.config):
                tags = tuple(table.resolve(t, str(request.config.path)) for t in globbed)
                source = "config"
                break
        else:
            tags = _markets_from_path(document.path, packset)
            source = "path" if tags else "none"
    resolved = replace(
        meta,
        markets=tags,
        market_source=source,
        voices=tuple(sorted(request.config.voice.items())),
        sponsored=meta.sponsored if request.sponsored is None else request.sponsored,
        date=meta.date if request.day is None else request.day,
        channel=meta.channel if request.channel is None else request.channel,
        names=tuple(dict.fromkeys(meta.names + request.names)),
        substantiation=meta.substantiation
        + tuple(
            entry
            for entry, globs in request.config.substantiation
            if not globs or any(_glob_matches(g, document.path, request.config) for g in globs)
        ),
    )
    return replace(document, meta=resolved, segments=_with_title(document, resolved))


def _with_title(document: Document, meta: DocumentMeta) -> tuple[Segment, ...]:
    """On a channel that shows a title (YouTube, Xiaohongshu, Naver Blog), front matter's
    ``title:`` is copy: the first line readers see, where a disclosure label counts as upfront."""
    from .channels import channel_for

    channel = channel_for(meta.channel)
    if not (channel and channel.title and meta.title_span):
        return document.segments
    start, end = meta.title_span
    return (Segment(document.source[start:end], OffsetMap(base=start)), *document.segments)


def _glob_matches(glob: str, path: str, config: Config) -> bool:
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(config.root.resolve()).as_posix()
    except ValueError:
        rel = Path(path).as_posix()
    return fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(rel, glob.rstrip("/") + "/*") or Path(rel).match(glob)


def _markets_from_path(path: str, packset: PackSet) -> tuple[str, ...]:
    for m in PATH_LOCALE.finditer(path):
        tag = f"{m.group(1)}-{m.group(2)}"
        table = packset.markets
        if tag in table.markets or any(known.language == m.group(1) for known in table.markets.values()):
            return (tag,)  # a tag with no entry of its own (es-AR) runs with its language's packs
    return ()


def _file_result(document: Document, packset: PackSet, result: DocumentResult) -> FileResult:
    meta = document.meta
    language = meta.language or (packset.markets.language_of(meta.markets[0]) if meta.markets else None)
    return FileResult(
        document.path,
        meta.markets,
        language,
        result.detected.language if result.detected else None,
        meta.sponsored,
        None,
        document.source,
    )


def _without_baseline(findings: list[Finding], baseline: Path, packset: PackSet) -> list[Finding]:
    """Findings not in an earlier JSON report. A renamed rule's findings are also looked up under
    the fingerprints its former ids gave them."""
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
        known = {f["fingerprint"] for f in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"cannot read baseline (a JSON report): {exc}", str(baseline)) from None
    former: dict[str, list[str]] = {}
    for alias, rule in packset.aliases.items():
        former.setdefault(rule.id, []).append(alias)
    return [
        f
        for f in findings
        if f.fingerprint not in known
        and not any(fingerprint(replace(f, rule=old)) in known for old in former.get(f.rule, ()))
    ]


def exit_code(report: Report, allow_empty: bool = False) -> int:
    """2 when a file could not be read, or when nothing was checked at all (unless allowed: a run
    that checks nothing must not pass as a clean run); else 1 when a finding reaches fail_on."""
    if any(f.error for f in report.files):
        return 2
    if not report.files and not allow_empty:
        return 2
    if report.fail_on is None:
        return 0
    return 1 if any(f.severity >= report.fail_on for f in report.findings) else 0
