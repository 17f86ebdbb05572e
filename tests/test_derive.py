"""The derive stage: the figures every page, table and FAQ answer share."""

from __future__ import annotations

from pathlib import Path

from catalog.derive.site import ModelPage, Site, derive
from tests.conftest import load_ok


def pages_by_id(site: Site) -> dict[str, ModelPage]:
    return {page.id: page for page in site.pages}


def test_one_page_per_model_and_region(catalog_dir: Path) -> None:
    site = derive(load_ok(catalog_dir))
    assert [(p.id, p.url) for p in site.pages] == [
        ("acme/pebble", "models/acme/pebble.html"),
        ("acme/rocket@eu-west", "models/acme/rocket@eu-west.html"),
        ("acme/rocket@us-east", "models/acme/rocket@us-east.html"),
    ]


def test_regional_price_override_reaches_prices_costs_and_faq(catalog_dir: Path) -> None:
    pages = pages_by_id(derive(load_ok(catalog_dir)))
    eu, us = pages["acme/rocket@eu-west"], pages["acme/rocket@us-east"]
    assert [f.value for f in eu.prices] == ["$2.75", "$10.00", "—", "$1.25"]
    assert [f.value for f in us.prices] == ["$2.50", "$10.00", "—", "$1.25"]
    # 100K × $2.75/1M + 10K × $10/1M = $0.275 + $0.10
    assert [(c.label, c.value) for c in eu.costs] == [
        ("100K input + 10K output", "$0.375"),
        # Over the card's limits as one request: priced as the requests it takes.
        ("1M input + 100K output (as 10 requests of 100K input + 10K output tokens)", "$3.75"),
    ]
    assert "$2.75 per million input tokens" in eu.faq[0].answer
    assert "54.5% less than regular input" in eu.faq[0].answer  # (2.75 - 1.25) / 2.75
    assert "50% less than regular input" in us.faq[0].answer


def test_unknown_values_are_dashes_never_zero(catalog_dir: Path) -> None:
    pebble = pages_by_id(derive(load_ok(catalog_dir)))["acme/pebble"]
    assert {f.value for f in pebble.prices} == {"—"}
    assert {c.value for c in pebble.costs} == {"—"}
    specs = {f.label: f.value for f in pebble.specs}
    assert specs["Context window"] == "—"
    assert specs["Max output"] == "—"
    assert specs["Used for training"] == "—"  # the provider does not say
    assert specs["Data retention"] == "No"  # the provider's default
    # No price, no benchmarks, no capabilities, no context window: no FAQ claims about them.
    assert [item.question for item in pebble.faq] == ["How do I use Pebble with the OpenAI SDK?"]


def test_specs_and_location(catalog_dir: Path) -> None:
    pages = pages_by_id(derive(load_ok(catalog_dir)))
    eu = pages["acme/rocket@eu-west"]
    assert [(f.label, f.value) for f in eu.specs] == [
        ("Context window", "128K tokens"),
        ("Max output", "16K tokens"),
        ("API type", "chat"),
        ("Added", "Feb 1, 2025"),
        ("Knowledge cutoff", "2024-10"),
        ("Model ID", "acme/rocket@eu-west"),
        ("Data retention", "No"),
        ("Used for training", "—"),
    ]
    assert [(p.code, p.flag) for p in eu.location] == [("US", "🇺🇸"), ("EU", "🇪🇺")]
    assert [p.code for p in pages["acme/rocket@us-east"].location] == ["US"]


def test_faq_is_derived_from_the_card(catalog_dir: Path) -> None:
    eu = pages_by_id(derive(load_ok(catalog_dir)))["acme/rocket@eu-west"]
    answers = {item.question: item.answer for item in eu.faq}
    assert answers["What is the context window of Rocket?"] == (
        "Rocket has a context window of 128K tokens, with a maximum output of 16K tokens per "
        "response. That's roughly 96,000 words of English text in a single prompt, at a typical "
        "0.75 words per token; code and other languages use more tokens per word."
    )
    assert answers["How does Rocket perform on benchmarks?"].startswith(
        "Rocket scores 70.5% on MMLU Pro."
    )
    assert answers["What can Rocket do?"].startswith("Rocket supports vision input.")
    assert (
        "The same model is also offered in us-east." in answers["What region is this deployment?"]
    )


def test_benchmark_rows(catalog_dir: Path) -> None:
    (row,) = pages_by_id(derive(load_ok(catalog_dir)))["acme/rocket@us-east"].benchmarks
    assert (row.name, row.category, row.score, row.bar) == (
        "MMLU Pro",
        "knowledge",
        "70.5%",
        "70.5",
    )
    assert row.source == "https://leaderboard.example/mmlu"


def test_other_models_are_capped_with_a_total(catalog_dir: Path) -> None:
    for i in range(12):
        (catalog_dir / f"acme/m{i:02}.yaml").write_text(
            f"name: M{i:02}\ndescription: x\nadded: 2025-03-{i + 1:02}\n"
        )
    site_file = catalog_dir / "site.yaml"
    site_file.write_text(site_file.read_text() + "other_models_limit: 5\n")
    page = pages_by_id(derive(load_ok(catalog_dir)))["acme/pebble"]
    assert page.other_models_total == 13
    # newest first; a regional model is linked in this page's region if it has one
    assert [link.label for link in page.other_models] == ["M11", "M10", "M09", "M08", "M07"]


def test_other_models_link_the_same_region(catalog_dir: Path) -> None:
    (catalog_dir / "acme/comet.yaml").write_text(
        "name: Comet\ndescription: x\nadded: 2025-05-01\nregions: [us-east, eu-west]\n"
    )
    pages = pages_by_id(derive(load_ok(catalog_dir)))
    links = {link.label: link.url for link in pages["acme/rocket@eu-west"].other_models}
    assert links == {"Comet": "models/acme/comet@eu-west.html", "Pebble": "models/acme/pebble.html"}


def test_snippets_carry_the_model_id_and_settings(catalog_dir: Path) -> None:
    page = pages_by_id(derive(load_ok(catalog_dir)))["acme/rocket@eu-west"]
    assert [s.label for s in page.snippets] == ["Python", "JavaScript", "cURL"]
    for snippet in page.snippets:
        assert "acme/rocket@eu-west" in snippet.code
        assert "https://router.example/v1" in snippet.code
        assert "YOUR_KEY" in snippet.code
        assert "acme/rocket@eu-west" in snippet.html
        assert snippet.html.count('<span class="line">') == snippet.code.count("\n")
