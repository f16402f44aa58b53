"""Requirement rules (disclosure labels): when they apply, what they accept, where labels must go."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import pack_set_from

PACK = """
pack: test/disclosure
markets: [en-GB]
language: en
category: disclosure
references: [https://example.org/guide]
rules:
  - id: t.label
    severity: error
    message: "Label it."
    rationale: r
    suggest: ["#ad"]
    require: {terms: ["#ad", advert]}
    reject: {terms: ["#sp", "#gifted"]}
    when:
      sponsored: true
      signals: {regex: '\\bcode [A-Z0-9]{3,}\\b'}
    placement: {first_chars: 60, before_hashtags: true}
    examples:
      bad: [{text: "Nice shoes", sponsored: true}]
      good: [{text: "#ad Nice shoes", sponsored: true}]
"""

LONG = "Loving these trainers, they have been on every school run this week and more. "


@pytest.fixture()
def pack(write_pack: Callable[..., object]) -> object:
    return pack_set_from(write_pack(PACK))  # type: ignore[arg-type]


def cases(check_text: Callable[..., list], pack: object, text: str, sponsored: bool | None) -> list:
    return [
        (f.line, f.column, f.match)
        for f in check_text(text, "en-GB", pack_set=pack, sponsored=sponsored)
        if f.rule == "t.label"
    ]


def test_missing_label_points_at_the_first_line(check_text, pack) -> None:
    found = check_text("\n\nNice trainers\nSecond line", "en-GB", pack_set=pack, sponsored=True)
    label = [f for f in found if f.rule == "t.label"]
    assert [(f.line, f.column, f.match) for f in label] == [(3, 1, "Nice trainers")]
    assert "Label it." in label[0].message


def test_label_upfront_passes(check_text, pack) -> None:
    assert cases(check_text, pack, "#ad Nice trainers #shoes #style #run", True) == []
    assert cases(check_text, pack, "Advert: nice trainers", True) == []


def test_label_after_the_cut_off(check_text, pack) -> None:
    found = check_text(LONG + "#ad", "en-GB", pack_set=pack, sponsored=True)
    assert [f.match for f in found] == ["#ad"]
    assert "first 60 characters" in found[0].message


def test_label_buried_in_trailing_hashtags(check_text, pack) -> None:
    found = check_text("Nice trainers!\n\n#shoes #style #ad #run", "en-GB", pack_set=pack, sponsored=True)
    assert [f.match for f in found] == ["#ad"]
    assert "before the closing hashtags" in found[0].message


def test_short_caption_ending_in_label_is_fine(check_text, pack) -> None:
    assert cases(check_text, pack, "Nice trainers! #ad", True) == []


def test_rejected_label_is_named(check_text, pack) -> None:
    found = check_text("Nice trainers #sp", "en-GB", pack_set=pack, sponsored=True)
    assert [f.match for f in found] == ["#sp"]
    assert "not a disclosure label" in found[0].message


def test_brand_own_post_needs_no_label(check_text, pack) -> None:
    assert cases(check_text, pack, "Nice trainers, use code JESS15", False) == []


def test_unknown_sponsorship_with_commercial_signal(check_text, pack) -> None:
    found = check_text("Nice trainers, use code JESS15", "en-GB", pack_set=pack)
    assert [f.match for f in found if f.rule == "t.label"] == ["code JESS15"]
    assert "sponsored: false" in found[0].message
    assert cases(check_text, pack, "Nice trainers, see you soon", None) == []
    assert cases(check_text, pack, "#ad Nice trainers, use code JESS15", None) == []


def test_label_must_be_whole_token(check_text, pack) -> None:
    assert cases(check_text, pack, "#adidas trainers are here", True) == [(1, 1, "#adidas trainers are here")]


KO_BODY = "요즘 매일 쓰는 세럼이에요. 2주 썼는데 피부가 훨씬 맑아졌어요.\n할인코드 MINJI15 입력하면 15% 할인!\n"


@pytest.mark.parametrize(
    "text, reported",
    [
        # a plain-word label on the last line is neither on the first line nor "the first hashtag"
        (KO_BODY + "이 글은 브랜드의 협찬을 받았습니다", True),
        # the same words upfront, or the label as the first hashtag of the closing row, pass
        ("이 글은 브랜드의 협찬을 받았습니다\n" + KO_BODY, False),
        (KO_BODY + "#광고 #스킨케어 #세럼", False),
        # a hashtag label that is not the first hashtag is still reported
        (KO_BODY + "#스킨케어 #광고 #세럼", True),
    ],
)
def test_hashtag_placement_accepts_only_hashtag_labels(check_text, text: str, reported: bool) -> None:
    found = [f for f in check_text(text, "ko-KR", sponsored=True) if f.rule == "ko-kr.disclosure.sponsored-label"]
    assert bool(found) == reported, [f.message for f in found]
