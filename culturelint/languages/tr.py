"""Turkish: proper-noun suffixes split off (Atatürk'ün -> Atatürk + 'ün), so a name matches in
every case form; spaCy's Turkish keeps them whole on purpose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import LanguageProfile

if TYPE_CHECKING:
    from spacy.language import Language

SUFFIX = r"(?<=[^\W\d_])['’](?=[a-zçğıöşü]{1,6}\b)"


def _no_token_match(nlp: Language) -> None:
    nlp.tokenizer.token_match = None  # type: ignore[union-attr]


PROFILE = LanguageProfile(
    "tr", "spaCy rule-based, apostrophe suffixes split (Kasım'a -> Kasım 'a)", custom=_no_token_match, infixes=(SUFFIX,)
)
