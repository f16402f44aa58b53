#!/usr/bin/env python3
"""Noise on long harmless text: warnings and errors per 10,000 words, per market language.

The text is the Debian Reference (a long, plainly harmless manual, translated into many of the
markets' languages), installed from Debian's own archive:

    sudo apt-get install -y debian-reference-{en,de,fr,es,it,pt,ja,zh-cn,id}
    python bench/longform.py                 # one row per market, worst rules listed
    python bench/longform.py --json out.json

The target (issue 10) is at most 1 warning per 10,000 words. Words are whitespace-separated
tokens of the copy culturelint reads; for Japanese and Chinese, 1.5 characters count as a word.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

SOURCE = Path("/usr/share/debian-reference")
# market -> the file suffix of its language's translation
MARKETS = {
    "en-US": "en",
    "en-GB": "en",
    "en-IN": "en",
    "en-AU": "en",
    "en-SG": "en",
    "en-AE": "en",
    "global": "en",
    "de-DE": "de",
    "de-AT": "de",
    "de-CH": "de",
    "fr-FR": "fr",
    "fr-BE": "fr",
    "fr-CA": "fr",
    "es-ES": "es",
    "es-MX": "es",
    "it-IT": "it",
    "pt-BR": "pt",
    "pt-PT": "pt",
    "ja-JP": "ja",
    "zh-CN": "zh-cn",
    "id-ID": "id",
}
UNSPACED = {"ja", "zh-cn"}


def count_words(text: str, suffix: str) -> int:
    if suffix in UNSPACED:
        return int(sum(1 for ch in text if not ch.isspace()) / 1.5)
    return len(text.split())


def run(markets: dict[str, str]) -> list[dict[str, object]]:
    from culturelint.api import CheckRequest, check, load_knowledge, read_documents
    from culturelint.config import Config
    from culturelint.model import Severity

    rows = []
    for market, suffix in markets.items():
        files = sorted(str(p) for p in SOURCE.glob(f"*.{suffix}.html"))
        if not files:
            rows.append({"market": market, "missing": f"debian-reference-{suffix} is not installed"})
            continue
        request = CheckRequest(files, markets=(market,), config=Config(), fail_on="never")
        packset = load_knowledge(request)
        words = sum(
            count_words(document.copy_text(), suffix) for path in files for document in read_documents(path, request)
        )
        started = time.perf_counter()
        report = check(request, packset)
        seconds = time.perf_counter() - started
        serious = [
            f for f in report.findings if f.severity >= Severity.WARNING and not f.rule.startswith("culturelint.")
        ]
        rules = Counter(f.rule for f in serious)
        rows.append(
            {
                "market": market,
                "words": words,
                "findings": len(serious),
                "per_10k": round(10_000 * len(serious) / words, 2) if words else None,
                "seconds": round(seconds, 1),
                "top_rules": rules.most_common(5),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--market", action="append", default=[], help="only these markets")
    parser.add_argument("--json", metavar="PATH", help="write the rows as JSON")
    args = parser.parse_args(argv)
    markets = {m: s for m, s in MARKETS.items() if not args.market or m in args.market}
    rows = run(markets)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'market':<8} {'words':>8} {'findings':>8} {'per 10k':>8} {'s':>6}  worst rules")
    for row in rows:
        if "missing" in row:
            print(f"{row['market']:<8} {row['missing']}")
            continue
        top = ", ".join(f"{rule} ×{n}" for rule, n in row["top_rules"])  # type: ignore[attr-defined]
        figures = f"{row['words']:>8} {row['findings']:>8} {row['per_10k']:>8} {row['seconds']:>6}"
        print(f"{row['market']:<8} {figures}  {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
