"""Readers turn a file into Documents: segments of copy with offset maps back to the source."""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from ..model import Document
from .decks import CsvReader, JsonReader, PoReader, YamlReader
from .html import HtmlReader
from .markdown import MarkdownReader
from .text import TextReader


class Reader(Protocol):
    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def read(self, path: str, source: str) -> list[Document]: ...


READERS: dict[str, Reader] = {}
for _reader in (MarkdownReader(), TextReader(), HtmlReader(), JsonReader(), YamlReader(), CsvReader(), PoReader()):
    for _suffix in _reader.suffixes:
        READERS[_suffix] = _reader

# A folder walk picks up prose and pages. Structured files (.json, .yaml, .csv, .po) are read when
# named, as the pre-commit hook and CI globs do: in a content repository most of them are configuration.
COPY_SUFFIXES = tuple(s for r in (MarkdownReader, TextReader, HtmlReader) for s in r.suffixes if s)


def reader_for(path: str) -> Reader:
    """By suffix; stdin and unknown suffixes are read as Markdown, which also covers plain text."""
    suffix = PurePath(path).suffix.lower()
    return READERS.get(suffix) or READERS[".md"]
