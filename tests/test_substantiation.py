"""Allowed with proof: evidence named in front matter or the config turns a claim finding into info
and travels with it into every report; evidence that covers nothing is reported."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from culturelint.cli import main
from culturelint.errors import InputError
from culturelint.model import Severity

CLAIM = "Meet the Vortex 9, the No. 1 vacuum brand in the UK. Britain's best-selling cordless vacuum too.\n"
RULE = "en-gb.claim.unsubstantiated-superlative"


def draft(evidence: str, body: str = CLAIM) -> str:
    return (
        "---\nmarket: en-GB\nsubstantiation:\n"
        + textwrap.indent(textwrap.dedent(evidence).strip(), "  ")
        + "\n---\n"
        + body
    )


def claims(findings) -> list[tuple[str, Severity, str | None]]:
    return [
        (f.match, f.severity, f.substantiation.source if f.substantiation else None)
        for f in findings
        if f.category == "claim"
    ]


def test_without_evidence_both_claims_warn(check_text) -> None:
    assert [s for _, s, _ in claims(check_text(CLAIM, "en-GB"))] == [Severity.WARNING, Severity.WARNING]


def test_the_claim_as_worded_covers_only_that_claim(check_text) -> None:
    text = draft('- claim: "No.1 vacuum brand in the UK"\n  source: "Circana UK panel, 52 weeks to June 2026"')
    assert claims(check_text(text, None)) == [
        ("No. 1", Severity.INFO, "Circana UK panel, 52 weeks to June 2026"),
        ("Britain's best-selling", Severity.WARNING, None),
    ]


def test_short_form_and_curly_quotes(check_text) -> None:
    text = draft('"Britain\u2019s best-selling": "Kantar 2026"')
    assert claims(check_text(text, None))[1] == ("Britain's best-selling", Severity.INFO, "Kantar 2026")


def test_evidence_by_rule_covers_every_finding_of_it(check_text) -> None:
    text = draft(f"- rule: {RULE}\n  source: Legal sign-off LGL-2291")
    assert {s for _, s, _ in claims(check_text(text, None))} == {Severity.INFO}


def test_evidence_for_another_market_or_rule_does_not_apply(check_text) -> None:
    text = draft("- claim: No. 1\n  source: s\n  markets: [en-IE]\n- rule: ja-jp.claim\n  source: s")
    findings = check_text(text, None)
    assert {s for _, s, _ in claims(findings)} == {Severity.WARNING}
    unused = [f for f in findings if f.rule == "culturelint.unused-substantiation"]
    assert [(f.line, f.severity) for f in unused] == [(4, Severity.INFO), (7, Severity.INFO)]


def test_evidence_for_a_claim_elsewhere_does_not_cover_a_different_sentence(check_text) -> None:
    body = "The No. 1 choice of UK vets. Also No. 1 in Europe, say our fans.\n"
    text = draft('- claim: "No. 1 choice of UK vets"\n  source: "YouGov vet survey 2026"', body)
    assert [s for _, s, _ in claims(check_text(text, None))] == [Severity.INFO, Severity.WARNING]


def test_non_claim_findings_are_never_substantiated(check_text) -> None:
    body = "Only 4 days left! Shop our 9/11 remembrance sale now.\n"
    text = draft("- rule: global\n  source: anything")
    text = text.replace(CLAIM, body).replace("en-GB", "en-US")
    findings = check_text(text, None)
    assert any(f.severity >= Severity.WARNING for f in findings if f.category != "meta")
    assert all(f.substantiation is None for f in findings)


@pytest.mark.parametrize(
    "evidence, message",
    [
        ("- claim: No. 1", "missing required key 'source'"),
        ("- source: only a source", "give the 'claim'"),
        ("just a string", "expected a list"),
    ],
)
def test_bad_evidence_is_a_clear_error(check_text, evidence: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_text(draft(evidence), None)


def test_paths_belong_to_the_config_and_warn_in_front_matter(check_text) -> None:
    findings = check_text(draft("- claim: No. 1\n  source: y\n  paths: ['*.md']"), None)
    unknown = [(f.line, f.severity, f.message) for f in findings if f.rule == "culturelint.unknown-key"]
    assert unknown == [(6, Severity.WARNING, "unknown key 'paths'")]


def test_config_evidence_with_paths_and_every_report_shows_it(tmp_path, monkeypatch) -> None:
    (tmp_path / "culturelint.yaml").write_text(
        "substantiation:\n"
        "  - claim: No. 1 vacuum brand in the UK\n"
        "    source: Circana UK panel 2026\n"
        "    paths: ['uk/*.md']\n",
        encoding="utf-8",
    )
    for folder in ("uk", "ie"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "post.md").write_text("---\nmarket: en-GB\n---\n" + CLAIM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "-f", "json", "uk/post.md", "ie/post.md"])
    report = json.loads(result.output)
    by_path = {f["path"]: f.get("substantiation") for f in report["findings"] if f["match"] == "No. 1"}
    assert by_path["ie/post.md"] is None
    assert by_path["uk/post.md"] == {
        "claim": "No. 1 vacuum brand in the UK",
        "rule": None,
        "source": "Circana UK panel 2026",
        "given_in": str(tmp_path / "culturelint.yaml"),
    }
    # config evidence that a file does not use is not reported against that file
    assert not [f for f in report["findings"] if f["rule"] == "culturelint.unused-substantiation"]
    text = runner.invoke(main, ["check", "uk/post.md"]).output
    assert "substantiated: \u201cNo. 1 vacuum brand in the UK\u201d: Circana UK panel 2026" in text
    html = runner.invoke(main, ["check", "-f", "html", "uk/post.md"]).output
    assert "Substantiated: \u201cNo. 1 vacuum brand in the UK\u201d: Circana UK panel 2026" in html
    sarif = json.loads(runner.invoke(main, ["check", "-f", "sarif", "uk/post.md"]).output)
    props = [r["properties"] for r in sarif["runs"][0]["results"]]
    assert any("Circana" in p.get("substantiation", "") for p in props)


def test_html_escapes_the_evidence(tmp_path, monkeypatch) -> None:
    (tmp_path / "post.md").write_text(draft('- claim: No. 1\n  source: "<script>alert(1)</script>"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    html = CliRunner().invoke(main, ["check", "-f", "html", "post.md"]).output
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
