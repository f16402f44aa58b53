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


# Issue 11 item 3: ordinary words a literal reading of the old signals hit. None is commercial.
@pytest.mark.parametrize(
    "text, market",
    [
        ("She is a gifted pianist and a gifted teacher; her pupils adore her.", "en-GB"),
        ("Gifted and talented programmes in state schools need more funding.", "en-US"),
        ("Congratulations on your promotion to manager! The promo team will miss you.", "en-GB"),
        ("Use code words carefully when you write a spy thriller.", "en-US"),
        ("Read the source code, then run it with the ISO8601 dates and the UTF8 input.", "en-US"),
        ("Der Quellcode wird kostenlos bereitgestellt; den Code unten kopieren und ausführen.", "de-DE"),
        ("Die Bibliothek wird unter der MIT-Lizenz zur Verfügung gestellt.", "de-DE"),
        ("El código fuente está en el repositorio y el código postal es 28001.", "es-ES"),
        ("Inserisci il codice fiscale RSSMRA85T10A562S e scarica il codice sorgente.", "it-IT"),
        ("Le code source est publié sous licence libre, code HTML5 compris.", "fr-FR"),
        ("Ik heb een nieuwe fiets gekregen voor mijn verjaardag.", "nl-NL"),
        ("Mijn oma heeft me dit boek gegeven.", "nl-NL"),
        ("昨日のラーメンは美味しくいただきました！ #ラーメン #ランチ", "ja-JP"),
        ("資料を提供していただきました皆さまに感謝します。", "ja-JP"),
        ("정부 지원받아 새 도서관이 문을 열었어요. 생일 선물 받았어요!", "ko-KR"),
        ("Full recipe is on the blog, link in bio!", "en-GB"),
        ("Me han regalado un libro por mi cumpleaños.", "es-ES"),
    ],
)
def test_ordinary_words_are_not_commercial_signals(check_text, text: str, market: str) -> None:
    assert disclosure_rules(check_text, text, market) == set()


@pytest.mark.parametrize(
    "text, market",
    [
        ("Loving this serum! Use code SUMMER for 20% off.", "en-GB"),
        ("My autumn must-haves, all #gifted by the brand.", "en-GB"),
        ("I was gifted this blender and honestly it changed my mornings.", "en-US"),
        ("Opening my PR package from Lumen today!", "en-US"),
        ("Get yours at @lumenskin before it sells out.", "en-US"),
        ("Shop the look: link in bio.", "en-US"),
        ("My winter jacket, amzn.to/3xYzAbc", "en-US"),
        ("Mein neues Serum, Rabattcode LENA20 im Shop.", "de-DE"),
        ("Mon sérum préféré, code promo clara15 sur le site.", "fr-FR"),
        ("Mijn serum, kortingscode SANNE15 in de shop.", "nl-NL"),
        ("話題の美容液です。クーポンコード: HANA20 で10%オフ", "ja-JP"),
        ("이 세럼 정말 좋아요. 할인코드 MINJI15 입력하세요.", "ko-KR"),
        ("요즘 매일 쓰는 세럼이에요. 할인코드 MINJI15 입력하면 15% 할인!", "ko-KR"),
        ("这款精华真的好用，专属优惠码 LILY15。", "zh-CN"),
    ],
)
def test_strong_signals_are_seen(check_text, text: str, market: str) -> None:
    found = [f for f in check_text(text, market) if f.category == "disclosure"]
    assert found, text
    # a signal alone, sponsorship unset: a warning for a reviewer, never an error
    assert all(f.severity.name == "WARNING" for f in found)
