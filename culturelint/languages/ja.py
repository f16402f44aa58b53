"""Japanese: SudachiPy words (split mode C) with dictionary forms, through spaCy's Japanese class."""

from . import LanguageProfile

PROFILE = LanguageProfile(
    "ja",
    "SudachiPy (split mode C) + sudachidict-core",
    ("sudachipy", "sudachidict_core"),
    sets_lemma=True,
    lemma_tables=False,
    no_spaces=True,
    latin_script=False,
    scripts=("HIRAGANA", "KATAKANA"),
)
