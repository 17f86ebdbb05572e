"""The YAML text of cards and of the other files of a models folder, written as people write them.

The one writer of YAML values in the catalog: the importers' cards, provider files and
registries (:mod:`catalog.importers`) and the cards ``catalog new`` starts
(:mod:`catalog.authoring.scaffold`) all write through it, so each rule is stated once:

- a string is written plain only where YAML's plain style allows it and the catalog's own loader
  (:func:`catalog.read.load.parse`) reads it back as that same string; any other is double-quoted
  (``"yes"``, ``"0777"``, ``"1e3"``, ``" padded"``);
- numbers as plain decimals, never an exponent (``0.0000004``); prices with at least two places
  after the point (``0.40``, ``1.50``, ``15``);
- long text as a folded block wrapped at 100 columns, text with line breaks as a literal block;
- short mappings and lists of scalars in flow style (``[vision, pdf]``), longer ones as blocks;
- the keys of cards, prices and provider files in the schema's order.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from catalog.errors import CatalogError
from catalog.read import load, schema

# The schema's field order is the order people read and write: a card written here lists its
# keys as a blank card from `catalog new` does.
# The order a card is written in: the model it offers first, then what a reader looks for first.
CARD_ORDER = (
    "model", "name", "description", "api", "capabilities", "context_window", "max_output",
    "max_input", "modalities", "released", "added", "knowledge_cutoff", "benchmarks", "pricing",
    "data_policy", "regions", "geography", "faq", "status", "retires", "replaced_by",
)  # fmt: skip
assert sorted(CARD_ORDER) == sorted(schema.Card.model_fields), "every card key has its place"
PRICE_ORDER = tuple(schema.Pricing.model_fields)
PROVIDER_ORDER = tuple(schema.ProviderFile.model_fields)
LAB_ORDER = tuple(schema.LabFile.model_fields)
PROSE_KEYS = frozenset({"description", "about"})  # folded blocks, as in the hand-written cards

WIDTH = 100
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_LINE_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


# --------------------------------------------------------------------------- numbers


def plain(value: Decimal | int) -> str:
    """A number as plain decimal text: no exponent, no trailing zeros (4E-7 → 0.0000004)."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def price_text(value: Decimal | int) -> str:
    """A price as the hand-written cards write it: 15, 0.40, 1.50, 18.75, 0.375."""
    text = plain(value)
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return text


# --------------------------------------------------------------------------- scalars


# Cached: an import of 5,000 cards asks about 110,000 times for 8,000 different strings.
@functools.lru_cache(maxsize=1 << 16)
def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    # The loader decides what a plain scalar means: YAML 1.1's booleans, nulls and numbers, and
    # the numbers it refuses as misread (0777, 1_000, 1e3), do not read back as the text.
    written, expected = (f"x: [{text}]\n", [text]) if flow else (f"x: {text}\n", text)
    try:
        return load.parse(written, "<scalar>") == {"x": expected}
    except CatalogError:
        return False


def quoted(text: str) -> str:
    """``text`` double-quoted: JSON's escapes are YAML's, but for the line breaks JSON keeps."""
    out = json.dumps(text, ensure_ascii=False)
    for ch, escape in _LINE_BREAKS.items():
        out = out.replace(ch, escape)
    return out


def scalar(value: Any, *, flow: bool = False, price: bool = False) -> str:
    """One YAML scalar as the hand-written cards write it (empty for None)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return price_text(value) if price else plain(value)
    text = str(value)
    return text if _plain_ok(text, flow) else quoted(text)


def flow(value: Any, *, price: bool = False) -> str:
    """A value in flow style, on one line: ``{score: 64.8, source: …}``, ``[eu, us]``."""
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{scalar(k, flow=True)}: {flow(v, price=price or k == 'pricing')}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v, price=price) for v in value) + "]"
    return scalar(value, flow=True, price=price)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list)


# --------------------------------------------------------------------------- keys and blocks


def _text_block(key: str, text: str, indent: int) -> list[str]:
    """A long text as a folded block wrapped at 100 columns, or a literal block when it holds
    line breaks; quoted when neither reads back exactly."""
    pad = " " * indent
    one_line = f"{pad}{key}: {scalar(text)}"
    if "\n" not in text and len(one_line) <= WIDTH and key not in PROSE_KEYS:
        return [one_line]
    inner = pad + "  "
    if "\n" not in text:
        if not (re.fullmatch(r"\S+(?: +\S+)*", text) and text.isprintable()):
            return [f"{pad}{key}: {quoted(text)}"]
        lines = textwrap.wrap(
            text, WIDTH - len(inner), break_long_words=False, break_on_hyphens=False
        )
        block_lines = [f"{pad}{key}: >-", *(inner + line for line in lines)]
    else:
        chomp = "|" if text.endswith("\n") and not text.endswith("\n\n") else "|-"
        body = text[:-1] if chomp == "|" else text
        block_lines = [
            f"{pad}{key}: {chomp}",
            *((inner + line) if line else "" for line in body.split("\n")),
        ]
    try:
        parsed = load.parse("\n".join(block_lines) + "\n", "<block>")
    except CatalogError:
        parsed = None
    if isinstance(parsed, dict) and list(parsed.values()) == [text]:
        return block_lines
    return [f"{pad}{key}: {quoted(text)}"]


def block(key: str, value: Any, indent: int = 0, *, price: bool = False) -> list[str]:
    """The lines of ``key: value``: scalars inline, short mappings and lists of scalars in flow
    style, longer ones as blocks (the style of models/azure/provider.yaml and the cards)."""
    pad = " " * indent
    k = scalar(key)
    if isinstance(value, str):
        return _text_block(k, value, indent)
    if _is_scalar(value):
        return [f"{pad}{k}: {scalar(value, price=price)}".rstrip()]
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        line = f"{pad}{k}: {flow(value, price=price)}"
        if len(line) <= WIDTH:
            return [line]
    if isinstance(value, Mapping) and value and all(_is_scalar(v) for v in value.values()):
        line = f"{pad}{k}: {flow(value, price=price)}"
        if len(line) <= WIDTH and (indent or key not in ("pricing", "data_policy")):
            return [line]
    lines = [f"{pad}{k}:"]
    if isinstance(value, Mapping):
        for sub_key, sub in value.items():
            lines += block(sub_key, sub, indent + 2, price=price or sub_key == "pricing")
        return lines
    for item in value:
        flow_item = f"{pad}  - {flow(item, price=price)}"
        scalars_only = isinstance(item, Mapping) and all(map(_is_scalar, item.values()))
        if scalars_only and len(flow_item) <= WIDTH:
            lines.append(flow_item)
            continue
        if isinstance(item, Mapping) and item:
            first, *rest = list(item.items())
            sub_lines = block(first[0], first[1], indent + 4, price=price)
            lines.append(f"{pad}  - " + sub_lines[0].lstrip())
            lines += sub_lines[1:]
            for sub_key, sub in rest:
                lines += block(sub_key, sub, indent + 4, price=price)
        else:
            lines.append(flow_item)
    return lines


def ordered(data: Mapping[str, Any], order: Iterable[str]) -> list[tuple[str, Any]]:
    """The items of ``data``: the keys of ``order`` first, in that order, then the others."""
    order = list(order)
    known = [(k, data[k]) for k in order if k in data]
    return known + [(k, v) for k, v in data.items() if k not in order]


# --------------------------------------------------------------------------- files


def _card_lines(key: str, value: Any) -> list[str]:
    lines: list[str] = []
    if key == "pricing" and isinstance(value, Mapping):
        lines.append("pricing:")
        for price_key, price in ordered(value, PRICE_ORDER):
            lines += block(price_key, price, 2, price=True)
    elif key == "benchmarks" and isinstance(value, Mapping):
        lines.append("benchmarks:")
        lines += [f"  {scalar(k)}: {flow(v)}" for k, v in value.items()]
    elif key == "regions" and isinstance(value, Mapping):
        if all(v is None for v in value.values()):
            lines += block(key, list(value), 0)
        else:
            lines.append("regions:")
            for region, offer in value.items():
                lines.append(f"  {scalar(region)}:")
                for sub_key, sub in (offer or {}).items():
                    lines += block(sub_key, sub, 4, price=sub_key == "pricing")
    else:
        lines += block(key, value, 0)
    return lines


_TOP_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?:[ \t]|$)")


def _segments(text: str) -> tuple[str, dict[str, str]] | None:
    """The text of a block-mapping YAML file cut at its top-level keys: the lines before the
    first key (comments), and each key's lines up to the next key. None for any other shape."""
    preamble, segments, current = "", {}, None
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            current = match.group(1)
            if current in segments:
                return None
            segments[current] = ""
        elif current is None:
            if line.strip() and not line.startswith("#"):
                return None
            preamble += line
            continue
        segments[current] += line if line.endswith("\n") else line + "\n"
    return preamble, segments


def format_card(card: Mapping[str, Any], previous: load.Document | None = None) -> str:
    """A card's YAML text: fixed key order, flow lists, one benchmark per line, prices as plain
    decimals with at least two places after the point (0.40, not 4e-1).

    With the ``previous`` file of the card, the fields whose value did not change keep their
    text exactly (wrapping, comments, order), so that a re-import is the smallest diff; the
    result is parsed back and must equal ``card``, else the card is written afresh."""
    if previous is not None and isinstance(previous.data, dict):
        cut = _segments(previous.text)
        if cut is not None:
            preamble, segments = cut
            order = [k for k in previous.data if k in card]
            rank = {k: i for i, k in enumerate(CARD_ORDER)}
            for key in (k for k in ordered(card, CARD_ORDER) if k[0] not in previous.data):
                later = [i for i, k in enumerate(order) if rank.get(k, 99) > rank.get(key[0], 99)]
                order.insert(later[0] if later else len(order), key[0])
            text = preamble + "".join(
                segments[key]
                if key in segments and previous.data.get(key) == card[key]
                else "\n".join(_card_lines(key, card[key])) + "\n"
                for key in order
            )
            try:
                if load.parse(text, previous.display) == card:
                    return text
            except CatalogError:
                pass
    lines: list[str] = []
    for key, value in ordered(card, CARD_ORDER):
        lines += _card_lines(key, value)
    return "\n".join(lines) + "\n"


def format_mapping(data: Mapping[str, Any], order: Iterable[str] = ()) -> str:
    """A YAML file holding the mapping ``data`` (a provider file, site.yaml), keys in ``order``."""
    lines: list[str] = []
    for key, value in ordered(data, order):
        lines += block(key, value, 0)
    return "\n".join(lines) + "\n"
