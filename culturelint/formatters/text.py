"""Text: grouped per file, `path:line:col  severity  rule  message`, the copy line with the span marked."""

from __future__ import annotations

import unicodedata
from collections import Counter

from wcwidth import width as _display_width

from ..model import Finding, Report, Severity
from ..normalize import _CONFUSABLE_CHARS, CONFUSABLES
from .html import INVISIBLE, _invisible_label
from .serialize import disclosure_line

COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
# Shown escaped, never passed to the terminal: C0 and C1 controls (ESC starts CSI and OSC 8 link
# sequences, BEL rings, backspace and carriage return overwrite what was printed), the bidi
# embeddings, overrides and isolates that reorder a line (U+202A-202E, U+2066-2069, the marks
# U+200E/200F/061C) and the line and paragraph separators.
_UNSAFE = frozenset([*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]) | {
    0x200E,
    0x200F,
    0x061C,
    0x2028,
    0x2029,
}


def escape(text: str) -> str:
    """Copy, file names and messages as the terminal may show them: every control character,
    escape sequence introducer and bidi control written as ``\\x1b`` / ``\\u202e``."""
    if not any(ord(ch) in _UNSAFE for ch in text):
        return text
    return "".join(
        (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}") if ord(ch) in _UNSAFE else ch for ch in text
    )


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _width(text: str) -> int:
    """Terminal columns of escaped text (wcwidth): wide CJK characters and emoji take two,
    combining marks and a skin-tone modifier joined to its emoji none."""
    return max(_display_width(text), 0)


EXCERPT_CONTEXT = 60  # characters shown either side of a match on a long line
EXCERPT_MATCH = 120  # characters of the match itself, at most


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A long line is shown as a window around the match (a 141 KB line must not print 141 KB per
    finding), elided with '…' on each cut side; start and end are moved into the window."""
    end = max(end, start)
    if len(line) <= 2 * EXCERPT_CONTEXT + EXCERPT_MATCH:
        return line, start, end
    stop = min(end, start + EXCERPT_MATCH)
    left, right = max(0, start - EXCERPT_CONTEXT), min(len(line), stop + EXCERPT_CONTEXT)
    head = "…" if left > 0 else ""
    tail = "…" if right < len(line) else ""
    return head + line[left:right] + tail, start - left + len(head), stop - left + len(head)


def marked(text: str) -> str:
    """``text`` with every invisible character (zero-width, soft hyphen, bidi control, variation
    selector, tag) shown as a visible mark, ``⟨ZWSP⟩``, as the HTML report shows it; the character
    itself is left out (a bidi control would reorder the terminal line)."""
    if not INVISIBLE.search(text):
        return text
    return INVISIBLE.sub(lambda m: f"⟨{_invisible_label(m.group())}⟩", text)


def look_alikes(match: str) -> list[str]:
    """Notes on the Cyrillic or Greek letters in a match that also has Latin letters, e.g.
    ``contains a Cyrillic 'е' (U+0435) that looks like Latin 'e'``."""
    if _CONFUSABLE_CHARS.isdisjoint(match) or not any("a" <= c.lower() <= "z" for c in match):
        return []
    notes = []
    for ch in dict.fromkeys(c for c in match if c in _CONFUSABLE_CHARS):
        script = unicodedata.name(ch, "").split(" ")[0].capitalize() or "non-Latin"
        notes.append(
            f"contains a {script} '{ch}' (U+{ord(ch):04X}) that looks like Latin '{ch.translate(CONFUSABLES)}'"
        )
    return notes


def _excerpt(source_lines: list[str], finding: Finding, colour: bool) -> list[str]:
    if finding.line < 1 or finding.line > len(source_lines) or not finding.match:
        return []
    line = source_lines[finding.line - 1].replace("\t", " ")
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    line, start, end = _window(line, start, end)
    head, word, tail = marked(line[:start]), marked(line[start:end]), marked(line[end:])
    before = _width(escape(head))
    after = _width(escape(head + word))
    carets = " " * before + "^" * max(after - before, 1)
    out = [f"    {escape(head + word + tail)}", "    " + _paint(carets, COLOURS[finding.severity], colour)]
    if finding.hidden:
        out.append(f"    hidden: {escape('; '.join(finding.hidden))}")
    out.extend(f"    note: {escape(note)}" for note in look_alikes(finding.match))
    return out


def format_text(report: Report, colour: bool = False, quiet: bool = False) -> str:
    """The report; ``quiet`` keeps the findings only (no notes, no summary line)."""
    out: list[str] = []
    grouped = report.by_path()
    sources = {f.path: f.source.split("\n") for f in report.files}
    for result in report.files:
        if result.error:
            out.append(_paint(escape(result.error), "31;1", colour))
    for path, findings in grouped.items():
        if not findings:
            continue
        out.append(_paint(escape(path), "1", colour))
        for f in findings:
            severity = _paint(f"{f.severity!s:<7}", COLOURS[f.severity], colour)
            markets = ",".join(f.markets) if f.markets else "-"
            out.append(
                f"{escape(f.path)}:{f.line}:{f.column}  {severity}  {f.rule}  [{markets}]  {escape(marked(f.message))}"
            )
            out.extend(_excerpt(sources.get(path, []), f, colour))
            if f.substantiation is not None:
                given = escape(f"{f.substantiation.describe()}  (given in {f.substantiation.origin})")
                out.append(f"    substantiated: {given}")
            if f.disclosure is not None:
                out.append(f"    disclosure: {escape(disclosure_line(f.disclosure))}")
            if f.fix is not None:
                out.append(f"    fix: {escape(f.fix)}  (culturelint check --fix)")
            elif f.suggestions:
                out.append(f"    suggest: {escape(' | '.join(f.suggestions))}")
        out.append("")
    if quiet:
        return "\n".join(out) + ("\n" if out else "")
    out.extend(waived_lines(report))
    out.extend(f"note: {escape(notice)}" for notice in report.notices)
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def waived_lines(report: Report) -> list[str]:
    """Findings a reviewer waived (check --waivers): where, who, why, until when, from which file."""
    out = []
    for f in report.suppressed:
        s = f.suppression
        if s is None or s.kind != "waiver":
            continue
        until = f" until {s.expires}" if s.expires else ""
        markets = ",".join(f.markets) if f.markets else "-"
        where = f"{f.path}:{f.line}:{f.column}"
        out.append(escape(f"waived: {where}  {f.rule}  [{markets}]  by {s.by}{until}: {s.reason} ({s.origin})"))
    return out + [""] if out else out


def summary_line(report: Report) -> str:
    errors = sum(1 for f in report.files if f.error)
    counts = ", ".join(f"{report.count(s)} {s}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    checked = len({f.path for f in report.files if not f.error})  # a copy deck's entries share a path
    unread = f", {errors} could not be read" if errors else ""
    hidden = ""
    if report.suppressed:
        kinds = Counter(f.suppression.kind for f in report.suppressed if f.suppression)
        hidden = f"; {len(report.suppressed)} hidden (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")"
    return f"{len(report.findings)} findings ({counts}) in {checked} files checked{unread}{hidden}."
