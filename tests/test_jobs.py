"""--jobs, the results cache and the compiled-pack cache never change a report: one process or two,
cold cache or warm, cache or none, the JSON reports are the same, file for file, in the same order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKETS = ("en-GB", "de-DE", "fr-FR", "es-MX", "it-IT", "nl-NL", "zh-CN", "pt-BR")


def _env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CULTURELINT_CACHE_DIR=str(cache_dir))
    env.pop("CULTURELINT_NO_CACHE", None)
    env["CULTURELINT_SERVER"] = "0"
    return env


def check_json(args: list[str], cache_dir: Path, cwd: Path = ROOT) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "culturelint", "check", "--no-config", "-f", "json", "--date", "2026-11-05", *args],
        capture_output=True,
        text=True,
        env=_env(cache_dir),
        cwd=cwd,
        timeout=600,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 short drafts in eight markets, harmless and risky lines from the precision corpus."""
    folder = tmp_path_factory.mktemp("drafts")
    n = 0
    for market in MARKETS:
        corpus = yaml.safe_load((ROOT / "fixtures" / "corpus" / f"{market}.yaml").read_text(encoding="utf-8"))
        lines = [entry["text"] for entry in corpus.get("harmless", []) + corpus.get("risky", [])]
        for i in range(25):
            text = "\n\n".join(lines[(i + k) % len(lines)] for k in range(3))
            (folder / f"d{n:03d}.md").write_text(f"---\nmarket: {market}\n---\n{text}\n", encoding="utf-8")
            n += 1
    return folder


def test_jobs_two_equals_jobs_one_on_the_fixtures(tmp_path: Path) -> None:
    one = check_json(["--jobs", "1", "--no-cache", "fixtures"], tmp_path / "c1")
    two = check_json(["--jobs", "2", "--no-cache", "fixtures"], tmp_path / "c2")
    assert one["findings"], "the fixtures must give findings for this comparison to mean anything"
    assert one == two


def test_jobs_cache_and_no_cache_give_one_report_on_200_files(generated: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    serial = check_json(["--jobs", "1", "--no-cache", str(generated)], cache)
    assert not cache.exists()  # --no-cache writes nothing
    parallel_cold = check_json(["--jobs", "2", str(generated)], cache)
    assert list((cache / "results").rglob("*.pickle"))
    parallel_warm = check_json(["--jobs", "2", str(generated)], cache)
    assert len(serial["files"]) == 200 and serial["findings"]  # type: ignore[arg-type]
    assert [f["path"] for f in serial["files"]] == sorted(f["path"] for f in serial["files"])  # type: ignore[index,union-attr]
    assert serial == parallel_cold == parallel_warm


def test_a_corrupt_result_entry_is_rechecked(generated: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = check_json(["--jobs", "1", str(generated / "d000.md"), str(generated / "d130.md")], cache)
    entries = list((cache / "results").rglob("*.pickle"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(b"not a pickle at all")
    again = check_json(["--jobs", "1", str(generated / "d000.md"), str(generated / "d130.md")], cache)
    assert again == first
