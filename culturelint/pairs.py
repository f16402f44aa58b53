"""Check translations against their sources (``culturelint pairs``): each target unit of a PO,
XLIFF or key-matched JSON/YAML catalogue is compared with its source unit by the ``pair`` rules
(a disclosure label dropped, a price, percentage, number or date changed, a brand name altered, a
flagged term carried over untranslated, copy in the wrong language, an empty or fuzzy unit), and
the whole target is checked for its market like any deck. Findings point into the TARGET file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from .engine import CheckOptions, check_document, rules_for
from .engine.findings import place, with_fingerprints
from .errors import UserError
from .langid import _script_guess as script_language
from .langid import detect, plainly_in
from .model import Document, DocumentMeta, FileResult, Finding, Hit, Segment, Severity
from .nlp import fold
from .nlp.parsed import Parsed
from .packs.loader import PackSet
from .pairreaders import PairFile, Unit, kind_of, language_of, read_i18n, read_po, read_xliff, source_for
from .pairvalues import Value, values
from .rulekinds import MatchSpec, PairRule, Raw, RequirementRule

Label = tuple[str, "re.Pattern[str]"]  # a label as a message names it, and how it is found
SOURCE_QUOTE = 80  # characters of the source text a message quotes
DEFAULT_SOURCE = "en"


@dataclass(frozen=True, slots=True)
class Sides:
    """What a pair is checked as: both markets and languages, and the words each side uses."""

    source_market: str
    target_market: str
    source_language: str
    target_language: str
    source_labels: tuple[Label, ...]  # disclosure labels the source market knows
    target_labels: tuple[Label, ...]  # labels the target market accepts
    target_rejected: tuple[Label, ...]  # labels the target market calls insufficient
    target_suggested: tuple[str, ...]  # the labels the target market's rules suggest
    names: tuple[str, ...]  # protected names from the config and --name


# ---------------------------------------------------------------- reading


def read_pair(path: str, text: str, source: tuple[str, str] | None) -> PairFile:
    """``source``: (path, text) of the source catalogue for key-matched JSON/YAML."""
    kind = kind_of(path)
    if kind == "po":
        return read_po(path, text)
    if kind == "xliff":
        return read_xliff(path, text)
    if kind == "i18n":
        if source is None:
            raise UserError(
                "no source catalogue for this file: pass --source FILE or keep the source locale's "
                "file beside it (en.json, locales/en/...)",
                path,
            )
        return read_i18n(path, text, source[0], source[1])
    raise UserError("not a translation file (.po, .pot, .xlf, .xliff, .json, .yaml, .yml)", path)


def expand(paths: list[str]) -> list[str]:
    """Files as given; a folder gives its PO and XLIFF files (JSON and YAML only when named: in a
    repository most of them are configuration, not catalogues)."""
    from .pairreaders import PO_SUFFIXES, XLIFF_SUFFIXES

    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            out.extend(
                str(p)
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.suffix.lower() in PO_SUFFIXES + XLIFF_SUFFIXES and not p.name.startswith(".")
            )
        else:
            out.append(path)
    return out


def find_source(path: str, given: str | None, source_locale: str) -> str | None:
    """The source catalogue of a key-matched file: ``--source``, else by convention."""
    if kind_of(path) != "i18n":
        return None
    if given:
        return given
    found = source_for(Path(path), source_locale)
    return str(found) if found else None


def default_market(language: str, packset: PackSet) -> str:
    """``de`` -> ``de-DE``, ``ja`` -> ``ja-JP`` (CLDR's likely region); a full tag stays."""
    if "-" in language:
        return packset.markets.resolve(language, "translation file")
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(language, "")).split("_")
    region = likely[-1] if len(likely) > 1 and likely[-1].isupper() else None
    tag = f"{language}-{region}" if region else language
    try:
        return packset.markets.resolve(tag, "translation file")
    except UserError:
        return language


# ---------------------------------------------------------------- the words each side uses


def disclosure_labels(
    packset: PackSet, market: str, day: object
) -> tuple[tuple[Label, ...], tuple[Label, ...], tuple[str, ...]]:
    """The labels a market's disclosure requirement accepts (its terms, regexes and lexicons), those
    it rejects, and the ones it suggests (what a message offers)."""
    from .engine.select import Selection

    accepted: list[Label] = []
    rejected: list[Label] = []
    suggested: list[str] = []
    language = packset.markets.language_of(market)
    for rule in rules_for(packset, market, Selection(), day):  # type: ignore[arg-type]
        if (
            isinstance(rule, RequirementRule)
            and rule.category == "disclosure"
            and (not rule.when or rule.when.sponsored)
        ):
            accepted.extend(_labels(rule.require, packset, language))
            suggested.extend(rule.suggest)
            if rule.reject:
                rejected.extend(_labels(rule.reject, packset, language))
    return tuple(dict.fromkeys(accepted)), tuple(dict.fromkeys(rejected)), tuple(dict.fromkeys(suggested))


def _labels(spec: MatchSpec, packset: PackSet, language: str) -> list[Label]:
    from .nlp import fold_pattern

    specs = [spec]
    for name in spec.lexicons:
        if name in packset.lexicons:
            specs.extend(packset.lexicons[name].entries_for(language))
    out: list[Label] = []
    for one in specs:
        out.extend((term, _label_pattern(term)) for term in one.terms)
        for rx in one.regex:
            try:
                out.append((rx, re.compile(fold_pattern(rx), re.IGNORECASE)))
            except re.error:
                continue  # written for re2 only: the requirement rule itself still runs it
    return out


def _label_pattern(term: str) -> re.Pattern[str]:
    folded = re.escape(fold(term))
    if any(
        ch.isalpha()
        and not ch.isascii()
        and unicodedata.name(ch, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "THAI"))
        for ch in term
    ):
        return re.compile(folded, re.IGNORECASE)  # unspaced or agglutinating scripts: 광고입니다 carries 광고
    return re.compile(rf"(?<![\w#]){folded}(?!\w)", re.IGNORECASE)


def labels_in(text: str, labels: tuple[Label, ...]) -> list[tuple[str, int, int]]:
    """Each label found in ``text``, with where (in the folded text, same length as the text)."""
    folded = fold(text)
    found = []
    for _name, pattern in labels:
        m = pattern.search(folded)
        if m:
            found.append((text[m.start() : m.end()], m.start(), m.end()))
    return found


# ---------------------------------------------------------------- the checks, per unit


def quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SOURCE_QUOTE else flat[: SOURCE_QUOTE - 1] + "…"


def whole(segment: int, text: str) -> Hit:
    stripped = text.rstrip()
    start = len(stripped) - len(stripped.lstrip())
    return Hit(segment, start, len(stripped))


class UnitCheck:
    """One unit's pair checks: each returns the rule's raw findings in the target's segment."""

    def __init__(self, rule: PairRule, unit: Unit, index: int, text: str, sides: Sides) -> None:
        self.rule, self.unit, self.index, self.text, self.sides = rule, unit, index, text, sides

    def raw(self, hit: Hit, **fields: str) -> Raw:
        return Raw(self.rule, hit, fields=(("source", quote(self.unit.source)), *fields.items()))

    def run(self) -> list[Raw]:
        method = getattr(self, self.rule.check.replace("-", "_"), None)
        return method() if method else []

    def label_dropped(self) -> list[Raw]:
        found = labels_in(self.unit.source, self.sides.source_labels)
        if not found or labels_in(self.text, self.sides.target_labels):
            return []
        rejected = labels_in(self.text, self.sides.target_rejected)
        accepted = ", ".join(f"“{label}”" for label in self.sides.target_suggested[:4]) or "a disclosure label"
        hit = Hit(self.index, rejected[0][1], rejected[0][2]) if rejected else whole(self.index, self.text)
        said = f" (“{rejected[0][0]}” is not accepted there)" if rejected else ""
        return [self.raw(hit, label=found[0][0], labels=accepted, rejected=said)]

    def _values(self, kinds: tuple[str, ...]) -> list[Raw]:
        source = [v for v in values(fold(self.unit.source), _locale(self.sides.source_market)) if v.kind in kinds]
        target = [v for v in values(fold(self.text), _locale(self.sides.target_market)) if v.kind in kinds]
        if "price" in kinds and _converted(source, target):
            return []  # a price given in the target market's currency: converted, not changed
        left = list(target)
        missing = []
        for value in source:
            twin = next((t for t in left if value.same(t)), None)
            if twin is None:
                missing.append(value)
            else:
                left.remove(twin)
        out = []
        for value in missing:
            other = next((t for t in left if t.kind == value.kind), None)
            if other is not None:
                left.remove(other)
                hit = Hit(self.index, other.start, other.end)
                out.append(
                    self.raw(hit, value=value.text.strip(), target_value=other.text.strip(), case_note="changed")
                )
            else:
                out.append(
                    self.raw(
                        whole(self.index, self.text),
                        value=value.text.strip(),
                        target_value="nothing",
                        case_note="missing",
                    )
                )
        for other in left:
            hit = Hit(self.index, other.start, other.end)
            added = self.raw(hit, value="nothing", target_value=other.text.strip(), case_note="added")
            # a value only the target has may be the source's words in figures ("fifty" -> 50): a warning
            out.append(replace(added, at_most=Severity.WARNING))
        return out

    def price_changed(self) -> list[Raw]:
        return self._values(("price",))

    def percentage_changed(self) -> list[Raw]:
        return self._values(("percentage",))

    def number_changed(self) -> list[Raw]:
        return self._values(("number",))

    def date_changed(self) -> list[Raw]:
        return self._values(("date",))

    def brand_altered(self) -> list[Raw]:
        out = []
        for name in protected_names(self.unit.source, self.sides.names):
            if name in self.text:
                continue
            spot = _loose_find(self.text, name)
            if spot is None:
                out.append(self.raw(whole(self.index, self.text), name=name, written="nothing", how="missing"))
            else:
                written = self.text[spot[0] : spot[1]]
                out.append(self.raw(Hit(self.index, *spot), name=name, written=written, how=_difference(name, written)))
        return out

    def wrong_language(self) -> list[Raw]:
        if not self._long_enough() or self.text.strip() == self.unit.source.strip():
            return []
        expected = self.sides.target_language
        script = script_language(self.text)
        if script is not None and script != expected and not (expected == "zh" and script == "ja"):
            return [self.raw(whole(self.index, self.text), detected=script, expected=expected)]
        if plainly_in(self.text, expected):
            return []
        found = detect(self.text, self.rule.min_chars, expected)
        if found is None or found.language == expected or found.probability < 0.9:
            return []
        if found.letters < 40 and found.language != self.sides.source_language:
            return []  # a short text: only the source's language is a likely slip, not a detector's guess
        return [self.raw(whole(self.index, self.text), detected=found.language, expected=expected)]

    def untranslated(self) -> list[Raw]:
        if self.sides.source_language == self.sides.target_language:
            return []
        if self.text.strip() != self.unit.source.strip() or only_names(self.text, self.sides.names):
            return []
        return [self.raw(whole(self.index, self.text), expected=self.sides.target_language)]

    def _long_enough(self) -> bool:
        text = self.text.strip()
        if len(text) < self.rule.min_chars:
            return False
        unspaced = sum(1 for ch in text if unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI")))
        return unspaced * 2 >= len(text) or len(text.split()) >= self.rule.min_words


def _locale(market: str) -> str:
    return market.replace("-", "_")


def _converted(source: list[Value], target: list[Value]) -> bool:
    mine = {v.value[0] for v in source if v.value[0]}
    theirs = {v.value[0] for v in target if v.value[0]}
    return bool(mine and theirs and not mine & theirs)


WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
# links, e-mail addresses, placeholders, hashtags and handles; each alternative starts only where
# a token starts and is bounded, so the pattern stays linear on any text (tests/test_hardening.py)
URLISH = re.compile(
    r"(?<!\S)(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\{[^{}\n]{0,80}\}|%\(?\w{0,40}\)?[sd]|[#@]\w+"
)


MAX_NAMES = 50  # a unit naming more than this is a list, not copy: the rest are not compared


def protected_names(source: str, names: tuple[str, ...]) -> list[str]:
    """Names the translation must keep as written: the configured ones present in the source, a
    word marked ™ ® ℠ (with its mark), and CamelCase or letter-and-digit model names."""
    from .rulekinds.names import brand_like, name_marks

    found: list[str] = [n for n in names if n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", source)]
    for start, end in name_marks(source):
        if len(found) >= MAX_NAMES:
            break
        mark = source[end:].lstrip()[:1]
        found.append(_marked_name(source, start, end) + (mark if mark in "™®℠" else ""))
    for m in WORD.finditer(source):
        if len(found) >= MAX_NAMES:
            break
        if brand_like(m.group()) and not any(m.group() in n for n in found):
            found.append(m.group())
    out: list[str] = []
    for name in found:
        if not any(name != other and name in other for other in found):
            out.append(name)
    return list(dict.fromkeys(out))


def _marked_name(source: str, start: int, end: int) -> str:
    """The name before a ™/®: its last word, with the capitalised words before it unless one
    opens the sentence ("Meet NovaCola®" -> "NovaCola®", "our Nova Cola®" -> "Nova Cola®")."""
    from .rulekinds.names import brand_like

    words = source[start:end].split()
    kept = [words[-1]]
    if brand_like(words[-1]):
        return words[-1]  # NovaCola®: a CamelCase or model name stands alone
    offset = start
    for word in reversed(words[:-1]):
        at = source.rfind(word, offset, end)
        opens = at == 0 or re.search(r"[.!?:;]\s*$|^\s*$", source[:at]) is not None
        if not word[:1].isupper() or opens:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text without case, diacritics and ™ ® ℠, and where each kept character came from."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch in "™®℠":
            continue
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        for c in base.lower():
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def _loose_find(text: str, name: str) -> tuple[int, int] | None:
    wanted = _skeleton(name)[0].replace(" ", "")
    haystack, where = _skeleton(text)
    squeezed = [(c, w) for c, w in zip(haystack, where, strict=True) if c != " "]
    flat = "".join(c for c, _ in squeezed)
    index = flat.find(wanted)
    if index == -1 or not wanted:
        return None
    start, last = squeezed[index][1], squeezed[index + len(wanted) - 1][1]
    end = last + 1
    while end < len(text) and text[end] in "™®℠":
        end += 1
    return start, end


def _difference(name: str, written: str) -> str:
    reasons = []
    marks = [c for c in name if c in "™®℠"]
    if marks and not any(c in written for c in marks):
        reasons.append(f"{marks[0]} dropped")
    bare, seen = name.strip("™®℠ "), written.strip("™®℠ ")
    if _skeleton(bare)[0] == _skeleton(seen)[0] and bare.lower() != seen.lower():
        reasons.append("accents changed")
    if (bare.lower() == seen.lower() and bare != seen) or (
        bare != seen and bare.casefold() != seen.casefold() and not reasons
    ):
        reasons.append("case changed")
    if " " in bare.strip() != " " in seen.strip():
        reasons.append("spacing changed")
    return ", ".join(reasons) or "spelt differently"


def only_names(text: str, names: tuple[str, ...]) -> bool:
    """A unit that is only names, numbers, links and placeholders needs no translation ("NovaCola®",
    "{count} × SKU-42", a URL), nor does a single word (OK, Newsletter, Instagram)."""
    rest = URLISH.sub(" ", text)
    for name in protected_names(text, names):
        rest = rest.replace(name, " ")
    return len(WORD.findall(rest)) < 2


# ---------------------------------------------------------------- a whole pair file


def target_document(pair: PairFile, meta: DocumentMeta) -> tuple[Document, list[Unit]]:
    """The target file as one document (its units' targets as segments), and the unit behind
    each segment."""
    segments: list[Segment] = []
    owners: list[Unit] = []
    for unit in pair.units:
        if unit.target is not None:
            segments.append(unit.target)
            owners.append(unit)
    return Document(pair.path, pair.text, tuple(segments), meta), owners


def pair_rules(packset: PackSet, market: str, options: CheckOptions) -> list[PairRule]:
    return [r for r in rules_for(packset, market, options.selection, options.day) if isinstance(r, PairRule)]


def check_pair(
    pair: PairFile,
    document: Document,
    owners: list[Unit],
    packset: PackSet,
    options: CheckOptions,
    sides_of: dict[str, Sides],
) -> tuple[FileResult, list[Finding], list[Finding], set[str]]:
    """The normal market checks on the target, then the pair rules per unit, per target market."""
    result = check_document(document, packset, options)
    findings = list(result.findings)
    pair_findings: list[Finding] = []
    for market in document.meta.markets:
        sides = sides_of[market]
        rules = pair_rules(packset, market, options)
        if not rules:
            continue
        parsed = Parsed.parse(document, sides.target_language)
        by_check = {r.check: r for r in rules}
        for rule in rules:
            pair_findings.extend(_unit_findings(rule, pair, owners, parsed, sides, market, options))
        carried = by_check.get("carried-over")
        if carried is not None and sides.source_language != sides.target_language:
            findings = _carried_over(carried, findings, owners, document, parsed, packset, market, options)
    merged = _merge(pair_findings)
    findings = sorted(findings + with_fingerprints(merged), key=lambda f: (f.line, f.column, f.rule))
    detected = result.detected.language if result.detected else None
    file_result = FileResult(
        pair.path, document.meta.markets, document.meta.language, detected, document.meta.sponsored, None, pair.text
    )
    return file_result, findings, list(result.suppressed), set(result.notices)


def _unit_findings(
    rule: PairRule, pair: PairFile, owners: list[Unit], parsed: Parsed, sides: Sides, market: str, options: CheckOptions
) -> list[Finding]:
    out: list[Finding] = []
    if rule.check in ("empty", "fuzzy"):
        for unit in pair.units:
            wanted = unit.fuzzy if rule.check == "fuzzy" else unit.target is None and unit.source.strip()
            if wanted:
                raw = Raw(rule, Hit(-1, 0, 0), fields=(("source", quote(unit.source)), ("match", "")))
                found = place(raw, parsed, market, options.selection, options.lang)
                out.append(_at_unit(found, unit))
        return out
    for index, unit in enumerate(owners):
        if not unit.source.strip():
            continue
        for raw in UnitCheck(rule, unit, index, parsed.texts[index], sides).run():
            out.append(replace(place(raw, parsed, market, options.selection, options.lang), key=unit.key))
    return out


def _at_unit(finding: Finding, unit: Unit) -> Finding:
    return replace(
        finding,
        line=unit.line,
        column=unit.column,
        end_line=unit.line,
        end_column=unit.column,
        key=unit.key,
        anchor=f"\x1dunit\x1e{unit.key}",
    )


def _carried_over(
    rule: PairRule,
    findings: list[Finding],
    owners: list[Unit],
    document: Document,
    parsed: Parsed,
    packset: PackSet,
    market: str,
    options: CheckOptions,
) -> list[Finding]:
    """A target-market finding whose matched words stand verbatim in the source was carried over
    untranslated: it is reported as such (same severity, the target rule named), in its place."""
    if not options.selection.enabled(rule):
        return findings
    units = {unit.key: (i, unit) for i, unit in enumerate(owners)}
    out = []
    for finding in findings:
        owner = units.get(finding.key or "")
        underlying = packset.rules.get(finding.rule)
        if (
            owner is None
            or market not in finding.markets
            or underlying is None
            or isinstance(underlying, (PairRule, RequirementRule))
            or underlying.category == "language"
            or underlying.kind == "names"
            or sum(ch.isalpha() for ch in finding.match) < 3  # words carried over, not a price or a sign
            or fold(finding.match).lower() not in fold(owner[1].source).lower()
        ):
            out.append(finding)
            continue
        out.append(_carried(rule, finding, owner, document, parsed, market, options))
    return out


def _carried(
    rule: PairRule,
    finding: Finding,
    owner: tuple[int, Unit],
    document: Document,
    parsed: Parsed,
    market: str,
    options: CheckOptions,
) -> Finding:
    index, unit = owner
    segment = document.segments[index]
    start = _segment_index(segment, document, finding)
    hit = Hit(index, start, start + len(finding.match)) if start is not None else whole(index, parsed.texts[index])
    fields = (("source", quote(unit.source)), ("rule", finding.rule), ("finding", finding.message))
    placed = place(Raw(rule, hit, fields=fields), parsed, market, options.selection, options.lang)
    return replace(
        placed,
        severity=finding.severity,
        line=finding.line,
        column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
        match=finding.match,
        key=unit.key,
        markets=finding.markets,
        fingerprint=finding.fingerprint,
        suggestions=finding.suggestions,
    )


def _segment_index(segment: Segment, document: Document, finding: Finding) -> int | None:
    for i in range(len(segment.text)):
        pos = document.lines.position(segment.offsets.start(i))
        if (pos.line, pos.column) == (finding.line, finding.column):
            return i
    return None


def _merge(findings: list[Finding]) -> list[Finding]:
    merged: dict[tuple[str, int, int, str], Finding] = {}
    for finding in findings:
        spot = (finding.rule, finding.line, finding.column, finding.message)
        first = merged.get(spot)
        if first is None:
            merged[spot] = finding
        elif finding.market not in first.markets:
            merged[spot] = replace(first, markets=first.markets + (finding.market,))
    return sorted(merged.values(), key=lambda f: (f.line, f.column, f.rule))


def sides_for(
    pair: PairFile, target_market: str, source_locale: str, names: tuple[str, ...], packset: PackSet, day: object
) -> Sides:
    source_tag = pair.source_language or language_of(source_locale) or DEFAULT_SOURCE
    source_market = default_market(source_tag, packset)
    source_accepted, source_rejected, _ = disclosure_labels(packset, source_market, day)
    accepted, rejected, suggested = disclosure_labels(packset, target_market, day)
    return Sides(
        source_market,
        target_market,
        packset.markets.language_of(source_market),
        packset.markets.language_of(target_market),
        source_accepted + source_rejected,
        accepted,
        rejected,
        suggested or tuple(name for name, _ in accepted if not name.startswith("(")),
        names,
    )


# ---------------------------------------------------------------- rule examples


FUZZY_PREFIX = "#, fuzzy\n"


def example_po(source: str, target: str, source_market: str, target_market: str) -> str:
    """A pair rule's example as the PO entry it stands for (a target starting with "#, fuzzy" and a
    line break is a fuzzy entry)."""
    flags = ""
    if target.startswith(FUZZY_PREFIX):
        flags, target = FUZZY_PREFIX, target[len(FUZZY_PREFIX) :]

    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return (
        f'msgid ""\nmsgstr ""\n"Language: {target_market}\\n"\n"X-Source-Language: {source_market}\\n"\n\n'
        f'{flags}msgid "{escaped(source)}"\nmsgstr "{escaped(target)}"\n'
    )


def example_findings(
    rule: PairRule, source: str, target: str, source_market: str, market: str, packset: PackSet, options: CheckOptions
) -> tuple[Finding, ...]:
    """What the rule reports on one example pair (run through the PO reader, as a file would be)."""
    from .engine.select import Selection

    pair = read_po("<example>.po", example_po(source, target, source_market, market))
    meta = DocumentMeta(markets=(market,), language=packset.markets.language_of(market), market_source="option")
    document, owners = target_document(pair, meta)
    selection = Selection() if rule.check == "carried-over" else Selection(select=(rule.id,))
    options = replace(options, selection=selection)
    sides = {market: sides_for(pair, market, source_market, (), packset, options.day)}
    _, findings, _, _ = check_pair(pair, document, owners, packset, options, sides)
    return tuple(f for f in findings if f.rule == rule.id)
