"""Korean: python-mecab-ko morphemes (its wheel bundles mecab-ko-dic), so stems match through
particles (광고를 -> 광고 + 를) and verbs carry their dictionary form (먹었어요 -> 먹다)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import LanguageProfile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


class MecabKoTokenizer:
    """Korean morphemes from python-mecab-ko (its wheel bundles the dictionary): 광고를 -> 광고 + 를.

    Tokens are slices of the original text, so offsets stay exact; verb and adjective stems get
    their dictionary form (stem + 다) as lemma."""

    def __init__(self, vocab: Vocab) -> None:
        import mecab

        self.vocab = vocab
        self.mecab = mecab.MeCab()

    def __call__(self, text: str) -> Doc:
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


def _korean(nlp: Language) -> None:
    nlp.tokenizer = MecabKoTokenizer(nlp.vocab)


PROFILE = LanguageProfile(
    "ko",
    "python-mecab-ko morphemes (mecab-ko-dic bundled)",
    ("mecab",),
    sets_lemma=True,
    lemma_tables=False,
    latin_script=False,
    scripts=("HANGUL",),
    custom=_korean,
)
