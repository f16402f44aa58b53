"""Turn hits into raw findings, one function per rule kind: match, requirement, consistency, language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..kinds import Hit
from ..langid import SPACED_SCRIPTS, detect, latin_runs, plainly_in, wrong_script
from ..model import DocumentMeta
from ..packs.rule import Placement, Rule
from .compile import key
from .parsed import Parsed
from .scope import any_in_scope, longest_first

Hits = dict[str, list[Hit]]


@dataclass(frozen=True, slots=True)
class Raw:
    """A rule firing at a spot, before it is placed in the source and stamped as a Finding."""

    rule: Rule
    hit: Hit
    case: str = "match"
    fields: tuple[tuple[str, str], ...] = ()


def evaluate(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str = "") -> list[Raw]:
    if rule.kind == "locale":
        return locale_rule(rule, hits, parsed, meta, market)
    if rule.kind == "consistency":
        return consistency_rule(rule, hits, parsed, meta, meta.voice or meta.voices.get(market))
    return EVALUATORS[rule.kind](rule, hits, parsed, meta)


def locale_rule(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
    """Spans that break the market's CLDR conventions, filtered by the rule's near/unless."""
    from .localeformat import CHECKS, formats_for

    assert rule.locale_format is not None
    formats = formats_for(market)
    if formats is None:
        return []
    check = CHECKS[rule.locale_format.check]
    unless = hits.get(key(rule.id, "unless"), [])
    out = []
    for index, text in enumerate(parsed.texts):
        for span in check(text, formats):
            hit = Hit(index, span.start, span.end)
            if rule.unless and any_in_scope(parsed, hit, unless, rule.unless.within):
                continue
            out.append(Raw(rule, hit, "match", span.fields))
    return out


def when_holds(rule: Rule, meta: DocumentMeta) -> bool:
    """For match rules: ``when: {sponsored: true}`` limits a rule to paid posts (Australia bans paid
    testimonials for therapeutic goods), ``channels`` to some platforms."""
    when = rule.when
    if when is None:
        return True
    if when.channels and (meta.channel or "").lower() not in when.channels:
        return False
    return when.sponsored is None or meta.sponsored == when.sponsored


def match_rule(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta) -> list[Raw]:
    found = longest_first(hits.get(key(rule.id, "match"), []))
    if not found or not when_holds(rule, meta):
        return []
    near = hits.get(key(rule.id, "near"), [])
    unless = hits.get(key(rule.id, "unless"), [])
    out = []
    for hit in found:
        if rule.near and not any_in_scope(parsed, hit, near, rule.near.within):
            continue
        if rule.unless and any_in_scope(parsed, hit, unless, rule.unless.within):
            continue
        out.append(Raw(rule, hit))
    return out


def document_start(parsed: Parsed) -> Hit:
    """The first line of copy: where a finding about the whole document points."""
    for index, text in enumerate(parsed.texts):
        stripped = text.lstrip()
        if stripped:
            start = len(text) - len(stripped)
            end = text.find("\n", start)
            return Hit(index, start, end if end != -1 else len(text.rstrip()))
    return Hit(0, 0, 0)


def requirement_rule(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta) -> list[Raw]:
    when = rule.when
    expected = when.sponsored if when else True
    if when and when.channels and (meta.channel or "").lower() not in when.channels:
        return []
    required = longest_first(hits.get(key(rule.id, "require"), []))
    rejected = [h for h in longest_first(hits.get(key(rule.id, "reject"), []))
                if not any(h.segment == r.segment and h.start < r.end and r.start < h.end
                           for r in required)]
    signals = longest_first(hits.get(key(rule.id, "signals"), []))
    if expected is None:  # whatever the sponsorship: the signals alone make the label mandatory
        if when and when.signals and not signals:
            return []
    elif meta.sponsored is None:
        if not signals or required:
            return []
        if rejected:
            return [Raw(rule, h, "rejected") for h in rejected]
        return [Raw(rule, signals[0], "unlabelled")]
    elif meta.sponsored != expected:
        return []
    if not required:
        if rejected:
            return [Raw(rule, h, "rejected") for h in rejected]
        return [Raw(rule, document_start(parsed), "missing")]
    first = required[0]
    problems = placement_problems(rule.placement, first, parsed) if rule.placement else []
    if problems:
        return [Raw(rule, first, "misplaced", (("placement", " and ".join(problems)),))]
    return []


Condition = tuple[str, Callable[[Hit, Parsed], bool], bool]  # description, holds?, about hashtags?


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
        out.append(("as the first hashtag" if count == 1 else f"among the first {count} hashtags",
                    lambda h, p: _hashtags_before(h, p) < count, True))
    if placement.before_hashtags:
        out.append(("before the closing hashtags", lambda h, p: not _buried(h, p), False))
    if placement.hashtag_row_edge:
        out.append(("at the front or the end of the hashtag row", _at_row_edge, True))
    return out


def placement_description(placement: Placement) -> str:
    joiner = " or " if placement.any_of else " and "
    return joiner.join(text for text, _, _ in _conditions(placement)) or "upfront"


def placement_problems(placement: Placement, hit: Hit, parsed: Parsed) -> list[str]:
    conditions = _conditions(placement)
    # a label buried in the closing hashtags is not "on the first line" of a one-line caption just
    # because the caption has one line: there, only the hashtag conditions can accept it
    buried = placement.any_of and _buried(hit, parsed)
    failed = [text for text, holds, about_hashtags in conditions
              if (buried and not about_hashtags) or not holds(hit, parsed)]
    if placement.any_of and len(failed) < len(conditions):
        return []
    return [" or ".join(failed)] if placement.any_of and failed else failed


_HASHTAG = re.compile(r"[#＃][^\s#＃]+")


def _hashtags_before(hit: Hit, parsed: Parsed) -> int:
    count = sum(len(_HASHTAG.findall(t)) for t in parsed.texts[:hit.segment])
    return count + len(_HASHTAG.findall(parsed.texts[hit.segment][:hit.start]))


def _at_row_edge(hit: Hit, parsed: Parsed) -> bool:
    """A hashtag label opens or closes its run of hashtags (the Dutch code allows either end)."""
    text = parsed.texts[hit.segment]
    tags = list(_HASHTAG.finditer(text))
    index = next((i for i, m in enumerate(tags) if m.start() <= hit.start < m.end()), None)
    if index is None:
        return True  # a plain-word label is not part of a hashtag row
    joined = lambda a, b: not text[a.end():b.start()].strip()  # noqa: E731
    opens = index == 0 or not joined(tags[index - 1], tags[index])
    closes = index == len(tags) - 1 or not joined(tags[index], tags[index + 1])
    return opens or closes


def copy_offset(hit: Hit, parsed: Parsed) -> int:
    """How many characters of copy (whitespace collapsed) come before the hit."""
    before = [" ".join(t.split()) for t in parsed.texts[:hit.segment]]
    count = sum(len(t) + 1 for t in before if t)
    head = parsed.texts[hit.segment][:hit.start]
    return count + len(" ".join(head.split()))


def _on_first_line(hit: Hit, parsed: Parsed) -> bool:
    start = document_start(parsed)
    if hit.segment != start.segment:
        return False
    return "\n" not in parsed.texts[hit.segment][start.start:hit.start]


_TAIL_TOKEN = re.compile(r"[#＃][^\s#＃]+|@[\w.]+|[^\w\s#＃@]+", re.UNICODE)


def _tail(text: str) -> tuple[int, int]:
    """Where the closing run of hashtags, handles and emoji starts in ``text``, and its tag count."""
    position = len(text.rstrip())
    tags = 0
    for m in reversed(list(_TAIL_TOKEN.finditer(text))):
        if text[m.end():position].strip():
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


def consistency_rule(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta,
                     voice: str | None = None) -> list[Raw]:
    """Mixed registers within a scope; or, when the brand's voice is set for the market and names
    one of the groups, every use of another group."""
    assert rule.consistency is not None
    by_group = {name: longest_first(hits.get(key(rule.id, f"group:{name}"), []))
                for name, _ in rule.consistency.groups}
    if voice is not None and voice in by_group:
        return [Raw(rule, hit, "voice", (("group", name), ("main", voice)))
                for name, found in by_group.items() if name != voice for hit in found]
    scopes: list[int | None] = [None] if rule.consistency.within == "document" \
        else list(range(len(parsed.texts)))
    out: list[Raw] = []
    for scope in scopes:
        present = {name: [h for h in found if scope is None or h.segment == scope]
                   for name, found in by_group.items()}
        present = {name: found for name, found in present.items() if found}
        if len(present) < 2:
            continue
        main = max(present, key=lambda n: (len(present[n]), -min(present[n]).segment,
                                           -min(present[n]).start))
        for name, found in present.items():
            if name == main:
                continue
            fields = (("group", name), ("main", main))
            out.extend(Raw(rule, hit, "mixed", fields) for hit in found)
    return out


def language_rule(rule: Rule, hits: Hits, parsed: Parsed, meta: DocumentMeta) -> list[Raw]:
    assert rule.detect_language is not None
    return LANGUAGE_CHECKS[rule.detect_language.check](rule, parsed)


def _not_market_language(rule: Rule, parsed: Parsed) -> list[Raw]:
    check = rule.detect_language
    assert check is not None
    found = detect(parsed.document.copy_text(), check.min_chars, parsed.language)
    if found is None or found.language == parsed.language or found.probability < check.min_probability:
        return []
    return [Raw(rule, document_start(parsed), "language", (("detected", found.language),
                                                            ("expected", parsed.language)))]


def _mixed_language(rule: Rule, parsed: Parsed) -> list[Raw]:
    """A paragraph in another language, or (in a non-Latin script) a sentence of Latin words."""
    check = rule.detect_language
    assert check is not None
    out = []
    whole = detect(parsed.document.copy_text(), check.min_chars, parsed.language)
    if whole is not None and whole.language != parsed.language:
        return []  # the document as a whole is off: that is the market-language check's finding
    if parsed.language not in SPACED_SCRIPTS:
        for index, text in enumerate(parsed.texts):
            out.extend(Raw(rule, Hit(index, start, end), "mixed-language",
                           (("detected", "Latin-script text"), ("expected", parsed.language)))
                       for start, end in latin_runs(text))
        return out
    if whole is None:
        return []
    for index, text in enumerate(parsed.texts):
        if plainly_in(text, parsed.language):
            continue
        found = detect(text, check.min_chars)
        if found and found.language != parsed.language and found.probability >= check.min_probability:
            stripped = text.lstrip()
            start = len(text) - len(stripped)
            end = text.find("\n", start)
            out.append(Raw(rule, Hit(index, start, end if end != -1 else len(text.rstrip())),
                           "mixed-language", (("detected", found.language), ("expected", parsed.language))))
    return out


def _wrong_script(rule: Rule, parsed: Parsed) -> list[Raw]:
    check = rule.detect_language
    assert check is not None and check.script is not None
    out = []
    for index, text in enumerate(parsed.texts):
        runs = wrong_script(text, check.script)
        count = sum(end - start for start, end in runs)
        if count >= check.min_count:
            start, end = runs[0]
            out.append(Raw(rule, Hit(index, start, end), "script",
                           (("count", str(count)), ("script", check.script))))
    return out


LANGUAGE_CHECKS: dict[str, Callable[[Rule, Parsed], list[Raw]]] = {
    "market": _not_market_language,
    "mixed": _mixed_language,
    "script": _wrong_script,
}


EVALUATORS: dict[str, Callable[[Rule, Hits, Parsed, DocumentMeta], list[Raw]]] = {
    "match": match_rule,
    "requirement": requirement_rule,
    "consistency": lambda rule, hits, parsed, meta: consistency_rule(rule, hits, parsed, meta),
    "language": language_rule,
}
