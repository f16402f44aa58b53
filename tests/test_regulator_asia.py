"""Disclosure labels as the Asian and Turkish regulators judge them: every label a regulator (or
its published guidance) accepts passes on a sponsored post, every label it rejects is named, in
ja-JP, ko-KR, zh-CN, tr-TR, th-TH, id-ID, ms-MY and vi-VN; and a label written as Markdown
brackets at the start of a line ([광고], [협찬], [PR], [Werbung]) is copy, read with its brackets."""

from __future__ import annotations

import pytest
from conftest import DAY, pack_set_from

from culturelint.model import Severity
from culturelint.readers import reader_for

# market: (a sponsored caption without a label, closing hashtags)
CAPTIONS = {
    "ja-JP": (
        "新作のファンデーションを2週間使ってみました。崩れにくくて夕方まできれいです。",
        "#コスメ #ベースメイク #新作",
    ),
    "ko-KR": ("새로 나온 쿠션 파운데이션을 2주 동안 써 봤어요. 오후까지 무너지지 않아요.", "#뷰티 #쿠션 #신상"),
    "zh-CN": ("新出的气垫粉底用了两周，到傍晚都不脱妆，购买链接在评论区。", "#美妆 #底妆 #新品"),
    "tr-TR": ("Yeni fondöteni iki haftadır kullanıyorum, akşama kadar bozulmuyor.", "#makyaj #fondöten #yeni"),
    "th-TH": ("ลองใช้คุชชั่นตัวใหม่มาสองอาทิตย์ ติดทนถึงเย็นไม่เป็นคราบ", "#เครื่องสำอาง #คุชชั่น #ของใหม่"),
    "id-ID": (
        "Udah dua minggu pakai cushion baru ini, tahan sampai sore dan nggak crack.",
        "#makeup #cushion #racunmakeup",
    ),
    "ms-MY": (
        "Dah dua minggu guna cushion baru ni, tahan sampai petang dan tak crack.",
        "#makeup #cushion #kecantikan",
    ),
    "vi-VN": ("Dùng cushion mới được hai tuần, giữ lớp nền tới chiều không bị mốc.", "#makeup #cushion #lamdep"),
}

# labels the regulator or its guidance gives as sufficient, placed upfront
ACCEPTED = {
    "ja-JP": [
        "広告",
        "#PR",
        "【PR】",
        "プロモーション",
        "宣伝",
        "タイアップ投稿",
        "プロモーションを含みます",
        "A社から商品の提供を受けて投稿しています。",
    ],
    "ko-KR": [
        "#광고",
        "[광고]",
        "[협찬]",
        "#협찬",
        "제품 협찬",
        "유료 광고 포함",
        "○○사로부터 경제적 대가를 받았음.",
        "○○로부터 제품을 무상으로 제공받아 작성했습니다.",
    ],
    "zh-CN": ["【广告】", "#广告", "广告"],
    "tr-TR": [
        "#Reklam",
        "#İşbirliği",
        "#Sponsor",
        "#Tanıtım",
        "#Ortaklık",
        "@glowlab ile işbirliği.",
        "@glowlab tarafından sağlanmıştır.",
        "@glowlab tarafından hediye olarak gönderilmiştir.",
    ],
    "th-TH": ["#โฆษณา", "โฆษณา", "ได้รับการสนับสนุนจาก @glowlab", "ได้รับสินค้าจากแบรนด์เพื่อรีวิว"],
    "id-ID": [
        "#iklan",
        "Iklan:",
        "Konten berbayar bersama @glowlab.",
        "Kemitraan berbayar dengan @glowlab.",
        "Disponsori oleh @glowlab.",
    ],
    "ms-MY": ["#Iklan", "#Ditaja", "Iklan:"],
    "vi-VN": ["[Quảng cáo]", "#quảngcáo", "Được tài trợ bởi @glowlab."],
}

# labels the regulator calls insufficient, placed upfront: the finding names them
REJECTED = {
    "ja-JP": ["#提供", "#ad", "#sponsored"],
    "ko-KR": ["#AD", "Sponsored by", "#체험단", "콜라보", "파트너십", "소정의 수수료를 지급받을 수 있음"],
    "zh-CN": ["【商业推广】", "#合作", "#赞助", "AD"],
    "tr-TR": ["#ad", "#sponsored", "#collab", "#reklamdeğiltavsiye"],
    "th-TH": ["#ad", "#ไม่ใช่โฆษณา", "sponsored"],
    "id-ID": ["#pp", "#bukaniklan", "#sp"],
    "ms-MY": ["#sp", "#spon"],
    "vi-VN": ["#ad", "Sponsored", "#khongquangcao"],
}

# where a label must stand: among the closing hashtags it is "not visible"
BURIED = {
    "ja-JP": "#PR",
    "ko-KR": "#광고",
    "tr-TR": "#reklam",
    "th-TH": "#โฆษณา",
    "id-ID": "#iklan",
    "ms-MY": "#iklan",
    "vi-VN": "#quảngcáo",
}


def disclosure(check_text, text: str, market: str, sponsored: bool | None = True) -> list:
    return [f for f in check_text(text, market, sponsored=sponsored, day=DAY) if f.category == "disclosure"]


def cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(market, label) for market, labels in table.items() for label in labels]


@pytest.mark.parametrize("market, label", cases(ACCEPTED))
def test_accepted_label_upfront_passes(check_text, market: str, label: str) -> None:
    caption, tags = CAPTIONS[market]
    found = disclosure(check_text, f"{label} {caption}\n\n{tags}", market)
    assert found == [], [(f.rule, f.match, f.message) for f in found]


@pytest.mark.parametrize("market, label", cases(REJECTED))
def test_rejected_label_is_named(check_text, market: str, label: str) -> None:
    caption, tags = CAPTIONS[market]
    found = disclosure(check_text, f"{label} {caption}\n\n{tags}", market)
    assert found, f"{label!r} passed in {market}"
    assert any(f.match.lower() in label.lower() or label.lower() in f.match.lower() for f in found), [
        f.match for f in found
    ]


@pytest.mark.parametrize("market", sorted(CAPTIONS))
def test_missing_label_says_absent_and_cites_the_instrument(check_text, market: str) -> None:
    caption, tags = CAPTIONS[market]
    [finding] = disclosure(check_text, f"{caption}\n\n{tags}", market)
    assert finding.line == 1 and finding.suggestions and finding.references
    thin = market in {"th-TH", "id-ID"}  # no regulator label list: a warning, not an error
    assert finding.severity == (Severity.WARNING if thin else Severity.ERROR)


@pytest.mark.parametrize("market", sorted(BURIED))
def test_label_buried_in_closing_hashtags_is_not_visible(check_text, market: str) -> None:
    caption, tags = CAPTIONS[market]
    label = BURIED[market]
    found = disclosure(check_text, f"{caption}\n\n{tags} #daily #love {label}", market)
    assert len(found) == 1 and found[0].match in label


@pytest.mark.parametrize("market", sorted(CAPTIONS))
def test_brand_own_post_and_unsponsored_post_are_quiet(check_text, market: str) -> None:
    caption, tags = CAPTIONS[market]
    assert disclosure(check_text, f"{caption}\n\n{tags}", market, sponsored=False) == []


@pytest.mark.parametrize(
    "market, text",
    [
        ("ja-JP", "【広告】これは第三者としての感想を記載しています。崩れにくくて夕方まできれいです。"),
        ("ko-KR", "[협찬] #내돈내산 쿠션 파운데이션 2주 후기예요."),
        ("zh-CN", "【广告】无广纯分享，这款气垫粉底到傍晚都不脱妆。"),
        ("tr-TR", "#Reklam Bu fondöteni kendi paramla aldım, akşama kadar bozulmuyor."),
    ],
)
def test_a_denial_undoes_the_label(check_text, market: str, text: str) -> None:
    found = disclosure(check_text, text, market)
    assert found and all(f.rule.endswith(("denial", "claim")) for f in found), [(f.rule, f.match) for f in found]
    assert disclosure(check_text, text, market, sponsored=False) == []


# Markdown: a bracketed label at the start of a line is copy, not a link reference


@pytest.mark.parametrize(
    "market, label",
    [("ko-KR", "[광고]"), ("ko-KR", "[협찬]"), ("ja-JP", "[PR]"), ("de-DE", "[Werbung]"), ("vi-VN", "[QC]")],
)
def test_markdown_bracket_label_is_read_with_its_brackets(market: str, label: str) -> None:
    source = f"---\nmarket: {market}\nsponsored: true\n---\n{label} Neue Serie / 새 세럼 후기\n\n#tag #tag2\n"
    [document] = reader_for("post.md").read("post.md", source)
    assert document.segments[0].text.startswith(label)


def test_markdown_file_starting_with_gwanggo_satisfies_the_korean_label(check_text) -> None:
    source = "[광고] 새로 나온 쿠션 파운데이션을 2주 동안 써 봤어요. 오후까지 무너지지 않아요.\n\n#뷰티 #쿠션 #신상\n"
    assert disclosure(check_text, source, "ko-KR") == []
    without = source.replace("[광고] ", "")
    assert len(disclosure(check_text, without, "ko-KR")) == 1


def test_a_rule_requiring_the_bracketed_form_sees_it(check_text, write_pack) -> None:
    path = write_pack(
        """
        pack: ko-KR/disclosure
        markets: [ko-KR]
        language: ko
        category: disclosure
        references: [https://news.sbs.co.kr/news/endPage.do?news_id=N1008352539]
        rules:
          - id: ko-kr.disclosure.bracket
            severity: error
            message: "[광고] at the start."
            rationale: test
            require: {regex: '^\\[(광고|협찬)\\]'}
            when: {sponsored: true}
            examples:
              bad: [{text: "광고 후기", sponsored: true}]
              good: [{text: "[광고] 후기", sponsored: true}]
        """
    )
    found = check_text("[광고] 쿠션 후기예요.\n", "ko-KR", sponsored=True, pack_set=pack_set_from(path))
    assert found == []
    found = check_text("광고 쿠션 후기예요.\n", "ko-KR", sponsored=True, pack_set=pack_set_from(path))
    assert [f.rule for f in found] == ["ko-kr.disclosure.bracket"]


def test_markdown_links_and_images_still_lose_their_brackets() -> None:
    source = "See [our shop](https://example.com) and ![a photo](p.png), or [the guide][g].\n\n[g]: https://x.y\n"
    [document] = reader_for("post.md").read("post.md", source)
    text = " ".join(s.text for s in document.segments)
    assert "[" not in text and "]" not in text and "our shop" in text and "a photo" in text
