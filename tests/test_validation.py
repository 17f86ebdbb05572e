"""Error texts for broken cards: exact ``path:line:col: field: message (expected …)`` lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import errors_of, load_ok

ROCKET = "models/acme/rocket.yaml"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_fixture_is_valid(catalog_dir: Path) -> None:
    catalog = load_ok(catalog_dir)
    assert [m.id for m in catalog.models] == ["acme/pebble", "acme/rocket"]


def test_unknown_key_suggests_the_right_one(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "max_output:", "max_ouput:")
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:5:1: max_ouput: unknown key; did you mean 'max_output'? (expected one of "
        "name, description, capabilities, context_window, max_output, max_input, modalities, "
        "released, knowledge_cutoff, benchmarks, faq, status, retires, model, api, added, "
        "pricing, data_policy, regions, geography, replaced_by)"
    ]


def test_nested_unknown_key(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "  cache_read: 1.25", "  cached_read: 1.25")
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:14:3: pricing.cached_read: unknown key; did you mean 'cache_read'? "
        "(expected one of input, output, cache_write, cache_read, cache_write_1h, reasoning, "
        "audio_input, audio_output, image_input, image_output, per_request, per_search, source, "
        "tiers, batch, flex, priority)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "released: 2025-01-15",
            "released: 2025-02-31",
            "6:11: released: 2025-02-31 is not a real calendar date "
            "(expected release date, YYYY-MM-DD)",
        ),
        (
            "released: 2025-01-15",
            "released: Jan 2025",
            "6:11: released: 'Jan 2025' is not a date written YYYY-MM-DD "
            "(expected release date, YYYY-MM-DD)",
        ),
        (
            "  input: 2.50",
            '  input: "2.50"',
            "12:10: pricing.input: a number is required, not text (remove the quotes) "
            "(expected USD per 1M input tokens, e.g. 0.40)",
        ),
        (
            "  input: 2.50",
            "  input: -2.50",
            "12:10: pricing.input: must not be negative "
            "(expected USD per 1M input tokens, e.g. 0.40)",
        ),
        (
            "  input: 2.50",
            "  input: .nan",
            "12:10: pricing.input: Input should be a finite number "
            "(expected USD per 1M input tokens, e.g. 0.40)",
        ),
        (
            "context_window: 128000",
            "context_window: 0",
            "4:17: context_window: Input should be greater than 0 "
            "(expected the context window in tokens, a positive integer)",
        ),
        (
            "context_window: 128000",
            "context_window: '128000'",
            "4:17: context_window: Input should be a valid integer "
            "(expected the context window in tokens, a positive integer)",
        ),
        (
            "name: Rocket",
            "name: 1.5",
            "1:7: name: Input should be a valid string "
            "(expected the model's display name, e.g. gpt-4.1-mini)",
        ),
        (
            "knowledge_cutoff: 2024-10",
            "knowledge_cutoff: 2024-13",
            "8:19: knowledge_cutoff: 2024-13 is not a real calendar month or date "
            "(expected training data cutoff, YYYY-MM)",
        ),
    ],
)
def test_schema_errors(catalog_dir: Path, old: str, new: str, error: str) -> None:
    replace(catalog_dir / "acme/rocket.yaml", old, new)
    assert errors_of(catalog_dir) == [f"{ROCKET}:{error}"]


def test_missing_required_key(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/pebble.yaml", "added: 2024-06-01\n", "")
    assert errors_of(catalog_dir) == [
        "models/acme/pebble.yaml:1:1: added: required key is missing "
        "(expected date added to the catalog, YYYY-MM-DD)"
    ]


def test_a_file_that_is_a_list(catalog_dir: Path) -> None:
    (catalog_dir / "acme/pebble.yaml").write_text("- a\n- b\n")
    assert errors_of(catalog_dir) == [
        "models/acme/pebble.yaml:1:1: the file must hold a mapping of keys to values"
    ]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "max_output: 16384",
            "max_output: 200000",
            "5:13: max_output: 200,000 is above the context window of 128,000 "
            "(expected at most the context window)",
        ),
        (
            "knowledge_cutoff: 2024-10",
            "knowledge_cutoff: 2025-02",
            "8:19: knowledge_cutoff: 2025-02 is after the release date 2025-01-15 "
            "(expected a cutoff on or before release)",
        ),
        (
            "  cache_read: 1.25",
            "  cache_read: 3",
            "14:15: pricing.cache_read: $3 is above the input price $2.50 "
            "(expected a cache-read price ≤ the input price)",
        ),
        (
            "capabilities: [vision]",
            "capabilities: [vison]",
            "3:16: capabilities[0]: unknown capability 'vison'; did you mean 'vision'? "
            "(expected an id from capabilities.yaml)",
        ),
        (
            "capabilities: [vision]",
            "capabilities: [vision, vision]",
            "3:24: capabilities[1]: 'vision' is listed twice",
        ),
        (
            "  mmlu-pro: {score: 70.5",
            "  mmlu-pr: {score: 70.5",
            "10:3: benchmarks.mmlu-pr: unknown benchmark 'mmlu-pr'; did you mean 'mmlu-pro'? "
            "(expected an id from benchmarks.yaml)",
        ),
        (
            "{score: 70.5,",
            "{score: 170.5,",
            "10:21: benchmarks.mmlu-pro.score: 170.5 is outside the scale of MMLU Pro "
            "(expected a score from 0 to 100)",
        ),
        (
            "  eu-west:\n",
            "  eu-wset:\n",
            "16:3: regions.eu-wset: unknown region 'eu-wset' of provider 'acme'; did you mean "
            "'eu-west'? (expected one of eu-west, us-east (from models/acme/provider.yaml))",
        ),
    ],
)
def test_cross_field_errors(catalog_dir: Path, old: str, new: str, error: str) -> None:
    replace(catalog_dir / "acme/rocket.yaml", old, new)
    assert errors_of(catalog_dir) == [f"{ROCKET}:{error}"]


def test_regional_cache_read_is_checked_against_the_regional_input(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "{input: 2.75}", "{input: 1, cache_read: 1.1}")
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:17:37: regions.eu-west.pricing.cache_read: $1.1 is above the input price $1 "
        "(expected a cache-read price ≤ the input price)"
    ]


def test_every_error_of_every_file_in_one_run(catalog_dir: Path) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "max_output: 16384", "max_output: 200000")
    replace(catalog_dir / "acme/rocket.yaml", "capabilities: [vision]", "capabilities: [x]")
    replace(catalog_dir / "acme/pebble.yaml", "name: Pebble", "nme: Pebble")
    replace(catalog_dir / "site.yaml", "name: Router", "name: ''")
    errors = errors_of(catalog_dir)
    assert len(errors) == 5, errors
    assert [e.split(":")[0] for e in errors] == [
        "models/acme/pebble.yaml",
        "models/acme/pebble.yaml",
        ROCKET,
        ROCKET,
        "models/site.yaml",
    ]


def test_unknown_provider_folder_without_provider_file(catalog_dir: Path) -> None:
    (catalog_dir / "ghost").mkdir()
    (catalog_dir / "ghost/model.yaml").write_text("name: x\n")
    assert errors_of(catalog_dir) == [
        "models/ghost/provider.yaml:1:1: provider folder has no provider.yaml "
        "(expected a provider file)"
    ]


def test_invalid_file_name(catalog_dir: Path) -> None:
    (catalog_dir / "acme/Big Model.yaml").write_text("name: x\n")
    assert errors_of(catalog_dir) == [
        "models/acme/Big Model.yaml:1:1: file name 'Big Model.yaml' is not a valid model id "
        "(expected lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)"
    ]


def test_two_cards_with_one_id(catalog_dir: Path) -> None:
    (catalog_dir / "acme/pebble.yml").write_text((catalog_dir / "acme/pebble.yaml").read_text())
    assert errors_of(catalog_dir) == [
        "models/acme/pebble.yml:1:1: model id 'acme/pebble' is already used by "
        "models/acme/pebble.yaml (expected one card per id)"
    ]


def test_missing_logo(catalog_dir: Path) -> None:
    (catalog_dir / "acme/logo.svg").unlink()
    assert errors_of(catalog_dir) == [
        "models/acme/provider.yaml:2:7: logo: logo.svg does not exist beside provider.yaml "
        "(expected an SVG file in the provider folder)"
    ]


def test_registry_errors(catalog_dir: Path) -> None:
    replace(catalog_dir / "benchmarks.yaml", "category: knowledge", "category: trivia")
    replace(catalog_dir / "capabilities.yaml", "vision:", "Vision:")
    errors = errors_of(catalog_dir)
    assert errors[0] == (
        "models/benchmarks.yaml:3:13: mmlu-pro.category: Input should be 'coding', 'reasoning', "
        "'knowledge', 'math', 'agentic', 'multimodal', 'long-context', 'instruction-following' "
        "or 'composite' (expected the skill the benchmark measures)"
    )
    assert errors[1].startswith("models/capabilities.yaml:1:1: Vision: not a valid id")


def test_missing_settings_file(catalog_dir: Path) -> None:
    (catalog_dir / "site.yaml").unlink()
    assert errors_of(catalog_dir) == [
        "models/site.yaml:1:1: file is missing (expected the catalog's site.yaml)"
    ]


def test_cross_references_of_an_invalid_card_are_checked_in_the_same_run(
    catalog_dir: Path,
) -> None:
    replace(catalog_dir / "acme/rocket.yaml", "name: Rocket", "nme: Rocket")
    replace(catalog_dir / "acme/rocket.yaml", "capabilities: [vision]", "capabilities: [vison]")
    replace(catalog_dir / "acme/rocket.yaml", "max_output: 16384", "max_output: -1")
    assert errors_of(catalog_dir) == [
        f"{ROCKET}:1:1: name: required key is missing "
        "(expected the model's display name, e.g. gpt-4.1-mini)",
        f"{ROCKET}:1:1: nme: unknown key; did you mean 'name'? (expected one of name, "
        "description, capabilities, context_window, max_output, max_input, modalities, "
        "released, knowledge_cutoff, benchmarks, faq, status, retires, model, api, added, "
        "pricing, data_policy, regions, geography, replaced_by)",
        f"{ROCKET}:3:16: capabilities[0]: unknown capability 'vison'; did you mean 'vision'? "
        "(expected an id from capabilities.yaml)",
        f"{ROCKET}:5:13: max_output: Input should be greater than 0 "
        "(expected the maximum output in tokens, a positive integer)",
    ]


def test_lifecycle_checks(catalog_dir: Path) -> None:
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(pebble.read_text() + "retires: 2026-01-01\nreplaced_by: acme/rockt\n")
    assert errors_of(catalog_dir) == [
        "models/acme/pebble.yaml:4:10: retires: a stable model has no retirement date "
        "(expected status: deprecated, or no retires key)",
        "models/acme/pebble.yaml:5:14: replaced_by: unknown model 'acme/rockt'; did you mean "
        "'acme/rocket'? (expected the id of another card, provider/model)",
    ]


def test_deprecated_model_with_replacement_is_valid(catalog_dir: Path) -> None:
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(
        pebble.read_text() + "status: deprecated\nretires: 2026-01-01\nreplaced_by: acme/rocket\n"
    )
    (model,) = [m for m in load_ok(catalog_dir).models if m.id == "acme/pebble"]
    assert (model.card.status, model.card.replaced_by) == ("deprecated", "acme/rocket")


def test_a_geography_is_for_a_card_without_regions(catalog_dir: Path) -> None:
    # rocket.yaml has regions: each region's geography is in provider.yaml.
    replace(catalog_dir / "acme/rocket.yaml", "regions:", "geography: EU\nregions:")
    (error,) = errors_of(catalog_dir)
    assert error.startswith(f"{ROCKET}:")
    assert (
        "geography: a card with regions takes each region's geography from provider.yaml" in error
    )
    # pebble.yaml has none: a cross-region card states where its requests stay.
    replace(catalog_dir / "acme/rocket.yaml", "geography: EU\nregions:", "regions:")
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(pebble.read_text() + "geography: GLOBAL\n")
    load_ok(catalog_dir)
    pebble.write_text(pebble.read_text().replace("GLOBAL", "Europe"))
    (error,) = errors_of(catalog_dir)
    assert "geography" in error and "EU" in error
