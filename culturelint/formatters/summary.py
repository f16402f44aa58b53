"""The GitHub job summary (``-f github-summary``; appended to ``$GITHUB_STEP_SUMMARY`` by
``-f github``): can this ship, market by market? A verdict per market at the gate's threshold
(markets checked with no finding included), findings by market and category with severities,
unreadable files, and the first findings that fail the gate. Markdown, every copied value escaped,
bounded well under GitHub's 1 MiB per step."""

from __future__ import annotations

import os
from collections import Counter

from ..model import Finding, Report, Severity
from .ciescape import (
    SEVERITIES,
    display_path,
    finding_markets,
    market_tags,
    md_cell,
    reaches_gate,
    rule_doc_url,
    run_root,
    verdict,
)

NO_MARKET = "(no market)"
LISTED = 30  # findings listed by name; the rest are counted


def _markets(finding: Finding) -> tuple[str, ...]:
    return finding_markets(finding) or (NO_MARKET,)


def format_github_summary(report: Report, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    base = run_root(root)
    gate = f"fail on {report.fail_on}" if report.fail_on is not None else "gate off (--fail-on never)"
    runs = {run.market: run for run in report.runs}
    tags = market_tags(report)
    if any(not finding_markets(f) for f in report.findings):
        tags.append(NO_MARKET)
    by_market: dict[str, list[Finding]] = {tag: [] for tag in tags}
    for finding in report.findings:
        for tag in _markets(finding):
            by_market.setdefault(tag, []).append(finding)
    hidden: Counter[str] = Counter()
    for finding in report.suppressed:
        for tag in _markets(finding):
            hidden[tag] += 1
    unreadable = [r for r in report.files if r.error]
    failing = [t for t in by_market if verdict(report, by_market[t]) == "fail"]
    overall = "fail" if failing or unreadable else ("pass" if report.fail_on is not None else "pass (gate off)")
    files = len({r.path for r in report.files if not r.error})
    out = [
        f"## culturelint: {overall}",
        "",
        f"{files} file(s) checked"
        + (f" ({len(unreadable)} could not be read)" if unreadable else "")
        + f" in {len(tags)} market(s); {gate}; "
        + ", ".join(f"{report.count(s)} {s}" for s in SEVERITIES)
        + (f"; {len(report.suppressed)} hidden (suppressed, baseline or waived)" if report.suppressed else ""),
        "",
        "| market | verdict | error | warning | info | hidden | packs | rules | files |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tag in by_market:
        found = by_market[tag]
        counts = [sum(1 for f in found if f.severity == s) for s in SEVERITIES]
        run = runs.get(tag)
        state = verdict(report, found)
        shown = f"**{state}**" if state == "fail" else state
        packs, rules, checked = (len(run.packs), run.rules, run.files) if run else ("", "", "")
        out.append(
            f"| {md_cell(tag)} | {shown} | "
            + " | ".join(str(c) for c in counts)
            + f" | {hidden[tag]} | {packs} | {rules} | {checked} |"
        )
    if report.findings:
        cells: Counter[tuple[str, str, Severity]] = Counter()
        for finding in report.findings:
            for tag in _markets(finding):
                cells[(tag, finding.category, finding.severity)] += 1
        out += [
            "",
            "### Findings by market and category",
            "",
            "| market | category | error | warning | info |",
            "|---|---|---:|---:|---:|",
        ]
        for tag, category in sorted({(t, c) for t, c, _ in cells}, key=lambda k: (k[0] == NO_MARKET, k)):
            row = " | ".join(str(cells[(tag, category, s)]) for s in SEVERITIES)
            out.append(f"| {md_cell(tag)} | {md_cell(category)} | {row} |")
    if unreadable:
        out += ["", f"### {len(unreadable)} file(s) not checked", ""]
        out += [f"- `{md_cell(display_path(r.path, base))}`: {md_cell(r.error or '')}" for r in unreadable[:LISTED]]
        if len(unreadable) > LISTED:
            out.append(f"- … and {len(unreadable) - LISTED} more")
    gating = [f for f in report.findings if reaches_gate(f, report)]
    if gating:
        out += ["", f"### Findings that fail the gate ({len(gating)})", ""]
        for finding in gating[:LISTED]:
            where = f"{display_path(finding.path, base)}:{finding.line}:{finding.column}"
            rule = md_cell(finding.rule)
            link = f"[{rule}]({rule_doc_url(finding.rule)})" if not finding.rule.startswith("culturelint.") else rule
            out.append(
                f"- {md_cell(where)} · {finding.severity} · {link} "
                f"({md_cell(', '.join(finding_markets(finding)) or NO_MARKET)}): {md_cell(finding.message)}"
            )
        if len(gating) > LISTED:
            out.append(f"- … and {len(gating) - LISTED} more (see the SARIF or JSON report)")
    return "\n".join(out) + "\n"


def append_step_summary(report: Report) -> None:
    """With ``-f github`` in a GitHub Actions step, append the summary to ``$GITHUB_STEP_SUMMARY``
    (GitHub creates the file for each step). A summary that cannot be written is a warning on
    stderr: the findings and the exit code stand."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(format_github_summary(report) + "\n")
    except OSError as exc:
        import sys

        sys.stderr.write(f"culturelint: warning: cannot write the job summary to {target}: {exc.strerror or exc}\n")
