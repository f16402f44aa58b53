"""Checkstyle XML, read by Jenkins' warnings plugin, reviewdog (``-f=checkstyle``), SonarQube and
many CI dashboards: ``<checkstyle><file name><error line column severity message source/>``.
Every checked file is listed (a clean one with no ``<error>``); a file that could not be read has
one error with source ``culturelint.file-not-checked``. Characters XML 1.0 forbids are shown as
visible escapes, so the document always parses."""

from __future__ import annotations

import os
from xml.etree import ElementTree as ET

from ..model import Report, Severity
from .ciescape import display_path, finding_markets, run_root, xml_text

SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def format_checkstyle(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    document = ET.Element("checkstyle", version="4.3")
    files: dict[str, ET.Element] = {}

    def file_element(path: str) -> ET.Element:
        if path not in files:
            files[path] = ET.SubElement(document, "file", name=xml_text(display_path(path, base)))
        return files[path]

    for result in report.files:
        element = file_element(result.path)
        if result.error:
            ET.SubElement(
                element,
                "error",
                line="1",
                severity="error",
                message=xml_text(f"file not checked: {result.error}"),
                source="culturelint.file-not-checked",
            )
    for finding in report.findings:
        markets = ", ".join(finding_markets(finding))
        message = f"{finding.message} [{markets}]" if markets else finding.message
        ET.SubElement(
            file_element(finding.path),
            "error",
            line=str(finding.line),
            column=str(finding.column),
            severity=SEVERITY[finding.severity],
            message=xml_text(message),
            source=xml_text(finding.rule),
        )
    ET.indent(document)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(document, encoding="unicode") + "\n"
