"""Validate stage: plain data from every file to one typed, cross-checked :class:`Catalog`.

Every file is validated even after an earlier one failed, and every cross-reference is checked,
so one run reports all the errors of all the files. Nothing downstream runs unless the list is
empty.

Longer than most modules (about 670 lines) on purpose: the schema errors, the per-card checks
and the cross-card checks share the located-error helpers and one reading of the registries;
split, each part would import the others' internals.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from catalog.errors import CatalogError, ValidationFailed
from catalog.read import gate, load
from catalog.read.schema import (
    Benchmark,
    Capability,
    Card,
    Id,
    LabFile,
    ModelCard,
    ModelFacts,
    Pricing,
    ProviderFile,
    Settings,
    VariantPricing,
)
from catalog.read.svg import logo_errors

# What an offer takes from the model card it names, each key it does not state itself: every
# fact of the model the offer card can also say. A stated key replaces the model's whole value
# (a list or mapping is not merged), so an offer reads the same whichever its model says.
INHERITED = frozenset(ModelFacts.model_fields)

SITE_FILE = gate.SITE_FILE
BENCHMARKS_FILE = gate.BENCHMARKS_FILE
CAPABILITIES_FILE = gate.CAPABILITIES_FILE
PROVIDER_FILE = gate.PROVIDER_FILE
TOP_LEVEL_FILES = gate.TOP_LEVEL_FILES
ID_EXPECTED = gate.ID_EXPECTED


@dataclass(frozen=True)
class ProviderEntry:
    """A provider of the catalog: its id (the folder's name), what its provider.yaml says, the
    folder and the document it was read from."""

    id: str
    file: ProviderFile
    folder: Path
    doc: load.Document

    @property
    def logo_path(self) -> Path:
        return self.folder / self.file.logo


@dataclass(frozen=True)
class LabEntry:
    """A lab (who released models): its id (the folder's name) and what its lab.yaml says."""

    id: str
    file: LabFile
    folder: Path
    doc: load.Document


@dataclass(frozen=True)
class LabModel:
    """A model card: a model as its lab released it, whoever serves it."""

    id: str  # lab/model, e.g. openai/gpt-4.1-mini
    lab_id: str
    card: ModelCard
    doc: load.Document


@dataclass(frozen=True)
class ModelEntry:
    """A provider's card: an offer. ``card`` holds what it states and what it inherits from
    ``base``, the model card it names (None for a card that is its own model)."""

    id: str  # provider/model, e.g. azure/gpt-4.1-mini
    provider_id: str
    card: Card
    doc: load.Document
    base: LabModel | None = None
    inherited: frozenset[str] = frozenset()  # the keys of card taken from base

    @property
    def model_id(self) -> str:
        """The model this offers: its model card's id, or its own for a card of its own."""
        return self.base.id if self.base is not None else self.id


@dataclass(frozen=True)
class Catalog:
    root: Path
    settings: Settings
    benchmarks: dict[str, Benchmark]
    capabilities: dict[str, Capability]
    providers: dict[str, ProviderEntry]
    models: list[ModelEntry]
    labs: dict[str, LabEntry] = dataclasses.field(default_factory=dict)
    lab_models: dict[str, LabModel] = dataclasses.field(default_factory=dict)

    @property
    def page_count(self) -> int:
        """One page per model and region; one for a model without regions."""
        return sum(len(m.card.regions or [None]) for m in self.models)


# --------------------------------------------------------------------------- schema errors


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Annotated/Union/list/dict annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _step(annotation: Any, part: str | int) -> tuple[Any, FieldInfo | None]:
    """Follow one location part through an annotation; return the next annotation and field."""
    for candidate in _unwrap(annotation):
        origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(str(part))
            if field is not None:
                return field.annotation, field
        elif origin is dict:
            return typing.get_args(candidate)[1], None
        elif origin is list and isinstance(part, int):
            return typing.get_args(candidate)[0], None
    return None, None


def _model_fields_at(root: Any, loc: tuple[str | int, ...]) -> list[str]:
    annotation = root
    for part in loc:
        annotation, _ = _step(annotation, part)
    return [
        name
        for t in _unwrap(annotation)
        if isinstance(t, type) and issubclass(t, BaseModel)
        for name in t.model_fields
    ]


def _expected_at(root: Any, loc: tuple[str | int, ...]) -> str:
    annotation, field = root, None
    for part in loc:
        annotation, field = _step(annotation, part)
        if annotation is None:
            return ""
    return field.description or "" if field else ""


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _dotted(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return load.printable(text)  # a key may hold a line break that would forge an error line


def schema_errors(doc: load.Document, root: Any, exc: ValidationError) -> list[CatalogError]:
    """Turn pydantic's errors into located ones, with 'expected' from the field descriptions."""
    errors = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if loc and loc[-1] == "[key]":  # a dict key itself is invalid
            loc = loc[:-1]
            line, col = load.locate(doc.text, loc, key=True)
            errors.append(
                CatalogError(doc.display, line, col, _dotted(loc), "not a valid id", ID_EXPECTED)
            )
            continue
        if kind == "extra_forbidden":
            line, col = load.locate(doc.text, loc, key=True)
            allowed = _model_fields_at(root, loc[:-1])
            message = "unknown key" + did_you_mean(str(loc[-1]), allowed)
            expected = "one of " + ", ".join(allowed) if allowed else ""
            errors.append(CatalogError(doc.display, line, col, _dotted(loc), message, expected))
            continue
        line, col = load.locate(doc.text, loc)
        message = str(err["msg"]).removeprefix("Value error, ")
        if kind == "missing":
            message = "required key is missing"
        elif kind in ("model_type", "dict_type") and not loc:
            message = "the file must hold a mapping of keys to values"
        errors.append(
            CatalogError(doc.display, line, col, _dotted(loc), message, _expected_at(root, loc))
        )
    return errors


@functools.cache
def _adapter(root: Any) -> TypeAdapter[Any]:
    # Building a validator is costly; one per schema type serves every file.
    return TypeAdapter(root)


def _validate(doc: load.Document, root: Any) -> tuple[Any, list[CatalogError]]:
    try:
        return _adapter(root).validate_python(doc.data), []
    except ValidationError as exc:
        return None, schema_errors(doc, root, exc)


# --------------------------------------------------------------------------- cross checks


def _whole_file(path: Path, message: str, expected: str = "") -> CatalogError:
    """An error about a file as a whole (its name, its absence), located at its start."""
    return CatalogError(load.display_path(path), 1, 1, "", message, expected)


def _at(doc: load.Document, loc: tuple[str | int, ...], message: str, expected: str = "",
        *, key: bool = False) -> CatalogError:  # fmt: skip
    line, col = load.locate(doc.text, loc, key=key)
    return CatalogError(doc.display, line, col, _dotted(loc), message, expected)


def _retires_errors(
    doc: load.Document, card: Card | ModelCard, inherited: frozenset[str] = frozenset()
) -> list[CatalogError]:
    """Only a deprecated model has a retirement date (located where the card states either)."""
    if not card.retires or card.status == "deprecated":
        return []
    where = next((k for k in ("retires", "status") if k not in inherited), None)
    if where is None:
        return []  # both from the model card, which reports it
    return [
        _at(doc, (where,), f"a {card.status} model has no retirement date",
            "status: deprecated, or no retires key")
    ]  # fmt: skip


def _check_lifecycle(entry: ModelEntry) -> list[CatalogError]:
    """The card's own lifecycle rules; whether replaced_by names a card is checked across."""
    card, doc = entry.card, entry.doc
    errors = _retires_errors(doc, card, entry.inherited)
    if card.replaced_by is not None and card.replaced_by == entry.id:
        errors.append(_at(doc, ("replaced_by",), "a model cannot replace itself"))
    return errors


def _unknown_replacement(report: CardReport, model_ids: set[str]) -> CatalogError:
    assert report.replaced_by is not None and report.replaced_by_at is not None
    line, col = report.replaced_by_at
    hint = did_you_mean(report.replaced_by, sorted(model_ids))
    return CatalogError(
        report.display, line, col, "replaced_by", f"unknown model {report.replaced_by!r}{hint}",
        "the id of another card, provider/model",
    )  # fmt: skip


# The capabilities that say what a model reads, by the input modality each stands for.
INPUT_CAPABILITIES = {"vision": "image", "pdf": "pdf", "audio": "audio"}


def _modality_errors(
    doc: load.Document, card: Card | ModelCard, inherited: frozenset[str] = frozenset()
) -> list[CatalogError]:
    """A card that states its modalities and its input capabilities says the same in both
    (located at whichever of the two the card states itself)."""
    if card.modalities is None:
        return []
    errors = []
    inputs = card.modalities.input
    for capability, modality in INPUT_CAPABILITIES.items():
        listed = capability in card.capabilities
        if listed and modality not in inputs:
            at: tuple[str | int, ...] = ("capabilities", card.capabilities.index(capability))
            if "capabilities" in inherited:
                at = ("modalities", "input")
            message = f"{capability!r} without {modality} among modalities.input"
            errors.append(_at(doc, at, message, f"{modality} input, or not {capability!r}"))
        elif modality in inputs and not listed:
            at = ("modalities", "input", inputs.index(modality))  # type: ignore[arg-type]
            if "modalities" in inherited:
                at = ("capabilities",)
            message = f"{modality} input without the {capability!r} capability"
            errors.append(_at(doc, at, message, f"{capability!r} in capabilities"))
    return errors


def _tier_errors(
    doc: load.Document,
    loc: tuple[str | int, ...],
    pricing: Pricing | VariantPricing,
    window: int | None,
) -> list[CatalogError]:
    """Tiers in increasing order, each reachable (below the context window), each cache-read
    price at most the tier's input price."""
    errors = []
    previous = 0
    for i, tier in enumerate(pricing.tiers):
        at = (*loc, "tiers", i)
        if tier.above <= previous:
            message = f"{tier.above:,} is not above the previous tier's {previous:,}"
            errors.append(_at(doc, (*at, "above"), message, "thresholds in increasing order"))
        if window is not None and tier.above >= window:
            message = f"{tier.above:,} is not below the context window of {window:,}"
            errors.append(_at(doc, (*at, "above"), message, "a prompt size the model can take"))
        if tier.cache_read is not None and tier.input is not None and tier.cache_read > tier.input:
            message = f"${tier.cache_read} is above the tier's input price ${tier.input}"
            errors.append(
                _at(doc, (*at, "cache_read"), message, "a cache-read price ≤ the input price")
            )
        previous = max(previous, tier.above)
    return errors


def _fact_errors(
    doc: load.Document,
    card: Card | ModelCard,
    benchmarks: dict[str, Benchmark],
    capabilities: dict[str, Capability],
    inherited: frozenset[str] = frozenset(),
) -> list[CatalogError]:
    """The model's facts agree with each other and with the registries. For an offer,
    ``inherited`` are the keys it took from its model card: a rule broken by those alone was
    reported at the model card; one that a key the offer states breaks is reported there."""

    def at(*keys: str) -> str | None:
        """The first of these keys that the card itself states, None if it states none."""
        return next((k for k in keys if k not in inherited), None)

    errors: list[CatalogError] = []
    if card.knowledge_cutoff and card.released and (where := at("knowledge_cutoff", "released")):
        released_month = card.released.isoformat()[: len(card.knowledge_cutoff)]
        if card.knowledge_cutoff > released_month:
            message = f"{card.knowledge_cutoff} is after the release date {card.released}"
            if where == "released":
                message = f"{card.released} is before the knowledge cutoff {card.knowledge_cutoff}"
            errors.append(_at(doc, (where,), message, "a cutoff on or before release"))
    window = card.context_window
    for key in ("max_output", "max_input"):
        limit = getattr(card, key)
        if limit and window and limit > window and (where := at(key, "context_window")):
            if where == "context_window":
                message = f"{window:,} is below the {key} of {limit:,}"
                expected = f"a context window of at least the {key}"
            else:
                message = f"{limit:,} is above the context window of {window:,}"
                expected = "at most the context window"
            errors.append(_at(doc, (where,), message, expected))
    if at("modalities", "capabilities"):
        errors.extend(_modality_errors(doc, card, inherited))
    seen: set[str] = set()
    for i, cap in enumerate(card.capabilities if at("capabilities") else []):
        if cap in seen:
            errors.append(_at(doc, ("capabilities", i), f"{cap!r} is listed twice"))
        seen.add(cap)
        if cap not in capabilities:
            errors.append(
                _at(
                    doc,
                    ("capabilities", i),
                    f"unknown capability {cap!r}" + did_you_mean(cap, list(capabilities)),
                    f"an id from {CAPABILITIES_FILE}",
                )
            )
    for bench_id, score in card.benchmarks.items() if at("benchmarks") else ():
        bench = benchmarks.get(bench_id)
        if bench is None:
            errors.append(
                _at(
                    doc,
                    ("benchmarks", bench_id),
                    f"unknown benchmark {bench_id!r}" + did_you_mean(bench_id, list(benchmarks)),
                    f"an id from {BENCHMARKS_FILE}",
                    key=True,
                )
            )
        elif not bench.min <= score.score <= bench.max:
            errors.append(
                _at(
                    doc,
                    ("benchmarks", bench_id, "score"),
                    f"{score.score} is outside the scale of {bench.name}",
                    f"a score from {bench.min} to {bench.max}",
                )
            )
    return errors


def _check_card(
    entry: ModelEntry,
    provider: ProviderEntry | None,
    benchmarks: dict[str, Benchmark],
    capabilities: dict[str, Capability],
) -> list[CatalogError]:
    card, doc = entry.card, entry.doc
    errors = _fact_errors(doc, card, benchmarks, capabilities, entry.inherited)
    prices = [(("pricing",), card.pricing)]
    for region_id, offer in (card.regions or {}).items():
        if offer and offer.pricing:
            prices.append((("regions", region_id, "pricing"), offer.pricing))
    read, price = card.pricing.cache_read, card.pricing.input
    card_read_too_high = read is not None and price is not None and read > price
    for loc, pricing in prices:
        # A region's prices are the card's with the region's overrides: compare the merged ones,
        # pointing at whichever of the two this part of the card states.
        own_read = pricing.cache_read is not None
        cache_read = pricing.cache_read if own_read else card.pricing.cache_read
        input_price = pricing.input if pricing.input is not None else card.pricing.input
        if cache_read is not None and input_price is not None and cache_read > input_price:
            if not own_read and loc != ("pricing",) and card_read_too_high:
                continue  # the card's own cache-read price is the one to fix, reported once
            if own_read:
                where, message = (
                    "cache_read",
                    f"${cache_read} is above the input price ${input_price}",
                )
            else:
                where, message = (
                    "input",
                    f"${input_price} is below the cache-read price ${cache_read}",
                )
            errors.append(_at(doc, (*loc, where), message, "a cache-read price ≤ the input price"))
    for loc, pricing in prices:
        errors.extend(_tier_errors(doc, loc, pricing, card.context_window))
        for variant in ("batch", "flex", "priority"):
            if (stated := getattr(pricing, variant)) is not None:
                errors.extend(_tier_errors(doc, (*loc, variant), stated, card.context_window))
    if card.geography is not None and card.regions:
        errors.append(
            _at(
                doc,
                ("geography",),
                "a card with regions takes each region's geography from provider.yaml",
                "no geography, or no regions",
                key=True,
            )
        )
    if provider is not None:
        for region_id, offer in (card.regions or {}).items():
            if region_id not in provider.file.regions:
                known = list(provider.file.regions)
                errors.append(
                    _at(
                        doc,
                        ("regions", region_id),
                        f"unknown region {region_id!r} "
                        f"of provider {provider.id!r}" + did_you_mean(region_id, known),
                        "one of "
                        + (", ".join(known) or "no regions: omit the key")
                        + f" (from {provider.doc.display})",
                        key=True,
                    )
                )
            if offer and offer.added and offer.added < card.added:
                errors.append(
                    _at(
                        doc,
                        ("regions", region_id, "added"),
                        "is before the card's added date",
                        f"a date on or after {card.added.isoformat()}",
                    )
                )
    return errors


# --------------------------------------------------------------------------- one card


@dataclass(frozen=True)
class CardReport:
    """What checking one card found: small enough to keep in the check cache and to send back
    from a worker process. Everything but whether replaced_by names another card is decided by
    the card, the registries and its provider alone."""

    model_id: str
    display: str
    errors: tuple[CatalogError, ...]
    valid: bool
    parsed: bool  # valid, or invalid with keys that could still be cross-checked
    pages: int  # the pages a valid card makes
    replaced_by: str | None
    replaced_by_at: tuple[int, int] | None  # where replaced_by is written, (line, col)


@dataclass(frozen=True)
class Registries:
    """What a card is checked against besides itself; None where that file is invalid."""

    benchmarks: dict[str, Benchmark] | None
    capabilities: dict[str, Capability] | None
    providers: dict[str, ProviderEntry]
    models: dict[str, LabModel] = dataclasses.field(default_factory=dict)  # the valid ones
    # Every model card's id, valid or not: an offer of an invalid one is not told its model is
    # unknown (the model card's own errors say what is wrong).
    model_ids: frozenset[str] = frozenset()


def _card_id(path: Path, folder: Path) -> tuple[str, str, CatalogError | None]:
    """A card's id (folder/name), its path as shown, and the error its name or folders make."""
    rel = path.relative_to(folder).with_suffix("")
    card_id = f"{folder.name}/{rel.as_posix()}"
    display = load.display_path(path)
    for number, part in enumerate(rel.parts, 1):
        problem = gate.id_problem(part)
        if problem is None:
            continue
        reason, expected = problem
        if number == len(rel.parts):
            message = f"file name {path.name!r} is not a valid model id"
        else:
            message = f"folder name {part!r} is not a valid part of a model id"
        error = _whole_file(path, message + (f": {reason}" if reason else ""), expected)
        return card_id, display, error
    return card_id, display, None


def _inherit(
    doc: load.Document, registries: Registries, errors: list[CatalogError]
) -> tuple[load.Document, LabModel | None, frozenset[str], bool]:
    """The offer's data with what it inherits from the model card it names: (the document to
    validate, the model card, the keys taken from it, whether the model is known)."""
    data = doc.data
    ref = data.get("model") if isinstance(data, dict) else None
    if not isinstance(ref, str):
        return doc, None, frozenset(), True  # no model named (or not text: the schema says)
    models = registries.models
    base = models.get(ref)
    assert isinstance(data, dict)
    if base is None and ref not in registries.model_ids:
        errors.append(
            _at(doc, ("model",), f"unknown model {ref!r}" + did_you_mean(ref, sorted(models)),
                "a model card's id, lab/model, from labs/<lab>/<model>.yaml")
        )  # fmt: skip
    if base is None:
        # Stand-ins for what the model would give, so the rest of the card is still checked.
        data = {**{k: v for k, v in _PLACEHOLDERS.items() if k != "added"}, **data}
        return dataclasses.replace(doc, data=data), None, frozenset(), False
    if "benchmarks" in data:
        errors.append(
            _at(doc, ("benchmarks",), "an offer states no benchmarks: scores are the model's",
                f"the scores in {base.doc.display}", key=True)
        )  # fmt: skip
    taken = {k: getattr(base.card, k) for k in base.card.model_fields_set & INHERITED}
    taken = {k: v for k, v in taken.items() if k not in data}
    return dataclasses.replace(doc, data={**taken, **data}), base, frozenset(taken), True


def _offer_errors(
    doc: load.Document, card: Card, base: LabModel, inherited: frozenset[str]
) -> list[CatalogError]:
    """What an offer states of its model within what the model card says: limits no higher,
    modalities among the model's."""
    errors = []
    model = base.card
    for key in ("context_window", "max_output", "max_input"):
        own, theirs = getattr(card, key), getattr(model, key)
        if key not in inherited and own is not None and theirs is not None and own > theirs:
            message = f"{own:,} is above the model's {theirs:,} ({base.doc.display})"
            errors.append(_at(doc, (key,), message, f"at most the model's {key}"))
    if "modalities" not in inherited and card.modalities and model.modalities:
        for side in ("input", "output"):
            theirs_kinds: list[str] = getattr(model.modalities, side)
            for i, kind in enumerate(getattr(card.modalities, side)):
                if kind not in theirs_kinds:
                    message = f"{kind} {side}, which the model card does not list"
                    errors.append(
                        _at(doc, ("modalities", side, i), message,
                            f"one of {', '.join(theirs_kinds)} ({base.doc.display})")
                    )  # fmt: skip
    return errors


def check_one_card(
    path: Path, folder: Path, registries: Registries, parse_text: load.ParseText | None = None
) -> tuple[CardReport, ModelEntry | None, ModelEntry | None]:
    """Check one card against itself, the registries and its provider. Returns the report, the
    valid entry (or None) and, for an invalid card, what of it could be cross-checked.
    ``parse_text``: see :func:`load.read`."""
    model_id, display, error = _card_id(path, folder)
    if error is not None:
        return CardReport(model_id, display, (error,), False, False, 0, None, None), None, None
    errors: list[CatalogError] = []
    doc = _read(path, errors, parse_text)
    card = base = None
    inherited: frozenset[str] = frozenset()
    entry = partial = None
    if doc is not None:
        doc, base, inherited, known = _inherit(doc, registries, errors)
        card, problems = _validate(doc, Card)
        errors.extend(problems)
        if card is not None and not known:
            partial, card = ModelEntry(model_id, folder.name, card, doc), None
    if card is not None:
        assert doc is not None
        entry = ModelEntry(model_id, folder.name, card, doc, base, inherited)
        if base is not None:
            errors.extend(_offer_errors(doc, card, base, inherited))
    elif doc is not None and partial is None:
        rest = _partial_card(doc, errors)
        if rest is not None:
            partial = ModelEntry(model_id, folder.name, rest, doc, base, inherited)
    checked = entry or partial
    replaced_by = replaced_by_at = None
    if checked is not None:
        errors.extend(_check_lifecycle(checked))
        if registries.benchmarks is not None and registries.capabilities is not None:
            provider = registries.providers.get(folder.name)
            errors.extend(
                _check_card(checked, provider, registries.benchmarks, registries.capabilities)
            )
        replaced_by = checked.card.replaced_by
        if replaced_by is not None and replaced_by != model_id:
            replaced_by_at = load.locate(checked.doc.text, ("replaced_by",))
    pages = len(entry.card.regions or [None]) if entry else 0
    if entry is not None:
        # Checked: the text and the raw data were only kept to locate errors, and were a third
        # of the memory of a 10,000-card catalog. The path stays.
        slim = dataclasses.replace(entry.doc, text="", data=None)
        entry = dataclasses.replace(entry, doc=slim)
    report = CardReport(
        model_id,
        display,
        tuple(errors),
        entry is not None,
        checked is not None,
        pages,
        replaced_by,
        replaced_by_at,
    )
    return report, entry, partial


# --------------------------------------------------------------------------- the whole catalog


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check that found no error."""

    cards: int
    providers: int
    pages: int
    catalog: Catalog | None  # the typed catalog, when it was asked for
    checked: int = 0  # cards parsed and validated in this run (the others came from the cache)
    reports: tuple[CardReport, ...] = ()  # one per card file, in path order
    card_paths: tuple[tuple[Path, Path], ...] = ()  # (card, provider folder), in path order


def validate_catalog(root: Path) -> Catalog:
    """Load and validate every file under ``root``; raise ValidationFailed with all the errors."""
    result = check_catalog(root, keep=True)
    assert result.catalog is not None
    return result.catalog


CardChecker = Callable[[list[tuple[Path, Path]], Registries], list[CardReport]]


def check_catalog(
    root: Path,
    *,
    keep: bool = False,
    cards: CardChecker | None = None,
    parse_text: load.ParseText | None = None,
) -> CheckResult:
    """Check every file under ``root``; raise ValidationFailed with all the errors.

    With ``keep`` the typed catalog is built and returned. Without it, ``cards`` may check the
    cards in its own way (from a cache, in worker processes): it gets (card path, provider
    folder) pairs and returns one report per card, in order. ``parse_text`` parses the cards
    (see :func:`load.read`).
    """
    errors: list[CatalogError] = []

    def missing(name: str) -> None:
        errors.append(_whole_file(root / name, "file is missing", "the catalog's " + name))

    listing = gate.walk(root)
    errors.extend(listing.errors)
    site = benchmarks = capabilities = None
    for name in TOP_LEVEL_FILES:
        if not os.path.lexists(root / name):  # present but refused: the walk said why
            missing(name)
    if SITE_FILE in listing.top:
        _, site = _read_and_validate(root / SITE_FILE, Settings, errors)
    if BENCHMARKS_FILE in listing.top:
        doc, benchmarks = _read_and_validate(root / BENCHMARKS_FILE, dict[Id, Benchmark], errors)
        errors.extend(_reserved_ids(doc, benchmarks))
    if CAPABILITIES_FILE in listing.top:
        doc, capabilities = _read_and_validate(
            root / CAPABILITIES_FILE, dict[Id, Capability], errors
        )
        errors.extend(_reserved_ids(doc, capabilities))

    providers: dict[str, ProviderEntry] = {}
    for folder in listing.providers:
        doc, provider = _read_and_validate(folder / PROVIDER_FILE, ProviderFile, errors)
        if provider is not None:
            providers[folder.name] = ProviderEntry(folder.name, provider, folder, doc)
            errors.extend(_check_logo(doc, folder, provider))
    labs: dict[str, LabEntry] = {}
    for folder in listing.labs:
        doc, lab = _read_and_validate(folder / gate.LAB_FILE, LabFile, errors)
        if lab is not None:
            labs[folder.name] = LabEntry(folder.name, lab, folder, doc)
    lab_models, model_ids = check_model_cards(listing.model_cards, benchmarks, capabilities, errors)
    card_paths = listing.cards

    registries = Registries(benchmarks, capabilities, providers, lab_models, model_ids)
    models: list[ModelEntry] = []
    if keep or cards is None:
        reports = []
        for path, folder in card_paths:
            report, valid, _ = check_one_card(path, folder, registries, parse_text)
            reports.append(report)
            if valid is not None and keep:
                models.append(valid)
    else:
        reports = cards(card_paths, registries)

    errors.extend(cross_check(reports))
    if errors or site is None or benchmarks is None or capabilities is None:
        raise ValidationFailed(errors)
    models.sort(key=lambda m: m.id)
    catalog = (
        Catalog(root, site, benchmarks, capabilities, providers, models, labs, lab_models)
        if keep
        else None
    )
    pages = sum(r.pages for r in reports)
    return CheckResult(
        len(reports), len(providers), pages, catalog, len(card_paths), tuple(reports),
        tuple(card_paths),
    )  # fmt: skip


def check_model_cards(
    paths: list[tuple[Path, Path]],
    benchmarks: dict[str, Benchmark] | None,
    capabilities: dict[str, Capability] | None,
    errors: list[CatalogError],
) -> tuple[dict[str, LabModel], frozenset[str]]:
    """Check the model cards (labs/<lab>/<model>.yaml): the valid ones by id, and every model
    card's id, valid or not. A model card names no other model (the schema has no such key), so
    inheritance is one level and has no cycle."""
    models: dict[str, LabModel] = {}
    ids: set[str] = set()
    for path, folder in paths:
        model_id, _, error = _card_id(path, folder)
        ids.add(model_id)
        if error is not None:
            errors.append(error)
            continue
        doc, card = _read_and_validate(path, ModelCard, errors)
        if card is None:
            continue
        if benchmarks is not None and capabilities is not None:
            errors.extend(_fact_errors(doc, card, benchmarks, capabilities))
        errors.extend(_retires_errors(doc, card))
        models[model_id] = LabModel(model_id, folder.name, card, doc)
    return models, frozenset(ids)


def cross_check(reports: list[CardReport]) -> list[CatalogError]:
    """Every card's own errors, and those across cards: one card per id, and a replaced_by
    that names a card."""
    errors: list[CatalogError] = []
    seen: dict[str, CardReport] = {}
    for report in sorted((r for r in reports if r.valid), key=lambda r: r.model_id):
        if report.model_id in seen:
            first = seen[report.model_id].display
            message = f"model id {report.model_id!r} is already used by {first}"
            errors.append(CatalogError(report.display, 1, 1, "", message, "one card per id"))
        seen[report.model_id] = report
    model_ids = {r.model_id for r in reports if r.parsed}
    for report in reports:
        errors.extend(report.errors)
        if report.replaced_by_at is not None and report.replaced_by not in model_ids:
            errors.append(_unknown_replacement(report, model_ids))
    return errors


# Stand-ins for required keys of a card that failed the schema, so that its cross-references can
# still be checked in the same run. They take part in no comparison that could report an error.
_PLACEHOLDERS: dict[str, Any] = {"name": "?", "description": "?", "added": "0001-01-01"}


def _partial_card(doc: load.Document, failed: list[CatalogError]) -> Card | None:
    """The card without the keys that failed, so its other keys can be cross-checked anyway."""
    if not isinstance(doc.data, dict):
        return None
    bad = {e.field.split(".")[0].split("[")[0] for e in failed}
    data = {k: v for k, v in doc.data.items() if k not in bad}
    data.update({k: v for k, v in _PLACEHOLDERS.items() if k not in data})
    try:
        return Card.model_validate(data)
    except ValidationError:
        return None


def _reserved_ids(doc: load.Document | None, registry: dict[str, Any] | None) -> list[CatalogError]:
    """Registry ids become file names too (charts/<benchmark>.html, capabilities/<id>.html): the
    schema checks their characters, this the rest of the id rules (reserved names, '..')."""
    if doc is None or registry is None:
        return []
    errors = []
    for key in registry:
        problem = gate.id_problem(key)
        if problem is not None:
            reason, expected = problem
            message = "not a valid id" + (f": {reason}" if reason else "")
            errors.append(_at(doc, (key,), message, expected, key=True))
    return errors


def _check_logo(doc: load.Document, folder: Path, provider: ProviderFile) -> list[CatalogError]:
    """The logo named by provider.yaml: beside it, and an SVG that runs nothing where it is
    published (see catalog/read/svg.py). A link or what is not a regular file the walk has
    refused."""
    logo = folder / provider.logo
    if not os.path.lexists(logo):
        return [
            _at(doc, ("logo",), f"{provider.logo} does not exist beside provider.yaml",
                "an SVG file in the provider folder")
        ]  # fmt: skip
    try:
        data = gate.read_bytes(logo, load.MAX_BYTES)
    except OSError:  # gate.NotRegular included
        return []
    return logo_errors(data, load.display_path(logo))


def _read(
    path: Path, errors: list[CatalogError], parse_text: load.ParseText | None = None
) -> load.Document | None:
    try:
        return load.read(path, parse_text)
    except CatalogError as exc:
        errors.append(exc)
        return None


def _read_and_validate(path: Path, root: Any, errors: list[CatalogError]) -> Any:
    doc = _read(path, errors)
    if doc is None:
        return None, None
    value, problems = _validate(doc, root)
    errors.extend(problems)
    return doc, value
