"""Chinese: jieba words; terms marked ``subword`` also match characters inside words."""

from . import LanguageProfile


def _quiet_jieba() -> None:
    """jieba reports loading its dictionary on stderr; a linter's stderr is for problems."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from ..cache import tool_dir

    folder = tool_dir("jieba")  # jieba keeps its parsed dictionary there: built once, not per run
    if folder is not None:
        jieba.dt.tmp_dir = folder


PROFILE = LanguageProfile(
    "zh",
    "jieba word segmentation (terms can also match inside words)",
    ("jieba",),
    lemma_tables=False,
    no_spaces=True,
    latin_script=False,
    config={"nlp": {"tokenizer": {"segmenter": "jieba"}}},
    prepare=_quiet_jieba,
)
