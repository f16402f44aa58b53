"""Plain text: optional front matter, suppression comments, URLs blanked; the rest is copy."""

from __future__ import annotations

from ..model import Document, LineIndex
from .common import URL, Masker, paragraphs, read_directives, read_front_matter


class TextReader:
    suffixes = (".txt", ".text", "")

    def read(self, path: str, source: str) -> list[Document]:
        masker = Masker(source)
        meta, problems = read_front_matter(source, path, masker)
        lines = LineIndex(source)
        directives = read_directives(source, masker, lines)
        masker.blank_matches(URL)
        return [Document(path, source, tuple(paragraphs(masker.text())), meta, tuple(directives), problems)]
