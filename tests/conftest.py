from __future__ import annotations

import datetime as dt
import os
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from culturelint.engine import CheckOptions, check_document
from culturelint.engine.select import Selection
from culturelint.model import DocumentMeta, Finding
from culturelint.packs.loader import PackSet, load_packset
from culturelint.readers import reader_for

ROOT = Path(__file__).resolve().parent.parent
# the test run's own cache folder (compiled packs, results), inherited by every subprocess: the
# suite never reads or fills the user's ~/.cache/culturelint
os.environ.setdefault("CULTURELINT_CACHE_DIR", tempfile.mkdtemp(prefix="culturelint-test-cache-"))
DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _cache_settings_restored() -> object:
    """An in-process CLI run with --no-cache or --cache-dir sets them in the environment (for its
    worker processes); they must not leak into the tests that follow."""
    saved = {k: os.environ.get(k) for k in ("CULTURELINT_NO_CACHE", "CULTURELINT_CACHE_DIR")}
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def packset() -> PackSet:
    return load_packset()


@pytest.fixture()
def write_pack(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a rule pack (YAML text, dedented) and return its path."""

    def write(text: str, name: str = "pack.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture()
def check_text(packset: PackSet) -> Callable[..., list[Finding]]:
    """Check a piece of copy for a market with the built-in packs (or a given pack set)."""

    def run(
        text: str,
        market: str | None,
        *,
        sponsored: bool | None = None,
        path: str = "copy.md",
        select: tuple[str, ...] = (),
        pack_set: PackSet | None = None,
        day: dt.date = DAY,
        channel: str | None = None,
    ) -> list[Finding]:
        document = reader_for(path).read(path, text)[0]
        changes: dict[str, object] = {}
        if market is not None:
            changes["markets"] = (market,)
        if sponsored is not None:
            changes["sponsored"] = sponsored
        if channel is not None:
            changes["channel"] = channel
        document = replace(document, meta=replace(document.meta, **changes))
        return list(check_document(document, pack_set or packset, CheckOptions(day, Selection(select))).findings)

    return run


def rule_ids(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings if not f.rule.startswith("culturelint.")]


def pack_set_from(path: Path) -> PackSet:
    return load_packset([path], builtin=False)


__all__ = ["DAY", "ROOT", "DocumentMeta", "pack_set_from", "rule_ids"]
