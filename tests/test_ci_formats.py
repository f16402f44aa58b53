"""The CI formats as the platforms read them (issue 12 item 4, issue 14 item 6): SARIF against the
schema and GitHub's required fields, GitHub annotations within the per-step limits and escaped as
the toolkit escapes them, the job summary, JUnit counts that add up and parse with any character
in the copy, GitLab Code Quality's documented shape, checkstyle, file names with a newline and a
comma in every format, and the workflow files in docs/ci.md parsed and their commands checked."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from culturelint import api
from culturelint.cli import FORMATS, main
from culturelint.formatters import FORMATTERS
from culturelint.formatters.ciescape import RULES_DOC_URL, github_anchor
from culturelint.model import FileResult, Finding, MarketRun, Report, RuleInfo, Severity, Suppression

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CI_DOC = ROOT / "docs" / "ci.md"

FILES = {
    "copy/ja-JP/oseibo.md": "---\nmarket: ja-JP\n---\nお歳暮に4品の詰め合わせを贈りませんか。\n",
    "copy/en-GB/bag.md": (
        "---\nmarket: en-GB\n---\nGrab a fanny pack for the trip.\n\n"
        "<!-- culturelint-disable-next-line en-gb.idiom.fanny -- quoting the customer's review -->\n"
        "Grab a fanny pack, she said.\n"
    ),
    "copy/de-DE/winter.md": "---\nmarket: de-DE\n---\nUnsere Winterkollektion ist da.\n",
    "copy/decks/broken.json": '{"market": "ja-JP", "posts": [',
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture()
def in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    yield repo


@pytest.fixture(scope="module")
def report(repo: Path) -> Report:
    import os

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return api.check(
            api.CheckRequest(["./copy", "./copy/decks/broken.json"], day=dt.date(2026, 11, 23), fail_on="warning")
        )
    finally:
        os.chdir(cwd)


def test_the_repository_report_has_what_the_formats_need(report: Report) -> None:
    rules = {f.rule for f in report.findings}
    assert {"ja-jp.number.four-formal-gift", "en-gb.idiom.fanny"} <= rules
    assert [f.rule for f in report.suppressed] == ["en-gb.idiom.fanny"]
    assert [r.market for r in report.runs] == ["de-DE", "en-GB", "ja-JP"]
    assert [r.path for r in report.files if r.error] == ["./copy/decks/broken.json"]  # named: read


# --- SARIF -----------------------------------------------------------------------------------


def _sarif(report: Report, root: Path) -> dict:
    return json.loads(FORMATTERS["sarif"](report, root=root))  # type: ignore[call-arg]


def _github_required(document: dict) -> None:
    """The properties GitHub's "SARIF support for code scanning" marks as required, non-empty and
    within its documented lengths."""
    assert document["$schema"] and document["version"] == "2.1.0" and document["runs"]
    for run in document["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "culturelint" and isinstance(driver["rules"], list)
        ids = [rule["id"] for rule in driver["rules"]]
        assert len(ids) == len(set(ids))
        for rule in driver["rules"]:
            assert rule["id"] and len(rule.get("name", "")) <= 255
            assert 0 < len(rule["shortDescription"]["text"]) <= 1024
            assert 0 < len(rule["fullDescription"]["text"]) <= 1024
            assert rule["help"]["text"] and rule["help"]["markdown"]
            assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert isinstance(run["results"], list)
        for result in run["results"]:
            assert result["message"]["text"]
            assert ids[result["ruleIndex"]] == result["ruleId"]
            assert 1 <= len(result["locations"]) <= 10
            physical = result["locations"][0]["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            region = physical["region"]
            assert all(isinstance(region[k], int) and region[k] >= 1 for k in ("startLine", "startColumn", "endLine"))
            assert region["endColumn"] >= 1
            assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
            assert result["partialFingerprints"] and all(result["partialFingerprints"].values())


def test_sarif_is_valid_and_has_githubs_required_fields(report: Report, repo: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = _sarif(report, repo)
    jsonschema.validate(document, SCHEMA)
    _github_required(document)
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    assert run["invocations"][0]["workingDirectory"]["uri"] == repo.as_uri() + "/"
    assert run["invocations"][0]["exitCode"] == 2 and run["invocations"][0]["executionSuccessful"] is False
    driver = run["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == report.version and driver["informationUri"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"copy/ja-JP/oseibo.md", "copy/en-GB/bag.md"}  # './copy/…' written relative, no './'
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"]
    )
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "copy/decks/broken.json"


def test_sarif_keeps_suppressed_findings_with_their_reason(report: Report, repo: Path) -> None:
    results = _sarif(report, repo)["runs"][0]["results"]
    hidden = [r for r in results if r.get("suppressions")]
    assert len(hidden) == len(report.suppressed) == 1
    assert hidden[0]["ruleId"] == "en-gb.idiom.fanny"
    assert hidden[0]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "quoting the customer's review",
            "properties": {"culturelint": "inline", "origin": hidden[0]["suppressions"][0]["properties"]["origin"]},
        }
    ]
    active = [r for r in results if not r.get("suppressions")]
    assert len(active) == len(report.findings)
    assert all(r["suppressions"] == [] for r in active)  # §3.27.23: all results have the array or none


def test_sarif_rule_descriptors_come_from_the_rules(report: Report, repo: Path) -> None:
    driver = _sarif(report, repo)["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert {r.id for r in report.rules} <= set(by_id)
    for info in report.rules:
        rule = by_id[info.id]
        assert (
            rule["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[str(info.severity)]
        )
        assert rule["fullDescription"]["text"] == " ".join(info.rationale.split())[:1024]
        assert "{match}" not in rule["shortDescription"]["text"] + rule["help"]["text"]
        assert rule["helpUri"] == f"{RULES_DOC_URL}#{github_anchor(info.id)}"
        assert rule["properties"]["category"] == info.category
        assert info.category in rule["properties"]["tags"] and info.pack in rule["properties"]["tags"]
        if info.misfire_class:
            assert info.misfire_class in rule["properties"]["tags"]
        for reference in info.references:
            assert reference in rule["help"]["text"]
            assert f"]({reference.replace('(', '%28').replace(')', '%29')})" in rule["help"]["markdown"]


def _rule(**fields: object) -> RuleInfo:
    base: dict[str, object] = dict(
        id="xx.claim.best",
        pack="xx/claim",
        category="claim",
        severity=Severity.WARNING,
        message="“{match}” is a ranking claim. Name the source or drop it.",
        rationale="Ranking claims need proof the regulator accepts.",
        references=("https://example.org/ruling?a=1&b=(2)",),
        suggestions=("one of the best",),
        misfire_class="claim",
        source="rules/xx/claim.yaml",
        line=3,
    )
    base.update(fields)
    return RuleInfo(**base)  # type: ignore[arg-type]


def _finding(**fields: object) -> Finding:
    base: dict[str, object] = dict(
        rule="xx.claim.best",
        pack="xx/claim",
        category="claim",
        severity=Severity.ERROR,
        market="xx-XX",
        path="a.md",
        line=1,
        column=1,
        end_line=1,
        end_column=5,
        match="best",
        message="“best” is a ranking claim.",
        rationale="Ranking claims need proof.",
        suggestions=(),
        references=(),
        fingerprint="f" * 20,
        markets=("xx-XX",),
    )
    base.update(fields)
    return Finding(**base)  # type: ignore[arg-type]


def _report(findings: tuple[Finding, ...], sources: dict[str, str] | None = None, **fields: object) -> Report:
    sources = sources or {}
    paths = dict.fromkeys(f.path for f in findings)
    files = tuple(FileResult(p, ("xx-XX",), "en", "en", None, None, sources.get(p, "")) for p in paths)
    return Report("0.1.0", files, findings, **fields)  # type: ignore[arg-type]


def test_sarif_descriptor_level_is_the_rules_own_not_the_findings(tmp_path: Path) -> None:
    # the config raised this finding to error; the rule itself is a warning
    report = _report((_finding(),), rules=(_rule(),))
    run = _sarif(report, tmp_path)["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["defaultConfiguration"]["level"] == "warning" and run["results"][0]["level"] == "error"
    assert rule["shortDescription"]["text"] == "“…” is a ranking claim."
    assert rule["fullDescription"]["text"] == "Ranking claims need proof the regulator accepts."
    assert (
        "[https://example.org/ruling?a=1&b=(2)](https://example.org/ruling?a=1&b=%282%29)" in (rule["help"]["markdown"])
    )
    assert "`one of the best`" in rule["help"]["markdown"] and "one of the best" in rule["help"]["text"]
    assert rule["helpUri"].endswith("docs/rules.md#xxclaimbest")
    # a user pack's rule has no heading in the built-in reference: no helpUri rather than a dead link
    user = _sarif(replace(report, rules=(_rule(source="/home/me/packs/claim.yaml"),)), tmp_path)
    assert "helpUri" not in user["runs"][0]["tool"]["driver"]["rules"][0]


def test_sarif_columns_are_utf16_code_units(tmp_path: Path) -> None:
    source = "🎉🎉 best deal 𝐛𝐞𝐬𝐭\n"
    report = _report(
        (
            _finding(column=4, end_column=8, match="best"),
            _finding(column=14, end_column=18, match="𝐛𝐞𝐬𝐭", fingerprint="e" * 20),
        ),
        {"a.md": source},
    )
    document = _sarif(report, tmp_path)
    assert document["runs"][0]["columnKind"] == "utf16CodeUnits"
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in document["runs"][0]["results"]]
    encoded = source.encode("utf-16-le")
    for region, word in zip(regions, ("best", "𝐛𝐞𝐬𝐭")):
        start, end = (region["startColumn"] - 1) * 2, (region["endColumn"] - 1) * 2
        assert encoded[start:end].decode("utf-16-le") == word


def test_sarif_paths_are_relative_uris_under_the_root(tmp_path: Path) -> None:
    inside = str(tmp_path / "copy" / "b.md")
    report = _report(
        (
            _finding(path="./copy/a.md"),
            _finding(path=inside),
            _finding(path="/elsewhere/c.md"),
            _finding(path="<stdin>"),
            _finding(path="copy/x y#%.md"),
        )
    )
    results = _sarif(report, tmp_path)["runs"][0]["results"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert locations == [
        {"uri": "copy/a.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "copy/b.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "file:///elsewhere/c.md"},
        {"uri": "%3Cstdin%3E"},
        {"uri": "copy/x%20y%23%25.md", "uriBaseId": "%SRCROOT%"},
    ]


# --- GitHub annotations and the job summary ---------------------------------------------------


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: ``::name k=v,k=v::data``."""
    match = re.fullmatch(r"::([a-z]+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    props = dict(p.split("=", 1) for p in match.group(2).split(",")) if match.group(2) else {}
    return match.group(1), {k: _unescape_property(v) for k, v in props.items()}, _unescape_data(match.group(3))


def test_github_annotations_stay_within_the_per_step_limits() -> None:
    findings = tuple(
        _finding(severity=severity, line=n + 1, fingerprint=f"{severity}{n:019d}")
        for severity, count in ((Severity.INFO, 12), (Severity.WARNING, 15), (Severity.ERROR, 25))
        for n in range(count)
    )
    lines = FORMATTERS["github"](_report(findings)).splitlines()
    commands = [_parse_command(line) for line in lines if line.startswith("::")]
    levels = [c[0] for c in commands]
    assert levels.count("error") == 10 and levels.count("warning") == 10 and levels.count("notice") == 10
    assert levels == ["error"] * 10 + ["warning"] * 10 + ["notice"] * 10  # most severe first
    hidden = 15 + 5 + 3  # 25 - 10 errors, 15 - 10 warnings, 12 - 9 infos (one notice is the count)
    assert commands[-1][2].startswith(f"{hidden} more problem(s) not annotated")
    plain = [line for line in lines if not line.startswith("::")]
    assert len(plain) == hidden and all(line.startswith("culturelint: a.md:") for line in plain)


def test_github_escapes_values_so_nothing_can_be_forged() -> None:
    path = "a\nb,c.md"
    message = "50% off\r\n::error file=x.md::forged, line=1"
    report = _report((_finding(path=path, message=message, rule="xx.claim.best"),))
    lines = FORMATTERS["github"](report).splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=")  # one line: nothing forged
    name, props, data = _parse_command(lines[0])
    assert name == "error" and props["file"] == path and data == message
    assert props["line"] == "1" and props["col"] == "1" and props["title"] == "xx.claim.best (xx-XX)"
    assert "file=a%0Ab%2Cc.md," in lines[0] and "50%25 off%0D%0A::error" in lines[0]


def test_github_summary_has_a_verdict_per_market(report: Report, repo: Path) -> None:
    summary = FORMATTERS["github-summary"](report, root=repo)  # type: ignore[call-arg]
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in summary.splitlines()
        if line.startswith("| ") and line.count("|") == 10
    }
    assert rows["ja-JP"][0] == "**fail**" and rows["en-GB"][0] == "**fail**"  # fail_on warning
    assert rows["de-DE"][:5] == ["pass", "0", "0", "0", "0"]  # checked, no finding: still listed
    assert rows["en-GB"][4] == "1"  # the finding the directive hides is counted
    assert "| ja-JP | number | 1 | 0 | 0 |" in summary
    assert "`copy/decks/broken.json`" in summary and summary.startswith("## culturelint: fail")


def test_github_summary_escapes_copy() -> None:
    report = _report((_finding(path="a|b<script>.md", message="x | y <img src=x> `z`\n# h", severity=Severity.ERROR),))
    summary = FORMATTERS["github-summary"](report)
    listed = [line for line in summary.splitlines() if line.startswith("- ")]
    assert len(listed) == 1 and "<" not in listed[0] and "a\\|b&lt;script&gt;.md" in listed[0]
    assert "x \\| y &lt;img src=x&gt; \\`z\\`\\\\n\\# h" in listed[0]  # the break shown as \\n


def test_github_format_appends_the_job_summary(in_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = in_repo / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    args = ["check", "copy/ja-JP", "copy/de-DE", "--date", "2026-11-23"]
    result = CliRunner().invoke(main, [*args, "-f", "github"])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("::error file=copy/ja-JP/oseibo.md,line=4,")
    written = target.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## culturelint: fail\n")
    assert "| de-DE | pass |" in written and "| ja-JP | **fail** |" in written
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    alone = CliRunner().invoke(main, [*args, "-f", "github-summary"])
    assert alone.exit_code == 1 and alone.stdout + "\n" == written[len("earlier step\n") :]
    # an unwritable summary is a warning; the findings and the exit code stand
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(in_repo / "missing" / "summary.md"))
    result = CliRunner().invoke(main, [*args, "-f", "github"])
    assert result.exit_code == 1 and "cannot write the job summary" in result.stderr


# --- JUnit -------------------------------------------------------------------------------------


def _suites(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        assert {k: int(suite.get(k, "-1")) for k in counted} == counted, suite.get("name")
        for key, value in counted.items():
            totals[key] += value
    assert {k: int(root.get(k, "-1")) for k in totals} == totals
    return root


def test_junit_cases_per_file_and_per_finding_at_the_gate(report: Report, repo: Path) -> None:
    root = _suites(FORMATTERS["junit"](report, root=repo))  # type: ignore[call-arg]
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {
        "culturelint de-DE",
        "culturelint en-GB",
        "culturelint ja-JP",
        "culturelint files not checked",
    }
    de = suites["culturelint de-DE"].findall("testcase")
    assert [(c.get("name"), c.find("failure")) for c in de] == [("copy/de-DE/winter.md", None)]
    ja = suites["culturelint ja-JP"].findall("testcase")
    assert [c.get("name") for c in ja] == [
        "copy/ja-JP/oseibo.md",
        "ja-jp.number.four-formal-gift at copy/ja-JP/oseibo.md:4",
    ]
    assert all(c.find("failure") is not None for c in ja)
    en = suites["culturelint en-GB"].findall("testcase")
    skipped = [c for c in en if c.find("skipped") is not None]
    assert len(skipped) == 1 and "quoting the customer's review" in (skipped[0].find("skipped").get("message") or "")
    (broken,) = suites["culturelint files not checked"].findall("testcase")
    assert broken.get("name") == "copy/decks/broken.json" and broken.find("error") is not None
    # at the error gate the warning is no failing case, and the file passes in en-GB
    relaxed = _suites(FORMATTERS["junit"](replace(report, fail_on=Severity.ERROR), root=repo))  # type: ignore[call-arg]
    en = next(s for s in relaxed.findall("testsuite") if s.get("name") == "culturelint en-GB")
    assert [c.get("name") for c in en.findall("testcase")] == ["copy/en-GB/bag.md"]
    assert en.find("testcase/failure") is None and "en-gb.idiom.fanny" in (en.findtext("testcase/system-out") or "")


def test_junit_is_valid_xml_whatever_the_copy_contains() -> None:
    nasty = "".join(chr(c) for c in range(0x20)) + "\ufffe\uffff\ud800 <b>&amp;</b> ]]>"
    findings = (
        _finding(path="bad\udcff\x01name.md", message=nasty, match=nasty, rule="xx.claim.best"),
        _finding(path="ok.md", message="fine", suggestions=(nasty,), fingerprint="1" * 20),
    )
    report = _report(findings)
    text = FORMATTERS["junit"](report)
    root = _suites(text)
    failure = root.find(".//testcase[@line='1']/failure")
    assert failure is not None
    assert "\\x00" in (failure.get("message") or "") and "\\ufffe" in (failure.get("message") or "")
    assert "\\ud800" in (failure.text or "") and "<b>&amp;</b> ]]>" in (failure.text or "")
    assert root.find(".//testcase[@name='bad\\xff\\x01name.md']") is not None
    checkstyle = ET.fromstring(FORMATTERS["checkstyle"](report).encode("utf-8"))
    assert checkstyle.find("file[@name='bad\\xff\\x01name.md']/error") is not None


# --- GitLab Code Quality and checkstyle ---------------------------------------------------------


def test_gitlab_code_quality_has_the_documented_shape(report: Report, repo: Path) -> None:
    issues = json.loads(FORMATTERS["gitlab"](report, root=repo))  # type: ignore[call-arg]
    assert isinstance(issues, list) and len(issues) == len(report.findings) + 1  # + the unreadable file
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        path = issue["location"]["path"]
        assert path.startswith("copy/") and not path.startswith(("/", "./"))
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_check = {i["check_name"]: i for i in issues}
    assert by_check["ja-jp.number.four-formal-gift"]["severity"] == "critical"
    assert by_check["en-gb.idiom.fanny"]["severity"] == "major"
    assert by_check["culturelint.file-not-checked"]["severity"] == "blocker"


def test_gitlab_fingerprints_are_unique_per_issue() -> None:
    same = (_finding(line=1), _finding(line=2), _finding(line=3))  # one fingerprint, three findings
    issues = json.loads(FORMATTERS["gitlab"](_report(same)))
    assert len({i["fingerprint"] for i in issues}) == 3 and issues[0]["fingerprint"] == "f" * 20


def test_checkstyle_lists_every_file(report: Report, repo: Path) -> None:
    root = ET.fromstring(FORMATTERS["checkstyle"](report, root=repo).encode("utf-8"))  # type: ignore[call-arg]
    assert root.tag == "checkstyle"
    files = {f.get("name"): f.findall("error") for f in root.findall("file")}
    assert set(files) == set(FILES)
    assert files["copy/de-DE/winter.md"] == []
    (error,) = files["copy/ja-JP/oseibo.md"]
    assert error.attrib == {
        "line": "4",
        "column": "5",
        "severity": "error",
        "message": error.get("message"),
        "source": "ja-jp.number.four-formal-gift",
    }
    assert files["copy/decks/broken.json"][0].get("source") == "culturelint.file-not-checked"


# --- a file named "a\nb,c.md" in every format ----------------------------------------------------


def test_a_file_name_with_a_newline_and_a_comma_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    name = "a\nb,c.md"
    (tmp_path / name).write_text("Grab a fanny pack.\n", encoding="utf-8")
    outputs = {}
    for fmt in ("json", "sarif", "github", "junit", "gitlab", "checkstyle", "github-summary"):
        result = CliRunner().invoke(main, ["check", name, "-m", "en-GB", "-f", fmt, "--fail-on", "never"])
        assert result.exit_code == 0, (fmt, result.output)
        outputs[fmt] = result.stdout
    assert json.loads(outputs["json"])["findings"][0]["path"] == name
    assert "\n" not in json.dumps(json.loads(outputs["json"]))  # json.dumps escapes it as \n
    sarif = json.loads(outputs["sarif"])
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "a%0Ab%2Cc.md", "uriBaseId": "%SRCROOT%"}
    (line,) = [line for line in outputs["github"].splitlines() if line.startswith("::")]
    assert _parse_command(line)[1]["file"] == name and "file=a%0Ab%2Cc.md," in line
    junit = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert [c.get("name") for c in junit.iter("testcase")] == [name]  # an attribute keeps the newline
    assert json.loads(outputs["gitlab"])[0]["location"]["path"] == name
    assert ET.fromstring(outputs["checkstyle"].encode("utf-8")).find("file").get("name") == name
    summary = CliRunner().invoke(main, ["check", name, "-m", "en-GB", "-f", "github-summary", "--fail-on", "warning"])
    (item,) = [line for line in summary.stdout.splitlines() if line.startswith("- ")]
    assert item.startswith("- a\\\\nb,c.md:1:") and "\nb,c" not in summary.stdout


def test_json_escapes_control_characters() -> None:
    text = "copy\x00\x07\x1b[31m\r\nend"
    report = _report((_finding(message=text, match=text, path="x\x1b.md"),))
    for fmt in ("json", "sarif", "gitlab"):
        output = FORMATTERS[fmt](report)
        assert not re.search("[\x00-\x08\x0b-\x1f]", output), fmt  # every control character escaped
    assert json.loads(FORMATTERS["json"](report))["findings"][0]["message"] == text
    assert json.loads(FORMATTERS["sarif"](report))["runs"][0]["results"][0]["message"]["text"] == text
    assert json.loads(FORMATTERS["gitlab"](report))[0]["description"].startswith(text)


# --- the rule reference anchors --------------------------------------------------------------------


def test_help_uris_point_at_headings_in_the_rule_reference() -> None:
    reference = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in reference.splitlines() if line.startswith("#")]
    anchors = [github_anchor(h) for h in headings]
    rule_ids = re.findall(r"^### `([^`]+)`$", reference, flags=re.M)
    assert rule_ids
    for rule_id in rule_ids:
        assert anchors.count(github_anchor(rule_id)) == 1, rule_id  # GitHub would suffix a duplicate
    assert github_anchor("`ja-jp.number.four-formal-gift`") == "ja-jpnumberfour-formal-gift"


# --- docs/ci.md: the workflow files parse and their commands are real -------------------------------


def _yaml_blocks() -> list[dict]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def _commands(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _commands(item)
    elif isinstance(value, list):
        for item in value:
            yield from _commands(item)
    elif isinstance(value, str):
        for line in value.splitlines():
            if line.strip().startswith("culturelint "):
                yield line.strip()


def test_ci_doc_workflows_parse_with_the_keys_that_matter() -> None:
    blocks = _yaml_blocks()
    github = [b for b in blocks if isinstance(b, dict) and "jobs" in b]
    gitlab = [b for b in blocks if isinstance(b, dict) and "jobs" not in b]
    assert github and gitlab
    workflow = github[0]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload and upload[0]["if"] == "always()"
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install" in runs and "-f sarif -o results.sarif" in runs and "-f github" in runs
    # code scanning raises alerts for suppressed results too: the workflow leaves them out first
    uploaded = upload[0]["with"]["sarif_file"]
    (filtering,) = [s for s in steps if uploaded in s.get("run", "")]
    assert filtering["if"] == "always()" and "suppressions" in filtering["run"] and "results.sarif" in filtering["run"]
    permissions = {k: v for job in workflow["jobs"].values() for k, v in job.get("permissions", {}).items()}
    assert permissions.get("security-events") == "write"
    job = next(j for j in gitlab[0].values() if isinstance(j, dict) and "script" in j)
    reports = job["artifacts"]["reports"]
    assert reports["codequality"] and reports["junit"]
    assert job["artifacts"]["when"] == "always"
    scripts = " ".join(job["script"])
    assert reports["codequality"] in scripts and reports["junit"] in scripts


def test_ci_doc_commands_parse_with_the_cli() -> None:
    commands = [c for block in _yaml_blocks() for c in _commands(block)]
    commands += re.findall(
        r"^\s*(culturelint (?:check|rules|markets) [^\n`]+)$", CI_DOC.read_text(encoding="utf-8"), flags=re.M
    )
    assert len(commands) >= 4
    for command in commands:
        words = shlex.split(command.split(" || ")[0].split(" | ")[0].replace("${{ ", "").replace(" }}", ""))
        assert words[0] == "culturelint"
        context = main.make_context("culturelint", words[1:], resilient_parsing=False)
        subcommand = main.get_command(context, words[1])
        assert subcommand is not None, command
        sub = subcommand.make_context(words[1], words[2:], parent=context)
        if "fmt" in sub.params:
            assert sub.params["fmt"] in FORMATS
        assert "--format" not in words or words[words.index("--format") + 1] in FORMATS


def test_every_format_is_registered_and_offered() -> None:
    assert set(FORMATS) == set(FORMATTERS)
    assert {"gitlab", "checkstyle", "github-summary"} <= set(FORMATS)


def test_summary_report_with_a_market_run_and_no_findings() -> None:
    report = Report(
        "0.1.0",
        (FileResult("fr.md", ("fr-FR",), "fr", "fr", None, None, "Bonjour\n"),),
        (),
        Severity.ERROR,
        runs=(MarketRun("fr-FR", ("fr-FR/claim",), 12, 1),),
        suppressed=(
            _finding(
                path="fr.md",
                market="fr-FR",
                markets=("fr-FR",),
                suppression=Suppression("waiver", "approved by legal", "w.yaml", "Ana"),
            ),
        ),
    )
    summary = FORMATTERS["github-summary"](report)
    assert summary.startswith("## culturelint: pass")
    assert "| fr-FR | pass | 0 | 0 | 0 | 1 | 1 | 12 | 1 |" in summary


@pytest.mark.parametrize("fmt", ["sarif", "github", "github-summary", "junit", "gitlab", "checkstyle"])
def test_undecodable_names_and_lone_surrogates_are_written_escaped(fmt: str) -> None:
    # a file name that is not UTF-8 (Python's surrogateescape) and a deck key with a lone surrogate
    finding = _finding(path="bad\udcff.md", key="posts[0].\ud800", match="be\ud83dst", message="x\udc80")
    output = FORMATTERS[fmt](_report((finding,)))
    output.encode("utf-8")  # would raise on a lone surrogate
    assert "\\xff" in output or "%FF" in output, fmt


def test_sarif_suppression_kinds_for_baseline_and_waiver(tmp_path: Path) -> None:
    hidden = (
        _finding(suppression=Suppression("baseline", "in the baseline", "baseline.json")),
        _finding(
            fingerprint="2" * 20,
            suppression=Suppression("waiver", "approved by legal", "waivers.yaml", "Ana", dt.date(2027, 1, 31)),
        ),
    )
    report = Report("0.1.0", (FileResult("a.md", ("xx-XX",), "en", "en", None),), (), suppressed=hidden)
    results = _sarif(report, tmp_path)["runs"][0]["results"]
    assert [r["suppressions"][0]["kind"] for r in results] == ["external", "external"]
    assert results[1]["suppressions"][0]["justification"] == "approved by legal"
    assert results[1]["suppressions"][0]["properties"] == {
        "culturelint": "waiver",
        "origin": "waivers.yaml",
        "by": "Ana",
        "expires": "2027-01-31",
    }
    assert _sarif(report, tmp_path)["runs"][0]["invocations"][0]["exitCode"] == 0  # hidden: the gate passes
