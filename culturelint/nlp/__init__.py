"""spaCy pipelines per language, cached per process, and the text folding that matching relies on."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from ..languages import LanguageProfile, profile_for, profiles

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_PLAIN = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": " ",
}


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Curly quotes and odd spaces, plus every language profile's own folds (Arabic alef forms):
    characters of one script never occur in another's words, so one table serves all."""
    table = dict(_PLAIN)
    for profile in profiles().values():
        table.update(profile.fold_chars)
    return str.maketrans(table)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fold_pattern(pattern: str) -> str:
    """The character substitutions of ``fold`` applied to a regex, so a pattern written with أ or a
    curly quote matches the folded text. (NFKC is not applied: it could turn a full-width bracket
    in a pattern into regex syntax.)"""
    return pattern.translate(_fold_table())


def fold(text: str) -> str:
    """Unicode-normalise without changing length, so offsets stay valid.

    Full-width and half-width forms, compatibility characters and curly quotes fold to their plain
    forms one character at a time; a character whose NFKC form is longer (a ligature, '…') stays.
    """
    if text.isascii():
        return text
    from ..normalize import unconfuse

    return unconfuse("".join(_fold_char(ch) for ch in text.translate(_fold_table())))


SENTENCE_PIPES = ("culturelint_line_breaks", "sentencizer", "culturelint_numbered")
# "No. 1", "Nr. 5", "Art. 12", "p. 4": the full stop of a numbering abbreviation ends no sentence
NUMBERED = re.compile(r"(?i)(?<![^\W\d_])(?:no|nos|nr|n|nº|art|arts|vol|p|pp|ch|sec|fig|ca|abs|ziff|rn)\.[ \t]*(?=\d)")

__all__ = ["LanguageProfile", "fold", "parse_all", "pipeline", "profile_for", "segment_sentences"]

# Languages spaCy has no blank class for fall back to the multi-language tokenizer.
_FALLBACK = "xx"


@functools.cache
def pipeline(language: str, model: str | None = None) -> Language:
    """The pipeline for a language, built once per process: a blank one with the language's
    tokenizer, or a trained one when asked for (``--model fr=fr_core_news_sm``)."""
    ensure_components()
    if model:
        from .models import load_model

        nlp = load_model(language, model)
    else:
        info = profile_for(language)
        missing = info.missing()
        if missing:
            raise UserError(
                f"the {language} tokenizer needs {', '.join(missing)}, which is not "
                f"installed: pip install culturelint (it is a dependency) or "
                f"pip install {' '.join(missing)}"
            )
        if info.prepare:
            info.prepare()
        try:
            nlp = _blank(info.base or language, info.config, info.infixes)
        except (ImportError, KeyError, ValueError):
            nlp = _blank(_FALLBACK, {}, info.infixes)
        if info.custom:
            info.custom(nlp)
    ignored = profile_for(language).ignore_chars
    if ignored:
        _ignore_marks(nlp, ignored)
    for name in SENTENCE_PIPES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def _ignore_marks(nlp: Language, marks: tuple[int, ...]) -> None:
    """Marks a language writes optionally (Arabic vowel marks and tatweel: مُحَمَّد, محمد and
    مـحـمـد are one word) are dropped from the LOWER attribute that matching compares; the token
    text, and so every offset, stays as written."""
    from spacy.attrs import LOWER

    table = dict.fromkeys(marks)
    nlp.vocab.lex_attr_getters[LOWER] = lambda text: text.lower().translate(table)  # type: ignore[attr-defined]


HYPHEN_INFIX = r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])"


def _blank(code: str, config: dict[str, Any], extra: tuple[str, ...], lazy: bool = True) -> Language:
    """``spacy.blank(code)`` with the hyphen split points (and the profile's own) among its infixes
    from the start: the tokenizer, and its special cases (tens of thousands in Indonesian), are
    built once. Setting ``infix_finditer`` afterwards would rebuild them all a second time."""
    from spacy.util import get_lang_class

    base = get_lang_class(code)
    infixes = [*(base.Defaults.infixes or []), HYPHEN_INFIX, *extra]
    defaults = type(f"{base.Defaults.__name__}Hyphens", (base.Defaults,), {"infixes": infixes})
    lang: type[Language] = type(base.__name__, (base,), {"Defaults": defaults, "__module__": base.__module__})
    return lang.from_config(_lazy_specials(base, config or {}) if lazy else config or {})


def _lazy_specials(base: type[Language], config: dict[str, Any]) -> dict[str, Any]:
    """A config whose rule-based tokenizer adds its exceptions only when a text contains them
    (``lazytok``): building all of them (15,963 in Indonesian) cost more than importing spaCy.
    Languages with a segmenter of their own (jieba, Sudachi, newmm) or a tokenizer set by their
    profile are left as they are."""
    chosen = config.get("nlp", {}).get("tokenizer") or base.default_config["nlp"]["tokenizer"]
    if chosen != {"@tokenizers": "spacy.Tokenizer.v1"}:
        return config
    from .lazytok import register

    nlp_config = {**config.get("nlp", {}), "tokenizer": {"@tokenizers": register()}}
    return {**config, "nlp": nlp_config}


def _register_components() -> None:
    from spacy.language import Language

    @Language.component("culturelint_line_breaks")
    def line_breaks(doc: Doc) -> Doc:
        return _line_breaks(doc, doc.text)

    @Language.component("culturelint_numbered")
    def numbered(doc: Doc) -> Doc:
        return _numbered(doc, doc.text)


def _line_breaks(doc: Doc, text: str) -> Doc:
    """A line break ends a sentence: captions and headlines rarely end with a full stop.

    Only the tokens after a line break are touched: iterating every token in Python would cost
    more than tokenising. (``text`` is ``doc.text``, which itself costs a Python object per token:
    callers that hold the text pass it.)"""
    if "\n" not in text or len(doc) < 2:
        return doc
    starts = doc.to_array("IDX")
    position = text.find("\n")
    while position != -1:
        following = int(starts.searchsorted(position, side="right"))
        if 0 < following < len(doc):
            doc[following].is_sent_start = True
        position = text.find("\n", position + 1)
    return doc


def _numbered(doc: Doc, text: str) -> Doc:
    """Undo the sentencizer's break after a numbering abbreviation ("the No. 1 brand")."""
    if "." not in text:
        return doc
    for m in NUMBERED.finditer(text):
        token = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if token is not None and token.start > 0:
            doc[token.start].is_sent_start = False
    return doc


_OWN_PIPES = {"culturelint_line_breaks": _line_breaks, "culturelint_numbered": _numbered}


_registered = False


def ensure_components() -> None:
    global _registered
    if not _registered:
        _register_components()
        _registered = True


def parse_all(language: str, texts: list[str], model: str | None = None) -> list[Doc]:
    """Tokenise (and run a trained model's components), then mark sentences where the pipeline
    has not: a line break ends one, and so does sentence punctuation."""
    nlp = pipeline(language, model)
    docs = pipe_bounded(nlp, texts, [p for p in SENTENCE_PIPES if p in nlp.pipe_names])
    # spaCy's own tokenizer is non-destructive (a doc's text is the text it was given): the
    # sentence marks read the text as given rather than rebuilding it from the tokens
    known = hasattr(nlp.tokenizer, "infix_finditer")
    return [segment_sentences(language, doc, model, text if known else None) for doc, text in zip(docs, texts)]


# SudachiPy (Japanese) refuses more than 49,149 bytes at once, spaCy more than ``nlp.max_length``
# (1,000,000) characters; and memory grows with the text. Longer segments are tokenised in pieces.
MAX_PIECE_BYTES = 40_000
_BREAKS = ("\n", "。", "！", "？", ". ", "! ", "? ", "; ", " ", "、", ", ")


def split_long(text: str, limit: int = MAX_PIECE_BYTES) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-8 bytes that join back to exactly
    ``text``: at a line break where there is one, else after sentence punctuation, else at a space,
    else at the limit. Short text (nearly all copy) is one piece."""
    if len(text) * 4 <= limit or len(text.encode("utf-8", "surrogatepass")) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = _piece_end(text, start, limit)
        pieces.append(text[start:end])
        start = end
    return pieces


def _piece_end(text: str, start: int, limit: int) -> int:
    # the widest window of characters that surely fits (<= 4 bytes each), then widened greedily
    window = start + max(limit // 4, 1)
    if window >= len(text):
        return len(text)
    while window < len(text) and len(text[start : window + 1024].encode("utf-8", "surrogatepass")) <= limit:
        window = min(window + 1024, len(text))
    if window >= len(text):
        return len(text)
    floor = start + (window - start) // 2  # a break in the second half, so pieces stay large
    for mark in _BREAKS:
        at = text.rfind(mark, floor, window)
        if at != -1:
            return at + len(mark)
    end = window
    while end > start + 1 and unicodedata.combining(text[end]):
        end -= 1  # never cut a letter from its accent
    return end


LONG_WORD = re.compile(r"\S{1000,}")
WORD_PIECE = 500


def cut_long_words(text: str) -> list[str]:
    """spaCy's tokenizer strips punctuation from a token one character at a time, rescanning the
    rest each time: quadratic in the token's length ("#" * 5000 took minutes). A run of 1,000
    characters without a space is no word of copy; it is cut every 500 characters."""
    if len(text) < 1000 or not LONG_WORD.search(text):
        return [text]
    cuts = [0]
    for m in LONG_WORD.finditer(text):
        cuts.extend(range(m.start() + WORD_PIECE, m.end(), WORD_PIECE))
    cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def pipe_bounded(nlp: Language, texts: list[str], disable: list[str]) -> list[Doc]:
    """``nlp.pipe`` over the texts, a long text tokenised piece by piece (``split_long``) and the
    pieces joined into one Doc whose character offsets are those of the whole text."""
    # a segmenter with a byte limit (SudachiPy) gets small pieces; spaCy's own tokenizer, whole
    # paragraphs up to half of ``max_length`` (joining pieces costs time per token)
    rule_based = hasattr(nlp.tokenizer, "infix_finditer")
    limit = max(nlp.max_length // 2, MAX_PIECE_BYTES) if rule_based else MAX_PIECE_BYTES
    pieces = [split_long(text, limit) for text in texts]
    if rule_based:
        pieces = [[part for piece in parts for part in cut_long_words(piece)] for parts in pieces]
    flat = [piece for parts in pieces for piece in parts]
    docs = iter(nlp.pipe(flat, disable=disable))
    out = []
    for parts in pieces:
        if len(parts) == 1:
            out.append(next(docs))
            continue
        out.append(join_docs([next(docs) for _ in parts], parts))
    return out


def join_docs(docs: list[Doc], texts: list[str]) -> Doc:
    """The pieces of one text (``texts``, tokenised as ``docs``) as one Doc, every token attribute
    kept: ``Doc.from_docs`` without its per-token Python loops (and ``Doc.text``, which joins every
    token), which cost more than tokenising a 2 MB paragraph. The words are cut from each piece's
    text by the tokens' offsets; the attributes are copied as arrays."""
    import numpy
    from spacy.attrs import IDX, SPACY
    from spacy.tokens import Doc

    attrs: list[Any] = [int(a) for a in getattr(Doc, "_get_array_attrs", lambda: ())()]
    if not attrs or any(doc.user_data or doc.spans or doc.tensor.size for doc in docs):
        return Doc.from_docs(docs, ensure_whitespace=False)
    if SPACY not in attrs:
        attrs.append(SPACY)
    words: list[str] = []
    spaces: list[bool] = []
    for doc, text in zip(docs, texts, strict=True):
        offsets = doc.to_array([IDX, SPACY]).tolist()
        ends = [start for start, _ in offsets[1:]] + [len(text)]
        for (start, space), end in zip(offsets, ends, strict=True):
            words.append(text[start : end - space])
            spaces.append(bool(space))
    joined = Doc(docs[0].vocab, words=words, spaces=spaces)
    joined.from_array(attrs, numpy.concatenate([doc.to_array(attrs) for doc in docs]))  # type: ignore[arg-type]
    return joined


def segment_sentences(language: str, doc: Doc, model: str | None = None, text: str | None = None) -> Doc:
    """``text``, when given, is ``doc.text`` (so that it need not be rebuilt from the tokens)."""
    if doc.has_annotation("DEP") or doc.has_annotation("SENT_START"):
        return doc  # a trained parser or senter has decided the sentences already
    nlp = pipeline(language, model)
    for name in SENTENCE_PIPES:
        own = _OWN_PIPES.get(name)
        doc = own(doc, text) if own is not None and text is not None else nlp.get_pipe(name)(doc)
    return doc
