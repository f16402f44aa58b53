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
                assert line[finding.column - 1 : finding.end_column - 1] == finding.match


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
