"""culturelint archive end to end: a generated archive of posts (JSON Lines, gzipped JSON Lines,
Parquet) audited on local Dask clusters; the findings Parquet and the JSON summary must count
exactly what checking the same posts one by one with ``culturelint.check_text`` finds."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

import culturelint  # noqa: E402
from culturelint.archive import ArchiveRequest, run_archive  # noqa: E402
from culturelint.cli import main  # noqa: E402

# (market, text, sponsored, channel): the classes the archive must find, and harmless posts beside them
TEMPLATES = [
    # sponsored German post without "Werbung"/"Anzeige": a disclosure error
    (
        "de-DE",
        "Mein neues Lieblingsserum von Glow! Meine Haut ist so viel ebenmäßiger geworden. {w}",
        True,
        "instagram",
    ),
    (
        "de-DE",
        "Werbung | Mein neues Lieblingsserum von Glow! Mit dem Code LISA{n} gibt es Rabatt. {w}",
        True,
        "instagram",
    ),
    ("de-DE", "Unsere Filialen bleiben am Karfreitag geschlossen, ab Samstag sind wir wieder da. {w}", False, None),
    # zh-CN absolute term 最
    ("zh-CN", "这是全网最好的面霜，{w}", False, "weibo"),
    ("zh-CN", "新品上市，欢迎来店里试用。{w}", False, "xiaohongshu"),
    # a daytime food promotion: a finding only when dated in Ramadan
    ("en-AE", "Lunch deal: 50% off burgers from 12 to 3pm today! {w}", False, "instagram"),
    ("en-AE", "Our new store in Dubai Mall opens on Friday. {w}", False, None),
    ("en-GB", "Our new umbrella keeps you dry on the way to work. {w}", False, "x"),
    ("ja-JP", "新しいカフェが駅前にオープンしました。{w}", False, "line"),
]
WORDS = ["#new", "#style", "✨", "Code 7", "(2)", ""]
RAMADAN_2027 = (dt.date(2027, 2, 9), dt.date(2027, 3, 8))  # Umm al-Qura: 1 Ramadan 1448 .. 29 Ramadan


def generate(count: int = 135, seed: int = 5) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    posts = []
    for index in range(count):
        market, text, sponsored, channel = TEMPLATES[index % len(TEMPLATES)]
        if index % 10 == 9 and posts:  # a repost: the same copy on another day
            post = dict(posts[rng.randrange(len(posts))])
        else:
            post = {
                "text": text.format(w=rng.choice(WORDS), n=rng.randint(1, 3)),
                "market": market,
                "channel": channel,
                "sponsored": sponsored,
            }
        if market == "en-AE" and index % 3 == 0:  # in Ramadan 2027
            day = RAMADAN_2027[0] + dt.timedelta(days=rng.randrange(25))
        else:
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(730))
        post["date"] = day.isoformat()
        post["id"] = f"p{index:04d}"
        posts.append(post)
    return posts


def expected_findings(posts: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(post id, market, month, category, severity, rule) per finding, one check_text per post."""
    out = []
    for post in posts:
        day = dt.date.fromisoformat(post["date"])
        report = culturelint.check_text(
            post["text"], market=post["market"], date=day, channel=post["channel"], sponsored=post["sponsored"]
        )
        for f in report.findings:
            out.append((post["id"], f.market, day.strftime("%Y-%m"), f.category, str(f.severity), f.rule))
    return out


@pytest.fixture(scope="module")
def posts() -> list[dict[str, Any]]:
    return generate()


@pytest.fixture(scope="module")
def expected(posts: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    found = expected_findings(posts)
    categories = {(m, c) for _, m, _, c, _, _ in found}
    # the archive holds the classes the brief names, so the comparison is not over nothing
    assert {("de-DE", "disclosure"), ("zh-CN", "claim"), ("en-AE", "holiday")} <= categories
    return found


def write_jsonl(path: Path, posts: list[dict[str, Any]], lines: list[str] = ()) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for post in posts:
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")
        for line in lines:
            fh.write(line + "\n")
    return path


def write_parquet(path: Path, posts: list[dict[str, Any]], rename: dict[str, str] | None = None) -> Path:
    rename = rename or {}
    table = pa.Table.from_pylist(
        [
            {rename.get(k, k): (dt.date.fromisoformat(v) if k == "date" else v) for k, v in post.items()}
            for post in posts
        ]
    )
    pq.write_table(table, path, row_group_size=40)
    return path


def findings_rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def as_tuples(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((r["post_id"], str(r["market"]), r["month"], r["category"], r["severity"], r["rule"]) for r in rows)


def summary_cells(summary: dict[str, Any]) -> Counter[tuple[str, str, str, str]]:
    out: Counter[tuple[str, str, str, str]] = Counter()
    for cell in summary["cells"]:
        for severity in ("error", "warning", "info"):
            if cell[severity]:
                out[(cell["market"], cell["category"], cell["month"], severity)] = cell[severity]
    return out


def expected_cells(expected: list[tuple[Any, ...]]) -> Counter[tuple[str, str, str, str]]:
    return Counter((m, c, month, sev) for _, m, month, c, sev, _ in expected)


def test_jsonl_archive_counts_what_check_text_finds(tmp_path, posts, expected):
    source = write_jsonl(tmp_path / "posts.jsonl", posts)
    result = run_archive(
        ArchiveRequest((str(source),), tmp_path / "out", workers=1, processes=False, partition_size=37)
    )
    assert result.errors == []
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["partitions"] == -(-len(posts) // 37)
    assert summary["posts"] == len(posts)
    assert summary["bad_rows"] == 0
    rows = findings_rows(tmp_path / "out" / "findings")
    assert as_tuples(rows) == sorted(expected)
    assert summary_cells(summary) == expected_cells(expected)
    assert summary["findings"] == len(expected)
    # posts and posts with findings per market and month
    months: Counter[tuple[str, str]] = Counter((p["market"], p["date"][:7]) for p in posts)
    for market, entry in summary["markets"].items():
        for month, row in entry["months"].items():
            assert row["posts"] == months[(market, month)]
    assert summary["posts_with_findings"] == len({pid for pid, *_ in expected})
    flagged: Counter[tuple[str, str]] = Counter()
    for _pid, market, month in {(pid, m, month) for pid, m, month, *_ in expected}:
        flagged[(market, month)] += 1
    for market, entry in summary["markets"].items():
        for month, row in entry["months"].items():
            assert row["posts_with_findings"] == flagged[(market, month)]
    # identical posts (reposts on days with the same rules in force) were checked once
    assert summary["engine_checks"] < len(posts)
    # every finding points at its match in the post's text
    texts = {p["id"]: p["text"] for p in posts}
    for row in rows:
        assert texts[row["post_id"]][row["start"] : row["end"]] == row["match"]
        assert row["file"] == str(source)
        assert row["date"].strftime("%Y-%m") == row["month"]
    # Ramadan: the food promotion is found on its Ramadan days only
    ramadan = {r["post_id"] for r in rows if r["rule"].endswith("daytime-food-promo-ramadan")}
    assert ramadan
    for post in posts:
        if post["text"].startswith("Lunch deal"):
            day = dt.date.fromisoformat(post["date"])
            in_ramadan = RAMADAN_2027[0] <= day <= RAMADAN_2027[1]
            assert (post["id"] in ramadan) == in_ramadan, post


def test_parquet_archive_with_mapped_columns_single_file_and_filters(tmp_path, posts, expected):
    source = write_parquet(tmp_path / "posts.parquet", posts, {"text": "body", "id": "post"})
    result = run_archive(
        ArchiveRequest(
            (str(tmp_path),),
            tmp_path / "out",
            columns=(("text", "body"), ("id", "post")),
            since=dt.date(2027, 1, 1),
            until=dt.date(2027, 6, 30),
            workers=1,
            processes=False,
            partition_size=50,
            single_file=True,
        )
    )
    assert result.errors == []
    assert result.findings_path == tmp_path / "out" / "findings.parquet"
    rows = findings_rows(result.findings_path)
    wanted = sorted(e for e in expected if "2027-01" <= e[2] <= "2027-06")
    assert wanted and as_tuples(rows) == wanted
    kept = [p for p in posts if "2027-01-01" <= p["date"] <= "2027-06-30"]
    assert result.summary["posts"] == len(kept)
    assert result.summary["posts_filtered"] == len(posts) - len(kept)
    assert {r["file"] for r in rows} == {str(source)}
    assert not list((tmp_path / "out").glob(".*"))  # no temporary left behind


def test_cli_processes_gz_bad_rows_and_a_bad_file(tmp_path, posts, expected):
    """Two worker processes; a gzipped archive with bad rows among good ones, and a broken
    Parquet file beside it: the bad rows are counted and named by file and line, the broken file
    is one error line and exit 2, and every good post is still checked."""
    from click.testing import CliRunner

    folder = tmp_path / "archive"
    folder.mkdir()
    bad_lines = [
        "{not json",
        json.dumps({"text": "", "market": "de-DE", "date": "2026-05-01"}),
        json.dumps({"text": "Hallo", "market": "<img src=x onerror=alert(1)>", "date": "2026-05-01"}),
        json.dumps({"text": "Hallo", "market": "de-DE", "date": "tomorrow"}),
        json.dumps({"text": "Hallo", "market": "de-DE", "date": "2026-05-01", "sponsored": "maybe"}),
        json.dumps(["a list"]),
    ]
    good = posts[:60]
    gz = write_jsonl(folder / "posts.jsonl.gz", good, bad_lines)
    (folder / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["archive", str(folder), "--out", str(out), "--workers", "2", "--partition-size", "25", "--fail-on", "never"],
    )
    assert result.exit_code == 2, result.output
    assert re.search(r"culturelint: error: .*broken\.parquet: cannot read", result.output)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["workers"] == 2
    assert summary["posts"] == len(good)
    assert summary["bad_rows"] == len(bad_lines)
    lines = sorted(bad["row"] for bad in summary["bad_row_examples"])
    assert lines == list(range(len(good) + 1, len(good) + len(bad_lines) + 1))
    reasons = {bad["row"]: bad["reason"] for bad in summary["bad_row_examples"]}
    assert "not JSON" in reasons[len(good) + 1]
    assert "market" in reasons[len(good) + 3]
    assert all(bad["file"] == str(gz) for bad in summary["bad_row_examples"])
    ids = {p["id"] for p in good}
    mine = sorted(e for e in expected if e[0] in ids)
    assert as_tuples(findings_rows(out / "findings")) == mine
    assert summary_cells(summary) == expected_cells(mine)
    # the page: self-contained, escaped, a CSP like the main report's
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "<svg" in html and "de-DE" in html and "broken.parquet" in html


def test_sample_and_market_override(tmp_path, posts):
    source = write_jsonl(tmp_path / "posts.jsonl", [{k: v for k, v in p.items() if k != "market"} for p in posts])
    result = run_archive(
        ArchiveRequest(
            (str(tmp_path / "*.jsonl"),), tmp_path / "out", market="de-DE", sample=20, workers=1, processes=False
        )
    )
    assert result.errors == []
    assert result.summary["posts"] == 20
    assert set(result.summary["markets"]) == {"de-DE"}
    first = posts[:20]
    report = [
        f
        for p in first
        for f in culturelint.check_text(
            p["text"],
            market="de-DE",
            date=dt.date.fromisoformat(p["date"]),
            channel=p["channel"],
            sponsored=p["sponsored"],
        ).findings
    ]
    assert result.summary["findings"] == len(report)
    assert source.exists()


def test_bad_options_and_no_files(tmp_path):
    from click.testing import CliRunner

    runner = CliRunner()
    missing = runner.invoke(main, ["archive", str(tmp_path / "nothing-*.jsonl"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no file matches" in missing.output
    column = runner.invoke(main, ["archive", str(tmp_path), "--out", str(tmp_path / "o"), "--column", "body"])
    assert column.exit_code == 2 and "FIELD=NAME" in column.output
    field = runner.invoke(main, ["archive", str(tmp_path), "--out", str(tmp_path / "o"), "--column", "txt=body"])
    assert field.exit_code == 2 and "unknown field 'txt'" in field.output
    pq.write_table(
        pa.table({"body": ["Hallo"], "date": ["2026-01-01"], "market": ["de-DE"]}), tmp_path / "cols.parquet"
    )
    columnless = runner.invoke(main, ["archive", str(tmp_path / "cols.parquet"), "--out", str(tmp_path / "o")])
    assert columnless.exit_code == 2 and "no column 'text'" in columnless.output and "--column" in columnless.output
