"""What an import tells the reviewer: the kinds of things it normalized, could not represent or
skipped (one sentence each, as the summary prints them), and the :class:`Report` that collects
them while the source is read and merged.

Kinds only one importer finds are defined in that importer; the kinds here are those the shared
stages report, or that both importers do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.read import schema

# Kinds of normalization: what the source got wrong or wrote differently, and what we did.
FLOAT_NOISE = "float noise rounded to 15 significant digits"
CUTOFF_AFTER_RELEASE = "knowledge cutoff after the release date (cutoff left out)"
DATE_NOT_REAL = "date that is not a real calendar date (left out)"
DATE_MONTH_ONLY = "release date without a day (left out of released)"
ADDED_FROM_MONTH = "added date taken from the first day of a month-only date"
CUTOFF_DAY_DROPPED = "knowledge cutoff given as a day (written as YYYY-MM)"
SAME_MODEL_CONFLICT = "same model with different facts at different providers (lab value kept)"
OUTPUT_ABOVE_CONTEXT = "max output above the context window (max output left out)"
ZERO_LIMIT = "limit of 0 tokens (left out as unknown)"
CACHE_READ_ABOVE_INPUT = "cache-read price above the input price (cache read left out)"
SCORES_MOVED = "scores on an offer's card that its model card lacked (moved to the model card)"
OFFER_ABOVE_MODEL = (
    "offer that says more than its lab model (another modality, or a limit it would inherit "
    "above its own window): written as a card of its own, not an offer of the model card"
)
OFFER_LIMIT_ABOVE_MODEL = (
    "offer limit above its lab model's (the lab's kept: the offer inherits it)"
)
COST_KEY_ALIAS = "nonstandard cost key read as its standard name"
ID_NORMALIZED = "model id normalized to lower-case letters, digits, '.', '_' and '-'"
ID_COLLISION = "ids that collide after normalization (a hash of the source id appended)"
LAB_BENCHMARKS = "benchmarks of the lab's own model file, for the lab's own API (no base_model)"
LINKED_BY_ID = (
    "offer without base_model whose id names a lab model (made an offer of it, as if it said "
    "base_model)"
)
LINK_FOLLOWED = "file holding a link to another file (the link was followed)"
SCORE_OFF_SCALE = "benchmark score outside its scale (left out)"
BAD_URL = "benchmark source that is not an https:// URL (score left out)"
HEADQUARTERS_UNKNOWN = "provider headquarters unknown (left out: add it to provider.yaml)"
ID_RESERVED = (
    "id check refuses (a name of the catalog's own files or of a Windows device, index, an "
    "ending .html or .json): its dots made '-', or a hash of the source id appended"
)
CONTROL_DROPPED = (
    "control characters dropped from text (line breaks and tabs kept in descriptions only)"
)
TEXT_CUT = "name longer than the 500 characters a card holds (cut)"
NUMBER_OUT_OF_RANGE = (
    "number no card can hold: not finite, 10^12 or more, below 10^-30 or too long to read "
    "(left out)"
)
# check refuses a price with more decimal places than the catalog keeps: it is rounded to as many.
PRICE_ROUNDED = (
    f"price with more than {schema.PRICE_PLACES} decimal places (rounded to {schema.PRICE_PLACES})"
)
PRICE_BELOW_PLACES = f"price that is 0 at {schema.PRICE_PLACES} decimal places but not 0 (left out)"
LOGO_REFUSED = "source logo that is not a safe SVG (our monogram written instead)"
# What already sits in the models folder where the import would write, and is not a regular
# file: left as it is (writing would follow a link out of the folder; check refuses it anyway).
NOT_REGULAR_OUT = "link or other non-regular file in the models folder (left as it is)"

# Kinds of facts our schema has no field for, that both sources have.
TIER_PRICES = (
    "context-tier prices a card cannot hold (no prompt size, or one the context window does not "
    "reach)"
)
AUDIO_PRICES = "audio-token prices"
REASONING_PRICES = "reasoning-token prices"


@dataclass
class Report:
    """Everything worth telling the reviewer, grouped by kind, in the order it was found."""

    normalized: dict[str, list[str]] = field(default_factory=dict)
    not_represented: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _add(group: dict[str, list[str]], kind: str, item: str) -> None:
        group.setdefault(kind, []).append(item)

    def normalize(self, kind: str, item: str) -> None:
        self._add(self.normalized, kind, item)

    def unrepresented(self, kind: str, item: str) -> None:
        self._add(self.not_represented, kind, item)

    def skip(self, kind: str, item: str) -> None:
        self._add(self.skipped, kind, item)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "normalized": {k: len(v) for k, v in self.normalized.items()},
            "not represented": {k: len(v) for k, v in self.not_represented.items()},
            "skipped": {k: len(v) for k, v in self.skipped.items()},
        }
