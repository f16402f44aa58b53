"""HTML pages and copy decks (JSON, YAML, CSV, PO): what is copy, per-entry markets, and offsets.

Every finding must point at the original characters, even through entities, escapes and quotes, so
each test checks the line and column of a finding against the source text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint import api
from culturelint.cli import main
from culturelint.discovery import expand
from culturelint.errors import InputError
from culturelint.readers import reader_for


def _copy(path: str, source: str) -> list[str]:
    return [s.text.strip() for d in reader_for(path).read(path, source) for s in d.segments]


def _position(source: str, needle: str) -> tuple[int, int]:
    offset = source.index(needle)
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _check(tmp_path: Path, name: str, source: str, *markets: str) -> dict:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    request = api.CheckRequest([str(path)], markets=tuple(markets))
    report = api.check(request)
    return {"report": report, "path": str(path)}


# ---------------------------------------------------------------- HTML

PAGE = """<!doctype html>
<html><head><title>Shop</title><style>.fanny { color: red }</style></head>
<body>
<h1>Tom &amp; Jerry&rsquo;s summer sale</h1>
<p>Grab a <b>fanny</b> pack &mdash; today only!</p>
<img src="bag.png" alt="A bright fanny pack on a beach">
<script>const label = "fanny pack";</script>
<!-- a fanny pack comment is not copy -->
</body></html>
"""


def test_html_copy_is_visible_text_and_alt_text() -> None:
    copy = _copy("page.html", PAGE)
    assert "Tom & Jerry\u2019s summer sale" in copy
    assert "Grab a fanny pack \u2014 today only!" in copy
    assert "A bright fanny pack on a beach" in copy
    joined = " ".join(copy)
    assert "color" not in joined and "const" not in joined and "comment" not in joined
    assert "Shop" not in joined  # <head> is metadata


def test_html_findings_point_through_tags_and_entities(tmp_path: Path) -> None:
    result = _check(tmp_path, "page.html", PAGE, "en-GB")
    fanny = [f for f in result["report"].findings if f.rule == "en-gb.idiom.fanny"]
    assert [(f.line, f.column) for f in fanny] == [_position(PAGE, "fanny</b>"), _position(PAGE, "fanny pack on")]
    assert fanny[0].match == "fanny pack"  # the text a reader sees, not the markup
    assert fanny[0].fix is None  # the source spelling differs, so --fix must not rewrite it


def test_html_blocks_are_separate_segments() -> None:
    copy = _copy("p.html", "<p>Ends here</p><p>Starts here</p><span>in</span><span>line</span>")
    assert copy == ["Ends here", "Starts here", "inline"]


# ---------------------------------------------------------------- JSON

DECK = """{
  "hero": {"title": "We\\u2019ll knock it out of the park", "url": "https://example.com/park"},
  "posts": [
    {"market": "ja-JP", "text": "4\\u500b\\u5165\\u308a\\u306e\\u30ae\\u30d5\\u30c8\\u30bb\\u30c3\\u30c8"},
    {"market": "en-GB", "sponsored": false, "text": "Grab a \\"fanny\\" pack"}
  ]
}
"""


def test_json_entries_carry_their_own_market(tmp_path: Path) -> None:
    report = _check(tmp_path, "deck.json", DECK)["report"]
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["en-gb.idiom.fanny"].markets == ("en-GB",)
    assert "ja-jp.number.four-gift" in by_rule
    assert "global.idiom.us-sports-metaphor" in by_rule  # the hero has no market: global packs run
    assert {(f.path, f.markets) for f in report.files} >= {(str(tmp_path / "deck.json"), ("ja-JP",))}


def test_json_offsets_survive_escapes(tmp_path: Path) -> None:
    report = _check(tmp_path, "deck.json", DECK)["report"]
    by_rule = {f.rule: f for f in report.findings}
    assert (by_rule["en-gb.idiom.fanny"].line, by_rule["en-gb.idiom.fanny"].column) == _position(DECK, 'fanny\\"')
    four = by_rule["ja-jp.number.four-gift"]
    assert (four.line, four.column) == _position(DECK, "4\\u500b")
    assert four.match == "4個"
    assert by_rule["en-gb.idiom.fanny"].key == "posts[1].text"


def test_json_skips_identifier_keys() -> None:
    copy = _copy("d.json", '{"id": "fanny-pack", "href": "x", "label": "Bum bag", "n": 4, "ok": true}')
    assert copy == ["Bum bag"]


def test_invalid_json_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "ok",\n  "body": }\n', encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text('{"title": "Grab a fanny pack"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--market", "en-GB", str(bad), str(good)])
    assert result.exit_code == 2
    assert f"{bad}:2:11" in result.output and "invalid JSON" in result.output
    assert "en-gb.idiom.fanny" in result.output  # the good file is still checked


# ---------------------------------------------------------------- YAML

YAML_DECK = """hero:
  title: "Hit it out of the park"
  body: |
    Line one is fine.
    Grab a fanny pack now.
  image: fanny.png
posts:
  - market: en-GB
    sponsored: false
    text: Fanny pack season
"""


def test_yaml_block_scalars_map_to_their_lines(tmp_path: Path) -> None:
    report = _check(tmp_path, "deck.yaml", YAML_DECK, "en-GB")["report"]
    fanny = sorted((f.line, f.column) for f in report.findings if f.rule == "en-gb.idiom.fanny")
    assert fanny == [_position(YAML_DECK, "fanny pack now"), _position(YAML_DECK, "Fanny pack season")]


def test_yaml_entry_settings_are_not_copy() -> None:
    docs = reader_for("d.yaml").read("d.yaml", YAML_DECK)
    entry = [d for d in docs if d.meta.markets == ("en-GB",)]
    assert len(entry) == 1 and entry[0].meta.sponsored is False
    assert [s.text for s in entry[0].segments] == ["Fanny pack season"]
    assert all("png" not in s.text for d in docs for s in d.segments)


def test_invalid_yaml_names_the_spot() -> None:
    with pytest.raises(InputError) as err:
        reader_for("d.yaml").read("d.yaml", "a: [1, 2\nb: c\n")
    assert err.value.line is not None and "invalid YAML" in str(err.value)


# ---------------------------------------------------------------- CSV

CSV = 'id,market,sponsored,text\n1,en-GB,no,"Grab a ""fanny"" pack, today"\n2,ja-JP,,4個入りのギフト\n3,,,Plain row\n'


def test_csv_rows_set_their_market_and_offsets(tmp_path: Path) -> None:
    report = _check(tmp_path, "deck.csv", CSV)["report"]
    by_rule = {f.rule: f for f in report.findings}
    fanny = by_rule["en-gb.idiom.fanny"]
    assert (fanny.line, fanny.column) == _position(CSV, 'fanny""')
    assert fanny.key == "row 2: text"
    assert (by_rule["ja-jp.number.four-gift"].line, by_rule["ja-jp.number.four-gift"].column) == (3, 10)
    assert "en-GB" in {m for f in report.files for m in f.markets}


def test_csv_id_and_setting_columns_are_not_copy() -> None:
    docs = reader_for("d.csv").read("d.csv", CSV)
    texts = [s.text for d in docs for s in d.segments]
    assert sorted(texts) == sorted(['Grab a "fanny" pack, today', "4個入りのギフト", "Plain row"])
    assert [d.meta.sponsored for d in docs if d.meta.markets == ("en-GB",)] == [False]


def test_csv_unclosed_quote_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        reader_for("d.csv").read("d.csv", 'text\n"never closed\n')
    assert (err.value.line, err.value.column) == (2, 1)


# ---------------------------------------------------------------- PO

PO = '''msgid ""
msgstr ""
"Language: en_GB\\n"

#: hero.html:3
msgctxt "hero"
msgid "Belt bag"
msgstr ""
"Grab a "
"fanny pack"

msgid "Empty"
msgstr ""
'''


def test_po_checks_translations_across_continuation_lines(tmp_path: Path) -> None:
    report = _check(tmp_path, "en_GB.po", PO, "en-GB")["report"]
    fanny = [f for f in report.findings if f.rule == "en-gb.idiom.fanny"]
    assert [(f.line, f.column) for f in fanny] == [_position(PO, "fanny pack")]
    assert fanny[0].key == "hero (msgstr)"


def test_po_template_checks_msgid() -> None:
    pot = 'msgid "Grab a fanny pack"\nmsgstr ""\n'
    assert _copy("t.pot", pot) == ["Grab a fanny pack"]
    assert reader_for("x.po").read("x.po", PO)[0].meta.language == "en"


# ---------------------------------------------------------------- discovery and JSON report


def test_folder_walk_reads_pages_but_not_data_files(tmp_path: Path) -> None:
    for name in ("post.md", "page.html", "package.json", "ci.yml", "deck.csv", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = sorted(Path(p).name for p in expand([str(tmp_path)]))
    assert found == ["notes.txt", "page.html", "post.md"]


def test_json_report_counts_a_deck_once(tmp_path: Path) -> None:
    path = tmp_path / "deck.json"
    path.write_text(DECK, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 1
    assert len(data["files"]) >= 2  # the file and its entries, each with its own markets


# ---------------------------------------------------------------- suppressions that must give a reason

SUPPRESSED = """---
market: en-GB
---
<!-- culturelint-disable-next-line en-gb.idiom.fanny -->
Grab a fanny pack.

<!-- culturelint-disable-next-line en-gb.idiom.fanny -- quoting a US product name -->
Grab a fanny pack.
"""


@pytest.mark.parametrize("required", [True, False])
def test_require_reason_config(tmp_path: Path, required: bool) -> None:
    from culturelint.config import load_config

    config_path = tmp_path / "culturelint.yaml"
    config_path.write_text(f"require_reason: {str(required).lower()}\n", encoding="utf-8")
    copy = tmp_path / "post.md"
    copy.write_text(SUPPRESSED, encoding="utf-8")
    report = api.check(api.CheckRequest([str(copy)], config=load_config(config_path)))
    found = sorted((f.rule, f.line) for f in report.findings)
    if required:
        assert found == [("culturelint.suppression-without-reason", 4), ("en-gb.idiom.fanny", 5)]
    else:
        assert found == []


def test_require_reason_must_be_a_boolean(tmp_path: Path) -> None:
    from culturelint.config import load_config
    from culturelint.errors import ConfigError

    config_path = tmp_path / "culturelint.yaml"
    config_path.write_text("require_reason: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(config_path)
    assert err.value.line == 1
