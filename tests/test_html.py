"""The HTML report is safe for untrusted copy and self-contained."""

from __future__ import annotations

import re
from pathlib import Path

from culturelint import api
from culturelint.formatters import FORMATTERS

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
