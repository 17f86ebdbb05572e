"""Long-context prices: a card's tiers are checked, and every cost the site shows is billed at
the tier the request's prompt reaches (catalog/derive/billing.py), as Google, OpenAI and xAI
bill it. Gemini 2.5 Pro's card carries models.dev's tier
(providers/google/models/gemini-2.5-pro.toml: over 200K, $2.50 / $15.00)."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.derive.site import Site, derive
from catalog.write.pipeline import build, check
from tests.conftest import PROJECT, UNSTATED_PRICES, errors_of, load_ok
from tests.test_validation import ROCKET, replace

TIERED = "  cache_read: 1.25\n  tiers:\n    - {above: 64000, input: 5, output: 15}\n"


def pages(site: Site) -> dict[str, object]:
    return {page.id: page for page in site.pages}


def test_a_long_request_costs_what_google_bills() -> None:
    page = pages(derive(check(PROJECT / "models")))["google/gemini-2.5-pro"]
    costs = [(row.label, row.value) for row in page.costs]  # type: ignore[attr-defined]
    assert costs[0] == ("100K input + 10K output", "$0.225")  # $0.125 + $0.10, below the tier
    # 1M input + 100K output is over the 65,536-token max output as one request; as the two
    # requests it takes, each prompt of 500K is over 200K: 2 × (0.5 × $2.50 + 0.05 × $15.00).
    assert costs[1] == (
        "1M input + 100K output (as 2 requests of 500K input + 50K output tokens)",
        "$4.00",
    )
    prices = {row.label: row.value for row in page.prices}  # type: ignore[attr-defined]
    assert prices["Input / 1M"] == "$1.25"
    assert prices["Input / 1M, prompts over 200K"] == "$2.50"
    assert prices["Output / 1M, prompts over 200K"] == "$15.00"
    assert prices["Cache read / 1M, prompts over 200K"] == "$0.25"
    answer = page.faq[0].answer  # type: ignore[attr-defined]
    assert (
        "A request whose prompt is over 200,000 tokens is billed at $2.50 per million input "
        "tokens and $15.00 per million output tokens, for the whole request." in answer
    )


def test_the_json_carries_the_tiers_and_the_split(starter_site: Path) -> None:
    record = json.loads((starter_site / "api/models/google/gemini-2.5-pro.json").read_text())
    assert record["pricing"]["tiers"] == [
        {
            "above": 200000,
            "input": 2.5,
            "output": 15,
            "cache_write": None,
            "cache_read": 0.25,
            **UNSTATED_PRICES,
        }
    ]
    costs = record["costs"]
    assert [(c["requests"], c["cost"], c["display"]) for c in costs[:2]] == [
        (1, 0.225, "$0.225"),
        (2, 4, "$4.00"),
    ]


def test_a_cache_read_left_out_follows_the_tiers_input(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "  cache_read: 1.25\n", TIERED)
    site = derive(load_ok(catalog_dir))
    page = pages(site)["acme/rocket@us-east"]
    prices = {row.label: row.value for row in page.prices}  # type: ignore[attr-defined]
    # $1.25 at $2.50 is half the input price; at the tier's $5 input it is $2.50.
    assert prices["Cache read / 1M, prompts over 64K"] == "$2.50"
    # A region that states its own input keeps the card's tiers.
    eu = pages(site)["acme/rocket@eu-west"]
    eu_prices = {row.label: row.value for row in eu.prices}  # type: ignore[attr-defined]
    assert (
        eu_prices["Input / 1M"] == "$2.75" and eu_prices["Input / 1M, prompts over 64K"] == "$5.00"
    )


def test_tiers_out_of_order_unreachable_or_cheaper_to_cache_are_located(
    catalog_dir: Path,
) -> None:
    replace(
        catalog_dir / "acme/rocket.yaml",
        "  cache_read: 1.25\n",
        "  cache_read: 1.25\n  tiers:\n"
        "    - {above: 64000, input: 5, output: 15}\n"
        "    - {above: 32000, input: 6, output: 18}\n"
        "    - {above: 128000, input: 7, output: 20, cache_read: 8}\n",
    )
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:17:15: pricing.tiers[1].above: 32,000 is not above the previous tier's "
        "64,000 (expected thresholds in increasing order)",
        f"{ROCKET}:18:15: pricing.tiers[2].above: 128,000 is not below the context window of "
        "128,000 (expected a prompt size the model can take)",
        f"{ROCKET}:18:57: pricing.tiers[2].cache_read: $8 is above the tier's input price $7 "
        "(expected a cache-read price ≤ the input price)",
    ]


def test_a_tier_needs_the_prompt_size_it_applies_above(catalog_dir: Path) -> None:
    replace(
        catalog_dir / "acme/rocket.yaml",
        "  cache_read: 1.25\n",
        "  cache_read: 1.25\n  tiers:\n    - {input: 5, output: 15}\n",
    )
    errors = errors_of(catalog_dir)
    assert len(errors) == 1 and errors[0].startswith(f"{ROCKET}:16:7: pricing.tiers[0].above: ")


def test_the_source_of_the_prices_is_linked_and_in_the_json(catalog_dir: Path) -> None:
    source = "https://acme.example/docs/pricing"
    replace(
        catalog_dir / "acme/rocket.yaml",
        "  cache_read: 1.25\n",
        f"  cache_read: 1.25\n  source: {source}\n",
    )
    out = catalog_dir.parent / "site"
    build(catalog_dir, out)
    html = (out / "models/acme/rocket@us-east.html").read_text()
    assert (
        f'<p class="note">Prices as Acme AI publishes them: <a href="{source}" rel="external">'
        "acme.example</a>.</p>"
    ) in html
    record = json.loads((out / "api/models/acme/rocket@us-east.json").read_text())
    assert record["pricing"]["source"] == source
    pebble = json.loads((out / "api/models/acme/pebble.json").read_text())
    assert pebble["pricing"]["source"] is None
    assert "publishes them" not in (out / "models/acme/pebble.html").read_text()


def test_a_price_source_must_be_an_https_url(catalog_dir: Path) -> None:
    replace(
        catalog_dir / "acme/rocket.yaml",
        "  cache_read: 1.25\n",
        "  cache_read: 1.25\n  source: acme.example/pricing\n",
    )
    (error,) = errors_of(catalog_dir)
    assert error.startswith(f"{ROCKET}:")
    assert "pricing.source" in error and "https://" in error
