"""``zodiac``: a lunar zodiac year named in copy that is not the year's animal, computed from the
lunar calendar for the year the copy names, or else for the copy's run date ("2026 Year of the
Dragon" — 2026 is the Horse; a "Year of the Snake" campaign running in March 2026).

Chinese (马年/馬年), Japanese (午年, the earthly branches), Korean (말의 해, 말띠 해), Vietnamese
(năm Ngọ, Tết Bính Ngọ, with the cat for the rabbit) and English ("Year of the Horse") are read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentMeta, Hit
from .base import Context, Hits, MatchSpec, Raw, Rule, context_specs, key
from .scope import any_in_scope

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

ANIMALS = ("rat", "ox", "tiger", "rabbit", "dragon", "snake", "horse", "goat", "monkey", "rooster", "dog", "pig")
NAMES: dict[str, tuple[str, ...]] = {  # each animal's names, in ANIMALS order, per script
    "zh": ("鼠", "牛", "虎", "兔", "龙|龍", "蛇", "马|馬", "羊", "猴", "鸡|雞", "狗", "猪|豬"),
    "ja": ("子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"),
    "ko": ("쥐", "소", "호랑이|범", "토끼", "용", "뱀", "말", "양", "원숭이", "닭", "개", "돼지"),
    "vi": ("Tý|Tí", "Sửu", "Dần", "Mão|Mẹo", "Thìn", "Tỵ|Tị", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"),
    "en": (
        "Rat",
        "Ox",
        "Tiger",
        "Rabbit|Hare|Cat",
        "Dragon",
        "Snake",
        "Horse",
        "Goat|Sheep|Ram",
        "Monkey",
        "Rooster|Chicken",
        "Dog",
        "Pig|Boar",
    ),
}
STEMS = "Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý"
COLOURS_KO = "(?:붉은|푸른|청|적|황금|흑|백|검은|하얀|노란)\\s?"


def _alternation(script: str) -> str:
    return "|".join(f"(?P<a{i}>{names})" for i, names in enumerate(NAMES[script]))


# 年 starting another word: 年龄 (age), 年度 (annual), 年糕 (rice cake), 年画, 年卡, 年夜饭, 年终 …
NOT_YEAR = "(?![龄齡纪紀代度级級轻輕初底末中前后後内內间間份糕画畫卡夜会會货貨终終薪假历曆少长長里裡男女生])"
PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    # 2026马年 / 馬年; not a person's sign (属马, 马年出生, 马年的朋友)
    (
        ("zh", "ja"),
        re.compile(f"(?<![属屬])(?:{_alternation('zh')})年{NOT_YEAR}(?!出生|生人|生的|的人|的朋友|宝宝|寶寶)"),
    ),
    # 午年, 午(うま)年 (the earthly branches); not 年男/年女 (a person born in the year)
    (("ja",), re.compile(f"(?:{_alternation('ja')})(?:[(（][ぁ-ん]+[)）])?年{NOT_YEAR}")),
    # 2026년 붉은 말의 해, 말띠 해; not 말해 (say), 말띠 친구 (a person's sign), 말의 해석 (a word's meaning)
    (("ko",), re.compile(f"{COLOURS_KO}?(?:{_alternation('ko')})(?:띠\\s?의?|의)\\s?해(?![석결외변답설명법독])")),
    # năm Ngọ, Tết Bính Ngọ, xuân Bính Ngọ
    (("vi",), re.compile(f"(?i:năm|tết|xuân)\\s+(?:(?:{STEMS})\\s+)?(?:{_alternation('vi')})(?![\\w])")),
    # Year of the Horse, in copy of any language
    ((), re.compile(f"(?i:year of the)\\s+(?:(?i:{'|'.join(NAMES['en'])}))\\b")),
)
EN_ANIMAL = re.compile(r"(?i:year of the)\s+(\w+)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _animal(match: re.Match[str]) -> str | None:
    for name, value in match.groupdict().items():
        if value is not None and name.startswith("a"):
            return ANIMALS[int(name[1:])]
    english = EN_ANIMAL.match(match.group(0))
    if english:
        word = english.group(1).lower()
        for i, names in enumerate(NAMES["en"]):
            if word in names.lower().split("|"):
                return ANIMALS[i]
    return None


def _stated_year(text: str, start: int, end: int) -> int | None:
    """A Gregorian year written right before the mention (20 characters) or right after it (8)."""
    before = unicodedata.normalize("NFKC", text[max(0, start - 20) : start])
    after = unicodedata.normalize("NFKC", text[end : end + 8])
    found = YEAR.findall(before)
    if found:
        return int(found[-1])
    found = YEAR.findall(after)
    return int(found[0]) if found else None


def zodiac_years(day: dt.date, lead_days: int) -> set[str]:
    """The animals copy may name on ``day``: the current lunar year's, and the coming one's when
    Lunar New Year is at most ``lead_days`` away."""
    from ..calendar import zodiac

    return {zodiac(day), zodiac(day + dt.timedelta(days=lead_days))}


@dataclass(frozen=True, slots=True, kw_only=True)
class ZodiacRule(Rule):
    kind: ClassVar[str] = "zodiac"
    marker: ClassVar[str] = "zodiac"
    own_keys: ClassVar[frozenset[str]] = frozenset({"zodiac", "unless"})

    lead_days: int = 100
    unless: Context | None = None

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        where = keypath + ("zodiac",)
        spec = v.mapping(data["zodiac"] or {}, where, {"lead_days"})
        return {
            "lead_days": v.optional(spec, "lead_days", where, lambda x, p: v.integer(x, p, minimum=0), 100),
            "unless": v.optional(data, "unless", keypath, v.context),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        return context_specs(None, self.unless)

    def fields(self, raw: Raw) -> dict[str, str]:
        return dict(raw.fields)

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        from ..calendar import zodiac_of_year

        day = meta.date or dt.date.today()
        unless = hits.get(key(self.id, "unless"), [])
        out = []
        patterns = [pattern for languages, pattern in PATTERNS if not languages or parsed.language in languages]
        for index, text in enumerate(parsed.texts):
            for pattern in patterns:
                for match in pattern.finditer(text):
                    animal = _animal(match)
                    if animal is None:
                        continue
                    year = _stated_year(text, match.start(), match.end())
                    if year is not None:
                        expected = zodiac_of_year(year)
                        if animal == expected:
                            continue
                        when = str(year)
                    else:
                        allowed = zodiac_years(day, self.lead_days)
                        if animal in allowed:
                            continue
                        expected = " or ".join(sorted(allowed))
                        when = f"the copy's date, {day.isoformat()}"
                    hit = Hit(index, match.start(), match.end())
                    if self.unless and any_in_scope(parsed, hit, unless, self.unless.within):
                        continue
                    fields = (("named", animal), ("expected", expected), ("when", when))
                    out.append(Raw(self, hit, "match", fields))
        return out
