"""Name screening: declared names (front matter, --name) and brand-like tokens in the copy,
against the vulgar words of the market's language and English."""

from __future__ import annotations

import pytest

from culturelint.rulekinds.names import brand_like


def names_found(check_text, text: str, market: str) -> list[tuple[str, int, int]]:
    return [(f.match, f.line, f.column) for f in check_text(text, market) if f.rule == "global.taboo.vulgar-name"]


def test_declared_names_absent_from_the_copy_point_at_the_document(check_text) -> None:
    text = "---\nmarket: es-MX\nnames: [Pajero Sport, Fitta]\n---\nLlega el nuevo todoterreno.\n"
    # Fitta is Swedish slang: not screened for a Spanish-language market
    assert names_found(check_text, text, None) == [("Pajero Sport", 1, 1)]


def test_declared_names_in_the_copy_point_at_the_word(check_text) -> None:
    text = "---\nmarket: sv-SE\nnames: [fitta]\n---\nNya Fitta, nu i butik.\n"
    assert names_found(check_text, text, None) == [("Fitta", 5, 5)]


@pytest.mark.parametrize(
    "text, market, expected",
    [
        ("Der neue Mitsubishi Pajero ist da.", "es-MX", ["Pajero"]),  # capitalised inside a sentence
        ("Pajero es una palabra que no usamos.", "es-MX", []),  # sentence start: not a name sign
        ("Conheça o Pinto® Turbo.", "pt-BR", ["Pinto"]),
        ("Um pinto amarelo no quintal.", "pt-BR", []),  # the ordinary word, lowercase
        ("Try the new #CuntCake flavour.", "en-GB", ["Cunt"]),
        ("The Scunthorpe store opens at nine.", "en-GB", []),  # inside a word, and allowed
        ("Der Hund wedelt mit dem Schwanz.", "de-DE", []),  # German capitalises every noun
        ("Jetzt neu: der FotzeFix 3000.", "de-DE", ["Fotze"]),  # a CamelCase part
    ],
)
def test_brand_like_tokens(check_text, text: str, market: str, expected: list[str]) -> None:
    assert [m for m, _, _ in names_found(check_text, text, market)] == expected


def test_name_option_screens_every_file(tmp_path) -> None:
    from click.testing import CliRunner

    from culturelint.cli import main

    (tmp_path / "a.md").write_text("---\nmarket: sv-SE\n---\nVår nya cykel.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--name", "Fitta", "--no-config", str(tmp_path / "a.md")])
    assert "global.taboo.vulgar-name" in result.output and "“Fitta”" in result.output
    result = CliRunner().invoke(main, ["check", "--name", "Velo", "--no-config", str(tmp_path / "a.md")])
    assert "global.taboo.vulgar-name" not in result.output


@pytest.mark.parametrize(
    "word, expected",
    [("LaCrosse", True), ("iPhone", True), ("GT86", True), ("ĐụMùaHè", True), ("Sale", False), ("SALE", False)],
)
def test_brand_like(word: str, expected: bool) -> None:
    assert brand_like(word) is expected
