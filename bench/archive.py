#!/usr/bin/env python3
"""Scaling and size of ``culturelint archive``: generate an archive of N posts, run it on 1 and on
2 local worker processes side by side, report posts/s and the 2-worker/1-worker ratio.

    python bench/archive.py --posts 20000                    # 1 vs 2 workers on 20k posts
    python bench/archive.py --posts 100000 --workers 2       # one size, one worker count
    python bench/archive.py --posts 1000000 --workers 2 --format parquet --keep /tmp/arch1m
    python bench/archive.py --generate-only 1000000 --out /tmp/posts.jsonl

Posts are drawn from the precision corpus (fixtures/corpus: harmless and risky drafts with their
markets and sponsored flags) and the real-case lines (tests/realcases/misfires and harmless), with
varied words (a line's own words plus campaign codes, hashtags, prices and emoji a real feed
carries), markets as the sources give them, dates spread over 2026-2027, channels and sponsored
flags mixed. Most texts are therefore unique, as in a real archive; a share of reposts (the same
text again on another day) is kept, as real feeds have them (``--reposts``).

Timings on a shared machine mean little on their own: compare the runs of one invocation (they
run back to back) and read the load average printed with them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHANNELS = ("instagram", "tiktok", "youtube", "x", "facebook", "weibo", "xiaohongshu", "line", None)
EXTRAS = (
    " #{tag}{n}",
    " Code {code}{n}",
    " {n}% ✨",
    " 🔥{n}",
    " ({n})",
    " #{tag}",
    " — {n}/{m}",
)
TAGS = ("sale", "new", "style", "summer", "winter", "launch", "drop", "weekend", "gift", "deal")
CODES = ("SAVE", "HELLO", "VIP", "WEEK", "FRESH")


def sources() -> list[dict[str, Any]]:
    """Every draft and real line with its market (and sponsored flag, channel where given)."""
    lines: list[dict[str, Any]] = []
    for path in sorted((ROOT / "fixtures" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        market = data["market"]
        if market == "global":
            market = "en-US"
        for kind in ("harmless", "risky"):
            for item in data.get(kind) or []:
                lines.append(
                    {"text": item["text"], "market": item.get("market", market), "sponsored": item.get("sponsored")}
                )
    for folder in ("misfires", "harmless"):
        for path in sorted((ROOT / "tests" / "realcases" / folder).glob("*.yaml")):
            for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                market = item.get("market")
                if market and item.get("text"):
                    lines.append(
                        {
                            "text": item["text"],
                            "market": market,
                            "sponsored": item.get("sponsored"),
                            "channel": item.get("channel"),
                        }
                    )
    return lines


def posts(count: int, seed: int = 7, reposts: float = 0.1) -> Any:
    """``count`` generated posts, one dict each (streamed: a million never sit in memory)."""
    rng = random.Random(seed)
    pool = sources()
    start = dt.date(2026, 1, 1)
    recent: list[dict[str, Any]] = []
    for index in range(count):
        if recent and rng.random() < reposts:
            post = dict(rng.choice(recent))  # the same copy again, another day
        else:
            line = rng.choice(pool)
            text = line["text"]
            if rng.random() < 0.85:
                extra = rng.choice(EXTRAS).format(
                    tag=rng.choice(TAGS), code=rng.choice(CODES), n=rng.randint(1, 999), m=rng.randint(1, 99)
                )
                text = text + extra if rng.random() < 0.7 else extra.strip() + " " + text
            sponsored = line.get("sponsored")
            if sponsored is None:
                sponsored = rng.random() < 0.2
            post = {
                "text": text,
                "market": line["market"],
                "channel": line.get("channel") or rng.choice(CHANNELS),
                "sponsored": sponsored,
            }
            if len(recent) < 5000:
                recent.append(post)
            else:
                recent[rng.randrange(5000)] = post
        post["id"] = f"post-{index:07d}"
        post["date"] = (start + dt.timedelta(days=rng.randrange(730))).isoformat()
        yield post


def write(path: Path, count: int, fmt: str, seed: int = 7) -> Path:
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema(
            [
                ("id", pa.string()),
                ("text", pa.string()),
                ("market", pa.string()),
                ("date", pa.string()),
                ("channel", pa.string()),
                ("sponsored", pa.bool_()),
            ]
        )
        with pq.ParquetWriter(str(path), schema) as writer:
            batch: list[dict[str, Any]] = []
            for post in posts(count, seed):
                batch.append(post)
                if len(batch) == 50_000:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=10_000)
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=10_000)
        return path
    opener = gzip.open if fmt == "jsonl.gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for post in posts(count, seed):
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")
    return path


def run(archive: Path, workers: int, partition_size: int, out: Path) -> dict[str, Any]:
    from culturelint.archive import ArchiveRequest, run_archive

    started = time.monotonic()
    marks: list[tuple[float, int]] = []  # (when, posts so far) as each partition finishes

    def progress(done: int, total: int, count: int) -> None:
        marks.append((time.monotonic(), count))

    result = run_archive(ArchiveRequest((str(archive),), out, workers=workers, partition_size=partition_size), progress)
    wall = time.monotonic() - started
    s = result.summary
    # after each worker's first partition (which pays for loading the packs and compiling the
    # matchers of the markets it meets), the steady rate: what a large archive runs at
    skip = min(result.workers, len(marks) - 1)
    steady = None
    if skip >= 1 and marks[-1][0] > marks[skip - 1][0]:
        steady = (marks[-1][1] - marks[skip - 1][1]) / (marks[-1][0] - marks[skip - 1][0])
    return {
        "workers": result.workers,
        "posts": s["posts"],
        "engine_checks": s["engine_checks"],
        "findings": s["findings"],
        "bad_rows": s["bad_rows"],
        "partitions": s["partitions"],
        "wall_s": round(wall, 1),
        "posts_per_s": round(s["posts"] / wall, 1),
        "steady_posts_per_s": round(steady, 1) if steady else None,
        "first_partition_s": round(marks[0][0] - started, 1) if marks else None,
        "cpu_s_per_worker": sorted(s["worker_cpu_seconds"].values()),
        "cpu_ms_per_post": round(1000 * sum(s["worker_cpu_seconds"].values()) / max(s["posts"], 1), 2),
        "peak_mb_per_worker": sorted(s["worker_peak_mb"].values()),
        "load": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--workers", type=int, action="append", help="worker counts to run (default: 1 and 2)")
    parser.add_argument("--partition-size", type=int, default=2000)
    parser.add_argument("--format", choices=("jsonl", "jsonl.gz", "parquet"), default="jsonl")
    parser.add_argument("--keep", type=Path, help="keep the archive and outputs in this folder")
    parser.add_argument("--generate-only", type=int, metavar="N", help="only write N posts to --out and exit")
    parser.add_argument("--out", type=Path, help="with --generate-only: the archive file to write")
    parser.add_argument("--json", type=Path, help="write the results as JSON here too")
    args = parser.parse_args(argv)
    if args.generate_only:
        if not args.out:
            parser.error("--generate-only needs --out")
        write(args.out, args.generate_only, args.format)
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="culturelint-archive-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"posts.{args.format}"
    started = time.monotonic()
    write(archive, args.posts, args.format)
    print(f"generated {args.posts} posts in {time.monotonic() - started:.1f}s: {archive}", flush=True)
    results = []
    for workers in args.workers or [1, 2]:
        result = run(archive, workers, args.partition_size, folder / f"out-{workers}")
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) > 1:
        base = results[0]
        for other in results[1:]:
            ratio = other["posts_per_s"] / base["posts_per_s"]
            print(f"{other['workers']} vs {base['workers']} worker(s): {ratio:.2f}x the posts per second (wall)")
            # the busiest worker's CPU seconds bound the run when each worker has a core of its own
            cpu = max(base["cpu_s_per_worker"]) / max(other["cpu_s_per_worker"])
            print(f"{other['workers']} vs {base['workers']} worker(s): {cpu:.2f}x by CPU (busiest worker's CPU time)")
            if other["steady_posts_per_s"] and base["steady_posts_per_s"]:
                steady = other["steady_posts_per_s"] / base["steady_posts_per_s"]
                print(f"{other['workers']} vs {base['workers']} worker(s): {steady:.2f}x steady (after warm-up)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
