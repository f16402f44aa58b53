"""``culturelint history`` as text (a table per month), JSON (``culturelint/history@1``), CSV (one
row per month, market, category and severity) and HTML (one self-contained page: an inline SVG
chart drawn here, a data table under it, filters; the same Content-Security-Policy as the report)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..history import History

COLUMNS = ("introduced", "fixed", "waived", "removed", "open")
CSV_HEADER = ("month", "market", "category", "severity", *COLUMNS)
# the chart: introduced above the axis, resolved (fixed, waived, removed) stacked below it, and the
# open findings after each month as a line on the same scale
CHART_WIDTH = 760
CHART_TOP = 170  # pixels above the axis
CHART_BOTTOM = 110  # pixels below it
CHART_LEFT = 48
CHART_RIGHT = 16
CHART_MARGIN = 24


_COUNTS = {name: {"type": "integer", "minimum": 0} for name in ("introduced", "fixed", "waived", "removed")}
_TABLE = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": [*_COUNTS, "open"],
        "properties": {**_COUNTS, "open": {"type": "integer", "minimum": 0}},
        "additionalProperties": False,
    },
}
_EVENT = {
    "type": "object",
    "required": ["rule", "category", "severity", "market", "path", "line", "match", "fingerprint"],
    "properties": {
        "rule": {"type": "string"},
        "category": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "market": {"type": "string"},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "match": {"type": "string"},
        "fingerprint": {"type": "string"},
        "suppression": {"enum": ["inline", "waiver", "baseline"]},
    },
    "additionalProperties": False,
}
_MONTH = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}
# the JSON format's schema (JSON Schema 2020-12); docs/history.md describes each field
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "culturelint/history@1",
    "type": "object",
    "required": [
        "schema",
        "tool",
        "range",
        "first_parent",
        "start",
        "totals",
        "months",
        "markets",
        "categories",
        "severities",
        "rows",
        "commits",
        "notices",
    ],
    "properties": {
        "schema": {"const": "culturelint/history@1"},
        "tool": {"type": "object", "required": ["name", "version"]},
        "range": {"type": "string"},
        "first_parent": {"type": "boolean"},
        "start": {
            "type": "object",
            "required": ["commit", "open"],
            "properties": {"commit": {"type": ["string", "null"]}, "open": {"type": "integer", "minimum": 0}},
        },
        "totals": {
            "type": "object",
            "required": ["commits", *_COUNTS, "open"],
            "properties": {**_COUNTS, "commits": {"type": "integer"}, "open": {"type": "integer"}},
        },
        "months": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["month", "commits", *_COUNTS, "open"],
                "properties": {"month": _MONTH, "commits": {"type": "integer"}, **_COUNTS, "open": {"type": "integer"}},
            },
        },
        "markets": _TABLE,
        "categories": _TABLE,
        "severities": _TABLE,
        "authors": {"type": "object", "additionalProperties": {"type": "object", "required": list(_COUNTS)}},
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(CSV_HEADER),
                "properties": {
                    "month": _MONTH,
                    "market": {"type": "string"},
                    "category": {"type": "string"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    **_COUNTS,
                    "open": {"type": "integer", "minimum": 0},
                },
                "additionalProperties": False,
            },
        },
        "commits": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["commit", "date", "month", "subject", *_COUNTS],
                "properties": {
                    "commit": {"type": "string", "pattern": "^[0-9a-f]{40,64}$"},
                    "date": {"type": "string"},
                    "month": _MONTH,
                    "subject": {"type": "string"},
                    "author": {"type": "string"},
                    **{name: {"type": "array", "items": _EVENT} for name in _COUNTS},
                },
                "additionalProperties": False,
            },
        },
        "notices": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}


def format_history_json(history: History) -> str:
    return json.dumps(history.to_json(), ensure_ascii=False, indent=2) + "\n"


def format_history_csv(history: History) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in history.rows:
        writer.writerow([row[c] for c in CSV_HEADER])
    return out.getvalue()


def _table(title: str, rows: list[tuple[str, dict[str, Any]]], columns: tuple[str, ...]) -> list[str]:
    from wcwidth import wcswidth

    from .text import escape

    def width(text: str) -> int:
        return max(wcswidth(text), len(text))

    names = [escape(name) for name, _ in rows]
    first = max([width(title), *(width(n) for n in names)])
    sizes = [max(len(c), *(len(str(r.get(c, 0))) for _, r in rows)) if rows else len(c) for c in columns]
    lines = [
        title + " " * (first - width(title)) + "".join("  " + c.rjust(s) for c, s in zip(columns, sizes, strict=True))
    ]
    for name, (_, row) in zip(names, rows, strict=True):
        cells = "".join("  " + str(row.get(c, 0)).rjust(s) for c, s in zip(columns, sizes, strict=True))
        lines.append(name + " " * (first - width(name)) + cells)
    return lines


def format_history_text(history: History) -> str:
    months = history.months
    span = f" from {months[0]['month']} to {months[-1]['month']}" if months else ""
    parent = " (first parents)" if history.first_parent else ""
    lines = [
        f"culturelint history: {history.revisions}{parent}, {history.totals['commits']} commit(s){span}; "
        f"open at the start: {history.start_open}",
        "",
    ]
    if not months:
        lines.append("no commits in the range")
    else:
        rows = [(m["month"], m) for m in months]
        rows.append(("total", {**history.totals, "open": history.totals["open"]}))
        lines += _table("month", rows, ("commits", *COLUMNS))
        for title, table in (("market", history.markets), ("category", history.categories)):
            if table:
                lines += ["", *_table(title, list(table.items()), COLUMNS)]
        if history.authors is not None:
            lines += ["", *_table("author", list(history.authors.items()), COLUMNS[:-1])]
        lines += ["", "open: findings reported after the month's last commit (per market and category: at the end)"]
    for notice in history.notices:
        from .text import escape

        lines.append(f"note: {escape(notice)}")
    return "\n".join(lines) + "\n"


def _nice(value: int) -> int:
    """A round upper bound for an axis (1, 2, 5, 10, 20, 50 …)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def chart(months: list[dict[str, Any]]) -> dict[str, Any]:
    """The SVG chart's geometry, computed here (the page's script redraws it the same way when a
    filter changes): one bar group per month, the open line's points, the axis ticks."""
    count = max(len(months), 1)
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    slot = plot / count
    bar = max(4.0, min(36.0, slot * 0.6))
    top = _nice(max([1, *(max(m["introduced"], m["open"]) for m in months)]))
    bottom = _nice(max([1, *(m["fixed"] + m["waived"] + m["removed"] for m in months)]))
    axis = CHART_MARGIN + CHART_TOP
    up, down = CHART_TOP / top, CHART_BOTTOM / bottom
    bars, points = [], []
    for i, month in enumerate(months):
        x = CHART_LEFT + slot * i + (slot - bar) / 2
        centre = CHART_LEFT + slot * i + slot / 2
        segments = []
        height = month["introduced"] * up
        segments.append({"series": "introduced", "value": month["introduced"], "y": axis - height, "h": height})
        y = axis
        for series in ("fixed", "waived", "removed"):
            height = month[series] * down
            segments.append({"series": series, "value": month[series], "y": y, "h": height})
            y += height
        bars.append({"month": month["month"], "x": x, "w": bar, "centre": centre, "segments": segments})
        points.append((centre, axis - month["open"] * up, month["open"]))
    return {
        "width": CHART_WIDTH,
        "height": CHART_MARGIN * 2 + CHART_TOP + CHART_BOTTOM + 20,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "axis": axis,
        "top": top,
        "bottom": bottom,
        "top_y": CHART_MARGIN,
        "bottom_y": axis + CHART_BOTTOM,
        "bars": bars,
        "points": points,
        "polyline": " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points),
        "label_every": max(1, len(months) // 12),
    }


def _script_json(data: Any) -> Any:
    """JSON safe inside a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&``."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))  # escaped above


def slots(history: History) -> list[tuple[tuple[str, str], dict[str, int]]]:
    """Per (market, category): the events over the range and the findings open at its end."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    last = history.months[-1]["month"] if history.months else None
    for row in history.rows:
        entry = out.setdefault((row["market"], row["category"]), dict.fromkeys(COLUMNS, 0))
        for column in COLUMNS[:-1]:
            entry[column] += row[column]
        if row["month"] == last:
            entry["open"] += row["open"]
    return sorted(out.items())


def format_history_html(history: History) -> str:
    from .html import _template, lang_of, with_csp

    markets = sorted(history.markets)
    categories = sorted(history.categories)
    commits = [c for c in history.commits if any(c[e] for e in ("introduced", "fixed", "waived", "removed"))]
    data = {
        "columns": list(COLUMNS),
        "months": [m["month"] for m in history.months],
        "rows": [[r["month"], r["market"], r["category"], *(r[c] for c in COLUMNS)] for r in history.rows],
    }
    html = str(
        _template("history.html.j2").render(
            slots=slots(history),
            history=history,
            months=history.months,
            chart=chart(history.months),
            markets=markets,
            categories=categories,
            commits=commits,
            events=("introduced", "fixed", "waived", "removed"),
            data=_script_json(data),
            lang_of=lang_of,
        )
    )
    return with_csp(html)


FORMATS = {
    "text": format_history_text,
    "json": format_history_json,
    "csv": format_history_csv,
    "html": format_history_html,
}
