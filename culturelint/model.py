"""The values every layer shares: severities, categories, findings, documents."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = ("error", "warning", "info")
STDIN_NAME = "<stdin>"  # the path a document read from standard input is reported under

CATEGORIES = (
    "disclosure",
    "claim",
    "taboo",
    "idiom",
    "humour",
    "colour",
    "number",
    "gesture",
    "holiday",
    "geopolitics",
    "register",
    "locale-format",
    "language",
)

# Misfire classes: the kinds of real misfire a rule guards against, across markets (``class:`` on a
# pack or rule). ``culturelint markets`` shows each class's coverage per market.
MISFIRE_CLASSES = {
    "disaster-newsjacking": "disaster, attack, death or unrest used to sell",
    "commemoration": "remembrance days, memorials and protected words used commercially",
    "sacred-profane": "religious figures, scripture, holy days and places with alcohol, pork, sex, jokes or discounts",
    "hate-code": "hate codes, extremist slogans, racist historic names and slurs",
    "colourism": "fairness and whitening promises; white as pure, clean or winning said of skin or people",
    "stereotype-humour": "jokes about nationality, ethnicity, accent, poverty, age, disability, mental illness",
    "sexism": "gender stereotypes, objectification, trivialised consent, sexual innuendo",
    "vulgarity": "profanity and crude or sexual language in copy",
    "geopolitics": "disputed names and listings, sensitive figures, maps and flags",
    "names": "product, campaign and hashtag names that are vulgar or negative in the market's language",
    "regulated-product": "alcohol, gambling, tobacco, drugs and credit pitched as a regulator forbids",
    "claim": "absolute, ranking and unsubstantiated claims",
    "disclosure": "sponsorship and advertising disclosure",
    "holiday": "holidays, seasons and zodiac handled wrongly",
    "other": "misfires outside the classes above",
}


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (Unicode code points) in the original file."""

    line: int
    column: int


class LineIndex:
    """Turns character offsets of a source text into 1-based line/column positions."""

    def __init__(self, source: str) -> None:
        self._starts = [0]
        position = source.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = source.find("\n", position + 1)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_text(self, source: str, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(source)
        return source[start:end]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps character indices of a segment's text back to indices in the source file.

    Most readers blank out non-copy in place, so the map is a constant shift (``table`` is None).
    Readers that decode (HTML entities, JSON escapes) record one source index per text character.
    """

    base: int = 0
    table: tuple[int, ...] | None = None
    source_end: int | None = None
    # the table only drops invisible characters and markup from copy the source spells literally
    # (normalize.py): a finding shows the source's own characters, not the normalised text
    literal: bool = False

    def start(self, index: int) -> int:
        if self.table is None:
            return self.base + index
        if index < len(self.table):
            return self.table[index]
        return self.source_end if self.source_end is not None else self.table[-1] + 1

    def end(self, index: int) -> int:
        """Source index just past the text character at ``index - 1``."""
        if self.table is None:
            return self.base + index
        if index <= 0:
            return self.start(0)
        if index < len(self.table):
            # the end of char index-1 is the start of the next char in the source
            return self.table[index]
        return self.source_end if self.source_end is not None else self.table[-1] + 1


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of copy (a paragraph, a string value) with its way back to the source."""

    text: str
    offsets: OffsetMap
    key: str | None = None  # key path in a copy deck, if any


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment found in the source."""

    kind: str  # "next-line" | "disable" | "enable"
    rules: tuple[str, ...]  # empty = every rule
    line: int  # line of the comment
    column: int
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning about a user's file that does not stop the run (an unknown front-matter key)."""

    message: str
    line: int
    column: int
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Substantiation:
    """The evidence a claim rests on ("allowed with proof"): the claim as the copy words it, or a
    rule id, or both, and the source a reviewer can check. Given in front matter or the config."""

    source: str
    claim: str | None = None  # the claim's words; None: every finding of ``rule``
    rule: str | None = None  # a rule id or id prefix; None: any claim rule
    markets: tuple[str, ...] = ()  # empty: every market
    origin: str = ""  # where it was given: "front matter" or the config's path
    line: int = 0

    def describe(self) -> str:
        said = f"“{self.claim}”" if self.claim else f"findings of {self.rule}"
        return f"{said}: {self.source}"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a document says about itself (a reader's output), and after ``api`` has resolved it
    with the request and config, what the engine checks it as. Never changed in place."""

    markets: tuple[str, ...] = ()
    sponsored: bool | None = None
    channel: str | None = None
    language: str | None = None
    date: dt.date | None = None
    market_source: str = "none"  # option | front-matter | config | path | none
    voice: str | None = None  # the brand's register for this copy (front matter `voice`: du, vous …)
    voices: tuple[tuple[str, str], ...] = ()  # market -> register, from the config
    names: tuple[str, ...] = ()  # product, campaign and hashtag names to screen (front matter, --name)
    substantiation: tuple[Substantiation, ...] = ()  # evidence for claims (front matter, config)
    # where front matter's ``title:`` value stands in the source: on a channel that shows a title
    # (YouTube, Xiaohongshu, Naver Blog) it is read as the copy's first line (api.resolve)
    title_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One unit of copy to check: a file, a stdin stream, or a row of a copy deck."""

    path: str
    source: str
    segments: tuple[Segment, ...]
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    directives: tuple[Directive, ...] = ()
    problems: tuple[Problem, ...] = ()  # warnings about the file itself (unknown front-matter keys)
    lines: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", tuple(self.segments))
        object.__setattr__(self, "directives", tuple(self.directives))
        object.__setattr__(self, "lines", LineIndex(self.source))

    def copy_text(self) -> str:
        return "\n\n".join(s.text.strip() for s in self.segments if s.text.strip())


@dataclass(frozen=True, slots=True, order=True)
class Hit:
    """A match in one segment, in character offsets of the segment's folded text."""

    segment: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A disclosure finding in the regulators' terms (JSON ``disclosure``): what is wrong with the
    label, what the market accepts, where it must stand, on which channel, and the instrument."""

    state: str  # absent | insufficient | buried
    accepted: tuple[str, ...]  # labels the market accepts (the rule's first few suggestions)
    placement: str  # where the label must stand, in words
    instrument: str  # the law, code or guidance the requirement comes from
    basis: str = "sponsored"  # sponsored (declared) | signals (commercial signals, sponsorship unset)
    channel: str | None = None  # the channel the placement was judged for, if the table knows it
    cut_off: int | None = None  # the channel's "more" cut-off in characters, if the label is after it
    signal: str | None = None  # the commercial signal seen, when sponsorship was not declared
    tool: str | None = None  # the channel's own disclosure tool (a complement to the written label)


DISCLOSURE_STATES = ("absent", "insufficient", "buried")


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is hidden: it is kept in the report (counted, listable, in SARIF's
    ``suppressions``) but never fails the gate."""

    kind: str  # inline (a directive in the copy) | baseline (a known finding) | waiver (a reviewer's decision)
    reason: str | None = None
    origin: str = ""  # where it was given: "copy.md:12", the baseline's or the waiver file's path
    by: str | None = None  # who decided (waivers)
    expires: dt.date | None = None  # a waiver's expiry date


SUPPRESSION_KINDS = ("inline", "baseline", "waiver")


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    pack: str
    category: str
    severity: Severity
    market: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    message: str
    rationale: str
    suggestions: tuple[str, ...]
    references: tuple[str, ...]
    fingerprint: str
    markets: tuple[str, ...] = ()
    key: str | None = None
    context: str = ""
    fix: str | None = None
    substantiation: Substantiation | None = None  # the evidence that made a claim finding info
    disclosure: Disclosure | None = None
    suppression: Suppression | None = None  # set on the report's ``suppressed`` findings only
    # what the fingerprint hashes besides the rule (normalised match and the words around it); kept
    # so a baseline can recompute the fingerprint under a renamed rule's former ids
    anchor: str = field(default="", compare=False, repr=False)
    # invisible characters inside the matched text (zero-width, soft hyphen, bidi, variation
    # selector), each "U+200D zero-width joiner at offset 2": matching read through them
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    markets: tuple[str, ...]
    language: str | None
    detected_language: str | None
    sponsored: bool | None
    error: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report says about a rule that produced a finding (active or hidden): enough for
    SARIF rule descriptors, help text and reviewers, without the pack set."""

    id: str
    pack: str
    category: str
    severity: Severity  # the rule's own severity, before any config override
    message: str  # the message template, placeholders unfilled
    rationale: str
    references: tuple[str, ...]
    suggestions: tuple[str, ...] = ()
    misfire_class: str | None = None
    source: str = ""  # the pack file, relative to the rules folder for built-in packs
    line: int = 0
    kind: str = ""  # the rule kind's marker (match, require, consistency …): how a suggestion reads


@dataclass(frozen=True, slots=True)
class MarketRun:
    """One market's part in a run: which packs and how many rules were checked for it, on how
    many files; a market with no finding still has its run, so a report can say it passed."""

    market: str
    packs: tuple[str, ...]
    rules: int
    files: int


@dataclass(frozen=True, slots=True)
class Report:
    version: str
    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]
    fail_on: Severity | None = Severity.ERROR
    notices: tuple[str, ...] = ()  # one-line remarks about the run (rules skipped, and why)
    suppressed: tuple[Finding, ...] = ()  # hidden by a directive, the baseline or a waiver; never fail the gate
    rules: tuple[RuleInfo, ...] = ()  # every rule with a finding, active or hidden, sorted by id
    runs: tuple[MarketRun, ...] = ()  # every market checked, sorted by tag

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def by_path(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {f.path: [] for f in self.files}
        for finding in self.findings:
            grouped.setdefault(finding.path, []).append(finding)
        return grouped
