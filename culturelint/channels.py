"""Channels: where each platform folds a post ("more"), read from the built-in ``rules/channels.yaml``.

A requirement rule's placement uses the channel's cut-off in place of the pack's ``first_chars``
when the document names a channel this table knows; an unknown channel (``newsletter``, ``web``)
keeps the pack's own placement. See docs/writing-rules.md, "Channels and cut-offs".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import PackError
from .validation import Validator, load_located

CHANNEL_KEYS = ("names", "cut_off", "title", "post_only", "tool", "confidence", "sources")


@dataclass(frozen=True, slots=True)
class Channel:
    name: str  # the canonical name: instagram, tiktok, youtube, x, weibo, xiaohongshu, line, naver-blog
    names: tuple[str, ...]
    cut_off: int | None = None  # characters shown before "more"; None = the platform does not fold
    title: bool = False  # the platform shows a title above the text (the copy's first line)
    post_only: bool = False  # the label must be in the post itself, not a reply
    tool: str | None = None  # the platform's own disclosure tool
    confidence: str = "medium"
    sources: tuple[str, ...] = ()

    def label(self) -> str:
        """How reports name the channel: ``Instagram (125-character cut-off)``."""
        display = DISPLAY.get(self.name, self.name)
        return f"{display} ({self.cut_off}-character cut-off)" if self.cut_off else display


DISPLAY = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "x": "X",
    "weibo": "Weibo",
    "xiaohongshu": "Xiaohongshu",
    "line": "LINE",
    "naver-blog": "Naver Blog",
}


def _path() -> Path:
    from .packs.loader import CHANNELS_FILE, builtin_rules_dir

    return builtin_rules_dir() / CHANNELS_FILE


@functools.lru_cache(maxsize=1)
def channel_table() -> dict[str, Channel]:
    """Every spelling of every channel (lower case) -> its Channel."""
    path = _path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PackError(f"cannot read channel table: {exc}", str(path)) from None
    v = Validator(load_located(text, str(path)), PackError)
    data = v.mapping(v.src.data or {}, (), ("channels", "reviewed"), required=("channels",))
    table: dict[str, Channel] = {}
    for name, entry in v.mapping(data["channels"], ("channels",)).items():
        where = ("channels", name)
        fields = v.mapping(entry, where, CHANNEL_KEYS, required=("names", "sources"))
        cut_off = fields.get("cut_off")
        channel = Channel(
            name=str(name),
            names=v.strings(fields["names"], where + ("names",)),
            cut_off=None if cut_off is None else v.integer(cut_off, where + ("cut_off",), 1),
            title=v.optional(fields, "title", where, v.boolean, False),
            post_only=v.optional(fields, "post_only", where, v.boolean, False),
            tool=v.optional(fields, "tool", where, v.string),
            confidence=v.optional(fields, "confidence", where, lambda x, p: v.choice(x, p, ("high", "medium", "low")))
            or "medium",
            sources=v.strings(fields["sources"], where + ("sources",)),
        )
        for spelling in {str(name), *channel.names}:
            table[spelling.strip().lower()] = channel
    return table


def channel_for(name: str | None) -> Channel | None:
    """The channel a document names, by any of its spellings; None for an unknown or no channel."""
    if not name:
        return None
    return channel_table().get(name.strip().lower())


def channels() -> list[Channel]:
    """Each channel once, in the table's order."""
    return list({c.name: c for c in channel_table().values()}.values())
