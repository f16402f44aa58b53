"""The on-disk cache: compiled pack sets and per-file results, keyed by content, safe when corrupt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from culturelint import cache
from culturelint.packs import loader

ROOT = Path(__file__).resolve().parent.parent
PACK = """pack: {id}
markets: [en-GB]
language: en
category: taboo
reviewed: 2026-12-03
rules:
  - id: {prefix}.taboo.test-term
    severity: warning
    message: "A test term that must be looked at."
    rationale: "Test."
    references: ["https://example.org"]
    match:
      terms: [{term}]
    examples:
      bad: ["a {term} here", "two {term}s"]
      good: ["nothing", "nothing else"]
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(loader, "_LOADED", {})
    return folder


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).rglob("*.pickle"))


def test_packset_is_cached_and_a_corrupt_entry_is_rebuilt(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = loader.load_packset()
    entries = _entries(cache_dir, "packs")
    assert len(entries) == 1
    monkeypatch.setattr(loader, "_LOADED", {})
    again = loader.load_packset()
    assert again is not first and sorted(again.rules) == sorted(first.rules)
    entries[0].write_bytes(b"\x80\x05garbage that is no pickle")
    monkeypatch.setattr(loader, "_LOADED", {})
    rebuilt = loader.load_packset()
    assert sorted(rebuilt.rules) == sorted(first.rules)
    assert cache.load("packs", entries[0].stem) is not None  # the rebuilt entry replaced the garbage
    entries[0].write_bytes(b"")  # truncated to nothing
    monkeypatch.setattr(loader, "_LOADED", {})
    assert sorted(loader.load_packset().rules) == sorted(first.rules)


def test_an_edited_pack_is_a_new_key(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    (folder / "en-GB").mkdir(parents=True)
    pack = folder / "en-GB" / "taboo.other.yaml"
    pack.write_text(PACK.format(id="en-GB/taboo.other", prefix="en-gb", term="zorblax"), encoding="utf-8")
    before = loader.packset_key([folder])
    assert loader.packset_key([folder]) == before
    pack.write_text(PACK.format(id="en-GB/taboo.other", prefix="en-gb", term="quarvex"), encoding="utf-8")
    os.utime(pack, ns=(1, 1))  # even with an odd mtime, the content decides
    after = loader.packset_key([folder])
    assert after != before
    rules = [r for r in loader.load_packset([folder]).rules.values() if r.id == "en-gb.taboo.test-term"]
    assert rules and "quarvex" in repr(rules[0]) and "zorblax" not in repr(rules[0])


def test_no_cache_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    loader.load_packset()
    assert not cache_dir.exists() or not _entries(cache_dir, "packs")


def test_store_is_atomic_and_unwritable_dir_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "c"))
    cache.store("x", "ab" * 32, {"a": 1})
    assert cache.load("x", "ab" * 32) == {"a": 1}
    assert not list((tmp_path / "c").rglob(".tmp-*"))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker))
    cache.store("x", "cd" * 32, 1)  # cannot create a folder under a file: silently uncached
    assert cache.load("x", "cd" * 32) is None


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False
    )


def test_cached_rerun_does_not_import_spacy_and_reports_the_same(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CULTURELINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop(cache.ENV_OFF, None)
    draft = tmp_path / "draft.md"
    draft.write_text((ROOT / "fixtures" / "en-GB" / "royal-tea.md").read_text(encoding="utf-8"), encoding="utf-8")
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['culturelint', 'check', '--no-config', '-f', 'json', '--date', '2026-11-05', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('culturelint', run_name='__main__')\n"
        "finally:\n"
        "    sys.stderr.write('SPACY=%s\\n' % ('spacy' in sys.modules))\n"
    )
    first = _run(["-c", probe, str(draft)], env, tmp_path)
    assert "SPACY=True" in first.stderr, first.stderr
    second = _run(["-c", probe, str(draft)], env, tmp_path)
    assert "SPACY=False" in second.stderr, second.stderr
    assert second.returncode == first.returncode
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert json.loads(first.stdout)["findings"]
    draft.write_text(draft.read_text() + "\nAnother line.\n")  # a changed file is checked again
    third = _run(["-c", probe, str(draft)], env, tmp_path)
    assert "SPACY=True" in third.stderr
    uncached = _run(["-m", "culturelint", "check", "--no-config", "--no-cache", str(draft)], env, tmp_path)
    assert uncached.returncode in (0, 1), uncached.stderr
