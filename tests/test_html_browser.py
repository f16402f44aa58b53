"""The HTML report and the campaign matrix in a real browser (Debian's chromium through Playwright):
the CSP lets the page's own script run and nothing else load, filters live in the URL, anchors and
keyboard reach every finding, print follows the filters, axe-core finds no serious violation, and a
2,000-finding report renders and opens quickly.

axe-core is vendored under tests/data/axe.min.js (MPL-2.0, licence header kept; full text in
tests/data/axe-core.LICENSE), so the test needs no network."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from culturelint import api
from culturelint.formatters import FORMATTERS
from culturelint.model import FileResult, Report, Suppression

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "data" / "axe.min.js"

COPY = {
    "gb/summer.md": "---\nmarket: en-GB\n---\nGrab a fanny pack for the summer.\n\nتسوق الآن #إعلان fanny\u200b pack.\n",
    "us/memorial.md": "---\nmarket: en-US\nsponsored: true\n---\nHappy Memorial Day sale, 20% off!\n",
    "jp/gift.md": "---\nmarket: ja-JP\n---\n4個入りのギフトセットをどうぞ。\n",
    "deck.json": '[{"id": "hero", "market": "en-GB", "text": "We\\u2019ll knock it out of the park with a fanny pack"},'
    ' {"id": "hero", "market": "de-DE", "text": "Unsere neue Kollektion"}]\n',
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("copy")
    paths = []
    for name, text in COPY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    found = api.check(api.CheckRequest(paths))
    hidden = replace(
        found.findings[0],
        fingerprint="h" * 20,
        suppression=Suppression("waiver", "approved by legal", "waivers.yaml", "Ana Reviewer"),
    )
    return replace(found, suppressed=(hidden,))


class Opened:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(m.text))
        page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))


def _open(browser: Browser, tmp_path: Path, html: str, name: str = "report.html", hash_: str = "") -> Opened:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    opened = Opened(page)
    page.goto(path.as_uri() + hash_)
    return opened


def _axe(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the test, not loaded by the page
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _visible(page: Page, selector: str) -> int:
    return int(page.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent !== null).length"))


def test_page_script_runs_under_the_csp_and_nothing_loads(browser: Browser, report: Report, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, FORMATTERS["html"](report))
    page = opened.page
    assert page.locator("#shown-count").inner_text().endswith("shown")  # the hashed script ran
    assert not [m for m in opened.console if "Content Security Policy" in m or "page error" in m], opened.console
    assert all(url.startswith("file:") for url in opened.requests), opened.requests
    page.close()


def test_axe_finds_no_serious_violation(browser: Browser, report: Report, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, FORMATTERS["html"](report))
    assert _axe(opened.page) == []
    opened.page.locator("input[name=view][value=table]").check()
    assert _axe(opened.page) == []
    opened.page.close()
    matrix = _open(browser, tmp_path, FORMATTERS["matrix"](report), "matrix.html")
    assert _axe(matrix.page) == []
    assert not [m for m in matrix.console if "Content Security Policy" in m]
    matrix.page.close()


def test_axe_harness_catches_a_violation(browser: Browser, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, '<!DOCTYPE html><html><body><img src="data:,"></body></html>', "bad.html")
    assert "image-alt" in {v["id"] for v in _axe(opened.page)}
    opened.page.close()


def test_filters_live_in_the_url_survive_reload_and_hide_emptied_files(
    browser: Browser, report: Report, tmp_path: Path
) -> None:
    opened = _open(browser, tmp_path, FORMATTERS["html"](report))
    page = opened.page
    total = _visible(page, "li.finding")
    assert total == len(report.findings)  # hidden findings are off by default
    page.locator("input[data-filter=market][value=ja-JP]").uncheck()
    assert "market=" in page.evaluate("location.hash") and "ja-JP" not in page.evaluate("location.hash")
    jp = page.locator("details.file", has=page.locator("li[data-market='ja-JP']"))
    assert jp.count() == 1 and not jp.is_visible()  # its only findings are filtered out: the file goes
    page.locator("#q").fill("fanny")
    shown = _visible(page, "li.finding")
    assert 0 < shown < total and all("fanny" in t.lower() for t in page.locator("li.finding:visible").all_inner_texts())
    page.reload()
    assert not page.locator("input[data-filter=market][value=ja-JP]").is_checked()
    assert page.locator("#q").input_value() == "fanny" and _visible(page, "li.finding") == shown
    # print follows the filters
    page.emulate_media(media="print")
    assert _visible(page, "li.finding") == shown and not page.locator("#filters").is_visible()
    page.emulate_media(media="screen")
    # hidden findings are listable with their reason and reviewer
    page.locator("#q").fill("")
    page.locator("input[data-filter=status][value=hidden]").check()
    waived = page.locator("#f-" + "h" * 20)
    assert waived.is_visible() and "Ana Reviewer" in waived.inner_text() and "approved by legal" in waived.inner_text()
    page.close()


def test_anchor_reveals_a_finding_even_when_filtered_or_collapsed(
    browser: Browser, report: Report, tmp_path: Path
) -> None:
    target = next(f for f in report.findings if "ja-JP" in f.markets)
    html = FORMATTERS["html"](report)
    opened = _open(browser, tmp_path, html, hash_="#market=en-GB")
    page = opened.page
    assert not page.locator(f"#f-{target.fingerprint}").is_visible()
    page.goto((tmp_path / "report.html").as_uri() + f"#f-{target.fingerprint}")
    page.reload()
    li = page.locator(f"#f-{target.fingerprint}")
    assert li.is_visible() and "target" in (li.get_attribute("class") or "")
    page.close()


def test_every_highlight_is_keyboard_reachable(browser: Browser, report: Report, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, FORMATTERS["html"](report))
    page = opened.page
    marks = page.locator("mark[data-findings]")
    assert marks.count() > 0
    for n in range(marks.count()):
        mark = marks.nth(n)
        first = (mark.get_attribute("data-findings") or "").split()[0]
        mark.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == first
    page.locator("#q").focus()
    for _ in range(200):  # Tab alone reaches the highlights
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    page.close()


def test_table_view_sorts_by_severity_market_and_rule(browser: Browser, report: Report, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, FORMATTERS["html"](report))
    page = opened.page
    page.locator("input[name=view][value=table]").check()
    assert "view=table" in page.evaluate("location.hash") and not page.locator("#view-files").is_visible()
    page.locator("button[data-sort=rule]").click()
    rules = page.locator("tr.finding-row:visible").evaluate_all("rs => rs.map(r => r.dataset.rule)")
    assert rules == sorted(rules)
    page.locator("button[data-sort=rule]").click()
    assert page.locator("tr.finding-row:visible").evaluate_all("rs => rs.map(r => r.dataset.rule)") == sorted(
        rules, reverse=True
    )
    page.locator("button[data-sort=severity]").click()
    ranks = page.locator("tr.finding-row:visible").evaluate_all("rs => rs.map(r => Number(r.dataset.rank))")
    assert ranks == sorted(ranks, reverse=True)
    page.close()


def test_two_thousand_findings_render_and_open_quickly(browser: Browser, report: Report, tmp_path: Path) -> None:
    base = next(f for f in report.findings if f.rule == "en-gb.idiom.fanny" and not f.key)
    line = "Grab a fanny pack for the summer, and another fanny pack for winter.\n"
    files, findings = [], []
    for n in range(100):
        path = f"copy/{n:03}.md"
        files.append(FileResult(path, ("en-GB",), "en", "en", None, None, line * 20))
        for k in range(20):
            findings.append(
                replace(
                    base,
                    path=path,
                    line=k + 1,
                    end_line=k + 1,
                    column=8,
                    end_column=18,
                    fingerprint=f"{n:03}{k:03}".ljust(20, "0"),
                )
            )
    big = replace(report, files=tuple(files), findings=tuple(findings), suppressed=())
    started = time.perf_counter()
    html = FORMATTERS["html"](big)
    rendered = time.perf_counter() - started
    assert len(findings) == 2000 and rendered < 10, f"render took {rendered:.1f}s"
    assert len(html.encode()) < 12_000_000, f"page is {len(html.encode()) / 1e6:.1f} MB"
    started = time.perf_counter()
    opened = _open(browser, tmp_path, html)
    page = opened.page
    page.wait_for_function("document.getElementById('shown-count').textContent.length > 0")
    opened_in = time.perf_counter() - started
    assert opened_in < 15, f"opening took {opened_in:.1f}s"
    assert page.locator("details.file[open]").count() == 0  # collapsed beyond the threshold
    started = time.perf_counter()
    page.locator("input[data-filter=severity][value=warning]").uncheck()
    filtered_in = time.perf_counter() - started
    assert page.locator("#shown-count").inner_text().startswith("0 of 2000") and filtered_in < 5
    print(
        f"\n2,000 findings: render {rendered:.2f}s, {len(html.encode()) / 1e6:.1f} MB, open {opened_in:.2f}s, filter {filtered_in:.2f}s"
    )
    page.close()
