"""Stable rule identity: ids never disappear without an alias, ids name their category, pack files
are named by category, and renamed ids keep working in --select, suppressions and baselines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, pack_set_from, rule_ids

from culturelint.engine.select import Selection
from culturelint.errors import PackError
from culturelint.packs.loader import load_packset

REGISTRY = ROOT / "tests" / "data" / "rule-ids.txt"
PACKSET = load_packset()


def test_no_rule_id_disappears_without_an_alias() -> None:
    """Every id culturelint ever shipped is still a rule's id or one of its aliases. A new rule's id
    is added to the registry; a renamed rule keeps its old id under ``aliases:``."""
    shipped = {line.strip() for line in REGISTRY.read_text(encoding="utf-8").splitlines() if line.strip()}
    known = set(PACKSET.rules) | set(PACKSET.aliases)
    gone = sorted(shipped - known)
    assert not gone, f"rule ids removed without an alias (add `aliases: [old-id]` to the renamed rule): {gone}"
    new = sorted(set(PACKSET.rules) - shipped)
    if new and os.environ.get("CULTURELINT_UPDATE_GOLDEN"):  # at release: register the new ids
        REGISTRY.write_text("\n".join(sorted(shipped | set(new))) + "\n", encoding="utf-8")
        pytest.fail(f"{REGISTRY.name}: registered {len(new)} new rule ids")


def test_rule_ids_name_their_market_and_category() -> None:
    for rule in PACKSET.rules.values():
        folder = Path(rule.source).parent.name.lower()
        assert rule.id.split(".")[0] == folder, rule.id
        assert rule.id.split(".")[1] == rule.category, f"{rule.id} is in category {rule.category}"


def test_pack_files_are_named_by_category() -> None:
    """``<category>.yaml``, or ``<category>.<misfire class>.yaml`` for a class's rules in that
    category (``taboo.commemoration.yaml``); the pack id is ``<folder>/<stem>``."""
    for pack in PACKSET.packs:
        stem = Path(pack.path).stem
        category = stem.partition(".")[0]
        assert {r.category for r in pack.rules} == {category}, pack.path
        assert pack.id == f"{Path(pack.path).parent.name}/{stem}", pack.path


ALIASED = """
pack: test/taboo
markets: [en-GB]
language: en
category: taboo
references: [https://example.org]
rules:
  - id: test.taboo.crumpet
    aliases: [test.idiom.crumpet]
    severity: warning
    message: "“{match}” is a test word."
    rationale: A renamed test rule.
    match: {terms: [crumpet]}
    examples: {bad: ["A crumpet."], good: ["A scone."]}
"""


def test_alias_selects_suppresses_and_overrides_severity(write_pack, check_text) -> None:
    packs = pack_set_from(write_pack(ALIASED))
    assert packs.aliases["test.idiom.crumpet"].id == "test.taboo.crumpet"
    assert rule_ids(check_text("A crumpet.", "en-GB", pack_set=packs, select=("test.idiom.crumpet",))) == [
        "test.taboo.crumpet"
    ]
    silenced = "<!-- culturelint-disable-next-line test.idiom.crumpet -- old id -->\nA crumpet.\n"
    assert rule_ids(check_text(silenced, "en-GB", pack_set=packs)) == []
    rule = packs.rules["test.taboo.crumpet"]
    from culturelint.model import Severity

    assert (
        Selection(severity={"test.idiom.crumpet": Severity.ERROR}).severity_of(
            rule.id, rule.category, rule.severity, rule.aliases
        )
        is Severity.ERROR
    )


def test_an_alias_may_not_shadow_another_rule(write_pack) -> None:
    text = ALIASED + ALIASED.split("rules:\n", 1)[1].replace("test.taboo.crumpet", "test.taboo.scone")
    with pytest.raises(PackError, match=r"alias 'test\.idiom\.crumpet' .* already"):
        pack_set_from(write_pack(text))


def test_baseline_written_before_a_rename_still_hides_the_finding(tmp_path, write_pack) -> None:
    from culturelint import api

    draft = tmp_path / "post.md"
    draft.write_text("---\nmarket: en-GB\n---\nA crumpet for tea.\n", encoding="utf-8")
    old = write_pack(
        ALIASED.replace("test.taboo.crumpet", "test.idiom.crumpet").replace(
            "aliases: [test.idiom.crumpet]", "aliases: [test.idiom.crumpet-old]"
        ),
        "old.yaml",
    )
    before = api.check(api.CheckRequest([str(draft)], rules=[old]), pack_set_from(old))
    assert [f.rule for f in before.findings] == ["test.idiom.crumpet"]
    baseline = tmp_path / "baseline.json"
    from culturelint.formatters import FORMATTERS

    baseline.write_text(FORMATTERS["json"](before), encoding="utf-8")
    new = write_pack(ALIASED, "new.yaml")
    after = api.check(api.CheckRequest([str(draft)], baseline=baseline), pack_set_from(new))
    assert after.findings == ()
    unbaselined = api.check(api.CheckRequest([str(draft)]), pack_set_from(new))
    assert [f.rule for f in unbaselined.findings] == ["test.taboo.crumpet"]
    assert json.loads(baseline.read_text())["findings"][0]["rule"] == "test.idiom.crumpet"


@pytest.mark.parametrize(
    "select, ignore, enabled",
    [
        (("en-gb",), ("en-gb.idiom",), False),  # the ignore is more specific
        (("en-gb.idiom.us-spelling",), ("en-gb",), True),  # the select is more specific
        (("idiom",), ("en-gb.idiom.us-spelling",), False),
        ((), ("idiom",), False),
        (("all",), ("all",), False),  # a tie goes to ignore
        (("en-gb.idiom",), (), True),
    ],
)
def test_the_more_specific_selector_wins(select, ignore, enabled) -> None:
    rule = PACKSET.rules["en-gb.idiom.us-spelling"]
    assert Selection(select, ignore).enabled(rule) is enabled


def test_cli_select_replaces_the_config_select(tmp_path) -> None:
    from culturelint import api
    from culturelint.config import Config

    config = Config(select=("ja-jp",), ignore=("taboo",))
    request = api.CheckRequest(["x"], select=("en-gb",), config=config)
    selection = api.selection_for(request)
    assert selection.select == ("en-gb",) and selection.ignore == ("taboo",)
    assert api.selection_for(api.CheckRequest(["x"], config=config)).select == ("ja-jp",)
