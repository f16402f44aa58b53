"""Which language copy is in: a script check first, langdetect (seeded) where the script leaves doubt."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SAMPLE_CHARS = 3000
SCRIPT_MIN_LETTERS = 8
_NOISE = re.compile(r"(https?://\S+|www\.\S+|[#＃@][\w\-]+|\{[^}]*\}|\S+@\S+\.\w+)", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    probability: float
    letters: int


def clean(text: str) -> str:
    """Copy without hashtags, handles, links and placeholders: brand noise, not language."""
    return _NOISE.sub(" ", text)


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _script_guess(text: str) -> str | None:
    names = [unicodedata.name(ch, "") for ch in text if ch.isalpha() and not ch.isascii()]
    if not names:
        return None
    for script, language in _script_languages():
        if sum(1 for n in names if n.startswith(script)) >= max(2, len(names) // 10):
            return language
    if sum(1 for n in names if n.startswith("CJK UNIFIED")) > len(names) // 2:
        return "zh"
    return None


@functools.lru_cache(maxsize=1)
def _script_languages() -> tuple[tuple[str, str], ...]:
    """Scripts that name a language on their own (HANGUL: ko), from the language profiles."""
    from .languages import profiles

    return tuple((script, code) for code, profile in sorted(profiles().items()) for script in profile.scripts)


@functools.lru_cache(maxsize=1)
def _factory() -> object:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


@functools.lru_cache(maxsize=256)
def detect(text: str, min_chars: int = 40, expected: str | None = None) -> Detection | None:
    """The language of ``text``, or None when there is too little to judge.

    Cheap answers come first: the script (kana, hangul, Thai), then, when the expected language is
    given, whether the text is full of its function words; langdetect (≈0.4 s to load, a few ms per
    call) runs only when those leave doubt."""
    sample = clean(text[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS]  # a bounded window: linear in any text
    letters = _letters(sample)
    script = _script_guess(sample)
    if script is not None and letters >= SCRIPT_MIN_LETTERS:
        return Detection(script, 1.0, letters)
    if letters < min_chars:
        return None
    if expected and _latin(expected) and plainly_in(sample, expected):
        return Detection(expected, 1.0, letters)
    from langdetect.lang_detect_exception import LangDetectException

    factory = _factory()
    try:
        detector = factory.create()  # type: ignore[attr-defined]
        detector.append(sample)
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return None
    language = best.lang.split("-")[0]
    return Detection(language, float(best.prob), letters)


@functools.cache
def _stop_words(language: str) -> frozenset[str]:
    try:
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(language).Defaults.stop_words)
    except (ImportError, KeyError, AttributeError):
        return frozenset()


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def plainly_in(text: str, language: str, min_share: float = 0.2) -> bool:
    """A cheap yes: the text is full of the language's function words. Running prose has 30-50% of
    them; a paragraph in another language has few. Only a 'no' needs the (costly) detector."""
    stop = _stop_words(language)
    words = _WORD.findall(text.lower())
    if not stop or len(words) < 8:
        return False
    return sum(1 for w in words if w in stop) / len(words) >= min_share


# -- mixed languages and scripts -------------------------------------------------------------------
def _latin(language: str) -> bool:
    from .languages import profile_for

    return profile_for(language).latin_script


# starts only at a word's start (not after its apostrophe or hyphen): each start scans its run once
_LATIN_RUN = re.compile(
    r"(?<![#@＃\w.'’\-])[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*(?:[ \t]+(?![#@＃])[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*){3,}"
)


def latin_runs(text: str, min_words: int = 4, min_letters: int = 20) -> list[tuple[int, int]]:
    """Runs of Latin-script words inside copy in another script: a sentence, not a brand name.

    Hashtags and handles are not words here; a run needs `min_words` words, `min_letters` letters
    and at least two lower-case words (sentences have them; Title Case product names do not)."""
    runs = []
    for m in _LATIN_RUN.finditer(text):
        words = m.group().split()
        lower = sum(1 for w in words if w[:1].islower())
        if len(words) >= min_words and lower >= 2 and sum(ch.isalpha() for ch in m.group()) >= min_letters:
            runs.append((m.start(), m.end()))
    return runs


@functools.lru_cache(maxsize=4)
def _converter(config: str) -> object:
    import opencc

    return opencc.OpenCC(config)


# Characters that OpenCC converts from simplified to traditional but that are also standard in
# traditional text in their own right (台灣, 皇后, 游泳, 划船, 准許, surnames 范 余 朴, and 恒, the old
# variant of 恆 that Hong Kong and Taiwan print every day: 恒生銀行, 恒春): not evidence of simplified script.
SHARED_IN_TRADITIONAL = frozenset("台里干后几云范丑咸斗岩朴涌游余划征准杰郁恒")


@functools.lru_cache(maxsize=20000)
def _only_in_other_script(ch: str, expected: str) -> bool:
    """A Han character whose form exists only in the script that is not expected."""
    if expected == "simplified":
        return bool(_converter("t2s.json").convert(ch) != ch)  # type: ignore[attr-defined]
    if ch in SHARED_IN_TRADITIONAL:
        return False
    return bool(_converter("s2t.json").convert(ch) != ch)  # type: ignore[attr-defined]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def wrong_script(text: str, expected: str) -> list[tuple[int, int]]:
    """Runs of characters written in the other Chinese script (traditional in zh-CN, or simplified
    in zh-TW/zh-HK); characters shared by both scripts never count."""
    runs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if _is_han(ch) and _only_in_other_script(ch, expected):
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs
