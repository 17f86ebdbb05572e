"""The one source of truth for what a card, a provider, the site and the registries may say.

Every field carries a description: it is the "expected …" part of error messages and the
documentation in the JSON Schema that editors use. Models are strict: unknown keys are errors,
and no value is coerced from another type (``"12"`` is not a number, ``yes`` is not a string).

A little over 500 lines on purpose: every file kind's schema is here, so the JSON Schemas, the
editors' hints and the error texts all come from one place.
"""

from __future__ import annotations

import re
import typing
import unicodedata
import urllib.parse
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
    ValidationInfo,
    WithJsonSchema,
    field_validator,
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


def _plain(value: Decimal) -> Decimal:
    # The same value as written, in the form every page prints it with str(): -0.0 is 0.0 (else
    # "$-0.00" and "-0.0%"), and an exponent is written out (a score of 1.5e+1 reads "15", not
    # "1.5E+1%"). Only such numbers are rebuilt; a plain one is returned as it is.
    if value.is_zero():
        value = value.copy_abs()
    if value.as_tuple().exponent > 0 or value.adjusted() < -6:  # where str() would use E
        value = Decimal(f"{value:f}")
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("must not be negative")
    return value


# Prices are USD per 1M tokens; six decimal places is a millionth of a dollar per million tokens,
# far below any real price, and every figure derived from a price (costs, the blended price of
# the charts) is computed from that exact value. A price with more places is refused rather than
# shown rounded ($0.123457 for a price of 0.1234567…) or sent to JSON as a binary float.
PRICE_PLACES = 6


def _decimal_places(value: Decimal) -> int:
    """Places after the point that matter: 0.40 has 1. Counted on the digits, not through
    normalize(), which would round a value longer than the context's 28 digits."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: _finite ran first
    if exponent >= 0:
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(-exponent - zeros, 0)


def _price_places(value: Decimal) -> Decimal:
    places = _decimal_places(value)
    if places > PRICE_PLACES:
        shown = f"{value:f}"
        shown = shown if len(shown) <= 24 else f"{shown[:20]}… ({len(shown):,} characters)"
        raise ValueError(f"{shown} has {places} decimal places; a price has at most {PRICE_PLACES}")
    return value


Number = Annotated[
    Decimal,
    BeforeValidator(_exact_decimal),
    AfterValidator(_finite),
    AfterValidator(_plain),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"type": "number"}),
]
Price = Annotated[Number, AfterValidator(_non_negative), AfterValidator(_price_places)]

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
# Rendering Markdown takes time in proportion to its length (render.py uses a linear-time
# CommonMark parser; its worst inputs, runs of "![" or "[![", take about 12 µs a character here).
# A card's page renders its description and every FAQ answer, so the card as a whole is bounded
# too: at most this much, under half a second, whatever the text holds.
MARKDOWN_PER_CARD = 40_000

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


# The base URL and the key placeholder are pasted into a terminal with the cURL snippet and into
# code (snippets.py quotes them for each language). The URL is also refused anything a shell or
# a reader could take for more than a URL: spaces, quotes, backslashes, shell metacharacters,
# control and format characters.
_SHELL_SPECIAL = ";|&$`<>(){}!*?[]'\"\\"
_SPECIAL_KINDS = {"'": "a quote", '"': "a quote", "\\": "a backslash"}


_INVISIBLE = {
    "Cc": "the control character", "Cf": "the format character", "Zs": "the space",
    "Zl": "the line break", "Zp": "the line break", "Cs": "the lone surrogate",
}  # fmt: skip


def _unprintable(value: str) -> str | None:
    """The first character of ``value`` that is not shown as itself (a line break, a control or
    a format character such as a bidi override), named with its U+XXXX; None if there is none."""
    bad = next((c for c in value if not c.isprintable()), None)
    if bad is None:
        return None
    category = "Zl" if bad in "\n\r\x85" else unicodedata.category(bad)
    kind = _INVISIBLE.get(category, "the unassigned character")
    return f"{kind} U+{ord(bad):04X}"


def _router_url(value: str) -> str:
    if not value.startswith("https://"):
        raise ValueError(f"{_shown(value)} is not an https:// URL")
    if (code := _unprintable(value)) is not None:
        raise ValueError(f"{_shown(value)} contains {code}")
    if " " in value:
        raise ValueError(f"{_shown(value)} contains a space")
    if special := next((c for c in value if c in _SHELL_SPECIAL), None):
        kind = _SPECIAL_KINDS.get(special, "a shell metacharacter")
        raise ValueError(f"{_shown(value)} contains {special!r}, {kind}")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a valid URL") from None
    if not parts.hostname:
        raise ValueError(f"{_shown(value)} has no host name")
    return value


def _one_line(value: str) -> str:
    if (code := _unprintable(value)) is not None:
        raise ValueError(f"{_shown(value)} contains {code}")
    return value


RouterUrl = Annotated[
    str,
    Field(max_length=500),
    AfterValidator(_router_url),
    WithJsonSchema({
        "type": "string", "maxLength": 500,
        # (no backslash before the double quote: JSON Schema regexes are ECMAScript's, where
        # an escape of a character that needs none is an error)
        "pattern": r"^https://[^\s;|&$`<>(){}!*?\[\]'" '"' r"\\\u0000-\u001f\u007f]+$",
    }),
]  # fmt: skip
OneLine = Annotated[
    str,
    Field(min_length=1, max_length=500),
    AfterValidator(_one_line),
    WithJsonSchema({
        "type": "string", "minLength": 1, "maxLength": 500,
        "pattern": r"^[^\u0000-\u001f\u007f]+$",
    }),
]  # fmt: skip


class Settings(_Strict):
    # What models/site.yaml says (no docstring: it would become the JSON Schema's description).
    # Titled as the file it describes, so schema/site.json keeps its name and bytes.
    model_config = ConfigDict(title="Site")

    name: Text = Field(description="the router's name, as shown on every page")
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+/$")] = Field(
        description="where the site is published, ending in /: canonical URLs, feed and sitemap"
    )
    base_url: RouterUrl = Field(
        description="the router's OpenAI-compatible base URL, https:// without spaces, quotes, "
        "backslashes or shell metacharacters"
    )
    api_key_placeholder: OneLine = Field(
        description="the placeholder shown for the API key, one line of printable characters"
    )
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
    credit: Text | None = Field(
        default=None,
        description="a line of Markdown in every page's footer: where the catalog's facts come "
        "from and under which licence",
    )
    # Only typed here: the build reads it before the check (catalog/render/theme.py resolve),
    # and refuses there, located at this line, a folder that is missing or holds no theme.
    theme: OneLine | None = Field(
        default=None,
        description="a theme folder, relative to the models folder: its templates/ and static/ "
        "are searched first, then the default theme's (catalog build --theme overrides it)",
    )


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

    @field_validator("max")
    @classmethod
    def _above_min(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        # A scale needs a length: bars and charts divide by max - min.
        low = info.data.get("min")  # absent when min itself was invalid
        if low is not None and value <= low:
            raise ValueError(f"{value} is not above the scale's min of {low}")
        return value


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


class ProviderFile(_Strict):
    # What a provider's provider.yaml says; titled as the file, as Settings is.
    model_config = ConfigDict(title="Provider")

    name: Text = Field(description="the provider's display name")
    logo: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*\.svg$")] = Field(
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


def _price(description: str) -> Any:
    return Field(default=None, description=description)


class TokenPrices(_Strict):
    """What a price list, a long-context tier and a batch, flex or priority variant each state:
    USD per 1M tokens of each kind. Left out is unknown (billing.py says what a tier or variant
    that leaves one out is billed)."""

    input: Price | None = _price("USD per 1M input tokens, e.g. 0.40")
    output: Price | None = _price("USD per 1M output tokens")
    cache_write: Price | None = _price("USD per 1M tokens written to cache")
    cache_read: Price | None = _price("USD per 1M cached input tokens")
    cache_write_1h: Price | None = _price(
        "USD per 1M tokens written to the one-hour cache, where it is priced apart"
    )
    reasoning: Price | None = _price(
        "USD per 1M reasoning tokens where they are billed apart from output (left out, they "
        "are billed as output)"
    )
    audio_input: Price | None = _price("USD per 1M audio input tokens")
    audio_output: Price | None = _price("USD per 1M audio output tokens")
    image_input: Price | None = _price("USD per 1M image input tokens")
    image_output: Price | None = _price("USD per 1M image output tokens")


class PriceTier(TokenPrices):
    above: int = Field(
        gt=0,
        description="prompt tokens (input, cached and cache-write tokens together) over which "
        "the whole request, output included, is billed at this tier's prices, e.g. 200000",
    )
    cache_write: Price | None = _price(
        "USD per 1M tokens written to cache in this tier; left out, it follows the tier's input "
        "price at the standard ratio"
    )
    cache_read: Price | None = _price(
        "USD per 1M cached input tokens in this tier; left out, it follows the tier's input "
        "price at the standard ratio"
    )


class VariantPricing(TokenPrices):
    cache_write: Price | None = _price(
        "USD per 1M tokens written to cache; left out, it follows this input price at the "
        "standard ratio"
    )
    cache_read: Price | None = _price(
        "USD per 1M cached input tokens; left out, it follows this input price at the standard "
        "ratio"
    )
    tiers: list[PriceTier] = Field(
        default_factory=list,
        description="this variant's long-context prices; without them a prompt over the "
        "standard first threshold has no known variant price",
    )


class Pricing(TokenPrices):
    per_request: Price | None = _price("USD per request, a fee on top of the tokens, e.g. 0.005")
    per_search: Price | None = _price("USD per web search the model runs, e.g. 0.01")
    source: Url | None = Field(
        default=None, description="where the provider publishes these prices, an https:// URL"
    )
    tiers: list[PriceTier] = Field(
        default_factory=list,
        description="long-context prices, lowest threshold first: a prompt over a tier's "
        "`above` is billed at that tier's prices for the whole request",
    )
    batch: VariantPricing | None = Field(
        default=None,
        description="prices for requests sent through the provider's batch API (answered "
        "within a day), e.g. half the standard ones",
    )
    flex: VariantPricing | None = Field(
        default=None, description="prices of the flex tier: lower, with slower, best-effort answers"
    )
    priority: VariantPricing | None = Field(
        default=None, description="prices of the priority tier: higher, with faster answers"
    )


class Score(_Strict):
    score: Number = Field(description="the score on the benchmark's scale")
    source: Url = Field(description="where the score was published, an https:// URL")
    date: CalendarDate | None = Field(
        default=None, description="when the score was published or measured, YYYY-MM-DD"
    )


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


InputModality = Literal["text", "image", "audio", "video", "pdf"]
OutputModality = Literal["text", "image", "audio"]
# Each side's kinds in the order cards list them (the importers write them so).
MODALITY_KINDS: dict[str, tuple[str, ...]] = {
    "input": typing.get_args(InputModality),
    "output": typing.get_args(OutputModality),
}


class Modalities(_Strict):
    input: list[InputModality] = Field(
        min_length=1, description="what the model reads: text, image, audio, video, pdf"
    )
    output: list[OutputModality] = Field(
        min_length=1, description="what the model writes: text, image, audio"
    )


ModelRef = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._/-]*$", max_length=200),
]


class ModelFacts(_Strict):
    """What a model card and an offer card may both say of the model: an offer naming a model
    inherits each of these it does not state (validate.INHERITED)."""

    name: Text = Field(description="the model's display name, e.g. gpt-4.1-mini")
    description: Markdown = Field(description="what the model is, in Markdown")
    capabilities: list[Id] = Field(
        default_factory=list, description="capability ids from capabilities.yaml"
    )
    context_window: int | None = Field(
        default=None, gt=0, description="the context window in tokens, a positive integer"
    )
    max_output: int | None = Field(
        default=None, gt=0, description="the maximum output in tokens, a positive integer"
    )
    max_input: int | None = Field(
        default=None,
        gt=0,
        description="the largest prompt in tokens, where it is below the context window "
        "(GPT-5: 272,000 of 400,000)",
    )
    modalities: Modalities | None = Field(
        default=None, description="what the model reads and writes; omit when not known"
    )
    released: CalendarDate | None = Field(default=None, description="release date, YYYY-MM-DD")
    knowledge_cutoff: Month | None = Field(
        default=None, description="training data cutoff, YYYY-MM"
    )
    benchmarks: dict[Id, Score] = Field(
        default_factory=dict, description="scores by benchmark id from benchmarks.yaml"
    )
    faq: list[FaqEntry] = Field(default_factory=list, description="extra questions and answers")
    status: Literal["preview", "stable", "deprecated"] = Field(
        default="stable", description="lifecycle: preview, stable or deprecated"
    )
    retires: CalendarDate | None = Field(
        default=None, description="retirement date of a deprecated model, YYYY-MM-DD"
    )

    @field_validator("faq")
    @classmethod
    def _markdown_per_card(cls, faq: list[FaqEntry], info: ValidationInfo) -> list[FaqEntry]:
        # Only the FAQ can take a card over: the description alone is at most 20,000.
        total = len(info.data.get("description", "")) + sum(len(e.answer) for e in faq)
        if total > MARKDOWN_PER_CARD:
            raise ValueError(
                f"the description and the FAQ answers hold {total:,} characters of Markdown; "
                f"a card holds at most {MARKDOWN_PER_CARD:,}"
            )
        return faq


class Parameters(_Strict):
    total: int = Field(gt=0, description="the model's parameters, e.g. 117000000000")
    active: int | None = Field(
        default=None, gt=0, description="parameters active per token, for a mixture of experts"
    )


class ModelCard(ModelFacts):
    # What labs/<lab>/<model>.yaml says: the model as its lab released it, whoever serves it.
    model_config = ConfigDict(title="Model")

    open_weights: bool | None = Field(
        default=None, description="true if the weights are published for anyone to run"
    )
    licence: Text | None = Field(
        default=None, description="the licence of the weights, e.g. Apache-2.0"
    )
    parameters: Parameters | None = Field(
        default=None, description="parameter counts, where the lab published them"
    )


class LabFile(_Strict):
    # What a lab's lab.yaml says.
    model_config = ConfigDict(title="Lab")

    name: Text = Field(description="the lab's display name, e.g. OpenAI")
    website: Url = Field(description="the lab's website, an https:// URL")


def _card_json_schema(schema: dict[str, Any]) -> None:
    # An offer that names its model inherits the name and description: one of the two is required.
    schema["required"] = [k for k in schema.get("required", []) if k not in ("name", "description")]
    schema["anyOf"] = [{"required": ["model"]}, {"required": ["name", "description"]}]


class Card(ModelFacts):
    # A provider's card: an offer of a model. With `model:` it inherits what it does not state.
    model_config = ConfigDict(title="Card", json_schema_extra=_card_json_schema)

    model: ModelRef | None = Field(
        default=None,
        description="the model card it offers, lab/model (labs/<lab>/<model>.yaml); the card "
        "inherits the model's facts it does not state",
    )
    api: Literal["chat", "responses", "completions", "embeddings"] = Field(
        default="chat", description="the API the model is called through"
    )
    added: CalendarDate = Field(description="date added to the catalog, YYYY-MM-DD")
    pricing: Pricing = Field(default_factory=Pricing, description="USD per 1M tokens")
    data_policy: DataPolicy = Field(
        default_factory=DataPolicy, description="overrides of the provider's data policy"
    )
    regions: Annotated[dict[Id, RegionOffer | None], BeforeValidator(_region_list)] | None = Field(
        default=None,
        description="region ids from provider.yaml; omit for a model without regions",
        json_schema_extra=_regions_json_schema,
    )
    geography: Geography | None = Field(
        default=None,
        description="for a card without regions that serves requests across several regions: "
        "the data-residency geography they stay in, e.g. EU for an Amazon Bedrock EU "
        "cross-region inference profile, GLOBAL for a global one (default: where the provider "
        "is based)",
    )
    replaced_by: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._/-]*$")] | None = Field(
        default=None, description="the id of the model that replaces it, e.g. openai/gpt-5"
    )
