"""How each language is tokenised: spaCy's blank pipelines, plus real segmenters where a language
has no spaces (Chinese, Thai) or hides stems behind particles (Korean) or inflection (Japanese)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


@dataclass(frozen=True, slots=True)
class Tokenizer:
    """A language's tokenizer: what it is, what it needs installed, and how to build it."""

    language: str
    description: str
    requires: tuple[str, ...] = ()
    sets_lemma: bool = False  # the tokenizer itself gives dictionary forms (lemma rules match them)
    no_spaces: bool = False  # words are not separated by spaces: terms may need to match inside words
    config: dict[str, Any] = field(default_factory=dict)
    custom: Callable[["Language"], None] | None = None  # adjusts the pipeline after it is built
    base: str | None = None  # build spaCy's pipeline for this language code instead
    infixes: tuple[str, ...] = ()  # extra split points inside tokens
    prepare: Callable[[], None] | None = None  # runs before the pipeline is built

    def missing(self) -> list[str]:
        return [m for m in self.requires if importlib.util.find_spec(m) is None]


class MecabKoTokenizer:
    """Korean morphemes from python-mecab-ko (its wheel bundles the dictionary): 광고를 -> 광고 + 를.

    Tokens are slices of the original text, so offsets stay exact; verb and adjective stems get
    their dictionary form (stem + 다) as lemma."""

    def __init__(self, vocab: "Vocab") -> None:
        import mecab

        self.vocab = vocab
        self.mecab = mecab.MeCab()

    def __call__(self, text: str) -> "Doc":
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        lemmas: list[str] = []

        def gap(chunk: str) -> None:
            """Text between morphemes: one space joins the previous token, the rest is a token."""
            if chunk[:1] == " " and words:
                spaces[-1] = True
                chunk = chunk[1:]
            if chunk:
                words.append(chunk)
                spaces.append(False)
                lemmas.append(chunk)

        position = 0
        for morpheme in self.mecab.parse(text):
            start, end = morpheme.span.start, morpheme.span.end
            if start < position or end <= start:
                continue  # contracted forms share a span; the first morpheme keeps it
            gap(text[position:start])
            surface = text[start:end]
            words.append(surface)
            spaces.append(False)
            lemmas.append(surface + "다" if str(morpheme.pos) in ("VV", "VA", "VX") else surface)
            position = end
        gap(text[position:])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, lemma in zip(doc, lemmas):
            token.lemma_ = lemma
        return doc


FRENCH_ELISION = r"(?:[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu|[Qq]u|[CcDdJjLlMmNnSsTt])['’]"


def _french_elisions(nlp: "Language") -> None:
    """Split l'offre into l' + offre. spaCy's own French class compiles a regex of its tokenizer
    exceptions at import, which costs about two seconds per process: too slow for a commit hook,
    so French uses the multi-language rules plus elisions."""
    from spacy.util import compile_prefix_regex

    prefixes = [FRENCH_ELISION] + list(nlp.Defaults.prefixes or [])
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search


TURKISH_SUFFIX = r"(?<=[^\W\d_])['’](?=[a-zçğıöşü]{1,6}\b)"


def _turkish_suffixes(nlp: "Language") -> None:
    """Proper-noun suffixes split off (Atatürk'ün -> Atatürk + 'ün, Kasım'a -> Kasım + 'a) so terms
    written as the bare name match every case form; spaCy's Turkish keeps them whole on purpose."""
    nlp.tokenizer.token_match = None


def _korean(nlp: "Language") -> None:
    nlp.tokenizer = MecabKoTokenizer(nlp.vocab)


def _quiet_jieba() -> None:
    """jieba reports loading its dictionary on stderr; a linter's stderr is for problems."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


TOKENIZERS: dict[str, Tokenizer] = {
    "ja": Tokenizer("ja", "SudachiPy (split mode C) + sudachidict-core",
                    ("sudachipy", "sudachidict_core"), sets_lemma=True, no_spaces=True),
    "zh": Tokenizer("zh", "jieba word segmentation (terms can also match inside words)", ("jieba",),
                    no_spaces=True, config={"nlp": {"tokenizer": {"segmenter": "jieba"}}},
                    prepare=_quiet_jieba),
    "ko": Tokenizer("ko", "python-mecab-ko morphemes (mecab-ko-dic bundled)", ("mecab",),
                    sets_lemma=True, custom=_korean),
    "th": Tokenizer("th", "PyThaiNLP newmm word segmentation", ("pythainlp",), no_spaces=True),
    "fr": Tokenizer("fr", "spaCy rule-based (multi-language rules + French elisions)", base="xx",
                    custom=_french_elisions),
    "tr": Tokenizer("tr", "spaCy rule-based, apostrophe suffixes split (Kasım'a -> Kasım 'a)",
                    custom=_turkish_suffixes, infixes=(TURKISH_SUFFIX,)),
    "vi": Tokenizer("vi", "spaCy rule-based tokenizer, syllables (pyvi's model not used)",
                    config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}),
}


def tokenizer_for(language: str) -> Tokenizer:
    return TOKENIZERS.get(language) or Tokenizer(language, f"spaCy blank('{language}') rule-based")
