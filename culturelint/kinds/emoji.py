"""``emoji``: emoji in copy, with skin tones and variation selectors folded away."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .bundle import MatcherBundle
from .prefilter import literal_anchors

ZWJ = "\u200d"
_MODIFIERS = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400)) | {"\ufe0f", "\ufe0e"}


@functools.lru_cache(maxsize=64)
def _stripped(text: str) -> tuple[str, list[int]]:
    """``strip_modifiers`` once per text, whatever the number of emoji rules (read-only result)."""
    return strip_modifiers(text)


def strip_modifiers(text: str) -> tuple[str, list[int]]:
    """The text without skin-tone modifiers or variation selectors, and each kept char's index."""
    kept: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch not in _MODIFIERS:
            kept.append(ch)
            index.append(i)
    return "".join(kept), index


class EmojiKind:
    name = "emoji"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        wanted = sorted({strip_modifiers(str(v))[0] for v in values}, key=len, reverse=True)

        def finder(text: str) -> Iterable[tuple[int, int]]:
            if text.isascii():
                return
            bare, index = _stripped(text)
            for emoji in wanted:
                start = bare.find(emoji)
                while start != -1:
                    end = start + len(emoji)
                    joined = (start > 0 and bare[start - 1] == ZWJ) or (end < len(bare) and bare[end] == ZWJ)
                    if not joined:
                        stop = index[end - 1] + 1
                        while stop < len(text) and text[stop] in _MODIFIERS:
                            stop += 1
                        yield index[start], stop
                    start = bare.find(emoji, end)

        # an emoji is found only where its first code point is (modifiers come after it)
        anchors = literal_anchors((e[0] for e in wanted), bundle.normal) if all(wanted) else None
        bundle.add_finder(key, finder, anchors)
