"""Where a required label must stand: on the first line, within the first N characters (before a
platform's "more"), before the closing hashtags, among the first N hashtags, or at an edge of the
hashtag row. Used by the requirement kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..model import Hit
from .base import document_start

if TYPE_CHECKING:
    from ..channels import Channel
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

PLACEMENT_KEYS = ("first_chars", "first_line", "before_hashtags", "within_hashtags", "hashtag_row_edge", "any_of")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a required label must stand. With ``any_of`` one satisfied condition is enough
    (Korea: the first line *or* the first hashtag); otherwise all must hold."""

    first_chars: int | None = None
    first_line: bool = False
    before_hashtags: bool = False
    within_hashtags: int | None = None  # a hashtag label must be among the first N hashtags
    hashtag_row_edge: bool = False  # a hashtag label must open or close its row of hashtags
    any_of: bool = False
    # set from the document's channel (rules/channels.yaml), never from pack YAML: the platform's
    # "more" cut-off, which must hold whatever ``any_of`` says, and whether a title line counts
    channel: Channel | None = None

    def for_channel(self, channel: Channel | None) -> Placement:
        """This placement on a channel: the channel's cut-off replaces ``first_chars``."""
        if channel is None:
            return self
        return replace(self, channel=channel, first_chars=None if channel.cut_off else self.first_chars)

    @staticmethod
    def parse_with(v: PackValidator) -> Callable[[Any, KeyPath], Placement]:
        def parse(value: Any, keypath: KeyPath) -> Placement:
            data = v.mapping(value, keypath, PLACEMENT_KEYS)

            def flag(key: str) -> bool:
                return v.boolean(data.get(key, False), keypath + (key,))

            def number(key: str) -> int | None:
                found: int | None = v.optional(data, key, keypath, lambda x, p: v.integer(x, p, 1))
                return found

            return Placement(
                first_chars=number("first_chars"),
                first_line=flag("first_line"),
                before_hashtags=flag("before_hashtags"),
                within_hashtags=number("within_hashtags"),
                hashtag_row_edge=flag("hashtag_row_edge"),
                any_of=flag("any_of"),
            )

        return parse

    def describe(self) -> str:
        joiner = " or " if self.any_of else " and "
        own = joiner.join(text for text, _, _ in _conditions(self))
        cut = _channel_condition(self)
        if cut and own:
            return f"{cut[0]}, {own}" if not self.any_of else f"{cut[0]}, and {own}"
        return (cut[0] if cut else own) or "upfront"


Condition = tuple[str, Callable[[Hit, "Parsed"], bool], bool]  # description, holds?, about hashtags?


def _conditions(placement: Placement) -> list[Condition]:
    """(description, holds?, about hashtags?) for every condition a placement sets."""
    out: list[Condition] = []
    if placement.first_line:
        out.append(("on the first line", _on_first_line, False))
    if placement.first_chars:
        limit = placement.first_chars
        out.append((f"within the first {limit} characters", lambda h, p: copy_offset(h, p) < limit, False))
    if placement.within_hashtags:
        count = placement.within_hashtags
        out.append(
            (
                "as the first hashtag" if count == 1 else f"among the first {count} hashtags",
                lambda h, p: _hashtags_before(h, p) < count,
                True,
            )
        )
    if placement.before_hashtags:
        out.append(("before the closing hashtags", lambda h, p: not _buried(h, p), False))
    if placement.hashtag_row_edge:
        out.append(("at the front or the end of the hashtag row", _at_row_edge, True))
    return out


def _channel_condition(placement: Placement) -> Condition | None:
    """The channel's cut-off: the label must be visible before "more" (in the title, where the
    platform shows one)."""
    channel = placement.channel
    if channel is None or not channel.cut_off:
        return None
    limit = channel.cut_off
    name = channel.label().split(" (")[0]
    if channel.title:
        return (
            f"in the title or the first {limit} characters of the description, before {name}'s “more” cut-off",
            lambda h, p: _on_first_line(h, p) or description_offset(h, p) < limit,
            False,
        )
    return (
        f"within the first {limit} characters, before {name}'s “more” cut-off",
        lambda h, p: copy_offset(h, p) < limit,
        False,
    )


def cut_off_problem(placement: Placement, hit: Hit, parsed: Parsed) -> str | None:
    """The channel's cut-off condition, if it fails for the hit."""
    condition = _channel_condition(placement)
    if condition and not condition[1](hit, parsed):
        return condition[0]
    return None


def placement_problems(placement: Placement, hit: Hit, parsed: Parsed) -> list[str]:
    if placement.channel and placement.channel.title and _on_first_line(hit, parsed):
        return []  # a label in the title is the first thing anyone reads
    cut = cut_off_problem(placement, hit, parsed)
    own = _own_problems(placement, hit, parsed)
    return ([cut] if cut else []) + own


def _own_problems(placement: Placement, hit: Hit, parsed: Parsed) -> list[str]:
    conditions = _conditions(placement)
    # a label buried in the closing hashtags is not "on the first line" of a one-line caption just
    # because the caption has one line: there, only the hashtag conditions can accept it
    buried = placement.any_of and _buried(hit, parsed)
    # and a plain-word label cannot pass as "the first hashtag" of a caption that has none before it
    plain = placement.any_of and not _is_hashtag(hit, parsed)
    failed = [
        text
        for text, holds, about_hashtags in conditions
        if (buried and not about_hashtags) or (plain and about_hashtags) or not holds(hit, parsed)
    ]
    if placement.any_of and len(failed) < len(conditions):
        return []
    return [" or ".join(failed)] if placement.any_of and failed else failed


_HASHTAG = re.compile(r"[#＃][^\s#＃]+")


def _is_hashtag(hit: Hit, parsed: Parsed) -> bool:
    text = parsed.texts[hit.segment]
    return any(m.start() <= hit.start < m.end() for m in _HASHTAG.finditer(text))


def _hashtags_before(hit: Hit, parsed: Parsed) -> int:
    count = sum(len(_HASHTAG.findall(t)) for t in parsed.texts[: hit.segment])
    return count + len(_HASHTAG.findall(parsed.texts[hit.segment][: hit.start]))


def _at_row_edge(hit: Hit, parsed: Parsed) -> bool:
    """A hashtag label opens or closes its run of hashtags (the Dutch code allows either end)."""
    text = parsed.texts[hit.segment]
    tags = list(_HASHTAG.finditer(text))
    index = next((i for i, m in enumerate(tags) if m.start() <= hit.start < m.end()), None)
    if index is None:
        return True  # a plain-word label is not part of a hashtag row

    def joined(a: re.Match[str], b: re.Match[str]) -> bool:
        return not text[a.end() : b.start()].strip()

    opens = index == 0 or not joined(tags[index - 1], tags[index])
    closes = index == len(tags) - 1 or not joined(tags[index], tags[index + 1])
    return opens or closes


def copy_offset(hit: Hit, parsed: Parsed) -> int:
    """How many characters of copy (whitespace collapsed) come before the hit."""
    before = [" ".join(t.split()) for t in parsed.texts[: hit.segment]]
    count = sum(len(t) + 1 for t in before if t)
    head = parsed.texts[hit.segment][: hit.start]
    return count + len(" ".join(head.split()))


def description_offset(hit: Hit, parsed: Parsed) -> int:
    """Characters of copy before the hit, not counting the title (the copy's first line)."""
    start = document_start(parsed)
    title = " ".join(parsed.texts[start.segment][start.start : start.end].split())
    return max(copy_offset(hit, parsed) - len(title) - 1, 0)


def _on_first_line(hit: Hit, parsed: Parsed) -> bool:
    start = document_start(parsed)
    if hit.segment != start.segment:
        return False
    return "\n" not in parsed.texts[hit.segment][start.start : hit.start]


_TAIL_TOKEN = re.compile(r"[#＃][^\s#＃]+|@[\w.]+|[^\w\s#＃@]+", re.UNICODE)


def _tail(text: str) -> tuple[int, int]:
    """Where the closing run of hashtags, handles and emoji starts in ``text``, and its tag count."""
    position = len(text.rstrip())
    tags = 0
    for m in reversed(list(_TAIL_TOKEN.finditer(text))):
        if text[m.end() : position].strip():
            break
        tags += m.group().startswith(("#", "＃"))
        position = m.start()
    return position, tags


def _buried(hit: Hit, parsed: Parsed) -> bool:
    """Is the hit inside a closing block of hashtags with at least two other tags?"""
    tags = 0
    for index in range(len(parsed.texts) - 1, hit.segment - 1, -1):
        start, count = _tail(parsed.texts[index])
        tags += count
        if index == hit.segment:
            return hit.start >= start and tags - 1 >= 2
        if parsed.texts[index][:start].strip():
            return False
    return False
