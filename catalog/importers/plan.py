"""Planning an import: the source's providers and cards merged with what the models folder
holds, giving every file to write (provider files, logos, cards, registries, site.yaml) and the
summary; then writing them. Nothing is written before everything has been read and merged, and
nothing is written through a link or over what a person made (provider files, logos).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.authoring.cardtext import (
    LAB_ORDER,
    PROSE_KEYS,
    PROVIDER_ORDER,
    format_card,
    format_mapping,
)
from catalog.errors import CatalogError
from catalog.importers.merge import describe, diff_lines, factor, merge_card, merge_model, same
from catalog.importers.providers import HEADQUARTERS, logo_for
from catalog.importers.registries import (
    BENCHMARKS,
    CAPABILITIES,
    REGISTRY_HEADERS,
    SITE_SETTINGS,
    registry_text,
)
from catalog.importers.report import HEADQUARTERS_UNKNOWN, NOT_REGULAR_OUT, SCORES_MOVED, Report
from catalog.importers.source import SourceCard, SourceModel, SourceProvider
from catalog.importers.summary import Summary
from catalog.importers.values import clean_name, clean_text
from catalog.read import gate, load


def _plan_registries(out: Path, cards: list[dict[str, Any]], summary: Summary) -> None:
    used_caps = {c for card in cards for c in card.get("capabilities") or []}
    used_benchmarks = {b for card in cards for b in card.get("benchmarks") or {}}
    wanted = {
        gate.CAPABILITIES_FILE: [c for c in CAPABILITIES if c in used_caps],
        gate.BENCHMARKS_FILE: [b for b in BENCHMARKS if b in used_benchmarks],
    }
    for kind, ids in wanted.items():
        path = out / kind
        if not _exists(path):
            summary.files[path] = (REGISTRY_HEADERS[kind] + registry_text(kind, ids)).encode()
            summary.registries.append(f"{kind}: written with {len(ids)} entries")
            continue
        try:
            document = load.read(path)  # refuses a link or what is not a regular file
            present = document.data
        except CatalogError as exc:
            raise CatalogError(
                exc.path, exc.line, exc.col, exc.field, exc.message + "; nothing was imported"
            ) from None
        if present is not None and not isinstance(present, dict):
            raise CatalogError(
                load.display_path(path), 1, 1, "", "the registry is not a mapping of ids; "
                "nothing was imported", "a mapping of ids to entries",
            )  # fmt: skip
        missing = [i for i in ids if i not in (present or {})]
        if missing:
            text = document.text
            if not present:  # only comments, or `{}`: keep the comments, then the entries
                text = "".join(line for line in text.splitlines(True) if line.startswith("#"))
            text = text if text.endswith("\n") or not text else text + "\n"
            summary.files[path] = (text + registry_text(kind, missing)).encode()
            summary.registries.append(f"{kind}: {len(missing)} added ({', '.join(missing)})")
    site = out / gate.SITE_FILE
    if not _exists(site):
        text = REGISTRY_HEADERS[gate.SITE_FILE] + format_mapping(SITE_SETTINGS)
        summary.files[site] = text.encode()
        summary.registries.append("site.yaml: written with neutral settings")


def plan(
    source: str,
    out: Path,
    providers: list[SourceProvider],
    cards: list[SourceCard],
    report: Report,
    models: Sequence[SourceModel] = (),
) -> Summary:
    """Merge the source with the models folder ``out``: every file to write, and the summary.
    Provider files, lab files and logos already there are a person's and left as they are.

    ``models`` are the lab models the cards are offers of: each is merged into its model card
    (labs/<lab>/<model>.yaml) first, and an offer card is then written over it, stating what
    differs (:func:`catalog.importers.merge.factor`)."""
    started = time.perf_counter()
    summary = Summary(source=source, providers_read=len(providers), models_read=len(cards))
    for provider in providers:
        _clean_provider(provider, report)
    for card in cards:
        _clean_card(card, report)
    # A provider folder that is a link (or a file) would have the import write elsewhere.
    refused = {p.id for p in providers if not _writable_folder(out / p.id, report)}
    providers = [p for p in providers if p.id not in refused]
    cards = [c for c in cards if c.provider_id not in refused]
    names: dict[str, str] = {}
    source_names = {provider.id: provider.name for provider in providers}
    for provider in providers:
        folder = out / provider.id
        provider_file = folder / gate.PROVIDER_FILE
        names[provider.id] = provider.name
        if _exists(provider_file):
            try:
                data = load.read(provider_file).data
                if isinstance(data, dict) and isinstance(data.get("name"), str):
                    names[provider.id] = data["name"]
            except CatalogError as exc:
                report.skip("provider file that could not be read (left as it is)", str(exc))
            continue
        headquarters = provider.headquarters or HEADQUARTERS.get(provider.id)
        data = {"name": provider.name, "logo": "logo.svg", "website": provider.website}
        if headquarters is None:
            report.normalize(HEADQUARTERS_UNKNOWN, provider.id)
        else:
            data["headquarters"] = headquarters
        summary.files[provider_file] = format_mapping(data, PROVIDER_ORDER).encode()
        logo = folder / "logo.svg"
        if not _exists(logo):
            summary.files[logo] = logo_for(provider, report)
        elif not logo.is_file() or logo.is_symlink():
            report.skip(NOT_REGULAR_OUT, load.display_path(logo))
        summary.providers_added.append(provider.id)

    written: list[dict[str, Any]] = []
    model_cards = _plan_models(out, models, summary, report)
    produced: set[str] = set()
    for card in cards:
        path = out / card.provider_id / f"{card.model_id}.yaml"
        produced.add(card.id)
        existing = _existing(path, "card", report)
        if existing is None:
            continue
        previous, old = existing
        provider_name = names.get(card.provider_id, card.provider_id)
        new = merge_card(
            card,
            old,
            provider_name,
            report,
            source_provider_name=source_names.get(card.provider_id, ""),
        )
        ref = card.model if card.model in model_cards else None
        if ref is not None:
            generated = describe(new, provider_name)
            offer = factor(new, model_cards[ref].new, ref, generated, card.id, report)
            if offer is not None:
                _hoist_scores(new, model_cards[ref], card.id, report)
                model_cards[ref].offered = True
                new = offer
            elif (old or {}).get("model") == ref:
                new.pop("model", None)  # written as a card of its own (the report says why)
        written.append(new)
        if old is None:
            summary.added.append(card.id)
        elif same(old, new):
            continue
        else:
            summary.changed[card.id] = diff_lines(old, new)
        summary.files[path] = format_card(new, previous).encode()

    _write_models(model_cards, summary, written)

    # The cards already there are the files check takes for cards (the gate decides), no others.
    listing = gate.walk(out) if out.is_dir() else gate.Listing()
    importing = {out / provider.id for provider in providers}
    for path, folder in listing.cards:
        parts = gate.card_parts(out, path)
        if folder in importing and parts is not None:
            model_id = "/".join(parts)
            if model_id not in produced:
                summary.gone.append(model_id)
                try:  # its capabilities and benchmarks must stay in the registries
                    data = load.read(path).data
                    if isinstance(data, dict):
                        written.append(data)
                except CatalogError:
                    pass
    _plan_registries(out, written, summary)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _ModelCard:
    """A model card being planned: where it goes, what is there, what it will say."""

    path: Path
    previous: load.Document | None
    old: dict[str, Any] | None
    new: dict[str, Any]
    lab: dict[str, Any]  # its lab.yaml, written when the lab has none
    offered: bool = False  # an imported card is written as an offer of it


def _plan_models(
    out: Path, models: Sequence[SourceModel], summary: Summary, report: Report
) -> dict[str, _ModelCard]:
    """The model cards to write, merged with those in ``out`` (and a lab.yaml for a lab that
    has none), by id, for the offers to be written over; :func:`_write_models` writes them."""
    merged: dict[str, _ModelCard] = {}
    labs = out / gate.LABS_FOLDER
    if models and not _writable_folder(labs, report):
        return merged
    for model in models:
        folder = labs / model.lab_id
        if not _writable_folder(folder, report):
            continue
        path = folder / f"{model.model_id}.yaml"
        existing = _existing(path, "model card", report)
        if existing is None:
            continue
        previous, old = existing
        model.facts = _clean_facts(model.facts, "", model.origin, report)
        lab = {"name": clean_name(model.lab_name, model.origin, report, model.lab_id)}
        lab["website"] = model.lab_website
        new = merge_model(model, old, report)
        merged[model.id] = _ModelCard(path, previous, old, new, lab)
    return merged


def _hoist_scores(offer: dict[str, Any], model: _ModelCard, where: str, report: Report) -> None:
    """Scores an offer's card held that its model card lacks (a person's, or another source's)
    move to the model card: an offer of a model states none, and nothing is lost."""
    scores = dict(model.new.get("benchmarks") or {})
    for bench_id, score in (offer.get("benchmarks") or {}).items():
        if bench_id not in scores:
            scores[bench_id] = score
            report.normalize(SCORES_MOVED, f"{where}: {bench_id} → {model.path.stem}")
    if scores:
        model.new["benchmarks"] = scores


def _write_models(
    models: dict[str, _ModelCard], summary: Summary, written: list[dict[str, Any]]
) -> None:
    for model_id, model in models.items():
        if model.old is None and not model.offered:
            continue  # every card naming it is written as its own: a model page of no offer
        lab_file = model.path.parent / gate.LAB_FILE
        if not _exists(lab_file) and lab_file not in summary.files:
            summary.files[lab_file] = format_mapping(model.lab, LAB_ORDER).encode()
        written.append(model.new)
        shown = f"{gate.LABS_FOLDER}/{model_id}"
        if model.old is None:
            summary.models_added.append(shown)
        elif not same(model.old, model.new):
            summary.changed[shown] = diff_lines(model.old, model.new)
        else:
            continue
        summary.files[model.path] = format_card(model.new, model.previous).encode()


def _existing(
    path: Path, kind: str, report: Report
) -> tuple[load.Document | None, dict[str, Any] | None] | None:
    """The card already at ``path`` (its document and data; both None when there is none), or
    None when one is there that cannot be merged: it is reported and left as it is."""
    if not _exists(path):
        return None, None
    try:  # a link or a folder too: load.read refuses it
        previous = load.read(path)
    except CatalogError as exc:
        report.skip(f"existing {kind} that could not be read (left as it is)", str(exc))
        return None
    if not isinstance(previous.data, dict):
        report.skip(f"existing {kind} that is not a mapping (left as it is)", str(path))
        return None
    return previous, previous.data


def _exists(path: Path) -> bool:
    """Whether anything is at ``path``, a dangling link included (``is_file`` would call it
    absent and the import would then write through it, out of the models folder)."""
    return os.path.lexists(path)


def _writable_folder(folder: Path, report: Report) -> bool:
    if folder.is_symlink() or (_exists(folder) and not folder.is_dir()):
        report.skip(NOT_REGULAR_OUT, f"{load.display_path(folder)} (its provider not imported)")
        return False
    return True


def _clean_provider(provider: SourceProvider, report: Report) -> None:
    provider.name = clean_name(
        provider.name, f"{provider.origin}: name", report, fallback=provider.id
    )


def _clean_facts(value: Any, key: str, where: str, report: Report) -> Any:
    if isinstance(value, str):
        return clean_text(value, f"{where}: {key}", report, multiline=key in PROSE_KEYS)
    if isinstance(value, Mapping):
        return {
            k: _clean_facts(v, f"{key}.{k}" if key else k, where, report) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_clean_facts(v, key, where, report) for v in value]
    return value


def _clean_card(card: SourceCard, report: Report) -> None:
    """What a card is written from holds no control character (check refuses them in every
    value, and a terminal or a page would obey them) and a name check accepts."""
    facts = _clean_facts(card.facts, "", card.origin, report)
    if isinstance(facts.get("name"), str):
        facts["name"] = clean_name(facts["name"], f"{card.origin}: name", report, card.model_id)
    card.facts = facts


def write(summary: Summary) -> None:
    """Write the files :func:`plan` decided on."""
    for path, data in summary.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Never through a link: one put where a file is to be written would send it elsewhere.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags, 0o666), "wb") as handle:
            handle.write(data)
