"""A document parsed for one language: folded segment texts, spaCy docs, sentence and token maps."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kinds import Hit
from ..model import Document
from ..nlp import fold, parse_all, segment_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Parsed:
    document: Document
    language: str
    texts: list[str]
    docs: list["Doc"]
    model: str | None = None
    _sentences: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    _token_starts: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, document: Document, language: str, model: str | None = None) -> "Parsed":
        texts = [fold(s.text) for s in document.segments]
        return cls(document, language, texts, parse_all(language, texts, model), model=model)

    def _bounds(self, segment: int) -> tuple[list[int], list[int]]:
        """Sentence starts and ends of a segment, worked out only for segments with hits."""
        bounds = self._sentences.get(segment)
        if bounds is None:
            doc = self.docs[segment] = segment_sentences(self.language, self.docs[segment], self.model)
            sents = list(doc.sents)
            bounds = ([s.start_char for s in sents], [s.end_char for s in sents])
            self._sentences[segment] = bounds
        return bounds

    def sentence_of(self, hit: Hit) -> int:
        starts, _ = self._bounds(hit.segment)
        return max(bisect.bisect_right(starts, hit.start) - 1, 0)

    def sentence_span(self, hit: Hit) -> tuple[int, int]:
        starts, ends = self._bounds(hit.segment)
        if not starts:
            return 0, len(self.texts[hit.segment])
        index = self.sentence_of(hit)
        return starts[index], ends[index]

    def token_of(self, segment: int, offset: int) -> int:
        starts = self._token_starts.get(segment)
        if starts is None:
            starts = self._token_starts[segment] = self.docs[segment].to_array("IDX").tolist()
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def context(self, hit: Hit) -> str:
        start, end = self.sentence_span(hit)
        return " ".join(self.texts[hit.segment][start:end].split())
