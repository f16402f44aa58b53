"""JUnit XML: one test case per checked file, a failure per finding, for CI dashboards."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model import Report


def format_junit(report: Report, colour: bool = False) -> str:
    grouped = report.by_path()
    suite = ET.Element(
        "testsuite",
        name="culturelint",
        tests=str(len(report.files)),
        failures=str(len(report.findings)),
        errors=str(sum(1 for f in report.files if f.error)),
    )
    for result in report.files:
        case = ET.SubElement(suite, "testcase", classname="culturelint", name=result.path)
        if result.error:
            ET.SubElement(case, "error", message=result.error)
        for f in grouped.get(result.path, []):
            failure = ET.SubElement(case, "failure", type=f.rule, message=f"{f.severity}: {f.message}")
            failure.text = f"{f.path}:{f.line}:{f.column} {f.rule} [{','.join(f.markets)}] {f.match!r}"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
