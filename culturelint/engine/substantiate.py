"""Claim findings that the draft's or the config's evidence answers become ``info`` and carry the
evidence (see ``culturelint.substantiation``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from ..model import Finding, Severity, Substantiation
from .select import specificity

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2116": "No."})


def normal(text: str) -> str:
    """Claims compare case-, width-, quote- and space-blind: "No.1" in copy is "No. 1" in a brief."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = re.sub(r"(?<=\bno\.)(?=\d)", " ", text)
    return _SPACE.sub(" ", text).strip()


def covers(entry: Substantiation, finding: Finding, aliases: tuple[str, ...] = ()) -> bool:
    """Does this evidence answer this finding? ``rule`` is a selector (an id, a prefix such as
    ``ja-jp.claim``, a former id); ``claim`` is matched against the flagged words and their sentence."""
    if finding.category != "claim":
        return False
    if entry.markets and not set(entry.markets) & set(finding.markets or (finding.market,)):
        return False
    if entry.rule and specificity(entry.rule, finding.rule, finding.category, aliases) < 0:
        return False
    if entry.claim is None:
        return True
    claim, match, context = normal(entry.claim), normal(finding.match), normal(finding.context)
    if not match:
        return False
    if claim in match:  # the evidence names part of what was flagged
        return True
    # the evidence names the whole claim around the flagged words, and that claim is in the copy
    return match in claim and (not context or claim in context or context in claim)


def apply(
    findings: list[Finding], entries: tuple[Substantiation, ...], former: Callable[[str], tuple[str, ...]]
) -> tuple[list[Finding], list[Substantiation]]:
    """Claim findings the evidence covers become ``info`` with the evidence attached; returns the
    findings and the entries that covered nothing (so a stale brief can be cleaned up)."""
    if not entries:
        return findings, []
    used: set[int] = set()
    out = []
    for finding in findings:
        for index, entry in enumerate(entries):
            if covers(entry, finding, former(finding.rule)):
                used.add(index)
                finding = replace(finding, severity=Severity.INFO, substantiation=entry)
                break
        out.append(finding)
    return out, [entry for index, entry in enumerate(entries) if index not in used]
