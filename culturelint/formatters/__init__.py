"""Formatters are pure: Report -> str, one module per format."""

from __future__ import annotations

from typing import Protocol

from ..model import Report
from .checkstyle import format_checkstyle
from .github import format_github
from .gitlab import format_gitlab
from .html import format_html
from .json import format_json
from .junit import format_junit
from .matrix import format_matrix, format_matrix_json
from .sarif import format_sarif
from .summary import format_github_summary
from .text import format_text


class Formatter(Protocol):
    def __call__(self, report: Report, colour: bool = False) -> str: ...


FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "html": format_html,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "gitlab": format_gitlab,
    "checkstyle": format_checkstyle,
    "github-summary": format_github_summary,
    "matrix": format_matrix,
    "matrix-json": format_matrix_json,
}
