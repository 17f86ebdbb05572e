"""Load stage: YAML files to plain Python data, and the way back to ``file:line:col``.

Cards are parsed with libyaml (``yaml.CSafeLoader``), about 14 times faster than the pure-Python
parser. Node marks are not kept for the happy path; when a file fails validation it is composed
once more (still with libyaml) and the failing value is located through the node tree.

Two YAML 1.1 habits are switched off because they lose information before validation can see it:
floats become :class:`decimal.Decimal` exactly as written (prices must never pass through binary
floating point), and timestamps stay strings so that ``2025-02-31`` is reported as a located
validation error instead of crashing the constructor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import CatalogError

_SPECIAL_FLOATS = {
    ".inf": "Infinity",
    "+.inf": "Infinity",
    "-.inf": "-Infinity",
    ".nan": "NaN",
}


class DuplicateKeyError(Exception):
    """A mapping names the same key twice; YAML would silently keep the last one."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(key)
        self.key = key
        self.first = first
        self.second = second


class _Loader(yaml.CSafeLoader):
    """libyaml parser with constructors that keep decimals exact and reject duplicate keys."""


def _construct_decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    text = _SPECIAL_FLOATS.get(text, text)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the resolver only matches valid floats
        return Decimal("NaN")


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue  # the base constructor reports unhashable keys with their mark
        if key in seen:
            raise DuplicateKeyError(key, seen[key].start_mark, key_node.start_mark)
        seen[key] = key_node
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)

# --------------------------------------------------------------------------- the fast path
#
# PyYAML's generic constructor (generators for deep construction, merge-key flattening, a state
# machine per node) was two thirds of the time of checking a 10,000-card catalog. Cards use a
# small, plain subset of YAML, so they are built here by one tight recursive function over the
# node tree that libyaml composed, with the same meaning as _Loader for every tag it handles.
# Anything outside that subset (merge keys, explicit or unknown tags, complex keys) takes the
# full _Loader path, which gives the same data or the same located error as before.

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_FIRST_CHARS_WITH_RESOLVERS = frozenset(
    ch for ch in yaml.CSafeLoader.yaml_implicit_resolvers if ch is not None
)


class _FastLoader(yaml.CSafeLoader):
    """libyaml composition with a resolver that answers the common cases without a regex."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # A quoted or block scalar is a string; so is a plain one whose first character no
        # implicit resolver (bool, int, float, null, timestamp, merge) starts with.
        if kind is yaml.ScalarNode and (
            not implicit[0] or (value and value[0] not in _FIRST_CHARS_WITH_RESOLVERS)
        ):
            return _STR
        return super().resolve(kind, value, implicit)


class _Unusual(Exception):
    """The document leaves the plain subset the fast path builds; use the full loader."""


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:int":
        if value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)
        return loader.construct_yaml_int(node)  # signs, '_', 0x, 0o, octal, base 60
    if tag == "tag:yaml.org,2002:float":
        return _construct_decimal(loader, node)
    if tag == "tag:yaml.org,2002:bool":
        return loader.bool_values[value.lower()]
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:timestamp":
        return value
    raise _Unusual(tag)


def _build(loader: _Loader, node: yaml.Node, built: dict[int, Any]) -> Any:
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _scalar(loader, node)
    # Aliases share one node object: build it once, as PyYAML does, so an alias bomb stays small.
    done = built.get(id(node))
    if done is not None:
        return done
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        result: Any = []
        built[id(node)] = result
        result.extend(_build(loader, item, built) for item in node.value)
        return result
    if kind is yaml.MappingNode and node.tag == _MAP:
        result = {}
        built[id(node)] = result
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Unusual("complex key or merge key")
            key = _scalar(loader, key_node)
            if key in first:
                raise DuplicateKeyError(key, first[key].start_mark, key_node.start_mark)
            first[key] = key_node
            result[key] = _build(loader, value_node, built)
        return result
    raise _Unusual(node.tag)


def _load(text: str) -> Any:
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(_Loader.__new__(_Loader), node, {})  # only its value tables are used
    except _Unusual:
        return yaml.load(text, Loader=_Loader)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Document:
    """One YAML file: where it came from, its text and the plain data it holds."""

    path: Path
    display: str  # the path as printed in messages, relative to the working directory
    text: str
    data: Any

    def locate(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``loc``, or of its nearest parent."""
        return locate(self.text, loc)


def display_path(path: Path) -> str:
    """The path as messages print it: relative to the working directory where it lies below it.

    String work only (no resolve()): it runs once per file of the catalog.
    """
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def parse(text: str, display: str) -> Any:
    """Parse YAML text, turning every YAML problem into a located :class:`CatalogError`."""
    try:
        return _load(text)
    except DuplicateKeyError as exc:
        mark = exc.second
        first = exc.first.line + 1
        raise CatalogError(
            display,
            mark.line + 1,
            mark.column + 1,
            str(exc.key),
            f"duplicate key (first defined on line {first})",
            "each key once per mapping",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        raise CatalogError(display, line, col, "", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(display, 1, 1, "", f"YAML error: {exc}") from None


def read(path: Path) -> Document:
    """Read and parse one YAML file."""
    display = display_path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogError(
            display, line, col, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "UTF-8 text"
        ) from None
    text = text.removeprefix("\ufeff")
    return Document(path=path, display=display, text=text, data=parse(text, display))


def _node_for(root: yaml.Node | None, loc: tuple[str | int, ...]) -> tuple[yaml.Node | None, bool]:
    """Walk ``loc`` down the node tree; return the deepest node reached and whether it is exact."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if str(key_node.value) == str(part):
                    node = value_node
                    break
            else:
                return node, False
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return node, False
        else:
            return node, False
    return node, True


def key_node(text: str, loc: tuple[str | int, ...]) -> yaml.Node | None:
    """The node of the *key* at ``loc`` (used to point at an unknown key rather than its value)."""
    root = _compose(text)
    parent, exact = _node_for(root, loc[:-1])
    if not exact or not isinstance(parent, yaml.MappingNode):
        return None
    for k, _ in parent.value:
        if str(k.value) == str(loc[-1]):
            return k
    return None


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def locate(text: str, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value (or, with ``key``, the key) at ``loc``."""
    node = key_node(text, loc) if key else None
    if node is None:
        node, _ = _node_for(_compose(text), loc)
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def is_valid_id(value: str) -> bool:
    """Ids become file names and URLs: lower-case letters, digits, '.', '_' and '-' only."""
    return bool(_ID_RE.match(value)) and ".." not in value
