"""Property-based: any input yields findings whose spans slice back to the match, or a clear error."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelint.engine import CheckOptions, check_document
from culturelint.engine.select import Selection
from culturelint.errors import InputError
from culturelint.packs.loader import load_packset
from culturelint.readers import reader_for

PACKSET = load_packset()
OPTIONS = CheckOptions(dt.date(2026, 11, 23), Selection())
PIECES = st.sampled_from(
    [
        "fanny pack",
        "4品",
        "お歳暮",
        "#ad",
        "**",
        "`code`",
        "[link](https://x.y)",
        "<!-- c -->",
        "\n",
        "\n\n",
        "---\n",
        "market: en-GB\n",
        "👌🏽",
        "＃ａｄ",
        "colors",
        "$39",
        "07/14/2026",
        " ",
        "Sie",
        "dir",
        "<b>",
        "é",
        "\u200d",
        "\t",
        "# ",
        "> ",
        "- ",
        "1. ",
        "~~",
        "\\",
        "&amp;",
        "Ｆａｎｎｙ",
        "„x“",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=25).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=TEXT, suffix=st.sampled_from(["a.md", "a.txt"]), market=st.sampled_from(["en-GB", "ja-JP", "de-DE", "global"])
)
def test_spans_slice_back_to_the_match(text: str, suffix: str, market: str) -> None:
    try:
        documents = reader_for(suffix).read(suffix, text)
    except InputError as exc:
        assert exc.path == suffix
        return
    for document in documents:
        document = replace(document, meta=replace(document.meta, markets=(market,)))
        lines = document.source.split("\n")
        for finding in check_document(document, PACKSET, OPTIONS).findings:
            assert 1 <= finding.line <= finding.end_line <= len(lines)
            if finding.match and finding.line == finding.end_line:
                line = lines[finding.line - 1]
                shown = line[finding.column - 1 : finding.end_column - 1]
                if suffix.endswith(".html") and shown != finding.match:
                    # decoded copy: the match is what the reader sees (engine.findings.place), so
                    # the span's source with its tags read away, e.g. "pack<b>fanny" -> "packfanny"
                    shown = "".join(seg.text for doc in reader_for(suffix).read(suffix, shown) for seg in doc.segments)
                assert shown == finding.match


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_fail_clearly(data: bytes) -> None:
    from culturelint.readers.common import decode

    try:
        text = decode(data, "x.md")
    except InputError as exc:
        assert str(exc).startswith("x.md") and "\n" not in str(exc)
    else:
        assert "\r" not in text


# -- every reader, stdin, packs, config and every formatter (issue 14 item 8) ----------------------
import json as _json  # noqa: E402
import time as _time  # noqa: E402

from culturelint.errors import UserError  # noqa: E402
from culturelint.formatters import FORMATTERS  # noqa: E402
from culturelint.model import Report  # noqa: E402

STRUCTURE = st.sampled_from(
    ['"', "'", ",", ";", "{", "}", "[", "]", ":", "- ", "msgid ", "msgstr ", "<p>", "</p>", "&#x200d;", "\\u00e9",
     "\\ud800", "NaN", "!!python/name:x", "&a", "*a", "<!--", "-->", "<?", "``", "\r", "\x00", "\x1b[31m"]
)  # fmt: skip
ANY = st.lists(st.one_of(PIECES, STRUCTURE, st.text(max_size=6)), max_size=30).map("".join)
READER_PATHS = ["a.md", "a.txt", "a.html", "a.json", "a.yaml", "a.csv", "a.po"]


def _check_all(path: str, text: str, market: str) -> list:
    """Read and check; any input gives findings whose spans slice back to the match, or one clear
    error naming the file. Never another exception, and never slow."""
    start = _time.perf_counter()
    try:
        documents = reader_for(path).read(path, text)
    except UserError as exc:
        assert exc.path == path and "\n" not in str(exc), str(exc)
        return []
    out = []
    for document in documents:
        document = replace(document, meta=replace(document.meta, markets=(market,)))
        lines = document.source.split("\n")
        for finding in check_document(document, PACKSET, OPTIONS).findings:
            assert 1 <= finding.line <= finding.end_line <= len(lines)
            if finding.match and finding.line == finding.end_line and finding.key is None:
                line = lines[finding.line - 1]
                shown = line[finding.column - 1 : finding.end_column - 1]
                if path.endswith(".html") and shown != finding.match:
                    # decoded copy: the match is what the reader sees (engine.findings.place), so
                    # the span's source with its tags read away, e.g. "pack<b>fanny" -> "packfanny"
                    shown = "".join(seg.text for doc in reader_for(path).read(path, shown) for seg in doc.segments)
                assert shown == finding.match
            out.append(finding)
    assert _time.perf_counter() - start < 10
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY, path=st.sampled_from(READER_PATHS), market=st.sampled_from(["de-DE", "ja-JP", "en-GB"]))
def test_every_reader_any_input(text: str, path: str, market: str) -> None:
    _check_all(path, text, market)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=120))
def test_stdin_any_bytes(data: bytes) -> None:
    from click.testing import CliRunner

    from culturelint.cli import main

    result = CliRunner().invoke(main, ["check", "--no-config", "--market", "de-DE", "-"], input=data)
    assert result.exit_code in (0, 1, 2), result.output


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY)
def test_packs_and_config_any_yaml(text: str) -> None:
    """Any YAML as a pack or a config is a pack or config, or one PackError/ConfigError line."""
    import tempfile
    from pathlib import Path

    from culturelint.config import load_config
    from culturelint.packs.loader import load_pack

    with tempfile.TemporaryDirectory() as tmp:
        for name, load in (("p.yaml", load_pack), ("culturelint.yaml", load_config)):
            path = Path(tmp) / name
            path.write_text("pack: a/b\nmarkets: [de-DE]\nlanguage: de\nrules:\n" + text, encoding="utf-8")
            start = _time.perf_counter()
            try:
                load(path)
            except UserError as exc:
                assert "\n" not in str(exc).strip(), str(exc)
            assert _time.perf_counter() - start < 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY, path=st.sampled_from(READER_PATHS + ["bad\udcffname.md", "a\nb.md", "a,b.md"]))
def test_every_formatter_any_findings(text: str, path: str) -> None:
    """Every formatter renders any report (control characters, surrogates, odd names) and the JSON
    output parses."""
    from culturelint.model import FileResult
    from culturelint.safeio import display_name

    shown = display_name(path)
    findings = _check_all(READER_PATHS[0], "---\nmarket: de-DE\n---\nJedem das Seine " + text, "de-DE")
    findings = [replace(f, path=shown, match=f.match + text[:5]) for f in findings]
    report = Report("0", (FileResult(shown, ("de-DE",), "de", None, None, None, text),), tuple(findings))
    for name, formatter in FORMATTERS.items():
        out = formatter(report, colour=False)
        assert isinstance(out, str)
        out.encode("utf-8")  # nothing a terminal or file cannot take
        if name in ("json", "sarif"):
            _json.loads(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), cut=st.integers(min_value=0, max_value=400))
def test_cache_any_entry_bytes(data: bytes, cut: int) -> None:
    """A cache entry holding any bytes (garbage, a truncated pickle, nothing) reads as missing and
    is rebuilt; never an exception."""
    import os
    import pickle
    import tempfile

    from culturelint import cache

    with tempfile.TemporaryDirectory() as tmp:
        before = os.environ.get(cache.ENV_DIR)
        os.environ[cache.ENV_DIR] = tmp
        try:
            cache.store("results", "k", {"a": [1, 2]})
            path = cache.entry_path("results", "k")
            for content in (data, pickle.dumps({"a": [1, 2]})[:cut], b""):
                path.write_bytes(content)
                start = _time.perf_counter()
                value = cache.load("results", "k")
                assert value is None or isinstance(value, object)
                assert cache.cached("results", "k2", lambda: 7) == 7
                assert _time.perf_counter() - start < 2
        finally:
            if before is None:
                os.environ.pop(cache.ENV_DIR, None)
            else:
                os.environ[cache.ENV_DIR] = before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY, path=st.sampled_from(["a.md", "bad\udcffname.md", "a\nb.md", "a,b::c.md", "c\x1b[31m.md"]))
def test_every_ci_format_parses_and_cannot_be_forged(text: str, path: str) -> None:
    """JUnit and checkstyle are XML 1.0 (expat parses them), GitLab and SARIF JSON, every GitHub
    line one workflow command, the text report free of raw control and bidi characters, and every
    output bounded in size."""
    import re
    import xml.etree.ElementTree as ET

    from culturelint.model import FileResult
    from culturelint.safeio import display_name

    shown = display_name(path)
    source = "---\nmarket: de-DE\n---\nJedem das Seine " + text
    findings = []
    try:
        documents = reader_for("a.md").read("a.md", source)
    except UserError:
        return
    for document in documents:
        findings += [replace(f, path=shown) for f in check_document(document, PACKSET, OPTIONS).findings]
    report = Report("0", (FileResult(shown, ("de-DE",), "de", None, None, None, source),), tuple(findings))
    command = re.compile(r"^::(error|warning|notice) [a-zA-Z]+=[^,:\n]*(,[a-zA-Z]+=[^,:\n]*)*::[^\n]*$")
    for name in ("junit", "checkstyle", "gitlab", "sarif", "github", "text"):
        out = FORMATTERS[name](report, colour=False)
        assert len(out) < 50 * (len(source) + 2000) * max(len(findings), 1)
        if name in ("junit", "checkstyle"):
            ET.fromstring(out.encode("utf-8"))
        elif name in ("gitlab", "sarif"):
            _json.loads(out)
        elif name == "github":
            assert all(command.match(line) for line in out.splitlines() if line), out
        else:
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), out
