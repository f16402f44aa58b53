"""Shell completion (click's shell_complete) for market tags and rule ids.

Enable it with ``eval "$(_CULTURELINT_COMPLETE=bash_source culturelint)"`` (zsh_source, fish_source
for the other shells); docs/cli.md has the details. A completion never prints an error: a broken
pack just completes nothing.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from .model import CATEGORIES


def _extra_packs(ctx: click.Context) -> list[Path]:
    """The ``-r/--rules`` packs already typed on the command line (check names them ``rules``,
    the rules commands ``extra``)."""
    given = ctx.params.get("rules") or ctx.params.get("extra") or ()
    return [Path(p) for p in given]


def _matching(incomplete: str, items: list[CompletionItem]) -> list[CompletionItem]:
    prefix = incomplete.replace("_", "-").lower()
    return [item for item in items if str(item.value).lower().startswith(prefix)]


def market_tags(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Every market of the markets table, with its name as help (zsh and fish show it)."""
    try:
        from .packs.loader import MARKETS_FILE, builtin_rules_dir
        from .packs.markets import MarketTable

        table = MarketTable.load(builtin_rules_dir() / MARKETS_FILE)
    except Exception:
        return []
    items = [CompletionItem(tag, help=market.name) for tag, market in sorted(table.markets.items())]
    return _matching(incomplete, items)


def _rules(ctx: click.Context) -> list[CompletionItem]:
    try:
        from .packs.loader import load_packset

        packset = load_packset(_extra_packs(ctx))
    except Exception:
        return []
    return [CompletionItem(rule_id, help=rule.category) for rule_id, rule in sorted(packset.rules.items())]


def rule_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Rule ids (for ``explain`` and ``rules show``)."""
    return _matching(incomplete, _rules(ctx))


def selectors(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """What ``--select``/``--ignore`` take: categories and rule ids."""
    categories = [CompletionItem(c, help="category") for c in CATEGORIES]
    return _matching(incomplete, categories + _rules(ctx))
