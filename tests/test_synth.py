"""The synthetic catalog generator (bench/synth.py): valid, deterministic and lopsided like a real
catalog. Benchmarks at scale are only meaningful if their input is valid and repeatable, so these
tests guard exactly that, on small card counts to stay fast."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest

from bench.synth import generate, main
from catalog.derive.site import derive
from catalog.errors import ValidationFailed
from catalog.read.validate import Catalog, validate_catalog

SMALL = 60
LARGE = 1000  # the first size at which the flagship provider reaches its full 600 cards


def _validated(root: Path) -> Catalog:
    try:
        return validate_catalog(root)
    except ValidationFailed as exc:
        first = "\n".join(str(e) for e in exc.errors[:10])
        pytest.fail(f"generated catalog is invalid ({len(exc.errors)} errors):\n{first}")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Catalog]:
    root = tmp_path_factory.mktemp("synth") / "models"
    counts = generate(root, SMALL, seed=0)
    return root, counts, _validated(root)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Catalog]:
    root = tmp_path_factory.mktemp("synth") / "models"
    counts = generate(root, LARGE, seed=1)
    return root, counts, _validated(root)


def test_small_catalog_validates(small: tuple[Path, dict[str, int], Catalog]) -> None:
    _, _, catalog = small
    assert len(catalog.models) == SMALL


def test_large_catalog_validates(large: tuple[Path, dict[str, int], Catalog]) -> None:
    _, _, catalog = large
    assert len(catalog.models) == LARGE


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", SMALL, seed=5)
    generate(tmp_path / "b", SMALL, seed=5)
    generate(tmp_path / "c", SMALL, seed=6)
    a, b, c = (_snapshot(tmp_path / name) for name in "abc")
    assert len(a) > SMALL  # cards, provider files, logos and registries
    assert a == b
    assert a != c, "the seed is ignored"


def test_registries_are_the_projects(small: tuple[Path, dict[str, int], Catalog]) -> None:
    root, _, _ = small
    project = Path(__file__).resolve().parent.parent / "models"
    for name in ("site.yaml", "benchmarks.yaml", "capabilities.yaml"):
        assert (root / name).read_bytes() == (project / name).read_bytes()


def test_counts_match_the_files(small: tuple[Path, dict[str, int], Catalog]) -> None:
    root, counts, catalog = small
    provider_dirs = [p for p in root.iterdir() if p.is_dir()]
    card_files = [p for d in provider_dirs for p in d.glob("*.yaml") if p.name != "provider.yaml"]
    assert counts["providers"] == len(provider_dirs) == len(catalog.providers)
    assert counts["cards"] == len(card_files) == SMALL
    assert counts["pages"] == len(derive(catalog).pages)
    assert counts["pages"] > counts["cards"]  # regional cards have a page per region


def test_provider_sizes_are_uneven(small: tuple[Path, dict[str, int], Catalog]) -> None:
    _, _, catalog = small
    sizes = sorted(Counter(m.provider_id for m in catalog.models).values(), reverse=True)
    assert len(sizes) >= 5
    assert sizes[0] >= 4 * statistics.median(sizes), sizes
    assert sizes[1] >= 3 * statistics.median(sizes[1:]), f"the others are all alike: {sizes}"


def test_flagship_has_600_cards_and_a_long_tail(
    large: tuple[Path, dict[str, int], Catalog],
) -> None:
    _, _, catalog = large
    sizes = sorted(Counter(m.provider_id for m in catalog.models).values(), reverse=True)
    assert sizes[0] == 600, sizes
    assert sizes[0] >= 10 * statistics.median(sizes), sizes
    assert sizes[1] >= 3 * statistics.median(sizes[1:]), f"the others are all alike: {sizes}"
    assert sizes[-1] <= 20, sizes


def test_every_card_has_3_to_8_benchmarks(large: tuple[Path, dict[str, int], Catalog]) -> None:
    _, _, catalog = large
    counts = Counter(len(m.card.benchmarks) for m in catalog.models)
    assert set(counts) <= set(range(3, 9)), counts
    assert len(counts) >= 4, f"benchmark counts barely vary: {counts}"


def test_cards_look_real(large: tuple[Path, dict[str, int], Catalog]) -> None:
    """The variety a benchmark should exercise: lifecycles, regional prices, FAQs, Markdown."""
    _, _, catalog = large
    cards = [m.card for m in catalog.models]
    statuses = Counter(c.status for c in cards)
    assert statuses["preview"] > 0 and statuses["deprecated"] > 0, statuses
    for card in cards:
        assert (card.retires is not None) == (card.status == "deprecated")
        assert 1 <= len(card.faq) <= 3
        p = card.pricing
        prices = [p.input, p.output, p.cache_write, p.cache_read]
        assert None not in prices
        assert all(-price.as_tuple().exponent <= 6 for price in prices), prices
        assert card.regions is None or 1 <= len(card.regions) <= 5
    assert any(c.replaced_by for c in cards)
    assert any(o and o.pricing for c in cards for o in (c.regions or {}).values())
    assert any("\n- " in c.description for c in cards)
    assert any("](https://" in c.description for c in cards)
    regional = {p.id for p in catalog.providers.values() if p.file.regions}
    assert regional and len(regional) < len(catalog.providers)  # clouds and labs


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate(tmp_path, 5)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_cli_prints_the_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out"), "--cards", "12", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    counts = generate(tmp_path / "again", 12, seed=2)
    assert out.startswith(
        f"{counts['cards']} cards, {counts['providers']} providers, {counts['pages']} pages"
    )
