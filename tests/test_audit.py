"""``culturelint rules audit``: rule governance over a pack repository and over the shipped packs.

A tmp pack repository holds one rule per finding the audit must report (a stale review, a rule never
reviewed, a rule sourced only from the news, a rule citing § 6 TMG, a rule no corpus text triggers)
plus a clean one; a tmp corpus and reviewers' decision files go with it. Every format is checked
line for line. The reference classifier and the superseded-law table are checked on real reference
strings and citations from rules/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelint import audit
from culturelint.cli import main

DAY = "2026-12-03"
PACK = """\
pack: acme/claim
markets: [de-DE]
language: de
category: claim
owner: acme-compliance
rules:
  - id: acme.claim.clean
    severity: warning
    message: "„{match}“ ist eine Spitzenstellungsbehauptung; ohne Beleg ist sie irreführend (§ 5 UWG)."
    rationale: Alleinstellungswerbung braucht einen deutlichen, dauerhaften Vorsprung.
    reviewed: 2026-11-20
    references: [https://www.gesetze-im-internet.de/uwg_2004/__5.html]
    match: {terms: [Marktführer]}
    examples:
      bad: ["Der Marktführer für Sneaker.", "Wir sind Marktführer bei Tee."]
      good: ["Der Bericht nennt keinen Marktführer.", "Ein Marktführer-Vergleich der Stiftung."]

  - id: acme.claim.stale-review
    severity: warning
    message: "„{match}“ verspricht Heilung; Gesundheitswerbung braucht Belege (§ 3 HWG)."
    rationale: Heilversprechen sind ohne Nachweis irreführend.
    reviewed: 2025-01-10
    references: [https://www.gesetze-im-internet.de/heilmwerbg/__3.html]
    match: {terms: [Wunderkur]}
    examples:
      bad: ["Die Wunderkur für deine Haut.", "Unsere Wunderkur wirkt sofort."]
      good: ["Keine Wunderkur, sagt die Ärztin.", "Der Roman heißt Die Wunderkur."]

  - id: acme.claim.never-reviewed
    severity: warning
    message: "„{match}“ ist ein Garantieversprechen, das der Verkäufer nicht halten kann."
    rationale: Erfolgsgarantien täuschen über das Risiko.
    references: [https://www.gesetze-im-internet.de/uwg_2004/__5.html]
    match: {terms: [Erfolgsgarantie]}
    examples:
      bad: ["Mit Erfolgsgarantie zum Traumjob.", "Erfolgsgarantie für alle Kurse."]
      good: ["Eine Erfolgsgarantie gibt es nicht.", "Die Studie prüft jede Erfolgsgarantie."]

  - id: acme.claim.news-only
    severity: warning
    message: "„{match}“ weckt Angst vor Knappheit, die es nicht gibt."
    rationale: Künstliche Verknappung setzt unter Druck.
    reviewed: 2026-11-20
    references:
      - https://www.bbc.com/news/business-12345678
      - https://www.spiegel.de/wirtschaft/knappheit-a-1234.html
    match: {terms: [Letzte Chance]}
    examples:
      bad: ["Letzte Chance auf den Rabatt!", "Nur heute: letzte Chance."]
      good: ["Die letzte Chance des Teams im Finale.", "Der Film Letzte Chance läuft heute."]

  - id: acme.claim.old-law
    severity: warning
    message: "„{match}“ ist Werbung ohne Kennzeichnung; kommerzielle Kommunikation muss erkennbar sein (§ 6 TMG)."
    rationale: Schleichwerbung täuscht über den kommerziellen Zweck.
    reviewed: 2026-11-20
    references: [https://www.gesetze-im-internet.de/uwg_2004/__5a.html]
    match: {terms: [unbezahlte Empfehlung]}
    examples:
      bad: ["Eine unbezahlte Empfehlung von mir!", "Meine unbezahlte Empfehlung des Monats."]
      good: ["Was ist eine unbezahlte Empfehlung?", "Der Artikel erklärt die unbezahlte Empfehlung."]

  - id: acme.claim.silent
    severity: warning
    message: "„{match}“ verspricht Zauberwirkung."
    rationale: Magische Wirkversprechen sind irreführend.
    reviewed: 2026-11-20
    references: [https://www.gesetze-im-internet.de/uwg_2004/__5.html]
    match: {terms: [Zauberstaub]}
    examples:
      bad: ["Zauberstaub für glatte Haut.", "Mit Zauberstaub gegen Falten."]
      good: ["Zauberstaub im Märchenbuch.", "Die Fee streut Zauberstaub im Theaterstück."]
"""
CORPUS_YAML = """\
- {text: "Der Marktführer für Laufschuhe, jetzt im Angebot.", market: de-DE}
- {text: "Die Wunderkur gegen Falten: jetzt bestellen!", market: de-DE}
- {text: "Erfolgsgarantie: in 30 Tagen zum neuen Job.", market: de-DE}
"""
CORPUS_JSONL = (
    '{"text": "Letzte Chance: nur noch heute 50 % Rabatt!", "market": "de-DE"}\n'
    '{"text": "Eine unbezahlte Empfehlung von mir: dieses Serum!", "market": "de-DE", "sponsored": true}\n'
)
ANA = """\
reviewer: Ana Ruiz
decisions:
  - {fingerprint: a1, rule: acme.claim.news-only, market: de-DE, decision: false-alarm, date: 2026-11-02}
  - {fingerprint: a2, rule: acme.claim.news-only, market: de-DE, decision: false-alarm, date: 2026-11-03}
  - {fingerprint: a3, rule: acme.claim.news-only, market: de-DE, decision: change-needed, date: 2026-11-04}
  - {fingerprint: a4, rule: acme.claim.old-law, market: de-DE, decision: false-alarm, date: 2026-11-05}
  - {fingerprint: a5, rule: acme.claim.clean, market: de-DE, decision: false-alarm, date: 2026-11-05}
  - {fingerprint: a6, rule: acme.claim.clean, market: de-DE, decision: false-alarm, date: 2026-11-06}
"""
KENJI = """\
reviewer: Kenji Sato
decisions:
  - {fingerprint: k1, rule: acme.claim.old-law, market: de-DE, decision: change-needed, date: 2026-11-07}
  - {fingerprint: k2, rule: acme.claim.old-law, market: de-DE, decision: accept, reason: licensed wording, date: 2026-11-08}
  - {fingerprint: k3, rule: acme.claim.old-law, market: de-DE, decision: change-needed, date: 2026-11-09}
  - {fingerprint: k4, rule: ja-jp.number.four-gift, market: ja-JP, decision: false-alarm, date: 2026-11-09}
"""
SOURCE = "packs/acme/claim.yaml"


def line_of(rule: str) -> int:
    return next(i for i, row in enumerate(PACK.splitlines(), 1) if row.strip() == f"- id: {rule}")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "packs" / "acme").mkdir(parents=True)
    (tmp_path / SOURCE).write_text(PACK, encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(CORPUS_YAML, encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(CORPUS_JSONL, encoding="utf-8")
    (tmp_path / "ana.yaml").write_text(ANA, encoding="utf-8")
    (tmp_path / "kenji.yaml").write_text(KENJI, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CULTURELINT_NO_PLUGINS", "1")
    return tmp_path


ARGS = (
    "--rules",
    "packs",
    "--no-default-corpus",
    "--corpus",
    "corpus.yaml",
    "--corpus",
    "more.jsonl",
    "--feedback",
    "ana.yaml",
    "--feedback",
    "kenji.yaml",
    "--date",
    DAY,
    "--no-config",
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rules", "audit", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_each_check_exactly(repo: Path) -> None:
    code, out, err = run(*ARGS)
    assert (code, err) == (0, "")
    at = {rule: f"({SOURCE}:{line_of(rule)})" for rule in ("acme.claim." + n for n in NAMES)}
    assert out.splitlines() == [
        "stale: 'reviewed' missing or older than the maximum age (2)  "
        "[older than 12 months: reviewed before 2025-12-03]",
        f"  acme.claim.never-reviewed  never reviewed  {at['acme.claim.never-reviewed']}",
        f"  acme.claim.stale-review  reviewed 2025-01-10 (692 days ago)  {at['acme.claim.stale-review']}",
        "",
        "secondary-only: no reference to a primary source (1)  [5 distinct references: 3 primary, 2 secondary, "
        "0 unclassified; 1 rules without a primary reference]",
        "  acme.claim.news-only  https://www.bbc.com/news/business-12345678 (secondary: domain bbc.com); "
        "https://www.spiegel.de/wirtschaft/knappheit-a-1234.html (secondary: domain spiegel.de)  "
        f"{at['acme.claim.news-only']}",
        "",
        "superseded-law: cites a law a newer one replaced (1)",
        "  acme.claim.old-law  message cites “§ 6 TMG”: Telemediengesetz (TMG) (replaced) -> "
        f"Digitale-Dienste-Gesetz (DDG) since 2024-05-14  {at['acme.claim.old-law']}",
        "",
        "never-fires: no finding on the recall corpora (1)  [5 corpus texts in 1 market]",
        "  de-DE:",
        f"    acme.claim.silent  0 hits on 5 corpus texts  {at['acme.claim.silent']}",
        "",
        "false-alarms: highest false-alarm rate in reviewers' decisions (2)  "
        "[2 decision files, 4 rules decided; min. 3 decisions]",
        f"  acme.claim.news-only  2/3 false alarms (67%); markets: de-DE 2/3  {at['acme.claim.news-only']}",
        f"  acme.claim.old-law  1/4 false alarms (25%); markets: de-DE 1/4  {at['acme.claim.old-law']}",
        "",
        "6 rules audited on 2026-12-03: 2 stale, 1 secondary, 1 superseded-law, 1 never-fires, 2 false-alarms",
    ]


NAMES = ("clean", "stale-review", "never-reviewed", "news-only", "old-law", "silent")


def test_json_schema_and_sections(repo: Path) -> None:
    code, out, _ = run(*ARGS, "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["schema"] == "culturelint/rules-audit@1"
    assert (data["rules"], data["listed"], data["date"]) == (6, 7, DAY)
    assert data["checks"] == ["stale", "secondary", "superseded-law", "never-fires", "false-alarms"]
    assert [(r["rule"], r["reviewed"], r["age_days"]) for r in data["stale"]["rules"]] == [
        ("acme.claim.never-reviewed", None, None),
        ("acme.claim.stale-review", "2025-01-10", 692),
    ]
    assert data["stale"]["reviewed_before"] == "2025-12-03" and data["stale"]["max_age"] == "12 months"
    assert [r["rule"] for r in data["secondary"]["rules"]] == ["acme.claim.news-only"]
    assert data["secondary"]["coverage"] == {
        "references": 5,
        "primary": 3,
        "secondary": 2,
        "unclassified": 0,
        "rules_without_primary": 1,
    }
    (law,) = data["superseded_law"]["rules"]
    assert (law["rule"], law["law"], law["where"], law["cited"], law["replaced_by"], law["since"]) == (
        "acme.claim.old-law",
        "de.tmg",
        "message",
        "§ 6 TMG",
        "Digitale-Dienste-Gesetz (DDG)",
        "2024-05-14",
    )
    never = data["never_fires"]
    assert never["corpus"] == {"skipped": False, "documents": 5, "markets": {"de-DE": 5}}
    assert [(r["rule"], r["group"], r["documents"]) for r in never["rules"]] == [("acme.claim.silent", "de-DE", 5)]
    alarms = data["false_alarms"]
    assert (alarms["files"], alarms["min_decisions"]) == (2, 3)
    # acme.claim.clean has 2 decisions (< 3); ja-jp.number.four-gift is not one of the audited packs
    assert [(r["rule"], r["decisions"], r["false_alarms"], r["rate"]) for r in alarms["rules"]] == [
        ("acme.claim.news-only", 3, 2, 0.6667),
        ("acme.claim.old-law", 4, 1, 0.25),
    ]


def test_csv_one_row_per_listed_rule(repo: Path) -> None:
    code, out, _ = run(*ARGS, "-f", "csv", "--check", "stale,superseded-law,never-fires")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows == [
        ["check", "rule", "markets", "detail", "source"],
        [
            "stale",
            "acme.claim.never-reviewed",
            "de-DE",
            "never reviewed",
            f"{SOURCE}:{line_of('acme.claim.never-reviewed')}",
        ],
        [
            "stale",
            "acme.claim.stale-review",
            "de-DE",
            "reviewed 2025-01-10 (692 days ago)",
            f"{SOURCE}:{line_of('acme.claim.stale-review')}",
        ],
        [
            "superseded-law",
            "acme.claim.old-law",
            "de-DE",
            "message cites “§ 6 TMG”: Telemediengesetz (TMG) (replaced) -> Digitale-Dienste-Gesetz (DDG) since 2024-05-14",
            f"{SOURCE}:{line_of('acme.claim.old-law')}",
        ],
        [
            "never-fires",
            "acme.claim.silent",
            "de-DE",
            "0 hits on 5 corpus texts",
            f"{SOURCE}:{line_of('acme.claim.silent')}",
        ],
    ]


def test_markdown_for_an_issue(repo: Path) -> None:
    code, out, _ = run(*ARGS, "-f", "markdown", "--check", "secondary,false-alarms")
    assert code == 0
    assert out.splitlines() == [
        "## Rule audit, 2026-12-03",
        "",
        "6 rules audited on 2026-12-03: 1 secondary, 2 false-alarms.",
        "",
        "### secondary-only: no reference to a primary source (1)",
        "",
        "_5 distinct references: 3 primary, 2 secondary, 0 unclassified; 1 rules without a primary reference_",
        "",
        "| rule | markets | detail | source |",
        "| --- | --- | --- | --- |",
        "| `acme.claim.news-only` | de-DE | https://www.bbc.com/news/business-12345678 (secondary: domain bbc.com); "
        "https://www.spiegel.de/wirtschaft/knappheit-a-1234.html (secondary: domain spiegel.de) "
        f"| {SOURCE}:{line_of('acme.claim.news-only')} |",
        "",
        "### false-alarms: highest false-alarm rate in reviewers' decisions (2)",
        "",
        "_2 decision files, 4 rules decided; min. 3 decisions_",
        "",
        "| rule | markets | detail | source |",
        "| --- | --- | --- | --- |",
        f"| `acme.claim.news-only` | de-DE | 2/3 false alarms (67%); markets: de-DE 2/3 | {SOURCE}:{line_of('acme.claim.news-only')} |",
        f"| `acme.claim.old-law` | de-DE | 1/4 false alarms (25%); markets: de-DE 1/4 | {SOURCE}:{line_of('acme.claim.old-law')} |",
    ]


def test_fail_on_issues_gates_ci(repo: Path) -> None:
    assert run(*ARGS, "--fail-on-issues")[0] == 1
    # a long max age, a corpus that triggers the silent rule, no feedback: nothing to list
    Path("all.yaml").write_text("- {text: Zauberstaub für glatte Haut., market: de-DE}\n", encoding="utf-8")
    code, out, _ = run(
        "--rules", "packs", "--no-default-corpus", "--corpus", "all.yaml", "--corpus", "corpus.yaml",
        "--corpus", "more.jsonl", "--check", "never-fires", "--date", DAY, "--fail-on-issues", "--no-config",
    )  # fmt: skip
    assert code == 0 and out.endswith("6 rules audited on 2026-12-03: 0 never-fires\n")


@pytest.mark.parametrize(("age", "listed"), [("12m", 2), ("1y", 2), ("692d", 1), ("691d", 2), ("24m", 1)])
def test_max_age_units(repo: Path, age: str, listed: int) -> None:
    code, out, _ = run(*ARGS, "--check", "stale", "--max-age", age, "-f", "json")
    assert code == 0 and json.loads(out)["stale"]["count"] == listed


def test_config_audit_key(repo: Path) -> None:
    Path("culturelint.yaml").write_text(
        "rules: [packs]\naudit:\n  max_age: 24m\n  feedback: [ana.yaml, kenji.yaml]\n  min_decisions: 4\n"
        "  corpus: [corpus.yaml]\n",
        encoding="utf-8",
    )
    code, out, _ = run("--date", DAY, "--no-default-corpus", "-f", "json")
    data = json.loads(out)
    assert code == 0
    assert [r["rule"] for r in data["stale"]["rules"]] == ["acme.claim.never-reviewed"]  # 24 months
    assert [r["rule"] for r in data["false_alarms"]["rules"]] == ["acme.claim.old-law"]  # >= 4 decisions
    # the config's corpus only: the two JSON Lines texts are missing, so two more rules never fire
    assert [r["rule"] for r in data["never_fires"]["rules"]] == [
        "acme.claim.news-only",
        "acme.claim.old-law",
        "acme.claim.silent",
    ]


def test_bad_config_age_names_file_and_place(repo: Path) -> None:
    Path("culturelint.yaml").write_text("audit:\n  max_age: soon\n", encoding="utf-8")
    code, _, err = run("--date", DAY, "--check", "stale")
    assert code == 2
    assert "culturelint.yaml:2:" in err and "'soon' is not an age such as 12m, 365d or 1y" in err


def test_bad_options_exit_2(repo: Path) -> None:
    code, _, err = run(*ARGS, "--check", "stale,typo")
    assert code == 2 and "unknown check typo" in err
    code, _, err = run(*ARGS, "--max-age", "0d")
    assert code == 2 and "'0d' is not an age" in err


def test_broken_files_are_reported_and_the_rest_processed(repo: Path) -> None:
    Path("broken.yaml").write_text("decisions:\n  - {fingerprint: x, rule: r, decision: nope, date: 2026-12-01}\n")
    Path("broken.jsonl").write_text('{"text": "ok", "market": "de-DE"}\n{not json\n', encoding="utf-8")
    code, out, err = run(*ARGS, "--feedback", "broken.yaml", "--corpus", "broken.jsonl", "-f", "json")
    data = json.loads(out)
    assert code == 2
    assert "broken.yaml" in err and "broken.jsonl:2" in err and "invalid JSON" in err
    assert [r["rule"] for r in data["false_alarms"]["rules"]] == ["acme.claim.news-only", "acme.claim.old-law"]
    assert data["never_fires"]["corpus"]["documents"] == 5


def test_missing_corpora_skip_the_check_in_one_line(repo: Path) -> None:
    """An installed package has no tests/ or fixtures/: the check says so and the rest runs."""
    from culturelint.packs.loader import load_packset

    packset = load_packset([Path("packs")], plugins=False)
    scope = [r for r in packset.rules.values() if r.id.startswith("acme.")]
    options = audit.AuditOptions(today=dt.date(2026, 12, 3), checks=("stale", "never-fires"))
    result = audit.audit(packset, scope, options, root=repo / "site-packages")
    assert result.corpus == {"skipped": True, "documents": 0, "markets": {}}
    assert result.never_fires == [] and len(result.stale) == 2
    (note,) = result.notes
    assert note.startswith("never-fires: the recall corpora (tests/realcases, fixtures/corpus) are not here")
    assert "\n" not in note


def test_market_filter(repo: Path) -> None:
    code, out, _ = run(*ARGS, "--market", "fr-FR", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["rules"] == 0 and data["listed"] == 0


# ----------------------------------------------------------------------------- the classifier
KINDS = audit.ReferenceKinds.load()


@pytest.mark.parametrize(
    "reference",
    [
        "https://www.gesetze-im-internet.de/uwg_2004/__5a.html",
        "https://www.asa.org.uk/type/non_broadcast/code_section/04.html",
        "https://www.law.go.kr/법령/화장품법",
        "http://www.npc.gov.cn/npc/c30834/202105/a1ffd68ef6e843a08a0ec2d4b2fa3d94.shtml",
        "https://www.legislation.gov.uk/ukpga/1968/29/section/12",
        "https://www.ftc.gov/business-guidance/resources/disclosures-101-social-media-influencers",
        "https://www.mhlw.go.jp/content/000544575.pdf",
        "https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=10002665",
        "https://www.boe.es/buscar/act.php?id=BOE-A-2022-11311",
        "https://cldr.unicode.org/",
        "https://www.fedlex.admin.ch/eli/cc/54/757_781_799/de#art_261_bis",
        "https://eur-lex.europa.eu/eli/reg/2006/1924/oj",
        "https://kpi.go.id/id/umum/38-dalam-negeri/37655-15-poin-surat-edaran-siaran-ramadan-2025?detail3=23923&detail5=23924",
        "§ 5a UWG",
        "Art. 6 DSA",
        "Regulation (EU) 2022/2065",
        "CAP Code 2.1",
        "16 CFR 255",
        "《广告法》第九条",
        "BGH, Urteil vom 9.9.2021, I ZR 90/20",
    ],
)
def test_primary_references(reference: str) -> None:
    assert KINDS.classify(reference)[0] == "primary", KINDS.classify(reference)


@pytest.mark.parametrize(
    "reference",
    [
        "https://www.thehindu.com/business/Industry/new-ad-norms-for-skin-lightening-products/article6332397.ece",
        "https://www.scmp.com/news/asia/southeast-asia/article/3183028/indonesian-bar-faces-blasphemy-heat-after-free-drinks",
        "http://www.hindustantimes.com/world-news/china-shuts-marriott-website-over-tibet-mistake/story-6M7ZTkd9iNYNV0pPaaWA6M.html",
        "https://www.britannica.com/topic/Yom-Kippur",
        "https://www.macleans.ca/general/advertisers-net-social-media-flops-with-tweets-during-sandy/",
        "https://m.nocutnews.co.kr/news/amp/4010269",
        "https://www.jingyinlaw.com/zxzx/6853.html",
        "https://guides.uoguelph.ca/guides/style-guide/inclusive-language/indigenous-peoples/",
        "https://www.adl.org/news/press-releases/adl-launches-updated-database-of-extremist-symbols",
        "https://joescoffeefix.blogspot.com/2010/01/a-post.html",
        "https://en.wikipedia.org/wiki/Anzac_Day",
        "Wikipedia: Poppy",
        "ISBN 978-3-16-148410-0",
    ],
)
def test_secondary_references(reference: str) -> None:
    assert KINDS.classify(reference)[0] == "secondary", KINDS.classify(reference)


def test_unclassified_reference_says_why() -> None:
    assert KINDS.classify("https://example.org/about") == (None, "unknown domain")
    assert KINDS.classify("a talk at a conference") == (None, "not a URL and no known citation shape")


def test_config_adds_reference_kinds(tmp_path: Path) -> None:
    extra = tmp_path / "kinds.yaml"
    extra.write_text("primary:\n  domains: [example.org]\nsecondary:\n  host_words: [shop]\n", encoding="utf-8")
    kinds = audit.ReferenceKinds.load([extra])
    assert kinds.classify("https://docs.example.org/x")[0] == "primary"
    assert kinds.classify("https://bestshop.de/x") == ("secondary", "host word 'shop'")


# ----------------------------------------------------------------------------- superseded laws
LAWS = {law.id: law for law in audit.load_laws()}


@pytest.mark.parametrize(
    ("law", "text", "cited"),
    [
        ("de.tmg", "Kennzeichnungspflicht nach § 6 Abs. 1 Nr. 1 TMG und § 5a UWG", "§ 6 Abs. 1 Nr. 1 TMG"),
        ("de.tmg", "https://www.gesetze-im-internet.de/tmg/__6.html", "gesetze-im-internet.de/tmg/"),
        ("de.rstv", "Werbung in Telemedien (§ 58 RStV)", "RStV"),
        ("de.uwg-5a-6", "Schleichwerbung, § 5a Abs. 6 UWG", "§ 5a Abs. 6 UWG"),
        (
            "uk.cprs",
            "the Consumer Protection from Unfair Trading Regulations 2008, reg. 3",
            "Consumer Protection from Unfair Trading Regulations",
        ),
        ("uk.cprs", "https://www.legislation.gov.uk/uksi/2008/1277/contents", "legislation.gov.uk/uksi/2008/1277"),
        ("eu.ucpd", "https://eur-lex.europa.eu/eli/dir/2005/29/oj", "eur-lex.europa.eu/eli/dir/2005/29/oj"),
        ("cn.advertising-law", "《广告法》（2015年修订）第九条", "广告法》（2015"),
        (
            "cn.advertising-law",
            "https://www.gov.cn/xinwen/2015-04/25/content_2852914.htm",
            "gov.cn/xinwen/2015-04/25/content_2852914 (the 2015 version)",
        ),
        ("us.ftc-endorsement-guides", "the FTC Endorsement Guides (2009)", "Endorsement Guides (2009"),
        ("es.lgca-2010", "artículo 9 de la Ley 7/2010, General de la Comunicación Audiovisual", "Ley 7/2010"),
        ("cn.internet-ad-interim-measures", "《互联网广告管理暂行办法》第七条", "互联网广告管理暂行办法"),
    ],
)
def test_law_cited(law: str, text: str, cited: str) -> None:
    assert LAWS[law].cited(text) == cited


@pytest.mark.parametrize(
    ("law", "text"),
    [
        ("de.tmg", "§ 6 DDG und § 5a Abs. 4 UWG"),  # the replacements
        ("de.uwg-5a-6", "§ 5a Abs. 4 UWG"),
        ("cn.advertising-law", "《广告法》第九条第（三）项禁止"),  # no version named: the law in force
        ("cn.advertising-law", "http://www.npc.gov.cn/npc/c30834/202105/a1ffd68ef6e843a08a0ec2d4b2fa3d94.shtml"),
        # the ko-KR rationale names the 2020 version and the 2024 revision beside it
        (
            "kr.kftc-endorsement-guidelines",
            "공정거래위원회 「추천·보증 등에 관한 표시·광고 심사지침」(2020년 9월 시행, 2024년 12월 1일 개정 시행)",
        ),
        ("us.ftc-endorsement-guides", "FTC Endorsement Guides (2023), 16 CFR Part 255"),
        ("uk.cprs", "CPR training for lifeguards"),  # the abbreviation alone, singular, is something else
    ],
)
def test_law_not_cited(law: str, text: str) -> None:
    assert LAWS[law].cited(text) is None


def test_every_law_has_sources_and_a_replacement() -> None:
    for law in LAWS.values():
        assert law.sources and law.replaced_by and law.since, law.id
        assert all(s.startswith(("http://", "https://")) for s in law.sources), law.id


# ----------------------------------------------------------------------------- the shipped packs
def test_shipped_packs_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real numbers: the built-in packs under every check but never-fires (next test) in seconds."""
    monkeypatch.setenv("CULTURELINT_NO_PLUGINS", "1")
    options = audit.AuditOptions(today=dt.date(2026, 12, 3), checks=("stale", "secondary", "superseded-law"))
    started = time.perf_counter()
    result = audit.run([], options, plugins=False)
    assert time.perf_counter() - started < 60
    assert result.rules > 700 and result.stale == []  # every shipped rule was reviewed in November/December 2026
    coverage = result.coverage
    assert coverage["unclassified"] < 0.2 * coverage["references"]
    assert coverage["primary"] + coverage["secondary"] + coverage["unclassified"] == coverage["references"]
    cited = {(r["rule"], r["law"]) for r in result.superseded}
    assert cited == set()  # the six outdated citations the first audit found were updated
    assert not any(law == "de.tmg" for _, law in cited)
    later = audit.run([], audit.AuditOptions(today=dt.date(2028, 1, 1), checks=("stale",)), plugins=False)
    assert len(later.stale) == later.rules  # twelve months later every rule is due


def test_shipped_packs_never_fire_for_one_market(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CULTURELINT_NO_PLUGINS", "1")
    options = audit.AuditOptions(today=dt.date(2026, 12, 3), checks=("never-fires",), market="de-AT")
    result = audit.run([], options, plugins=False)
    assert not result.corpus["skipped"] and result.corpus["markets"]["de-AT"] > 0
    silent = {r["rule"] for r in result.never_fires}
    assert silent and "de-at.disclosure.werbung-label" not in silent  # the regulator's rejected labels trigger it
    assert all(r["group"] for r in result.never_fires)


@pytest.mark.slow
def test_shipped_packs_full_audit_cli() -> None:
    """Every check over every shipped pack and the whole recall corpus, as CI would run it."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["rules", "audit", "--date", DAY, "--no-config", "-f", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and time.perf_counter() - started < 900
    assert data["never_fires"]["corpus"]["documents"] > 600
    assert 0 < data["never_fires"]["count"] < data["rules"]


def test_corpus_readers(tmp_path: Path) -> None:
    regulator = tmp_path / "reg.yaml"
    regulator.write_text(
        textwrap.dedent(
            """\
            market: de-DE
            accepted: [{text: "#Werbung", caption: "#Werbung Mein Serum"}]
            rejected: [{text: "#ad", caption: "Mein Serum #ad"}, {text: "#sp"}]
            cases:
              - {text: "Tolles Serum #ad", verdict: breach}
              - {text: "#Werbung Tolles Serum", verdict: compliant}
            """
        ),
        encoding="utf-8",
    )
    texts = audit.read_corpus(regulator)
    assert [(t.text, t.market, t.sponsored) for t in texts] == [
        ("Mein Serum #ad", "de-DE", True),
        ("Tolles Serum #ad", "de-DE", True),
    ]
    drafts = tmp_path / "drafts.yaml"
    drafts.write_text("market: fr-FR\nharmless: [{text: a}]\nrisky: [{text: b, expect: [claim]}]\n", encoding="utf-8")
    assert [(t.text, t.market) for t in audit.read_corpus(drafts)] == [("b", "fr-FR")]
    missing = tmp_path / "nomarket.yaml"
    missing.write_text("- {text: hallo}\n", encoding="utf-8")
    with pytest.raises(audit.UserError, match="entry 1: no 'market'"):
        audit.read_corpus(missing)
