"""catalog.derive.billing: costs as providers bill them, checked against real price lists.

Every figure below is taken from a file of the models.dev data set in
../shared/corpus/models.dev (named as ``MD/<path>``, with the values it holds), or from the
source named beside it. Prices are USD per 1M tokens.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from catalog.derive import formatting as fmt
from catalog.derive.billing import (
    Limits,
    OfferPricing,
    PriceList,
    PriceSchedule,
    Request,
    Tier,
    Workload,
    blended,
    complete,
    cost,
    count_text,
    fits,
    prices_for,
    tier_for,
)

D = Decimal

# MD/providers/google/models/gemini-2.5-pro.toml: [cost] input = 1.25, output = 10.00,
# cache_read = 0.125; [[cost.tiers]] tier = { size = 200_000 }: input = 2.50, output = 15.00,
# cache_read = 0.25. Limits from MD/models/google/gemini-2.5-pro.toml: context = 1_048_576,
# output = 65_536.
GEMINI_25_PRO = OfferPricing(
    PriceList(input=D("1.25"), output=D("10.00"), cache_read=D("0.125")),
    (Tier(200_000, PriceList(input=D("2.50"), output=D("15.00"), cache_read=D("0.25"))),),
)
GEMINI_25_PRO_LIMITS = Limits(context_window=1_048_576, max_output=65_536)

# MD/providers/opencode/models/claude-sonnet-4-5.toml (npm @ai-sdk/anthropic): [cost] input =
# 3.00, output = 15.00, cache_read = 0.30, cache_write = 3.75; tier { size = 200_000 }: input =
# 6.00, output = 22.50, cache_read = 0.60, cache_write = 7.50 (the same figures as
# MD/providers/openrouter/models/anthropic/claude-sonnet-4.5.toml).
SONNET_45 = OfferPricing(
    PriceList(input=D("3.00"), output=D("15.00"), cache_read=D("0.30"), cache_write=D("3.75")),
    (
        Tier(
            200_000,
            PriceList(
                input=D("6.00"), output=D("22.50"), cache_read=D("0.60"), cache_write=D("7.50")
            ),
        ),
    ),
)

# MD/providers/openai/models/gpt-4.1-mini.toml: input = 0.40, output = 1.60, cache_read = 0.10;
# limit context = 1047576, output = 32768 (as the reference card models/azure/gpt-4.1-mini.yaml).
# Batch $0.20 / $0.80, half price at OpenAI and Azure, from issue 14 (models.dev has no batch
# prices).
GPT_41_MINI = OfferPricing(
    PriceList(input=D("0.40"), output=D("1.60"), cache_read=D("0.10")),
    batch=PriceSchedule(PriceList(input=D("0.20"), output=D("0.80"))),
)
GPT_41_MINI_LIMITS = Limits(context_window=1_047_576, max_output=32_768)

# MD/providers/openai/models/gpt-5.4.toml: input = 2.50, output = 15.00, cache_read = 0.25; tier
# { size = 272_000 }: input = 5.00, output = 22.50, cache_read = 0.50; limit context = 1_050_000,
# input = 922_000, output = 128_000; [experimental.modes.fast] (service_tier = "priority"):
# input = 5.00, output = 30.00, cache_read = 0.50, and no tiers.
GPT_54 = OfferPricing(
    PriceList(input=D("2.50"), output=D("15.00"), cache_read=D("0.25")),
    (Tier(272_000, PriceList(input=D("5.00"), output=D("22.50"), cache_read=D("0.50"))),),
    priority=PriceSchedule(PriceList(input=D("5.00"), output=D("30.00"), cache_read=D("0.50"))),
)
GPT_54_LIMITS = Limits(context_window=1_050_000, max_input=922_000, max_output=128_000)


def tokens(**counts: int) -> Request:
    return Request(**counts)


# --------------------------------------------------------------------------- the tier rule


def test_gemini_long_request_is_billed_entirely_at_the_tier() -> None:
    # 1M × $2.50 + 100K × $15.00 per 1M: every part of the request at the tier's prices.
    request = tokens(input=1_000_000, output=100_000)
    assert cost(GEMINI_25_PRO, request) == D("4.00")
    # Not the flat figure the page shows today (1M × $1.25 + 100K × $10.00).
    assert cost(GEMINI_25_PRO, request) != D("2.25")
    # It prices the tokens; sending them as one request is another matter (65,536 max output).
    reason = fits(request, GEMINI_25_PRO_LIMITS)
    assert reason is not None and "maximum output of 65,536 tokens" in reason


def test_gemini_below_the_threshold_uses_the_base_prices() -> None:
    # 100K × $1.25 + 10K × $10.00.
    assert cost(GEMINI_25_PRO, tokens(input=100_000, output=10_000)) == D("0.225")
    assert tier_for(GEMINI_25_PRO, 100_000) is None


def test_gemini_boundary_200k_is_below_and_200001_is_in_the_tier() -> None:
    # "over 200K": 200,000 at $1.25, 200,001 at $2.50.
    assert tier_for(GEMINI_25_PRO, 200_000) is None
    assert tier_for(GEMINI_25_PRO, 200_001) == GEMINI_25_PRO.tiers[0]
    assert cost(GEMINI_25_PRO, tokens(input=200_000)) == D("0.25")
    assert cost(GEMINI_25_PRO, tokens(input=200_001)) == D("0.5000025")
    # Output follows the prompt's tier: 1K output at $10.00 below, $15.00 above.
    assert cost(GEMINI_25_PRO, tokens(input=200_000, output=1_000)) == D("0.26")
    assert cost(GEMINI_25_PRO, tokens(input=200_001, output=1_000)) == D("0.5150025")


def test_output_never_moves_a_request_into_a_tier() -> None:
    # 200K prompt + 60K output: 260K in all, but the prompt is not over 200K.
    assert cost(GEMINI_25_PRO, tokens(input=200_000, output=60_000)) == D("0.85")


def test_sonnet_45_over_200k_is_6_and_22_50() -> None:
    # 300K × $6 + 10K × $22.50 = $1.80 + $0.225.
    assert cost(SONNET_45, tokens(input=300_000, output=10_000)) == D("2.025")
    # Below: 100K × $3 + 10K × $15.
    assert cost(SONNET_45, tokens(input=100_000, output=10_000)) == D("0.45")


def test_cache_writes_count_toward_the_threshold() -> None:
    # Sonnet 4.5: 199K input + 2K cache write is a 201K prompt, so $6 and $7.50 apply.
    assert cost(SONNET_45, tokens(input=199_000, cache_write=2_000)) == D("1.209")


def test_gemini_cached_input_below_and_above_the_threshold() -> None:
    # Below: 150K × $1.25 + 40K cached × $0.125 (a 190K prompt).
    assert cost(GEMINI_25_PRO, tokens(input=150_000, cache_read=40_000)) == D("0.1925")
    # Above: 150K × $2.50 + 60K cached × $0.25 (a 210K prompt).
    assert cost(GEMINI_25_PRO, tokens(input=150_000, cache_read=60_000)) == D("0.39")


def test_cached_tokens_push_the_prompt_over_the_threshold() -> None:
    # 190K uncached + 20K cached: 210K prompt, so 190K × $2.50 + 20K × $0.25, not
    # 190K × $1.25 + 20K × $0.125 = $0.24 as if the cached tokens did not count.
    assert cost(GEMINI_25_PRO, tokens(input=190_000, cache_read=20_000)) == D("0.48")


def test_several_tiers_use_the_highest_threshold_reached() -> None:
    # MD/providers/aihubmix/models/doubao-seed-2-0-pro.toml: input = 0.48, output = 2.41;
    # tier { size = 32_000 }: input = 0.72, output = 3.62; tier { size = 128_000 }:
    # input = 1.45, output = 7.23.
    doubao = OfferPricing(
        PriceList(input=D("0.48"), output=D("2.41")),
        (
            Tier(32_000, PriceList(input=D("0.72"), output=D("3.62"))),
            Tier(128_000, PriceList(input=D("1.45"), output=D("7.23"))),
        ),
    )
    assert cost(doubao, tokens(input=32_000, output=1_000)) == D("0.01777")
    assert cost(doubao, tokens(input=100_000, output=1_000)) == D("0.07562")
    assert cost(doubao, tokens(input=200_000, output=1_000)) == D("0.29723")
    assert tier_for(doubao, 128_001) == doubao.tiers[1]


def test_gpt_54_tier_at_272k_and_its_max_input() -> None:
    # 300K × $5.00 + 10K × $22.50.
    assert cost(GPT_54, tokens(input=300_000, output=10_000)) == D("1.725")
    assert cost(GPT_54, tokens(input=272_000, output=10_000)) == D("0.83")
    reason = fits(tokens(input=950_000), GPT_54_LIMITS)
    assert reason == "a prompt of 950,000 tokens is over the maximum input of 922,000 tokens"


# --------------------------------------------------------------------------- what a tier leaves out


def test_a_tier_without_a_cache_price_follows_its_input_by_the_base_ratio() -> None:
    # MD/providers/302ai/models/gpt-5.4.toml: [cost] input = 2.500, output = 15.000,
    # cache_read = 0.250, cache_write = 0; tier { size = 272_000 }: input = 5.000,
    # output = 22.500 and nothing else. $0.25 at $2.50 gives $0.50 at $5.00: OpenAI's own tier
    # figure in MD/providers/openai/models/gpt-5.4.toml.
    reseller = OfferPricing(
        PriceList(input=D("2.500"), output=D("15.000"), cache_read=D("0.250"), cache_write=D("0")),
        (Tier(272_000, PriceList(input=D("5.000"), output=D("22.500"))),),
    )
    above = prices_for(reseller, 300_000)
    assert above is not None
    assert above.cache_read == D("0.5") and above.cache_write == 0
    assert cost(reseller, tokens(input=200_000, cache_read=100_000)) == D("1.05")


def test_a_tier_without_a_reasoning_price_bills_reasoning_as_its_output() -> None:
    # MD/providers/openrouter/models/google/gemini-3.1-pro-preview.toml: [cost] input = 2,
    # output = 12, reasoning = 12, cache_read = 0.2, cache_write = 0.375; tier
    # { size = 200_000 }: input = 4, output = 18, cache_read = 0.4 (no reasoning, no cache_write).
    gemini_31 = OfferPricing(
        PriceList(
            input=D("2"),
            output=D("12"),
            reasoning=D("12"),
            cache_read=D("0.2"),
            cache_write=D("0.375"),
        ),
        (Tier(200_000, PriceList(input=D("4"), output=D("18"), cache_read=D("0.4"))),),
    )
    # 250K × $4 + 10K reasoning × $18 (Google bills thinking as output), not × $12.
    assert cost(gemini_31, tokens(input=250_000, reasoning=10_000)) == D("1.18")
    above = prices_for(gemini_31, 250_000)
    assert above is not None and above.cache_write == D("0.75")


def test_a_tier_never_inherits_the_base_price_itself() -> None:
    tiered = OfferPricing(
        PriceList(input=D("1"), output=D("2"), audio_input=D("7")),
        (Tier(100, PriceList(input=D("2"), output=D("4"))),),
    )
    # Audio does not keep a fixed ratio to text (doubao-seed-2-0-lite's tiers), so it is unknown.
    assert cost(tiered, tokens(input=50, audio_input=10)) == D("0.00012")
    assert cost(tiered, tokens(input=150, audio_input=10)) is None
    # Input and output a tier leaves out are unknown, never the base price.
    bare = OfferPricing(PriceList(input=D("1"), output=D("2")), (Tier(100, PriceList()),))
    assert cost(bare, tokens(input=150)) is None


def test_complete_keeps_stated_prices_and_carries_fees() -> None:
    base = PriceList(
        input=D("2"), output=D("8"), cache_read=D("0.5"), per_request=D("0.01"), per_search=D("1")
    )
    # A reseller that states its own cache price keeps it (MD/providers/digitalocean/models/
    # anthropic-claude-4.5-sonnet.toml states cache_read = 0.30 in its tier at input 6.00).
    tier = complete(PriceList(input=D("4"), output=D("16"), cache_read=D("0.3")), base)
    assert tier.cache_read == D("0.3")
    assert tier.per_request == D("0.01") and tier.per_search == D("1")
    assert tier.reasoning is None  # billed as the tier's output


# --------------------------------------------------------------------------- variants


def test_batch_gpt_41_mini_is_half_price() -> None:
    request = tokens(input=1_000_000, output=100_000)
    # 1M × $0.20 + 100K × $0.80 = half of $0.56.
    assert cost(GPT_41_MINI, request, "batch") == D("0.28")
    assert cost(GPT_41_MINI, request) == D("0.56")
    # The batch list leaves cache_read out: it follows the batch input, $0.10 at $0.40 → $0.05.
    batch = prices_for(GPT_41_MINI, 0, "batch")
    assert batch is not None and batch.cache_read == D("0.05")


def test_a_variant_the_offer_does_not_have_is_unknown() -> None:
    assert cost(GEMINI_25_PRO, tokens(input=1_000), "batch") is None
    assert cost(GPT_41_MINI, tokens(input=1_000), "flex") is None
    with pytest.raises(ValueError, match="unknown variant"):
        cost(GPT_41_MINI, tokens(input=1_000), "cheap")  # type: ignore[arg-type]


def test_a_flat_variant_is_unknown_above_the_standard_threshold() -> None:
    # GPT-5.4's priority mode states no tiers: below 272K it is priced, above it is not known.
    assert cost(GPT_54, tokens(input=100_000, output=10_000), "priority") == D("0.80")
    assert cost(GPT_54, tokens(input=272_000), "priority") == D("1.36")
    assert cost(GPT_54, tokens(input=272_001), "priority") is None


def test_a_variant_with_its_own_tiers_uses_them() -> None:
    # Google's Batch price for Gemini 2.5 Pro is half of each tier; models.dev has none, so this
    # batch list is the standard one halved (MD/providers/google/models/gemini-2.5-pro.toml).
    batch = PriceSchedule(
        PriceList(input=D("0.625"), output=D("5.00")),
        (Tier(200_000, PriceList(input=D("1.25"), output=D("7.50"))),),
    )
    gemini = replace(GEMINI_25_PRO, batch=batch)
    assert cost(gemini, tokens(input=1_000_000, output=100_000), "batch") == D("2.00")
    # Its cached price follows its own input by the standard ratio (0.125 / 1.25).
    assert cost(gemini, tokens(input=100_000, cache_read=100_000), "batch") == D("0.06875")


# --------------------------------------------------------------------------- the reference page


def test_reference_page_figures() -> None:
    # gpt-4.1-mini at $0.40 / $1.60, the three rows of models/azure/gpt-4.1-mini@francecentral.
    rows = [(100_000, 10_000), (1_000_000, 100_000), (10_000_000, 1_000_000)]
    costs = [cost(GPT_41_MINI, tokens(input=i, output=o)) for i, o in rows]
    assert costs == [D("0.0560"), D("0.56"), D("5.60")]
    assert [fmt.money(c) for c in costs] == ["$0.0560", "$0.56", "$5.60"]


def test_10m_input_is_not_one_request_to_a_1m_model() -> None:
    whole = tokens(input=10_000_000, output=1_000_000)
    reason = fits(whole, GPT_41_MINI_LIMITS)
    assert reason is not None
    assert "a prompt of 10,000,000 tokens is over the context window of 1,047,576 tokens" in reason

    ten = Workload(tokens(input=1_000_000, output=100_000), 10)
    assert ten.describe() == "10 requests of 1M input + 100K output tokens"
    assert ten.cost(GPT_41_MINI) == D("5.60")
    assert ten.total == whole
    # Honestly, though: 100K output is over gpt-4.1-mini's 32,768, and 1.1M over its window.
    assert ten.fits(GPT_41_MINI_LIMITS) == (
        "100,000 output tokens are over the maximum output of 32,768 tokens; "
        "1,000,000 prompt and 100,000 output tokens (1,100,000 in all) are over the context "
        "window of 1,047,576 tokens"
    )
    # The fewest identical requests that do fit, at the same $5.60.
    split = Workload.split(whole, GPT_41_MINI_LIMITS)
    assert split is not None
    assert split.describe() == "32 requests of 312.5K input + 31.25K output tokens"
    assert split.fits(GPT_41_MINI_LIMITS) is None
    assert split.cost(GPT_41_MINI) == D("5.60")
    # The first row is one request that fits.
    assert fits(tokens(input=100_000, output=10_000), GPT_41_MINI_LIMITS) is None


def test_each_request_of_a_workload_is_billed_at_its_own_tier() -> None:
    # Gemini 2.5 Pro, 1M input as 5 requests of 200K: every one below the threshold.
    five = Workload(tokens(input=200_000, output=10_000), 5)
    assert five.cost(GEMINI_25_PRO) == D("1.75")
    assert cost(GEMINI_25_PRO, five.total) == D("3.25")  # what one 1M prompt would cost
    # The total is not one request (1,050,000 tokens > 1,048,576); the fewest requests that fit
    # are 2, each over 200K, so the same tokens cost $3.25 that way: a row must say its split.
    two = Workload.split(five.total, GEMINI_25_PRO_LIMITS)
    assert two is not None and two.describe() == "2 requests of 500K input + 25K output tokens"
    assert two.cost(GEMINI_25_PRO) == D("3.25")


# --------------------------------------------------------------------------- unknown, not zero


def test_an_unknown_price_gives_none_never_zero() -> None:
    # Gemini 2.5 Pro's list states no cache_write and no audio price.
    assert cost(GEMINI_25_PRO, tokens(input=1_000, cache_write=1_000)) is None
    assert cost(GEMINI_25_PRO, tokens(input=1_000, audio_input=1_000)) is None
    assert cost(GEMINI_25_PRO, tokens(input=1_000, cache_write_1h=1)) is None
    assert cost(OfferPricing(PriceList(input=D("1"))), tokens(output=1)) is None
    assert blended(OfferPricing(PriceList(input=D("1")))) is None
    # A price nobody needs may stay unknown.
    assert cost(OfferPricing(PriceList(input=D("1"))), tokens(input=1_000_000)) == D("1")


def test_a_free_price_is_zero_and_known() -> None:
    assert cost(OfferPricing(PriceList(input=D("0"), output=D("0"))), tokens(input=5)) == 0


# --------------------------------------------------------------------------- reasoning and fees


def test_reasoning_at_its_own_price_when_stated() -> None:
    # MD/providers/alibaba/models/qwen-plus.toml: input = 0.4, output = 1.2, reasoning = 4.
    qwen = OfferPricing(PriceList(input=D("0.4"), output=D("1.2"), reasoning=D("4")))
    # 10K × $0.40 + 1K × $1.20 + 5K reasoning × $4.
    assert cost(qwen, tokens(input=10_000, output=1_000, reasoning=5_000)) == D("0.0252")


def test_reasoning_as_output_when_not_stated() -> None:
    # Gemini 2.5 Pro states no reasoning price: 10K × $1.25 + (1K + 5K) × $10.00.
    request = tokens(input=10_000, output=1_000, reasoning=5_000)
    assert cost(GEMINI_25_PRO, request) == D("0.0725")


def test_per_search_fee() -> None:
    # MD/providers/perplexity/models/sonar-deep-research.toml: input = 2.0, output = 8.0,
    # reasoning = 3.0, citation = 2.0, request = 5.0, the last being Perplexity's "$5 per 1,000
    # searches" (docs.perplexity.ai pricing), so $0.005 a search. Citation tokens are input.
    deep = OfferPricing(
        PriceList(input=D("2.0"), output=D("8.0"), reasoning=D("3.0"), per_search=D("0.005"))
    )
    request = tokens(input=10_000, output=2_000, reasoning=20_000, searches=30)
    # $0.02 + $0.016 + $0.06 + 30 × $0.005.
    assert cost(deep, request) == D("0.246")
    assert Workload(request, 2).describe() == (
        "2 requests of 10K input + 2K output + 20K reasoning tokens and 30 searches"
    )
    # A search needs the search fee: unknown without it.
    assert cost(GEMINI_25_PRO, tokens(input=10, searches=1)) is None


def test_per_request_fee() -> None:
    # MD/providers/perplexity/models/sonar.toml: input = 1.00, output = 1.00, plus Perplexity's
    # request fee of $5 per 1,000 requests at low search context (docs.perplexity.ai pricing).
    sonar = OfferPricing(PriceList(input=D("1.00"), output=D("1.00"), per_request=D("0.005")))
    one = tokens(input=1_000, output=500)
    assert cost(sonar, one) == D("0.0065")
    # Each request pays the fee: 1,000 requests, not one request of the total.
    assert Workload(one, 1_000).cost(sonar) == D("6.5")
    assert cost(sonar, Workload(one, 1_000).total) == D("1.505")


# --------------------------------------------------------------------------- limits


def test_fits_names_every_limit_a_request_is_over() -> None:
    limits = Limits(context_window=1_000, max_input=800, max_output=300)
    assert fits(tokens(input=800, output=200), limits) is None
    assert fits(tokens(input=700, output=300), limits) is None  # exactly the window
    assert fits(tokens(input=801), limits) == (
        "a prompt of 801 tokens is over the maximum input of 800 tokens"
    )
    assert fits(tokens(input=10, output=250, reasoning=51), limits) == (
        "301 output tokens are over the maximum output of 300 tokens"
    )
    assert fits(tokens(input=750, output=251), limits) == (
        "750 prompt and 251 output tokens (1,001 in all) are over the context window of "
        "1,000 tokens"
    )
    assert fits(tokens(input=2_000), Limits(context_window=1_000)) == (
        "a prompt of 2,000 tokens is over the context window of 1,000 tokens"
    )
    assert fits(tokens(input=10**9, output=10**9), Limits()) is None  # nothing known to check


def test_split_returns_none_when_no_even_split_fits() -> None:
    # 10,000,019 input and 1 output share no divisor but 1: one request or none.
    assert Workload.split(tokens(input=10_000_019, output=1), GPT_41_MINI_LIMITS) is None


# --------------------------------------------------------------------------- text and blend


def test_describe_and_count_text() -> None:
    request = tokens(input=150_000, cache_read=50_000, cache_write_1h=1_000, output=2_048)
    assert Workload(request).describe() == (
        "1 request of 150K input + 50K cached input + 1K 1-hour cache-write + 2,048 output tokens"
    )
    assert Workload(Request()).describe() == "1 request of 0 tokens"
    assert Workload(tokens(searches=1)).describe() == "1 request of 1 search"
    texts = [count_text(n) for n in (999, 1_000, 312_500, 1_047_576, 1_250_000, 10_000_000)]
    assert texts == ["999", "1K", "312.5K", "1,047,576", "1.25M", "10M"]


def test_blended_is_three_parts_input_to_one_output() -> None:
    # ($0.40 × 3 + $1.60) / 4 and the batch list's ($0.20 × 3 + $0.80) / 4.
    assert blended(GPT_41_MINI) == D("0.70")
    assert blended(GPT_41_MINI, "batch") == D("0.35")


# --------------------------------------------------------------------------- bad input


def test_prices_must_be_decimal_and_not_negative() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        PriceList(input=0.4)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal"):
        PriceList(input=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 0"):
        PriceList(output=D("-1"))
    with pytest.raises(ValueError, match="finite"):
        PriceList(output=D("NaN"))


def test_token_counts_and_tiers_are_checked() -> None:
    with pytest.raises(ValueError):
        Request(input=-1)
    with pytest.raises(TypeError):
        Request(input=True)
    with pytest.raises(ValueError, match="increase strictly"):
        OfferPricing(PriceList(), (Tier(200_000, PriceList()), Tier(200_000, PriceList())))
    with pytest.raises(ValueError, match="increase strictly"):
        PriceSchedule(PriceList(), (Tier(300, PriceList()), Tier(100, PriceList())))
    with pytest.raises(ValueError):
        Tier(0, PriceList())
    with pytest.raises(ValueError):
        Workload(Request(), 0)


# --------------------------------------------------------------------------- properties

PRICE = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
COUNT = st.integers(min_value=0, max_value=400_000)
TOKEN_FIELDS = [f.name for f in fields(Request) if f.name != "searches"]
PRICE_FIELDS = [f.name for f in fields(PriceList) if f.name != "per_request"]


@st.composite
def full_lists(draw: st.DrawFn) -> PriceList:
    """Every price stated, so every cost is known."""
    return PriceList(**{name: draw(PRICE) for name in PRICE_FIELDS}, per_request=draw(PRICE))


@st.composite
def dominated_pricing(draw: st.DrawFn) -> OfferPricing:
    """A base list and a tier whose every price is at least the base's, as at the labs."""
    base = draw(full_lists())
    raised = {f.name: getattr(base, f.name) + draw(PRICE) for f in fields(PriceList)}
    raised["per_request"] = base.per_request  # the fee is per request, not per token
    threshold = draw(st.integers(min_value=1, max_value=600_000))
    return OfferPricing(base, (Tier(threshold, PriceList(**raised)),))


@st.composite
def requests(draw: st.DrawFn) -> Request:
    return Request(**{name: draw(COUNT) for name in TOKEN_FIELDS}, searches=draw(COUNT))


def plus(a: Request, b: Request) -> Request:
    return Request(**{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(Request)})


@settings(max_examples=300, deadline=None)
@given(
    base=full_lists(),
    tier=full_lists(),
    threshold=st.integers(min_value=1, max_value=2_000_000),
    request=requests(),
    field=st.sampled_from([*TOKEN_FIELDS, "searches"]),
    extra=st.integers(min_value=1, max_value=100_000),
)
def test_cost_is_monotonic_in_every_count_within_one_tier(
    base: PriceList, tier: PriceList, threshold: int, request: Request, field: str, extra: int
) -> None:
    # Any non-negative prices, even a tier cheaper than its base: within one tier, more of
    # anything never costs less.
    pricing = OfferPricing(base, (Tier(threshold, tier),))
    more = replace(request, **{field: getattr(request, field) + extra})
    assume(tier_for(pricing, request.prompt) == tier_for(pricing, more.prompt))
    low, high = cost(pricing, request), cost(pricing, more)
    assert low is not None and high is not None
    assert high >= low


@settings(max_examples=300, deadline=None)
@given(pricing=dominated_pricing(), a=requests(), b=requests())
def test_with_raised_tier_prices_a_bigger_request_never_costs_less(
    pricing: OfferPricing, a: Request, b: Request
) -> None:
    bigger, smaller = cost(pricing, plus(a, b)), cost(pricing, a)
    assert bigger is not None and smaller is not None
    assert bigger >= smaller


@settings(max_examples=300, deadline=None)
@given(pricing=dominated_pricing(), a=requests(), b=requests())
def test_one_request_costs_at_least_its_parts_sent_apart_but_for_one_fee(
    pricing: OfferPricing, a: Request, b: Request
) -> None:
    # Splitting a prompt across the threshold can only bring a part below it: the parts never
    # cost more than the whole, except for the second request's fee.
    whole, first, second = cost(pricing, plus(a, b)), cost(pricing, a), cost(pricing, b)
    assert whole is not None and first is not None and second is not None
    fee = pricing.base.per_request or 0
    assert whole + fee >= first + second


def test_a_tier_cheaper_than_its_base_breaks_monotonicity() -> None:
    # Why the two properties above need raised tier prices: real data where one more token costs
    # less. MD/providers/requesty/models/google/gemini-2.5-pro.toml: cache_read = 0.31 below,
    # tier { size = 200_000 } cache_read = 0.25.
    requesty = OfferPricing(
        PriceList(input=D("1.25"), output=D("10"), cache_read=D("0.31"), cache_write=D("2.375")),
        (Tier(200_000, PriceList(input=D("2.5"), output=D("15"), cache_read=D("0.25"))),),
    )
    at = cost(requesty, tokens(cache_read=200_000))
    over = cost(requesty, tokens(cache_read=200_001))
    assert at == D("0.062") and over == D("0.05000025")
    assert over < at


@settings(max_examples=200, deadline=None)
@given(
    pricing=dominated_pricing(),
    request=requests(),
    count=st.integers(min_value=1, max_value=50),
)
def test_a_workload_costs_count_times_one_request(
    pricing: OfferPricing, request: Request, count: int
) -> None:
    one = cost(pricing, request)
    assert one is not None
    assert Workload(request, count).cost(pricing) == one * count


@settings(max_examples=200, deadline=None)
@given(
    per_request=st.integers(min_value=0, max_value=2_000),
    count=st.integers(min_value=1, max_value=64),
    output=st.integers(min_value=0, max_value=200),
)
def test_split_adds_up_and_fits(per_request: int, count: int, output: int) -> None:
    total = Request(input=per_request * count, output=output * count)
    limits = Limits(context_window=2_500, max_output=150)
    split = Workload.split(total, limits)
    if split is None:
        # Only when even the finest even split is over a limit.
        finest = math.gcd(total.input, total.output)
        assert fits(Request(input=total.input // finest, output=total.output // finest), limits)
        return
    assert split.total == total
    assert split.fits(limits) is None


@settings(max_examples=300, deadline=None)
@given(
    prices=st.fixed_dictionaries({name: st.none() | PRICE for name in PRICE_FIELDS}),
    request=requests(),
)
def test_cost_is_unknown_exactly_when_a_needed_price_is(
    prices: dict[str, Decimal | None], request: Request
) -> None:
    pricing = OfferPricing(PriceList(**prices))
    needed = {name: getattr(request, name) for name in TOKEN_FIELDS}
    needed["per_search"] = request.searches
    reasoning_price = prices["reasoning"] if prices["reasoning"] is not None else prices["output"]
    unknown = any(
        count and (reasoning_price if name == "reasoning" else prices[name]) is None
        for name, count in needed.items()
    )
    assert (cost(pricing, request) is None) == unknown
