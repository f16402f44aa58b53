"""``names``: product, campaign and hashtag names screened against words that are vulgar, obscene
or negative in the market's language (and any other languages the rule names).

A name harmless where it was coined can be slang where it is sold. Names come from front matter
``names:``, ``--name``, and brand-like tokens in the copy: a word marked ™ ® ℠, a CamelCase or
letter-and-digit model name, a hashtag, or a capitalised word inside a sentence (not in German,
which capitalises every noun). A name fires when it, or one of its words or CamelCase parts, is an
entry of the rule's lists; in unspaced scripts when it contains an entry of two or more characters.

    names: {lexicons: [vulgar-words], terms: [Mist]}
    languages: [en]          # also screen against these languages' entries
    allow: [Dick's]          # names that are fine in this market
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..kinds.terms import camel_parts
from ..model import DocumentMeta, Hit
from ..nlp import fold
from .base import MatchSpec, Raw, Rule

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.lexicons import Lexicon
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

# one to three words before a trademark sign; a word's characters and the space between words are
# told apart, so the pattern cannot split one word in many ways (that was exponential); it runs
# only in a short window before each sign (name_marks)
NAME_MARK = re.compile(r"((?:[^\W\d_][\w'’.-]*)(?:\s[^\W\d_][\w'’.-]*){0,2}?)\s?[™®℠]")
MARK = re.compile(r"[™®℠]")


def name_marks(text: str) -> list[tuple[int, int]]:
    """Spans of the names a trademark sign follows."""
    spans = []
    for mark in MARK.finditer(text):
        for m in NAME_MARK.finditer(text, max(0, mark.start() - 120), mark.end()):
            if m.end() == mark.end():
                spans.append(m.span(1))
    return spans


WORD = re.compile(r"(?<![\w#@])[^\W_][\w-]*[^\W_]")
HASHTAG = re.compile(r"(?<![\w#])#(\w{2,})")
CAPITALISED = re.compile(r"(?<=[^\W\d_]\s)[^\W\d_][\w'’-]+")  # after a word: inside a sentence
_MARKS = frozenset("™®℠")
NOUNS_CAPITALISED = {"de", "lb"}  # every noun is capitalised: a capital is no sign of a name
MIN_LETTERS = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    hit: Hit
    text: str  # the name as written


@dataclass(frozen=True, slots=True, kw_only=True)
class NameRule(Rule):
    kind: ClassVar[str] = "names"
    marker: ClassVar[str] = "names"
    own_keys: ClassVar[frozenset[str]] = frozenset({"names", "languages", "allow"})
    default_messages: ClassVar[dict[str, str]] = {"match": "{message}"}
    needs_lexicons: ClassVar[bool] = True
    reads_hits: ClassVar[bool] = False  # ``screen`` reads the copy's names itself

    names: MatchSpec
    languages: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        spec = v.match_spec(data["names"], keypath + ("names",))
        if spec.lemmas or spec.patterns or spec.regex:
            raise v.fail(keypath + ("names",), "names are screened against words: use terms, emoji or lexicons")
        return {
            "names": spec,
            "languages": v.optional(data, "languages", keypath, v.strings, ()),
            "allow": tuple(a.lower() for a in v.optional(data, "allow", keypath, v.strings, ())),
        }

    def specs(self) -> Iterator[tuple[str, MatchSpec]]:
        yield "names", self.names

    def fields(self, raw: Raw) -> dict[str, str]:
        return {"name": dict(raw.fields).get("name", "")}

    def evaluate(self, hits: Any, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        return []  # screened in ``screen``: the engine calls it with the lexicons

    def screen(self, parsed: Parsed, meta: DocumentMeta, lexicons: Mapping[str, Lexicon]) -> list[Raw]:
        words, substrings = self.entries(parsed.language, lexicons)
        out: list[Raw] = []
        seen: set[tuple[int, int, int]] = set()
        for candidate in candidates(parsed, meta):
            if fold(candidate.text).lower().strip() in self.allow:
                continue
            for start, end in self.offending(candidate.text, words, substrings):
                hit = candidate.hit
                spot = Hit(hit.segment, hit.start + start, hit.start + end) if hit.segment >= 0 else hit
                if (spot.segment, spot.start, spot.end) in seen:
                    continue
                seen.add((spot.segment, spot.start, spot.end))
                fields: tuple[tuple[str, str], ...] = (("name", candidate.text), ("word", candidate.text[start:end]))
                if hit.segment < 0:
                    fields += (("match", candidate.text),)
                out.append(Raw(self, spot, fields=fields))
        return out

    def entries(self, language: str, lexicons: Mapping[str, Lexicon]) -> tuple[frozenset[str], tuple[str, ...]]:
        """The words a name must not be or hold, and the entries found inside unspaced names."""
        cache_key = (language, id(lexicons))
        cached = _ENTRIES.get(self.id, {}).get(cache_key)
        if cached is not None:
            return cached
        specs = [self.names]
        for name in self.names.lexicons:
            for lang in (language, *self.languages):
                specs.extend(lexicons[name].entries_for(lang))
        words: set[str] = set()
        substrings: set[str] = set()
        for spec in specs:
            for term in spec.terms + spec.emoji:
                folded = " ".join(fold(term).lower().split())
                if spec.subword:
                    if len(folded) >= 2:
                        substrings.add(folded)
                elif len(folded.replace(" ", "")) >= MIN_LETTERS or not folded.isascii():
                    words.add(folded)
        result = (frozenset(words), tuple(sorted(substrings, key=len, reverse=True)))
        _ENTRIES.setdefault(self.id, {})[cache_key] = result
        return result

    @staticmethod
    def offending(name: str, words: frozenset[str], substrings: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        folded = fold(name).lower()
        if " ".join(folded.split()) in words:
            yield 0, len(name)
            return
        parts = [(a, b, folded[a:b]) for a, b in camel_parts(fold(name)) if not folded[a:b].isdigit()]
        # a run of parts longer than the longest entry cannot be one: without this bound a
        # 2 MB CamelCase "word" (a thousand parts) took cubic time
        longest = max((len(w.replace(" ", "")) for w in words), default=0)
        for i in range(len(parts)):
            stop, length = i, 0
            while stop < len(parts) and length + len(parts[stop][2]) <= longest:
                length += len(parts[stop][2])
                stop += 1
            for j in range(stop, i, -1):
                chunk = parts[i:j]
                spaced, joined = " ".join(p[2] for p in chunk), "".join(p[2] for p in chunk)
                if spaced in words or joined in words:
                    yield chunk[0][0], chunk[-1][1]
                    break
        for entry in substrings:
            index = folded.find(entry)
            if index != -1:
                yield index, index + len(entry)


_ENTRIES: dict[str, dict[tuple[str, int], tuple[frozenset[str], tuple[str, ...]]]] = {}


def brand_like(word: str) -> bool:
    """A CamelCase word (LaCrosse, iPhone) or a model name mixing letters and digits (GT86)."""
    camel = any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))
    model = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
    return camel or model


def candidates(parsed: Parsed, meta: DocumentMeta) -> Iterator[Candidate]:
    """Brand-like tokens in the copy, then declared names (where they appear, else the document)."""
    capitalised = parsed.language not in NOUNS_CAPITALISED
    found: set[tuple[int, int, int]] = set()
    for index, text in enumerate(parsed.texts):
        # name_marks looks only just before each ™, ® or ℠ (a windowed search, linear in the text)
        spans = name_marks(text) if _MARKS.intersection(text) else []
        spans += [(m.start(1), m.end(1)) for m in HASHTAG.finditer(text)]
        spans.extend(m.span() for m in WORD.finditer(text) if brand_like(m.group()))
        if capitalised:
            spans.extend(m.span() for m in CAPITALISED.finditer(text) if m.group()[0].isupper())
        for start, end in spans:
            name = text[start:end].rstrip()
            if name and (index, start, start + len(name)) not in found:
                found.add((index, start, start + len(name)))
                yield Candidate(Hit(index, start, start + len(name)), name)
    for name in meta.names:
        pattern = re.compile(r"(?<!\w)" + re.escape(fold(name)) + r"(?!\w)", re.IGNORECASE)
        spots = [(i, m) for i, text in enumerate(parsed.texts) for m in pattern.finditer(text)]
        for index, m in spots:
            if (index, m.start(), m.end()) not in found:
                found.add((index, m.start(), m.end()))
                written = parsed.document.segments[index].text[m.start() : m.end()]
                yield Candidate(Hit(index, m.start(), m.end()), written)
        if not spots:
            yield Candidate(Hit(-1, 0, 0), name)
