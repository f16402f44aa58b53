"""What the `rules` and `markets` commands show: all rendered from the packs themselves."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import UserError
from .languages import profile_for
from .model import CATEGORIES, MISFIRE_CLASSES
from .packs.loader import PackSet, builtin_rules_dir, load_pack, load_packset, pack_files, relative_source
from .packs.markets import GLOBAL
from .rulekinds import Example, Rule


def _rule_dict(rule: Rule, stale: bool) -> dict[str, Any]:
    return {
        "id": rule.id,
        "pack": rule.pack,
        "category": rule.category,
        "severity": str(rule.severity),
        "kind": rule.kind,
        "markets": list(rule.markets),
        "language": rule.language,
        "message": rule.message,
        "rationale": " ".join(rule.rationale.split()),
        "references": list(rule.references),
        "suggest": list(rule.suggest),
        "reviewed": rule.reviewed.isoformat() if rule.reviewed else None,
        "owner": rule.owner,
        "review_due": stale,
        "source": f"{relative_source(rule.source)}:{rule.line}",
        "active": {
            "from": rule.active_from.isoformat() if rule.active_from else None,
            "until": rule.active_until.isoformat() if rule.active_until else None,
        },
        "examples": {"bad": [e.text for e in rule.bad], "good": [e.text for e in rule.good]},
    }


def _stale(rule: Rule, age: int) -> bool:
    return rule.reviewed is None or (dt.date.today() - rule.reviewed).days > age


def list_rules(extra: list[Path], market: str | None, category: str | None, fmt: str, review_age: int) -> str:
    packset = load_packset(extra)
    selected: list[Rule] = []
    tag = packset.markets.resolve(market) if market else None
    for pack in packset.packs:
        if tag and not packset.markets.pack_applies(pack.markets, tag):
            continue
        selected.extend(r for r in pack.rules if category is None or r.category == category)
    if category is not None and category not in CATEGORIES:
        raise UserError(f"unknown category '{category}' (one of: {', '.join(CATEGORIES)})")
    if fmt == "json":
        return (
            json.dumps(
                {"rules": [_rule_dict(r, _stale(r, review_age)) for r in selected]},
                indent=2,
                ensure_ascii=False,
                sort_keys=True,
            )
            + "\n"
        )
    lines = [
        f"{r.id:<48} {r.severity!s:<8} {r.category:<13} {','.join(r.markets):<16}"
        f"{'  (review due)' if _stale(r, review_age) else ''}"
        for r in selected
    ]
    due = len([r for r in selected if _stale(r, review_age)])
    lines.append(f"{len(selected)} rules ({due} due for review: 'reviewed' older than {review_age} days)")
    return "\n".join(lines) + "\n"


def reference(extra: list[Path]) -> str:
    """The rule reference in Markdown, generated from the packs: markets, then every rule with its
    rationale, sources and examples."""
    packset = load_packset(extra)
    rows = market_rows(packset)
    out = [
        "# culturelint rule reference",
        "",
        "Generated from the rule packs by `culturelint rules docs`; do not edit by hand.",
        "",
        f"{len(packset.rules)} rules in {len(packset.packs)} packs.",
        "",
        "## Markets",
        "",
        "| market | language | tokenizer | rules | " + " | ".join(CATEGORIES) + " |",
        "|---|---|---|---|" + "---|" * len(CATEGORIES),
    ]
    for row in rows:
        counts = " | ".join(str(row["by_category"].get(c, "")) for c in CATEGORIES)
        out.append(f"| {row['market']} | {row['language']} | {row['tokenizer']} | {row['rules']} | {counts} |")
    for pack in sorted(packset.packs, key=lambda p: p.id):
        out += [
            "",
            f"## {pack.id}",
            "",
            f"Markets: {', '.join(pack.markets)} · language: {pack.language} · source: `{relative_source(pack.path)}`",
        ]
        for rule in pack.rules:
            out += [
                "",
                f"### `{rule.id}`",
                "",
                f"**{rule.severity}** · {rule.category} · {rule.kind}",
                "",
                _md(rule.message),
                "",
                _md(" ".join(rule.rationale.split())),
                "",
            ]
            if rule.suggest:
                out.append("Suggestions: " + ", ".join(f"`{_md(s)}`" for s in rule.suggest))
                out.append("")
            out.append("Sources: " + " · ".join(f"<{r}>" for r in rule.references))
            out += ["", "Examples:", ""]
            out += [f"- ✗ {_md(shown(e))}" for e in rule.bad] + [f"- ✓ {_md(shown(e))}" for e in rule.good]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def show_rule(extra: list[Path], rule_id: str) -> str:
    from .errors import did_you_mean

    packset = load_packset(extra)
    rule = packset.rules.get(rule_id)
    if rule is None:
        raise UserError(f"no rule '{rule_id}'{did_you_mean(rule_id, packset.rules)}")
    out = [
        f"{rule.id}  ({rule.severity}, {rule.category}, {rule.kind})",
        f"pack:      {rule.pack}  [{relative_source(rule.source)}:{rule.line}]",
        f"markets:   {', '.join(rule.markets)}",
        f"message:   {rule.message}",
        "",
        "why:",
        "  " + " ".join(rule.rationale.split()),
        "",
    ]
    if rule.suggest:
        out += ["suggest:", *[f"  - {s}" for s in rule.suggest], ""]
    out += ["sources:", *[f"  - {r}" for r in rule.references], ""]
    out += ["bad:", *[f"  - {shown(e)}" for e in rule.bad], "good:", *[f"  - {shown(e)}" for e in rule.good]]
    if rule.active_from or rule.active_until:
        out += ["", f"active:    {rule.active_from or '…'} to {rule.active_until or '…'}"]
    if rule.reviewed or rule.owner:
        out += ["", f"reviewed:  {rule.reviewed or 'never'}   owner: {rule.owner or '-'}"]
    return "\n".join(out) + "\n"


def validate(paths: list[Path]) -> tuple[list[str], int]:
    """Every pack file on its own, so one broken pack does not hide another's errors."""
    from .engine.compile import bundle_for
    from .packs.lexicons import check_references, lexicon_files, load_lexicon
    from .packs.loader import LEXICONS_DIR

    files = [f for p in paths for f in pack_files(p)] if paths else None
    problems: list[str] = []
    count = 0
    try:
        packset = load_packset()
    except UserError as exc:
        return [str(exc)], 0
    targets = files if files is not None else [Path(p.path) for p in packset.packs]
    lexicons = dict(packset.lexicons)
    for folder in paths:
        for file in lexicon_files(Path(folder) / LEXICONS_DIR):
            try:
                lexicon = load_lexicon(file)
                lexicons[lexicon.name] = lexicon
            except UserError as exc:
                problems.append(str(exc))
    for path in targets:
        try:
            pack = load_pack(path, check_patterns=True)
            packset.markets.check_pack(pack)
            check_references({rule.id: rule for rule in pack.rules}, lexicons)
            bundle_for(pack.rules, pack.language, lexicons=lexicons)
            count += 1
        except UserError as exc:
            problems.append(str(exc))
    return problems, count


def test_rules(paths: list[Path], verbose: bool) -> tuple[int, int, list[str]]:
    from .testing import run_all

    builtin = builtin_rules_dir().resolve()
    files = [f.resolve() for p in paths for f in pack_files(p)]
    extra = [f for f in files if not f.is_relative_to(builtin)]  # built-in packs are loaded anyway
    packset = load_packset(extra)
    wanted = None
    if paths:
        chosen = set(files)
        wanted = {r.id for p in packset.packs if Path(p.path).resolve() in chosen for r in p.rules}
    results = run_all(packset, wanted)
    lines = [r.describe() for r in results if not r.passed]
    if verbose:
        lines += [f"ok  {r.rule.id} [{r.market}] {r.side}: {r.example.text!r}" for r in results if r.passed]
    return sum(1 for r in results if not r.passed), len(results), lines


def market_rows(packset: PackSet) -> list[dict[str, Any]]:
    rows = []
    for tag, market in sorted(packset.markets.markets.items(), key=lambda kv: (kv[0] != GLOBAL, kv[0])):
        packs = [p for p in packset.packs if packset.markets.pack_applies(p.markets, tag)]
        by_category = Counter(r.category for p in packs for r in p.rules)
        by_class = Counter(r.misfire_class for p in packs for r in p.rules if r.misfire_class)
        rows.append(
            {
                "market": tag,
                "name": market.name,
                "language": market.language,
                "tokenizer": profile_for(market.language).description,
                "packs": [p.id for p in packs],
                "rules": sum(by_category.values()),
                "by_category": dict(sorted(by_category.items())),
                "by_class": dict(sorted(by_class.items())),
            }
        )
    return rows


def list_markets(extra: list[Path], fmt: str) -> str:
    rows = market_rows(load_packset(extra))
    if fmt == "json":
        return json.dumps({"markets": rows}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    short = {c: c[:5] for c in CATEGORIES}
    header = f"{'market':<8} {'language':<8} {'rules':>5}  " + " ".join(f"{short[c]:>5}" for c in CATEGORIES)
    lines = [header]
    for row in rows:
        counts = " ".join(f"{row['by_category'].get(c, 0) or '·':>5}" for c in CATEGORIES)
        lines.append(
            f"{row['market']:<8} {row['language']:<8} {row['rules']:>5}  {counts}   "
            f"{row['name']}; tokenizer: {row['tokenizer']}"
        )
    classes = list(MISFIRE_CLASSES)
    codes = {c: "".join(w[0] for w in c.split("-")).upper()[:3] if "-" in c else c[:3].upper() for c in classes}
    lines += ["", "Misfire classes (rules per market): " + ", ".join(f"{codes[c]} {c}" for c in classes)]
    lines.append(f"{'market':<8} " + " ".join(f"{codes[c]:>4}" for c in classes))
    for row in rows:
        lines.append(f"{row['market']:<8} " + " ".join(f"{row['by_class'].get(c, 0) or '·':>4}" for c in classes))
    return "\n".join(lines) + "\n"


def calendar_listing(extra: list[Path], market: str, year: int, fmt: str) -> str:
    """`culturelint calendar MARKET --year Y`: every period the calendar knows for the market in the
    year, by date, each with the rules that bind to it (``active: {during|within|before|after}``)."""
    from .calendar import market_calendar

    packset = load_packset(extra)
    tag = packset.markets.resolve(market)
    bound: dict[str, list[str]] = {}
    for pack in packset.packs:
        if not packset.markets.pack_applies(pack.markets, tag):
            continue
        for rule in pack.rules:
            for window in rule.windows:
                for period in window.periods:
                    bound.setdefault(period, []).append(f"{rule.id} ({window.relation})")
    rows = [
        {
            "from": start.isoformat(),
            "until": end.isoformat(),
            "period": name,
            "what": what,
            "rules": sorted(set(bound.get(name, []))),
        }
        for start, end, name, what in market_calendar(tag, year, frozenset(bound))
    ]
    if fmt == "json":
        return json.dumps({"market": tag, "year": year, "periods": rows}, indent=2, ensure_ascii=False) + "\n"
    lines = [f"{tag} {year}: {len(rows)} periods"]
    for row in rows:
        span = row["from"] if row["from"] == row["until"] else f"{row['from']} .. {row['until']}"
        lines.append(f"{span:<24} {row['period']:<34} {row['what']}")
        lines.extend(f"{'':<24}   rule: {rule}" for rule in row["rules"])
    return "\n".join(lines) + "\n"


def shown(example: Example) -> str:
    """An example as the docs show it: a pair rule's with its source (source → translation)."""
    return example.text if example.source is None else f"{example.source} → {example.text}"
