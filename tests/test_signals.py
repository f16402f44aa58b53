"""Commercial signals mean what they say: a discount code is a code-like token, not any word
after "code" (issue 11 item 3, and noise on long harmless text)."""

from __future__ import annotations

import pytest


def disclosure_rules(check_text, text: str, market: str) -> set[str]:
    return {f.rule for f in check_text(text, market) if f.category == "disclosure"}


@pytest.mark.parametrize(
    "text, market",
    [
        ("Descarga el código fuente desde el repositorio oficial del proyecto.", "es-ES"),
        ("Scarica il codice sorgente e il codice fiscale dal sito.", "it-IT"),
        ("Kopiere den Beispielcode: mit dem Code unten startest du das Skript.", "de-DE"),
        ("Le code source est disponible sur la forge du projet.", "fr-FR"),
        ("Use code words carefully when you write a thriller.", "en-GB"),
    ],
)
def test_ordinary_words_after_code_are_not_signals(check_text, text: str, market: str) -> None:
    assert disclosure_rules(check_text, text, market) == set()


@pytest.mark.parametrize(
    "text, market",
    [
        ("Mi sérum favorito: con el código LUCIA15 tenéis un 15 % de descuento.", "es-ES"),
        ("Il mio siero preferito: con il codice GIULIA10 avete il 10% di sconto.", "it-IT"),
        ("Mein Lieblingsserum: mit dem Code LENA20 spart ihr 20 %.", "de-DE"),
        ("My favourite serum: use code AMY15 for 15% off.", "en-GB"),
    ],
)
def test_a_personal_code_is_a_signal(check_text, text: str, market: str) -> None:
    assert disclosure_rules(check_text, text, market)
