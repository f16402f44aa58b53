"""The programmatic surface: build a request, check it, get a Report. The CLI is a thin shell over this."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from . import __version__
from .config import Config
from .discovery import expand
from .engine import CheckOptions, check_document
from .engine.select import Selection
from .errors import InputError, UserError
from .langid import detect
from .model import Document, FileResult, Finding, Report, Severity
from .nlp.models import parse_models
from .packs.loader import PackSet, load_packset
from .readers import reader_for
from .readers.common import decode

STDIN = "-"
STDIN_NAME = "<stdin>"
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


def fail_level(name: str) -> Severity | None:
    return None if name == "never" else Severity.parse(name)


def load_knowledge(request: CheckRequest) -> PackSet:
    return load_packset(list(request.config.rules) + list(request.rules))


def check(request: CheckRequest, packset: PackSet | None = None) -> Report:
    packset = packset or load_knowledge(request)
    markets = tuple(packset.markets.resolve(m) for m in request.markets)
    selection = Selection(request.config.select + request.select,
                          request.config.ignore + request.ignore, dict(request.config.severity))
    options = CheckOptions(request.day or dt.date.today(), selection,
                           parse_models(request.config.models + request.models),
                           require_reason=request.config.require_reason)
    files: list[FileResult] = []
    findings: list[Finding] = []
    for path in expand(request.paths, request.config.exclude):
        try:
            documents = read_documents(path, request)
        except UserError as exc:
            files.append(FileResult(_display(path), (), None, None, None, error=str(exc)))
            continue
        for document in documents:
            try:
                _resolve_meta(document, request, markets, packset)
            except UserError as exc:
                files.append(FileResult(document.path, (), None, None, None, error=str(exc)))
                continue
            found = check_document(document, packset, options)
            findings.extend(found)
            files.append(_file_result(document, packset))
    if request.baseline:
        findings = _without_baseline(findings, request.baseline)
    return Report(__version__, tuple(files), tuple(findings), fail_level(request.fail_on),
                  tuple(sorted(options.notices)))


def read_documents(path: str, request: CheckRequest) -> list[Document]:
    if path == STDIN:
        text = request.stdin_text if request.stdin_text is not None else sys.stdin.read()
        return reader_for(STDIN_NAME).read(STDIN_NAME, text.replace("\r\n", "\n"))
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or folder", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return reader_for(path).read(path, decode(data, path))


def _display(path: str) -> str:
    return STDIN_NAME if path == STDIN else path


def _resolve_meta(document: Document, request: CheckRequest, markets: tuple[str, ...],
                  packset: PackSet) -> None:
    """--market > front matter / row > config globs > a locale in the path > none."""
    meta = document.meta
    table = packset.markets
    if markets:
        meta.markets, meta.market_source = markets, "option"
    elif meta.markets:
        meta.markets = tuple(table.resolve(m, document.path) for m in meta.markets)
    else:
        for glob, tags in request.config.markets:
            if _glob_matches(glob, document.path, request.config):
                meta.markets = tuple(table.resolve(t, str(request.config.path)) for t in tags)
                meta.market_source = "config"
                break
        else:
            meta.markets = _markets_from_path(document.path, packset)
            if meta.markets:
                meta.market_source = "path"
    meta.voices = dict(request.config.voice)
    if request.sponsored is not None:
        meta.sponsored = request.sponsored
    if request.day is not None:
        meta.date = request.day


def _glob_matches(glob: str, path: str, config: Config) -> bool:
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(config.root.resolve()).as_posix()
    except ValueError:
        rel = Path(path).as_posix()
    return fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(rel, glob.rstrip("/") + "/*") \
        or Path(rel).match(glob)


def _markets_from_path(path: str, packset: PackSet) -> tuple[str, ...]:
    for m in PATH_LOCALE.finditer(path):
        tag = f"{m.group(1)}-{m.group(2)}"
        if tag in packset.markets.markets:
            return (tag,)
    return ()


def _file_result(document: Document, packset: PackSet) -> FileResult:
    meta = document.meta
    language = meta.language or (packset.markets.language_of(meta.markets[0]) if meta.markets else None)
    detection = detect(document.copy_text(), 40, language)
    return FileResult(document.path, meta.markets, language,
                      detection.language if detection else None, meta.sponsored, None,
                      document.source)


def _without_baseline(findings: list[Finding], baseline: Path) -> list[Finding]:
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
        known = {f["fingerprint"] for f in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"cannot read baseline (a JSON report): {exc}", str(baseline)) from None
    return [f for f in findings if f.fingerprint not in known]


def exit_code(report: Report) -> int:
    if any(f.error for f in report.files):
        return 2
    if report.fail_on is None:
        return 0
    return 1 if any(f.severity >= report.fail_on for f in report.findings) else 0


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def fix(report: Report, packset: PackSet) -> tuple[Report, int]:
    """Apply the replacements rules mark as safe (``fix:``); every other finding stays."""
    fixable: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.fix is not None and finding.match and finding.path != STDIN_NAME:
            fixable.setdefault(finding.path, []).append(finding)
    fixed: set[int] = set()
    sources = {f.path: f.source for f in report.files}
    for path, items in fixable.items():
        source = sources.get(path, "")
        text, done = _apply_fixes(source, items)
        if done:
            write_atomic(Path(path), text)
            fixed.update(id(f) for f in done)
    remaining = tuple(f for f in report.findings if id(f) not in fixed)
    return replace(report, findings=remaining), len(fixed)


def _apply_fixes(source: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    edits = []
    for finding in findings:
        start = starts[finding.line - 1] + finding.column - 1
        end = starts[finding.end_line - 1] + finding.end_column - 1
        if source[start:end] == finding.match:
            edits.append((start, end, finding))
    done = []
    last = len(source) + 1
    for start, end, finding in sorted(edits, key=lambda e: e[0], reverse=True):
        if end > last:
            continue  # overlapping edits: keep the later one, leave this finding for a person
        source = source[:start] + str(finding.fix) + source[end:]
        last = start
        done.append(finding)
    return source, done
