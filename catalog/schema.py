"""The one source of truth for what a card, a provider, the site and the registries may say.

Every field carries a description: it is the "expected …" part of error messages and the
documentation in the JSON Schema that editors use. Models are strict: unknown keys are errors,
and no value is coerced from another type (``"12"`` is not a number, ``yes`` is not a string).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

# --------------------------------------------------------------------------- value types


def _exact_decimal(value: Any) -> Any:
    # YAML floats already arrive as Decimal (see load.py); ints are exact too. Strings, bools and
    # binary floats are refused so that a price is never reinterpreted on its way to the page.
    if isinstance(value, bool):
        raise ValueError("a number is required, not a boolean")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise ValueError("binary floats are not accepted; pass a Decimal")
    if isinstance(value, str):
        raise ValueError("a number is required, not text (remove the quotes)")
    return value


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("must not be negative")
    return value


Number = Annotated[
    Decimal,
    BeforeValidator(_exact_decimal),
    AfterValidator(_finite),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"type": "number"}),
]
Price = Annotated[Number, AfterValidator(_non_negative)]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _shown(value: Any, limit: int = 60) -> str:
    """A value as an error message quotes it: its repr, cut short (a card may hold any
    structure where a date belongs)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _calendar_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ValueError(f"{_shown(value)} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date") from None


CalendarDate = Annotated[
    date,
    BeforeValidator(_calendar_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _month(value: Any) -> Any:
    text = value.isoformat() if isinstance(value, date) else value
    match = _MONTH_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{_shown(value)} is not a month written YYYY-MM (or a date YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        date(int(year), int(month), int(day or 1))
    except ValueError:
        raise ValueError(f"{text} is not a real calendar month or date") from None
    return text


Month = Annotated[
    str,
    BeforeValidator(_month),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
]

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, Field(pattern=r"^https://[^\s]+$", max_length=500)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
Markdown = Annotated[str, Field(min_length=1, max_length=20_000)]

Geography = Literal[
    "US", "EU", "UK", "CH", "NO", "CA", "LATAM", "BR", "APAC", "JP", "KR", "IN", "AU", "SG",
    "CN", "ME", "AF", "GLOBAL",
]  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------------- site settings


class CostScenario(_Strict):
    input_tokens: int = Field(gt=0, description="input tokens of the scenario, a positive integer")
    output_tokens: int = Field(
        gt=0, description="output tokens of the scenario, a positive integer"
    )


class CallToAction(_Strict):
    text: Text = Field(description="the sentence under the call-to-action heading")
    label: Text = Field(description="the button label")
    url: Url = Field(description="where the button leads, an https:// URL")


class Site(_Strict):
    name: Text = Field(description="the router's name, as shown on every page")
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+/$")] = Field(
        description="where the site is published, ending in /: canonical URLs, feed and sitemap"
    )
    base_url: Url = Field(description="the router's OpenAI-compatible base URL")
    api_key_placeholder: Text = Field(description="the placeholder shown for the API key")
    pricing_note: Text = Field(description="the sentence shown under the price table")
    pricing_faq_note: Text = Field(description="the sentence closing the cost FAQ answer")
    benchmark_note: Text = Field(description="the sourcing note under the benchmarks")
    quickstart_prompt: Text = Field(description="the user message in the quickstart snippets")
    cost_scenarios: list[CostScenario] = Field(
        min_length=1, max_length=6, description="the token mixes of the estimated cost table"
    )
    other_models_limit: int = Field(
        default=8, ge=1, le=50, description="how many other models of the provider a page lists"
    )
    cta: CallToAction = Field(description="the call to action closing every model page")


# --------------------------------------------------------------------------- registries


class Benchmark(_Strict):
    name: Text = Field(description="the benchmark's display name")
    category: Literal[
        "coding", "reasoning", "knowledge", "math", "agentic", "multimodal", "long-context",
        "instruction-following", "composite",
    ] = Field(description="the skill the benchmark measures")  # fmt: skip
    description: Text = Field(description="one line saying what the benchmark measures")
    min: Number = Field(default=Decimal(0), description="the lowest possible score")
    max: Number = Field(default=Decimal(100), description="the highest possible score")
    unit: Literal["%", ""] = Field(default="%", description='"%" for percentages, "" for points')


class Capability(_Strict):
    label: Text = Field(description="the badge label, e.g. Vision")
    icon: Annotated[str, Field(max_length=8)] = Field(
        default="", description="a short symbol shown before the label"
    )
    phrase: Text = Field(description="how the FAQ names it, e.g. 'vision input'")


# --------------------------------------------------------------------------- providers


class Region(_Strict):
    name: Text = Field(description="the region's display name, e.g. France Central")
    country: CountryCode = Field(description="ISO 3166 two-letter country code, e.g. FR")
    geography: Geography = Field(description="the data-residency geography, e.g. EU or US")


class DataPolicy(_Strict):
    data_retention: bool | None = Field(
        default=None, description="true if the provider retains prompts and outputs"
    )
    used_for_training: bool | None = Field(
        default=None, description="true if the provider trains on prompts and outputs"
    )


class Provider(_Strict):
    name: Text = Field(description="the provider's display name")
    logo: Annotated[str, Field(pattern=r"^[a-z0-9._-]+\.svg$")] = Field(
        description="an SVG file beside provider.yaml"
    )
    website: Url = Field(description="the provider's website, an https:// URL")
    headquarters: CountryCode | None = Field(
        default=None, description="ISO 3166 country code of the provider, e.g. US"
    )
    about: Markdown | None = Field(default=None, description="a short Markdown introduction")
    data_policy: DataPolicy = Field(
        default_factory=DataPolicy, description="defaults for the provider's models"
    )
    regions: dict[Id, Region] = Field(
        default_factory=dict, description="regions by id, e.g. francecentral"
    )


# --------------------------------------------------------------------------- model cards


class Pricing(_Strict):
    input: Price | None = Field(default=None, description="USD per 1M input tokens, e.g. 0.40")
    output: Price | None = Field(default=None, description="USD per 1M output tokens")
    cache_write: Price | None = Field(
        default=None, description="USD per 1M tokens written to cache"
    )
    cache_read: Price | None = Field(default=None, description="USD per 1M cached input tokens")


class Score(_Strict):
    score: Number = Field(description="the score on the benchmark's scale")
    source: Url = Field(description="where the score was published, an https:// URL")


class FaqEntry(_Strict):
    question: Text = Field(description="the question")
    answer: Markdown = Field(description="the answer, in Markdown")


class RegionOffer(_Strict):
    pricing: Pricing | None = Field(
        default=None, description="prices that differ in this region; others are the card's"
    )
    added: CalendarDate | None = Field(
        default=None, description="when this region was added, if later than the model"
    )


def _regions_json_schema(schema: dict[str, Any]) -> None:
    # The list form is accepted too (see _region_list); say so to editors.
    schema["anyOf"].insert(0, {"type": "array", "items": {"type": "string"}, "uniqueItems": True})


def _region_list(value: Any) -> Any:
    # `regions: [francecentral, eastus]` is the common case; the mapping form carries overrides.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {v: None for v in value}
    return value


class Card(_Strict):
    name: Text = Field(description="the model's display name, e.g. gpt-4.1-mini")
    description: Markdown = Field(description="what the model is, in Markdown")
    api: Literal["chat", "responses", "completions", "embeddings"] = Field(
        default="chat", description="the API the model is called through"
    )
    capabilities: list[Id] = Field(
        default_factory=list, description="capability ids from capabilities.yaml"
    )
    context_window: int | None = Field(
        default=None, gt=0, description="the context window in tokens, a positive integer"
    )
    max_output: int | None = Field(
        default=None, gt=0, description="the maximum output in tokens, a positive integer"
    )
    released: CalendarDate | None = Field(default=None, description="release date, YYYY-MM-DD")
    added: CalendarDate = Field(description="date added to the catalog, YYYY-MM-DD")
    knowledge_cutoff: Month | None = Field(
        default=None, description="training data cutoff, YYYY-MM"
    )
    benchmarks: dict[Id, Score] = Field(
        default_factory=dict, description="scores by benchmark id from benchmarks.yaml"
    )
    pricing: Pricing = Field(default_factory=Pricing, description="USD per 1M tokens")
    data_policy: DataPolicy = Field(
        default_factory=DataPolicy, description="overrides of the provider's data policy"
    )
    regions: Annotated[dict[Id, RegionOffer | None], BeforeValidator(_region_list)] | None = Field(
        default=None,
        description="region ids from provider.yaml; omit for a model without regions",
        json_schema_extra=_regions_json_schema,
    )
    faq: list[FaqEntry] = Field(default_factory=list, description="extra questions and answers")
    status: Literal["preview", "stable", "deprecated"] = Field(
        default="stable", description="lifecycle: preview, stable or deprecated"
    )
    retires: CalendarDate | None = Field(
        default=None, description="retirement date of a deprecated model, YYYY-MM-DD"
    )
    replaced_by: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._/-]*$")] | None = Field(
        default=None, description="the id of the model that replaces it, e.g. openai/gpt-5"
    )
