"""Reviewers' decisions as waivers (``check --waivers``, config ``waivers:``): accepted and false-alarm
findings leave the gate but stay in every format with who and why; change-needed never waives;
expired and unused waivers are named; a malformed file is one exit-2 line naming file:line."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint import waivers
from culturelint.cli import main
from culturelint.model import Finding, Severity

DAY = "2026-12-03"
LAUNCH = """\
---
sponsored: true
---
# Holiday launch

Kick off the Super Bowl weekend with our new serum: 20% off until Sunday.

Love this serum, my skin has never looked better.
"""
WINTER = "冬のギフトに、4種類のフレーバーから選べるセットをどうぞ。\n\nお歳暮に人気のハムセットをご用意しました。\n"
NEWSLETTER = "Unser Serum ist das beste Serum der Welt und garantiert klinisch getestet.\n"
ABOUT = "Our team makes skincare in small batches in Portland.\n"
CONFIG = """\
markets:
  "content/en-US/*": [en-US]
  "content/ja-JP/*": [ja-JP]
  "content/de-DE/*": [de-DE]
"""
SUPER_BOWL = "en-us.holiday.protected-event-name"
DISCLOSURE = "en-us.disclosure.material-connection"
FOUR = "ja-jp.number.four-gift"
BEST = "de.claim.spitzenstellung"


def make_repo(root: Path) -> Path:
    """A small content repository: a config mapping folders to markets, drafts in three markets."""
    files = {
        "culturelint.yaml": CONFIG,
        "content/en-US/launch.md": LAUNCH,
        "content/en-US/about.md": ABOUT,
        "content/ja-JP/winter.md": WINTER,
        "content/de-DE/newsletter.md": NEWSLETTER,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def check_json(*args: str) -> tuple[int, dict[str, object]]:
    code, out, err = run("check", "--date", DAY, "-f", "json", *args, "content")
    assert code in (0, 1), err
    return code, json.loads(out)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(make_repo(tmp_path))
    return tmp_path


@pytest.fixture()
def prints(repo: Path) -> dict[str, dict[str, object]]:
    """The repo's findings by rule, as the JSON report gives them."""
    _, report = check_json()
    found = {f["rule"]: f for f in report["findings"]}  # type: ignore[attr-defined]
    assert {SUPER_BOWL, DISCLOSURE, FOUR, BEST} <= set(found)
    return found


def entry(finding: dict[str, object], decision: str, **extra: object) -> dict[str, object]:
    data = {
        "fingerprint": finding["fingerprint"],
        "rule": finding["rule"],
        "market": finding["market"],
        "markets": finding["markets"],
        "path": finding["path"],
        "line": finding["line"],
        "match": finding["match"],
        "decision": decision,
        "reviewer": "Ana Ruiz",
        "date": DAY,
    }
    data.update(extra)
    return data


def write_decisions(path: Path, *entries: dict[str, object]) -> Path:
    body = {"schema": waivers.SCHEMA, "reviewer": "Ana Ruiz", "decisions": list(entries)}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def test_accept_and_false_alarm_waive_change_needed_does_not(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(
        repo / "review.yaml",
        entry(prints[SUPER_BOWL], "accept", reason="Official NFL licensee, contract 2026-114", expires="2027-03-01"),
        entry(prints[FOUR], "false-alarm", reason="a choice among four flavours, not a set of four"),
        entry(prints[DISCLOSURE], "change-needed", reason="add #ad before the first line"),
    )
    code, report = check_json("--waivers", "review.yaml")
    assert code == 1  # the disclosure the reviewer wants changed still fails the gate
    rules = [f["rule"] for f in report["findings"]]  # type: ignore[attr-defined]
    assert DISCLOSURE in rules and SUPER_BOWL not in rules and FOUR not in rules
    waived = {f["rule"]: f["suppression"] for f in report["suppressed"]}  # type: ignore[attr-defined]
    assert waived[SUPER_BOWL] == {
        "kind": "waiver",
        "reason": "accepted: Official NFL licensee, contract 2026-114",
        "origin": "review.yaml:5",
        "by": "Ana Ruiz",
        "expires": "2027-03-01",
    }
    assert waived[FOUR]["reason"] == "false alarm: a choice among four flavours, not a set of four"
    assert DISCLOSURE not in waived
    assert report["summary"]["suppressed"]["waiver"] == 2  # type: ignore[index]
    # text names each waiver with who and why
    code, text, _ = run("check", "--date", DAY, "--waivers", "review.yaml", "content")
    assert code == 1
    assert (
        "waived: content/en-US/launch.md:6:14  en-us.holiday.protected-event-name  [en-US]  by Ana Ruiz until "
        "2027-03-01: accepted: Official NFL licensee, contract 2026-114 (review.yaml:5)"
    ) in text
    assert "2 hidden (2 waiver)" in text
    # the HTML report lists them too
    code, html, _ = run("check", "--date", DAY, "--waivers", "review.yaml", "-f", "html", "content")
    assert "2 finding(s) waived by reviewers" in html and "Official NFL licensee, contract 2026-114" in html


def test_waived_errors_no_longer_fail_the_gate(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(
        repo / "review.yaml",
        entry(prints[SUPER_BOWL], "accept", reason="licensed"),
        entry(prints[DISCLOSURE], "accept", reason="the platform's paid-partnership tool is on"),
    )
    assert check_json()[0] == 1
    code, report = check_json("--waivers", "review.yaml")
    assert code == 0 and report["summary"]["by_severity"]["error"] == 0  # type: ignore[index]


def test_change_needed_never_waives(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(repo / "review.yaml", entry(prints[SUPER_BOWL], "change-needed"))
    code, report = check_json("--waivers", "review.yaml")
    assert code == 1 and report["suppressed"] == [] and report["notices"] == []


def test_expired_waiver_stops_applying_and_is_named(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(repo / "review.yaml", entry(prints[SUPER_BOWL], "accept", reason="licensed", expires="2026-12-31"))
    assert SUPER_BOWL not in [f["rule"] for f in check_json("--waivers", "review.yaml")[1]["findings"]]  # type: ignore[attr-defined]
    # the expiry day itself is still covered; the day after, the finding is back with a notice
    _, report = check_json("--waivers", "review.yaml", "--date", "2026-12-31")
    assert report["suppressed"] != []
    code, out, err = run("check", "--date", "2027-01-01", "-f", "json", "--waivers", "review.yaml", "content")
    report = json.loads(out)
    assert code == 1
    assert SUPER_BOWL in [f["rule"] for f in report["findings"]] and report["suppressed"] == []
    [notice] = report["notices"]
    assert "waiver expired on 2026-12-31 (review.yaml:5)" in notice and "content/en-US/launch.md:6" in notice
    assert "note: waiver expired on 2026-12-31 (review.yaml:5)" in err


def test_unused_waiver_is_a_notice(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    gone = dict(prints[SUPER_BOWL], fingerprint="0" * 20, match="World Series")
    write_decisions(repo / "review.yaml", entry(gone, "false-alarm"), entry(prints[FOUR], "change-needed"))
    _, report = check_json("--waivers", "review.yaml")
    # a change-needed decision naming nothing is the copy fixed: not worth a word
    assert report["notices"] == [
        f"unused waiver (review.yaml:5): {SUPER_BOWL} {'0' * 20} names no current finding (fixed, or the copy "
        "changed); remove it"
    ]


def test_edited_sentence_falls_back_to_rule_path_and_text(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(repo / "review.yaml", entry(prints[SUPER_BOWL], "accept", reason="licensed"))
    launch = repo / "content/en-US/launch.md"
    # an edit next to the name changes the fingerprint (the match and two words either side)
    launch.write_text(
        LAUNCH.replace("Kick off the Super Bowl weekend", "Kick off your Super Bowl weekend"), encoding="utf-8"
    )
    _, report = check_json("--waivers", "review.yaml")
    [waived] = report["suppressed"]  # type: ignore[misc]
    assert waived["rule"] == SUPER_BOWL and waived["fingerprint"] != prints[SUPER_BOWL]["fingerprint"]
    # two findings that fit (the name twice, in two sentences): the reviewer saw one, so neither is waived
    launch.write_text(LAUNCH + "\nYour Super Bowl party deserves a treat: 10% off every lip balm.\n", encoding="utf-8")
    launch.write_text(
        launch.read_text(encoding="utf-8").replace(
            "Kick off the Super Bowl weekend", "Kick off your Super Bowl weekend"
        ),
        encoding="utf-8",
    )
    _, report = check_json("--waivers", "review.yaml")
    assert report["suppressed"] == []
    assert [f["rule"] for f in report["findings"]].count(SUPER_BOWL) == 2  # type: ignore[attr-defined]
    assert any(n.startswith("unused waiver (review.yaml:5)") for n in report["notices"])  # type: ignore[attr-defined]


def test_a_waiver_covers_only_the_markets_it_was_decided_for(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(repo / "review.yaml", entry(prints[BEST], "false-alarm", reason="Stiftung Warentest winner"))
    _, report = check_json("--waivers", "review.yaml")
    assert [f["rule"] for f in report["suppressed"]] == [BEST]  # type: ignore[attr-defined]
    code, out, _ = run(
        "check", "--date", DAY, "-f", "json", "-m", "de-DE", "-m", "de-AT", "--waivers", "review.yaml",
        "content/de-DE/newsletter.md",
    )  # fmt: skip
    report = json.loads(out)
    assert code == 0  # a warning
    assert [f["rule"] for f in report["findings"]] == [BEST] and report["findings"][0]["markets"] == ["de-DE", "de-AT"]
    assert report["suppressed"] == []
    assert "covers de-DE only" in report["notices"][0] and "also fires for de-AT" in report["notices"][0]


def test_latest_decision_wins(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    write_decisions(repo / "a.yaml", entry(prints[SUPER_BOWL], "accept", reason="licensed", date="2026-11-01"))
    write_decisions(repo / "b.yaml", entry(prints[SUPER_BOWL], "change-needed", date="2026-12-01"))
    assert check_json("--waivers", "a.yaml")[1]["suppressed"] != []
    _, report = check_json("--waivers", "a.yaml", "--waivers", "b.yaml")
    assert report["suppressed"] == [] and report["notices"] == []


def test_config_waivers_are_relative_to_the_config(repo: Path, prints: dict[str, dict[str, object]]) -> None:
    (repo / "review").mkdir()
    write_decisions(repo / "review/ana.yaml", entry(prints[FOUR], "false-alarm"))
    (repo / "culturelint.yaml").write_text(CONFIG + "waivers: [review/ana.yaml]\n", encoding="utf-8")
    _, report = check_json()
    [waived] = report["suppressed"]  # type: ignore[misc]
    assert waived["rule"] == FOUR and waived["suppression"]["origin"] == str(repo / "review/ana.yaml") + ":5"


BAD = [
    ("decisions: [{fingerprint: a, rule: b, decision: accept, date: 2026-12-03, reviewer: x}]", "1:13", "needs a reason"),
    ("decisions:\n  - fingerprint: a\n    rule: b\n    decision: maybe\n    date: 2026-12-03\n    reviewer: x\n",
     "4:15", "unknown value 'maybe'"),
    ("decisions:\n  - {fingerprint: a, rule: b, decision: false-alarm, date: 2026-13-03, reviewer: x}\n", "2:", "month"),
    ("decisions:\n  - {fingerprint: a, rule: b, decision: false-alarm, date: 2026-12-03}\n", "2:5", "reviewer"),
    ("decisions:\n  - {fingerprint: a, rule: b, decision: accept, reason: r, reviewer: x, date: 2026-12-03, "
     "expires: 2026-12-01}\n", "2:", "before the decision's date"),
    ("decisions: {\n", "2:", "invalid YAML"),
    ("decision: []\n", "1:1", "unknown key 'decision'; did you mean 'decisions'?"),
    ("", "1:1", "empty decision file"),
    ("schema: culturelint/decisions@9\ndecisions: []\n", "1:9", "unknown schema"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "where", "message"), BAD)
def test_a_malformed_file_is_one_line_naming_its_place(repo: Path, text: str, where: str, message: str) -> None:
    (repo / "bad.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("check", "--date", DAY, "--waivers", "bad.yaml", "content")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"culturelint: error: bad.yaml:{where}") and message in err, err


def test_a_missing_file_is_exit_2(repo: Path) -> None:
    code, _, err = run("check", "--waivers", "nope.yaml", "content")
    assert code == 2 and err.strip() == "culturelint: error: nope.yaml: no such decision file"


def _finding(**fields: object) -> Finding:
    base: dict[str, object] = dict(
        rule="r.x", pack="p", category="taboo", severity=Severity.ERROR, market="en-US", path="a.md", line=1,
        column=1, end_line=1, end_column=5, match="Word", message="m", rationale="", suggestions=(),
        references=(), fingerprint="f1", markets=("en-US",),
    )  # fmt: skip
    base.update(fields)
    return Finding(**base)  # type: ignore[arg-type]


def test_parse_reads_notes_and_file_level_reviewer() -> None:
    text = textwrap.dedent(
        """\
        schema: culturelint/decisions@1
        reviewer: Kenji Sato
        decisions:
          - fingerprint: f1
            rule: r.x
            decision: false-alarm
            date: 2026-12-03
            notes:
              - text: a plain word here
                quote: Word
                line: 1
        notes:
          - {text: "tone is too casual", quote: "hey you", path: a.md, line: 3}
        """
    )
    parsed = waivers.parse(text, "d.yaml")
    [decision] = parsed.decisions
    assert decision.reviewer == "Kenji Sato" and decision.origin == "d.yaml:4" and decision.reason is None
    assert decision.notes[0].text == "a plain word here" and decision.notes[0].quote == "Word"
    assert parsed.notes[0].path == "a.md" and parsed.notes[0].line == 3
    active, waived, notices = waivers.apply(
        [_finding(), _finding(fingerprint="f2")], parsed.decisions, dt.date(2027, 1, 1)
    )
    assert [f.fingerprint for f in active] == ["f2"] and notices == []
    assert waived[0].suppression is not None and waived[0].suppression.by == "Kenji Sato"


def test_fallback_folds_width_and_case_and_paths() -> None:
    decision = waivers.Decision(
        "old", "r.x", "accept", "A", dt.date(2026, 12, 3), "d.yaml:4", reason="ok", path="./a.md", match="ｗｏｒｄ",
        markets=("en-US",),
    )  # fmt: skip
    active, waived, _ = waivers.apply([_finding()], [decision], dt.date(2026, 12, 3))
    assert active == [] and len(waived) == 1


def test_review_ui_is_inline_and_its_data_cannot_break_out() -> None:
    """The decision UI ships inside the page (no src, no eval, no innerHTML) and the findings it
    reads are a JSON block that copy cannot close."""
    import re

    from culturelint.formatters import FORMATTERS
    from culturelint.model import FileResult, Report, Suppression

    hostile = "</script><script>alert(1)</script>"
    finding = _finding(match=hostile, path="a<b>.md", fingerprint="f1")
    waived = _finding(
        fingerprint="f2", match="<b>x</b>", suppression=Suppression("waiver", "accepted: <i>ok</i>", "d.yaml:4", "A")
    )
    report = Report(
        "0", (FileResult("a<b>.md", ("en-US",), "en", None, None, source=hostile),), (finding,), suppressed=(waived,)
    )
    html = FORMATTERS["html"](report)
    assert hostile not in html and "<i>ok</i>" not in html and "accepted: &lt;i&gt;ok&lt;/i&gt;" in html
    [block] = re.findall(r'<script type="application/json" id="cl-review-data">(.*?)</script>', html, re.S)
    assert json.loads(block)["findings"][0]["match"] == hostile
    review = html[html.index("cl-review-data") :]
    assert "innerHTML" not in review and "eval(" not in review and "new Function" not in review
    assert not re.search(r"<script[^>]+src=", html) and 'id="f-f1"' in html and 'data-fingerprint="f1"' in html
