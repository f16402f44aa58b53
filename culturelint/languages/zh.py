"""Chinese: jieba words; terms marked ``subword`` also match characters inside words.

jieba builds a prefix dictionary of 498,113 entries from its word list and keeps it in a
``marshal`` file; loading that file took most of a short Chinese draft's run. culturelint keeps the
same dictionary as one newline-joined string of words and one array of their frequencies (loading
and zipping them is about three times faster), under a key of jieba's version and its word list's
content, and hands it to jieba already initialised. The tokens are jieba's own.
"""

from __future__ import annotations

from typing import Any

from . import LanguageProfile

KIND = "jieba-dict"


def _quiet_jieba() -> None:
    """jieba reports loading its dictionary on stderr; a linter's stderr is for problems."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from ..cache import tool_dir

    folder = tool_dir("jieba")  # jieba keeps its parsed dictionary there: built once, not per run
    if folder is not None:
        jieba.dt.tmp_dir = folder
    _load_dictionary(jieba)


def _load_dictionary(jieba: Any) -> None:
    """Give jieba's default tokenizer its prefix dictionary from culturelint's cache (or, on a miss,
    let jieba build it as usual and store it for the next run)."""
    import array

    from .. import cache

    dt = jieba.dt
    if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or not cache.enabled():
        return
    try:
        with dt.get_dict_file() as handle:
            content = handle.read()
    except OSError:
        return
    key = cache.digest("jieba-dictionary", getattr(jieba, "__version__", "?"), content)
    data = cache.load_data(KIND, key)
    if (
        isinstance(data, tuple)
        and len(data) == 3
        and isinstance(data[0], str)
        and isinstance(data[1], bytes)
        and isinstance(data[2], int)
    ):
        words = data[0].split("\n")
        freqs = array.array("q")
        freqs.frombytes(data[1])
        if len(freqs) == len(words):
            dt.FREQ, dt.total, dt.initialized = dict(zip(words, freqs)), data[2], True
            return
    dt.initialize()
    if not any("\n" in word for word in dt.FREQ):
        cache.store_data(KIND, key, ("\n".join(dt.FREQ), array.array("q", dt.FREQ.values()).tobytes(), dt.total))


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
