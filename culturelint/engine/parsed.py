"""A document parsed for one language: folded segment texts, spaCy docs, sentence and token maps."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kinds import Hit
from ..model import Document
from ..nlp import fold, parse_all

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Parsed:
    document: Document
    language: str
    texts: list[str]
    docs: list["Doc"]
    sentences: list[list[tuple[int, int]]] = field(default_factory=list)
    token_starts: list[list[int]] = field(default_factory=list)

    @classmethod
    def parse(cls, document: Document, language: str) -> "Parsed":
        texts = [fold(s.text) for s in document.segments]
        docs = parse_all(language, texts)
        parsed = cls(document, language, texts, docs)
        for doc in docs:
            parsed.sentences.append([(s.start_char, s.end_char) for s in doc.sents])
            parsed.token_starts.append([t.idx for t in doc])
        return parsed

    def sentence_of(self, hit: Hit) -> int:
        bounds = self.sentences[hit.segment]
        starts = [s for s, _ in bounds]
        return max(bisect.bisect_right(starts, hit.start) - 1, 0)

    def sentence_span(self, hit: Hit) -> tuple[int, int]:
        bounds = self.sentences[hit.segment]
        if not bounds:
            return 0, len(self.texts[hit.segment])
        return bounds[self.sentence_of(hit)]

    def token_of(self, segment: int, offset: int) -> int:
        return max(bisect.bisect_right(self.token_starts[segment], offset) - 1, 0)

    def context(self, hit: Hit) -> str:
        start, end = self.sentence_span(hit)
        return " ".join(self.texts[hit.segment][start:end].split())
