"""A reviewer's decisions, exported from the HTML report as YAML, read back as waivers.

A decision file (``schema: culturelint/decisions@1``) lists one entry per finding a reviewer
decided on: ``accept`` (with a reason), ``false-alarm`` or ``change-needed``. Given to ``check
--waivers FILE`` (or the config's ``waivers:``), accept and false-alarm decisions waive the finding
they name until their ``expires`` date (inclusive); change-needed decisions never waive. A waived
finding moves to ``Report.suppressed`` with a ``Suppression("waiver", ...)`` naming the reviewer, the
reason and the decision's ``file:line``, so it never fails the gate but stays in every format.

Matching: by fingerprint first. When no current finding has the fingerprint (the sentence around
the match was edited, the file was renamed by a tool that changes fingerprints), a decision that
recorded its rule, path and matched text waives the one current finding with the same rule, path
and text (case and width folded) in the same markets; never when two or more findings fit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import UserError
from .model import Finding, Suppression
from .validation import Located, Validator, load_located

SCHEMA = "culturelint/decisions@1"
DECISIONS = ("accept", "change-needed", "false-alarm")
WAIVING = ("accept", "false-alarm")
LABELS = {"accept": "accepted", "change-needed": "change needed", "false-alarm": "false alarm"}
FILE_KEYS = ("schema", "tool", "report", "exported", "reviewer", "decisions", "notes")
DECISION_KEYS = (
    "fingerprint",
    "rule",
    "market",
    "markets",
    "path",
    "line",
    "column",
    "match",
    "severity",
    "message",
    "decision",
    "reviewer",
    "reason",
    "date",
    "expires",
    "notes",
)
NOTE_KEYS = ("text", "quote", "path", "line", "reviewer", "date", "fingerprint")


class WaiverError(UserError):
    """A decision file that cannot be read or does not validate."""


@dataclass(frozen=True, slots=True)
class Note:
    """A reviewer's note on a span of copy (the selected text), on a finding or on its own."""

    text: str
    quote: str | None = None
    path: str | None = None
    line: int | None = None
    reviewer: str | None = None
    date: dt.date | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    fingerprint: str
    rule: str
    decision: str  # accept | change-needed | false-alarm
    reviewer: str
    date: dt.date
    origin: str  # "decisions.yaml:12", the entry's place
    reason: str | None = None
    expires: dt.date | None = None
    market: str | None = None
    markets: tuple[str, ...] = ()
    path: str | None = None
    line: int | None = None
    match: str | None = None
    notes: tuple[Note, ...] = ()

    @property
    def waives(self) -> bool:
        return self.decision in WAIVING

    def expired(self, day: dt.date) -> bool:
        return self.expires is not None and day > self.expires

    def covers(self) -> tuple[str, ...]:
        """The markets the reviewer decided for (empty: not recorded, any)."""
        return self.markets or ((self.market,) if self.market else ())


@dataclass(frozen=True, slots=True)
class DecisionFile:
    path: str
    decisions: tuple[Decision, ...]
    notes: tuple[Note, ...]
    reviewer: str | None = None


def load_file(path: Path | str) -> DecisionFile:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WaiverError("no such decision file", name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverError(f"cannot read decision file: {getattr(exc, 'strerror', None) or exc}", name) from None
    return parse(text, name)


def load_all(paths: Iterable[Path | str]) -> list[Decision]:
    out: list[Decision] = []
    for path in dict.fromkeys(str(p) for p in paths):
        out.extend(load_file(path).decisions)
    return out


def parse(text: str, name: str) -> DecisionFile:
    try:
        located = load_located(text, name, error=WaiverError)
    except ValueError:  # a scalar YAML resolves but cannot build, such as the date 2026-13-03
        raise _bad_scalar(text, name) from None
    v = Validator(located, WaiverError)
    if located.data is None:
        raise WaiverError("empty decision file: expected a mapping with 'decisions:'", name, 1, 1)
    data = v.mapping(located.data, (), FILE_KEYS, required=("decisions",))
    if data.get("schema") is not None and data["schema"] != SCHEMA:
        raise v.fail(("schema",), f"unknown schema {data['schema']!r} (expected {SCHEMA!r})")
    reviewer = v.optional(data, "reviewer", (), v.string)
    entries = data["decisions"] if data["decisions"] is not None else []
    if not isinstance(entries, list):
        raise v.fail(("decisions",), "expected a list of decisions")
    decisions = tuple(_decision(v, located, entry, ("decisions", i), reviewer) for i, entry in enumerate(entries))
    notes = tuple(_notes(v, located, data.get("notes"), ("notes",)))
    return DecisionFile(name, decisions, notes, reviewer)


def _bad_scalar(text: str, name: str) -> WaiverError:
    """The first scalar that does not build, named by its place."""
    import yaml

    from .validation.located import compose, construct

    pending = [compose(text, name, WaiverError)]
    while pending:
        node = pending.pop(0)
        if isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif node is not None:
            try:
                construct(node)
            except ValueError as exc:
                mark = node.start_mark
                return WaiverError(f"invalid value {node.value!r}: {exc}", name, mark.line + 1, mark.column + 1)
    return WaiverError("invalid YAML value", name)


def _origin(located: Located, keypath: tuple[Any, ...]) -> str:
    return f"{located.path}:{located.where(keypath)[0]}"


def _decision(v: Validator, located: Located, entry: Any, at: tuple[Any, ...], reviewer: str | None) -> Decision:
    data = v.mapping(entry, at, DECISION_KEYS, required=("fingerprint", "rule", "decision", "date"))
    decision = v.choice(data["decision"], at + ("decision",), DECISIONS)
    by = v.optional(data, "reviewer", at, v.string, reviewer)
    if by is None:
        raise v.fail(at, "missing required key 'reviewer' (on the decision or the file)")
    reason = v.optional(data, "reason", at, lambda x, p: v.string(x, p, empty=True))
    reason = reason.strip() if reason and reason.strip() else None
    if decision == "accept" and reason is None:
        raise v.fail(at + ("reason",), "an accepted finding needs a reason (why it can ship as it is)")
    day = v.date(data["date"], at + ("date",))
    expires = v.optional(data, "expires", at, v.date)
    if expires is not None and expires < day:
        raise v.fail(at + ("expires",), f"expires ({expires}) is before the decision's date ({day})")
    return Decision(
        fingerprint=v.string(data["fingerprint"], at + ("fingerprint",)).strip(),
        rule=v.string(data["rule"], at + ("rule",)).strip(),
        decision=decision,
        reviewer=by.strip(),
        date=day,
        origin=_origin(located, at),
        reason=reason,
        expires=expires,
        market=v.optional(data, "market", at, v.string),
        markets=v.optional(data, "markets", at, v.strings, ()),
        path=v.optional(data, "path", at, v.string),
        line=v.optional(data, "line", at, lambda x, p: v.integer(x, p, 1)),
        match=v.optional(data, "match", at, lambda x, p: v.string(x, p, empty=True)),
        notes=tuple(_notes(v, located, data.get("notes"), at + ("notes",))),
    )


def _notes(v: Validator, located: Located, value: Any, at: tuple[Any, ...]) -> list[Note]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise v.fail(at, "expected a list of notes")
    out = []
    for i, item in enumerate(value):
        where = at + (i,)
        if isinstance(item, str):
            out.append(Note(v.string(item, where), origin=_origin(located, where)))
            continue
        data = v.mapping(item, where, NOTE_KEYS, required=("text",))
        out.append(
            Note(
                text=v.string(data["text"], where + ("text",)),
                quote=v.optional(data, "quote", where, lambda x, p: v.string(x, p, empty=True)),
                path=v.optional(data, "path", where, v.string),
                line=v.optional(data, "line", where, lambda x, p: v.integer(x, p, 1)),
                reviewer=v.optional(data, "reviewer", where, v.string),
                date=v.optional(data, "date", where, v.date),
                origin=_origin(located, where),
            )
        )
    return out


def _same_path(a: str, b: str) -> bool:
    def norm(path: str) -> str:
        path = path.replace("\\", "/")
        if os.path.isabs(path):
            with contextlib.suppress(ValueError):  # another drive on Windows
                path = os.path.relpath(path)
        return os.path.normpath(path).replace("\\", "/")

    return norm(a) == norm(b)


def _fold(text: str) -> str:
    from .nlp import fold

    return " ".join(fold(text).lower().split())


def _in_markets(finding: Finding, decision: Decision) -> bool:
    covered = decision.covers()
    markets = finding.markets or ((finding.market,) if finding.market else ())
    return not covered or all(m in covered for m in markets)


def _where(finding: Finding) -> str:
    return f"{finding.rule} at {finding.path}:{finding.line}"


def apply(
    findings: Sequence[Finding], decisions: Sequence[Decision], day: dt.date, hidden: Sequence[Finding] = ()
) -> tuple[list[Finding], list[Finding], list[str]]:
    """The findings still active, the ones waived (stamped with their waiver), and notices: expired
    waivers, waivers that name no current finding, waivers that no longer cover every market the
    finding fires in. ``hidden`` (already suppressed findings) only count for "unused"."""
    # the latest decision on a finding wins (by date; a later file or entry wins a tie)
    latest: dict[str, Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.date):
        latest[decision.fingerprint] = decision
    notices: list[str] = []
    by_fingerprint = {f.fingerprint: f for f in findings}
    claimed: dict[str, Decision] = {fp: d for fp, d in latest.items() if fp in by_fingerprint}
    hidden_prints = {f.fingerprint for f in hidden}
    for decision in latest.values():
        if decision.fingerprint in by_fingerprint or decision.fingerprint in hidden_prints:
            continue
        found = _fallback(findings, decision, claimed)
        if found is not None:
            claimed[found.fingerprint] = decision
        elif decision.waives and decision.expired(day):
            notices.append(
                f"waiver expired on {decision.expires} ({decision.origin}) and names no current finding "
                f"({decision.rule}); remove it"
            )
        elif decision.waives:
            notices.append(
                f"unused waiver ({decision.origin}): {decision.rule} {decision.fingerprint} names no current "
                "finding (fixed, or the copy changed); remove it"
            )
    active: list[Finding] = []
    waived: list[Finding] = []
    for finding in findings:
        chosen = claimed.get(finding.fingerprint)
        if chosen is None or not chosen.waives:
            active.append(finding)
            continue
        if chosen.expired(day):
            notices.append(f"waiver expired on {chosen.expires} ({chosen.origin}): {_where(finding)} is reported again")
            active.append(finding)
            continue
        if not _in_markets(finding, chosen):
            extra = sorted(set(finding.markets) - set(chosen.covers()))
            notices.append(
                f"waiver ({chosen.origin}) covers {', '.join(chosen.covers())} only: {_where(finding)} now also "
                f"fires for {', '.join(extra)} and is reported"
            )
            active.append(finding)
            continue
        reason = f"{LABELS[chosen.decision]}: {chosen.reason}" if chosen.reason else LABELS[chosen.decision]
        suppression = Suppression("waiver", reason, chosen.origin, chosen.reviewer, chosen.expires)
        waived.append(replace(finding, suppression=suppression))
    return active, waived, notices


def _fallback(findings: Sequence[Finding], decision: Decision, claimed: dict[str, Decision]) -> Finding | None:
    """The one unclaimed finding with the decision's rule, path and matched text, if exactly one."""
    if decision.path is None or decision.match is None:
        return None
    text = _fold(decision.match)
    fits = [
        f
        for f in findings
        if f.rule == decision.rule
        and f.fingerprint not in claimed
        and _same_path(f.path, decision.path)
        and _fold(f.match) == text
        and _in_markets(f, decision)
    ]
    return fits[0] if len(fits) == 1 else None
