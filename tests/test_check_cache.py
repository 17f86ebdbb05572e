"""``catalog check`` reuses the result of a card that, with all it is checked against, is
unchanged since the last check; what it reports is exactly what a full check reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.errors import ValidationFailed
from catalog.read import checkcache
from catalog.write.pipeline import check_only


def errors(models: Path, **options: object) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        check_only(models, **options)  # type: ignore[arg-type]
    return [str(e) for e in info.value.errors]


def full(models: Path) -> list[str]:
    return errors(models, cache=False)


def test_unchanged_cards_are_not_checked_again(catalog_dir: Path) -> None:
    first = check_only(catalog_dir)
    assert (first.cards, first.pages, first.checked) == (2, 3, 2)
    again = check_only(catalog_dir)
    assert (again.cards, again.pages, again.checked) == (2, 3, 0)
    assert checkcache.cache_path(catalog_dir).is_file()
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("us-east:\n", ""))
    edited = check_only(catalog_dir)
    assert (edited.pages, edited.checked) == (2, 1)
    assert check_only(catalog_dir, cache=False).checked == 2


def test_an_invalid_card_is_reported_again_from_the_cache(catalog_dir: Path) -> None:
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("max_output: 16384", "max_output: 999999"))
    expected = full(catalog_dir)
    assert any("max_output: 999,999 is above the context window" in e for e in expected)
    assert errors(catalog_dir) == expected  # checked, then cached
    assert errors(catalog_dir) == expected  # from the cache


def test_what_a_card_is_checked_against_invalidates_it(catalog_dir: Path) -> None:
    check_only(catalog_dir)
    provider = catalog_dir / "acme/provider.yaml"
    provider.write_text(
        provider.read_text().replace("  us-east: {name: US East, country: US, geography: US}\n", "")
    )
    assert errors(catalog_dir) == full(catalog_dir)
    assert any("unknown region 'us-east'" in e for e in full(catalog_dir))
    provider.write_text(
        provider.read_text() + "  us-east: {name: US East, country: US, geography: US}\n"
    )
    check_only(catalog_dir)
    benchmarks = catalog_dir / "benchmarks.yaml"
    benchmarks.write_text(benchmarks.read_text().replace("mmlu-pro:", "mmlu-pro-2:"))
    assert errors(catalog_dir) == full(catalog_dir)
    assert any("unknown benchmark 'mmlu-pro'" in e for e in full(catalog_dir))


def test_cross_card_checks_run_on_every_check(catalog_dir: Path) -> None:
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(pebble.read_text() + "status: deprecated\nreplaced_by: acme/rocket\n")
    check_only(catalog_dir)
    (catalog_dir / "acme/rocket.yaml").unlink()  # pebble itself is unchanged
    found = errors(catalog_dir)
    assert found == full(catalog_dir)
    assert found == [
        "models/acme/pebble.yaml:5:14: replaced_by: unknown model 'acme/rocket' "
        "(expected the id of another card, provider/model)"
    ]
    (catalog_dir / "acme/rocket.yml").write_text(
        "name: Rocket\ndescription: x\nadded: 2025-01-01\n"
    )
    (catalog_dir / "acme/rocket.yaml").write_text(
        "name: Rocket\ndescription: x\nadded: 2025-01-01\n"
    )
    assert (
        errors(catalog_dir)
        == full(catalog_dir)
        == [
            "models/acme/rocket.yml:1:1: model id 'acme/rocket' is already used by "
            "models/acme/rocket.yaml (expected one card per id)"
        ]
    )


def test_a_damaged_cache_is_ignored(catalog_dir: Path) -> None:
    check_only(catalog_dir)
    checkcache.cache_path(catalog_dir).write_bytes(b"not a pickle")
    assert check_only(catalog_dir).checked == 2
    assert check_only(catalog_dir).checked == 0


def test_workers_report_what_one_process_reports(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkcache, "PARALLEL_FROM", 1)
    for number in range(12):
        card = catalog_dir / f"acme/m{number:02}.yaml"
        card.write_text(f"name: M{number}\ndescription: x\nadded: 2025-01-01\nbogus: {number}\n")
    expected = full(catalog_dir)
    assert len(expected) == 12
    assert errors(catalog_dir, workers=3) == expected
    assert errors(catalog_dir, workers=1) == expected
