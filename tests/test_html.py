"""The HTML report is safe for untrusted copy and self-contained."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from culturelint import api
from culturelint.formatters import FORMATTERS
from culturelint.model import Suppression

HOSTILE = (
    "---\nmarket: en-US\n---\n<script>alert('x')</script> \"quoted\" & <b>bold</b> copy "
    "for the Super Bowl special, 20% off.\n\n<img src=x onerror=alert(1)> Juneteenth sale now on, 20% off.\n"
)


def render(tmp_path: Path, text: str) -> str:
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    return FORMATTERS["html"](api.check(api.CheckRequest([str(path)])))


def test_copy_is_escaped(tmp_path: Path) -> None:
    html = render(tmp_path, HOSTILE)
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_no_network_requests(tmp_path: Path) -> None:
    html = render(tmp_path, HOSTILE)
    assert not re.search(r"<(script|link|img|iframe|embed|object|source|video|audio)[^>]+(src|href)\s*=", html, re.I)
    # CSS url(...) loads; the review script's URL.createObjectURL(blob) is a local download, not a load
    assert not re.search(r"(?<![\w.])url\(", html, re.I) and "@import" not in html
    assert "default-src 'none'" in html  # the CSP forbids any load the page did not inline


def test_findings_are_highlighted_with_their_explanations(tmp_path: Path) -> None:
    html = render(tmp_path, HOSTILE)
    assert '<mark class="sev-error"' in html
    assert "en-us.holiday.protected-event-name" in html and "Sources:" in html
    assert 'data-filter="severity"' in html and 'data-filter="market"' in html and 'data-filter="category"' in html
    assert "@media print" in html


def test_disclosure_findings_come_first(tmp_path: Path) -> None:
    text = "---\nmarket: en-US\nsponsored: true\n---\nHappy Memorial Day from the team!\n\nLove this serum.\n"
    html = render(tmp_path, text)
    assert html.index("en-us.disclosure.material-connection") < html.index("en-us.holiday.happy-memorial-day")


def test_only_http_links_become_links(tmp_path: Path) -> None:
    from culturelint.formatters.html import safe_url

    assert safe_url("https://example.org") == "https://example.org"
    assert safe_url("javascript:alert(1)") is None


def test_clean_files_are_listed_with_their_copy_escaped(tmp_path: Path) -> None:
    html = render(
        tmp_path, "---\nmarket: en-US\n---\n<script>alert('x')</script> \"quoted\" copy for the 4th of July sale.\n"
    )
    assert "1 file(s) with no findings" in html
    assert "<script>alert('x')</script>" not in html and "&lt;script&gt;alert(" in html


# ---------------------------------------------------------------- the reviewer's first question


def _report(tmp_path: Path, files: dict[str, str], *markets: str, fail_on: str = "error") -> api.Report:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return api.check(api.CheckRequest(paths, markets=tuple(markets), fail_on=fail_on))


def _verdict_row(html: str, market: str) -> str:
    match = re.search(rf'<tr data-market="{re.escape(market)}" data-verdict="(pass|fail)">(.*?)</tr>', html, re.S)
    assert match, f"no verdict row for {market}"
    return match.group(0)


def test_every_market_checked_gets_a_verdict_even_without_findings(tmp_path: Path) -> None:
    report = _report(tmp_path, {"copy.md": "Grab a fanny pack for the summer.\n"}, "en-GB", "de-DE")
    html = FORMATTERS["html"](report)
    assert report.findings and all(f.markets == ("en-GB",) for f in report.findings)
    gb, de = _verdict_row(html, "en-GB"), _verdict_row(html, "de-DE")
    assert 'data-verdict="pass"' in de and "✔ pass" in de  # checked, nothing found: it passes
    run = next(r for r in report.runs if r.market == "de-DE")
    assert f'<td class="num">{run.rules}</td>' in de and f"{len(run.packs)} packs" in de
    assert run.packs[0] in de
    # warnings do not fail the default gate; at --fail-on warning the same market fails
    assert 'data-verdict="pass"' in gb
    strict = FORMATTERS["html"](
        _report(tmp_path, {"copy.md": "Grab a fanny pack for the summer.\n"}, "en-GB", fail_on="warning")
    )
    assert 'data-verdict="fail"' in _verdict_row(strict, "en-GB") and 'id="overall" data-verdict="fail"' in strict


def test_hidden_findings_are_counted_per_kind_and_listed_with_their_reason(tmp_path: Path) -> None:
    text = (
        "<!-- culturelint-disable-next-line en-gb.idiom.fanny -- the brand's own product name -->\n"
        "Grab a fanny pack today.\n"
    )
    report = _report(tmp_path, {"copy.md": text}, "en-GB")
    assert not report.findings and report.suppressed
    waived = replace(
        report.suppressed[0],
        fingerprint="w" * 20,
        suppression=Suppression(
            "waiver", "approved for the UK by legal", "waivers.yaml", "Ana Reviewer", dt.date(2027, 1, 31)
        ),
    )
    report = replace(report, suppressed=(*report.suppressed, waived))
    html = FORMATTERS["html"](report)
    row = _verdict_row(html, "en-GB")
    assert 'data-verdict="pass"' in row and "1 inline" in row and "1 waiver" in row
    assert "2 hidden finding(s): why each is hidden" in html
    assert "the brand&#39;s own product name" in html
    assert "Ana Reviewer" in html and "approved for the UK by legal" in html and "2027-01-31" in html
    hidden = re.search(r'<li id="f-w{20}"[^>]*>', html)
    assert hidden and 'data-status="hidden"' in hidden.group(0) and "suppressed" in hidden.group(0)


def test_every_finding_carries_its_anchor_and_data_attributes(tmp_path: Path) -> None:
    report = _report(tmp_path, {"copy.md": "Grab a fanny pack for the summer.\n"}, "en-GB")
    html = FORMATTERS["html"](report)
    f = report.findings[0]
    tag = re.search(rf'<li id="f-{f.fingerprint}"[^>]*>', html)
    assert tag, "each finding is anchored by its fingerprint"
    for name, value in [
        ("data-fingerprint", f.fingerprint),
        ("data-rule", f.rule),
        ("data-market", "en-GB"),
        ("data-severity", str(f.severity)),
        ("data-line", str(f.line)),
    ]:
        assert f'{name}="{value}"' in tag.group(0)
    assert "data-path=" in tag.group(0)
    assert f'data-findings="f-{f.fingerprint}"' in html  # the highlight points at the same anchor
    assert '{% include "review.html.j2"' not in html  # the review helper's hook renders to nothing when absent


def test_csp_hashes_every_inline_block_and_allows_no_inline_script(tmp_path: Path) -> None:
    import base64
    import hashlib

    html = render(tmp_path, HOSTILE)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp and "unsafe-inline" not in csp.group(1) and "default-src 'none'" in csp.group(1)
    blocks = re.findall(r"<(script|style)>(.*?)</\1>", html, re.S)
    assert {kind for kind, _ in blocks} == {"script", "style"}
    for _, body in blocks:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp.group(1)
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html), "no inline event handler (the CSP would block it)"
    assert not re.search(r'<[a-z]+[^>]*\sstyle="', html), "no style attribute (the CSP would block it)"


def test_csp_covers_a_script_added_by_an_included_template() -> None:
    from culturelint.formatters.html import CSP_PLACEHOLDER, with_csp

    page = (
        f"<head>{CSP_PLACEHOLDER}<style>a{{}}</style></head><body><script>one()</script><script>two()</script></body>"
    )
    out = with_csp(page)
    assert out.count("'sha256-") == 3 and CSP_PLACEHOLDER not in out


def test_deck_findings_are_grouped_by_entry_and_show_the_decoded_copy(tmp_path: Path) -> None:
    deck = (
        '{"posts": [\n'
        '  {"id": "hero", "market": "en-GB", "caption": "We\\u2019ll grab a \\"fanny\\" pack"},\n'
        '  {"id": "teaser", "market": "en-GB", "caption": "Plain copy here"}\n'
        "]}\n"
    )
    report = _report(tmp_path, {"deck.json": deck})
    html = FORMATTERS["html"](report)
    assert [f.key for f in report.findings] == ["posts[0].caption"]
    entry = re.search(r'<section class="entry" data-entry="posts\[0\]".*?</section>', html, re.S)
    assert entry, "the finding is shown under its entry"
    body = entry.group(0)
    assert "id <bdi>hero</bdi>" in body and '<span class="field">caption</span>' in body
    assert "We’ll grab a &#34;<mark" in body and ">fanny</mark>" in body  # decoded, not \\u2019 or \\"
    assert "\\u2019" not in html.split("<main>")[1]
    assert 'data-entry="posts[1]"' in html and "Plain copy here" in html
    assert 'class="ln"' not in html.split('id="view-files"')[1].split("</details>")[0]  # no raw JSON lines


def test_csv_deck_rows_are_entries(tmp_path: Path) -> None:
    deck = 'id,market,text\nhero,en-GB,"Grab a ""fanny"" pack, today"\nteaser,ja-JP,4個入りのギフト\n'
    html = FORMATTERS["html"](_report(tmp_path, {"deck.csv": deck}))
    assert 'data-entry="row 2"' in html and 'data-entry="row 3"' in html
    assert "Grab a &#34;<mark" in html and 'lang="ja"' in html


def test_severities_are_told_apart_by_text_and_shape(tmp_path: Path) -> None:
    html = render(tmp_path, HOSTILE)
    assert "✖ error</span>" in html
    css = html.split("<style>")[1].split("</style>")[0]
    for severity, shape in [("error", "double"), ("warning", "dashed"), ("info", "dotted")]:
        assert re.search(rf"mark\.sev-{severity} {{[^}}]*border-bottom-style: {shape}", css)


def test_overlapping_findings_are_each_reachable(tmp_path: Path) -> None:
    from culturelint.formatters.html import _chunks

    findings = [_finding(1, 10), _finding(5, 15)]
    chunks = _chunks("x" * 20, [(0, 10, 0), (4, 14, 1)], findings)  # type: ignore[arg-type]
    middle = next(c for c in chunks if c.text and c.findings == (0, 1))
    assert middle.ends == (0,)
    report = _report(tmp_path, {"copy.md": "Happy Memorial Day sale, Memorial Day deals!\n"}, "en-US")
    html = FORMATTERS["html"](report)
    marks = re.findall(r'<mark [^>]*tabindex="0"[^>]*data-findings="([^"]+)"', html)
    listed = {fid for m in marks for fid in m.split()}
    assert listed == {f"f-{f.fingerprint}" for f in report.findings}  # every finding has a keyboard stop
    assert re.search(r'<sup class="refs"><a href="#f-', html)  # and a numbered link to its explanation


def _finding(start: int, end: int) -> object:
    from culturelint.model import Severity

    class F:
        severity = Severity.WARNING

    return F()


def test_suggestions_say_add_or_replace_with_as_the_rule_means(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {"post.md": "---\nmarket: en-US\nsponsored: true\n---\nLove this serum.\n\nGrab a fanny pack.\n"},
    )
    html = FORMATTERS["html"](report)
    kinds = {r.id: r.kind for r in report.rules}
    assert kinds["en-us.disclosure.material-connection"] == "require"
    add = re.search(r'<li id="f-[^"]*"[^>]*data-rule="en-us.disclosure.material-connection".*?</li>', html, re.S)
    assert add and 'data-verb="Add">Add: ' in add.group(0)
    gb = FORMATTERS["html"](_report(tmp_path, {"gb.md": "Grab a fanny pack.\n"}, "en-GB"))
    assert 'data-verb="Replace with">Replace with: <code><bdi>bum bag</bdi></code>' in gb


def test_right_to_left_copy_is_isolated_and_invisible_characters_are_marked(tmp_path: Path) -> None:
    text = "---\nmarket: en-GB\n---\nتسوق الآن #إعلان with a fanny\u200b pack, fre\u00adsh\u202e deal.\n"
    html = FORMATTERS["html"](_report(tmp_path, {"rtl.md": text}))
    line = re.search(r'<div class="flagged"><span class="ln">4</span><bdi dir="auto">(.*?)</bdi></div>', html, re.S)
    assert line and "#إعلان" in line.group(1)  # each line of copy is its own bidi isolate
    assert '⟨ZWSP⟩</span>' in html and 'title="ZERO WIDTH SPACE (U+200B)"' in html
    assert "⟨SHY⟩" in html and "⟨RLO⟩" in html and "RIGHT-TO-LEFT OVERRIDE" in html
    assert "\u202e" not in html and "\u200b" not in html  # never left to reorder or hide the copy
    assert '<bdi lang="en">' in html  # matched text is isolated


def test_lang_follows_the_market(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {
            "cn.md": "---\nmarket: zh-CN\n---\n全球最好的精华液。\n",
            "jp.md": "---\nmarket: ja-JP\n---\n4個入りのギフトです。\n",
        },
    )
    html = FORMATTERS["html"](report)
    assert 'aria-label="Copy of ' in html
    assert re.search(r'aria-label="Copy of [^"]*cn\.md" lang="zh-CN"', html)
    assert re.search(r'aria-label="Copy of [^"]*jp\.md" lang="ja"', html)


def test_large_reports_collapse_files_and_offer_a_table(tmp_path: Path) -> None:
    files = {f"c{n:02}.md": "Grab a fanny pack.\n" for n in range(25)}
    html = FORMATTERS["html"](_report(tmp_path, files, "en-GB"))
    assert html.count('<details class="file"') == 25 and '<details class="file" id="file-1" data-path' in html
    assert not re.search(r'<details class="file"[^>]*\sopen>', html)  # beyond 20 files: collapsed
    assert html.count('<tr class="finding-row"') == 25 and 'data-sort="severity"' in html
    small = FORMATTERS["html"](_report(tmp_path, {"one.md": "Grab a fanny pack.\n"}, "en-GB"))
    assert re.search(r'<details class="file"[^>]*\sopen>', small)


def test_filters_cover_search_status_and_print(tmp_path: Path) -> None:
    html = render(tmp_path, HOSTILE)
    assert 'id="q" data-filter="q"' in html and 'data-filter="status" value="hidden"' in html
    assert "history.replaceState" in html and "location.hash" in html
    css = html.split("<style>")[1].split("</style>")[0]
    print_css = css.split("@media print")[1]
    assert "hidden-by-filter" not in print_css  # a filtered-out finding stays out of the printout
    assert "beforeprint" in html  # collapsed files open for printing


def test_gettext_entries_are_grouped_by_message(tmp_path: Path) -> None:
    po = 'msgid ""\nmsgstr ""\n"Language: en_GB\\n"\n\nmsgid "Belt bag. Now."\nmsgstr "Grab a fanny pack. Now."\n'
    report = _report(tmp_path, {"shop.po": po}, "en-GB")
    html = FORMATTERS["html"](report)
    assert report.findings and report.findings[0].key == "Belt bag. Now. (msgstr)"
    assert 'data-entry="Belt bag. Now."' in html and '<span class="field">msgstr</span>' in html
