"""Index, provider, capability and lifecycle content, built from the small fixture catalog."""

from __future__ import annotations

import re
from pathlib import Path

from catalog.derive.site import derive
from catalog.write.pipeline import build
from tests.conftest import load_ok
from tests.pagetext import page_text


def deprecate_pebble(catalog_dir: Path) -> None:
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(
        pebble.read_text() + "status: deprecated\nretires: 2026-03-01\nreplaced_by: acme/rocket\n"
    )


def test_deprecated_models_sort_last_and_link_their_replacement(catalog_dir: Path) -> None:
    deprecate_pebble(catalog_dir)
    site = derive(load_ok(catalog_dir))
    assert [p.id for p in site.index_order] == [
        "acme/rocket@eu-west",
        "acme/rocket@us-east",
        "acme/pebble",
    ]
    pebble = next(p for p in site.pages if p.id == "acme/pebble")
    assert pebble.status_note == "Deprecated: retires Mar 1, 2026"
    assert pebble.replacement is not None
    assert pebble.replacement.url == "models/acme/rocket@eu-west.html"  # first region
    assert pebble.replacement_id == "acme/rocket@eu-west"


def test_built_pages_show_lifecycle(catalog_dir: Path, tmp_path: Path) -> None:
    deprecate_pebble(catalog_dir)
    build(catalog_dir, tmp_path / "out")
    text = page_text((tmp_path / "out/models/acme/pebble.html").read_text())
    assert "Deprecated: retires Mar 1, 2026. Replaced by Rocket @eu-west." in text
    index = (tmp_path / "out/index.html").read_text()
    # a row per model: Rocket (two regions, one row), then the deprecated Pebble last
    rows = re.findall(r'<tr data-id="([^"]+)"[^>]*data-status="(\w+)"', index)
    assert rows == [("acme/rocket", "stable"), ("acme/pebble", "deprecated")]
    assert '<span class="tag tag-deprecated">deprecated</span>' in index


def test_capability_pages_list_exactly_the_models_with_it(
    catalog_dir: Path, tmp_path: Path
) -> None:
    build(catalog_dir, tmp_path / "out")
    vision = (tmp_path / "out/capabilities/vision.html").read_text()
    assert set(re.findall(r'href="\.\./(models/[^"]+)"', vision)) == {
        "models/acme/rocket@eu-west.html",
        "models/acme/rocket@us-east.html",
    }
    tools = page_text((tmp_path / "out/capabilities/tool_calling.html").read_text())
    assert "0 models support tool calling." in tools


def test_provider_page(catalog_dir: Path, tmp_path: Path) -> None:
    build(catalog_dir, tmp_path / "out")
    html = (tmp_path / "out/providers/acme.html").read_text()
    text = page_text(html)
    assert "Acme AI website" in text
    assert "Data retention\nNo\nUsed for training\n—\nHeadquarters\n🇺🇸 US" in text
    assert "| eu-west | EU West | 🇮🇪 IE | EU" in text
    assert html.count('<tr data-provider="acme"') == 3
    assert 'id="prices-acme' in html  # the price chart


def test_index_filters_are_hidden_without_javascript(catalog_dir: Path, tmp_path: Path) -> None:
    build(catalog_dir, tmp_path / "out")
    index = (tmp_path / "out/index.html").read_text()
    assert (
        '<form class="filters" id="filters" role="search" aria-label="Filter models" hidden>'
        in (index)
    )
    assert index.count("<tr data-id=") == 2  # a row per model: Rocket's two regions are one
    geographies = re.findall(r'<option value="([A-Z]+)">', index)
    assert geographies == ["EU", "US"]
