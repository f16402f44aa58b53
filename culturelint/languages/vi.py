"""Vietnamese: spaCy's rule-based tokenizer splits syllables (pyvi's statistical model is not used)."""

from . import LanguageProfile

PROFILE = LanguageProfile(
    "vi",
    "spaCy rule-based tokenizer, syllables (pyvi's model not used)",
    lemma_tables=False,
    config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}},
)
