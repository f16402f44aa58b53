"""The reviewer's checkpoint in a real browser (Debian's chromium through Playwright): open the HTML
report of a small content repository, filter, decide (accept with a reason, false alarm, change
needed), note a span of copy, reload, export the decisions as a YAML download, and feed the file
back to the CLI (``check --waivers``, ``rules feedback``)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_waivers import BEST, DAY, DISCLOSURE, FOUR, LAUNCH, SUPER_BOWL, make_repo, run

from culturelint import waivers

# a reason that YAML must quote: quotes, a colon, a comment sign, a backslash, a line break, an emoji
TRICKY = 'a choice among "four" flavours: #not-a-set \\ of four\nsecond line 🍵'
CHROMIUM = os.environ.get("CULTURELINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def select_and_release(page: Page, scope: str, text: str) -> None:
    """Drag the mouse over ``text`` inside the first element matching ``scope``, as a reader does."""
    box = page.evaluate(
        """([scope, text]) => {
            const root = document.querySelector(scope);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode(), full = '', nodes = [];
            while (node) { nodes.push([node, full.length]); full += node.data; node = walker.nextNode(); }
            const at = full.indexOf(text);
            const find = (offset) => { for (let i = nodes.length - 1; i >= 0; i--) { if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]]; } };
            const [first, a] = find(at), [last, b] = find(at + text.length - 1);
            first.parentElement.scrollIntoView({block: 'center'});
            const range = document.createRange();
            range.setStart(first, a); range.setEnd(first, a + 1);
            const start = range.getBoundingClientRect();
            range.setStart(last, b); range.setEnd(last, b + 1);
            const end = range.getBoundingClientRect();
            return {x1: start.left + 1, y1: start.top + start.height / 2, x2: end.right - 1, y2: end.top + end.height / 2};
        }""",
        [scope, text],
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def add_note(page: Page, scope: str, text: str, note: str) -> None:
    select_and_release(page, scope, text)
    page.get_by_role("button", name="Add note").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("blockquote")).to_have_text(text)
    dialog.get_by_label("Note").fill(note)
    dialog.get_by_role("button", name="Save note").click()
    expect(dialog).to_be_hidden()


def test_review_in_the_browser_then_waive_with_the_cli(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_repo(tmp_path))
    code, _, err = run("check", "--date", DAY, "-f", "html", "-o", "report.html", "content")
    assert code == 1, err
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("request", lambda r: None if r.url.split(":")[0] in ("file", "blob", "data") else problems.append(r.url))
    page.goto((tmp_path / "report.html").as_uri())

    def finding(rule: str):  # type: ignore[no-untyped-def]
        return page.locator(f"li[data-rule='{rule}']")

    expect(page.locator("#cl-counts")).to_contain_text("0 of 4 decided")
    # filter: the German market off hides its finding and not the others
    page.locator("input[data-filter='market'][value='de-DE']").uncheck()
    expect(finding(BEST)).to_be_hidden()
    expect(finding(SUPER_BOWL)).to_be_visible()

    page.get_by_label("Reviewer", exact=True).fill("Ana Ruiz")
    bowl = finding(SUPER_BOWL)
    bowl.get_by_role("button", name="Accept").click()
    expect(bowl.get_by_role("button", name="Accept")).to_have_attribute("aria-pressed", "true")
    expect(bowl.locator(".cl-status")).to_have_text("accepted — needs a reason")
    page.get_by_role("button", name="Export decisions (YAML)").click()  # refused: an acceptance needs a reason
    expect(page.locator("#cl-message")).to_have_text("1 accepted finding(s) need a reason before export.")
    expect(bowl.get_by_label("Reason")).to_be_focused()
    bowl.get_by_label("Reason").fill("Official NFL licensee, contract 2026-114")
    bowl.get_by_label("Waiver expires").fill("2027-03-01")
    four = finding(FOUR)
    four.get_by_role("button", name="False alarm").click()
    four.get_by_label("Reason").fill(TRICKY)
    disclosure = finding(DISCLOSURE)
    disclosure.get_by_role("button", name="Change needed").click()
    disclosure.get_by_label("Reason").fill('put "Ad:" before the first line')
    expect(disclosure.get_by_label("Waiver expires")).to_be_hidden()  # change-needed never waives
    # notes: on the highlighted finding (attached to it) and on plain copy (on its own)
    add_note(
        page,
        "details.file:has(li[data-rule='en-us.holiday.protected-event-name']) .copy",
        "Super Bowl",
        "licence on file",
    )
    expect(bowl.locator(".cl-notes li")).to_contain_text("licence on file")
    add_note(
        page,
        "details.file:has(li[data-rule='en-us.holiday.protected-event-name']) .copy",
        "my skin has never",
        "a claim?",
    )
    expect(page.locator("#cl-free-notes")).to_be_visible()
    expect(page.locator("#cl-counts")).to_contain_text(
        "3 of 4 decided · 1 accepted · 1 change needed · 1 false alarm · 2 notes"
    )

    # a reload loses nothing (localStorage, per report); the name is entered once
    page.reload()
    bowl = finding(SUPER_BOWL)
    expect(bowl.get_by_role("button", name="Accept")).to_have_attribute("aria-pressed", "true")
    expect(bowl.get_by_label("Reason")).to_have_value("Official NFL licensee, contract 2026-114")
    expect(page.get_by_label("Reviewer", exact=True)).to_have_value("Ana Ruiz")
    expect(page.locator("#cl-counts")).to_contain_text("3 of 4 decided")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export decisions (YAML)").click()
    exported = tmp_path / "review.yaml"
    download.value.save_as(exported)
    assert download.value.suggested_filename.startswith("culturelint-decisions-")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    if os.environ.get("CULTURELINT_SCREENSHOT"):
        shutil.copy(tmp_path / "review.png", os.environ["CULTURELINT_SCREENSHOT"])
    assert problems == []
    context.close()

    # the download is a decision file the CLI reads
    parsed = waivers.load_file(exported)
    by_rule = {d.rule: d for d in parsed.decisions}
    assert set(by_rule) == {SUPER_BOWL, FOUR, DISCLOSURE}
    accepted = by_rule[SUPER_BOWL]
    assert (accepted.decision, accepted.reviewer, accepted.reason) == (
        "accept",
        "Ana Ruiz",
        "Official NFL licensee, contract 2026-114",
    )
    assert str(accepted.expires) == "2027-03-01" and accepted.markets == ("en-US",) and accepted.match == "Super Bowl"
    assert accepted.path == "content/en-US/launch.md" and accepted.line == 6
    assert [(n.text, n.quote) for n in accepted.notes] == [("licence on file", "Super Bowl")]
    assert by_rule[FOUR].decision == "false-alarm" and by_rule[FOUR].reason == TRICKY
    assert by_rule[DISCLOSURE].decision == "change-needed"
    [free] = parsed.notes
    assert (free.text, free.quote, free.path, free.line) == (
        "a claim?",
        "my skin has never",
        "content/en-US/launch.md",
        8,
    )

    # fed back: the accepted and the false alarm no longer fail, the change-needed one still does
    code, out, _ = run("check", "--date", DAY, "-f", "json", "--waivers", str(exported), "content")
    report = json.loads(out)
    assert code == 1 and [f["rule"] for f in report["findings"] if f["severity"] == "error"] == [DISCLOSURE]
    assert {f["rule"]: f["suppression"]["by"] for f in report["suppressed"]} == {
        SUPER_BOWL: "Ana Ruiz",
        FOUR: "Ana Ruiz",
    }
    # the copywriter makes the change: the gate passes, the waivers still hold
    (tmp_path / "content/en-US/launch.md").write_text(
        LAUNCH.replace("Kick off", "Ad: paid partnership with Glow Labs. Kick off"), encoding="utf-8"
    )
    code, out, _ = run("check", "--date", DAY, "--waivers", str(exported), "content")
    assert code == 0 and "waived: content/en-US/launch.md:6:" in out and "by Ana Ruiz until 2027-03-01" in out
    # and the rule authors hear about the false alarm
    code, out, _ = run("rules", "feedback", str(exported))
    assert code == 0
    assert f"{FOUR}  1 decision: 1 false alarm (100%), 0 change needed, 0 accepted" in out
    assert 'a choice among "four" flavours: #not-a-set' in out
