"""Register consistency: quoted words are someone else's voice; ``unless`` on consistency rules."""

from __future__ import annotations

import textwrap

from culturelint.packs.loader import load_packset


def mixes(check_text, text: str, market: str = "de-DE") -> list[str]:
    return [f.match for f in check_text(text, market) if f.rule == "de-de.register.du-sie-mix"]


def test_quoted_title_is_not_a_register_switch(check_text) -> None:
    text = "Hol dir jetzt dein Ticket für „Was Sie schon immer über Kaffee wissen wollten“. Du wirst es lieben."
    assert mixes(check_text, text) == []
    text = 'Unsere Kundin schreibt: "Sie haben mir sehr geholfen." Probier es auch du aus!'
    assert mixes(check_text, text) == []


def test_a_real_switch_outside_quotes_still_fires(check_text) -> None:
    text = "Hol dir jetzt dein Ticket. Du wirst es lieben. Bestellen Sie noch heute."
    assert mixes(check_text, text) == ["Sie"]


def test_consistency_rules_take_unless(tmp_path, check_text) -> None:
    (tmp_path / "register.yaml").write_text(
        textwrap.dedent(
            """
            pack: t/register
            markets: [de-DE]
            language: de
            category: register
            references: [https://example.org]
            rules:
              - id: t.register.mix
                severity: warning
                message: m
                rationale: r
                consistency:
                  groups:
                    du: {terms: [du, dich, dein]}
                    sie: {terms: [Sie, Ihnen, Ihr], case_sensitive: true}
                unless: {terms: [Frau Müller], within: sentence}
                examples:
                  bad: ["Du bist toll. Kaufen Sie jetzt."]
                  good: ["Du bist toll. Frau Müller sagt: Sie ist toll."]
            """
        ).lstrip(),
        encoding="utf-8",
    )
    packset = load_packset([tmp_path], builtin=False)
    found = [f.match for f in check_text("Du bist toll. Frau Müller kauft Ihr Brot.", "de-DE", pack_set=packset)]
    assert found == []
    found = [f.match for f in check_text("Du bist toll. Kaufen Sie jetzt.", "de-DE", pack_set=packset)]
    assert found == ["Sie"]
