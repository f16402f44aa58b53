#!/usr/bin/env python3
"""Every finding culturelint gives on the shipped fixtures and the precision/recall corpora, as
canonical JSON: the proof that a refactoring changed no result.

    python bench/findings_snapshot.py > before.json      # then change the code
    python bench/findings_snapshot.py > after.json && diff before.json after.json

``tests/test_snapshot.py`` compares the output with ``tests/data/findings-snapshot.json``;
``CULTURELINT_UPDATE_GOLDEN=1`` rewrites that file (and fails the run, so an update is never silent).
Renamed rule ids are compared through their aliases.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 23)


def corpus_files(folder: Path) -> list[Path]:
    """Each corpus entry written as a Markdown draft with its market and sponsorship."""
    paths = []
    for corpus in sorted((ROOT / "fixtures" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(corpus.read_text(encoding="utf-8"))
        for kind in ("harmless", "risky"):
            for i, entry in enumerate(data.get(kind, [])):
                head = {"market": data["market"]}
                if entry.get("sponsored") is not None:
                    head["sponsored"] = entry["sponsored"]
                path = folder / "corpus" / f"{corpus.stem}-{kind}-{i:03d}.md"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("---\n" + yaml.safe_dump(head) + "---\n" + entry["text"] + "\n", encoding="utf-8")
                paths.append(path)
    return paths


def snapshot() -> list[dict[str, Any]]:
    from culturelint import api

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus_files(folder)
        for base, label in ((ROOT / "fixtures", "fixtures"), (folder / "corpus", "corpus")):
            request = api.CheckRequest([str(base)], day=DAY)
            report = api.check(request)
            for f in report.findings:
                rows.append(
                    {
                        "rule": f.rule,
                        "path": label + "/" + Path(f.path).relative_to(base).as_posix(),
                        "line": f.line,
                        "column": f.column,
                        "end_line": f.end_line,
                        "end_column": f.end_column,
                        "severity": str(f.severity),
                        "markets": sorted(f.markets),
                        "match": f.match,
                        "message": f.message,
                    }
                )
    rows.sort(key=lambda r: (r["path"], r["line"], r["column"], r["rule"], r["end_column"]))
    return rows


def main() -> int:
    json.dump(snapshot(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
