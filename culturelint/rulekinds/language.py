"""``language``: copy not in the market's language (``market``), a paragraph or a run of words in
another language (``mixed``), or Han characters of the wrong script (``script``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..langid import detect, latin_runs, plainly_in, wrong_script
from ..languages import profile_for
from ..model import DocumentMeta, Hit, Severity
from .base import Hits, Raw, Rule, document_start

if TYPE_CHECKING:
    from ..nlp.parsed import Parsed
    from ..packs.schema import PackValidator
    from ..validation import KeyPath

CHECKS = ("market", "mixed", "script")


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageRule(Rule):
    kind: ClassVar[str] = "language"
    marker: ClassVar[str] = "language"
    own_keys: ClassVar[frozenset[str]] = frozenset({"language"})
    message_cases: ClassVar[frozenset[str]] = frozenset({"language", "mixed-language", "script", "lingua-franca"})

    check: str = "market"
    min_chars: int = 40
    min_probability: float = 0.9
    script: str | None = None
    min_count: int = 1
    # languages advertising uses on purpose across markets (English taglines, statements): copy in
    # one of them is context for a reviewer (info), not a localisation slip
    lingua_franca: tuple[str, ...] = ()
    lingua_franca_except: tuple[str, ...] = ()  # markets whose law requires their own language in ads

    @classmethod
    def parse(cls, v: PackValidator, data: dict[str, Any], keypath: KeyPath) -> dict[str, Any]:
        where = keypath + ("language",)
        keys = {"check", "min_chars", "min_probability", "script", "min_count", "lingua_franca", "lingua_franca_except"}
        spec = v.mapping(data["language"], where, keys)
        check = v.choice(spec.get("check", "market"), where + ("check",), CHECKS)
        script = v.optional(spec, "script", where, lambda x, p: v.choice(x, p, ("simplified", "traditional")))
        if check == "script" and script is None:
            raise v.fail(where, "a script check needs 'script: simplified' or 'script: traditional'")
        return {
            "check": check,
            "script": script,
            "min_chars": v.integer(spec.get("min_chars", 40), where + ("min_chars",), 1),
            "min_probability": v.number(spec.get("min_probability", 0.9), where + ("min_probability",), 0, 1),
            "min_count": v.integer(spec.get("min_count", 1), where + ("min_count",), 1),
            "lingua_franca": tuple(v.optional(spec, "lingua_franca", where, v.strings, ())),
            "lingua_franca_except": tuple(v.optional(spec, "lingua_franca_except", where, v.strings, ())),
        }

    def evaluate(self, hits: Hits, parsed: Parsed, meta: DocumentMeta, market: str) -> list[Raw]:
        if self.check == "market":
            return self._not_market_language(parsed, market)
        if self.check == "mixed":
            return self._mixed_language(parsed, market)
        return self._wrong_script(parsed)

    def _not_market_language(self, parsed: Parsed, market: str) -> list[Raw]:
        found = detect(parsed.copy_text, self.min_chars, parsed.language)
        ours = profile_for(parsed.language)
        if found is None or ours.is_detected(found.language) or found.probability < self.min_probability:
            return []
        return [self._raw(document_start(parsed), "language", found.language, parsed.language, market)]

    def _mixed_language(self, parsed: Parsed, market: str) -> list[Raw]:
        """A paragraph in another language, or (in a non-Latin script) a sentence of Latin words."""
        whole = detect(parsed.copy_text, self.min_chars, parsed.language)
        ours = profile_for(parsed.language)
        if whole is not None and not ours.is_detected(whole.language):
            return []  # the document as a whole is off: that is the market-language check's finding
        expected = (("expected", parsed.language),)
        if not profile_for(parsed.language).latin_script:
            return [
                Raw(self, Hit(index, start, end), "mixed-language", (("detected", "Latin-script text"),) + expected)
                for index, text in enumerate(parsed.texts)
                for start, end in latin_runs(text)
            ]
        if whole is None:
            return []
        out = []
        for index, text in enumerate(parsed.texts):
            if plainly_in(text, parsed.language):
                continue
            found = detect(text, self.min_chars)
            if found and not ours.is_detected(found.language) and found.probability >= self.min_probability:
                stripped = text.lstrip()
                start = len(text) - len(stripped)
                end = text.find("\n", start)
                hit = Hit(index, start, end if end != -1 else len(text.rstrip()))
                out.append(self._raw(hit, "mixed-language", found.language, parsed.language, market))
        return out

    def _raw(self, hit: Hit, case: str, detected: str, expected: str, market: str) -> Raw:
        fields = (("detected", detected), ("expected", expected))
        relaxed = detected in self.lingua_franca and expected not in self.lingua_franca
        if relaxed and market not in self.lingua_franca_except:
            return Raw(self, hit, "lingua-franca", fields, at_most=Severity.INFO)
        return Raw(self, hit, case, fields)

    def _wrong_script(self, parsed: Parsed) -> list[Raw]:
        assert self.script is not None
        out = []
        for index, text in enumerate(parsed.texts):
            runs = wrong_script(text, self.script)
            count = sum(end - start for start, end in runs)
            if count >= self.min_count:
                start, end = runs[0]
                out.append(
                    Raw(self, Hit(index, start, end), "script", (("count", str(count)), ("script", self.script)))
                )
        return out
