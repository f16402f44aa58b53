"""spaCy pipelines per language, cached per process, and the text folding that matching relies on."""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"', "\u00a0": " ",
                         "\u2009": " ", "\u202f": " ", "\u200b": " "})


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Unicode-normalise without changing length, so offsets stay valid.

    Full-width and half-width forms, compatibility characters and curly quotes fold to their plain
    forms one character at a time; a character whose NFKC form is longer (a ligature, '…') stays.
    """
    if text.isascii():
        return text
    return "".join(_fold_char(ch) for ch in text.translate(_QUOTES))


@dataclass(frozen=True, slots=True)
class Tokenizer:
    """How a language is tokenised: the spaCy language, what it needs, and the extra to install."""

    language: str
    description: str
    requires: tuple[str, ...] = ()
    extra: str | None = None
    sets_lemma: bool = False


TOKENIZERS: dict[str, Tokenizer] = {
    "ja": Tokenizer("ja", "SudachiPy (split mode C) + sudachidict-core",
                    ("sudachipy", "sudachidict_core"), None, sets_lemma=True),
    "zh": Tokenizer("zh", "spaCy Chinese, character segmentation"),
}

# Languages spaCy has no blank class for fall back to the multi-language tokenizer.
_FALLBACK = "xx"


def tokenizer_for(language: str) -> Tokenizer:
    return TOKENIZERS.get(language, Tokenizer(language, f"spaCy blank('{language}') rule-based"))


def _missing(module: str) -> bool:
    return importlib.util.find_spec(module) is None


@functools.lru_cache(maxsize=None)
def pipeline(language: str) -> "Language":
    """A blank pipeline with line-aware sentence boundaries, built once per process."""
    import spacy

    ensure_components()
    info = tokenizer_for(language)
    missing = [m for m in info.requires if _missing(m)]
    if missing:
        hint = f"pip install 'culturelint[{info.extra}]'" if info.extra else f"pip install {' '.join(missing)}"
        raise UserError(f"the {language} tokenizer needs {', '.join(missing)}: {hint}")
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank(_FALLBACK)
    _split_hyphens(nlp)
    nlp.add_pipe("culturelint_line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp


HYPHEN_INFIX = r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])"


def _split_hyphens(nlp: "Language") -> None:
    """Hyphenated compounds split into their parts in every language (German keeps them whole
    by default), so a term matches inside "Kristallnacht-Special" and "Gift-Box" alike."""
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if not hasattr(tokenizer, "infix_finditer"):
        return  # not the rule-based tokenizer (Japanese, Chinese segmenters)
    infixes = list(nlp.Defaults.infixes or []) + [HYPHEN_INFIX]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _register_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    @Language.component("culturelint_line_breaks")
    def line_breaks(doc: Doc) -> Doc:
        """A line break ends a sentence: captions and headlines rarely end with a full stop.

        Only the tokens after a line break are touched: iterating every token in Python would cost
        more than tokenising."""
        text = doc.text
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


_registered = False


def ensure_components() -> None:
    global _registered
    if not _registered:
        _register_components()
        _registered = True


SENTENCE_PIPES = ("culturelint_line_breaks", "sentencizer")


def parse_all(language: str, texts: list[str]) -> list["Doc"]:
    """Tokenise only; sentence boundaries are added later, for the segments that have hits."""
    nlp = pipeline(language)
    return list(nlp.pipe(texts, disable=list(SENTENCE_PIPES)))


def segment_sentences(language: str, doc: "Doc") -> "Doc":
    nlp = pipeline(language)
    for name in SENTENCE_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc
