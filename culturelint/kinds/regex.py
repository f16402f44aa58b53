"""``regex``: for what tokens cannot express. Runs on the folded segment text.

Built-in packs' regexes run on Python's ``re``; every one of them is tested for linear time on
adversarial input (tests/test_hardening.py). A user pack's regex cannot be vetted that way, so it
runs on RE2 (``google-re2``), whose time is linear in the text whatever the pattern: ``\\w``,
``\\d`` and ``\\s`` are widened to their Unicode meaning first, as ``re`` has them. A pattern RE2
cannot run (lookaround, backreferences, ``\\b``) runs on the ``regex`` module under a time budget
per rule and document (``REGEX_BUDGET``, 0.5 s; ``$CULTURELINT_REGEX_BUDGET``): a pattern that
backtracks past it is stopped, and the run says which rule, in which pack file and line, on which
file (a notice), instead of hanging. See docs/robustness.md.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from ..nlp import fold_pattern
from .bundle import MatcherBundle


class UserRegex(str):
    """A regex from a pack that is not built in (schema marks it): it runs on RE2 where it can.
    ``origin`` is where it is written (``pack.yaml:12``), for the budget's notice."""

    origin: str = ""

    def __new__(cls, value: str, origin: str = "") -> UserRegex:
        made = super().__new__(cls, value)
        made.origin = origin
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (UserRegex, (str(self), self.origin))


class RegexKind:
    name = "regex"

    def add(
        self, bundle: MatcherBundle, key: str, values: tuple[object, ...], case_sensitive: bool, subword: bool = False
    ) -> None:
        # one finder per regex, each behind its own anchors (hits of one key are merged anyway)
        for value in values:
            expression = compile_regex(value, case_sensitive)
            if isinstance(expression, BudgetedRegex):  # a user pattern RE2 cannot run: named in its budget notice
                expression.rule = key.split("\x1f")[0]
            on_re2 = not isinstance(expression, (re.Pattern, BudgetedRegex))
            anchors = regex_anchors_of((value,), case_sensitive, bundle.normal, on_re2)
            bundle.add_finder(key, _finder(expression), anchors)


def _finder(expression: Any):  # type: ignore[no-untyped-def]
    def finder(text: str) -> Iterable[tuple[int, int]]:
        for m in expression.finditer(cap_runs(text)):
            if m.end() > m.start():
                yield m.start(), m.end()

    return finder


def regex_anchors_of(
    values: tuple[object, ...], case_sensitive: bool, normal: Any, on_re2: bool = False
) -> frozenset[str] | None:
    """The literals one of which any match of any of the regexes holds (``prefilter``), or None.
    A regex RE2 runs keeps only ASCII anchors: RE2's case folding pairs an ASCII letter only with
    K (Kelvin) and ſ, which the prefilter's normalising reads as k and s; other letters' pairs
    are left to ``re``'s rules, which the normalising follows."""
    from .prefilter import regex_anchors

    out: set[str] = set()
    for value in values:
        flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
        found = regex_anchors(fold_pattern(str(value)), flags, normal)
        if found is None or (on_re2 and not all(anchor.isascii() for anchor in found)):
            return None
        out |= found
    return frozenset(out)


# Price and number patterns (``\d+[,.]?\d*``) backtrack in time quadratic in the length of a run of
# digits. No number in copy is longer than this; beyond it, a run's characters are replaced (same
# length, so offsets hold) by a mark that no pattern's digit, separator or word class matches.
MAX_NUMBER_RUN = 40
LONG_NUMBER_RUN = re.compile(rf"[\d.,]{{{MAX_NUMBER_RUN + 1},}}")
RUN_MARK = "\ue001"


@functools.lru_cache(maxsize=64)
def cap_runs(text: str) -> str:
    """``text`` with every run of digits and separators cut to ``MAX_NUMBER_RUN`` for matching
    (once per text, whatever the number of regexes)."""
    if not LONG_NUMBER_RUN.search(text):
        return text
    return LONG_NUMBER_RUN.sub(
        lambda m: m.group()[:MAX_NUMBER_RUN] + RUN_MARK * (len(m.group()) - MAX_NUMBER_RUN), text
    )


def compile_regex(value: object, case_sensitive: bool) -> Any:
    """The compiled pattern: RE2 for a user's regex that RE2 can run, else ``re``."""
    pattern = fold_pattern(str(value))
    if isinstance(value, UserRegex):
        linear = re2_compile(pattern, case_sensitive)
        if linear is not None:
            return linear
        return BudgetedRegex(pattern, case_sensitive, value.origin)
    return re.compile(pattern, re.MULTILINE | (0 if case_sensitive else re.IGNORECASE))


REGEX_BUDGET = 0.5  # seconds of matching per user regex RE2 cannot run, per document
_SPENT: contextvars.ContextVar[dict[int, float] | None] = contextvars.ContextVar("regex_spent", default=None)
_STOPPED: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("regex_stopped", default=None)


def regex_budget() -> float:
    """The budget in seconds: ``$CULTURELINT_REGEX_BUDGET`` if it is a positive number."""
    try:
        value = float(os.environ.get("CULTURELINT_REGEX_BUDGET", ""))
    except ValueError:
        return REGEX_BUDGET
    return value if value > 0 else REGEX_BUDGET


@contextlib.contextmanager
def budget_scope() -> Iterator[dict[str, str]]:
    """One document's budget: every budgeted regex starts at zero, and the regexes stopped in
    it are collected (rule id -> notice)."""
    spent = _SPENT.set({})
    stopped: dict[str, str] = {}
    token = _STOPPED.set(stopped)
    try:
        yield stopped
    finally:
        _SPENT.reset(spent)
        _STOPPED.reset(token)


class BudgetedRegex:
    """A user pattern that needs backtracking (lookaround, backreferences, ``\\b``), run on the
    ``regex`` module with a time limit: what is left of its budget for the current document."""

    def __init__(self, pattern: str, case_sensitive: bool, origin: str = "") -> None:
        import regex

        flags = regex.V0 | regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
        self.compiled = regex.compile(pattern, flags)
        self.pattern = pattern
        self.case_sensitive = case_sensitive
        self.origin = origin
        self.rule = ""

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "compiled"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["pattern"], state["case_sensitive"], state["origin"])  # type: ignore[misc]
        self.rule = state["rule"]

    def finditer(self, text: str) -> Iterator[Any]:
        spent = _SPENT.get()
        budget = regex_budget()
        used = spent.get(id(self), 0.0) if spent is not None else 0.0
        pos = 0
        start = time.process_time()
        try:
            while pos <= len(text):
                left = budget - used - (time.process_time() - start)
                if left <= 0:
                    raise TimeoutError
                m = self.compiled.search(text, pos, timeout=left)
                if m is None:
                    return
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
        except TimeoutError:
            used = budget
            stopped = _STOPPED.get()
            if stopped is not None:
                where = f" in {self.origin}" if self.origin else ""
                stopped[self.rule] = (
                    f"regex of rule {self.rule}{where} exceeded its {budget:g} s budget; it was stopped "
                    "(it backtracks: rewrite it without nested repetition, or with terms/patterns)"
                )
        finally:
            if spent is not None:
                spent[id(self)] = max(used, spent.get(id(self), 0.0) + time.process_time() - start)


_OUTSIDE = {"w": r"[\p{L}\p{N}\p{M}_]", "W": r"[^\p{L}\p{N}\p{M}_]", "d": r"\p{Nd}", "D": r"\P{Nd}"}
_OUTSIDE |= {"s": r"[\s\p{Z}\x{85}]", "S": r"[^\s\p{Z}\x{85}]"}
_INSIDE = {"w": r"\p{L}\p{N}\p{M}_", "d": r"\p{Nd}", "s": r"\s\p{Z}\x{85}"}


def to_re2(pattern: str) -> str | None:
    """``pattern`` in RE2 syntax with Python's Unicode classes, or None where RE2 would read it
    differently (``\\b``, ``\\B``, a negated class escape inside brackets)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            code = pattern[i + 1]
            if code in "bBAZ":
                if code in "bB":
                    return None
                out.append(r"\A" if code == "A" else r"\z")
            elif in_class and code in _INSIDE:
                out.append(_INSIDE[code])
            elif in_class and code in "WDS":
                return None
            elif not in_class and code in _OUTSIDE:
                out.append(_OUTSIDE[code])
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append(r"\]")
                i += 1
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def re2_compile(pattern: str, case_sensitive: bool) -> Any | None:
    """RE2's compiled form of a Python-syntax pattern, or None when RE2 cannot run it faithfully."""
    translated = to_re2(pattern)
    if translated is None:
        return None
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = case_sensitive
    try:
        return re2.compile("(?m)" + translated, options)
    except re2.error:
        return None


def backtracking_risk(pattern: str) -> str | None:
    """Why ``re`` could take exponential time on this pattern, or None: an unbounded repetition
    inside another repetition (``(\\w+\\s?)+``), or a repeated alternation (``(a|ab)*``)."""
    import importlib

    try:
        parser: Any = importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - Python < 3.11
        parser = importlib.import_module("sre_parse")
    try:
        tree = parser.parse(pattern)
    except re.error as exc:
        return f"does not compile: {exc}"
    return _risk(tree, inside_repeat=False)


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _risk(items: Any, inside_repeat: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _, high, body = arg
            unbounded = high is None or high > 100 or str(high) == "MAXREPEAT"
            if name != "POSSESSIVE_REPEAT" and unbounded and inside_repeat:
                return "an unbounded repetition inside another repetition"
            if unbounded and _has_branch(body):
                return "a repeated alternation"
            found = _risk(body, inside_repeat or unbounded)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _risk(arg[-1], inside_repeat)
            if found:
                return found
        elif name == "BRANCH":
            for branch in arg[1]:
                found = _risk(branch, inside_repeat)
                if found:
                    return found
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _risk(arg[1], inside_repeat)
            if found:
                return found
    return None


def _has_branch(items: Any) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "BRANCH":
            return True
        if name == "SUBPATTERN" and _has_branch(arg[-1]):
            return True
    return False


def user_regex_problem(pattern: str, case_sensitive: bool = False) -> str | None:
    """Why a user pack's regex is refused, or None: it must compile, as written and once folded.
    (One RE2 cannot run, however it backtracks, runs under the time budget.)"""
    for variant in (pattern, fold_pattern(pattern)):
        try:
            re.compile(variant)
        except re.error as exc:
            return f"invalid regex: {exc}"
    if re2_compile(fold_pattern(pattern), case_sensitive) is None:
        import regex

        try:
            regex.compile(fold_pattern(pattern), regex.V0)
        except regex.error as exc:
            return f"invalid regex: {exc}"
    return None
