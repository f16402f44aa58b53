"""Cold start: lazily added tokenizer exceptions, cached Thai and Chinese dictionaries, and a
results-cache hit that imports none of the heavy libraries. Tokens must be identical with and
without each of them; a corrupt cache entry is rebuilt, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from culturelint import cache
from culturelint.languages import profile_for
from culturelint.nlp import _blank

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def _corpus_lines(language: str) -> list[str]:
    lines = []
    for path in sorted((ROOT / "fixtures" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        market = data["market"]
        if (market.split("-")[0] if market != "global" else "en") == language:
            lines += [entry["text"] for key in ("harmless", "risky") for entry in data.get(key) or []]
    return lines


def _build(language: str, lazy: bool) -> Any:
    info = profile_for(language)
    if info.prepare:
        info.prepare()
    nlp = _blank(info.base or language, info.config, info.infixes, lazy=lazy)
    if info.custom:
        info.custom(nlp)
    return nlp


def _tokens(nlp: Any, text: str) -> list[tuple[str, int, str, str]]:
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in nlp(text)]


@pytest.mark.parametrize("language", ["id", "en", "de", "nl", "fr", "vi", "tr"])
def test_lazy_exceptions_give_the_eager_tokens(language: str) -> None:
    lazy, eager = _build(language, True), _build(language, False)
    assert type(lazy.tokenizer).__name__ == "LazySpecialsTokenizer"
    keys = list(lazy.tokenizer.pending)
    assert len(keys) == len(eager.tokenizer.rules) > 100
    texts = _corpus_lines(language)
    assert texts
    # every exception string, alone, between words, in brackets, before a full stop, run together
    for start in range(0, len(keys), 40):
        group = keys[start : start + 40]
        texts.append(" ".join(group))
        texts.append(" ".join(f"x{k}." for k in group))
        texts.append(" ".join(f"({k})" for k in group))
        texts.append("".join(group))
    texts += [f"a {key} b" for key in keys if any(ch.isspace() for ch in key)]
    for text in texts:
        assert _tokens(lazy, text) == _tokens(eager, text), text
    assert not lazy.tokenizer.pending  # every exception was needed by some text above, and added


def test_lazy_exceptions_are_added_only_when_a_text_has_them() -> None:
    nlp = _build("id", True)
    tokenizer = nlp.tokenizer
    before = len(tokenizer.pending)
    assert before > 15_000
    nlp("Koleksi baru kami sudah hadir untuk anak-anak.")
    added = before - len(tokenizer.pending)
    assert 0 < added < 20
    assert nlp("a.n. Bapak")[0].text == "a.n."  # an abbreviation kept whole
    # a pickled copy (spaCy's own serialisation path) keeps every exception, added or not
    import pickle

    copy = pickle.loads(pickle.dumps(tokenizer))
    assert len(copy.pending) + len(copy.rules) == before


def test_thai_dictionary_gives_pythainlp_tokens_and_survives_a_corrupt_entry(cache_dir: Path) -> None:
    pytest.importorskip("pythainlp")
    from pythainlp.tokenize import word_tokenize

    from culturelint.languages import th

    lines = _corpus_lines("th") + ["ชินโซ อาเบะ เกิด 21 กันยายน", "วรรณกรรม ภาพวาด และการแสดงงิ้ว ", "abc ๑๒๓ 1,234บาท"]
    built = th._cached_sets()  # a miss: built from PyThaiNLP's words and stored
    entries = list(cache_dir.glob("thai/*/*.marshal"))
    assert len(entries) == 1
    loaded = th._cached_sets()  # a hit
    assert loaded.words == built.words and loaded.partial == built.partial
    th.dictionary.cache_clear()
    try:
        trie = th.dictionary()
        for text in lines:
            assert word_tokenize(text, custom_dict=trie) == word_tokenize(text), text
        entries[0].write_bytes(b"\x00garbage, not marshal data")
        th.dictionary.cache_clear()
        again = th._cached_sets()  # rebuilt, not a crash, and stored again
        assert again.words == built.words and again.partial == built.partial
        assert entries[0].read_bytes()[:1] != b"\x00"
        assert "สวัสดี" in th.dictionary() and len(th.dictionary()) == len(built.words)
    finally:
        th.dictionary.cache_clear()


def test_thai_pipeline_tokens_match_the_uncached_trie(cache_dir: Path) -> None:
    pytest.importorskip("pythainlp")
    from pythainlp.tokenize import word_tokenize

    nlp = _build("th", True)
    for text in _corpus_lines("th"):
        assert [t.text for t in nlp(text)] == list(word_tokenize(text)), text


def test_jieba_dictionary_cache_gives_jiebas_tokens_and_survives_a_corrupt_entry(cache_dir: Path) -> None:
    jieba = pytest.importorskip("jieba")
    from culturelint.languages import zh

    lines = _corpus_lines("zh")
    assert lines
    fresh = jieba.Tokenizer()  # jieba's own loading, untouched by culturelint
    expected = [list(fresh.cut(text)) for text in lines]

    def load() -> Any:
        tokenizer = jieba.Tokenizer()
        original, jieba.dt = jieba.dt, tokenizer
        try:
            zh._load_dictionary(jieba)
        finally:
            jieba.dt = original
        return tokenizer

    first = load()  # a miss: jieba builds it, culturelint stores it
    entries = list(cache_dir.glob(f"{zh.KIND}/*/*.marshal"))
    assert len(entries) == 1
    second = load()  # a hit
    assert second.initialized and second.FREQ == fresh.FREQ and second.total == fresh.total
    assert [list(second.cut(text)) for text in lines] == [list(first.cut(text)) for text in lines] == expected
    entries[0].write_bytes(b"garbage")
    third = load()  # rebuilt, not a crash
    assert third.FREQ == fresh.FREQ
    assert entries[0].read_bytes() != b"garbage"


def test_marshal_entries_are_off_with_no_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    cache.store_data("thai", "ab" * 32, ("a", "b"))
    assert cache.load_data("thai", "ab" * 32) is None
    assert not cache_dir.exists()
    monkeypatch.delenv(cache.ENV_OFF)
    cache.store_data("thai", "ab" * 32, ("a", "b"))
    assert cache.load_data("thai", "ab" * 32) == ("a", "b")


HEAVY = ("spacy", "babel", "jinja2", "langdetect", "jieba", "pythainlp", "sudachipy", "thinc", "numpy")


@pytest.mark.parametrize("market", ["th-TH", "zh-CN"])
def test_cache_hit_imports_no_heavy_library(tmp_path: Path, market: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CULTURELINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop(cache.ENV_OFF, None)
    draft = tmp_path / "draft.md"
    text = {"th-TH": "คอลเลกชันฤดูร้อนใหม่ของเรามาแล้ว", "zh-CN": "我们的夏季新品已经上市"}[market]
    draft.write_text(f"{text}\n", encoding="utf-8")
    probe = (
        "import sys, runpy, json\n"
        f"sys.argv = ['culturelint', 'check', '--no-config', '--no-server', '-f', 'json', '--market', '{market}', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('culturelint', run_name='__main__')\n"
        "finally:\n"
        f"    sys.stderr.write('LOADED=%s\\n' % json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", probe, str(draft)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
            check=False,
        )

    def loaded(result: subprocess.CompletedProcess[str]) -> list[str]:
        line = [x for x in result.stderr.splitlines() if x.startswith("LOADED=")][-1]
        return list(json.loads(line.split("=", 1)[1]))

    first = run()
    assert "spacy" in loaded(first), first.stderr
    second = run()
    assert loaded(second) == [], second.stderr
    assert second.returncode == first.returncode
    assert json.loads(second.stdout)["findings"] == json.loads(first.stdout)["findings"]
