"""Property-based offsets for the decoding readers (HTML, JSON, YAML, CSV, PO): whatever the copy,
every character of a segment maps to a source position, in order, and a character every format
writes literally (an ASCII letter or digit) is found in the source exactly where the map says.
(YAML decks are left out: a double-quoted YAML scalar with escapes is mapped approximately.) Findings
then point at the original characters through entities, escapes and doubled quotes."""

from __future__ import annotations

import csv
import html
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelint.errors import InputError
from culturelint.readers import reader_for

PIECES = st.sampled_from(
    [
        "fanny pack",
        "4品",
        "お歳暮",
        "#ad",
        '"',
        "'",
        "\\",
        "\n",
        "\t",
        "&",
        "<",
        ">",
        "é",
        "👌🏽",
        ",",
        ";",
        "إعلان",
        "Ｆａｎｎｙ",
        " ",
        "%",
        "{x}",
        "https://x.y/z",
        "\u200d",
        "„x“",
        "a\r\nb",
    ]
)
COPY = st.lists(st.one_of(PIECES, st.text(min_size=1, max_size=5)), min_size=1, max_size=12).map("".join)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_offsets_hold(path: str, source: str) -> None:
    try:
        documents = reader_for(path).read(path, source)
    except InputError as exc:
        assert exc.path == path and "\n" not in str(exc)
        return
    for document in documents:
        for segment in document.segments:
            positions = [segment.offsets.start(i) for i in range(len(segment.text))]
            assert positions == sorted(positions), (path, segment.text)
            assert all(0 <= p < len(source) for p in positions), (path, segment.text)
            for i, ch in enumerate(segment.text):
                if ch.isascii() and ch.isalnum():
                    assert source[positions[i]] == ch, (path, segment.text, i)


@SETTINGS
@given(st.lists(COPY, min_size=1, max_size=4), st.booleans())
def test_json_offsets(values: list[str], ascii_only: bool) -> None:
    source = json.dumps(
        {"posts": [{"id": i, "caption": v} for i, v in enumerate(values)]}, ensure_ascii=ascii_only, indent=1
    )
    assert_offsets_hold("deck.json", source)


@SETTINGS
@given(st.lists(COPY, min_size=1, max_size=4), st.sampled_from([",", ";", "\t"]))
def test_csv_offsets(values: list[str], delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["market", "caption"])
    for v in values:
        writer.writerow(["en-GB", v.replace("\r", "")])
    assert_offsets_hold("deck.csv" if delimiter != "\t" else "deck.tsv", out.getvalue())


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "")


@SETTINGS
@given(st.lists(COPY, min_size=1, max_size=4))
def test_po_offsets(values: list[str]) -> None:
    entries = "".join(f'msgid "key {i}"\nmsgstr "{_po_escape(v)}"\n\n' for i, v in enumerate(values))
    source = 'msgid ""\nmsgstr "Language: de\\n"\n\n' + entries
    assert_offsets_hold("de.po", source)


@SETTINGS
@given(st.lists(COPY, min_size=1, max_size=4), st.booleans())
def test_html_offsets(values: list[str], as_attributes: bool) -> None:
    parts = [
        f'<img alt="{html.escape(v)}">' if as_attributes else f"<p>{html.escape(v, quote=False)}</p>" for v in values
    ]
    source = (
        "<html><head><title>x</title><script>var a = '<p>no</p>';</script></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )
    assert_offsets_hold("page.html", source)
