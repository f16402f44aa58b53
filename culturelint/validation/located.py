"""YAML loading that remembers where every value came from, for file:line:col errors."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import PackError, UserError
from .safe_yaml import check_nodes

KeyPath = tuple[Any, ...]


@dataclass
class Located:
    """Plain Python data plus the 1-based position of every key and value, by key path."""

    path: str
    data: Any
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, keypath: KeyPath, *, key: bool = False) -> tuple[int, int]:
        table = self.keys if key else self.values
        probe = keypath
        while probe:
            if probe in table:
                return table[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def error(
        self, keypath: KeyPath, message: str, *, key: bool = False, error: type[UserError] = PackError
    ) -> UserError:
        line, col = self.where(keypath, key=key)
        return error(message, self.path, line, col, format_keypath(keypath) or None)


def format_keypath(keypath: KeyPath) -> str:
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# libyaml's parser keeps the same marks and is several times faster than the pure-Python one
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Builder(yaml.SafeLoader):
    """A SafeLoader used only for its scalar constructors (bools, ints, dates)."""


def compose(text: str, path: str, error: type[UserError] = PackError) -> yaml.Node | None:
    """The YAML node tree, with marks (mark.index counts characters); a syntax error names the spot."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except RecursionError:
        raise error("invalid YAML: nested too deep", path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise error(f"invalid YAML: {exc.problem or exc.context}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {' '.join(str(exc).split())}", path) from None
    if node is not None:
        check_nodes(node, path, error)
    return node


def construct(node: yaml.Node) -> Any:
    """A node's plain Python value, as ``yaml.safe_load`` would build it."""
    return _Builder("").construct_object(node, deep=True)


def load_located(text: str, path: str, error: type[UserError] = PackError) -> Located:
    node = compose(text, path, error)
    located = Located(path, None)
    if node is None:
        return located
    builder = _Builder("")
    located.data = _build(node, (), located, builder, error)
    return located


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, keypath: KeyPath, located: Located, builder: _Builder, error: type[UserError]) -> Any:
    located.values[keypath] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise error("YAML merge keys ('<<') are not supported", located.path, *_mark(key_node))
            key = _scalar(key_node, located.path, builder, error)
            if not isinstance(key, (str, int, bool)):
                raise error("mapping keys must be plain scalars", located.path, *_mark(key_node))
            if not isinstance(key, str):
                key = str(key).lower()
            if key in out:
                raise error(f"duplicate key '{key}'", located.path, *_mark(key_node), format_keypath(keypath + (key,)))
            located.keys[keypath + (key,)] = _mark(key_node)
            out[key] = _build(value_node, keypath + (key,), located, builder, error)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, keypath + (i,), located, builder, error) for i, child in enumerate(node.value)]
    return _scalar(node, located.path, builder, error)


def _scalar(node: yaml.Node, path: str, builder: _Builder, error: type[UserError]) -> Any:
    """A scalar's value; one that does not construct (a bad date, ``!!int x``) is an error at its line."""
    try:
        return builder.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise error(f"invalid YAML value: {getattr(exc, 'problem', None) or exc}", path, *_mark(node)) from None


def toml_loads(text: str) -> dict[str, Any]:
    """TOML as plain data (``tomllib`` from Python 3.11, ``tomli`` before). A syntax error raises
    ``ValueError`` (both libraries' ``TOMLDecodeError`` is one), for the caller to place."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    data: dict[str, Any] = tomllib.loads(text)
    return data
