"""JUnit XML for test dashboards (GitLab, Jenkins, Azure DevOps …).

One test suite per market checked (and one for files with no market or that could not be read).
In each suite: a test case per file, passing when the file has no finding at or above ``--fail-on``
in that market; a failing test case per such finding (``rule at path:line``); a skipped test case
per finding at or above the gate that a directive, the baseline or a waiver hides; an ``<error>``
case per file that could not be read. The counts on each suite and on ``<testsuites>`` are the
sums of those cases. Any character XML 1.0 forbids (controls, U+FFFE, lone surrogates) is shown as
a visible escape, so the document always parses."""

from __future__ import annotations

import os
from xml.etree import ElementTree as ET

from ..model import FileResult, Finding, Report
from .ciescape import display_path, finding_markets, reaches_gate, run_root, xml_text

NO_MARKET = "(no market)"


def _markets_of(finding: Finding, result: FileResult | None) -> tuple[str, ...]:
    """A finding belongs to its markets; culturelint's own findings (no market) to the file's."""
    return finding_markets(finding) or (result.markets if result else ()) or (NO_MARKET,)


def _describe(finding: Finding, path: str) -> str:
    lines = [
        f"{path}:{finding.line}:{finding.column} {finding.severity} {finding.rule}",
        f"markets: {', '.join(finding_markets(finding)) or NO_MARKET}",
        f"match: {finding.match}",
        finding.message,
    ]
    if finding.suggestions:
        lines.append("suggestions: " + "; ".join(finding.suggestions))
    if finding.key:
        lines.append(f"entry: {finding.key}")
    return "\n".join(lines)


def format_junit(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    results: dict[str, FileResult] = {}
    for result in report.files:
        results.setdefault(result.path, result)
    # suite -> file path -> (failing findings, hidden findings, findings below the gate)
    suites: dict[str, dict[str, tuple[list[Finding], list[Finding], list[Finding]]]] = {}
    errors: list[FileResult] = []
    for result in report.files:
        if result.error:
            errors.append(result)
            continue
        for market in result.markets or (NO_MARKET,):
            suites.setdefault(market, {}).setdefault(result.path, ([], [], []))
    for is_hidden, findings in ((False, report.findings), (True, report.suppressed)):
        for finding in findings:
            for market in _markets_of(finding, results.get(finding.path)):
                cases = suites.setdefault(market, {}).setdefault(finding.path, ([], [], []))
                if not reaches_gate(finding, report):
                    cases[2].append(finding)
                else:
                    cases[1 if is_hidden else 0].append(finding)
    root_element = ET.Element("testsuites", name="culturelint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    gate = str(report.fail_on) if report.fail_on is not None else "never"
    for market in sorted(suites, key=lambda m: (m == NO_MARKET, m)):
        suite = ET.SubElement(root_element, "testsuite", name=xml_text(f"culturelint {market}"))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for path, (failing, hidden, below) in suites[market].items():
            shown = xml_text(display_path(path, base))
            case = ET.SubElement(suite, "testcase", classname=xml_text(f"culturelint.{market}"), name=shown, file=shown)
            counts["tests"] += 1
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(
                    case, "failure", type="culturelint", message=f"{len(failing)} finding(s) at or above {gate}"
                )
                failure.text = xml_text("\n".join(f"{f.rule} at {shown}:{f.line}" for f in failing))
            if below:
                out = ET.SubElement(case, "system-out")
                out.text = xml_text("\n\n".join(_describe(f, shown) for f in below))
            for finding in failing + hidden:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=xml_text(f"culturelint.{market}.{finding.category}"),
                    name=xml_text(f"{finding.rule} at {shown}:{finding.line}"),
                    file=shown,
                    line=str(finding.line),
                )
                counts["tests"] += 1
                if finding.suppression is not None:
                    counts["skipped"] += 1
                    why = finding.suppression.reason or f"hidden by the {finding.suppression.kind}"
                    ET.SubElement(case, "skipped", message=xml_text(f"{finding.suppression.kind}: {why}"))
                else:
                    counts["failures"] += 1
                    failure = ET.SubElement(
                        case, "failure", type=finding.rule, message=xml_text(f"{finding.severity}: {finding.message}")
                    )
                    failure.text = xml_text(_describe(finding, shown))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    if errors:
        suite = ET.SubElement(root_element, "testsuite", name="culturelint files not checked")
        for result in errors:
            shown = xml_text(display_path(result.path, base))
            case = ET.SubElement(suite, "testcase", classname="culturelint.input", name=shown, file=shown)
            ET.SubElement(case, "error", type="unreadable", message=xml_text(result.error or ""))
        for key, value in {"tests": len(errors), "failures": 0, "errors": len(errors), "skipped": 0}.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root_element.set(key, str(value))
    ET.indent(root_element)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root_element, encoding="unicode") + "\n"
