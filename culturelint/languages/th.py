"""Thai: PyThaiNLP's newmm word segmentation (spaCy's Thai class), for copy written without spaces."""

from . import LanguageProfile

PROFILE = LanguageProfile(
    "th",
    "PyThaiNLP newmm word segmentation",
    ("pythainlp",),
    lemma_tables=False,
    no_spaces=True,
    latin_script=False,
    scripts=("THAI",),
)
