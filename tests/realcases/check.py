"""Validate the real-case corpus (tests/realcases/misfires, tests/realcases/harmless).

Checks every line has the required fields with allowed values and that no text repeats within a
set, then prints per-market and per-class counts and the coverage targets.
Run: python tests/realcases/check.py   (exit 1 on a schema error)
"""

from __future__ import annotations

import collections
import glob
import os
import re
import sys

import yaml

from culturelint.model import CATEGORIES as MODEL_CATEGORIES
from culturelint.model import MISFIRE_CLASSES

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = set(MISFIRE_CLASSES)  # the vocabulary rules use for `class:`
CATEGORIES = set(MODEL_CATEGORIES)
SOURCE_KINDS = {"news", "regulator", "brand", "other"}
OUTCOMES = {
    "withdrawn",
    "apologised",
    "banned",
    "ruled-against",
    "fined",
    "upheld",
    "not-upheld",
    "published",
    "other",
}
MISFIRE_OUTCOMES = OUTCOMES - {"not-upheld", "published"}
REQUIRED = ("text", "market", "year", "class", "categories", "source", "source_kind", "outcome", "note")
OPTIONAL = {"subclass", "sponsored", "channel", "brand_statement"}
TARGET_MARKETS = [
    "en-US",
    "en-GB",
    "en-AU",
    "en-IN",
    "de-DE",
    "fr-FR",
    "es-ES",
    "it-IT",
    "nl-NL",
    "pt-BR",
    "es-MX",
    "ja-JP",
    "ko-KR",
    "zh-CN",
    "zh-TW",
    "th-TH",
    "id-ID",
    "tr-TR",
    "ar-AE",
    "ar-SA",
    "pt-PT",
    "de-AT",
    "hi-IN",
    "ms-MY",
    "vi-VN",
    "pl-PL",
    "el-GR",
    "fr-BE",
    "nl-BE",
    "ar-EG",
]
TARGET_LINES, TARGET_MARKET_COUNT, TARGET_PER_MARKET, STATEMENT_CAP = 340, 28, 6, 15
MARKET_RE = re.compile(r"^([a-z]{2,3}-[A-Z]{2}|global)$")


def load(kind: str) -> list[tuple[str, dict]]:
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, kind, "*.yaml"))):
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or []
        if not isinstance(data, list):
            raise SystemExit(f"{path}: top level must be a list")
        rows += [(os.path.relpath(path, HERE), r) for r in data]
    return rows


def validate(kind: str, rows) -> list[str]:
    errors, seen = [], {}
    for path, r in rows:
        where = f"{path}: {str(r.get('text', '?'))[:50]!r}"
        if not isinstance(r, dict):
            errors.append(f"{path}: entry is not a mapping")
            continue
        for key in REQUIRED:
            if r.get(key) in (None, "", []):
                errors.append(f"{where}: missing {key}")
        extra = set(r) - set(REQUIRED) - OPTIONAL
        if extra:
            errors.append(f"{where}: unknown field(s) {sorted(extra)}")
        if not isinstance(r.get("text"), str) or not r.get("text", "").strip():
            errors.append(f"{where}: text must be a non-empty string")
        elif r["text"] != r["text"].strip():
            errors.append(f"{where}: text has leading/trailing space")
        if not MARKET_RE.match(str(r.get("market", ""))):
            errors.append(f"{where}: bad market {r.get('market')!r}")
        if not isinstance(r.get("year"), int) or not 1950 <= r["year"] <= 2030:
            errors.append(f"{where}: bad year {r.get('year')!r}")
        if r.get("class") not in CLASSES:
            errors.append(f"{where}: class {r.get('class')!r} not in vocabulary")
        cats = r.get("categories") or []
        if not isinstance(cats, list) or set(cats) - CATEGORIES:
            errors.append(f"{where}: bad categories {cats!r}")
        if r.get("source_kind") not in SOURCE_KINDS:
            errors.append(f"{where}: bad source_kind {r.get('source_kind')!r}")
        if r.get("outcome") not in OUTCOMES:
            errors.append(f"{where}: bad outcome {r.get('outcome')!r}")
        elif kind == "misfires" and r["outcome"] not in MISFIRE_OUTCOMES:
            errors.append(f"{where}: outcome {r['outcome']!r} is not a misfire outcome")
        elif kind == "harmless" and r["outcome"] in MISFIRE_OUTCOMES - {"other"}:
            errors.append(f"{where}: outcome {r['outcome']!r} is not a harmless outcome")
        if not str(r.get("source", "")).startswith(("http://", "https://")):
            errors.append(f"{where}: source must be a URL")
        if "sponsored" in r and not isinstance(r["sponsored"], bool):
            errors.append(f"{where}: sponsored must be true/false")
        if r.get("sponsored") and not r.get("channel"):
            errors.append(f"{where}: sponsored line needs a channel")
        if "brand_statement" in r and r["brand_statement"] is not True:
            errors.append(f"{where}: brand_statement, when present, is true")
        text = str(r.get("text", "")).strip().casefold()
        if text in seen:
            errors.append(f"{where}: duplicate text (also in {seen[text]})")
        seen[text] = path
    return errors


def summary(kind: str, rows) -> list[str]:
    recs = [r for _, r in rows]
    statements = sum(1 for r in recs if r.get("brand_statement"))
    counted = len(recs) - max(0, statements - STATEMENT_CAP)
    markets = collections.Counter(r["market"] for r in recs)
    classes = collections.Counter(r["class"] for r in recs)
    outcomes = collections.Counter(r["outcome"] for r in recs)
    short = [m for m in TARGET_MARKETS if markets[m] < TARGET_PER_MARKET]
    out = [
        f"== {kind}: {len(recs)} lines ({statements} brand statements, {counted} counted toward "
        f"target {TARGET_LINES}), {len(markets)} markets",
        "markets: " + ", ".join(f"{m} {n}" for m, n in sorted(markets.items(), key=lambda x: (-x[1], x[0]))),
        "classes: " + ", ".join(f"{c} {n}" for c, n in classes.most_common()),
        "outcomes: " + ", ".join(f"{c} {n}" for c, n in outcomes.most_common()),
        f"target markets below {TARGET_PER_MARKET}: " + (", ".join(f"{m} {markets[m]}" for m in short) or "none"),
    ]
    ok = counted >= TARGET_LINES and len(markets) >= TARGET_MARKET_COUNT and not short
    out.append("targets: " + ("met" if ok else "NOT met"))
    return out


def main() -> int:
    status = 0
    for kind in ("misfires", "harmless"):
        rows = load(kind)
        errors = validate(kind, rows)
        for e in errors:
            print("ERROR", e)
        status |= bool(errors)
        print("\n".join(summary(kind, rows)))
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
