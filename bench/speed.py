#!/usr/bin/env python3
"""The speed benchmark of issue 13: one command, one table, every measurement side by side with its
yardstick in the same run (this machine's absolute speed varies; the ratios are what is judged).

    python bench/speed.py [--repeat 3] [--repeat-large 1] [--words 1000000] [--skip-alex] [--only GROUP...]

Each row is the median wall time of its runs and the peak resident memory of the measured process
(``os.wait4``'s rusage of that child). Rows:
  1M words, one file / 500 files of 2,000 words   vs the bare spaCy tokenizer on the same text
  1M words, one file, prefilter on                vs the full path (CULTURELINT_PREFILTER=0)
  1,000 files of 150 words                        vs alex (npm; "alex not available" without node)
  cold start, one short file per language         vs python -c "import spacy; spacy.blank('en')"
  cached re-run                                   vs python -c "import spacy"
  --jobs 2 vs --jobs 1 on 500 files
  5,000 vs 50 extra term rules on the 1,000 files
  one short draft through the warm server         (target: under 50 ms)
Rows compared with a yardstick on a loaded machine (cold start, cached re-run, --jobs, the
server's command) run the two commands in turn, ours then theirs, ``--repeat`` times each: a change
of load slows both alike. ``--only cold cached jobs`` measures only those groups (long, captions,
cold, cached, jobs, terms, server).
"The cold start" keeps the on-disk pack and dictionary caches (built once per installation) and
clears the results cache; every other culturelint row clears the results cache too, except the
cached re-run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# every market whose language has a tokenizer or dictionary of its own (cold start per language)
LANGUAGE_DRAFTS = (
    "en-GB",
    "zh-CN",
    "ja-JP",
    "id-ID",
    "ko-KR",
    "th-TH",
    "vi-VN",
    "ar-SA",
    "hi-IN",
    "tr-TR",
    "ms-MY",
    "de-DE",
    "fr-FR",
    "el-GR",
)
GROUPS = ("long", "captions", "cold", "cached", "jobs", "terms", "server")
TOKENIZE = (
    "import sys, spacy\n"
    "nlp = spacy.blank('en')\n"
    "for path in sys.argv[1:]:\n"
    "    text = open(path, encoding='utf-8').read()\n"
    "    for part in text.split('\\n\\n'):\n"
    "        nlp.make_doc(part)\n"
)


def run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit code of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd[:6])}...\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024, proc.returncode


def measure(
    times: int, cmd: list[str], env: dict[str, str], before: Callable[[], None] | None = None
) -> tuple[float, int]:
    walls, peaks = [], []
    for _ in range(times):
        if before:
            before()
        wall, peak, _ = run(cmd, env)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def measure_pair(
    times: int,
    ours: list[str],
    theirs: list[str],
    env: dict[str, str],
    before: Callable[[], None] | None = None,
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Both commands run in turn, ``times`` times each (ours, theirs, ours, ...): a machine whose
    load changes during the run slows both alike, so the ratio of the medians stays fair."""
    walls: tuple[list[float], list[float]] = ([], [])
    peaks: tuple[list[int], list[int]] = ([], [])
    for _ in range(times):
        for side, cmd in enumerate((ours, theirs)):
            if before and side == 0:
                before()
            wall, peak, _ = run(cmd, env)
            walls[side].append(wall)
            peaks[side].append(peak)
    return (statistics.median(walls[0]), max(peaks[0])), (statistics.median(walls[1]), max(peaks[1]))


def sentences() -> list[str]:
    import yaml

    out: list[str] = []
    for market in ("en-GB", "en-US", "en-AU", "en-CA", "en-IE"):
        data = yaml.safe_load((ROOT / "fixtures" / "corpus" / f"{market}.yaml").read_text(encoding="utf-8"))
        out += [e["text"] for e in data.get("harmless", []) + data.get("risky", [])]
    return out


def words_of(pool: list[str], count: int, rng: random.Random) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        words += rng.choice(pool).split()
    return words[:count]


def write_files(folder: Path, count: int, size: int, pool: list[str], rng: random.Random) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        words = words_of(pool, size, rng)
        body = "\n\n".join(" ".join(words[j : j + 100]) for j in range(0, len(words), 100))
        path = folder / f"f{i:05d}.md"
        path.write_text(f"---\nmarket: en-GB\n---\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def term_pack(folder: Path, rules: int) -> Path:
    """An extra pack of ``rules`` term rules whose terms never occur in the copy (cost, not hits)."""
    pack = folder / f"terms{rules}" / "en-GB"
    pack.mkdir(parents=True, exist_ok=True)
    lines = [
        "pack: en-GB/taboo.other",
        "markets: [en-GB]",
        "language: en",
        "category: taboo",
        "reviewed: 2026-12-03",
        "rules:",
    ]
    for i in range(rules):
        lines += [
            f"  - id: en-gb.taboo.bench-{i}",
            "    severity: info",
            '    message: "Benchmark term."',
            '    rationale: "Benchmark."',
            "    references: [https://example.org]",
            "    match:",
            f"      terms: [qzx{i}vor, qzx{i}vor lamp]",
            "    examples:",
            f'      bad: ["qzx{i}vor", "the qzx{i}vor lamp"]',
            '      good: ["nothing", "nothing else"]',
        ]
    (pack / "taboo.other.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pack.parent


def short_draft(folder: Path, market: str) -> Path:
    import yaml

    data = yaml.safe_load((ROOT / "fixtures" / "corpus" / f"{market}.yaml").read_text(encoding="utf-8"))
    text = "\n\n".join(e["text"] for e in data["harmless"][:3])
    path = folder / f"{market}.md"
    path.write_text(f"---\nmarket: {market}\n---\n{text}\n", encoding="utf-8")
    return path


def alex(folder: Path, files: list[str], times: int) -> tuple[float, int] | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    home = folder / "alex"
    home.mkdir(exist_ok=True)
    binary = home / "node_modules" / ".bin" / "alex"
    if not binary.exists():
        proc = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "alex"],
            cwd=home,
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0 or not binary.exists():
            return None
    env = dict(os.environ)
    walls, peaks = [], []
    for _ in range(times):
        start = time.perf_counter()
        child = subprocess.Popen(
            [str(binary), "--quiet", *files], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        _, _, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss // 1024)
    return statistics.median(walls), max(peaks)


def server_answer(env: dict[str, str], draft: Path, times: int) -> float:
    """Median round trip of one changed short draft through the warm server (socket in, report out)."""
    code = (
        "import os, sys, time, statistics\n"
        "from culturelint import server\n"
        "from culturelint.cli import check\n"
        "path = sys.argv[1]; base = open(path, encoding='utf-8').read(); walls = []\n"
        "for i in range(int(sys.argv[2])):\n"
        "    open(path, 'w', encoding='utf-8').write(base + f'\\nLine {i}.\\n')\n"
        "    params = dict(check.make_context('check', ['--no-config', path]).params, colour=False)\n"
        "    request = {'op': 'check', 'identity': server.identity(), 'params': params, 'cwd': os.getcwd(),\n"
        "               'env': {k: v for k, v in os.environ.items() if k.startswith('CULTURELINT_')}, 'stdin': None}\n"
        "    t = time.perf_counter(); answer = server.call(request); walls.append(time.perf_counter() - t)\n"
        "    assert answer and answer['ok'], answer\n"
        "print(statistics.median(walls))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(draft), str(times)], capture_output=True, text=True, env=env, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per short measurement (median)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per large measurement (median)")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--skip-alex", action="store_true")
    parser.add_argument(
        "--markets", nargs="+", default=list(LANGUAGE_DRAFTS), metavar="TAG", help="cold-start drafts (corpus markets)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=GROUPS, default=list(GROUPS), help="measure only these groups of rows"
    )
    args = parser.parse_args()
    only = set(args.only)

    tmp = Path(tempfile.mkdtemp(prefix="culturelint-speed-"))
    cache = tmp / "cache"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env["CULTURELINT_CACHE_DIR"] = str(cache)
    env["CULTURELINT_SERVER"] = "0"
    env.pop("CULTURELINT_NO_CACHE", None)
    py = sys.executable
    lint = [py, "-m", "culturelint", "check", "--no-config", "--fail-on", "never", "-f", "json"]

    def fresh_results() -> None:
        shutil.rmtree(cache / "results", ignore_errors=True)

    rng = random.Random(13)
    pool = sentences()
    print(f"generating files in {tmp} ...", file=sys.stderr)
    big = write_files(tmp / "big", 1, args.words, pool, rng) if "long" in only else []
    many = write_files(tmp / "many", 500, args.words // 500, pool, rng) if only & {"long", "jobs"} else []
    captions = write_files(tmp / "captions", 1000, 150, pool, rng) if only & {"captions", "cached", "terms"} else []
    drafts = tmp / "drafts"
    drafts.mkdir()
    short = {m: short_draft(drafts, m) for m in dict.fromkeys(["en-GB", *args.markets])}
    run([*lint, str(short["en-GB"])], env)  # builds the pack cache once, as any first run does
    rows: list[tuple[str, str, float, int, str, float, int, str]] = []

    def row(name: str, ours: tuple[float, int], label: str, theirs: tuple[float, int] | None, target: str) -> None:
        rows.append(
            (
                name,
                "",
                ours[0],
                ours[1],
                label,
                theirs[0] if theirs else float("nan"),
                theirs[1] if theirs else 0,
                target,
            )
        )
        print(f"  {name}: {ours[0]:.2f} s", file=sys.stderr)

    token = [py, "-c", TOKENIZE]
    print("measuring ...", file=sys.stderr)
    if "long" in only:
        row(
            f"{args.words:,} words, 1 file",
            measure(args.repeat_large, [*lint, *big], env, fresh_results),
            "spaCy tokenizer",
            measure(args.repeat_large, [*token, *big], env),
            "<= 1.0x",
        )
        row(
            f"{args.words:,} words, 1 file, prefilter on",
            measure(args.repeat_large, [*lint, *big], env, fresh_results),
            "CULTURELINT_PREFILTER=0",
            measure(args.repeat_large, [*lint, *big], dict(env, CULTURELINT_PREFILTER="0"), fresh_results),
            "< 1.0x",
        )
        row(
            f"{args.words:,} words, 500 files",
            measure(args.repeat_large, [*lint, *many], env, fresh_results),
            "spaCy tokenizer",
            measure(args.repeat_large, [*token, *many], env),
            "<= 1.0x",
        )
    if "captions" in only:
        alex_time = None if args.skip_alex else alex(tmp, captions, args.repeat_large)
        row(
            "1,000 files of 150 words",
            measure(args.repeat_large, [*lint, str(tmp / "captions")], env, fresh_results),
            "alex" if alex_time else "alex not available",
            alex_time,
            "alex >= 5x ours",
        )
    blank_cmd = [py, "-c", "import spacy; spacy.blank('en')"]
    blank: tuple[float, int] | None = None
    if "cold" in only:
        for market, path in short.items():
            run([*lint, str(path)], env)  # the tokenizers' own dictionary caches exist after one run
            ours, blank = measure_pair(args.repeat, [*lint, str(path)], blank_cmd, env, fresh_results)
            row(f"cold start, {market}", ours, "spacy.blank('en')", blank, "<= 1.3x")
    if "cached" in only:
        run([*lint, str(tmp / "captions")], env)
        ours, theirs = measure_pair(args.repeat, [*lint, str(tmp / "captions")], [py, "-c", "import spacy"], env)
        row("cached re-run, 1,000 files", ours, "import spacy", theirs, "<= 0.5x")
        short_hit = [*lint, "--market", "en-GB", str(short["en-GB"])]
        run(short_hit, env)
        ours, theirs = measure_pair(args.repeat, short_hit, [py, "-c", "import spacy"], env)
        row("cached re-run, one short draft", ours, "import spacy", theirs, "<= 0.5x")
    if "jobs" in only:
        two, one = measure_pair(
            args.repeat_large,
            [*lint, "--jobs", "2", str(tmp / "many")],
            [*lint, "--jobs", "1", str(tmp / "many")],
            env,
            fresh_results,
        )
        row("--jobs 2, 500 files", two, "--jobs 1", one, "<= 1/1.7x")
    if "terms" in only:
        few, lots = term_pack(tmp, 50), term_pack(tmp, 5000)
        run([*lint, "-r", str(few), str(short["en-GB"])], env)
        run([*lint, "-r", str(lots), str(short["en-GB"])], env)  # the packs' compiled cache, as for any pack
        row(
            "5,000 term rules, 1,000 files",
            measure(args.repeat_large, [*lint, "-r", str(lots), str(tmp / "captions")], env, fresh_results),
            "50 term rules",
            measure(args.repeat_large, [*lint, "-r", str(few), str(tmp / "captions")], env, fresh_results),
            "<= 1.1x",
        )
    if "server" in only:
        server_env = dict(env, CULTURELINT_SERVER="1")
        subprocess.run([py, "-m", "culturelint", "server", "start"], env=server_env, check=True, capture_output=True)
        try:
            draft = drafts / "server-draft.md"
            draft.write_text(short["en-GB"].read_text(encoding="utf-8"), encoding="utf-8")
            answer = server_answer(env, draft, max(args.repeat, 10) * 2)
            through_cli, blank = measure_pair(args.repeat, [*lint, "--server", str(draft)], blank_cmd, server_env)
        finally:
            subprocess.run(
                [py, "-m", "culturelint", "server", "stop"], env=server_env, check=False, capture_output=True
            )
        rows.append(("server: one changed short draft", "", answer, 0, "target 50 ms", 0.050, 0, "< 50 ms"))
        row("server: whole `check --server` command", through_cli, "spacy.blank('en')", blank, "(process start)")

    print()
    print("| measurement | culturelint | peak MB | against | theirs | peak MB | ratio | target |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    for name, _, ours, ours_mb, label, theirs, theirs_mb, target in rows:
        ratio = ours / theirs if theirs == theirs and theirs > 0 else float("nan")
        theirs_text = f"{theirs:.3f} s" if theirs == theirs else "-"
        ratio_text = f"{ratio:.2f}x" if ratio == ratio else "-"
        mem = f"{ours_mb}" if ours_mb else "-"
        their_mem = f"{theirs_mb}" if theirs_mb else "-"
        print(f"| {name} | {ours:.3f} s | {mem} | {label} | {theirs_text} | {their_mem} | {ratio_text} | {target} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
