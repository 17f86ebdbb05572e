"""Load stage: YAML files to plain Python data, and the way back to ``file:line:col``.

Cards are parsed with libyaml (``yaml.CSafeLoader``), about 14 times faster than the pure-Python
parser. Node marks are not kept for the happy path; when a file fails validation it is composed
once more (still with libyaml) and the failing value is located through the node tree.

Two YAML 1.1 habits are switched off because they lose information before validation can see it:
floats become :class:`decimal.Decimal` exactly as written (prices must never pass through binary
floating point), and timestamps stay strings so that ``2025-02-31`` is reported as a located
validation error instead of crashing the constructor.

Cards come from anyone who can open a pull request, so reading one is bounded (see "limits"):
a file's size is checked before it is decoded, and its nesting depth, its number of values and
its amount of text (aliases counted each time they are used, so an alias bomb counts in full)
while it is built. Numbers YAML 1.1 reads otherwise than they look (``0777`` is 511, ``1:30`` is
90), numbers that YAML 1.1 and YAML 1.2 (editors) read differently (``1_000``, ``0b101``, ``1e3``),
numbers too large for exact money arithmetic and strings holding characters that are not text
(control characters written as escapes, ``"\\x1b"``) are refused. Every one of these is a
located error, like any other.

Longer than most modules (about 700 lines) on purpose: the limits, the number rules and the
located errors are one YAML constructor, which must see every node once; split, its fast path
and its checked path could drift apart.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import CatalogError, display_path, printable
from catalog.read import gate

_SPECIAL_FLOATS = {
    ".inf": "Infinity",
    "+.inf": "Infinity",
    "-.inf": "-Infinity",
    ".nan": "NaN",
}

# --------------------------------------------------------------------------- limits
#
# Far above any real file (the largest starter card is 1.2 KB: 67 values, 4 levels deep; the
# largest of the 5,097 cards imported from models.dev is 1.3 KB), far below what would hurt.

MAX_BYTES = 256 * 1024  # a file's size, checked before it is decoded or parsed
MAX_DEPTH = 32  # levels of nested mappings and lists (Python's recursion limit is about 1,000)
MAX_NODES = 50_000  # values, keys included; an alias counts each time it is used
MAX_TEXT = 1024 * 1024  # characters of all values and keys; an alias counts each time it is used
_UNBOUNDED = 1 << 62
# Every number is smaller in size: a cost is a price times a token count over 1M, rounded to six
# places, and (10**12 * 10**12 / 10**6) with six places fits Decimal's 28 digits with room to spare.
MAX_NUMBER = 10**12
NUMBER_EXPECTED = "a number between -999,999,999,999 and 999,999,999,999"


class InputError(yaml.YAMLError):
    """A value the catalog refuses to read: over a limit, or read by YAML 1.1 otherwise than it
    looks. ``loc`` (the keys and indexes down to it) is filled in on the way up."""

    def __init__(self, mark: Any, message: str, expected: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.expected = expected
        self.loc: list[Any] = []


class DuplicateKeyError(Exception):
    """A mapping names the same key twice; YAML would silently keep the last one."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(key)
        self.key = key
        self.first = first
        self.second = second


class _Loader(yaml.CSafeLoader):
    """libyaml parser with constructors that keep decimals exact and reject duplicate keys."""


def _shown(written: str) -> str:
    """A scalar as a message quotes it: in full unless it is very long."""
    return written if len(written) <= 24 else f"{written[:20]}… ({len(written):,} characters)"


def _too_large(node: yaml.Node, written: str) -> InputError:
    return InputError(node.start_mark, f"{_shown(written)} is too large", NUMBER_EXPECTED)


def _construct_decimal(loader: yaml.BaseConstructor, node: yaml.ScalarNode) -> Decimal:
    written = str(loader.construct_scalar(node))
    text = written.replace("_", "").lower()
    text = _SPECIAL_FLOATS.get(text, text)
    if ":" in text:  # 1:30.5, YAML 1.1's base 60
        try:
            value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)  # type: ignore[arg-type]
        except ValueError:
            value = None
        if value is not None:
            raise InputError(
                node.start_mark, f"{written} is the base-60 number {value} to YAML 1.1",
                "a decimal number, or quotes for text",
            )  # fmt: skip
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("sNaN")  # only an explicit !!float tag gets here
    if number.is_snan():
        raise InputError(
            node.start_mark,
            f"{_shown(written)!r} is not a number",
            "a number, as its !!float tag says",
        )
    if number and number.is_finite() and number.adjusted() >= 12:
        raise _too_large(node, written)
    if "_" in written:  # 1_000.5: YAML 1.2 has no digit separators
        raise _text_to_yaml_1_2(node, written, "number", number, _SEPARATOR_EXPECTED)
    return number


def _construct_int(loader: yaml.BaseConstructor, node: yaml.ScalarNode) -> int:
    written = str(loader.construct_scalar(node))
    digits = written.replace("_", "").lstrip("+-")
    if len(digits) > 40:  # before int(): Python refuses to read over 4,300 decimal digits
        raise _too_large(node, written)
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)  # type: ignore[arg-type]
    except (ValueError, IndexError):  # only an explicit !!int tag gets here
        raise InputError(
            node.start_mark,
            f"{_shown(written)!r} is not an integer",
            "an integer, as its !!int tag says",
        ) from None
    if len(digits) > 1 and digits[0] == "0" and digits[1] not in "bx":
        raise InputError(
            node.start_mark, f"{written} is the octal number {value} to YAML 1.1",
            "a decimal number without leading zeros, or quotes for text",
        )  # fmt: skip
    if ":" in digits:
        raise InputError(
            node.start_mark, f"{written} is the base-60 number {value} to YAML 1.1",
            "a decimal number, or quotes for text",
        )  # fmt: skip
    # YAML 1.2 (editors) has neither binary numbers, nor a sign before 0x, nor digit separators:
    # to it these are text, so a card would mean one thing to catalog and another in the editor.
    if digits.startswith("0b"):
        raise _text_to_yaml_1_2(node, written, "binary number", value, _DECIMAL_EXPECTED)
    if digits.startswith("0x") and written[0] in "+-":
        raise _text_to_yaml_1_2(node, written, "hexadecimal number", value, _DECIMAL_EXPECTED)
    if "_" in written:
        raise _text_to_yaml_1_2(node, written, "number", value, _SEPARATOR_EXPECTED)
    if abs(value) >= MAX_NUMBER:
        raise _too_large(node, written)
    return value


_DECIMAL_EXPECTED = "a decimal number, or quotes for text"
_SEPARATOR_EXPECTED = "a number without '_' separators, like 1000 or 0.0015, or quotes for text"


def _text_to_yaml_1_2(
    node: yaml.Node, written: str, what: str, value: object, expected: str
) -> InputError:
    shown = f"{value:f}" if isinstance(value, Decimal) else str(value)
    message = f"{_shown(written)} is the {what} {shown} to YAML 1.1 but text to YAML 1.2"
    return InputError(node.start_mark, message, expected)


def _construct_bool(loader: yaml.BaseConstructor, node: yaml.ScalarNode) -> bool:
    written = str(loader.construct_scalar(node))
    value = yaml.constructor.SafeConstructor.bool_values.get(written.lower())
    if value is None:  # only an explicit !!bool tag gets here
        raise InputError(
            node.start_mark,
            f"{_shown(written)!r} is not a boolean",
            "true or false, as its !!bool tag says",
        )
    return value


# Plain scalars that YAML 1.2 (editors, most other tools) reads as numbers and YAML 1.1 as text:
# an exponent without a dot or without a sign (1e3, 1.5e10), a sign before a leading dot (-.5),
# a leading zero before an 8 or a 9 (09), an octal written 0o17. The pattern is YAML 1.2's own
# (core schema) for numbers; it is tried after YAML 1.1's resolvers, so whatever matches it here
# is a number that YAML 1.1 left as text.
_MISREAD = "tag:catalog,2025:misread-number"
_MISREAD_RE = re.compile(
    r"^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+)\Z"
)


def _construct_misread(loader: yaml.BaseConstructor, node: yaml.ScalarNode) -> Any:
    written = _shown(str(node.value))
    raise InputError(
        node.start_mark, f"{written} is text to YAML 1.1, not the number it looks like",
        "a number written like 1000 or 0.0015, or with a dot and a signed exponent like 1.5e+3; "
        "quotes for text",
    )  # fmt: skip


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
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor(_MISREAD, _construct_misread)
# Tried after YAML 1.1's own resolvers, so only what they leave as text gets here.
_Loader.add_implicit_resolver(_MISREAD, _MISREAD_RE, list("-+.0123456789"))

# --------------------------------------------------------------------------- the fast path
#
# PyYAML's generic constructor (generators for deep construction, merge-key flattening, a state
# machine per node) was two thirds of the time of checking a 10,000-card catalog. Cards use a
# small, plain subset of YAML, so they are built here by one tight recursive function over the
# node tree that libyaml composed, with the same meaning as _Loader for every tag it handles.
# Anything outside that subset (merge keys, explicit or unknown tags, complex keys) takes the
# full _Loader path, which gives the same data or the same located error as before. _build
# bounds the depth as it goes; _measure counts a document against the other limits, with its
# aliases expanded, before the full loader builds it, and after _build when the document has
# aliases or is long (the only ways to exceed them).

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
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


_FastLoader.add_implicit_resolver(_MISREAD, _MISREAD_RE, list("-+.0123456789"))


class _Unusual(Exception):
    """The document leaves the plain subset the fast path builds; use the full loader."""


class _Budget:
    """What a document has used of the limits so far. Depth is always bounded (deeper documents
    would exhaust Python's recursion); the values and text of a document with its aliases
    expanded only when ``bounded``."""

    __slots__ = ("deepest", "max_nodes", "max_text", "nodes", "scalars", "sizes", "text")

    def __init__(self, bounded: bool) -> None:
        self.max_nodes = MAX_NODES if bounded else _UNBOUNDED
        self.max_text = MAX_TEXT if bounded else _UNBOUNDED
        self.nodes = 0
        self.text = 0
        self.deepest = 0  # the deepest level reached in the collection being built
        # id of each collection counted: (its nodes, its text, levels below it); None while it
        # is being counted, so that an alias to it from inside is seen as recursive
        self.sizes: dict[int, tuple[int, int, int] | None] = {}
        self.scalars: set[int] = set()  # id of each scalar counted: seen again, it is an alias

    def check(self, mark: Any) -> None:
        if self.nodes > self.max_nodes:
            raise InputError(
                mark,
                f"more than {MAX_NODES:,} values and keys (an alias counts each time it is used)",
                f"at most {MAX_NODES:,} values and keys in a file",
            )
        if self.text > self.max_text:
            raise InputError(
                mark,
                f"more than {MAX_TEXT:,} characters of values and keys (an alias counts each "
                "time it is used)",
                f"at most {MAX_TEXT:,} characters of values and keys in a file",
            )

    def enter(self, node: yaml.Node, depth: int) -> tuple[int, int, int]:
        """Start counting a collection at ``depth``; return what :meth:`leave` needs."""
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        start = (self.nodes, self.text, self.deepest)
        self.nodes += 1
        self.deepest = depth
        self.sizes[id(node)] = None
        return start

    def leave(self, node: yaml.Node, depth: int, start: tuple[int, int, int]) -> None:
        self.sizes[id(node)] = (self.nodes - start[0], self.text - start[1], self.deepest - depth)
        self.deepest = max(self.deepest, start[2])
        self.check(node.start_mark)

    def reuse(self, node: yaml.Node, depth: int, at: Any) -> None:
        """An alias to a collection counted before: count it again, in full, at ``depth``.
        ``at`` is the mark to report, near the alias (a node knows only where its anchor is)."""
        size = self.sizes[id(node)]
        if size is None:
            raise InputError(
                at, "an alias refers to the mapping or list that contains it",
                "no recursive aliases",
            )  # fmt: skip
        self.nodes += size[0]
        self.text += size[1]
        if depth + size[2] > MAX_DEPTH:
            raise _too_deep(at, through_alias=True)
        self.deepest = max(self.deepest, depth + size[2])
        self.check(at)


def _too_deep(mark: Any, through_alias: bool = False) -> InputError:
    how = " through an alias" if through_alias else ""
    return InputError(
        mark, f"nested more than {MAX_DEPTH} levels deep{how}",
        f"at most {MAX_DEPTH} levels of nested mappings and lists",
    )  # fmt: skip


# --------------------------------------------------------------------------- characters in text
#
# libyaml refuses a control character written as it is, but not one written as an escape
# ("\x1b", "\u0000", "\e", "\N"): that reaches the pages, the JSON and feed.xml (which is then
# not well-formed XML), and a terminal that prints an error. Every string of every file passes
# here, keys included; only tab and line feed are kept, for multi-line Markdown. Also refused:
# U+2028 and U+2029 (line breaks to some readers and not to others), the bidirectional
# embeddings, overrides and isolates (they reorder the text shown around them, so a name could
# display as another one) and the noncharacters (not text for interchange; XML forbids U+FFFE and
# U+FFFF). Lone surrogates cannot get here: libyaml refuses "\ud800" itself.

NOT_TEXT = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
    + "]"
)
_CONTROL_EXPECTED = "printable text: no control characters other than tab and line breaks"


def _what_character(code: int) -> tuple[str, str]:
    """What a refused character is, and what to write instead."""
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "a control character", _CONTROL_EXPECTED
    if code in (0x2028, 0x2029):
        kind = "a line separator" if code == 0x2028 else "a paragraph separator"
        return kind, "a line break written as a new line, not as U+2028 or U+2029"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            "a bidirectional embedding, override or isolate",
            "text without U+202A–U+202E and U+2066–U+2069, which reorder the text around them",
        )
    return "a noncharacter", "text without Unicode noncharacters such as U+FFFE and U+FFFF"


class BadCharacter(InputError):
    """A string (a value or a key) holds a character that is not text (see NOT_TEXT)."""

    def __init__(self, mark: Any, index: int, code: int) -> None:
        self.index, self.code = index, code
        kind, expected = _what_character(code)
        self.kind = kind
        super().__init__(mark, self._message("value"), expected)

    def _message(self, part: str) -> str:
        return f"character {self.index + 1:,} of the {part} is U+{self.code:04X}, {self.kind}"

    def in_key(self, key: str) -> BadCharacter:
        """The same error about the key ``key`` itself, which is then where it is."""
        self.message = self._message("key")
        self.loc.insert(0, key)
        return self


def _text(node: yaml.ScalarNode, value: str) -> str:
    # Called for what str.isprintable() refuses: line feeds, tabs and non-breaking spaces too.
    bad = NOT_TEXT.search(value)
    if bad is not None:
        raise BadCharacter(node.start_mark, bad.start(), ord(bad.group()))
    return value


def _key(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return _scalar(loader, node)
    except BadCharacter as exc:
        raise exc.in_key(node.value) from None


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value if value.isprintable() else _text(node, value)
    if tag == "tag:yaml.org,2002:int":
        if value.isdigit() and value.isascii() and len(value) < 13 and value[0] != "0":
            return int(value)
        return _construct_int(loader, node)  # 0, signs, '_', 0x, octal, base 60, too large
    if tag == "tag:yaml.org,2002:float":
        return _construct_decimal(loader, node)
    if tag == "tag:yaml.org,2002:bool":
        return _construct_bool(loader, node)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:timestamp":  # text to us; an explicit !!timestamp may be any
        return value if value.isprintable() else _text(node, value)
    if tag == _MISREAD:
        return _construct_misread(loader, node)
    raise _Unusual(tag)


def _build(loader: _Loader, node: yaml.Node, built: dict[int, Any], depth: int) -> Any:
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _scalar(loader, node)
    # Aliases share one node object: build it once, as PyYAML does, so an alias bomb stays small
    # in memory (_measure then counts it as validation would see it: in full).
    done = built.get(id(node))
    if done is not None:
        return done
    if depth > MAX_DEPTH:
        raise _too_deep(node.start_mark)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        result: Any = []
        built[id(node)] = result
        append = result.append
        try:
            for item in node.value:
                append(_build(loader, item, built, depth + 1))
        except InputError as exc:
            exc.loc.insert(0, len(result))  # the index of the item that failed
            raise
        return result
    if kind is yaml.MappingNode and node.tag == _MAP:
        result = {}
        built[id(node)] = result
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag == _MERGE:
                raise _Unusual("complex key or merge key")
            key = _key(loader, key_node)
            if key in first:
                raise DuplicateKeyError(key, first[key].start_mark, key_node.start_mark)
            first[key] = key_node
            try:
                result[key] = _build(loader, value_node, built, depth + 1)
            except InputError as exc:
                exc.loc.insert(0, key)
                raise
        return result
    raise _Unusual(node.tag)


def _measure(loader: _Loader, node: yaml.Node, budget: _Budget, depth: int, at: Any) -> None:
    """Count a document against the limits with its aliases expanded (a shared node is counted
    once and its size reused), and check its numbers. ``at`` is the mark an alias to ``node``
    is reported at: its key, or the start of its list (a node knows where its anchor is, not
    where its aliases are)."""
    if type(node) is yaml.ScalarNode:
        budget.nodes += 1
        budget.text += len(node.value)
        if id(node) in budget.scalars:  # an alias to a scalar
            budget.check(at)
            return
        budget.scalars.add(id(node))
        budget.check(node.start_mark)
        with contextlib.suppress(_Unusual):  # a tag only the full loader constructs, or refuses
            _scalar(loader, node)
        return
    if id(node) in budget.sizes:
        budget.reuse(node, depth, at)
        return
    start = budget.enter(node, depth)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            try:
                _measure(loader, item, budget, depth + 1, node.start_mark)
            except InputError as exc:
                exc.loc.insert(0, index)
                raise
    else:
        for key_node, value_node in node.value:
            try:
                _measure(loader, key_node, budget, depth + 1, key_node.start_mark)
            except BadCharacter as exc:
                if type(key_node) is yaml.ScalarNode:
                    raise exc.in_key(key_node.value) from None
                raise
            try:
                _measure(loader, value_node, budget, depth + 1, key_node.start_mark)
            except InputError as exc:
                exc.loc.insert(0, key_node.value if type(key_node) is yaml.ScalarNode else "?")
                raise
    budget.leave(node, depth, start)


def _load(text: str, bounded: bool) -> Any:
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        values = _Loader.__new__(_Loader)  # only its value tables are used
        try:
            data = _build(values, node, {}, 1)
        except _Unusual:
            _measure(values, node, _Budget(bounded), 1, node.start_mark)
            return yaml.load(text, Loader=_Loader)
        # Without aliases (no '&' and '*') a document holds what its text holds: fewer than
        # two values per character, and its characters. So most cards need no counting.
        if ("&" in text and "*" in text) or (bounded and len(text) > MAX_NODES // 2):
            _measure(values, node, _Budget(bounded), 1, node.start_mark)
        return data
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Document:
    """One YAML file: where it came from, its text and the plain data it holds."""

    path: Path
    display: str  # the path as printed in messages, relative to the working directory
    text: str
    data: Any


def parse(text: str, display: str, *, bounded: bool = False) -> Any:
    """Parse YAML text, turning every YAML problem into a located :class:`CatalogError`.

    Nesting deeper than :data:`MAX_DEPTH`, recursive aliases and numbers YAML 1.1 misreads or
    too large are always refused. An alias is built once and shared, so a document costs what its
    text costs; with ``bounded`` (as :func:`read` parses every file of the catalog) a document
    holding more than :data:`MAX_NODES` values or :data:`MAX_TEXT` characters once its aliases
    are expanded is refused too, since validation and pages would see every copy.
    """
    try:
        return _load(text, bounded)
    except DuplicateKeyError as exc:
        mark = exc.second
        first = exc.first.line + 1
        raise CatalogError(
            display,
            mark.line + 1,
            mark.column + 1,
            printable(str(exc.key)),
            f"duplicate key (first defined on line {first})",
            "each key once per mapping",
        ) from None
    except InputError as exc:
        line, col = exc.mark.line + 1, exc.mark.column + 1
        raise CatalogError(display, line, col, dotted(exc.loc), exc.message, exc.expected) from None
    except yaml.reader.ReaderError as exc:
        # libyaml gives the byte offset of a character YAML does not allow (a control character)
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise CatalogError(
            display,
            line,
            col,
            "",
            f"character U+{code:04X} is not allowed in YAML",
            "printable text: no control characters other than tab and line breaks",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            raise CatalogError(
                display, line, col, "", "YAML syntax error: a tab where YAML expects spaces",
                "spaces for indentation: YAML does not indent with tabs",
            ) from None  # fmt: skip
        raise CatalogError(display, line, col, "", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(display, 1, 1, "", "YAML error: " + " ".join(str(exc).split())) from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def dotted(loc: tuple[Any, ...] | list[Any]) -> str:
    """A location as error messages name it: ``pricing.input``, ``faq[2].answer``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return printable(text)


# How a file's text becomes data: parse() (bounded), or a memo of it (catalog/read/memo.py).
ParseText = Callable[[str, str], Any]


def read(path: Path, parse_text: ParseText | None = None) -> Document:
    """Read and parse one YAML file; a file over :data:`MAX_BYTES` is refused unread, and so is
    what is not a regular file (a link could make the catalog read, and echo in errors, a file
    from anywhere; a pipe would block the read forever). ``parse_text(text, display)`` parses
    in place of :func:`parse`."""
    display = display_path(path)
    try:
        raw = gate.read_bytes(path, MAX_BYTES)
    except gate.NotRegular as exc:
        raise CatalogError(
            display, 1, 1, "", f"is {exc.kind}", "a regular file inside the catalog"
        ) from None
    except OSError as exc:
        raise CatalogError(
            display, 1, 1, "", f"cannot be read: {exc.strerror or exc}", "a readable file"
        ) from None
    if len(raw) > MAX_BYTES:
        size = path.stat().st_size
        shown = f"{size:,} bytes" if size > MAX_BYTES else "larger than that"
        raise CatalogError(
            display, 1, 1, "", f"file is over the size limit of {MAX_BYTES:,} bytes ({shown})",
            f"a file of at most {MAX_BYTES // 1024} KiB",
        )  # fmt: skip
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogError(
            display, line, col, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "UTF-8 text"
        ) from None
    text = text.removeprefix("\ufeff")
    data = parse(text, display, bounded=True) if parse_text is None else parse_text(text, display)
    return Document(path=path, display=display, text=text, data=data)


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
