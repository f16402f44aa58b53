"""The campaign matrix: a deck's lines as rows, markets as columns, worst finding per cell."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from culturelint import api
from culturelint.cli import main
from culturelint.formatters import FORMATTERS
from culturelint.model import Suppression

DECK = """[
  {"id": "hero", "market": "en-GB", "text": "Grab a fanny pack for the beach"},
  {"id": "hero", "market": "en-US", "text": "Grab a fanny pack for the beach"},
  {"id": "promo", "market": "en-GB", "text": "New colours for spring"},
  {"id": "promo", "market": "en-US", "text": "New colours for spring"},
  {"id": "gift", "market": "ja-JP", "text": "4個入りのギフトセット"},
  {"id": "gift", "market": "en-GB", "text": "A gift set of four"}
]
"""


def _check(tmp_path: Path, files: dict[str, str], *markets: str) -> api.Report:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return api.check(api.CheckRequest(paths, markets=tuple(markets)))


def _data(report: api.Report) -> dict:
    return json.loads(FORMATTERS["matrix-json"](report))


def test_deck_lines_by_id_against_markets(tmp_path: Path) -> None:
    data = _data(_check(tmp_path, {"deck.json": DECK}))
    assert data["markets"] == ["en-GB", "en-US", "ja-JP"]
    lines = {line["id"]: line for line in data["lines"]}
    assert list(lines) == ["hero", "promo", "gift"]
    hero = lines["hero"]["cells"]
    assert hero["en-GB"]["status"] == "warning" and hero["en-GB"]["findings"][0]["rule"] == "en-gb.idiom.fanny"
    assert hero["en-US"]["status"] == "pass" and hero["en-US"]["text"] == ["Grab a fanny pack for the beach"]
    assert lines["hero"]["differs"] is True  # passes in one market, not in another
    assert lines["promo"]["differs"] is False
    assert set(lines["promo"]["cells"]) == {"en-GB", "en-US"}  # ja-JP has no promo line
    gift = lines["gift"]["cells"]
    assert gift["ja-JP"]["status"] != "pass" and gift["en-GB"]["status"] == "pass"


def test_html_cells_carry_text_labels_and_open_their_findings(tmp_path: Path) -> None:
    html = FORMATTERS["matrix"](_check(tmp_path, {"deck.json": DECK}))
    row = re.search(r'<tr id="line-1-hero" data-line="hero" data-differs="yes" class="differs">(.*?)</tr>', html, re.S)
    assert row and "≠ differs" in row.group(1)
    cell = re.search(r'<td class="warning" data-market="en-GB" data-status="warning">(.*?)</td>', row.group(1), re.S)
    assert (
        cell and "▲ warning" in cell.group(1) and "<details>" in cell.group(1) and "en-gb.idiom.fanny" in cell.group(1)
    )
    assert '<td class="pass" data-market="en-US" data-status="pass">' in row.group(1) and "✔ pass" in row.group(1)
    promo = re.search(r'<tr id="line-2-promo".*?</tr>', html, re.S)
    assert promo and 'data-status="absent"' in promo.group(0) and "not in this market" in promo.group(0)
    assert "2 line(s) differ across markets" in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "unsafe-inline" not in csp.group(1) and "script-src 'none'" in csp.group(1)


def test_copy_in_cells_is_escaped(tmp_path: Path) -> None:
    deck = '[{"id": "x", "market": "en-GB", "text": "<script>alert(1)</script> fanny pack"}]\n'
    html = FORMATTERS["matrix"](_check(tmp_path, {"deck.json": deck}))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_csv_deck_with_a_market_column(tmp_path: Path) -> None:
    deck = "key,market,text\nhero,en-GB,Grab a fanny pack\nhero,en-US,Grab a fanny pack\nhero,de-DE,Eine Gürteltasche\n"
    data = _data(_check(tmp_path, {"deck.csv": deck}))
    assert [line["id"] for line in data["lines"]] == ["hero"]
    cells = data["lines"][0]["cells"]
    assert {m: c["status"] for m, c in cells.items()} == {"en-GB": "warning", "en-US": "pass", "de-DE": "pass"}


def test_entries_without_an_id_line_up_by_order(tmp_path: Path) -> None:
    deck = (
        "- market: en-GB\n  text: Grab a fanny pack\n- market: en-GB\n  text: Plain copy\n"
        "- market: en-US\n  text: Grab a fanny pack\n- market: en-US\n  text: Plain copy\n"
    )
    data = _data(_check(tmp_path, {"deck.yaml": deck}))
    assert [line["id"] for line in data["lines"]] == ["line 1", "line 2"]
    assert data["lines"][0]["differs"] and not data["lines"][1]["differs"]


def test_a_folder_per_market(tmp_path: Path) -> None:
    files = {
        "campaign/en-GB/hero.md": "Grab a fanny pack for the beach.\n",
        "campaign/en-US/hero.md": "Grab a fanny pack for the beach.\n",
        "campaign/en-GB/outro.md": "See you soon.\n",
        "campaign/en-US/outro.md": "See you soon.\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = api.check(api.CheckRequest([str(tmp_path / "campaign")]))
    data = _data(report)
    lines = {Path(line["id"]).name: line for line in data["lines"]}
    assert set(lines) == {"hero.md", "outro.md"} and data["markets"] == ["en-GB", "en-US"]
    assert lines["hero.md"]["cells"]["en-GB"]["status"] == "warning"
    assert lines["hero.md"]["cells"]["en-US"]["status"] == "pass" and lines["hero.md"]["differs"]
    assert not lines["outro.md"]["differs"]


def test_cli_formats_and_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "deck.json"
    path.write_text(DECK, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(path), "-f", "matrix-json", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["lines"][0]["id"] == "hero"
    out = tmp_path / "matrix.html"
    result = runner.invoke(main, ["check", str(path), "-f", "matrix", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_hidden_findings_do_not_colour_a_cell_but_are_listed(tmp_path: Path) -> None:
    deck = (
        "- id: hero\n  market: en-GB\n  text: Grab a fanny pack\n"
        "- id: hero\n  market: zh-CN\n  text: 全球最好的精华液\n"
    )
    report = _check(tmp_path, {"deck.yaml": deck})
    gb = next(f for f in report.findings if f.market == "en-GB")
    waived = replace(gb, suppression=Suppression("waiver", "brand name", "waivers.yaml", "Ana"))
    report = replace(report, findings=tuple(f for f in report.findings if f is not gb), suppressed=(waived,))
    data = _data(report)
    cells = data["lines"][0]["cells"]
    assert cells["en-GB"]["status"] == "pass" and cells["en-GB"]["hidden"] == 1
    assert cells["zh-CN"]["status"] == "warning" and data["lines"][0]["differs"]
    html = FORMATTERS["matrix"](report)
    assert "+1 hidden" in html and "hidden (waiver, Ana): en-gb.idiom.fanny — brand name" in html
    assert '<div class="copy" dir="auto" lang="zh-CN">全球最好的精华液</div>' in html
