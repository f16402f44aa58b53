"""What YAML culturelint accepts from a user (packs, config, front matter, copy decks): the core
schema's tags only, and aliases capped in number and in the size they expand to.

PyYAML's safe loader already refuses ``!!python/...`` tags, but only when it builds the value, as
an exception nobody placed; and it expands aliases without limit, so eleven lines of nested
aliases (a "billion laughs") grow to gigabytes. Here the composed node graph is checked before
anything is built: an unknown tag is an error at its line, and the expanded size of the document
is counted once per shared node (memoised), so a bomb is refused in milliseconds.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import UserError

CORE = "tag:yaml.org,2002:"
# the core schema (str, int, float, bool, null, map, seq) plus timestamps, which dates in packs
# and front matter rely on, and merge keys, which the builder names as an error of its own
ALLOWED_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))
MAX_ALIASES = 100  # alias uses (``*name``) in one document
MAX_NODES = 200_000  # nodes once every alias is expanded
MAX_DEPTH = 200  # nesting of lists and mappings


def check_nodes(root: yaml.Node, path: str, error: type[UserError]) -> None:
    """Raise ``error`` at the first node with a tag outside the core schema, or when the document
    uses too many aliases, nests too deep or expands past ``MAX_NODES``."""
    seen: set[int] = set()
    aliases = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if node.tag not in ALLOWED_TAGS:
            _fail(
                node,
                f"YAML tag '{_short(node.tag)}' is not allowed (only plain YAML: strings, numbers, "
                "booleans, dates, lists and mappings)",
                path,
                error,
            )
        if isinstance(node, yaml.ScalarNode):
            continue
        key = id(node)
        if key in seen:  # a collection met twice: an alias (anchored scalars cost nothing)
            aliases += 1
            if aliases > MAX_ALIASES:
                _fail(node, f"more than {MAX_ALIASES} YAML aliases; refused", path, error)
            continue
        seen.add(key)
        if depth > MAX_DEPTH:
            _fail(node, f"YAML nested more than {MAX_DEPTH} levels deep; refused", path, error)
        for child in _children(node):
            stack.append((child, depth + 1))
    if aliases:
        _check_size(root, path, error)


def _check_size(root: yaml.Node, path: str, error: type[UserError]) -> None:
    """The number of nodes once every alias is expanded, counted once per shared node."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(c)] for c in _children(node))
            if size > MAX_NODES:
                _fail(node, f"YAML expands to more than {MAX_NODES:,} values (an alias bomb?); refused", path, error)
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            _fail(node, "recursive YAML alias; refused", path, error)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _short(tag: str) -> str:
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag


def _fail(node: yaml.Node, message: str, path: str, error: type[UserError]) -> None:
    mark = node.start_mark
    raise error(message, path, mark.line + 1, mark.column + 1)
