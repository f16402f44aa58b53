"""``culturelint rules feedback FILE...``: reviewers' decisions summed up per rule for rule authors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from culturelint.cli import main

ANA = """\
schema: culturelint/decisions@1
reviewer: Ana Ruiz
decisions:
  - fingerprint: aaa
    rule: ja-jp.number.four-gift
    markets: [ja-JP]
    decision: false-alarm
    reason: a choice among four flavours, not a set of four
    date: 2026-11-20
  - fingerprint: bbb
    rule: ja-jp.number.four-gift
    market: ja-JP
    decision: change-needed
    reason: a box of four cups as a gift
    date: 2026-11-22
  - fingerprint: ccc
    rule: en-us.holiday.protected-event-name
    markets: [en-US, en-CA]
    decision: accept
    reason: official licensee
    date: 2026-11-21
    expires: 2027-03-01
"""
# Kenji re-exported: his later decision on aaa replaces nothing of Ana's (another reviewer) and
# his own earlier export of ddd counts once
KENJI_OLD = """\
reviewer: Kenji Sato
decisions:
  - {fingerprint: ddd, rule: ja-jp.number.four-gift, market: ja-JP, decision: change-needed, date: 2026-11-01}
"""
KENJI = """\
reviewer: Kenji Sato
decisions:
  - fingerprint: aaa
    rule: ja-jp.number.four-gift
    market: ja-JP
    decision: false-alarm
    date: 2026-12-01
    notes:
      - text: 4種類 counts flavours here
        quote: 4種類のフレーバー
  - {fingerprint: ddd, rule: ja-jp.number.four-gift, market: ja-JP, decision: false-alarm, reason: "a count of colours", date: 2026-12-02}
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def feedback(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rules", "feedback", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_summary_per_rule(tmp_path: Path) -> None:
    files = [write(tmp_path, n, t) for n, t in (("ana.yaml", ANA), ("k1.yaml", KENJI_OLD), ("k2.yaml", KENJI))]
    code, out, _ = feedback("-f", "json", *files)
    assert code == 0
    data = json.loads(out)
    assert data["files"] == 3
    four, bowl = data["rules"]  # most false alarms first
    assert four["rule"] == "ja-jp.number.four-gift"
    # aaa by Ana, bbb by Ana, aaa by Kenji, ddd by Kenji (latest: false alarm, the older export dropped)
    assert (four["decisions"], four["false_alarm"], four["change_needed"], four["accept"]) == (4, 3, 1, 0)
    assert four["false_alarm_rate"] == 0.75
    assert four["markets"] == {"ja-JP": {"decisions": 4, "false_alarms": 3}}
    assert four["reviewers"] == ["Ana Ruiz", "Kenji Sato"]
    assert [(r["date"], r["reviewer"], r["reason"]) for r in four["recent"]] == [
        ("2026-12-02", "Kenji Sato", "a count of colours"),
        ("2026-12-01", "Kenji Sato", None),
        ("2026-11-22", "Ana Ruiz", "a box of four cups as a gift"),
    ]
    assert four["recent"][1]["notes"] == ["4種類 counts flavours here"]
    assert four["recent"][0]["origin"] == files[2] + ":11"
    assert bowl["rule"] == "en-us.holiday.protected-event-name" and bowl["false_alarm_rate"] == 0
    assert bowl["markets"] == {
        "en-CA": {"decisions": 1, "false_alarms": 0},
        "en-US": {"decisions": 1, "false_alarms": 0},
    }


def test_text_summary(tmp_path: Path) -> None:
    code, out, _ = feedback(write(tmp_path, "ana.yaml", ANA), write(tmp_path, "k.yaml", KENJI))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "ja-jp.number.four-gift  4 decisions: 3 false alarm (75%), 1 change needed, 0 accepted"
    assert lines[1] == "    markets: ja-JP 4 (3 false)"
    assert (
        "    2026-12-01 false alarm [ja-JP] Kenji Sato: note: 4種類 counts flavours here (on “4種類のフレーバー”)"
        in lines
    )
    assert "en-us.holiday.protected-event-name  1 decision: 0 false alarm (0%), 0 change needed, 1 accepted" in lines
    assert lines[-1] == "5 decisions on 2 rules from 2 files; 3 false alarms (60%)."


def test_bad_file_is_exit_2_naming_its_place(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "decisions:\n  - {fingerprint: a, rule: r, decision: nope, date: 2026-12-03}\n")
    code, _, err = feedback(bad)
    assert code == 2 and err.startswith(f"culturelint: error: {bad}:2:") and "unknown value 'nope'" in err
    code, _, err = feedback()
    assert code == 2 and "Missing argument" in err
