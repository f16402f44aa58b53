"""A document parsed for one language: folded segment texts, and (on demand, segment by segment)
spaCy docs with sentence boundaries and the maps from characters to sentences and tokens that
scopes (``within``) need.

Tokenising is most of a run's cost, and most segments hold nothing any rule can match: the texts
are ready at once, but a segment is tokenised only when something asks for its doc, sentences or
tokens (the matcher bundle for segments its prefilter lets through, a scope or a finding's context
for a segment with a hit). What a segment's entries hold does not depend on which other segments
were parsed, or when: each is the same as a whole-document parse gives. ``CULTURELINT_PREFILTER=0``
parses every segment up front (the old full path)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from ..model import Document, Hit
from . import fold, parse_all

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")


class _PerSegment(Sequence[T], Generic[T]):
    """One entry per segment, parsed on first access (``parsed.docs[3]`` tokenises segment 3 only)."""

    __slots__ = ("_owner", "_values")

    def __init__(self, owner: Parsed, values: list[T | None]) -> None:
        self._owner = owner
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._values)))]
        value = self._values[index]
        if value is None:
            self._owner.ensure((index % len(self._values),))
            value = self._values[index]
        return value

    def __iter__(self) -> Iterator[T]:
        self._owner.ensure(range(len(self._values)))
        return iter(self._values)  # type: ignore[arg-type]


class Parsed:
    __slots__ = (
        "_docs",
        "_ends",
        "_starts",
        "_tokens",
        "copy_text",
        "docs",
        "document",
        "language",
        "model",
        "sentence_ends",
        "sentence_starts",
        "texts",
        "token_starts",
    )

    def __init__(self, document: Document, language: str, texts: tuple[str, ...], model: str | None = None) -> None:
        self.document = document
        self.language = language
        self.texts = texts
        self.model = model
        self.copy_text = document.copy_text()
        count = len(texts)
        self._docs: list[Doc | None] = [None] * count
        self._starts: list[tuple[int, ...] | None] = [None] * count
        self._ends: list[tuple[int, ...] | None] = [None] * count
        self._tokens: list[tuple[int, ...] | None] = [None] * count
        self.docs: Sequence[Doc] = _PerSegment(self, self._docs)
        self.sentence_starts: Sequence[tuple[int, ...]] = _PerSegment(self, self._starts)
        self.sentence_ends: Sequence[tuple[int, ...]] = _PerSegment(self, self._ends)
        self.token_starts: Sequence[tuple[int, ...]] = _PerSegment(self, self._tokens)

    @classmethod
    def parse(cls, document: Document, language: str, model: str | None = None, *, lazy: bool | None = None) -> Parsed:
        """The document's folded texts; every segment tokenised now unless ``lazy`` (the default
        when the prefilter is on)."""
        from ..kinds.prefilter import enabled

        parsed = cls(document, language, tuple(fold(s.text) for s in document.segments), model)
        if not (enabled() if lazy is None else lazy):
            parsed.ensure(range(len(parsed.texts)))
        return parsed

    def is_parsed(self, index: int) -> bool:
        return self._docs[index] is not None

    def ensure(self, indices: Iterable[int]) -> None:
        """Tokenise the given segments that are not yet (in one batch)."""
        todo = [i for i in dict.fromkeys(indices) if self._docs[i] is None]
        if not todo:
            return
        docs = parse_all(self.language, [self.texts[i] for i in todo], self.model)
        for index, doc in zip(todo, docs, strict=True):
            starts, ends, tokens = _spans(doc)
            self._starts[index], self._ends[index], self._tokens[index] = starts, ends, tokens
            self._docs[index] = doc

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


def _spans(doc: Doc) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Sentence start and end characters and token start characters of a doc, read from its arrays
    (what ``doc.sents`` gives, without making a Python object per token)."""
    if not len(doc):
        return (), (), ()
    from spacy.attrs import IDX, LENGTH, SENT_START

    array = doc.to_array([IDX, LENGTH, SENT_START])
    idx = array[:, 0].tolist()
    first = [0] + ((array[1:, 2] == 1).nonzero()[0] + 1).tolist()
    lasts = [i - 1 for i in first[1:]] + [len(doc) - 1]
    lengths = array[:, 1]
    starts = tuple(idx[i] for i in first)
    ends = tuple(idx[i] + int(lengths[i]) for i in lasts)
    return starts, ends, tuple(idx)
