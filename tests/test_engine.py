"""The incremental engine gives byte for byte the site a full build gives, after every kind of
card edit, and leaves the site as it was when the edit is invalid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.errors import ValidationFailed
from catalog.render.theme import Theme
from catalog.write.engine import Engine
from catalog.write.pipeline import build
from tests.conftest import PROJECT
from tests.test_cli import snapshot


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    models = tmp_path / "models"
    shutil.copytree(PROJECT / "models", models)
    monkeypatch.chdir(tmp_path)
    engine = Engine(models, tmp_path / "site")
    assert engine.build().full
    return engine


def same_as_full_build(engine: Engine, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    build(engine.models, reference, engine.theme, force=True)
    got, want = snapshot(engine.out), snapshot(reference)
    assert sorted(got) == sorted(want)
    assert [path for path in want if got[path] != want[path]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_description_edit(engine: Engine, tmp_path: Path) -> None:
    card = engine.models / "azure/gpt-4.1.yaml"
    edit(card, "description: >-\n", "description: >-\n  **Edited.**\n")
    update = engine.update([card])
    assert not update.full
    assert "models/azure/gpt-4.1@eastus2.html" in update.written
    assert "index.html" not in update.written  # the row shows no description
    assert "models/openai/gpt-5.html" not in update.written
    same_as_full_build(engine, tmp_path)


def test_a_model_card_edit_renders_its_offers(engine: Engine, tmp_path: Path) -> None:
    model = engine.models / "labs/openai/gpt-4.1-mini.yaml"
    edit(model, "GPT-4.1 Mini is a mid-sized model", "GPT-4.1 Mini is a **mid-sized** model")
    update = engine.update([model])
    assert not update.full
    assert {
        "labs/openai/gpt-4.1-mini.html", "api/labs/openai/gpt-4.1-mini.json",
        "models/azure/gpt-4.1-mini@francecentral.html", "models/openai/gpt-4.1-mini.html",
    } <= set(update.written)  # fmt: skip
    assert "models/openai/gpt-5.html" not in update.written
    assert "labs/openai/gpt-5.html" not in update.written
    same_as_full_build(engine, tmp_path)


def test_an_offer_price_edit_reaches_the_model_page_and_the_other_offers(
    engine: Engine, tmp_path: Path
) -> None:
    card = engine.models / "openai/gpt-4.1-mini.yaml"
    edit(card, "    input: 0.20\n", "    input: 0.25\n")  # the batch input price
    update = engine.update([card])
    assert not update.full
    # The grid of the model page and "Also offered by" on Azure's pages show batch prices.
    assert {
        "labs/openai/gpt-4.1-mini.html", "models/azure/gpt-4.1-mini@francecentral.html",
    } <= set(update.written)  # fmt: skip
    assert "models/azure/gpt-4.1@eastus2.html" not in update.written
    same_as_full_build(engine, tmp_path)


def test_edits_that_reach_other_pages(engine: Engine, tmp_path: Path) -> None:
    card = engine.models / "azure/gpt-4o-mini.yaml"
    # newest first in "other models" of every Azure page, first in the feed, a new price
    edit(card, "added: 2024-07-18", "added: 2026-11-01")
    edit(card, "input: 0.15", "input: 0.17")
    update = engine.update([card])
    assert not update.full
    assert "models/azure/gpt-4.1@eastus2.html" in update.written  # its other-models list
    assert {"index.html", "feed.xml", "api/models.json", "providers/azure.html"} <= set(
        update.written
    )
    same_as_full_build(engine, tmp_path)


def test_capabilities_regions_new_and_deleted_cards(engine: Engine, tmp_path: Path) -> None:
    card = engine.models / "deepinfra/openai-gpt-oss-20b.yaml"  # a card of its own (no model:)
    text = card.read_text()
    seeing = text.replace("  input: [text]", "  input: [text, image]", 1)  # modalities agree
    card.write_text(seeing.replace("capabilities: [", "capabilities: [vision, ", 1))
    same_after = engine.update([card])
    assert "capabilities/vision.html" in same_after.written
    same_as_full_build(engine, tmp_path)

    new = engine.models / "deepinfra/openai-gpt-oss-20b-2.yaml"
    new.write_text(text.replace("name: GPT OSS 20B", "name: GPT OSS Two", 1))
    engine.update([new])
    same_as_full_build(engine, tmp_path)

    region = engine.models / "azure/gpt-4o.yaml"
    edit(region, "regions: [", "regions: [westeurope, ")
    update = engine.update([region])
    assert "models/azure/gpt-4o@westeurope.html" in update.written
    same_as_full_build(engine, tmp_path)

    edit(region, "regions: [westeurope, ", "regions: [")
    new.unlink()
    update = engine.update([region, new])
    assert "models/azure/gpt-4o@westeurope.html" in update.removed
    assert "models/deepinfra/openai-gpt-oss-20b-2.html" in update.removed
    same_as_full_build(engine, tmp_path)


def test_invalid_edit_changes_nothing_and_a_fix_recovers(engine: Engine, tmp_path: Path) -> None:
    before = snapshot(engine.out)
    card = engine.models / "openai/gpt-5.yaml"
    original = card.read_text()
    card.write_text(original.replace("api: chat\n", "api: chat\ncontext_windw: 1000\n"))
    with pytest.raises(ValidationFailed) as info:
        engine.update([card])
    assert "context_windw: unknown key; did you mean 'context_window'?" in str(info.value.errors[0])
    assert snapshot(engine.out) == before
    card.write_text(original.replace("model: openai/gpt-5\n", "model: openai/gpt-5\nname: GPT 5\n"))
    assert not engine.update([card]).full
    same_as_full_build(engine, tmp_path)


def test_other_inputs_rebuild_everything(engine: Engine, tmp_path: Path) -> None:
    settings = engine.models / "site.yaml"
    edit(settings, "name: Requesty", "name: Another Router")
    assert engine.update([settings]).full
    same_as_full_build(engine, tmp_path)
    card = engine.models / "xai/grok-4.3.yaml"
    edit(card, "model: xai/grok-4.3\n", "model: xai/grok-4.3\nname: Grok 4.3 renamed\n")
    assert not engine.update([card]).full
    same_as_full_build(engine, tmp_path)


def test_a_renamed_replacement_updates_the_pages_that_name_it(
    engine: Engine, tmp_path: Path
) -> None:
    old = engine.models / "azure/o3.yaml"  # another provider: not among gpt-5's siblings
    old.write_text(
        old.read_text() + "status: deprecated\nretires: 2027-01-01\nreplaced_by: openai/gpt-5\n"
    )
    engine.update([old])
    same_as_full_build(engine, tmp_path)
    target = engine.models / "openai/gpt-5.yaml"
    edit(target, "model: openai/gpt-5\n", "model: openai/gpt-5\nname: GPT-5 (renamed)\n")
    update = engine.update([target])
    assert "models/azure/o3@eastus2.html" in update.written
    assert "GPT-5 (renamed)" in (engine.out / "models/azure/o3@eastus2.html").read_text()
    same_as_full_build(engine, tmp_path)


def test_deferred_bulk_json_follows_on_finish(engine: Engine, tmp_path: Path) -> None:
    card = engine.models / "azure/gpt-4.1.yaml"
    edit(card, "GPT-4.1 is a non-reasoning model", "GPT-4.1, a non-reasoning model,")
    models_json = engine.out / "api/models.json"
    before = models_json.read_bytes()
    update = engine.update([card], defer_bulk=True)
    assert "api/models.json" in update.written
    assert models_json.read_bytes() == before  # not yet: the page came first
    assert (
        "GPT-4.1, a non-reasoning model,"
        in (engine.out / "models/azure/gpt-4.1@eastus2.html").read_text()
    )
    engine.finish()
    same_as_full_build(engine, tmp_path)
    # an update with a deferred file pending writes it before anything else
    edit(card, "GPT-4.1, a non-reasoning model,", "GPT-4.1 (non-reasoning)")
    engine.update([card], defer_bulk=True)
    engine.update([engine.models / "azure/gpt-4o.yaml"])  # nothing changed in that card
    same_as_full_build(engine, tmp_path)


def test_a_provider_file_edit_renders_what_reads_it(engine: Engine, tmp_path: Path) -> None:
    provider = engine.models / "xai/provider.yaml"
    edit(provider, "name: xAI\n", "name: xAI (renamed)\n")
    update = engine.update([provider])
    assert not update.full
    assert "providers/xai.html" in update.written
    assert "models/xai/grok-4.3.html" in update.written
    assert "index.html" in update.written  # its rows name the provider
    # Pages of other providers read neither the file nor anything it changed.
    assert not [path for path in update.written if path.startswith("models/openai/")]
    same_as_full_build(engine, tmp_path)


def test_a_logo_edit_writes_the_logo_alone(engine: Engine, tmp_path: Path) -> None:
    logo = engine.models / "xai/logo.svg"
    logo.write_text(logo.read_text().replace("<svg", '<svg data-edited="yes"', 1))
    update = engine.update([logo])
    assert not update.full
    assert update.written == ("static/logos/xai.svg",)
    same_as_full_build(engine, tmp_path)


@pytest.fixture
def themed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """An engine whose theme overrides nothing yet: a theme folder beside the models."""
    models = tmp_path / "models"
    shutil.copytree(PROJECT / "models", models)
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "static").mkdir()
    monkeypatch.chdir(tmp_path)
    engine = Engine(models, tmp_path / "site", theme=Theme.over_default(tmp_path / "theme"))
    assert engine.build().full
    return engine


def test_a_template_edit_renders_the_pages_that_use_it(themed: Engine, tmp_path: Path) -> None:
    default = Theme.default().template_file("chart.html").read_text()
    override = tmp_path / "theme/templates/chart.html"
    override.write_text(default.replace("{% block main %}", "{% block main %}<!-- themed -->", 1))
    update = themed.update([override])  # a new file that shadows the default one
    assert not update.full
    charts = sorted(p for p in snapshot(themed.out) if p.startswith("charts/"))
    assert charts and sorted(update.written) == charts
    same_as_full_build(themed, tmp_path)
    # base.html is read by every page: most of the site, which the full build renders.
    base = tmp_path / "theme/templates/base.html"
    base.write_text(Theme.default().template_file("base.html").read_text() + "<!-- x -->\n")
    assert themed.update([base]).full
    same_as_full_build(themed, tmp_path)
    # Removing the override brings the default back, on the chart pages alone.
    override.unlink()
    update = themed.update([override])
    assert sorted(update.written) == charts
    same_as_full_build(themed, tmp_path)


def test_a_static_file_edit_writes_that_file(themed: Engine, tmp_path: Path) -> None:
    script = tmp_path / "theme/static/offers.js"
    script.write_text(Theme.default().static_files()["offers.js"].read_text() + "/* themed */\n")
    update = themed.update([script])
    assert not update.full
    assert update.written == ("static/offers.js",)
    same_as_full_build(themed, tmp_path)


def test_a_stylesheet_part_edit_writes_the_one_stylesheet(themed: Engine, tmp_path: Path) -> None:
    css = tmp_path / "theme/static/charts.css"
    css.write_text(Theme.default().static_files()["charts.css"].read_text() + "/* themed */\n")
    update = themed.update([css])
    assert not update.full
    assert update.written == ("static/catalog.css",)
    assert (tmp_path / "site/static/catalog.css").read_text().count("/* themed */") == 1
    assert not (tmp_path / "site/static/charts.css").exists()  # a part, not a file of the site
    same_as_full_build(themed, tmp_path)


def test_a_geography_and_an_eu_price_edit_reach_the_geography_charts(
    engine: Engine, tmp_path: Path
) -> None:
    """The chart of the cheapest offers in the EU follows an EU offer's price, and a card that
    moves to another geography leaves one geography's charts for another's."""
    card = engine.models / "amazon-bedrock/eu.anthropic.claude-sonnet-4-6.yaml"
    edit(card, "  input: 3.30\n", "  input: 1.30\n")  # the cheapest in the EU
    update = engine.update([card])
    assert not update.full
    assert any(path.startswith("charts/") and "@eu" in path for path in update.written)
    same_as_full_build(engine, tmp_path)
    edit(card, "geography: EU", "geography: JP")
    update = engine.update([card])
    assert not update.full
    written = set(update.written)
    assert any("@eu" in p for p in written) and any("@jp" in p for p in written)
    same_as_full_build(engine, tmp_path)
