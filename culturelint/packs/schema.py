"""Strict validation of pack YAML into typed rules: unknown keys and wrong types fail with a place."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from ..errors import did_you_mean
from ..model import CATEGORIES, SEVERITY_NAMES, Severity
from .located import KeyPath, Located
from .rule import (Consistency, Context, Example, LanguageCheck, LocaleFormat, MatchSpec, Placement,
                   Rule, RulePack, When)

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")
MARKET_TAG = re.compile(r"^(\*|[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z0-9]{2,8})*|@[a-z0-9-]+|global)$")

PACK_KEYS = {"pack", "markets", "language", "category", "references", "rules", "description",
             "owner", "reviewed"}
RULE_KEYS = {"id", "severity", "category", "message", "rationale", "references", "suggest",
             "match", "near", "unless", "examples", "active", "reviewed", "owner", "require",
             "when", "placement", "reject", "messages", "consistency", "language", "fix",
             "locale_format", "aliases"}
MATCH_KEYS = {"terms", "lemmas", "patterns", "regex", "emoji", "case_sensitive", "subword"}
CONTEXT_KEYS = MATCH_KEYS | {"within"}
MESSAGE_CASES = {"missing", "misplaced", "rejected", "unlabelled", "mixed", "language", "mixed-language", "script", "voice"}


class Validator:
    """Walks one pack's located data, raising a PackError at the first problem."""

    def __init__(self, located: Located) -> None:
        self.src = located

    # -- primitives --------------------------------------------------------------------------
    def fail(self, keypath: KeyPath, message: str, *, key: bool = False) -> Exception:
        return self.src.error(keypath, message, key=key)

    def mapping(self, value: Any, keypath: KeyPath, allowed: set[str],
                required: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(keypath, f"expected a mapping, got {_typename(value)}")
        for k in value:
            if k not in allowed:
                raise self.fail(keypath + (k,), f"unknown key '{k}'{did_you_mean(str(k), allowed)}",
                                key=True)
        for k in required:
            if k not in value:
                raise self.fail(keypath, f"missing required key '{k}'")
        return value

    def string(self, value: Any, keypath: KeyPath, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(keypath, f"expected a non-empty string, got {_typename(value)}")
        return value

    def strings(self, value: Any, keypath: KeyPath, *, single: bool = True) -> tuple[str, ...]:
        if single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(keypath, f"expected a list of strings, got {_typename(value)}")
        out = tuple(self.string(v, keypath + (i,)) for i, v in enumerate(value))
        seen: set[str] = set()
        for i, item in enumerate(out):
            if item in seen:
                raise self.fail(keypath + (i,), f"duplicate entry '{item}'")
            seen.add(item)
        return out

    def boolean(self, value: Any, keypath: KeyPath) -> bool:
        if not isinstance(value, bool):
            raise self.fail(keypath, f"expected true or false, got {_typename(value)}")
        return value

    def integer(self, value: Any, keypath: KeyPath, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(keypath, f"expected an integer >= {minimum}, got {value!r}")
        return value

    def date(self, value: Any, keypath: KeyPath) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(keypath, f"expected a date YYYY-MM-DD, got {value!r}")

    def choice(self, value: Any, keypath: KeyPath, choices: tuple[str, ...] | set[str]) -> str:
        if value not in choices:
            raise self.fail(keypath, f"unknown value {value!r}{did_you_mean(str(value), choices)}"
                            f" (one of: {', '.join(sorted(choices))})")
        return str(value)

    # -- structures --------------------------------------------------------------------------
    def match_spec(self, value: Any, keypath: KeyPath, allowed: set[str] = MATCH_KEYS) -> MatchSpec:
        data = self.mapping(value, keypath, allowed)
        patterns: list[tuple[dict[str, Any], ...]] = []
        raw_patterns = data.get("patterns", [])
        if not isinstance(raw_patterns, list):
            raise self.fail(keypath + ("patterns",), "expected a list of token patterns")
        for i, pattern in enumerate(raw_patterns):
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
                raise self.fail(keypath + ("patterns", i),
                                "a token pattern is a non-empty list of token mappings")
            patterns.append(tuple(pattern))
        regex = self.strings(data["regex"], keypath + ("regex",)) if "regex" in data else ()
        for i, expression in enumerate(regex):
            try:
                re.compile(expression)
            except re.error as exc:
                raise self.fail(keypath + ("regex",) + ((i,) if isinstance(data["regex"], list) else ()),
                                f"invalid regex: {exc}") from None
        spec = MatchSpec(
            terms=self.strings(data["terms"], keypath + ("terms",)) if "terms" in data else (),
            lemmas=self.strings(data["lemmas"], keypath + ("lemmas",)) if "lemmas" in data else (),
            patterns=tuple(patterns),
            regex=regex,
            emoji=self.strings(data["emoji"], keypath + ("emoji",)) if "emoji" in data else (),
            case_sensitive=self.boolean(data["case_sensitive"], keypath + ("case_sensitive",))
            if "case_sensitive" in data else False,
            subword=self.boolean(data["subword"], keypath + ("subword",)) if "subword" in data else False,
        )
        if spec.is_empty():
            raise self.fail(keypath, "needs at least one of terms, lemmas, patterns, regex, emoji")
        return spec

    def context(self, value: Any, keypath: KeyPath) -> Context:
        data = self.mapping(value, keypath, CONTEXT_KEYS)
        within: str | int = data.get("within", "sentence")
        if isinstance(within, int) and not isinstance(within, bool):
            within = self.integer(within, keypath + ("within",), minimum=1)
        else:
            within = self.choice(within, keypath + ("within",), {"match", "sentence", "segment", "document"})
        spec = self.match_spec({k: v for k, v in data.items() if k != "within"}, keypath,
                               MATCH_KEYS)
        return Context(spec, within)

    def example(self, value: Any, keypath: KeyPath) -> Example:
        if isinstance(value, str):
            return Example(self.string(value, keypath))
        data = self.mapping(value, keypath, {"text", "market", "sponsored", "date", "channel"},
                            required=("text",))
        return Example(
            text=self.string(data["text"], keypath + ("text",)),
            market=self.market(data["market"], keypath + ("market",)) if "market" in data else None,
            sponsored=self.boolean(data["sponsored"], keypath + ("sponsored",))
            if "sponsored" in data else None,
            date=self.date(data["date"], keypath + ("date",)) if "date" in data else None,
            channel=self.string(data["channel"], keypath + ("channel",)) if "channel" in data else None,
        )

    def examples(self, value: Any, keypath: KeyPath) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        data = self.mapping(value, keypath, {"bad", "good"}, required=("bad", "good"))
        out = []
        for side in ("bad", "good"):
            items = data[side]
            if isinstance(items, (str, dict)):
                items = [items]
            if not isinstance(items, list) or not items:
                raise self.fail(keypath + (side,), f"'{side}' needs at least one example")
            out.append(tuple(self.example(v, keypath + (side, i)) for i, v in enumerate(items)))
        return out[0], out[1]

    def market(self, value: Any, keypath: KeyPath) -> str:
        tag = self.string(value, keypath)
        if not MARKET_TAG.match(tag):
            raise self.fail(keypath, f"'{tag}' is not a market tag (ja-JP, a bare language 'ja', "
                                     "'global', '@group' or '*')")
        return tag

    def when(self, value: Any, keypath: KeyPath) -> When:
        data = self.mapping(value, keypath, {"sponsored", "signals", "channels"})
        sponsored: bool | None = True
        if data.get("sponsored") == "any":
            sponsored = None
        elif "sponsored" in data:
            sponsored = self.boolean(data["sponsored"], keypath + ("sponsored",))
        return When(
            sponsored=sponsored,
            signals=self.match_spec(data["signals"], keypath + ("signals",)) if "signals" in data else None,
            channels=self.strings(data["channels"], keypath + ("channels",)) if "channels" in data else (),
        )

    def placement(self, value: Any, keypath: KeyPath) -> Placement:
        data = self.mapping(value, keypath, {"first_chars", "first_line", "before_hashtags",
                                             "within_hashtags", "hashtag_row_edge", "any_of"})
        flag = lambda k: self.boolean(data.get(k, False), keypath + (k,))  # noqa: E731
        number = lambda k: self.integer(data[k], keypath + (k,), minimum=1) if k in data else None  # noqa: E731
        return Placement(first_chars=number("first_chars"), first_line=flag("first_line"),
                         before_hashtags=flag("before_hashtags"),
                         within_hashtags=number("within_hashtags"),
                         hashtag_row_edge=flag("hashtag_row_edge"), any_of=flag("any_of"))

    def consistency(self, value: Any, keypath: KeyPath) -> Consistency:
        data = self.mapping(value, keypath, {"groups", "within"}, required=("groups",))
        groups = self.mapping(data["groups"], keypath + ("groups",), set(data["groups"])
                              if isinstance(data["groups"], dict) else set())
        if len(groups) < 2:
            raise self.fail(keypath + ("groups",), "needs at least two groups to compare")
        within = self.choice(data.get("within", "document"), keypath + ("within",),
                             {"segment", "document"})
        return Consistency(tuple((str(name), self.match_spec(spec, keypath + ("groups", name)))
                                 for name, spec in groups.items()), within)

    def language_check(self, value: Any, keypath: KeyPath) -> LanguageCheck:
        data = self.mapping(value, keypath, {"check", "min_chars", "min_probability", "script",
                                             "min_count"})
        check = self.choice(data.get("check", "market"), keypath + ("check",),
                            ("market", "mixed", "script"))
        probability = data.get("min_probability", 0.9)
        if not isinstance(probability, (int, float)) or not 0 < probability <= 1:
            raise self.fail(keypath + ("min_probability",), "expected a number in (0, 1]")
        script = self.choice(data["script"], keypath + ("script",), ("simplified", "traditional")) \
            if "script" in data else None
        if check == "script" and script is None:
            raise self.fail(keypath, "a script check needs 'script: simplified' or 'script: traditional'")
        return LanguageCheck(check, self.integer(data.get("min_chars", 40), keypath + ("min_chars",), 1),
                             float(probability), script,
                             self.integer(data.get("min_count", 1), keypath + ("min_count",), 1))

    def fix(self, value: Any, keypath: KeyPath) -> tuple[tuple[str, str], ...] | bool:
        """``true`` (apply the single suggestion) or a mapping matched text -> replacement."""
        if isinstance(value, bool):
            return value
        data = self.mapping(value, keypath, set(value) if isinstance(value, dict) else set())
        return tuple((str(k).lower(), self.string(v, keypath + (k,))) for k, v in data.items())

    def locale_format(self, value: Any, keypath: KeyPath) -> LocaleFormat:
        data = self.mapping(value, keypath, {"check"}, required=("check",))
        return LocaleFormat(self.choice(data["check"], keypath + ("check",),
                                        ("currency", "number", "date", "units")))

    def aliases(self, data: dict[str, Any], keypath: KeyPath, rule_id: str) -> tuple[str, ...]:
        """Former ids of a renamed rule: they keep selecting, suppressing and baselining it."""
        if "aliases" not in data:
            return ()
        out = self.strings(data["aliases"], keypath + ("aliases",))
        for i, alias in enumerate(out):
            if not RULE_ID.match(alias) or alias == rule_id:
                raise self.fail(keypath + ("aliases", i), f"alias '{alias}' must be a former rule id "
                                                          "(lowercase, dotted) other than the rule's own")
        return out

    def rule(self, value: Any, keypath: KeyPath, pack: dict[str, Any],
             pack_refs: tuple[str, ...]) -> Rule:
        data = self.mapping(value, keypath, RULE_KEYS,
                            required=("id", "severity", "message", "rationale", "examples"))
        rule_id = self.string(data["id"], keypath + ("id",))
        if not RULE_ID.match(rule_id):
            raise self.fail(keypath + ("id",), f"rule id '{rule_id}' must be lowercase and dotted, "
                                               "e.g. 'ja-jp.number.four'")
        kinds = [k for k in ("match", "require", "consistency", "language", "locale_format") if k in data]
        if len(kinds) != 1:
            raise self.fail(keypath, "a rule needs exactly one of 'match', 'require', 'consistency', "
                                     f"'language', 'locale_format' (found: {', '.join(kinds) or 'none'})")
        category = data.get("category", pack.get("category"))
        if category is None:
            raise self.fail(keypath, "missing 'category' (on the rule or the pack)")
        category = self.choice(category, keypath + ("category",), CATEGORIES)
        references = self.strings(data["references"], keypath + ("references",)) \
            if "references" in data else ()
        if not references and not pack_refs:
            raise self.fail(keypath, "needs at least one source in 'references' (rule or pack)")
        bad, good = self.examples(data["examples"], keypath + ("examples",))
        active = self.mapping(data.get("active", {}), keypath + ("active",), {"from", "until"})
        active_from = self.date(active["from"], keypath + ("active", "from")) if "from" in active else None
        active_until = self.date(active["until"], keypath + ("active", "until")) if "until" in active else None
        if active_from and active_until and active_until < active_from:
            raise self.fail(keypath + ("active",), "'until' is before 'from'")
        messages = self.mapping(data.get("messages", {}), keypath + ("messages",), MESSAGE_CASES)
        fix = self.fix(data["fix"], keypath + ("fix",)) if "fix" in data else False
        if fix is True and len(data.get("suggest", [])) != 1:
            raise self.fail(keypath + ("fix",), "'fix: true' needs exactly one 'suggest' entry to apply")
        opt: Callable[[str, Callable[[Any, KeyPath], Any]], Any] = \
            lambda k, f: f(data[k], keypath + (k,)) if k in data else None
        line, _ = self.src.where(keypath)
        return Rule(
            id=rule_id,
            pack=str(pack["pack"]),
            category=category,
            severity=Severity.parse(self.choice(data["severity"], keypath + ("severity",),
                                                SEVERITY_NAMES)),
            message=self.string(data["message"], keypath + ("message",)),
            rationale=self.string(data["rationale"], keypath + ("rationale",)),
            references=references or pack_refs,
            markets=tuple(pack["markets"]),
            language=str(pack["language"]),
            bad=bad,
            good=good,
            match=opt("match", self.match_spec),
            near=opt("near", self.context),
            unless=opt("unless", self.context),
            suggest=opt("suggest", self.strings) or (),
            fix=fix,
            require=opt("require", self.match_spec),
            when=opt("when", self.when),
            placement=opt("placement", self.placement),
            reject=opt("reject", self.match_spec),
            messages=tuple((k, self.string(v, keypath + ("messages", k))) for k, v in messages.items()),
            consistency=opt("consistency", self.consistency),
            detect_language=opt("language", self.language_check),
            locale_format=opt("locale_format", self.locale_format),
            active_from=active_from,
            active_until=active_until,
            reviewed=opt("reviewed", self.date) or (self.date(pack["reviewed"], ("reviewed",))
                                                     if "reviewed" in pack else None),
            aliases=self.aliases(data, keypath, rule_id),
            owner=opt("owner", self.string) or (self.string(pack["owner"], ("owner",))
                                                if "owner" in pack else None),
            source=self.src.path,
            line=line,
        )

    def pack(self, builtin: bool) -> RulePack:
        data = self.mapping(self.src.data if self.src.data is not None else {}, (), PACK_KEYS,
                            required=("pack", "markets", "language", "rules"))
        pack_id = self.string(data["pack"], ("pack",))
        markets = data["markets"] if isinstance(data["markets"], list) else [data["markets"]]
        data["markets"] = tuple(self.market(m, ("markets", i)) for i, m in enumerate(markets))
        if not data["markets"]:
            raise self.fail(("markets",), "needs at least one market")
        language = self.string(data["language"], ("language",))
        if not re.match(r"^[a-z]{2,3}$", language):
            raise self.fail(("language",), f"'{language}' is not a bare language code such as 'en'")
        if "category" in data:
            self.choice(data["category"], ("category",), CATEGORIES)
        refs = self.strings(data["references"], ("references",)) if "references" in data else ()
        if not isinstance(data["rules"], list) or not data["rules"]:
            raise self.fail(("rules",), "expected a non-empty list of rules")
        rules = [self.rule(r, ("rules", i), data, refs) for i, r in enumerate(data["rules"])]
        seen: dict[str, int] = {}
        for i, rule in enumerate(rules):
            if rule.id in seen:
                raise self.fail(("rules", i, "id"), f"duplicate rule id '{rule.id}' "
                                                    f"(first at rules[{seen[rule.id]}])")
            seen[rule.id] = i
        return RulePack(pack_id, data["markets"], language, self.src.path, tuple(rules), refs,
                        str(data.get("description", "")), builtin)


def _typename(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)
