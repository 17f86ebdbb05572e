"""Scaffolding: ``catalog new PROVIDER/MODEL [--from PROVIDER/MODEL]``, and the JSON Schema files
editors read.

A blank card is generated from the schema itself: every field of
:class:`catalog.read.schema.Card`, in the schema's order, under a comment that is the field's
description. Required fields get a value (the id, today's date, a placeholder description that
passes the check but reads as one); the others are commented out, showing their shape. A copied
card is the source card's text, comments kept, with only ``name`` and ``added`` (and regions'
``added``, which may not precede it) changed. Every value either writes goes through
:mod:`catalog.authoring.cardtext`, the writer of imported cards, so a value reads back the same
whichever command wrote it.

Every card written starts with a ``# yaml-language-server: $schema=…`` line naming, by a relative
path, ``schema/card.json`` beside the models folder, which is written (or refreshed) too, so
editors find the schema offline.
"""

from __future__ import annotations

import os
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from catalog.authoring.cardtext import block, flow, scalar
from catalog.errors import CatalogError, UsageError
from catalog.read import gate, load
from catalog.read.schema import Card
from catalog.read.validate import _unwrap
from catalog.render.documents import SCHEMA_MODELS, json_schema_text

MODELINE = "# yaml-language-server: $schema="
SCHEMA_FOLDER = "schema"  # beside the models folder: <project>/schema/card.json
ID_RULE = "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
MAX_HINT_IDS = 8


def parse_model_id(text: str) -> tuple[str, ...]:
    """``provider/model`` (or ``provider/folder/model``) split into its parts; ValueError when it
    is not a valid model id."""
    parts = tuple(text.split("/"))
    if len(parts) < 2 or not all(gate.is_valid_id(part) for part in parts):
        raise ValueError(
            f"{text!r} is not a valid model id (expected PROVIDER/MODEL, each part {ID_RULE})"
        )
    return parts


def placeholder_description(model: str) -> str:
    return f"TODO: describe {model}."


@dataclass(frozen=True)
class Scaffolded:
    """What ``catalog new`` wrote."""

    path: Path  # the new card
    model_id: str
    source: Path | None  # the card it was copied from
    schemas: tuple[Path, ...]  # schema files written or refreshed beside the models folder
    placeholder: str | None  # the placeholder description, when the card has one
    also_changed: tuple[str, ...] = ()  # keys besides name and added that a copy had changed


# --------------------------------------------------------------------------- schema files


def write_schemas(folder: Path, names: typing.Iterable[str] = SCHEMA_MODELS) -> list[Path]:
    """Write ``folder/<name>.json`` for each schema whose file is missing or differs; return the
    paths written. The bytes are those the site publishes under ``schema/``."""
    written = []
    for name in names:
        path = folder / f"{name}.json"
        text = json_schema_text(name)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_folder(models: Path) -> Path:
    return models.parent / SCHEMA_FOLDER


def modeline(card: Path, models: Path) -> str:
    """The first line of a card: where editors find its JSON Schema, relative to the card."""
    target = schema_folder(models).resolve() / "card.json"
    return MODELINE + Path(os.path.relpath(target, card.parent.resolve())).as_posix()


# --------------------------------------------------------------------------- a blank card


def _types(annotation: Any) -> list[Any]:
    """The types inside Optional/Annotated/Union, without None."""
    return [t for t in _unwrap(annotation) if t is not type(None)]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _types(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _choices(annotation: Any) -> list[str]:
    return [
        str(arg)
        for candidate in _types(annotation)
        if typing.get_origin(candidate) is typing.Literal
        for arg in typing.get_args(candidate)
    ]


def _aligned(pairs: list[tuple[str, str]]) -> list[str]:
    """``key:`` lines with their descriptions as comments, the comments in one column."""
    width = max(len(line) for line, _ in pairs) + 2
    return [f"{line:<{width}}# {comment}".rstrip() for line, comment in pairs]


def _sub_fields(model: type[BaseModel], indent: str, first: str = "") -> list[str]:
    """The fields of a nested model, one ``key:`` per line with its description."""
    pairs = []
    for i, (name, field) in enumerate(model.model_fields.items()):
        lead = indent + (first if i == 0 else " " * len(first))
        pairs.append((f"{lead}{name}:", field.description or ""))
    return _aligned(pairs)


def _placeholder_key(name: str) -> str:
    return name.removesuffix("s").upper() + "_ID"


def _example(name: str, field: FieldInfo, hints: dict[str, list[str]]) -> list[str]:
    """YAML lines (not yet commented out) showing the shape of an optional field's value."""
    annotation = field.annotation
    if name == "regions":  # the list form is the common one; see _region_list in schema.py
        ids = hints.get("regions", [])[:MAX_HINT_IDS] or [_placeholder_key(name)]
        return [f"regions: {flow(ids)}"]
    shapes = _types(annotation)
    shape = shapes[0] if shapes else None
    origin = typing.get_origin(shape)
    if origin is dict:
        value = _model_in(typing.get_args(shape)[1])
        if value is not None:
            return [f"{name}:", f"  {_placeholder_key(name)}:", *_sub_fields(value, "    ")]
        return [f"{name}: {{}}"]
    if origin is list:
        item = _model_in(typing.get_args(shape)[0])
        if item is not None:
            return [f"{name}:", *_sub_fields(item, "  ", "- ")]
        return [f"{name}: []"]
    model = _model_in(annotation)
    if model is not None:
        return [f"{name}:", *_sub_fields(model, "  ")]
    default = field.get_default(call_default_factory=True)
    return [f"{name}:"] if default is None else block(name, default)


def _hint_text(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_HINT_IDS])
    return shown + (", …" if len(ids) > MAX_HINT_IDS else "")


def _registry_ids(path: Path) -> list[str]:
    """The ids a registry or provider file defines, or none when it cannot be read."""
    try:
        data = load.read(path).data
    except (CatalogError, OSError):
        return []
    if path.name == gate.PROVIDER_FILE:
        data = data.get("regions") if isinstance(data, dict) else None
    return [str(key) for key in data] if isinstance(data, dict) else []


def _hints(models: Path, provider: str) -> dict[str, list[str]]:
    """Ids the card may name, from this catalog: for the comments of the blank card."""
    return {
        "capabilities": _registry_ids(models / gate.CAPABILITIES_FILE),
        "benchmarks": _registry_ids(models / gate.BENCHMARKS_FILE),
        "regions": _registry_ids(models / provider / gate.PROVIDER_FILE),
    }


def _comment(name: str, field: FieldInfo, hints: dict[str, list[str]], provider: str) -> str:
    text = field.description or name
    choices = _choices(field.annotation)
    if choices and not all(choice in text for choice in choices):
        text += f" (one of {', '.join(choices)})"
    ids = hints.get(name)
    if ids:
        where = f"{provider}'s" if name == "regions" else "here"
        text += f"; {where}: {_hint_text(ids)}"
    return f"# {text}"


def blank_card(
    model_id: tuple[str, ...], today: date, first_line: str, hints: dict[str, list[str]]
) -> str:
    """A new card with every field of the schema: required ones filled in, the others commented
    out, each under its description."""
    model = model_id[-1]
    provider = model_id[0]
    required = {
        "name": block("name", model),
        "description": block("description", placeholder_description(model)),
        "added": block("added", today.isoformat()),
    }
    lines = [
        first_line,
        f"# {'/'.join(model_id)}: fill in what you know and uncomment it; leave out the rest (an",
        "# absent value is shown as “—”). Then run `catalog check`.",
        "",
    ]
    for name, field in Card.model_fields.items():
        lines.append(_comment(name, field, hints, provider))
        if name in required:
            lines += required[name]
        elif field.is_required():  # a required field this scaffold does not know: say so
            lines.append(f"{name}:  # TODO: required")
        else:
            lines += [f"# {line}" for line in _example(name, field, hints)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- a copied card


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(text) for text in lines[:line]) + column


def _value_span(text: str, loc: tuple[str, ...]) -> tuple[int, int] | None:
    """Character offsets of the value at ``loc`` (top-level or nested mapping keys)."""
    node: yaml.Node | None = yaml.compose(text, Loader=yaml.CSafeLoader)
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None
        )
    if node is None:
        return None
    lines = text.splitlines(keepends=True)
    start = _offset(lines, node.start_mark.line, node.start_mark.column)
    end = _offset(lines, node.end_mark.line, node.end_mark.column)
    return start, end


def _set_value(text: str, loc: tuple[str, ...], value: str) -> str | None:
    """``text`` with the value at ``loc`` replaced by ``value`` (one line), comments and layout
    kept; None when there is no such key."""
    span = _value_span(text, loc)
    if span is None:
        return None
    start, end = span
    replacement = value
    if text[start:end].endswith("\n"):  # a block scalar ends after its line break
        replacement += "\n"
    if start and text[start - 1] == ":":  # an empty value right after the colon
        replacement = " " + replacement
    return text[:start] + replacement + text[end:]


def copied_card(
    source: load.Document, model: str, today: date, first_line: str
) -> tuple[str, list[str]]:
    """The source card's text with ``name`` and ``added`` set, and its first line pointing at the
    schema; also returns the other keys it had to change (regions added before today)."""
    text = source.text
    if not isinstance(source.data, dict):
        raise UsageError(f"--from: {source.display} is not a card (expected a YAML mapping)")
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE):
        text = "".join(lines[1:])
    changed = []
    day = scalar(today.isoformat())
    name = _set_value(text, ("name",), scalar(model))
    text = name if name is not None else f"name: {scalar(model)}\n{text}"
    added = _set_value(text, ("added",), day)
    if added is None:
        text = text + ("" if text.endswith("\n") or not text else "\n")
        added = f"{text}added: {day}\n"
    text = added
    regions = source.data.get("regions")
    if isinstance(regions, dict):
        for region_id, offer in regions.items():
            # a region may not be added before the card; a later date is kept
            if not isinstance(offer, dict) or offer.get("added") is None:
                continue
            if str(offer["added"]) < today.isoformat():
                loc = ("regions", str(region_id), "added")
                updated = _set_value(text, loc, day)
                if updated is not None and updated != text:
                    text = updated
                    changed.append(".".join(loc))
    return f"{first_line}\n{text}", changed


# --------------------------------------------------------------------------- catalog new


def _card_file(models: Path, model_id: tuple[str, ...]) -> Path | None:
    """The file of an existing card, ``.yaml`` or ``.yml``."""
    base = models.joinpath(*model_id)
    for suffix in gate.CARD_SUFFIXES:
        path = base.with_name(base.name + suffix)
        if path.is_file():
            return path
    return None


def new_card(
    models: Path,
    model_id: tuple[str, ...],
    source_id: tuple[str, ...] | None = None,
    today: date | None = None,
) -> Scaffolded:
    """Write the card ``models/<provider>/<model>.yaml``, blank or copied from ``source_id``,
    and the schema files its first line points at. Raises UsageError, before writing anything,
    when the id is taken, the provider does not exist or the source card does not."""
    today = today or date.today()
    text_id = "/".join(model_id)
    if not models.is_dir():
        raise UsageError(f"{models}: no such folder (expected the folder of model cards)")
    provider_folder = models / model_id[0]
    if not (provider_folder / gate.PROVIDER_FILE).is_file():
        provider_file = load.display_path(provider_folder / gate.PROVIDER_FILE)
        raise UsageError(
            f"{text_id}: there is no provider {model_id[0]!r}: create {provider_file} first "
            "(name, logo, website; see the README)"
        )
    existing = _card_file(models, model_id)
    if existing is not None:
        raise UsageError(
            f"{text_id}: {load.display_path(existing)} already exists; refusing to overwrite it"
        )
    path = models.joinpath(*model_id[:-1]) / f"{model_id[-1]}.yaml"
    link = gate.linked_folder(models, path)
    if link is not None:
        raise UsageError(
            f"{text_id}: {load.display_path(link)} is a symbolic link; refusing to write through "
            "it (the catalog reads no card through a link)"
        )
    first_line = modeline(path, models)
    source_path = None
    placeholder = None
    changed: list[str] = []
    if source_id is not None:
        source_path = _card_file(models, source_id)
        if source_path is None:
            raise UsageError(
                f"--from {'/'.join(source_id)}: no such card "
                f"(expected {load.display_path(models.joinpath(*source_id))}.yaml)"
            )
        text, changed = copied_card(load.read(source_path), model_id[-1], today, first_line)
    else:
        placeholder = placeholder_description(model_id[-1])
        text = blank_card(model_id, today, first_line, _hints(models, model_id[0]))
    schemas = write_schemas(schema_folder(models))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # never overwrite, even in a race
        handle.write(text)
    return Scaffolded(path, text_id, source_path, tuple(schemas), placeholder, tuple(changed))
