"""Pack YAML into typed rules: the common header here, each kind's own keys in its module
(``rulekinds/``). Unknown keys and wrong types fail with ``file:line:col`` and the key path."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import PackError
from ..model import CATEGORIES, MISFIRE_CLASSES, SEVERITY_NAMES, Severity
from ..nlp import fold_pattern
from ..rulekinds import RULE_KINDS, Context, Example, MatchSpec, Rule, When
from ..validation import KeyPath, Located, Validator, typename
from .pack import RulePack

if TYPE_CHECKING:
    from ..calendar import Window

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")
MARKET_TAG = re.compile(r"^(\*|[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z0-9]{2,8})*|@[a-z0-9-]+|global)$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")

PACK_KEYS = (
    "pack",
    "markets",
    "language",
    "category",
    "class",
    "references",
    "rules",
    "description",
    "owner",
    "reviewed",
)
HEADER_KEYS = frozenset(
    {
        "id",
        "severity",
        "category",
        "message",
        "rationale",
        "references",
        "suggest",
        "examples",
        "active",
        "reviewed",
        "owner",
        "messages",
        "fix",
        "aliases",
        "class",
        "supersedes",
        "translations",
    }
)
ALL_RULE_KEYS = HEADER_KEYS.union(*(kind.own_keys for kind in RULE_KINDS.values()))
MATCH_KEYS = ("terms", "lemmas", "patterns", "regex", "emoji", "lexicons", "case_sensitive", "subword")
EXAMPLE_KEYS = ("text", "market", "sponsored", "date", "channel", "at", "fixed", "source", "source_market")


class PackValidator(Validator):
    """Walks one pack's located data, raising a PackError at the first problem."""

    def __init__(self, located: Located) -> None:
        super().__init__(located, PackError)

    # -- the specs rule kinds are built from ---------------------------------------------------
    def match_spec(self, value: Any, keypath: KeyPath, extra: tuple[str, ...] = ()) -> MatchSpec:
        data = self.mapping(value, keypath, MATCH_KEYS + extra)
        patterns: list[tuple[dict[str, Any], ...]] = []
        raw_patterns = data.get("patterns", [])
        if not isinstance(raw_patterns, list):
            raise self.fail(keypath + ("patterns",), "expected a list of token patterns")
        for i, pattern in enumerate(raw_patterns):
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
                raise self.fail(keypath + ("patterns", i), "a token pattern is a non-empty list of token mappings")
            patterns.append(tuple(pattern))
        regex = self.optional(data, "regex", keypath, self.strings, ())
        regex = self.regexes(regex, data, keypath)
        for i, pattern in enumerate(patterns):
            self.token_regexes(pattern, keypath + ("patterns", i))
        spec = MatchSpec(
            terms=self.optional(data, "terms", keypath, self.strings, ()),
            lemmas=self.optional(data, "lemmas", keypath, self.strings, ()),
            patterns=tuple(patterns),
            regex=regex,
            emoji=self.optional(data, "emoji", keypath, self.strings, ()),
            case_sensitive=self.optional(data, "case_sensitive", keypath, self.boolean, False),
            subword=self.optional(data, "subword", keypath, self.boolean, False),
            lexicons=self.optional(data, "lexicons", keypath, self.strings, ()),
        )
        if spec.is_empty():
            raise self.fail(keypath, "needs at least one of terms, lemmas, patterns, regex, emoji, lexicons")
        return spec

    def regexes(self, regex: tuple[str, ...], data: dict[str, Any], keypath: KeyPath) -> tuple[str, ...]:
        """Each regex compiles (as written and once folded); a user pack's must also run in linear
        time, and is marked to run on RE2 (kinds/regex.py)."""
        from ..kinds.regex import UserRegex, user_regex_problem

        builtin = getattr(self, "builtin", False)
        case_sensitive = data.get("case_sensitive") is True
        out = []
        for i, expression in enumerate(regex):
            problem = None
            for variant in (expression, fold_pattern(expression)):
                try:
                    re.compile(variant)
                except re.error as exc:
                    problem = f"invalid regex: {exc}"
                    break
            if problem is None and not builtin:
                problem = user_regex_problem(expression, case_sensitive)
            if problem:
                where = keypath + ("regex",) + ((i,) if isinstance(data["regex"], list) else ())
                raise self.fail(where, problem)
            if builtin:
                out.append(expression)
            else:
                where = keypath + ("regex",) + ((i,) if isinstance(data["regex"], list) else ())
                out.append(UserRegex(expression, f"{self.src.path}:{self.src.where(where)[0]}"))
        return tuple(out)

    def token_regexes(self, pattern: tuple[dict[str, Any], ...], keypath: KeyPath) -> None:
        """A spaCy ``REGEX`` operator in a token pattern must compile, or spaCy fails mid-run."""
        for j, token in enumerate(pattern):
            for attr, value in token.items():
                if not isinstance(value, dict):
                    continue
                for operator, expression in value.items():
                    if str(operator).upper() != "REGEX":
                        continue
                    try:
                        re.compile(str(expression))
                    except re.error as exc:
                        where = keypath + (j, attr, operator)
                        raise self.fail(where, f"invalid REGEX in token pattern: {exc}") from None

    def context(self, value: Any, keypath: KeyPath) -> Context:
        data = self.mapping(value, keypath, MATCH_KEYS + ("within",))
        within: str | int = data.get("within", "sentence")
        if isinstance(within, int) and not isinstance(within, bool):
            within = self.integer(within, keypath + ("within",), minimum=1)
        else:
            within = self.choice(within, keypath + ("within",), ("match", "sentence", "segment", "document"))
        return Context(self.match_spec({k: v for k, v in data.items() if k != "within"}, keypath), within)

    def when(self, value: Any, keypath: KeyPath) -> When:
        data = self.mapping(value, keypath, ("sponsored", "signals", "channels"))
        sponsored: bool | None = True
        if data.get("sponsored") == "any":
            sponsored = None
        elif "sponsored" in data:
            sponsored = self.boolean(data["sponsored"], keypath + ("sponsored",))
        return When(
            sponsored=sponsored,
            signals=self.optional(data, "signals", keypath, self.match_spec),
            channels=self.optional(data, "channels", keypath, self.strings, ()),
        )

    def market(self, value: Any, keypath: KeyPath) -> str:
        tag = self.string(value, keypath)
        if not MARKET_TAG.match(tag):
            raise self.fail(
                keypath, f"'{tag}' is not a market tag (ja-JP, a bare language 'ja', 'global', '@group' or '*')"
            )
        return tag

    def example(self, value: Any, keypath: KeyPath) -> Example:
        if isinstance(value, str):
            return Example(self.string(value, keypath))
        data = self.mapping(value, keypath, EXAMPLE_KEYS, required=("text",))
        return Example(
            text=self.string(data["text"], keypath + ("text",), empty="source" in data),  # a pair's target may be empty
            market=self.optional(data, "market", keypath, self.market),
            sponsored=self.optional(data, "sponsored", keypath, self.boolean),
            date=self.optional(data, "date", keypath, self.date),
            channel=self.optional(data, "channel", keypath, self.string),
            at=self.optional(data, "at", keypath, self.string),
            fixed=self.optional(data, "fixed", keypath, lambda x, p: self.string(x, p, empty=True)),
            source=self.optional(data, "source", keypath, lambda x, p: self.string(x, p, empty=True)),
            source_market=self.optional(data, "source_market", keypath, self.market),
        )

    def examples(self, value: Any, keypath: KeyPath) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        data = self.mapping(value, keypath, ("bad", "good"), required=("bad", "good"))
        out = []
        for side in ("bad", "good"):
            items = data[side]
            if isinstance(items, (str, dict)):
                items = [items]
            if not isinstance(items, list) or not items:
                raise self.fail(keypath + (side,), f"'{side}' needs at least one example")
            out.append(tuple(self.example(v, keypath + (side, i)) for i, v in enumerate(items)))
        return out[0], out[1]

    def fix(self, value: Any, keypath: KeyPath) -> tuple[tuple[str, str], ...] | bool:
        """``true`` (apply the single suggestion) or a mapping matched text -> replacement."""
        if isinstance(value, bool):
            return value
        data = self.mapping(value, keypath)
        return tuple((str(k).lower(), self.string(v, keypath + (k,))) for k, v in data.items())

    def aliases(self, value: Any, keypath: KeyPath, rule_id: str, what: str = "alias") -> tuple[str, ...]:
        """Former ids of a renamed rule (they keep selecting, suppressing and baselining it), or the
        ids of broader rules a rule supersedes."""
        out = self.strings(value, keypath)
        for i, alias in enumerate(out):
            if not RULE_ID.match(alias) or alias == rule_id:
                raise self.fail(
                    keypath + (i,),
                    f"{what} '{alias}' must be a rule id (lowercase, dotted) other than the rule's own",
                )
        return out

    # -- a rule: the common header, then its kind's own keys -----------------------------------
    def rule_kind(self, data: dict[str, Any], keypath: KeyPath) -> type[Rule]:
        markers = [k for k in RULE_KINDS if k in data]
        if len(markers) != 1:
            raise self.fail(
                keypath,
                f"a rule needs exactly one of {', '.join(repr(k) for k in RULE_KINDS)} "
                f"(found: {', '.join(markers) or 'none'})",
            )
        kind = RULE_KINDS[markers[0]]
        for k in data:
            if k not in HEADER_KEYS and k not in kind.own_keys:
                raise self.fail(
                    keypath + (k,),
                    f"'{k}' does not apply to a {kind.kind} rule (it takes: {', '.join(sorted(kind.own_keys))})",
                    key=True,
                )
        return kind

    def rule(self, value: Any, keypath: KeyPath, pack: dict[str, Any], pack_refs: tuple[str, ...]) -> Rule:
        data = self.mapping(
            value, keypath, ALL_RULE_KEYS, required=("id", "severity", "message", "rationale", "examples")
        )
        rule_id = self.string(data["id"], keypath + ("id",))
        if not RULE_ID.match(rule_id):
            raise self.fail(
                keypath + ("id",), f"rule id '{rule_id}' must be lowercase and dotted, e.g. 'ja-jp.number.four'"
            )
        kind = self.rule_kind(data, keypath)
        return kind(**self.header(data, keypath, rule_id, kind, pack, pack_refs), **kind.parse(self, data, keypath))

    def header(
        self,
        data: dict[str, Any],
        keypath: KeyPath,
        rule_id: str,
        kind: type[Rule],
        pack: dict[str, Any],
        pack_refs: tuple[str, ...],
    ) -> dict[str, Any]:
        category = data.get("category", pack.get("category"))
        if category is None:
            raise self.fail(keypath, "missing 'category' (on the rule or the pack)")
        references = self.optional(data, "references", keypath, self.strings, ())
        if not references and not pack_refs:
            raise self.fail(keypath, "needs at least one source in 'references' (rule or pack)")
        bad, good = self.examples(data["examples"], keypath + ("examples",))
        active = self.mapping(
            data.get("active", {}), keypath + ("active",), ("from", "until", "during", "within", "before", "after")
        )
        active_from = self.optional(active, "from", keypath + ("active",), self.date)
        active_until = self.optional(active, "until", keypath + ("active",), self.date)
        if active_from and active_until and active_until < active_from:
            raise self.fail(keypath + ("active",), "'until' is before 'from'")
        windows = tuple(
            self.window(relation, active[relation], keypath + ("active", relation))
            for relation in ("during", "within", "before", "after")
            if relation in active
        )
        if windows and any(example.date is None for example in bad):
            raise self.fail(
                keypath + ("examples", "bad"),
                "a rule bound to a calendar period needs a 'date' on every bad example (the copy's run date)",
            )
        messages = self.mapping(data.get("messages", {}), keypath + ("messages",), kind.message_cases)
        translations = self.optional(data, "translations", keypath, lambda x, p: self.translations(x, p, kind), ())
        fix = self.optional(data, "fix", keypath, self.fix, False)
        if fix is True and len(data.get("suggest", [])) != 1:
            raise self.fail(keypath + ("fix",), "'fix: true' needs exactly one 'suggest' entry to apply")
        line, _ = self.src.where(keypath)
        # a rule in a category that is itself a class (claim, disclosure, geopolitics, holiday) is of it
        misfire_class = data.get("class", pack.get("class")) or (category if category in MISFIRE_CLASSES else None)
        return {
            "misfire_class": None
            if misfire_class is None
            else self.choice(misfire_class, keypath + ("class",) if "class" in data else ("class",), MISFIRE_CLASSES),
            "id": rule_id,
            "pack": str(pack["pack"]),
            "category": self.choice(category, keypath + ("category",), CATEGORIES),
            "severity": Severity.parse(self.choice(data["severity"], keypath + ("severity",), SEVERITY_NAMES)),
            "message": self.string(data["message"], keypath + ("message",)),
            "rationale": self.string(data["rationale"], keypath + ("rationale",)),
            "references": references or pack_refs,
            "markets": tuple(pack["markets"]),
            "language": str(pack["language"]),
            "bad": bad,
            "good": good,
            "suggest": self.optional(data, "suggest", keypath, self.strings, ()),
            "fix": fix,
            "messages": tuple((k, self.string(v, keypath + ("messages", k))) for k, v in messages.items()),
            "translations": translations,
            "active_from": active_from,
            "active_until": active_until,
            "windows": windows,
            "reviewed": self.optional(data, "reviewed", keypath, self.date)
            or self.optional(pack, "reviewed", (), self.date),
            "owner": self.optional(data, "owner", keypath, self.string)
            or self.optional(pack, "owner", (), self.string),
            "aliases": self.optional(data, "aliases", keypath, lambda x, p: self.aliases(x, p, rule_id), ()),
            "supersedes": self.optional(
                data, "supersedes", keypath, lambda x, p: self.aliases(x, p, rule_id, "superseded rule"), ()
            ),
            "source": self.src.path,
            "line": line,
        }

    def window(self, relation: str, value: Any, keypath: KeyPath) -> Window:
        """``during: ramadan`` (or a list), or ``within|before|after: {days: N, of: period(s)}``:
        periods are computed per year and market (culturelint.calendar; `culturelint calendar`)."""
        from ..calendar import Window, known_periods

        if relation == "during":
            periods, days = self.strings(value, keypath), 0
            where = keypath
        else:
            entry = self.mapping(value, keypath, ("days", "of"), required=("days", "of"))
            days = self.integer(entry["days"], keypath + ("days",), minimum=1)
            periods, where = self.strings(entry["of"], keypath + ("of",)), keypath + ("of",)
        known = known_periods()
        for i, name in enumerate(periods):
            if name not in known:
                from difflib import get_close_matches

                close = get_close_matches(name, list(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else " (culturelint calendar MARKET lists them)"
                raise self.fail(
                    where + ((i,) if len(periods) > 1 or isinstance(value, list) else ()),
                    f"unknown period '{name}'{hint}",
                )
        return Window(relation, periods, days)

    def translations(
        self, value: Any, keypath: KeyPath, kind: type[Rule]
    ) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
        """``translations: {en: {message: ..., messages: {case: ...}}}``: the rule's wording in other
        languages (``check --lang``); labels and suggestions stay as the market writes them."""
        out = []
        for language, entry in self.mapping(value, keypath).items():
            where = keypath + (language,)
            if not (isinstance(language, str) and LANGUAGE.match(language)):
                raise self.fail(where, f"'{language}' is not a bare language code such as 'en'", key=True)
            entry = self.mapping(entry, where, ("message", "messages"), required=("message",))
            cases = self.mapping(entry.get("messages", {}), where + ("messages",), kind.message_cases)
            out.append(
                (
                    language,
                    self.string(entry["message"], where + ("message",)),
                    tuple((k, self.string(v, where + ("messages", k))) for k, v in cases.items()),
                )
            )
        return tuple(out)

    def pack(self, builtin: bool) -> RulePack:
        self.builtin = builtin
        data = self.mapping(
            self.src.data if self.src.data is not None else {},
            (),
            PACK_KEYS,
            required=("pack", "markets", "language", "rules"),
        )
        pack_id = self.string(data["pack"], ("pack",))
        markets = data["markets"] if isinstance(data["markets"], list) else [data["markets"]]
        data["markets"] = tuple(self.market(m, ("markets", i)) for i, m in enumerate(markets))
        if not data["markets"]:
            raise self.fail(("markets",), "needs at least one market")
        language = self.string(data["language"], ("language",))
        if not LANGUAGE.match(language):
            raise self.fail(("language",), f"'{language}' is not a bare language code such as 'en'")
        if "category" in data:
            self.choice(data["category"], ("category",), CATEGORIES)
        refs = self.optional(data, "references", (), self.strings, ())
        if not isinstance(data["rules"], list) or not data["rules"]:
            raise self.fail(("rules",), f"expected a non-empty list of rules, got {typename(data['rules'])}")
        rules = [self.rule(r, ("rules", i), data, refs) for i, r in enumerate(data["rules"])]
        seen: dict[str, int] = {}
        for i, rule in enumerate(rules):
            if rule.id in seen:
                raise self.fail(("rules", i, "id"), f"duplicate rule id '{rule.id}' (first at rules[{seen[rule.id]}])")
            seen[rule.id] = i
        return RulePack(
            pack_id,
            data["markets"],
            language,
            self.src.path,
            tuple(rules),
            refs,
            str(data.get("description", "")),
            builtin,
        )
