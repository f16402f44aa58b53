"""JSON: the contract's schema, keys sorted, one document per run."""

from __future__ import annotations

import json

from ..model import Report
from .serialize import report_dict


def format_json(report: Report, colour: bool = False) -> str:
    return json.dumps(report_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
