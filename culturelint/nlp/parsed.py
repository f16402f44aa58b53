"""A document parsed for one language: folded segment texts, spaCy docs with sentence boundaries,
and the maps from characters to sentences and tokens that scopes (``within``) need. Built whole
before any rule is evaluated; nothing in it changes afterwards."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Document, Hit
from . import fold, parse_all

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Parsed:
    document: Document
    language: str
    texts: tuple[str, ...]
    docs: tuple[Doc, ...]
    sentence_starts: tuple[tuple[int, ...], ...]
    sentence_ends: tuple[tuple[int, ...], ...]
    token_starts: tuple[tuple[int, ...], ...]
    copy_text: str
    model: str | None = None

    @classmethod
    def parse(cls, document: Document, language: str, model: str | None = None) -> Parsed:
        texts = tuple(fold(s.text) for s in document.segments)
        docs = tuple(parse_all(language, list(texts), model))
        starts, ends = [], []
        for doc in docs:
            sents = list(doc.sents) if len(doc) else []
            starts.append(tuple(s.start_char for s in sents))
            ends.append(tuple(s.end_char for s in sents))
        tokens = tuple(tuple(doc.to_array("IDX").tolist()) if len(doc) else () for doc in docs)
        return cls(document, language, texts, docs, tuple(starts), tuple(ends), tokens, document.copy_text(), model)

    def sentence_of(self, hit: Hit) -> int:
        return max(bisect.bisect_right(self.sentence_starts[hit.segment], hit.start) - 1, 0)

    def sentence_span(self, hit: Hit) -> tuple[int, int]:
        starts = self.sentence_starts[hit.segment]
        if not starts:
            return 0, len(self.texts[hit.segment])
        index = self.sentence_of(hit)
        return starts[index], self.sentence_ends[hit.segment][index]

    def token_of(self, segment: int, offset: int) -> int:
        return max(bisect.bisect_right(self.token_starts[segment], offset) - 1, 0)

    def context(self, hit: Hit) -> str:
        start, end = self.sentence_span(hit)
        return " ".join(self.texts[hit.segment][start:end].split())
