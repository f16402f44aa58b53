"""The programmatic surface: build a request, check it, get a Report. The CLI is a thin shell over this."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, baseline, gitdiff
from .config import Config, ConfigFinder
from .discovery import candidates, walk_notices
from .engine import CheckOptions, DocumentResult, check_document
from .engine.select import Selection, specificity
from .errors import ConfigError, UserError
from .kinds.regex import budget_scope
from .model import (
    STDIN_NAME,
    Document,
    DocumentMeta,
    FileResult,
    Finding,
    MarketRun,
    OffsetMap,
    Report,
    RuleInfo,
    Segment,
    Severity,
)
from .nlp.models import parse_models
from .normalize import with_hidden
from .packs.loader import PackSet, load_packset
from .parallel import PathResult, check_paths
from .readers import reader_for
from .readers.common import decode
from .safeio import DEFAULT_MAX_FILE_SIZE, display_name, read_file, read_stdin

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
    stdin_filename: str | None = None  # --stdin-filename: the path stdin is read and reported as
    lang: str | None = None  # --lang: the language messages are printed in (None: as the packs write them)
    from_ref: str | None = None  # --from-ref: only findings on lines added or changed since this git ref
    # each file's own config, found from its folder upwards; None: ``config`` applies to every file
    configs: ConfigFinder | None = None
    waivers: tuple[Path, ...] = ()  # --waivers: reviewers' decision files (culturelint.waivers)
    max_file_size: int | None = None  # --max-file-size in bytes (None: the config's, else 10 MB; 0: no limit)
    allow_outside: bool = False  # --allow-outside: config and pack paths may leave the repository
    jobs: int | None = None  # --jobs: processes over files (None: the cores when there are many files)
    cache_results: bool = False  # answer unchanged files from the results cache (the CLI turns it on)
    contents: dict[str, str] = field(
        default_factory=dict
    )  # path -> text to check instead of the file's (an editor's buffer)


def fail_level(name: str) -> Severity | None:
    return None if name == "never" else Severity.parse(name)


def load_knowledge(request: CheckRequest, config: Config | None = None) -> PackSet:
    config = config or request.config
    if not request.allow_outside:
        check_inside(config)
    return load_packset(list(config.rules) + list(request.rules), plugins=config.plugins)


def check_inside(config: Config) -> None:
    """The config's ``rules:`` paths stay inside the repository the config belongs to (a config
    committed to a repository must not load, or probe, files elsewhere), unless --allow-outside."""
    from .safeio import inside

    for rules in config.rules:
        if not inside(rules, config.root):
            raise ConfigError(
                f"rules path '{rules}' is outside the repository ({config.root}); pass --allow-outside to load it",
                str(config.path),
            )


def selection_for(request: CheckRequest, config: Config | None = None) -> Selection:
    """The config's selectors, unless the command line names its own: ``--select`` replaces the
    config's ``select`` (as in ruff and flake8); ``--ignore`` adds to its ``ignore``."""
    config = config or request.config
    select = request.select or config.select
    return Selection(select, config.ignore + request.ignore, dict(config.severity))


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


def check(
    request: CheckRequest, packset: PackSet | None = None, progress: Callable[[int, int], None] | None = None
) -> Report:
    """``progress(done, total)`` is called after each file when given (the CLI's terminal progress)."""
    from . import waivers

    packset = packset or load_knowledge(request)
    decisions = waivers.load_all([*request.config.waivers, *request.waivers])  # a bad file fails first
    markets = tuple(packset.markets.resolve(m) for m in request.markets)
    files: list[FileResult] = []
    findings: list[Finding] = []
    suppressed: list[Finding] = []
    notices: set[str] = set()
    entries = baseline.load(request.baseline) if request.baseline else None  # a bad one fails first
    changed = gitdiff.ChangedLines(request.from_ref, request.paths) if request.from_ref else None
    knowledge = {(tuple(request.config.rules), request.config.plugins): packset}
    setups: dict[int, tuple[PackSet, CheckOptions]] = {}

    def setup(config: Config) -> tuple[PackSet, CheckOptions]:
        """Each config's packs and options, built once (sub-projects may add packs or select rules)."""
        if id(config) not in setups:
            key = (tuple(config.rules), config.plugins)
            if key not in knowledge:
                knowledge[key] = load_knowledge(request, config)
            options = CheckOptions(
                request.day or dt.date.today(),
                selection_for(request, config),
                parse_models(config.models + request.models),
                require_reason=config.require_reason,
                lang=request.lang or config.lang,
            )
            notices.update(unmatched_selectors(options.selection, knowledge[key]))
            setups[id(config)] = (knowledge[key], options)
        return setups[id(config)]

    _, base_options = setup(request.config)  # the run's own: a selector typo is named even if nothing is checked
    finder = request.configs or ConfigFinder(request.config)
    skipped: list[str] = []  # entries a walk passed over: links leaving the tree, loops, FIFOs, devices
    walked = list(candidates(request.paths, finder, skipped))
    notices.update(walk_notices(walked, finder))
    notices.update(skipped)
    chosen = [candidate for candidate in walked if candidate.checked]
    config_of = {candidate.path: candidate.config for candidate in chosen}

    def check_path(path: str) -> PathResult:
        """One file's results (a process of its own under --jobs; answered from the results
        cache when nothing it depends on changed)."""
        config = config_of[path]
        file_packset, options = setup(config)
        return _check_path(path, request, markets, file_packset, options, config)

    for config in {id(c): c for c in config_of.values()}.values():  # every config's packs, before any fork
        setup(config)
    configs = tuple(sorted({repr(c) for c in config_of.values()}))
    # an editor buffer is not the file on disk the results cache keys on
    cache_key = packset.key if request.cache_results and not request.contents else None
    for found in check_paths(
        [c.path for c in chosen],
        check_path,
        request.jobs,
        (*_cache_options(request, markets, base_options), configs),
        cache_key,
        progress,
    ):
        files.extend(found[0])
        findings.extend(found[1])
        notices |= found[2]
        suppressed.extend(found[3])
    if request.baseline and entries is not None:
        findings, known = baseline.split(findings, entries, str(request.baseline), packset.former_ids, suppressed)
        suppressed.extend(known)
    if decisions:
        findings, waived, waiver_notices = waivers.apply(findings, decisions, base_options.day, suppressed)
        suppressed.extend(waived)
        notices.update(waiver_notices)
    if changed is not None:
        findings, note = gitdiff.only_changed(findings, changed)
        notices |= {note} if note else set()
    return Report(
        __version__,
        tuple(files),
        tuple(findings),
        fail_level(request.fail_on),
        tuple(sorted(notices)),
        tuple(suppressed),
        _rule_infos(list(knowledge.values()), findings + suppressed, base_options.lang),
        market_runs(packset, files, base_options),
    )


def _rule_infos(packsets: list[PackSet], findings: list[Finding], lang: str | None) -> tuple[RuleInfo, ...]:
    """rule_infos over every pack set the run used (a sub-project's config may add packs)."""
    found: dict[str, RuleInfo] = {}
    for packset in packsets:
        for info in rule_infos(packset, [f for f in findings if f.rule not in found], lang):
            found.setdefault(info.id, info)
    return tuple(found[rule_id] for rule_id in sorted(found))


def rule_infos(packset: PackSet, findings: list[Finding], lang: str | None = None) -> tuple[RuleInfo, ...]:
    """The rules behind these findings, as the report describes them (culturelint's own meta
    findings have no pack rule and no entry)."""
    from .packs.loader import relative_source

    out = []
    for rule_id in sorted({f.rule for f in findings}):
        rule = packset.rules.get(rule_id)
        if rule is None:
            continue
        out.append(
            RuleInfo(
                rule.id,
                rule.pack,
                rule.category,
                rule.severity,
                rule.wording(lang)[0],
                " ".join(rule.rationale.split()),
                rule.references,
                rule.suggest,
                rule.misfire_class,
                relative_source(rule.source) if rule.source else "",
                rule.line,
                rule.marker,
            )
        )
    return tuple(out)


def market_runs(packset: PackSet, files: list[FileResult], options: CheckOptions) -> tuple[MarketRun, ...]:
    """Each market checked: its packs and rule count (as selected, on the run's date) and files."""
    from .engine import rules_for

    counts: dict[str, int] = {}
    for result in files:
        if result.error is None:
            for market in result.markets:
                counts[market] = counts.get(market, 0) + 1
    out = []
    for market in sorted(counts):
        rules = rules_for(packset, market, options.selection, options.day)
        out.append(MarketRun(market, tuple(dict.fromkeys(r.pack for r in rules)), len(rules), counts[market]))
    return tuple(out)


def _check_path(
    path: str,
    request: CheckRequest,
    markets: tuple[str, ...],
    packset: PackSet,
    options: CheckOptions,
    config: Config | None = None,
) -> PathResult:
    """One file's file results, findings, notices and hidden findings (a deck holds many entries)."""
    files: list[FileResult] = []
    findings: list[Finding] = []
    suppressed: list[Finding] = []
    notices: set[str] = set()
    try:
        documents = read_documents(path, request)
    except UserError as exc:
        return [FileResult(_display(path, request.stdin_filename), (), None, None, None, error=str(exc))], [], set(), []
    for declared in documents:
        try:
            document = resolve(declared, request, markets, packset, config)
        except UserError as exc:
            files.append(FileResult(declared.path, (), None, None, None, error=str(exc)))
            continue
        with budget_scope() as stopped:  # a user regex that backtracks is stopped, and named
            result = check_document(document, packset, options)
        findings.extend(with_hidden(result.findings, document))
        suppressed.extend(result.suppressed)
        notices |= result.notices | {f"{document.path}: {note}" for note in stopped.values()}
        files.append(_file_result(document, packset, result))
    return files, findings, notices, suppressed


def _cache_options(request: CheckRequest, markets: tuple[str, ...], options: CheckOptions) -> tuple[object, ...]:
    """Everything besides a file's bytes, its config and the packs that changes its findings."""
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
        options.lang,
        request.names,
        request.channel,
        request.stdin_filename,
        request.max_file_size,
    )


def read_documents(path: str, request: CheckRequest) -> list[Document]:
    limit = max_file_size(request)
    if path == STDIN:
        name = request.stdin_filename or STDIN_NAME  # read as if it had that path: reader, markets, report
        if request.stdin_text is not None:
            text = request.stdin_text.replace("\r\n", "\n")
        else:
            text = decode(read_stdin(limit), name)
        return reader_for(name).read(name, text)
    if path in request.contents:  # an editor's unsaved buffer (the server, the language server)
        return reader_for(path).read(path, request.contents[path].replace("\r\n", "\n"))
    shown = display_name(path)
    return reader_for(path).read(shown, decode(read_file(path, limit), shown))


def max_file_size(request: CheckRequest) -> int:
    if request.max_file_size is not None:
        return request.max_file_size
    return request.config.max_file_size if request.config.max_file_size is not None else DEFAULT_MAX_FILE_SIZE


def _display(path: str, stdin_filename: str | None = None) -> str:
    return (stdin_filename or STDIN_NAME) if path == STDIN else display_name(path)


def resolve(
    document: Document, request: CheckRequest, markets: tuple[str, ...], packset: PackSet, config: Config | None = None
) -> Document:
    """The document as the engine checks it, its metadata settled once:
    --market > front matter / row > config globs > a locale in the path > none.
    ``config``: the file's own config (default: the request's)."""
    config = config or request.config
    meta = document.meta
    table = packset.markets
    tags, source = meta.markets, meta.market_source
    if markets:
        tags, source = markets, "option"
    elif tags:
        tags = tuple(table.resolve(m, document.path) for m in tags)
    else:
        for glob, globbed in config.markets:
            if _glob_matches(glob, document.path, config):
                tags = tuple(table.resolve(t, str(config.path)) for t in globbed)
                source = "config"
                break
        else:
            tags = _markets_from_path(document.path, packset)
            source = "path" if tags else "none"
    resolved = replace(
        meta,
        markets=tags,
        market_source=source,
        voices=tuple(sorted(config.voice.items())),
        sponsored=meta.sponsored if request.sponsored is None else request.sponsored,
        date=meta.date if request.day is None else request.day,
        channel=meta.channel if request.channel is None else request.channel,
        names=tuple(dict.fromkeys(meta.names + request.names)),
        substantiation=meta.substantiation
        + tuple(
            entry
            for entry, globs in config.substantiation
            if not globs or any(_glob_matches(g, document.path, config) for g in globs)
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


def check_pairs(request: CheckRequest, source: str | None = None, packset: PackSet | None = None) -> Report:
    """Translation files checked against their sources (``culturelint pairs``): PO and XLIFF
    carry both sides; a JSON/YAML catalogue is matched by key path with ``source`` (``--source``)
    or with the source locale's file beside it. Each target is also checked for its market."""
    from . import pairs

    packset = packset or load_knowledge(request)
    config = request.config
    options = CheckOptions(
        request.day or dt.date.today(),
        selection_for(request),
        parse_models(config.models + request.models),
        require_reason=config.require_reason,
        lang=request.lang or config.lang,
    )
    markets = tuple(packset.markets.resolve(m) for m in request.markets)
    source_locale = config.pairs_source or pairs.DEFAULT_SOURCE
    names = tuple(dict.fromkeys(config.pairs_names + request.names))
    files: list[FileResult] = []
    findings: list[Finding] = []
    suppressed: list[Finding] = []
    notices: set[str] = set(unmatched_selectors(options.selection, packset))
    for path in pairs.expand(request.paths):
        try:
            pair = pairs.read_pair(*_pair_texts(path, pairs.find_source(path, source, source_locale), request))
            document, owners = pairs.target_document(pair, DocumentMeta())
            document = resolve(document, request, markets, packset, config)  # --market > config globs > path
            if document.meta.market_source not in ("option", "config") and pair.target_language:
                declared = pairs.default_market(pair.target_language, packset)  # the file's own language
                document = replace(document, meta=replace(document.meta, markets=(declared,), market_source="file"))
            if not document.meta.markets:
                raise UserError(
                    "no target language: declare it (PO 'Language:', XLIFF target-language) or pass --market", path
                )
            document = replace(
                document,
                meta=replace(document.meta, language=packset.markets.language_of(document.meta.markets[0])),
            )
            sides = {
                m: pairs.sides_for(pair, m, source_locale, names, packset, options.day) for m in document.meta.markets
            }
            result, found, hidden, noted = pairs.check_pair(pair, document, owners, packset, options, sides)
        except UserError as exc:
            files.append(FileResult(display_name(path), (), None, None, None, error=str(exc)))
            continue
        files.append(result)
        findings.extend(found)
        suppressed.extend(hidden)
        notices |= noted
    return Report(
        __version__,
        tuple(files),
        tuple(findings),
        fail_level(request.fail_on),
        tuple(sorted(notices)),
        tuple(suppressed),
        rule_infos(packset, findings + suppressed, options.lang),
        market_runs(packset, files, options),
    )


def _pair_texts(path: str, source: str | None, request: CheckRequest) -> tuple[str, str, tuple[str, str] | None]:
    """The target file's text, and the source catalogue's path and text when it has one."""
    limit = max_file_size(request)
    shown = display_name(path)
    text = decode(read_file(path, limit), shown).replace("\r\n", "\n")
    if source is None:
        return shown, text, None
    source_shown = display_name(source)
    return shown, text, (source_shown, decode(read_file(source, limit), source_shown).replace("\r\n", "\n"))
