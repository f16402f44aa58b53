"""Readers turn a file into Documents: segments of copy with offset maps back to the source."""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from ..model import Document
from .markdown import MarkdownReader
from .text import TextReader


class Reader(Protocol):
    suffixes: tuple[str, ...]

    def read(self, path: str, source: str) -> list[Document]: ...


READERS: dict[str, Reader] = {}
for _reader in (MarkdownReader(), TextReader()):
    for _suffix in _reader.suffixes:
        READERS[_suffix] = _reader

COPY_SUFFIXES = tuple(s for s in READERS if s)


def reader_for(path: str) -> Reader:
    """By suffix; stdin and unknown suffixes are read as Markdown, which also covers plain text."""
    suffix = PurePath(path).suffix.lower()
    return READERS.get(suffix) or READERS[".md"]
