#!/usr/bin/env python3
"""culturelint benchmark: cold start of the CLI and words per second on a large file, each set
against plain spaCy in the same run. Not a test: numbers vary with the machine; compare within a run.

    python bench/bench.py [--words 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = "---\nmarket: ja-JP\nsponsored: false\n---\nお歳暮に4品の詰め合わせを贈りませんか。\n"
CORPUS = {
    "en": [
        "fixtures/en-US/spring-launch.md",
        "fixtures/en-GB/autumn-newsletter.md",
        "fixtures/global/product-launch.md",
        "fixtures/en-GB/us-copy-reused.md",
        "fixtures/en-US/influencer-serum.md",
    ],
    "de": [
        "fixtures/de-DE/winterkollektion.md",
        "fixtures/de-DE/du-sie-mix.md",
        "fixtures/de-DE/influencer-korrekt.md",
    ],
    "ja": ["fixtures/ja-JP/lip-launch.md", "fixtures/ja-JP/oseibo.md", "fixtures/ja-JP/pr-post.md"],
    "zh": ["fixtures/zh-CN/winter-launch.md"],
    "ko": ["fixtures/ko-KR/cafe-launch.md"],
    "th": ["fixtures/th-TH/skincare-launch.md"],
}
MARKET = {"en": "en-GB", "de": "de-DE", "ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR", "th": "th-TH"}
CHARACTER_LANGUAGES = ("ja", "zh", "ko", "th")


def cli() -> str:
    found = shutil.which("culturelint", path=str(Path(sys.executable).parent)) or shutil.which("culturelint")
    if not found:
        sys.exit("culturelint is not installed in this environment")
    return found


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def large_text(language: str, words: int) -> str:
    """Realistic copy repeated (with a counter so fingerprints differ) up to ~`words` words."""
    paragraphs = [p for f in CORPUS[language] for p in body(ROOT / f).split("\n\n") if p.strip()]
    out, count, i = [], 0, 0
    unit = (lambda p: len(p)) if language in CHARACTER_LANGUAGES else (lambda p: len(p.split()))
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        out.append(f"{paragraph} ({i})")
        count += unit(paragraph)
        i += 1
    return "\n\n".join(out)


def cold_start(runs: int) -> None:
    exe = cli()
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "post.md"
        short.write_text(SHORT, encoding="utf-8")
        env = {**os.environ, "CULTURELINT_CACHE_DIR": str(Path(tmp) / "cache")}
        python = sys.executable
        rows = [
            ("python -c pass", timed([python, "-c", "pass"], runs)),
            (
                "python -c 'import spacy; spacy.blank(\"en\")'",
                timed([python, "-c", "import spacy; spacy.blank('en')"], runs),
            ),
            ("culturelint --help", timed([exe, "--help"], runs)),
            ("culturelint check post.md (ja-JP, first run, empty cache)", timed([exe, "check", str(short)], 1, env)),
            ("culturelint check post.md (ja-JP)", timed([exe, "check", str(short)], runs, env)),
            (
                "culturelint check fixtures/ (23 files, 5 markets)",
                timed([exe, "check", "--fail-on", "never", str(ROOT / "fixtures")], runs, env),
            ),
        ]
    print("\nCold start (median wall time of separate processes)")
    for name, seconds in rows:
        print(f"  {name:<60} {seconds * 1000:8.0f} ms")


def throughput(language: str, words: int) -> None:
    import spacy

    from culturelint import api

    text = large_text(language, words)
    unit = "chars" if language in CHARACTER_LANGUAGES else "words"
    size = len(text) if language in CHARACTER_LANGUAGES else len(text.split())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"large.{language}.md"
        path.write_text(f"---\nmarket: {MARKET[language]}\n---\n{text}\n", encoding="utf-8")
        request = api.CheckRequest([str(path)], day=dt.date(2026, 11, 23))
        packset = api.load_knowledge(request)
        api.check(api.CheckRequest([str(ROOT / CORPUS[language][0])]), packset)  # warm caches
        start = time.perf_counter()
        report = api.check(request, packset)
        ours = time.perf_counter() - start
    from culturelint.languages import profile_for
    from culturelint.nlp import pipeline

    # spacy.blank(lang) where culturelint uses spaCy's own tokenizer; the segmenter it wires in
    # (SudachiPy, jieba, mecab-ko, PyThaiNLP) where spaCy's blank one does not segment words
    nlp = spacy.blank(language) if not profile_for(language).requires else pipeline(language)
    paragraphs = text.split("\n\n")
    start = time.perf_counter()
    for _ in nlp.pipe(paragraphs, disable=nlp.pipe_names):
        pass
    baseline = time.perf_counter() - start
    print(f"\nThroughput, {language} ({size:,} {unit}, {len(paragraphs):,} paragraphs, market {MARKET[language]})")
    print(
        f"  culturelint check (read, parse, match {len(report.findings):,} findings)"
        f"  {size / ours:12,.0f} {unit}/s  ({ours:.2f} s)"
    )
    bare_name = f"spacy.blank({language!r})" if not profile_for(language).requires else f"{language} segmenter"
    print(
        f"  {bare_name} alone on the same paragraphs{' ' * 14}  {size / baseline:12,.0f} {unit}/s  ({baseline:.2f} s)"
    )
    print(f"  ratio: culturelint takes {ours / baseline:.1f}x spaCy's bare tokenisation time")


def lemma_cache() -> None:
    """Lemma matching on a cold cache (reads spaCy's lookup tables) and on a warm one."""
    exe = cli()
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "fr.yaml"
        pack.write_text(
            "pack: bench/fr\nmarkets: [fr-FR]\nlanguage: fr\ncategory: idiom\n"
            "references: [https://example.org]\nrules:\n  - id: bench.fr.offrir\n    severity: info\n"
            "    message: m\n    rationale: r\n    match: {lemmas: [offrir, cadeau]}\n"
            "    examples: {bad: [offert], good: [rien]}\n",
            encoding="utf-8",
        )
        post = Path(tmp) / "post.md"
        post.write_text("---\nmarket: fr-FR\n---\nNous offrons un cadeau à chaque client.\n", encoding="utf-8")
        env = {**os.environ, "CULTURELINT_CACHE_DIR": str(Path(tmp) / "cache")}
        command = [exe, "check", "--fail-on", "never", "-r", str(pack), str(post)]
        cold = timed(command, 1, env)
        warm = timed(command, 3, env)
    print("\nLemma forms (French, spaCy lookup tables)")
    print(f"  first run, tables read and forms cached   {cold * 1000:8.0f} ms")
    print(f"  later runs, cached forms only             {warm * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="en,de,ja,zh,ko,th")
    args = parser.parse_args()
    print(
        f"culturelint benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores"
    )
    cold_start(args.runs)
    lemma_cache()
    for language in args.languages.split(","):
        throughput(language, args.words)


if __name__ == "__main__":
    main()
