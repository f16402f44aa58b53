"""``culturelint history`` on a real git repository built here: dated commits over six months in three
markets that introduce, fix, move, suppress inline, rename, delete and waive findings. Exact counts
per month, market, category and severity in every format; the working tree and index untouched; a
second run checks nothing; the HTML page's chart carries the numbers, escapes copy, and renders in a
real browser (Debian's chromium through Playwright) with no console error and no network request."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner

from culturelint import history
from culturelint.cli import main
from culturelint.errors import UserError
from culturelint.formatters.history import (
    format_history_csv,
    format_history_html,
    format_history_json,
    format_history_text,
)

CHROMIUM = "/usr/bin/chromium"
DE = "---\nmarket: de-DE\nsponsored: true\n---\n"
GB = "---\nmarket: en-GB\n---\n"
ZH = "---\nmarket: zh-CN\n---\n"
DE_POST = DE + "Unser neues Serum macht deine Haut strahlend. Jetzt kaufen!\n"
DE_FIXED = DE + "Anzeige: Unser neues Serum macht deine Haut strahlend. Jetzt kaufen!\n"
DE_PROMO = DE + "Unsere Sommer-Kollektion `<script>alert(1)</script>` ist da. Jetzt kaufen!\n"
GB_SUMMER = GB + "Grab a fanny pack for the summer.\n"
GB_MOVED = GB + "Summer is here.\n\nGrab a fanny pack for the summer.\n"
ZH_SALE = ZH + "双十一活动来了！\n\n这款面霜是最好的选择。\n"
ZH_WAIVED = (
    ZH + "双十一活动来了！\n\n<!-- culturelint-disable-next-line zh-cn.claim.absolute-term -- 有第三方检测报告 -->\n"
    "这款面霜是最好的选择。\n"
)
DECISIONS = """schema: culturelint/decisions@1
reviewer: Ana Reviewer
decisions:
  - fingerprint: "00000000000000000000"
    rule: en-gb.idiom.fanny
    path: gb/summer-2026.md
    match: fanny pack
    decision: accept
    reason: the product's name in the UK shop since 2019
    date: 2026-06-01
"""


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Kim Writer",
        GIT_AUTHOR_EMAIL="kim@example.org",
        GIT_COMMITTER_NAME="Kim Writer",
        GIT_COMMITTER_EMAIL="kim@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(repo),
    )
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, date: str, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def build(root: Path) -> dict[str, str]:
    """The history every test reads; returns the commits by name."""
    git(root, "init", "-q", "-b", "main")
    shas = {}
    write(root, "de/post.md", DE_POST)
    write(root, "gb/summer.md", GB_SUMMER)
    write(root, "README.txt", "Not copy? A .txt file is copy: but this one is clean.\n")
    write(root, "package.json", '{"name": "site", "locale": "en-GB"}\n')  # configuration, never copy
    shas["first"] = commit(root, "2026-01-10T10:00:00+00:00", "first posts")
    write(root, "zh/sale.md", ZH_SALE)
    shas["zh"] = commit(root, "2026-02-05T10:00:00+00:00", "zh sale post")
    write(root, "de/post.md", DE_FIXED)
    write(root, "gb/summer.md", GB_MOVED)
    shas["fix"] = commit(root, "2026-03-05T10:00:00+00:00", "label the de post; a new first line in gb")
    write(root, "zh/sale.md", ZH_WAIVED)
    shas["suppress"] = commit(root, "2026-03-20T10:00:00+00:00", "zh: claim backed by a test report")
    git(root, "mv", "gb/summer.md", "gb/summer-2026.md")
    write(root, "de/promo.md", DE_PROMO)
    shas["promo"] = commit(root, "2026-04-02T10:00:00+00:00", "<script>alert('subject')</script> promo")
    (root / "de" / "promo.md").unlink()
    shas["delete"] = commit(root, "2026-04-15T10:00:00+00:00", "withdraw the promo")
    write(root, "culturelint.yaml", "waivers: [decisions.yaml]\n")
    write(root, "decisions.yaml", DECISIONS)
    shas["waiver"] = commit(root, "2026-06-03T10:00:00+00:00", "reviewer accepts the UK product name")
    return shas


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("content")
    shas = build(root)
    # an uncommitted edit, a staged file and an untracked one: history must leave all three alone
    write(root, "de/post.md", DE_POST + "\nEin Entwurf.\n")
    write(root, "staged.md", GB + "Staged, not committed: a fanny pack.\n")
    git(root, "add", "staged.md")
    write(root, "untracked.md", GB + "A fanny pack nobody committed.\n")
    return root, shas


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("history-cache")
    with mock.patch.dict(os.environ, {"CULTURELINT_CACHE_DIR": str(folder)}):
        os.environ.pop("CULTURELINT_NO_CACHE", None)
        yield folder


@pytest.fixture(scope="module")
def status_before(repo: tuple[Path, dict[str, str]]) -> tuple[str, bytes]:
    root, _ = repo
    return git(root, "status", "--porcelain=v2", "--untracked-files=all"), (root / ".git" / "index").read_bytes()


@pytest.fixture(scope="module")
def found(repo: tuple[Path, dict[str, str]], cache_dir: Path, status_before: tuple[str, bytes]) -> history.History:
    root, _ = repo
    return history.replay(history.HistoryRequest(root, day=_day()))


def _day() -> Any:
    import datetime as dt

    return dt.date(2026, 12, 3)


MONTHS = [
    # month, commits, introduced, fixed, waived, removed, open
    ("2026-01", 1, 2, 0, 0, 0, 2),
    ("2026-02", 1, 1, 0, 0, 0, 3),
    ("2026-03", 2, 0, 1, 1, 0, 1),
    ("2026-04", 2, 1, 0, 0, 1, 1),
    ("2026-05", 0, 0, 0, 0, 0, 1),
    ("2026-06", 1, 0, 0, 1, 0, 0),
]
ROWS = [
    # month, market, category, severity, introduced, fixed, waived, removed, open
    ("2026-01", "de-DE", "disclosure", "error", 1, 0, 0, 0, 1),
    ("2026-01", "en-GB", "idiom", "warning", 1, 0, 0, 0, 1),
    ("2026-02", "de-DE", "disclosure", "error", 0, 0, 0, 0, 1),
    ("2026-02", "en-GB", "idiom", "warning", 0, 0, 0, 0, 1),
    ("2026-02", "zh-CN", "claim", "warning", 1, 0, 0, 0, 1),
    ("2026-03", "de-DE", "disclosure", "error", 0, 1, 0, 0, 0),
    ("2026-03", "en-GB", "idiom", "warning", 0, 0, 0, 0, 1),
    ("2026-03", "zh-CN", "claim", "warning", 0, 0, 1, 0, 0),
    ("2026-04", "de-DE", "disclosure", "error", 1, 0, 0, 1, 0),
    ("2026-04", "en-GB", "idiom", "warning", 0, 0, 0, 0, 1),
    ("2026-05", "en-GB", "idiom", "warning", 0, 0, 0, 0, 1),
    ("2026-06", "en-GB", "idiom", "warning", 0, 0, 1, 0, 0),
]
KEYS = ("month", "market", "category", "severity", "introduced", "fixed", "waived", "removed", "open")


def test_counts_per_month(found: history.History) -> None:
    got = [
        (m["month"], m["commits"], m["introduced"], m["fixed"], m["waived"], m["removed"], m["open"])
        for m in found.months
    ]
    assert got == MONTHS
    assert found.totals == {"commits": 7, "introduced": 4, "fixed": 1, "waived": 2, "removed": 1, "open": 0}
    assert found.start is None and found.start_open == 0


def test_counts_per_month_market_category_severity(found: history.History) -> None:
    assert [tuple(r[k] for k in KEYS) for r in found.rows] == ROWS
    assert found.markets == {
        "de-DE": {"introduced": 2, "fixed": 1, "waived": 0, "removed": 1, "open": 0},
        "en-GB": {"introduced": 1, "fixed": 0, "waived": 1, "removed": 0, "open": 0},
        "zh-CN": {"introduced": 1, "fixed": 0, "waived": 1, "removed": 0, "open": 0},
    }
    assert found.categories["disclosure"] == {"introduced": 2, "fixed": 1, "waived": 0, "removed": 1, "open": 0}
    assert found.severities["warning"]["waived"] == 2


def test_each_commit_names_its_findings(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    _, shas = repo
    by_commit = {c["commit"]: c for c in found.commits}

    def events(name: str) -> dict[str, list[tuple[str, str]]]:
        row = by_commit[shas[name]]
        return {e: [(f["rule"], f["path"]) for f in row[e]] for e in history.EVENTS if row[e]}

    assert events("first") == {
        "introduced": [("de-de.disclosure.werbung-label", "de/post.md"), ("en-gb.idiom.fanny", "gb/summer.md")]
    }
    assert events("zh") == {"introduced": [("zh-cn.claim.absolute-term", "zh/sale.md")]}
    # the de label fixes one; the gb line moved down by two lines is neither fixed nor introduced
    assert events("fix") == {"fixed": [("de-de.disclosure.werbung-label", "de/post.md")]}
    assert events("suppress") == {"waived": [("zh-cn.claim.absolute-term", "zh/sale.md")]}
    assert by_commit[shas["suppress"]]["waived"][0]["suppression"] == "inline"
    # a renamed file is followed: nothing fixed in the old name, nothing new in the new one
    assert events("promo") == {"introduced": [("de-de.disclosure.werbung-label", "de/promo.md")]}
    assert events("delete") == {"removed": [("de-de.disclosure.werbung-label", "de/promo.md")]}
    assert events("waiver") == {"waived": [("en-gb.idiom.fanny", "gb/summer-2026.md")]}
    assert by_commit[shas["waiver"]]["waived"][0]["suppression"] == "waiver"
    assert "author" not in by_commit[shas["first"]] and found.authors is None  # only with --by-author


def test_working_tree_and_index_untouched(
    found: history.History, repo: tuple[Path, dict[str, str]], status_before: tuple[str, bytes]
) -> None:
    root, _ = repo
    status, index = status_before
    assert found.totals["commits"] == 7
    assert git(root, "status", "--porcelain=v2", "--untracked-files=all") == status
    assert (root / ".git" / "index").read_bytes() == index
    assert (root / "de" / "post.md").read_text(encoding="utf-8").endswith("Ein Entwurf.\n")
    assert " staged.md" in status and "? untracked.md" in status  # the uncommitted files were never counted
    assert all(e["path"] not in ("staged.md", "untracked.md") for c in found.commits for e in c["introduced"])


def test_second_run_checks_nothing(
    found: history.History, repo: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = repo
    first = found.stats
    # 7 commits; file versions: de/post.md x2, gb x3 (moved, renamed), zh x2, promo, txt; and each again
    # under the config the last commit added (a config change looks at every file again)
    assert first.checked == first.tasks > 0 and first.cached == 0
    assert first.tasks < 2 * first.commits * 4  # never every file at every commit

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a cached file version was checked again")

    monkeypatch.setattr(history.Checker, "check", boom)
    again = history.replay(history.HistoryRequest(root, day=_day()))
    assert again.stats.checked == 0 and again.stats.cached == first.tasks and again.stats.blobs_read == 0
    assert again.to_json() == found.to_json()


def test_no_cache_checks_again(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    fresh = history.replay(history.HistoryRequest(root, day=_day(), use_cache=False, max_commits=2))
    assert fresh.stats.cached == 0 and fresh.stats.checked == fresh.stats.tasks > 0


def test_range_starts_from_its_base(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    root, shas = repo
    part = history.replay(history.HistoryRequest(root, f"{shas['zh']}..{shas['promo']}", day=_day()))
    assert part.start == shas["zh"] and part.start_open == 3  # open at the base, not counted as introduced
    assert [m["month"] for m in part.months] == ["2026-03", "2026-04"]
    assert part.totals == {"commits": 3, "introduced": 1, "fixed": 1, "waived": 1, "removed": 0, "open": 2}
    latest = history.replay(history.HistoryRequest(root, max_commits=2, day=_day()))
    assert [c["commit"] for c in latest.commits] == [shas["delete"], shas["waiver"]]
    since = history.replay(history.HistoryRequest(root, since="2026-03-01", until="2026-03-31", day=_day()))
    assert [c["subject"] for c in since.commits] == [
        "label the de post; a new first line in gb",
        "zh: claim backed by a test report",
    ]


def test_market_and_path_filters(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    de = history.replay(history.HistoryRequest(root, markets=("de_de",), day=_day()))
    assert de.totals == {"commits": 7, "introduced": 2, "fixed": 1, "waived": 0, "removed": 1, "open": 0}
    assert set(de.markets) == {"de-DE"}
    zh = history.replay(history.HistoryRequest(root, paths=("zh",), day=_day()))
    assert zh.totals == {"commits": 7, "introduced": 1, "fixed": 0, "waived": 1, "removed": 0, "open": 0}


def test_by_author_is_explicit(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    named = history.replay(history.HistoryRequest(root, by_author=True, day=_day()))
    assert named.authors == {"Kim Writer": {"introduced": 4, "fixed": 1, "waived": 2, "removed": 1}}
    assert named.to_json()["commits"][0]["author"] == "Kim Writer"
    assert "authors" not in found.to_json() and "Kim" not in format_history_json(found)


def test_moved_line_matches_as_a_multiset() -> None:
    from dataclasses import replace

    from culturelint.model import Finding, Severity

    base = Finding(
        "en-gb.idiom.fanny",
        "en-GB/idiom",
        "idiom",
        Severity.WARNING,
        "en-GB",
        "a.md",
        4,
        7,
        4,
        17,
        "fanny pack",
        "m",
        "r",
        (),
        (),
        "x",
        anchor="grab a\x1efor the",
    )
    twice = [base, replace(base, line=9)]
    pairs, gone, came = history.matched(twice, [replace(base, line=6)])  # one of two repeats removed, one moved
    assert len(pairs) == 1 and len(gone) == 1 and came == []
    pairs, gone, came = history.matched([base], [replace(base, anchor="grab your\x1efor the", line=5)])
    assert len(pairs) == 1 and not gone and not came  # words next to the match edited: same rule and match


def test_json_schema(found: history.History, repo: tuple[Path, dict[str, str]]) -> None:
    import jsonschema

    from culturelint.formatters.history import JSON_SCHEMA

    data = json.loads(format_history_json(found))
    jsonschema.validate(data, JSON_SCHEMA)
    root, _ = repo
    named = history.replay(history.HistoryRequest(root, by_author=True, baseline="none.json", day=_day()))
    jsonschema.validate(json.loads(format_history_json(named)), JSON_SCHEMA)
    assert data["schema"] == "culturelint/history@1"
    assert set(data) >= {"months", "markets", "categories", "severities", "totals", "rows", "commits", "start"}
    assert [(m["month"], m["introduced"], m["fixed"], m["waived"], m["open"]) for m in data["months"]] == [
        (m[0], m[2], m[3], m[4], m[6]) for m in MONTHS
    ]
    promo = next(c for c in data["commits"] if c["introduced"] and c["introduced"][0]["path"] == "de/promo.md")
    assert promo["introduced"][0]["category"] == "disclosure" and promo["month"] == "2026-04"


def test_csv_rows(found: history.History) -> None:
    rows = list(csv.reader(io.StringIO(format_history_csv(found))))
    assert tuple(rows[0]) == KEYS
    assert [tuple(r[:4]) + tuple(int(x) for x in r[4:]) for r in rows[1:]] == ROWS


def test_text_table(found: history.History) -> None:
    text = format_history_text(found)
    lines = text.splitlines()
    assert (
        lines[0]
        == "culturelint history: HEAD (first parents), 7 commit(s) from 2026-01 to 2026-06; open at the start: 0"
    )
    table = lines[lines.index(next(line for line in lines if line.startswith("month "))) :][:8]
    assert [line.split() for line in table] == [
        ["month", "commits", "introduced", "fixed", "waived", "removed", "open"],
        *[[str(x) for x in m] for m in MONTHS],
        ["total", "7", "4", "1", "2", "1", "0"],
    ]


class Page(HTMLParser):
    """The chart's bars and points, and every script block's text."""

    def __init__(self) -> None:
        super().__init__()
        self.month: str | None = None
        self.bars: dict[str, dict[str, int]] = {}
        self.open: list[int] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "g" and a.get("class") == "month":
            self.month = a["data-month"]
            self.bars[str(self.month)] = {}
        elif tag == "rect" and self.month:
            self.bars[self.month][str(a["data-series"])] = int(str(a["data-value"]))
            assert float(str(a["height"])) > 0
        elif tag == "circle" and a.get("data-series") == "open":
            self.open.append(int(str(a["data-value"])))
        elif tag == "script":
            self._script = a
        elif tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = str(a["content"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "g":
            self.month = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None


def test_html_chart_data_and_escaping(found: history.History) -> None:
    html = format_history_html(found)
    page = Page()
    page.feed(html)
    assert page.bars == {
        "2026-01": {"introduced": 2},
        "2026-02": {"introduced": 1},
        "2026-03": {"fixed": 1, "waived": 1},
        "2026-04": {"introduced": 1, "removed": 1},
        "2026-05": {},
        "2026-06": {"waived": 1},
    }
    assert page.open == [2, 3, 1, 1, 1, 0]
    # copy and commit subjects with <script> are text, never markup
    assert html.count("<script") == 2  # the page's data block and its own script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; promo" in html
    assert "default-src 'none'" in page.csp and "unsafe-inline" not in page.csp
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    data = json.loads(next(text for attrs, text in page.scripts if attrs.get("type") == "application/json"))
    assert data["months"] == [m[0] for m in MONTHS] and len(data["rows"]) == len(ROWS)


def test_cli_formats_and_exit_codes(
    found: history.History, repo: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, shas = repo
    monkeypatch.chdir(root / "de")  # any folder inside the repository
    result = CliRunner().invoke(main, ["history", "-f", "csv", "--date", "2026-12-03"])
    assert result.exit_code == 0, result.output
    assert result.stdout == format_history_csv(found)
    assert "7 commit(s)" in result.stderr and "checked" in result.stderr
    out = tmp_path / "history.html"
    result = CliRunner().invoke(
        main,
        [
            "history",
            f"{shas['first']}..HEAD",
            "--market",
            "en-GB",
            "-f",
            "html",
            "-o",
            str(out),
            "--date",
            "2026-12-03",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = CliRunner().invoke(main, ["history", "no-such-ref..HEAD"])
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and "bad revision range 'no-such-ref..HEAD'" in bad.stderr
    assert CliRunner().invoke(main, ["history", "--upload-pack=x"]).exit_code == 2  # an option, never passed to git
    monkeypatch.chdir(tmp_path)
    outside = CliRunner().invoke(main, ["history"])
    assert outside.exit_code == 2 and "is not in a git repository" in outside.stderr


def test_errors_are_user_errors(tmp_path: Path, repo: tuple[Path, dict[str, str]]) -> None:
    with pytest.raises(UserError, match="not in a git repository"):
        history.replay(history.HistoryRequest(tmp_path))
    root, _ = repo
    with pytest.raises(UserError, match="not a revision range"):
        history.replay(history.HistoryRequest(root, "-n1"))
    empty = history.replay(history.HistoryRequest(root, "HEAD..HEAD"))
    assert empty.months == [] and empty.totals["commits"] == 0
    assert "no commits in the range" in format_history_text(empty)


def test_browser_renders_chart_and_filters(found: history.History, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path = tmp_path / "history.html"
    path.write_text(format_history_html(found), encoding="utf-8")
    console: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: console.append(m.text))
            page.on("pageerror", lambda e: console.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            assert page.get_attribute("#chart", "data-ready") == "true"  # the page's script ran under its CSP
            assert page.locator("#chart rect").count() == 7
            box = page.locator("#chart").bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            page.select_option("#f-market", "de-DE")
            values = page.eval_on_selector_all(
                "#chart rect",
                "els => els.map(e => e.closest('g').dataset.month + ':' + e.dataset.series + '=' + e.dataset.value)",
            )
            assert values == ["2026-01:introduced=1", "2026-03:fixed=1", "2026-04:introduced=1", "2026-04:removed=1"]
            assert page.locator("#months tr[data-month='2026-02'] td[data-col='open']").inner_text() == "1"
            assert page.locator("ul.events > li:not([hidden])").count() == 4
            assert page.url.endswith("#market=de-DE")
            second = browser.new_page()
            second.on("console", lambda m: console.append(m.text))
            second.goto(path.as_uri() + "#category=claim")  # a filter kept in the URL is applied on load
            assert second.input_value("#f-category") == "claim"
            assert second.locator("#chart rect").count() == 2
        finally:
            browser.close()
    assert console == []
    assert requests == [path.as_uri()] or all(r.startswith(path.as_uri()) for r in requests)


def test_merges_count_once_on_the_first_parent_line(tmp_path: Path, cache_dir: Path) -> None:
    """A side branch that introduced and fixed a finding before it was merged: the mainline sees the
    merge's net change only (what it brought), and the side commits are not listed."""
    root = tmp_path / "merges"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "gb/a.md", GB_SUMMER)
    first = commit(root, "2026-01-10T10:00:00+00:00", "gb")
    git(root, "checkout", "-q", "-b", "side")
    write(root, "de/x.md", DE_POST)
    commit(root, "2026-02-01T10:00:00+00:00", "side: unlabelled de post")
    write(root, "de/x.md", DE_FIXED)
    write(root, "zh/sale.md", ZH_SALE)
    commit(root, "2026-02-02T10:00:00+00:00", "side: label it, add zh")
    git(root, "checkout", "-q", "main")
    write(root, "gb/b.md", GB + "A plain note.\n")
    commit(root, "2026-03-01T10:00:00+00:00", "main: plain note")
    git(root, "merge", "-q", "--no-ff", "-m", "merge side", "side", date="2026-04-01T10:00:00+00:00")
    merged = history.replay(history.HistoryRequest(root, day=_day(), jobs=2, use_cache=False))
    assert [c["subject"] for c in merged.commits] == ["gb", "main: plain note", "merge side"]
    assert merged.commits[0]["commit"] == first
    assert [(e["rule"], e["path"]) for e in merged.commits[2]["introduced"]] == [
        ("zh-cn.claim.absolute-term", "zh/sale.md")
    ]
    assert merged.totals == {"commits": 3, "introduced": 2, "fixed": 0, "waived": 0, "removed": 0, "open": 2}
    assert merged.stats.checked == merged.stats.tasks  # --jobs 2 over the versions the cache was not asked for


def test_a_committed_baseline_waives_what_it_lists(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from culturelint import api
    from culturelint.formatters.json import format_json

    root = tmp_path / "adopting"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "gb/a.md", GB_SUMMER)
    write(root, "de/x.md", DE_POST)
    commit(root, "2026-01-10T10:00:00+00:00", "posts")
    monkeypatch.chdir(root)
    report = api.check(api.CheckRequest(["gb/a.md", "de/x.md"], day=_day()))
    assert len(report.findings) == 2
    write(root, "ci/baseline.json", format_json(report))
    commit(root, "2026-02-10T10:00:00+00:00", "adopt culturelint with a baseline")
    write(root, "gb/a.md", GB_SUMMER + "\nAnd a second fanny pack for autumn.\n")
    commit(root, "2026-03-10T10:00:00+00:00", "autumn")
    found = history.replay(history.HistoryRequest(root, day=_day(), baseline="ci/baseline.json"))
    got = [(m["month"], m["introduced"], m["waived"], m["open"]) for m in found.months]
    assert got == [("2026-01", 2, 0, 2), ("2026-02", 0, 2, 0), ("2026-03", 1, 0, 1)]
    assert {e["suppression"] for e in found.commits[1]["waived"]} == {"baseline"}
    without = history.replay(history.HistoryRequest(root, day=_day()))
    assert without.totals["waived"] == 0 and without.totals["open"] == 3


def test_config_as_of_each_commit_and_oversized_blobs(tmp_path: Path, cache_dir: Path) -> None:
    """The root config committed at each point applies from that commit on (here: a size limit and a
    markets glob); a blob over the limit is named in a note and skipped, the others still checked."""
    root = tmp_path / "configured"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "uk/a.md", "Grab a fanny pack for the summer.\n")  # no front matter: no market yet
    write(root, "uk/long.md", GB + "Grab a fanny pack.\n\n" + "A plain sentence about the weather.\n" * 20)
    commit(root, "2026-01-10T10:00:00+00:00", "posts without markets")
    write(root, "culturelint.yaml", "markets:\n  'uk/**': [en-GB]\nmax_file_size: 300\n")
    commit(root, "2026-02-10T10:00:00+00:00", "config: uk is en-GB")
    write(root, "uk/long.md", GB + "Grab a fanny pack.\n\nShorter now.\n")
    commit(root, "2026-03-10T10:00:00+00:00", "shorter")
    # the current checkout has no config (deleted, not committed): the commits before February's use none
    (root / "culturelint.yaml").unlink()
    found = history.replay(history.HistoryRequest(root, day=_day()))
    got = [(m["month"], m["introduced"], m["fixed"], m["removed"], m["open"]) for m in found.months]
    # January: a.md has no market; long.md (front matter en-GB) is checked under no size limit.
    # February: the config gives a.md its market; long.md is now over the limit: skipped, its finding
    # carried over unchanged (neither fixed nor removed). March: long.md is small again, nothing new.
    assert got == [("2026-01", 1, 0, 0, 1), ("2026-02", 1, 0, 0, 2), ("2026-03", 0, 0, 0, 2)]
    assert [(e["path"], e["market"]) for e in found.commits[0]["introduced"]] == [("uk/long.md", "en-GB")]
    assert [(e["path"], e["market"]) for e in found.commits[1]["introduced"]] == [("uk/a.md", "en-GB")]
    assert any("uk/long.md" in n and "over 300; skipped" in n for n in found.notices)
