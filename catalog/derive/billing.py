"""What a request costs, billed the way providers bill it: context tiers, caches, variants, fees.

Pure and exact: prices are ``Decimal`` USD (per 1M tokens, or per unit for fees), token counts are
``int``, and nothing here reads a file or knows the card schema. Every figure a page shows about
cost (the cost table, the calculator, the FAQ, the charts' blended price, the JSON) is meant to
come from :func:`cost`, so they cannot disagree.

Unknown is not zero. A price left out (``None``) is unknown, and a cost that needs it is unknown
(``None``), never $0. A price is only *needed* when the request has tokens (or searches) of its
kind: a request without audio does not need the audio price.

The rules, and the evidence for each (the data is models.dev at commit f3fc692, in
``../shared/corpus/models.dev``; its ``[[cost.tiers]]`` entries are ``tier = { size = N }``
followed by the prices that apply above ``N``):

1. **The whole request is billed at the tier its prompt reaches.** Above a threshold every part
   of the request, output included, uses the tier's prices: Gemini 2.5 Pro
   (``providers/google/models/gemini-2.5-pro.toml``: $1.25 / $10.00, over 200K $2.50 / $15.00),
   Claude Sonnet 4.5 (``providers/opencode/models/claude-sonnet-4-5.toml``: $3 / $15, over 200K
   $6 / $22.50), GPT-5.4 (``providers/openai/models/gpt-5.4.toml``: over 272K $5 / $22.50). Every
   one of the 192 tiers in the data restates the output price, and 178 of them raise it.

2. **The prompt is every input-side token**: uncached input + cache reads + cache writes (5-minute
   and 1-hour) + audio and image input. Cached tokens count: Gemini's ``promptTokenCount``
   includes the cached content, and Anthropic's threshold is on input tokens including cache reads
   and writes. Output (reasoning included) never moves a request into a tier.

3. **"Over N" is strictly greater.** A prompt of exactly N tokens is billed at the prices below;
   N + 1 is in the tier. The data's own legacy name for the field is ``context_over_200k``
   (``base_model_omit`` in ``providers/amazon-bedrock/models/openai.gpt-5.4.toml``), and the
   providers publish the split as "≤ 200K" and "> 200K" input tokens. With several tiers
   (``providers/aihubmix/models/doubao-seed-2-0-pro.toml``: 32K and 128K) the highest threshold the
   prompt is over applies.

4. **A tier or variant states its own input and output; what it leaves out is completed from the
   list it modifies** (a tier from its base list, a variant from the standard base list, a
   variant's tier from the variant's base):

   - cache prices (read, 5-minute write, 1-hour write) follow the list's own *input* by the
     reference list's ratio. Providers price caches as a multiple of the input price that
     applies (Anthropic: read 0.1×, 5-minute write 1.25×, 1-hour write 2×): in the data, 145 of
     the 179 tiers that restate ``cache_read`` keep the base ratio exactly, every lab's own among
     them, and so do the ``experimental.modes.fast`` (priority) lists (all but one reseller's).
     Where the data leaves a gap the rule gives the lab's own figure:
     ``providers/302ai/models/gpt-5.4.toml``'s tier omits ``cache_read`` ($0.25 at $2.50), giving
     $0.50 at $5.00, OpenAI's own tier price. A stated price always wins (resellers that deviate
     from the ratio state theirs).
   - reasoning follows the list's own *output* by the reference's ratio; where the reference
     bills reasoning as output, so does the tier
     (``providers/openrouter/models/google/gemini-3.1-pro-preview.toml``: reasoning $12 = output
     below, the tier omits it and its output is $18, which is what Google bills thinking tokens
     at over 200K).
   - per-request and per-search fees carry over unchanged: they are not token prices and no
     tier in the data restates one.
   - audio and image prices are unknown unless stated: they do not keep a fixed ratio to text
     (``providers/aihubmix/models/doubao-seed-2-0-lite-260428.toml``: audio/input 15.9× at the
     base, 14.6× and 15.2× in its tiers).
   - input and output are unknown unless stated.

   Ratios are computed to 60 significant digits: exact whenever the quotient terminates, as it
   does for every example here.

   A base list's one-hour cache write left out is unknown, never the 5-minute price: Anthropic
   bills it at 2× input against 1.25×, and models.dev has no field for it.

5. **A variant (batch, flex, priority) without tiers of its own is unknown above the standard
   list's first threshold.** Google halves each tier for batch, and a flat variant would bill a
   long prompt at the short-prompt rate; models.dev's priority modes
   (``providers/openai/models/gpt-5.4.toml``, ``[experimental.modes.fast]``) state no tiers, so
   their long-prompt price is not known.

6. **Reasoning tokens** are billed at ``reasoning`` when the list states it, else at ``output``
   (``providers/alibaba/models/qwen-plus.toml``: output $1.20, reasoning $4).
   :class:`Request` counts them apart from visible output: subtract them where a provider reports
   them inside its output count.

7. **Fees.** ``per_search`` is needed by a request with searches and unknown without a price.
   ``per_request`` left out means no per-request fee: it is the one price whose absence cannot
   mean "unknown", or no request of any offer could be priced; offers that charge one state it
   (Perplexity Sonar: $5 per 1,000 requests at low search context).

A request's size limits are checked apart (:func:`fits`): :func:`cost` prices the tokens it is
given, and a row that cannot be one request is stated as a :class:`Workload` of several, each
billed at its own tier. How a total is split changes its cost (1M input to Gemini 2.5 Pro as 5
requests of 200K stays below the tier, as 2 of 500K does not), so a row says its split.

A little over 500 lines, most of them the rules' evidence above: the rules and their proof stay
together.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from dataclasses import dataclass, fields, replace
from decimal import Context, Decimal
from typing import Literal

MILLION = Decimal(1_000_000)

# A price (12 digits before the point, 6 after) times a count (12 digits) has up to 30 digits;
# 60 hold that and any sum of such products exactly, and a derived ratio to far more places
# than any figure is shown with.
_EXACT = Context(prec=60)

Variant = Literal["batch", "flex", "priority"]
VARIANTS: tuple[Variant, ...] = ("batch", "flex", "priority")

# Which price each anchor carries into a tier or variant that leaves the price out (rule 4).
_FOLLOW_INPUT = ("cache_read", "cache_write", "cache_write_1h")  # reasoning follows output
_CARRIED = ("per_request", "per_search")


def _check_price(name: str, value: object) -> None:
    if value is None:
        return
    # Floats are refused rather than converted: 0.1 as a float is not $0.10.
    if not isinstance(value, Decimal):
        raise TypeError(f"{name}: a price must be a Decimal or None, not {type(value).__name__}")
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name}: a price must be a finite amount of at least 0, not {value}")


def _check_count(name: str, value: object, minimum: int = 0) -> None:
    # bool is an int in Python; True tokens is a caller's mistake, not one token.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name}: must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}: must be at least {minimum}, not {value}")


@dataclass(frozen=True)
class PriceList:
    """USD per 1M tokens, and USD per unit for the two fees. ``None`` is unknown, not $0."""

    input: Decimal | None = None
    output: Decimal | None = None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None  # 5-minute write
    cache_write_1h: Decimal | None = None  # unknown when left out, never the 5-minute price
    reasoning: Decimal | None = None  # None: reasoning tokens are billed as output
    audio_input: Decimal | None = None
    audio_output: Decimal | None = None
    image_input: Decimal | None = None
    image_output: Decimal | None = None
    per_request: Decimal | None = None  # None: no per-request fee (rule 7)
    per_search: Decimal | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_price(f.name, getattr(self, f.name))


@dataclass(frozen=True)
class Tier:
    """Prices for a prompt of more than ``threshold`` tokens (rules 1–4)."""

    threshold: int
    prices: PriceList

    def __post_init__(self) -> None:
        _check_count("threshold", self.threshold, minimum=1)


def _check_tiers(tiers: tuple[Tier, ...]) -> None:
    for lower, upper in itertools.pairwise(tiers):
        if upper.threshold <= lower.threshold:
            raise ValueError(
                f"tier thresholds must increase strictly: {upper.threshold} after {lower.threshold}"
            )


@dataclass(frozen=True)
class PriceSchedule:
    """A variant's prices: a base list and its own context tiers, if any."""

    base: PriceList
    tiers: tuple[Tier, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
        _check_tiers(self.tiers)


@dataclass(frozen=True)
class OfferPricing:
    """An offer's standard prices and tiers, and its batch, flex and priority variants."""

    base: PriceList
    tiers: tuple[Tier, ...] = ()
    batch: PriceSchedule | None = None
    flex: PriceSchedule | None = None
    priority: PriceSchedule | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
        _check_tiers(self.tiers)


@dataclass(frozen=True)
class Request:
    """One request's tokens by how they are billed; the counts do not overlap.

    ``input`` is uncached text input; ``reasoning`` is apart from ``output``.
    """

    input: int = 0
    cache_read: int = 0
    cache_write: int = 0  # 5-minute
    cache_write_1h: int = 0
    output: int = 0
    reasoning: int = 0
    audio_input: int = 0
    audio_output: int = 0
    image_input: int = 0
    image_output: int = 0
    searches: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_count(f.name, getattr(self, f.name))

    @property
    def prompt(self) -> int:
        """The tokens a context tier is chosen by (rule 2)."""
        return (
            self.input
            + self.cache_read
            + self.cache_write
            + self.cache_write_1h
            + self.audio_input
            + self.image_input
        )

    @property
    def completion(self) -> int:
        """Every token the model writes, as max output and the context window count them."""
        return self.output + self.reasoning + self.audio_output + self.image_output


@dataclass(frozen=True)
class Limits:
    """A model's size limits at an offer, in tokens; ``None`` is unknown and not checked."""

    context_window: int | None = None
    max_input: int | None = None
    max_output: int | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                _check_count(f.name, value, minimum=1)


# --------------------------------------------------------------------------- prices


def _scale(
    anchor: Decimal | None, value: Decimal | None, ref_anchor: Decimal | None
) -> Decimal | None:
    """``value`` moved from ``ref_anchor`` to ``anchor`` at the same ratio, when it can be."""
    if anchor is None or value is None or ref_anchor is None or ref_anchor == 0:
        return None
    return _EXACT.divide(_EXACT.multiply(anchor, value), ref_anchor)


def complete(own: PriceList, reference: PriceList) -> PriceList:
    """``own``'s stated prices, with what it leaves out completed from ``reference`` (rule 4)."""
    filled: dict[str, Decimal | None] = {}
    for name in _FOLLOW_INPUT:
        if getattr(own, name) is None:
            filled[name] = _scale(own.input, getattr(reference, name), reference.input)
    if own.reasoning is None and reference.reasoning is not None:
        filled["reasoning"] = _scale(own.output, reference.reasoning, reference.output)
    for name in _CARRIED:
        if getattr(own, name) is None:
            filled[name] = getattr(reference, name)
    return replace(own, **filled)


def _schedule(pricing: OfferPricing, variant: Variant | None) -> PriceSchedule | None:
    if variant is None:
        return PriceSchedule(pricing.base, pricing.tiers)
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r} (expected one of {', '.join(VARIANTS)})")
    return getattr(pricing, variant)


def tier_for(
    pricing: OfferPricing, prompt_tokens: int, variant: Variant | None = None
) -> Tier | None:
    """The tier a prompt of ``prompt_tokens`` is billed at; ``None`` for the base list.

    The highest tier whose threshold the prompt is *over* (rule 3). For a variant, its own tiers.
    """
    _check_count("prompt_tokens", prompt_tokens)
    schedule = _schedule(pricing, variant)
    reached = None
    for tier in () if schedule is None else schedule.tiers:
        if prompt_tokens > tier.threshold:
            reached = tier
    return reached


def prices_for(
    pricing: OfferPricing, prompt_tokens: int, variant: Variant | None = None
) -> PriceList | None:
    """The complete price list a prompt of ``prompt_tokens`` is billed at (rules 1–5).

    ``None`` when nothing is known: the offer has no such variant, or the variant states no
    tiers and the prompt is over the standard list's first threshold.
    """
    schedule = _schedule(pricing, variant)
    if schedule is None:
        return None
    base = schedule.base if variant is None else complete(schedule.base, pricing.base)
    # Rule 5: a flat variant says nothing about the prompts the standard list bills higher.
    flat = variant is not None and not schedule.tiers
    if flat and pricing.tiers and prompt_tokens > pricing.tiers[0].threshold:
        return None
    tier = tier_for(pricing, prompt_tokens, variant)
    return base if tier is None else complete(tier.prices, base)


def billed_tiers(pricing: OfferPricing) -> list[tuple[int, PriceList]]:
    """Each standard tier's threshold and its complete prices, as a prompt over it is billed."""
    billed = []
    for tier in pricing.tiers:
        prices = prices_for(pricing, tier.threshold + 1)
        assert prices is not None  # the standard schedule always prices its own tiers
        billed.append((tier.threshold, prices))
    return billed


def blended(pricing: OfferPricing, variant: Variant | None = None) -> Decimal | None:
    """One price per 1M tokens for charts: 3 parts input to 1 part output, a typical chat mix.

    At the base list: a typical chat prompt is far below any context tier.
    """
    prices = prices_for(pricing, 0, variant)
    if prices is None or prices.input is None or prices.output is None:
        return None
    return _EXACT.divide(_EXACT.add(_EXACT.multiply(3, prices.input), prices.output), 4)


# --------------------------------------------------------------------------- costs


def _token_cost(price: Decimal | None, count: int) -> Decimal | None:
    return _EXACT.divide(_EXACT.multiply(price, count), MILLION) if price is not None else None


def cost(pricing: OfferPricing, request: Request, variant: Variant | None = None) -> Decimal | None:
    """Exact USD cost of one request; ``None`` when a price it needs is unknown.

    Limits are not checked here: see :func:`fits`.
    """
    prices = prices_for(pricing, request.prompt, variant)
    if prices is None:
        return None
    reasoning = prices.reasoning if prices.reasoning is not None else prices.output
    parts = (
        (request.input, prices.input),
        (request.cache_read, prices.cache_read),
        (request.cache_write, prices.cache_write),
        (request.cache_write_1h, prices.cache_write_1h),
        (request.output, prices.output),
        (request.reasoning, reasoning),
        (request.audio_input, prices.audio_input),
        (request.audio_output, prices.audio_output),
        (request.image_input, prices.image_input),
        (request.image_output, prices.image_output),
    )
    total = Decimal(0)
    for count, price in parts:
        if count == 0:
            continue  # a price nobody needs may stay unknown
        part = _token_cost(price, count)
        if part is None:
            return None
        total = _EXACT.add(total, part)
    if request.searches:
        if prices.per_search is None:
            return None
        total = _EXACT.add(total, _EXACT.multiply(prices.per_search, request.searches))
    if prices.per_request is not None:
        total = _EXACT.add(total, prices.per_request)
    return total


def fits(request: Request, limits: Limits) -> str | None:
    """Why ``request`` cannot be sent as one request, or ``None`` when it can (as far as known).

    Every limit the request is over, in one sentence: the prompt over the maximum input or the
    context window, the output (reasoning, audio and image output included) over the maximum
    output, and prompt and output together over the context window.
    """
    prompt, completion = request.prompt, request.completion
    window, max_input, max_output = limits.context_window, limits.max_input, limits.max_output
    reasons = []
    if max_input is not None and prompt > max_input:
        reasons.append(
            f"a prompt of {prompt:,} tokens is over the maximum input of {max_input:,} tokens"
        )
    if window is not None and prompt > window:
        reasons.append(
            f"a prompt of {prompt:,} tokens is over the context window of {window:,} tokens"
        )
    if max_output is not None and completion > max_output:
        reasons.append(
            f"{completion:,} output tokens are over the maximum output of {max_output:,} tokens"
        )
    if window is not None and prompt <= window and prompt + completion > window:
        reasons.append(
            f"{prompt:,} prompt and {completion:,} output tokens ({prompt + completion:,} in all) "
            f"are over the context window of {window:,} tokens"
        )
    return "; ".join(reasons) if reasons else None


# --------------------------------------------------------------------------- workloads

# Each token kind's name in prose, in Request's order (the workload descriptions, the
# calculator's fields).
TOKEN_LABELS = (
    ("input", "input"),
    ("cache_read", "cached input"),
    ("cache_write", "cache-write"),
    ("cache_write_1h", "1-hour cache-write"),
    ("output", "output"),
    ("reasoning", "reasoning"),
    ("audio_input", "audio input"),
    ("audio_output", "audio output"),
    ("image_input", "image input"),
    ("image_output", "image output"),
)


def count_text(count: int) -> str:
    """A token count as short as it can be said exactly: 1M, 1.25M, 312.5K, 1,047,576.

    Never rounded: a workload's description must add up to what is priced.
    """
    if count >= 1_000_000 and count % 100 == 0:
        return f"{(Decimal(count) / 1_000_000).normalize():f}M"
    if 1_000 <= count < 1_000_000 and count % 10 == 0:
        return f"{(Decimal(count) / 1_000).normalize():f}K"
    return f"{count:,}"


@dataclass(frozen=True)
class Workload:
    """``count`` identical requests: how a cost row that is not one request is stated.

    Each request is billed at its own tier, so the cost is ``count`` × one request's cost, not the
    cost of the total as a single prompt.
    """

    request: Request
    count: int = 1

    def __post_init__(self) -> None:
        _check_count("count", self.count, minimum=1)

    def cost(self, pricing: OfferPricing, variant: Variant | None = None) -> Decimal | None:
        one = cost(pricing, self.request, variant)
        return None if one is None else _EXACT.multiply(one, self.count)

    def fits(self, limits: Limits) -> str | None:
        return fits(self.request, limits)

    @property
    def total(self) -> Request:
        """The tokens of every request together."""
        n = self.count
        return Request(**{f.name: getattr(self.request, f.name) * n for f in fields(Request)})

    def describe(self) -> str:
        """E.g. '10 requests of 1M input + 100K output tokens'."""
        parts = [
            f"{count_text(getattr(self.request, name))} {label}"
            for name, label in TOKEN_LABELS
            if getattr(self.request, name)
        ]
        what = " + ".join(parts) + " tokens" if parts else "0 tokens"
        searches = self.request.searches
        if searches:
            noun = "search" if searches == 1 else "searches"
            what = f"{what} and {searches:,} {noun}" if parts else f"{searches:,} {noun}"
        noun = "request" if self.count == 1 else "requests"
        return f"{self.count:,} {noun} of {what}"

    @classmethod
    def split(cls, total: Request, limits: Limits) -> Workload | None:
        """The fewest identical requests that add up to ``total`` and each fit ``limits``.

        Fewest, not cheapest: more, smaller requests may fall below a tier (see the module's
        last paragraph). Every count (searches too) is divided evenly, so the description adds
        up exactly. ``None`` when no number of identical requests fits: the counts' common
        divisors are all too small to bring each request under the limits.
        """
        counts = [getattr(total, f.name) for f in fields(Request)]
        common = math.gcd(*counts)
        if common == 0:
            return cls(total) if fits(total, limits) is None else None
        divisors = _divisors(common)
        # Fewer requests than this cannot fit: start there (a site prices the same few
        # scenarios on thousands of pages, so this is on the build's path).
        for n in divisors[bisect.bisect_left(divisors, _fewest(total, limits)) :]:
            one = Request(**{f.name: getattr(total, f.name) // n for f in fields(Request)})
            if fits(one, limits) is None:
                return cls(one, n)
        return None


def _fewest(total: Request, limits: Limits) -> int:
    """A lower bound on how many identical requests ``total`` needs to fit ``limits``."""
    prompt, completion = total.prompt, total.completion
    bounds = [1]
    for count, limit in (
        (prompt, limits.max_input),
        (prompt, limits.context_window),
        (completion, limits.max_output),
        (prompt + completion, limits.context_window),
    ):
        if limit is not None:
            bounds.append(-(-count // limit))
    return max(bounds)


@functools.lru_cache(maxsize=256)
def _divisors(n: int) -> tuple[int, ...]:
    small, large = [], []
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            small.append(d)
            if d != n // d:
                large.append(n // d)
    return (*small, *large[::-1])
