"""Whether a context hit (``near``/``unless``) lies within a scope of a rule's hit."""

from __future__ import annotations

from ..model import Hit
from ..nlp.parsed import Parsed


def in_scope(parsed: Parsed, hit: Hit, other: Hit, within: str | int) -> bool:
    if within == "document":
        return True
    if other.segment != hit.segment:
        return False
    if within == "segment":
        return True
    if within == "match":
        return other.start < hit.end and hit.start < other.end
    if within == "sentence":
        return parsed.sentence_of(hit) == parsed.sentence_of(other)
    assert isinstance(within, int)
    first = parsed.token_of(hit.segment, hit.start)
    last = parsed.token_of(hit.segment, max(hit.end - 1, hit.start))
    o_first = parsed.token_of(other.segment, other.start)
    o_last = parsed.token_of(other.segment, max(other.end - 1, other.start))
    if o_last < first:
        return first - o_last <= within
    if o_first > last:
        return o_first - last <= within
    return True


def any_in_scope(parsed: Parsed, hit: Hit, others: list[Hit], within: str | int) -> bool:
    if within == "document":
        return bool(others)
    return any(in_scope(parsed, hit, other, within) for other in _same_segment(others, hit.segment))


_BY_SEGMENT: dict[int, tuple[list[Hit], dict[int, list[Hit]]]] = {}


def _same_segment(others: list[Hit], segment: int) -> list[Hit]:
    """The hits of ``others`` in one segment (every other scope is inside a segment): grouped once
    per list, so N hits against M context hits cost N + M, not N x M."""
    if len(others) < 16:
        return others
    entry = _BY_SEGMENT.get(id(others))
    if entry is None or entry[0] is not others:
        groups: dict[int, list[Hit]] = {}
        for other in others:
            groups.setdefault(other.segment, []).append(other)
        if len(_BY_SEGMENT) > 64:
            _BY_SEGMENT.clear()
        entry = (others, groups)
        _BY_SEGMENT[id(others)] = entry
    return entry[1].get(segment, [])


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits collapse to the longest (then earliest): one finding per spot."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.segment, h.start, -(h.end - h.start))):
        if kept and kept[-1].segment == hit.segment and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
