"""Which language copy is in: a script check first, langdetect (seeded) where the script leaves doubt."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SAMPLE_CHARS = 3000
SCRIPT_MIN_LETTERS = 8
_NOISE = re.compile(r"(https?://\S+|www\.\S+|[#＃@][\w\-]+|\{[^}]*\}|\S+@\S+\.\w+)", re.UNICODE)

# Scripts that name a language on their own (kana before Han: Japanese uses both).
_SCRIPT_LANGUAGE = (("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"), ("THAI", "th"))


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
    for script, language in _SCRIPT_LANGUAGE:
        if sum(1 for n in names if n.startswith(script)) >= max(2, len(names) // 10):
            return language
    if sum(1 for n in names if n.startswith("CJK UNIFIED")) > len(names) // 2:
        return "zh"
    return None


@functools.lru_cache(maxsize=1)
def _factory() -> object:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory  # noqa: SLF001 - loaded once per process


@functools.lru_cache(maxsize=256)
def detect(text: str, min_chars: int = 40) -> Detection | None:
    """The language of ``text``, or None when there is too little to judge."""
    sample = clean(text)[:SAMPLE_CHARS]
    letters = _letters(sample)
    script = _script_guess(sample)
    if script is not None and letters >= SCRIPT_MIN_LETTERS:
        return Detection(script, 1.0, letters)  # kana, hangul, Thai: a few letters settle it
    if letters < min_chars:
        return None
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
