"""What an importer hands over: the providers and models of its source, in our units and formats
(USD per 1M tokens as exact decimals, YYYY-MM-DD, capability and benchmark ids), before they are
merged with the models folder (:mod:`catalog.importers.plan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.importers.registries import CAPABILITIES


@dataclass
class SourceProvider:
    id: str
    name: str
    website: str
    headquarters: str | None
    logo: bytes | None  # the source's SVG, or None for a monogram of our own
    origin: str  # where it came from, for messages
    logo_origin: str = ""  # where the logo came from, for messages


@dataclass
class SourceCard:
    """One model as the source describes it, in our units. ``facts`` holds only what the source
    says: name, api, capabilities, context_window, max_input, max_output, modalities,
    released, added, knowledge_cutoff, benchmarks, pricing, status, retires."""

    provider_id: str
    model_id: str
    origin: str
    facts: dict[str, Any]
    # The capabilities this source decides on; others already on a card are a person's and kept.
    decides: frozenset[str] = frozenset(CAPABILITIES)
    # The model card this is an offer of (lab/model, a SourceModel's id), when the source says.
    model: str | None = None

    @property
    def id(self) -> str:
        return f"{self.provider_id}/{self.model_id}"


@dataclass
class SourceModel:
    """A model as its lab released it (labs/<lab>/<model>.yaml), in our units. ``facts`` holds
    card facts of the model alone (no prices, regions or dates added)."""

    lab_id: str
    model_id: str
    lab_name: str
    lab_website: str
    origin: str
    facts: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.lab_id}/{self.model_id}"
