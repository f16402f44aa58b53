"""The end-to-end snapshot: every finding on the fixtures and corpora, compared with the stored one.

A refactoring must leave it unchanged; a change in knowledge updates it on purpose with
``CULTURELINT_UPDATE_GOLDEN=1`` (which rewrites the file and fails, so an update is never silent)."""

from __future__ import annotations

import json
import os
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from findings_snapshot import snapshot

from culturelint.packs.loader import load_packset

STORED = ROOT / "tests" / "data" / "findings-snapshot.json"


def test_findings_match_the_stored_snapshot() -> None:
    current = snapshot()
    if os.environ.get("CULTURELINT_UPDATE_GOLDEN"):
        STORED.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.fail(
            f"{STORED.name} rewritten ({len(current)} findings): review the diff, rerun without "
            "CULTURELINT_UPDATE_GOLDEN"
        )
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    aliases = {alias: rule.id for alias, rule in load_packset().aliases.items()}
    for row in stored:
        row["rule"] = aliases.get(row["rule"], row["rule"])
    key = lambda r: (r["path"], r["line"], r["column"], r["rule"], r["end_column"])
    missing = [r for r in stored if r not in current]
    extra = [r for r in current if r not in stored]
    assert not missing and not extra, {"missing": sorted(missing, key=key)[:10], "new": sorted(extra, key=key)[:10]}
