"""French: the multi-language rules plus elisions (l'offre -> l' + offre)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import LanguageProfile

if TYPE_CHECKING:
    from spacy.language import Language

ELISION = r"(?:[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu|[Qq]u|[CcDdJjLlMmNnSsTt])['’]"


def _elisions(nlp: Language) -> None:
    """spaCy's own French class compiles a regex of its tokenizer exceptions at import, which costs
    about two seconds per process: too slow for a commit hook."""
    from spacy.util import compile_prefix_regex

    prefixes = [ELISION] + list(nlp.Defaults.prefixes or [])
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]


PROFILE = LanguageProfile(
    "fr", "spaCy rule-based (multi-language rules + French elisions)", base="xx", custom=_elisions
)
