"""spaCy's rule-based tokenizer with its special cases (tokenizer exceptions) added when first needed.

spaCy adds every exception of a language when the tokenizer is built: Indonesian has 15,963 of them
(reduplications such as ``anak-anak`` in several case forms, abbreviations), and adding them costs
more than importing spaCy. A special case can only change the tokens of a text that contains its
string, so this tokenizer keeps the exceptions aside and, before tokenising a text, adds the ones
whose string occurs in it (a key without whitespace lies inside one whitespace-free chunk of the
text; the few keys with a space, such as "Dr. med", are looked up in the whole text). Each chunk is
scanned once per process; the tokens are those of the eager tokenizer (a test compares them on
every corpus line and on every exception string).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from spacy import util
from spacy.tokenizer import Tokenizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

FACTORY = "culturelint.lazy_tokenizer.v1"
SEEN_LIMIT = 500_000  # chunks remembered as scanned (a long-running server forgets and rescans)


class LazySpecialsTokenizer(Tokenizer):  # type: ignore[misc]
    """A ``spacy.tokenizer.Tokenizer`` whose special cases are added on first occurrence."""

    def __init__(self, vocab: Any, rules: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(vocab, {}, *args, **kwargs)
        self.pending: dict[str, Any] = dict(rules or {})
        self._spaced = [key for key in self.pending if any(ch.isspace() for ch in key)]
        self._lengths = sorted({len(key) for key in self.pending if key not in self._spaced})
        self._seen: set[str] = set()

    def __call__(self, string: str) -> Doc:
        if self.pending:
            self.add_present(string)
        doc: Doc = super().__call__(string)
        return doc

    def __reduce__(self) -> Any:
        _cls, args, *rest = super().__reduce__()
        return (type(self), (args[0], {**self.pending, **args[1]}, *args[2:]), *rest)

    def add_present(self, string: str) -> int:
        """Add the pending special cases whose string occurs in ``string``; the number added."""
        pending, lengths, seen = self.pending, self._lengths, self._seen
        found = [key for key in self._spaced if key in pending and key in string]
        if len(seen) > SEEN_LIMIT:
            seen.clear()
        for chunk in string.split():
            if chunk in seen:
                continue
            seen.add(chunk)
            n = len(chunk)
            for i in range(n):
                for length in lengths:
                    if i + length > n:
                        break
                    piece = chunk[i : i + length]
                    if piece in pending:
                        found.append(piece)
        added = 0
        for key in found:
            rule = pending.pop(key, None)
            if rule is not None:
                self.add_special_case(key, rule)
                added += 1
        return added


def lazy_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's default tokenizer factory (``spacy.Tokenizer.v1``), with lazily added special cases."""
    defaults = nlp.Defaults
    return LazySpecialsTokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
        infix_finditer=util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


def register() -> str:
    """Register the factory with spaCy (once) and return its name for a pipeline config."""
    if FACTORY not in util.registry.tokenizers:
        factory: Callable[[], Callable[[Language], Tokenizer]] = lambda: lazy_tokenizer
        util.registry.tokenizers.register(FACTORY, func=factory)
    return FACTORY
