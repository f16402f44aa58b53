"""``culturelint pairs``: translations checked against their sources, end to end on PO, XLIFF 1.2
and 2.0 and key-matched JSON/YAML files built here; harmless pairs give no pair finding; bad
input is one line naming the file and place, and exit 2."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from culturelint import api
from culturelint.cli import main
from culturelint.config import load_config
from culturelint.errors import InputError
from culturelint.nlp import fold
from culturelint.pairreaders import read_po, read_xliff
from culturelint.pairvalues import amount_of, values

PAIR = "global."  # pair rule ids: global.<category>.pair-...


def po(language: str, entries: list[tuple[str, str]], source: str = "en", flags: dict[int, str] | None = None) -> str:
    head = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"X-Source-Language: {source}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    body = []
    for i, (msgid, msgstr) in enumerate(entries):
        flag = f"#, {flags[i]}\n" if flags and i in flags else ""
        body.append(f'#: copy.md:{i + 1}\n{flag}msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    return head + "\n" + "\n".join(body)


def msgstr_line(index: int) -> int:
    """The line of the ``index``-th entry's msgstr in a file ``po`` wrote (no flags)."""
    return 9 + 4 * index


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["pairs", *args])
    return result.exit_code, result.stdout, result.stderr


def pair_findings(path: Path, *args: str) -> list[dict[str, object]]:
    code, out, err = run(str(path), "-f", "json", "--fail-on", "never", *args)
    assert code == 0, err
    return [f for f in json.loads(out)["findings"] if str(f["rule"]).startswith(PAIR) and "pair-" in str(f["rule"])]


def rules_at(findings: list[dict[str, object]]) -> set[tuple[str, int]]:
    return {(str(f["rule"]).rsplit(".", 1)[1], int(f["line"])) for f in findings}  # type: ignore[call-overload]


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


# ---------------------------------------------------------------- PO: en -> de, ja, ko

DE_BAD = [
    (
        "#ad Meet NovaCola® Zero: now only €49 for the 24-can crate.",
        "Entdecke Novacola Zero: jetzt nur 49,90 € für die Kiste mit 24 Dosen.",
    ),
    ("Save 20% on every crate until December 3, 2026.", "Spare 25 % auf jede Kiste bis zum 3. Dezember 2026."),
    ("Offer valid until 12/24/2026 in all stores.", "Angebot gültig bis 14.12.2026 in allen Märkten."),
    ("The perfect gift set for Mother's Day, with chocolates.", "Das perfekte Gift Set zum Muttertag, mit Pralinen."),
    (
        "Sign up for our newsletter and never miss an offer again.",
        "Sign up today and never miss one of our summer offers again!",
    ),
    (
        "Free delivery on every order over fifty euros, this week only.",
        "Free delivery on every order over fifty euros, this week only.",
    ),
    ("Questions? Our team answers within 24 hours.", ""),
]


def test_po_pair_en_de_reports_every_class(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(po("de", DE_BAD), encoding="utf-8")
    code, _out, err = run(str(path))
    assert code == 1, err  # price and percentage changes and the dropped label are errors
    found = pair_findings(path)
    lines = dict(rules_at(found))
    assert set(lines) == {
        "pair-label-dropped",
        "pair-brand-altered",
        "pair-price-changed",
        "pair-percentage-changed",
        "pair-date-changed",
        "pair-carried-over",
        "pair-wrong-language",
        "pair-untranslated",
        "pair-empty",
    }
    text = path.read_text(encoding="utf-8").split("\n")
    price = next(f for f in found if str(f["rule"]).endswith("pair-price-changed"))
    assert price["match"] == "49,90 €" and price["severity"] == "error"
    line = text[int(price["line"]) - 1]  # type: ignore[call-overload]
    assert line[int(price["column"]) - 1 :].startswith("49,90 €")  # type: ignore[call-overload]
    assert "€49" in str(price["message"]) and "Source: “#ad Meet NovaCola® Zero" in str(price["message"])
    brand = next(f for f in found if str(f["rule"]).endswith("pair-brand-altered"))
    assert brand["match"] == "Novacola" and "® dropped" in str(brand["message"])
    assert "case changed" in str(brand["message"])
    carried = next(f for f in found if str(f["rule"]).endswith("pair-carried-over"))
    assert carried["match"] == "Gift Set" and "de-de.idiom.english-gift" in str(carried["message"])
    # the plain target finding is replaced by the carried-over one, not reported twice
    everything = json.loads(run(str(path), "-f", "json")[1])["findings"]
    assert not [f for f in everything if f["rule"] == "de-de.idiom.english-gift"]
    assert lines["pair-label-dropped"] == msgstr_line(0) and lines["pair-wrong-language"] == msgstr_line(4)
    assert lines["pair-empty"] == msgstr_line(6)
    percent = next(f for f in found if str(f["rule"]).endswith("pair-percentage-changed"))
    assert percent["match"] == "25 %" and "20%" in str(percent["message"])


def test_po_pair_harmless_units_give_no_pair_finding(tmp_path: Path) -> None:
    entries = [
        (
            "#ad Meet NovaCola® Zero: now only €1,299.00 for resellers.",
            "Anzeige: Entdecke NovaCola® Zero: jetzt nur 1.299,00 € für Wiederverkäufer.",
        ),
        ("Save 20% on every crate until December 3, 2026.", "Spare 20 % auf jede Kiste bis zum 3. Dezember 2026."),
        ("Offer valid until 12/24/2026 in all stores.", "Angebot gültig bis 24.12.2026 in allen Märkten."),
        ("Three easy steps to your 250 ml smoothie.", "Drei einfache Schritte zu deinem 250-ml-Smoothie."),
        ("OK", "OK"),
        ("Newsletter", "Newsletter"),
        ("NovaCola® Zero", "NovaCola® Zero"),
        ("https://example.com/spring", "https://example.com/spring"),
        ("Our ad-free plan starts today for every member.", "Unser werbefreies Abo startet heute für alle Mitglieder."),
        ("Collect 1,500 points with your first order.", "Sammle 1.500 Punkte mit deiner ersten Bestellung."),
    ]
    path = tmp_path / "de.po"
    path.write_text(po("de", entries), encoding="utf-8")
    assert pair_findings(path) == []
    code, _, err = run(str(path))
    assert code == 0, err


def test_po_pairs_en_ja_and_ko(tmp_path: Path) -> None:
    ja = tmp_path / "ja.po"
    ja.write_text(
        po(
            "ja_JP",
            [
                ("#ad Our new serum: only $19.99 until 2026-12-24.", "新しい美容液が2026年12月24日まで$24.99。"),
                ("#ad Our new serum: only $19.99 until 2026-12-24.", "#PR 新しい美容液が2026年12月24日まで2,980円。"),
            ],
        ),
        encoding="utf-8",
    )
    found = rules_at(pair_findings(ja))
    assert ("pair-label-dropped", 9) in found and ("pair-price-changed", 9) in found
    assert not {f for f in found if f[1] == 13}, found  # a label and a price converted to yen: nothing
    ko = tmp_path / "ko.po"
    ko.write_text(
        po(
            "ko",
            [
                ("#ad Summer starts with NovaCola® Zero.", "여름은 NovaCola® Zero와 함께 시작됩니다."),
                ("#ad Summer starts with NovaCola® Zero.", "#광고 여름은 NovaCola® Zero와 함께 시작됩니다."),
                ("Save 20% this week.", "이번 주 20% 할인."),
            ],
        ),
        encoding="utf-8",
    )
    assert rules_at(pair_findings(ko)) == {("pair-label-dropped", 9)}


def test_fuzzy_plural_and_context_entries(tmp_path: Path) -> None:
    text = po(
        "de",
        [("Questions? Our team answers within 24 hours.", "Fragen? Unser Team antwortet in 24 Stunden.")],
        flags={0: "fuzzy"},
    )
    text += '\nmsgctxt "cart"\nmsgid "One can"\nmsgid_plural "{count} cans, 330 ml each"\nmsgstr[0] "Eine Dose"\nmsgstr[1] "{count} Dosen zu je 500 ml"\n'
    text += '\n#~ msgid "Old line with €10"\n#~ msgstr "Alte Zeile mit 12 €"\n'
    path = tmp_path / "de.po"
    path.write_text(text, encoding="utf-8")
    found = pair_findings(path)
    assert rules_at(found) == {("pair-fuzzy", 10), ("pair-number-changed", 16)}
    number = next(f for f in found if str(f["rule"]).endswith("pair-number-changed"))
    assert number["match"] == "500" and number["key"] == "cart | One can (msgstr[1])"


# ---------------------------------------------------------------- XLIFF 1.2 and 2.0

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="campaign" source-language="en" target-language="de" datatype="plaintext">
    <body>
      <trans-unit id="caption">
        <source>Advertisement: AquaPure™ filters now 30% off, only €49.</source>
        <target>AquaPure Filter jetzt 35 % günstiger, nur 49 €.</target>
        <note>Sponsored post</note>
      </trans-unit>
      <trans-unit id="ok">
        <source>Advertisement: AquaPure™ filters now 30% off, only €49.</source>
        <target>Anzeige: AquaPure™ Filter jetzt 30 % günstiger, nur 49 €.</target>
      </trans-unit>
      <trans-unit id="amp">
        <source>Tea &amp; cake for €5.50</source>
        <target state="needs-review-translation">Tee &amp; Kuchen für 6,50 €</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="ko-KR">
  <file id="f1">
    <unit id="caption">
      <notes><note>Instagram caption</note></notes>
      <segment state="translated">
        <source>#ad Our spring sale ends on March 31, 2027.</source>
        <target>봄 세일은 2027년 3월 13일에 끝납니다.</target>
      </segment>
    </unit>
    <unit id="kept">
      <segment state="translated">
        <source>#ad Our spring sale ends on March 31, 2027.</source>
        <target>#광고 봄 세일은 2027년 3월 31일에 끝납니다.</target>
      </segment>
    </unit>
    <unit id="english">
      <segment state="initial">
        <source>Free delivery on every order over fifty euros this week.</source>
        <target>Free delivery on every order over fifty euros this week.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_12_pair(tmp_path: Path) -> None:
    path = tmp_path / "campaign.de.xlf"
    path.write_text(XLIFF12, encoding="utf-8")
    found = pair_findings(path)
    assert rules_at(found) == {
        ("pair-label-dropped", 7),
        ("pair-brand-altered", 7),
        ("pair-percentage-changed", 7),
        ("pair-price-changed", 16),
        ("pair-fuzzy", 16),
    }
    price = next(f for f in found if str(f["rule"]).endswith("pair-price-changed"))
    line = XLIFF12.split("\n")[int(price["line"]) - 1]  # type: ignore[call-overload]
    assert price["match"] == "6,50 €"
    assert line[int(price["column"]) - 1 :].startswith("6,50 €")  # type: ignore[call-overload]  # after &amp;


def test_xliff_20_pair(tmp_path: Path) -> None:
    path = tmp_path / "campaign.xliff"
    path.write_text(XLIFF20, encoding="utf-8")
    found = pair_findings(path)
    assert rules_at(found) == {
        ("pair-label-dropped", 8),
        ("pair-date-changed", 8),
        ("pair-untranslated", 20),
        ("pair-fuzzy", 20),
    }
    assert {f["market"] for f in found} == {"ko-KR"}


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="a"><source>&lol2;</source><target>x</target></trans-unit></body></file></xliff>',
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="a"><source>&xxe;</source><target>x</target></trans-unit></body></file></xliff>',
    ],
)
def test_xliff_entity_declarations_are_refused(tmp_path: Path, payload: str) -> None:
    bad = tmp_path / "bomb.xlf"
    bad.write_text(payload, encoding="utf-8")
    good = tmp_path / "de.po"
    good.write_text(po("de", DE_BAD[:1]), encoding="utf-8")
    code, out, err = run("bomb.xlf", "de.po")
    assert code == 2
    assert "culturelint: error: bomb.xlf:2:1: XLIFF with a DOCTYPE or ENTITY declaration is refused" in err
    assert "pair-price-changed" in out  # the other file is still checked
    assert "root:" not in out + err


def test_broken_inputs_exit_2_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Hi\nmsgstr "Hallo"\n', encoding="utf-8"
    )
    (tmp_path / "broken.xlf").write_text(
        '<xliff version="1.2"><file source-language="en" target-language="de"><body>\n<trans-unit id="a"><source>Hi</source></body></xliff>',
        encoding="utf-8",
    )
    (tmp_path / "nolang.po").write_text('msgid "Hi there friends"\nmsgstr "Hallo ihr Lieben"\n', encoding="utf-8")
    (tmp_path / "de.json").write_text('{"a": "Hallo"}', encoding="utf-8")
    code, _, err = run("broken.po", "broken.xlf", "nolang.po", "de.json")
    assert code == 2
    lines = err.strip().split("\n")
    assert lines[0] == "culturelint: error: broken.po:5:1: expected msgid, msgstr or a quoted string" or lines[
        0
    ].startswith("culturelint: error: broken.po:5:")
    assert lines[1].startswith("culturelint: error: broken.xlf:2:") and "invalid XLIFF" in lines[1]
    assert "nolang.po: no target language" in lines[2]
    assert "de.json: no source catalogue" in lines[3]
    assert "Traceback" not in err


# ---------------------------------------------------------------- key-matched JSON / YAML


def test_json_catalogues_matched_by_key_by_convention(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text(
        json.dumps(
            {
                "home": {"title": "#ad NovaCola® Zero: 2 crates for €49", "sub": "Offer ends December 3, 2026."},
                "cart": {"empty": "Your cart is empty", "items": ["Save 20% today", "Free returns"]},
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    (tmp_path / "de.json").write_text(
        json.dumps(
            {
                "home": {
                    "title": "Anzeige: NovaCola® Zero: 2 Kisten für 59 €",
                    "sub": "Angebot endet am 3. Dezember 2026.",
                },
                "cart": {"empty": "Dein Warenkorb ist leer", "items": ["Spare heute 20 %"]},
                "extra": "Nur im Ziel",
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    found = pair_findings(tmp_path / "de.json")
    assert {(str(f["rule"]).rsplit(".", 1)[1], f["key"]) for f in found} == {
        ("pair-price-changed", "home.title"),
        ("pair-empty", "cart.items[1]"),
    }
    price = next(f for f in found if str(f["rule"]).endswith("pair-price-changed"))
    assert price["match"] == "59 €" and price["line"] == 3 and price["path"].endswith("de.json")  # type: ignore[union-attr]


def test_yaml_catalogues_in_locale_folders_and_explicit_source(tmp_path: Path) -> None:
    (tmp_path / "locales" / "en").mkdir(parents=True)
    (tmp_path / "locales" / "de").mkdir(parents=True)
    (tmp_path / "locales" / "en" / "shop.yaml").write_text(
        "banner:\n  text: '#ad Save 20% on AquaPure™ filters'\n", encoding="utf-8"
    )
    (tmp_path / "locales" / "de" / "shop.yaml").write_text(
        "banner:\n  text: Spare 20 % auf AquaPure™ Filter\n", encoding="utf-8"
    )
    found = pair_findings(tmp_path / "locales" / "de" / "shop.yaml")
    assert rules_at(found) == {("pair-label-dropped", 2)}
    other = tmp_path / "source.yaml"
    other.write_text("banner:\n  text: 'Save 25% on AquaPure™ filters'\n", encoding="utf-8")
    found = pair_findings(tmp_path / "locales" / "de" / "shop.yaml", "--source", str(other))
    assert rules_at(found) == {("pair-percentage-changed", 2)}


def test_config_names_and_source_locale(tmp_path: Path) -> None:
    (tmp_path / "culturelint.yaml").write_text("pairs:\n  source: fr\n  names: [Maison Lumière]\n", encoding="utf-8")
    (tmp_path / "fr.json").write_text('{"t": "Découvrez Maison Lumière, la collection de printemps"}', encoding="utf-8")
    (tmp_path / "de.json").write_text('{"t": "Entdecke Maison Lumiere, die Frühlingskollektion"}', encoding="utf-8")
    found = pair_findings(tmp_path / "de.json")
    assert rules_at(found) == {("pair-brand-altered", 1)}
    assert "accents changed" in str(found[0]["message"]) and found[0]["match"] == "Maison Lumiere"
    config = load_config(tmp_path / "culturelint.yaml")
    assert config.pairs_source == "fr" and config.pairs_names == ("Maison Lumière",)
    (tmp_path / "culturelint.yaml").write_text("pairs:\n  sorce: fr\n", encoding="utf-8")
    code, _, err = run("de.json")
    assert code == 2 and "culturelint.yaml:2:3" in err and "did you mean 'source'" in err


def test_market_option_and_config_override_the_declared_language(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(po("de", DE_BAD[:1]), encoding="utf-8")
    assert {f["market"] for f in pair_findings(path)} == {"de-DE"}
    assert {f["market"] for f in pair_findings(path, "--market", "de-AT")} == {"de-AT"}
    (tmp_path / "culturelint.yaml").write_text('markets:\n  "*.po": [de-CH]\n', encoding="utf-8")
    assert {f["market"] for f in pair_findings(path)} == {"de-CH"}


def test_library_function_and_formats(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(po("de", DE_BAD[:2]), encoding="utf-8")
    report = api.check_pairs(api.CheckRequest([str(path)]))
    assert api.exit_code(report) == 1
    assert {f.rule for f in report.findings} >= {
        "global.claim.pair-price-changed",
        "global.disclosure.pair-label-dropped",
    }
    assert all(f.fingerprint for f in report.findings)
    assert {r.id for r in report.rules} >= {"global.claim.pair-price-changed"}
    for fmt in ("sarif", "junit", "github", "html"):
        code, out, _ = run(str(path), "-f", fmt)
        assert code == 1 and "pair-price-changed" in out, fmt


def test_pair_rules_are_listed_and_explained() -> None:
    result = CliRunner().invoke(main, ["rules", "list", "--format", "json"])
    ids = {r["id"] for r in json.loads(result.stdout)["rules"]}
    assert {"global.disclosure.pair-label-dropped", "global.language.pair-wrong-language"} <= ids
    shown = CliRunner().invoke(main, ["explain", "global.claim.pair-price-changed"])
    assert shown.exit_code == 0 and "2005/29" in shown.stdout


def test_pair_rules_never_fire_on_a_single_document(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(
        "---\nmarket: de-DE\n---\nFree delivery on every order over fifty euros, this week only.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--no-server", "-f", "json", "post.md"])
    assert not [f for f in json.loads(result.stdout)["findings"] if "pair-" in f["rule"]]


# ---------------------------------------------------------------- values, locale-aware


@pytest.mark.parametrize(
    ("written", "locale", "amount"),
    [
        ("1.299,00", "de", "1299"),
        ("1,299.00", "de", "1299"),
        ("1,299.00", "en_US", "1299"),
        ("1.299", "de", "1299"),
        ("1.299", "en_US", "1.299"),
        ("49,90", "de", "49.9"),
        ("1\u202f299,50", "fr", "1299.5"),
    ],
)
def test_amounts_read_the_locale_way(written: str, locale: str, amount: str) -> None:
    assert amount_of(written, locale) == Decimal(amount)


def test_dates_and_percentages_agree_across_locales() -> None:
    def kinds(text: str, locale: str) -> list[tuple[str, tuple[object, ...]]]:
        return [(v.kind, v.value) for v in values(fold(text), locale)]

    assert kinds("bis 24.12.2026, 50 %", "de") == kinds("until 12/24/2026, 50%", "en_US")
    assert kinds("2026年12月24日まで５０％", "ja") == [("date", (2026, 12, 24)), ("percentage", (Decimal("5E+1"),))]
    assert kinds("le 3 décembre 2026", "fr")[0] == ("date", (2026, 12, 3))
    assert kinds("Modell GT86 mit 3 Gängen", "de") == []


# ---------------------------------------------------------------- readers never crash

PO_BITS = st.sampled_from(
    ['msgid "', 'msgstr "', 'msgstr[1] "', "msgctxt ", '"', "\\", "\n", "#, fuzzy\n", "€49 ", "x"]
)
XML_BITS = st.sampled_from(
    [
        '<xliff version="1.2">',
        "<file>",
        "<trans-unit id='a'>",
        "<source>",
        "<target>",
        "</target>",
        "&amp;",
        "&bad;",
        "<",
        ">",
        "x",
        "\n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PO_BITS, max_size=30).map("".join))
def test_po_reader_gives_units_or_a_clear_error(text: str) -> None:
    try:
        pair = read_po("x.po", text)
    except InputError as exc:
        assert exc.args and "x.po" in str(exc)
        return
    for unit in pair.units:
        if unit.target is not None:
            for i in range(len(unit.target.text)):
                assert 0 <= unit.target.offsets.start(i) < len(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(XML_BITS, max_size=30).map("".join))
def test_xliff_reader_gives_units_or_a_clear_error(text: str) -> None:
    try:
        read_xliff("x.xlf", text)
    except InputError as exc:
        assert "x.xlf" in str(exc)


def test_shipped_example_pair_shows_what_the_docs_show(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    code, out, _ = run("fixtures/pairs/spring-campaign.de.po", "fixtures/pairs/spring-campaign.ko.xlf")
    assert code == 1
    for line in (
        "fixtures/pairs/spring-campaign.de.po:14:9  error    global.disclosure.pair-label-dropped",
        "fixtures/pairs/spring-campaign.de.po:14:43  error    global.claim.pair-price-changed",
        "fixtures/pairs/spring-campaign.de.po:18:15  error    global.claim.pair-percentage-changed",
        "fixtures/pairs/spring-campaign.de.po:22:22  warning  global.language.pair-carried-over",
    ):
        assert line in out
        assert line in (ROOT / "docs" / "pairs.md").read_text(encoding="utf-8")
    assert "spring-campaign.ko.xlf:7:17  error    global.disclosure.pair-label-dropped" in out


@pytest.mark.parametrize("unit", ["€1", "a™ ", "12/", "@a", "{", "1,"])
def test_reading_values_and_names_stays_linear(unit: str) -> None:
    """A hostile unit (thousands of prices or marks) costs about four times as much at four times
    the length, never sixteen (a ratio in one run: absolute times mean nothing under load)."""
    import time

    from culturelint.pairs import only_names, protected_names

    def cost(n: int) -> float:
        text = "Bière " + unit * (n // len(unit)) + " x"
        start = time.perf_counter()
        values.cache_clear()
        values(text, "de")
        protected_names(text, ())
        only_names(text, ())
        return time.perf_counter() - start

    small, large = min(cost(3000) for _ in range(3)), min(cost(12000) for _ in range(3))
    assert large < max(small, 0.005) * 10, (small, large)
