"""``culturelint lsp``: the Language Server Protocol over stdin/stdout (pygls), so an editor shows
findings as the copywriter types. On open, change and save of a copy file (Markdown, text, HTML…)
the buffer is checked as ``culturelint check`` checks the file on disk: the market from front
matter, the config file found from the file's folder, the same packs; findings become diagnostics.
The process stays up, so packs, spaCy and the tokenizers load once, as in ``culturelint server``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from lsprotocol import types

    from .model import Finding

SOURCE = "culturelint"


def check_text(path: str, text: str) -> tuple[list[Finding], list[str]]:
    """Findings for a buffer as if it were the file at ``path``, and errors (bad config, bad input)."""
    from . import api
    from .config import find_config, load_config
    from .errors import UserError

    try:
        config = load_config(find_config(Path(path).resolve().parent))
        request = api.CheckRequest(
            [path], config=config, fail_on=config.fail_on or "error", contents={path: text}, jobs=1
        )
        report = api.check(request, api.load_knowledge(request))
    except UserError as exc:
        return [], [str(exc)]
    return list(report.findings), [f.error for f in report.files if f.error]


def _utf16(line: str, column: int) -> int:
    """A 1-based code-point column as LSP's 0-based UTF-16 character offset."""
    prefix = line[: max(column - 1, 0)]
    return len(prefix.encode("utf-16-le")) // 2


def diagnostics(path: str, text: str) -> list[types.Diagnostic]:
    from lsprotocol import types

    from .model import Severity

    levels = {
        Severity.ERROR: types.DiagnosticSeverity.Error,
        Severity.WARNING: types.DiagnosticSeverity.Warning,
        Severity.INFO: types.DiagnosticSeverity.Information,
    }
    lines = text.split("\n")

    def position(line: int, column: int) -> types.Position:
        row = min(max(line - 1, 0), max(len(lines) - 1, 0))
        return types.Position(line=row, character=_utf16(lines[row] if lines else "", column))

    findings, errors = check_text(path, text)
    out = [
        types.Diagnostic(
            range=types.Range(start=position(f.line, f.column), end=position(f.end_line, f.end_column)),
            message=f.message + ("".join(f"\nsuggest: {s}" for s in f.suggestions) if f.suggestions else ""),
            severity=levels.get(f.severity, types.DiagnosticSeverity.Warning),
            code=f.rule,
            source=SOURCE,
        )
        for f in findings
    ]
    out.extend(
        types.Diagnostic(
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            message=error,
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
        )
        for error in errors
    )
    return out


def serve() -> None:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path

    from .readers import COPY_SUFFIXES

    server = LanguageServer(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)

    def publish(uri: str) -> None:
        path = to_fs_path(uri)
        if not path or Path(path).suffix.lower() not in COPY_SUFFIXES:
            return
        document = server.workspace.get_text_document(uri)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics(path, document.source), version=document.version
            )
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    server.start_io()
