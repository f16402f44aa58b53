"""``--baseline``: hide the findings an earlier JSON report already knew, so a repository can adopt
culturelint without fixing its past first.

A baseline is any JSON report (``check -f json -o baseline.json``); a report written with a baseline
in force lists the known findings under ``suppressed`` (kind ``baseline``) and serves as the next
baseline. Known findings are matched as a multiset, each baseline entry hiding at most one
finding, in passes from the most to the least precise:

1. the fingerprint (rule, normalised match, the words around it; no path, no line), first among
   entries for the same file, then for a file whose path ends the same way (``./a.md``,
   ``copy/a.md``, ``/abs/copy/a.md``), then anywhere (a moved or renamed file);
2. the fingerprint culturelint 0.1 wrote (rule, path as written, match, whole sentence), so an old
   baseline keeps working;
3. the same rule and matched words in the same file, wherever they now stand in it (an edit next
   to the match changed the words around it).

A renamed rule's findings are also looked up under its former ids. A sentence copied into a second
file is new there when the baseline knew one occurrence.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from .engine.findings import fingerprint, legacy_fingerprint, normal, numbered
from .errors import UserError
from .model import Finding, Suppression

SAME, SUFFIX, ELSEWHERE = 0, 1, 2


@dataclass
class Entry:
    """One finding the baseline knows."""

    fingerprint: str
    rule: str
    match: str  # normalised
    path: str  # as the baseline wrote it
    parts: tuple[str, ...]  # the path normalised for comparison
    used: bool = False


def load(path: Path) -> list[Entry]:
    """The known findings of a JSON report: its findings, and those it hid as known (a report
    written with a baseline in force)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = list(data["findings"]) + [
            f for f in data.get("suppressed", ()) if (f.get("suppression") or {}).get("kind") == "baseline"
        ]
        return [
            Entry(
                str(f["fingerprint"]),
                str(f.get("rule", "")),
                normal(str(f.get("match") or "")),
                str(f.get("path", "")),
                path_parts(str(f.get("path", ""))),
            )
            for f in rows
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"cannot read baseline (a JSON report): {exc}", str(path)) from None


def path_parts(path: str) -> tuple[str, ...]:
    """A path's components, however it is written: ``./a.md``, ``a.md`` and an absolute path under
    the current folder give the same parts."""
    pure = PurePath(path)
    if pure.is_absolute():
        with contextlib.suppress(ValueError):  # outside the current folder: compared by its tail
            pure = PurePath(os.path.abspath(path)).relative_to(os.getcwd())
    return tuple(p for p in PurePath(os.path.normpath(pure)).as_posix().split("/") if p not in ("", "."))


def closeness(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    if a == b:
        return SAME
    short, long = sorted((a, b), key=len)
    if short and long[len(long) - len(short) :] == short:
        return SUFFIX
    return ELSEWHERE


def split(
    findings: Iterable[Finding],
    entries: list[Entry],
    origin: str,
    former_ids: Callable[[str], tuple[str, ...]] = lambda rule: (),
    others: Iterable[Finding] = (),
) -> tuple[list[Finding], list[Finding]]:
    """The findings the baseline does not know, and the known ones stamped as hidden by it.
    ``others`` are the run's findings already hidden (inline directives): they count when numbering
    repeats, as they did when the fingerprints were stamped."""
    findings = list(findings)
    occurrence, legacy_occurrence = _occurrences(findings, list(others))
    by_fingerprint: dict[str, list[Entry]] = {}
    by_words: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        by_fingerprint.setdefault(entry.fingerprint, []).append(entry)
        by_words.setdefault((entry.rule, entry.match), []).append(entry)
    known: dict[int, Entry] = {}
    parts = {id(f): path_parts(f.path) for f in findings}

    def take(finding: Finding, candidates: Iterable[Entry], reach: int, accept: Callable[[Entry], bool]) -> None:
        for entry in candidates:
            if not entry.used and closeness(parts[id(finding)], entry.parts) <= reach and accept(entry):
                entry.used = True
                known[id(finding)] = entry
                return

    def rules(finding: Finding) -> tuple[str, ...]:
        return (finding.rule, *former_ids(finding.rule))

    def fingerprints(finding: Finding) -> list[str]:
        out = [finding.fingerprint]
        for rule in rules(finding)[1:]:
            digest = fingerprint(finding, rule)
            out += [numbered(digest, occurrence[id(finding)]), digest]
        return out

    for reach in (SAME, SUFFIX, ELSEWHERE):  # 1. fingerprints, the nearest path first
        for finding in findings:
            if id(finding) not in known:
                for digest in fingerprints(finding):
                    take(finding, by_fingerprint.get(digest, ()), reach, lambda e: True)
                    if id(finding) in known:
                        break
    for reach in (SAME, SUFFIX, ELSEWHERE):  # 2. fingerprints written by culturelint 0.1
        for finding in findings:
            if id(finding) in known:
                continue
            for rule in rules(finding):

                def written_by_0_1(entry: Entry, finding: Finding = finding) -> bool:
                    digest = legacy_fingerprint(finding, entry.rule, entry.path)
                    return entry.fingerprint in (digest, numbered(digest, legacy_occurrence[id(finding)]))

                take(finding, by_words.get((rule, normal(finding.match)), ()), reach, written_by_0_1)
                if id(finding) in known:
                    break
    for finding in findings:  # 3. the same words in the same file
        if id(finding) in known or not finding.match:
            continue
        for rule in rules(finding):
            take(finding, by_words.get((rule, normal(finding.match)), ()), SUFFIX, lambda e: True)
            if id(finding) in known:
                break
    new, old = [], []
    for finding in findings:
        if id(finding) in known:
            old.append(replace(finding, suppression=Suppression("baseline", "in the baseline", origin)))
        else:
            new.append(finding)
    return new, old


def _occurrences(findings: list[Finding], others: list[Finding]) -> tuple[dict[int, int], dict[int, int]]:
    """For each finding, which repeat it is in its file of the same fingerprint digest, in the
    order fingerprints were stamped (line, column, rule), under the current and the 0.1 scheme."""
    ordered = sorted(findings + others, key=lambda f: (f.path, f.line, f.column, f.rule))
    current: Counter[tuple[str, str]] = Counter()
    legacy: Counter[tuple[str, str]] = Counter()
    occurrence, legacy_occurrence = {}, {}
    for finding in ordered:
        key = (finding.path, fingerprint(finding))
        current[key] += 1
        occurrence[id(finding)] = current[key]
        old = (finding.path, legacy_fingerprint(finding))
        legacy[old] += 1
        legacy_occurrence[id(finding)] = legacy[old]
    return occurrence, legacy_occurrence
