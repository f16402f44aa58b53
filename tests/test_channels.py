"""Channels and their "more" cut-offs (rules/channels.yaml): on long captions with closing hashtag
blocks, a label before the channel's cut-off passes and one after it is reported, naming the channel
and the cut-off; a channel with a title counts a label in the title; a channel without a fold keeps
the pack's placement; an unknown channel keeps the pack's default."""

from __future__ import annotations

import pytest
from conftest import DAY

from culturelint.api import CheckRequest, check
from culturelint.channels import channel_for, channels
from culturelint.config import Config

# channel -> (market, accepted label, filler sentence, closing hashtags)
CASES = {
    "instagram": (
        "en-GB",
        "#ad",
        "Loving my new trainers from Stride, they have been on every school run this week. ",
        "#mumlife #trainers #comfy #schoolrun",
    ),
    "tiktok": (
        "en-US",
        "#ad",
        "Three weeks with this serum from Lumen and my skin has never looked this calm. ",
        "#skincare #glowup #routine #selfcare",
    ),
    "youtube": (
        "en-US",
        "#ad",
        "In this video I test the new Trailmax boots on a week of muddy winter hikes. ",
        "#hiking #boots #review #outdoors",
    ),
    "x": (
        "en-US",
        "#ad",
        "Been using the Lumen serum every morning and night for a month, here is my honest take. ",
        "#skincare #review #glow #routine",
    ),
    "weibo": (
        "zh-CN",
        "【广告】",
        "最近用了一款精华液，两周下来皮肤明显更透亮了，早晚各一次，干皮的姐妹可以试试。",
        "#护肤 #精华 #美妆 #好物分享",
    ),
    "xiaohongshu": (
        "zh-CN",
        "【广告】",
        "最近用了一款精华液，两周下来皮肤明显更透亮了，早晚各一次，干皮的姐妹可以试试。",
        "#护肤 #精华 #美妆 #好物分享",
    ),
    "line": (
        "ja-JP",
        "#PR",
        "話題の美容液を1か月使ってみました！毛穴が目立たなくなって大満足です。朝晩のケアに欠かせません。",
        "#スキンケア #美容液 #コスメ好き #美肌",
    ),
    "naver-blog": (
        "ko-KR",
        "#광고",
        "요즘 매일 쓰는 세럼이에요. 2주 썼는데 피부가 훨씬 맑아졌어요. 아침저녁으로 꾸준히 쓰고 있어요. ",
        "#스킨케어 #세럼 #뷰티 #데일리",
    ),
}


def disclosure(check_text, text: str, market: str, channel: str, sponsored: bool | None = True) -> list:
    found = check_text(text, market, sponsored=sponsored, channel=channel, day=DAY)
    return [f for f in found if f.category == "disclosure"]


def long_text(filler: str, limit: int) -> str:
    """Filler repeated past ``limit`` characters, on one line."""
    text = filler
    while len(text) < limit + 10:
        text += filler
    return text


def test_every_channel_of_the_issue_is_in_the_table() -> None:
    assert {c.name for c in channels()} == set(CASES)
    for channel in channels():
        assert channel.sources and channel.confidence in ("high", "medium", "low")
    assert channel_for("Twitter").name == "x" and channel_for("IG").name == "instagram"
    assert channel_for("newsletter") is None and channel_for(None) is None


@pytest.mark.parametrize("name", sorted(n for n in CASES if channel_for(n).cut_off))
def test_label_before_the_cut_off_passes_and_after_it_is_reported(check_text, name: str) -> None:
    channel = channel_for(name)
    market, label, filler, tags = CASES[name]
    limit = channel.cut_off
    body = long_text(filler, limit)
    # before the cut-off: the label opens the caption
    assert disclosure(check_text, f"{label} {body}\n\n{tags}", market, name) == []
    # after the cut-off, in the running text (not among the closing hashtags)
    late = f"{body}{label} {filler}\n\n{tags}"
    if channel.title:  # a titled channel: the first line is the title; the description follows it
        late = f"My honest review\n{body}{label} {filler}\n\n{tags}"
    [finding] = disclosure(check_text, late, market, name)
    assert finding.match in label
    assert finding.disclosure is not None
    assert finding.disclosure.state == "buried"
    assert finding.disclosure.channel == name and finding.disclosure.cut_off == limit
    assert f"{limit} characters" in finding.message and channel.label().split(" (")[0] in finding.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_label_among_the_closing_hashtags_is_reported_with_the_channel(check_text, name: str) -> None:
    market, label, filler, tags = CASES[name]
    first, *rest = tags.split()
    text = f"{filler}\n\n{first} {rest[0]} {label} {' '.join(rest[1:])}"
    [finding] = disclosure(check_text, text, market, name)
    assert finding.match in label and finding.disclosure.state == "buried"
    assert finding.disclosure.channel == name


@pytest.mark.parametrize("name", sorted(n for n in CASES if not channel_for(n).cut_off))
def test_a_channel_without_a_fold_keeps_the_packs_placement(check_text, name: str) -> None:
    market, label, filler, tags = CASES[name]
    body = long_text(filler, 300)
    # the label upfront passes however long the post
    assert disclosure(check_text, f"{label} {body}\n\n{tags}", market, name) == []
    # no character limit comes from the channel: the finding, if any, never names a cut-off
    for finding in disclosure(check_text, f"{body}{label}\n\n{tags}", market, name):
        assert finding.disclosure.cut_off is None


def test_youtube_title_counts_as_upfront(check_text) -> None:
    market, label, filler, tags = CASES["youtube"]
    body = long_text(filler, 400)
    assert disclosure(check_text, f"{label} My honest boots review\n{body}\n\n{tags}", market, "youtube") == []
    # within the first 125 characters of the description, after a title
    assert disclosure(check_text, f"My honest boots review\n{label} {body}\n\n{tags}", market, "youtube") == []


def test_youtube_front_matter_title_is_read_as_the_title() -> None:
    _, _, filler, tags = CASES["youtube"]
    body = long_text(filler, 400)

    def run(title: str, channel: str) -> list:
        text = f"---\nmarket: en-US\nchannel: {channel}\nsponsored: true\ntitle: \"{title}\"\n---\n{body}\n\n{tags}\n"
        report = check(CheckRequest(["-"], stdin_text=text, config=Config(), day=DAY))
        return [f for f in report.findings if f.category == "disclosure"]

    assert run("#ad My honest boots review", "youtube") == []
    [missing] = run("My honest boots review", "youtube")
    assert missing.disclosure.state == "absent"
    # on a channel without a title, front matter title is metadata, not copy
    [other] = run("#ad My honest boots review", "instagram")
    assert other.disclosure.state == "absent"


def test_channel_cut_off_replaces_the_packs_first_chars(check_text) -> None:
    # de-DE's own default is 100 characters; on Instagram the fold is at 125
    text = (
        "Mein neues Lieblingsserum von Glow, meine Haut fühlt sich seit zwei Wochen ruhiger an, "
        "wirklich toll! Werbung. Mit dem Code LISA15 gibt es Rabatt.\n\n#skincare #beauty #glow"
    )
    assert 100 < text.index("Werbung") < 125
    assert disclosure(check_text, text, "de-DE", "instagram") == []
    [unknown] = disclosure(check_text, text, "de-DE", "newsletter")  # unknown channel: the pack's 100
    assert unknown.disclosure.channel is None and "100" in unknown.message


def test_signals_without_sponsored_are_judged_like_a_sponsored_post(check_text) -> None:
    market, label, filler, tags = CASES["instagram"]
    body = long_text(filler, 125)
    text = f"{body}{label} Get 15% off with code JESS15.\n\n{tags}"
    [buried] = disclosure(check_text, text, market, "instagram", sponsored=None)
    assert buried.severity.name == "ERROR" and buried.disclosure.state == "buried"
    assert buried.disclosure.basis == "signals" and buried.disclosure.signal == "with code JESS15"
    assert (
        disclosure(check_text, f"{label} {body} Get 15% off with code JESS15.\n\n{tags}", market, "instagram", None)
        == []
    )
    [alone] = disclosure(check_text, f"{body} Get 15% off with code JESS15.\n\n{tags}", market, "instagram", None)
    assert alone.severity.name == "WARNING" and alone.disclosure.state == "absent"
