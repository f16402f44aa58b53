"""``culturelint rules audit``: is each rule still true? Five governance checks over the packs.

- **stale**: ``reviewed`` missing or older than the maximum age (``--max-age``, config ``audit: {max_age}``,
  else 12 months);
- **secondary**: every reference is secondary (news, encyclopaedia, blog, law-firm note...), none a
  primary source (statute, gazette, regulator, court, standards body, public body); the kinds come
  from ``data/reference-kinds.yaml`` (domains, public-sector suffixes, citation shapes);
- **superseded-law**: a reference, the message or the rationale cites a law that a newer one replaced
  (``data/superseded-laws.yaml``: TMG -> DDG, CPRs -> DMCC Act ...) or an older version of a revised one;
- **never-fires**: the rule has no finding on any text of the recall corpora (the real misfires, the
  regulators' rejected labels and rulings, the risky drafts, plus ``--corpus`` files);
- **false-alarms**: the rules reviewers most often marked as false alarms (``culturelint.feedback``).

Everything is computed here; ``cli.py`` only parses options and prints.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UserError

SCHEMA = "culturelint/rules-audit@1"
CHECKS = ("stale", "secondary", "superseded-law", "never-fires", "false-alarms")
DATA = Path(__file__).resolve().parent / "data"
REFERENCE_KINDS = DATA / "reference-kinds.yaml"
SUPERSEDED_LAWS = DATA / "superseded-laws.yaml"
DEFAULT_MAX_AGE = "12m"
DEFAULT_MIN_DECISIONS = 3
_AGE = re.compile(r"^\s*(\d+)\s*([dmy]?)\s*$", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://([^/?#]+)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
NEAR, WINDOW = 16, 60  # a version year within NEAR characters after a law's name; others within WINDOW
# second-level labels that only say "commercial" or "organisation" under a country code
_GENERIC_SLD = {"co", "com", "org", "net", "ac", "or", "ne", "go", "gov", "edu", "gob", "gouv", "govt", "gv"}


# ---------------------------------------------------------------------------------------------- ages
def parse_age(value: str) -> tuple[int, str]:
    """``12m``, ``365d``, ``1y`` or a bare number of days -> (amount, unit d|m|y)."""
    found = _AGE.match(str(value))
    if not found or int(found.group(1)) <= 0:
        raise UserError(f"'{value}' is not an age such as 12m, 365d or 1y")
    return int(found.group(1)), (found.group(2) or "d").lower()


def cutoff(today: dt.date, age: tuple[int, str]) -> dt.date:
    """The oldest ``reviewed`` date still within the age: ``today`` minus the age."""
    amount, unit = age
    if unit == "d":
        return today - dt.timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(today.day, last))


def describe_age(age: tuple[int, str]) -> str:
    amount, unit = age
    word = {"d": "day", "m": "month", "y": "year"}[unit]
    return f"{amount} {word}{'s' if amount != 1 else ''}"


# ------------------------------------------------------------------------------------ data files
def _load_yaml(path: Path) -> Any:
    from .validation import load_located

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read audit data file: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    return load_located(text, str(path)).data


def _strings(value: Any, where: str, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise UserError(f"{where}: expected a list of strings", str(path))
    return [str(v) for v in value]


def _compile(pattern: str, where: str, path: Path) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UserError(f"{where}: invalid regular expression {pattern!r}: {exc}", str(path)) from None


@dataclass
class ReferenceKinds:
    """Classifies a reference as primary or secondary (or neither: unclassified)."""

    domains: dict[str, tuple[str, str]] = field(default_factory=dict)  # host -> (kind, file)
    suffixes: list[tuple[str, str]] = field(default_factory=list)  # (".gov.uk", kind)
    host_words: list[str] = field(default_factory=list)  # secondary words
    citations: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def load(cls, paths: Iterable[Path] = ()) -> ReferenceKinds:
        kinds = cls()
        for path in (REFERENCE_KINDS, *paths):
            kinds.add(path)
        return kinds

    def add(self, path: Path) -> None:
        data = _load_yaml(path)
        if not isinstance(data, dict):
            raise UserError("a reference-kinds file is a mapping with 'primary' and 'secondary'", str(path))
        for kind in ("primary", "secondary"):
            section = data.get(kind) or {}
            if not isinstance(section, dict):
                raise UserError(f"{kind}: expected a mapping of domains, suffixes, host_words", str(path))
            for domain in _strings(section.get("domains"), f"{kind}.domains", path):
                self.domains[domain.lower().lstrip(".")] = (kind, str(path))
            for suffix in _strings(section.get("suffixes"), f"{kind}.suffixes", path):
                self.suffixes.append(("." + suffix.lower().lstrip("."), kind))
            if kind == "secondary":
                self.host_words += [w.lower() for w in _strings(section.get("host_words"), "host_words", path)]
        citations = data.get("citations") or {}
        if not isinstance(citations, dict):
            raise UserError("citations: expected a mapping of primary and secondary patterns", str(path))
        for kind in ("primary", "secondary"):
            for pattern in _strings(citations.get(kind), f"citations.{kind}", path):
                self.citations.append((_compile(pattern, f"citations.{kind}", path), kind))
        # longest suffix first, so .gov.uk is tried before .uk-wide secondary ones
        self.suffixes.sort(key=lambda s: -len(s[0]))

    def classify(self, reference: str) -> tuple[str | None, str]:
        """(primary | secondary | None, why)."""
        text = reference.strip()
        found = _URL.match(text)
        if not found:
            for pattern, kind in self.citations:
                if pattern.search(text):
                    return kind, f"citation shape /{pattern.pattern}/"
            return None, "not a URL and no known citation shape"
        host = found.group(1).rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
        host = host.removeprefix("www.")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            candidate = ".".join(labels[i:])
            if candidate in self.domains:
                return self.domains[candidate][0], f"domain {candidate}"
        for suffix, kind in self.suffixes:
            if ("." + host).endswith(suffix):
                return kind, f"suffix {suffix}"
        name = _registrable_words(labels)
        for word in self.host_words:
            if word in name:
                return "secondary", f"host word '{word}'"
        return None, "unknown domain"


def _registrable_words(labels: list[str]) -> str:
    """The host without its public suffix (``www.hindustantimes.com`` -> ``hindustantimes``)."""
    rest = labels[:-1]
    if len(rest) > 1 and rest[-1] in _GENERIC_SLD:
        rest = rest[:-1]
    return ".".join(rest)


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    status: str  # replaced | renumbered | revised | amended
    replaced_by: str
    since: str
    note: str
    match: tuple[re.Pattern[str], ...]
    latest: int | None = None
    versions: tuple[tuple[int, tuple[re.Pattern[str], ...]], ...] = ()
    sources: tuple[str, ...] = ()

    def cited(self, text: str) -> str | None:
        """The stale citation of this law in ``text``, or None."""
        if self.status != "revised":
            for pattern in self.match:
                found = pattern.search(text)
                if found:
                    return found.group(0)
            return None
        assert self.latest is not None
        for year, patterns in self.versions:
            if year < self.latest:
                for pattern in patterns:
                    found = pattern.search(text)
                    if found:
                        return f"{found.group(0)} (the {year} version)"
        for pattern in self.match:
            for found in pattern.finditer(text):
                window = text[found.end() : found.end() + WINDOW]
                years = list(_YEAR.finditer(window))
                # "(2015)" right after the name, and no newer version named beside it ("2020, revised 2024")
                if years and years[0].start() <= NEAR and all(int(y.group(1)) < self.latest for y in years):
                    return text[found.start() : found.end() + years[0].end()].strip()
        return None


LAW_STATUSES = ("replaced", "renumbered", "revised", "amended")


def load_laws(paths: Iterable[Path] = ()) -> list[Law]:
    laws: dict[str, Law] = {}
    for path in (SUPERSEDED_LAWS, *paths):
        data = _load_yaml(path)
        entries = data.get("laws") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise UserError("a superseded-laws file is a mapping with a list 'laws'", str(path))
        for i, entry in enumerate(entries):
            where = f"laws[{i}]"
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("match"):
                raise UserError(f"{where}: each law needs an id and match patterns", str(path))
            status = str(entry.get("status", "replaced"))
            if status not in LAW_STATUSES:
                raise UserError(f"{where}: status '{status}' is not one of {', '.join(LAW_STATUSES)}", str(path))
            latest = entry.get("latest")
            if status == "revised" and not isinstance(latest, int):
                raise UserError(f"{where}: a revised law needs 'latest' (the year in force)", str(path))
            versions = []
            for j, version in enumerate(entry.get("versions") or []):
                if not isinstance(version, dict) or not isinstance(version.get("year"), int):
                    raise UserError(f"{where}.versions[{j}]: expected {{year, match}}", str(path))
                patterns = _strings(version.get("match"), f"{where}.versions[{j}].match", path)
                versions.append((version["year"], tuple(_compile(p, where, path) for p in patterns)))
            laws[str(entry["id"])] = Law(
                id=str(entry["id"]),
                name=str(entry.get("name", entry["id"])),
                status=status,
                replaced_by=" ".join(str(entry.get("replaced_by", "")).split()),
                since=str(entry.get("since", "")),
                note=" ".join(str(entry.get("note", "")).split()),
                match=tuple(_compile(p, f"{where}.match", path) for p in _strings(entry["match"], where, path)),
                latest=latest if isinstance(latest, int) else None,
                versions=tuple(versions),
                sources=tuple(_strings(entry.get("sources"), f"{where}.sources", path)),
            )
    return list(laws.values())


# ------------------------------------------------------------------------------------- the corpus
@dataclass(frozen=True)
class CorpusText:
    text: str
    market: str
    sponsored: bool | None
    where: str


def default_corpus_files(root: Path) -> list[Path]:
    cases = root / "tests" / "realcases"
    return [
        *sorted((cases / "misfires").glob("*.yaml")),
        *sorted((cases / "regulator").glob("*.yaml")),
        *sorted((root / "fixtures" / "corpus").glob("*.yaml")),
    ]


def read_corpus(path: Path) -> list[CorpusText]:
    """Texts with markets from one file: a real-case list (misfires), a regulator file (rejected
    labels' captions, rulings' breaches), a drafts file (risky drafts), or a user's file: JSON Lines
    or YAML of {text, market[, sponsored]}."""
    import yaml

    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read corpus file: {getattr(exc, 'strerror', None) or exc}", name) from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        rows: list[Any] = []
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise UserError(f"invalid JSON: {exc.msg}", name, number, exc.colno) from None
        return _texts(rows, None, name)
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            name,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    if isinstance(data, list):
        return _texts(data, None, name)
    if not isinstance(data, dict):
        raise UserError("a corpus file is a list of {text, market} or a market's regulator or drafts file", name)
    markets = data.get("markets") or [data.get("market")]
    markets = [str(m) for m in markets if m]
    out: list[CorpusText] = []
    if "risky" in data:  # fixtures/corpus/<market>.yaml: the risky drafts (harmless ones must stay quiet)
        out += _texts(data.get("risky") or [], markets, f"{name}:risky")
    for entry in data.get("rejected") or []:  # a label a regulator rejects, in a realistic post
        if isinstance(entry, dict) and entry.get("caption"):
            out += _texts([{**entry, "text": entry["caption"], "sponsored": True}], markets, f"{name}:rejected")
    for entry in data.get("cases") or []:  # rulings: the breaches
        if isinstance(entry, dict) and entry.get("verdict") == "breach":
            out += _texts([{**entry, "sponsored": entry.get("sponsored", True)}], markets, f"{name}:cases")
    if not out and "text" in data:
        out = _texts([data], markets, name)
    return out


def _texts(rows: list[Any], markets: list[str] | None, name: str) -> list[CorpusText]:
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise UserError(f"entry {i + 1}: expected a mapping with a 'text' string", name)
        own = row.get("market")
        tags = [str(own)] if own else list(markets or [])
        if not tags:
            raise UserError(f"entry {i + 1}: no 'market' (and the file names none)", name)
        sponsored = row.get("sponsored")
        for tag in tags:
            out.append(CorpusText(row["text"], tag, sponsored if isinstance(sponsored, bool) else None, f"{name}:{i}"))
    return out


# ------------------------------------------------------------------------------------- the audit
@dataclass
class AuditOptions:
    today: dt.date
    max_age: tuple[int, str] = (12, "m")
    checks: tuple[str, ...] = CHECKS
    market: str | None = None
    feedback: tuple[Path, ...] = ()
    corpus: tuple[Path, ...] = ()
    default_corpus: bool = True
    min_decisions: int = DEFAULT_MIN_DECISIONS
    reference_kinds: tuple[Path, ...] = ()
    superseded: tuple[Path, ...] = ()


@dataclass
class AuditResult:
    date: dt.date
    max_age: tuple[int, str]
    checks: tuple[str, ...]
    rules: int
    market: str | None = None
    stale: list[dict[str, Any]] = field(default_factory=list)
    secondary: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, int] = field(default_factory=dict)
    unclassified: list[str] = field(default_factory=list)
    superseded: list[dict[str, Any]] = field(default_factory=list)
    never_fires: list[dict[str, Any]] = field(default_factory=list)
    corpus: dict[str, Any] = field(default_factory=dict)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    feedback: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # broken input files: reported, the rest processed

    def listed(self) -> int:
        return sum(len(self.section(check)) for check in self.checks)

    def section(self, check: str) -> list[dict[str, Any]]:
        return {
            "stale": self.stale,
            "secondary": self.secondary,
            "superseded-law": self.superseded,
            "never-fires": self.never_fires,
            "false-alarms": self.false_alarms,
        }[check]


def _problem(exc: UserError) -> str:
    where = ":".join(str(p) for p in (getattr(exc, "path", None), getattr(exc, "line", None)) if p)
    return f"{where}: {exc.message}" if where else exc.message


def audit(packset: Any, scope: list[Any], options: AuditOptions, root: Path | None) -> AuditResult:
    """Run the chosen checks over ``scope`` (the rules to audit, from ``packset``)."""
    if options.market:
        tag = packset.markets.resolve(options.market)
        scope = [r for r in scope if packset.markets.pack_applies(r.markets, tag)]
    result = AuditResult(options.today, options.max_age, options.checks, len(scope), options.market)
    if "stale" in options.checks:
        result.stale = check_stale(scope, options.today, options.max_age)
    if "secondary" in options.checks:
        kinds = ReferenceKinds.load(options.reference_kinds)
        result.secondary, result.coverage, result.unclassified = check_secondary(scope, kinds)
    if "superseded-law" in options.checks:
        result.superseded = check_superseded(scope, load_laws(options.superseded))
    if "never-fires" in options.checks:
        check_never_fires(packset, scope, options, root, result)
    if "false-alarms" in options.checks:
        check_false_alarms(packset, scope, options, result)
    return result


def _where(rule: Any) -> str:
    from .packs.loader import relative_source

    return f"{relative_source(rule.source)}:{rule.line}" if rule.source else ""


def check_stale(rules: list[Any], today: dt.date, age: tuple[int, str]) -> list[dict[str, Any]]:
    oldest = cutoff(today, age)
    out = []
    for rule in rules:
        if rule.reviewed is None or rule.reviewed < oldest:
            out.append(
                {
                    "rule": rule.id,
                    "markets": list(rule.markets),
                    "reviewed": rule.reviewed.isoformat() if rule.reviewed else None,
                    "age_days": (today - rule.reviewed).days if rule.reviewed else None,
                    "source": _where(rule),
                }
            )
    # never reviewed first, then the oldest
    return sorted(out, key=lambda r: (r["reviewed"] is not None, r["reviewed"] or "", r["rule"]))


def check_secondary(rules: list[Any], kinds: ReferenceKinds) -> tuple[list[dict[str, Any]], dict[str, int], list[str]]:
    out = []
    seen: dict[str, str | None] = {}
    for rule in rules:
        refs = []
        for ref in rule.references:
            kind, why = kinds.classify(ref)
            seen[ref] = kind
            refs.append({"reference": ref, "kind": kind or "unclassified", "why": why})
        if not refs or all(r["kind"] == "secondary" for r in refs):
            out.append({"rule": rule.id, "markets": list(rule.markets), "references": refs, "source": _where(rule)})
    coverage = {
        "references": len(seen),
        "primary": sum(1 for k in seen.values() if k == "primary"),
        "secondary": sum(1 for k in seen.values() if k == "secondary"),
        "unclassified": sum(1 for k in seen.values() if k is None),
        "rules_without_primary": sum(
            1 for rule in rules if not any(seen.get(ref) == "primary" for ref in rule.references)
        ),
    }
    unclassified = sorted(ref for ref, kind in seen.items() if kind is None)
    return out, coverage, unclassified


def check_superseded(rules: list[Any], laws: list[Law]) -> list[dict[str, Any]]:
    out = []
    for rule in rules:
        places = [*(("reference", ref) for ref in rule.references), ("message", rule.message)]
        places.append(("rationale", rule.rationale))
        places += [("message", text) for _, text in getattr(rule, "messages", ())]
        for law in laws:
            for where, text in places:
                cited = law.cited(text or "")
                if cited:
                    out.append(
                        {
                            "rule": rule.id,
                            "markets": list(rule.markets),
                            "law": law.id,
                            "name": law.name,
                            "status": law.status,
                            "replaced_by": law.replaced_by,
                            "since": law.since,
                            "where": where,
                            "cited": " ".join(cited.split()),
                            "source": _where(rule),
                        }
                    )
                    break
    return out


def _corpus(options: AuditOptions, root: Path | None, result: AuditResult) -> list[CorpusText] | None:
    files: list[Path] = []
    if options.default_corpus:
        defaults = default_corpus_files(root) if root else []
        if defaults:
            files += defaults
        else:
            result.notes.append(
                "never-fires: the recall corpora (tests/realcases, fixtures/corpus) are not here "
                "(they live in the culturelint repository, not the installed package)"
                + ("; using --corpus only" if options.corpus else "; pass --corpus FILE or run from a checkout")
            )
    files += options.corpus
    if not files:
        return None
    texts: list[CorpusText] = []
    for path in dict.fromkeys(files):
        try:
            texts += read_corpus(path)
        except UserError as exc:
            result.problems.append(_problem(exc))
    return texts


def check_never_fires(
    packset: Any, scope: list[Any], options: AuditOptions, root: Path | None, result: AuditResult
) -> None:
    from .engine import CheckOptions, check_document
    from .engine.select import Selection
    from .model import DocumentMeta
    from .readers.text import TextReader

    texts = _corpus(options, root, result)
    if texts is None:
        result.corpus = {"skipped": True, "documents": 0, "markets": {}}
        return
    everything = len(scope) == len(packset.rules)
    selection = Selection() if everything else Selection(select=tuple(r.id for r in scope))
    run = CheckOptions(day=options.today, selection=selection)
    wanted = {r.id for r in scope}
    fired: set[str] = set()
    per_market: dict[str, int] = {}
    reader = TextReader()
    unknown: set[str] = set()
    relevant: dict[str, bool] = {}
    only = packset.markets.resolve(options.market) if options.market else None
    for item in texts:
        try:
            market = packset.markets.resolve(item.market)
        except UserError:
            unknown.add(item.market)
            continue
        if market not in relevant:  # a market none of the audited rules runs for (or not the --market one)
            relevant[market] = (not only or market == only) and any(
                packset.markets.pack_applies(rule.markets, market) for rule in scope
            )
        if not relevant[market]:
            continue
        per_market[market] = per_market.get(market, 0) + 1
        document = reader.read("<corpus>", item.text)[0]
        meta = DocumentMeta(markets=(market,), sponsored=item.sponsored, market_source="option")
        found = check_document(replace(document, meta=meta), packset, run)
        fired.update(f.rule for f in found.findings if f.rule in wanted)
    if unknown:
        result.problems.append(f"corpus: unknown market(s) {', '.join(sorted(unknown))}: their texts were skipped")
    result.corpus = {
        "skipped": False,
        "documents": sum(per_market.values()),
        "markets": dict(sorted(per_market.items())),
    }
    for rule in scope:
        if rule.id in fired:
            continue
        covered = [m for m in per_market if packset.markets.pack_applies(rule.markets, m)]
        why = []
        if not covered:
            why.append("no corpus text for its markets")
        if rule.active_from or rule.active_until or getattr(rule, "windows", ()):
            why.append("bound to dates or periods")
        result.never_fires.append(
            {
                "rule": rule.id,
                "markets": list(rule.markets),
                "group": ",".join(rule.markets),
                "documents": sum(per_market[m] for m in covered),
                "why": "; ".join(why),
                "source": _where(rule),
            }
        )
    result.never_fires.sort(key=lambda r: (r["group"], r["rule"]))


def check_false_alarms(packset: Any, scope: list[Any], options: AuditOptions, result: AuditResult) -> None:
    from . import feedback
    from .waivers import load_file

    readable: list[Path] = []
    for path in dict.fromkeys(options.feedback):
        try:
            load_file(path)
            readable.append(path)
        except UserError as exc:
            result.problems.append(_problem(exc))
    found, files = feedback.collect(readable) if readable else ([], 0)
    in_scope = {r.id for r in scope}
    result.feedback = {"files": files, "min_decisions": options.min_decisions, "rules": len(found)}
    if not options.feedback:
        result.notes.append("false-alarms: no reviewers' decision files (--feedback FILE or config audit: feedback:)")
    rows = []
    for item in found:
        rule = packset.rules.get(item.rule) or packset.aliases.get(item.rule)
        if rule is None:
            if options.market:
                continue
            current, known = item.rule, False
        else:
            if rule.id not in in_scope:
                continue
            current, known = rule.id, True
        decisions, alarms = len(item.decisions), item.count("false-alarm")
        if decisions < options.min_decisions or not alarms:
            continue
        rows.append(
            {
                "rule": current,
                "decided_as": item.rule,
                "known": known,
                "decisions": decisions,
                "false_alarms": alarms,
                "rate": round(item.false_alarm_rate, 4),
                "markets": item.markets(),
                "source": _where(rule) if rule is not None else "",
            }
        )
    result.false_alarms = sorted(rows, key=lambda r: (-r["rate"], -r["false_alarms"], r["rule"]))


# ------------------------------------------------------------------------------------ formatting
TITLES = {
    "stale": "stale: 'reviewed' missing or older than the maximum age",
    "secondary": "secondary-only: no reference to a primary source",
    "superseded-law": "superseded-law: cites a law a newer one replaced",
    "never-fires": "never-fires: no finding on the recall corpora",
    "false-alarms": "false-alarms: highest false-alarm rate in reviewers' decisions",
}


def _detail(check: str, row: dict[str, Any]) -> str:
    if check == "stale":
        return f"reviewed {row['reviewed']} ({row['age_days']} days ago)" if row["reviewed"] else "never reviewed"
    if check == "secondary":
        refs = row["references"]
        if not refs:
            return "no references"
        return "; ".join(f"{r['reference']} ({r['kind']}: {r['why']})" for r in refs)
    if check == "superseded-law":
        return f"{row['where']} cites “{row['cited']}”: {row['name']} ({row['status']}) -> {row['replaced_by']}" + (
            f" since {row['since']}" if row["since"] else ""
        )
    if check == "never-fires":
        text = f"0 hits on {row['documents']} corpus text{'s' if row['documents'] != 1 else ''}"
        return text + (f" ({row['why']})" if row["why"] else "")
    rate = f"{row['false_alarms']}/{row['decisions']} false alarms ({row['rate']:.0%})"
    markets = ", ".join(f"{m} {v['false_alarms']}/{v['decisions']}" for m, v in row["markets"].items())
    renamed = "" if row["decided_as"] == row["rule"] else f"; decided as {row['decided_as']}"
    unknown = "" if row["known"] else "; not in the packs (removed?)"
    return f"{rate}; markets: {markets}{renamed}{unknown}"


def _summary(result: AuditResult) -> str:
    parts = [f"{len(result.section(c))} {c}" for c in result.checks]
    scope = f" for {result.market}" if result.market else ""
    return f"{result.rules} rules audited{scope} on {result.date}: " + ", ".join(parts)


def _context(result: AuditResult, check: str) -> str:
    if check == "stale":
        oldest = cutoff(result.date, result.max_age)
        return f"older than {describe_age(result.max_age)}: reviewed before {oldest}"
    if check == "secondary":
        c = result.coverage
        return (
            f"{c.get('references', 0)} distinct references: {c.get('primary', 0)} primary, "
            f"{c.get('secondary', 0)} secondary, {c.get('unclassified', 0)} unclassified; "
            f"{c.get('rules_without_primary', 0)} rules without a primary reference"
        )
    if check == "never-fires":
        if result.corpus.get("skipped"):
            return "skipped: no recall corpus"
        markets = len(result.corpus.get("markets", {}))
        return f"{result.corpus.get('documents', 0)} corpus texts in {markets} market{'s' if markets != 1 else ''}"
    if check == "false-alarms":
        f = result.feedback
        files = f.get("files", 0)
        return (
            f"{files} decision file{'s' if files != 1 else ''}, {f.get('rules', 0)} rules decided; "
            f"min. {f.get('min_decisions')} decisions"
        )
    return ""


def format_text(result: AuditResult) -> str:
    out = []
    for check in result.checks:
        rows = result.section(check)
        context = _context(result, check)
        out.append(f"{TITLES[check]} ({len(rows)})" + (f"  [{context}]" if context else ""))
        group = None
        for row in rows:
            if check == "never-fires" and row["group"] != group:
                group = row["group"]
                out.append(f"  {group}:")
            indent = "    " if check == "never-fires" else "  "
            out.append(
                f"{indent}{row['rule']}  {_detail(check, row)}" + (f"  ({row['source']})" if row["source"] else "")
            )
        out.append("")
    out.append(_summary(result))
    return "\n".join(out) + "\n"


def as_dict(result: AuditResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "date": result.date.isoformat(),
        "market": result.market,
        "rules": result.rules,
        "checks": list(result.checks),
        "listed": result.listed(),
        "notes": result.notes,
        "problems": result.problems,
    }
    if "stale" in result.checks:
        data["stale"] = {
            "max_age": describe_age(result.max_age),
            "reviewed_before": cutoff(result.date, result.max_age).isoformat(),
            "count": len(result.stale),
            "rules": result.stale,
        }
    if "secondary" in result.checks:
        data["secondary"] = {
            "count": len(result.secondary),
            "coverage": result.coverage,
            "unclassified": result.unclassified,
            "rules": result.secondary,
        }
    if "superseded-law" in result.checks:
        data["superseded_law"] = {"count": len(result.superseded), "rules": result.superseded}
    if "never-fires" in result.checks:
        data["never_fires"] = {"count": len(result.never_fires), "corpus": result.corpus, "rules": result.never_fires}
    if "false-alarms" in result.checks:
        data["false_alarms"] = {"count": len(result.false_alarms), **result.feedback, "rules": result.false_alarms}
    return data


def format_json(result: AuditResult) -> str:
    return json.dumps(as_dict(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _rows(result: AuditResult) -> Iterator[tuple[str, dict[str, Any]]]:
    for check in result.checks:
        for row in result.section(check):
            yield check, row


def format_csv(result: AuditResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["check", "rule", "markets", "detail", "source"])
    for check, row in _rows(result):
        writer.writerow([check, row["rule"], " ".join(row.get("markets") or []), _detail(check, row), row["source"]])
    return buffer.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(result: AuditResult) -> str:
    out = [f"## Rule audit, {result.date}", "", _summary(result) + ".", ""]
    for check in result.checks:
        rows = result.section(check)
        context = _context(result, check)
        out += [f"### {TITLES[check]} ({len(rows)})", ""]
        if context:
            out += [f"_{_cell(context)}_", ""]
        if rows:
            out += ["| rule | markets | detail | source |", "| --- | --- | --- | --- |"]
            out += [
                f"| `{row['rule']}` | {_cell(', '.join(row.get('markets') or []))} | {_cell(_detail(check, row))} "
                f"| {_cell(row['source'])} |"
                for row in rows
            ]
            out.append("")
    for note in result.notes:
        out += [f"> {_cell(note)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "csv": format_csv, "markdown": format_markdown}


# ---------------------------------------------------------------------------------------- the run
def parse_checks(value: str) -> tuple[str, ...]:
    """``stale,secondary`` -> the checks in their fixed order; ``secondary-only`` names ``secondary``."""
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    aliases = {"secondary-only": "secondary", "superseded": "superseded-law", "false-alarm": "false-alarms"}
    chosen = {aliases.get(n, n) for n in names}
    unknown = sorted(chosen - set(CHECKS) - {"all"})
    if unknown or not chosen:
        raise UserError(f"--check: unknown check {', '.join(unknown) or '(none)'} (one of: {', '.join(CHECKS)})")
    return CHECKS if "all" in chosen else tuple(c for c in CHECKS if c in chosen)


def config_for(path: Path | None, ignore: bool) -> Any:
    """The run's config: ``--config``, none with ``--no-config``, else the nearest one from here."""
    from .config import Config, find_config, load_config

    if ignore:
        return Config()
    return load_config(path if path else find_config(Path.cwd()))


def run(
    extra: list[Path],
    options: AuditOptions,
    *,
    plugins: bool = True,
) -> AuditResult:
    """Load the packs once and audit: the ``--rules`` packs when given (a pack repository's own
    rules), else every built-in and plugin rule."""
    from .packs.loader import builtin_rules_dir, load_packset, pack_files

    packset = load_packset(extra, plugins=plugins)
    if extra:
        sources = {str(p.resolve()) for path in extra for p in pack_files(path)}
        scope = [r for r in packset.rules.values() if str(Path(r.source).resolve()) in sources]
    else:
        scope = list(packset.rules.values())
    scope.sort(key=lambda r: r.id)
    root = builtin_rules_dir().parent
    return audit(packset, scope, options, root)
