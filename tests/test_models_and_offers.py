"""Two levels: model cards (labs/<lab>/<model>.yaml) and the provider cards that offer them.

An offer inherits every fact of the model it does not state, overrides what it states, and is
checked against the model (limits, modalities); the model page lists every offer × region with
its prices; the offer pages link up to it and to the model's other offers.
"""

from __future__ import annotations

import json
from pathlib import Path

from catalog.derive.site import derive
from catalog.write.pipeline import build
from tests.conftest import UNSTATED_PRICES, errors_of, load_ok
from tests.pagetext import page_text


def visible_text(html: str) -> str:
    """The page's text on one line, whitespace collapsed."""
    return " ".join(page_text(html).split())


MODEL = """\
name: Rocket Model
description: The *lab's* description.
capabilities: [vision]
context_window: 128000
max_output: 16384
modalities:
  input: [text, image]
  output: [text]
released: 2025-01-15
knowledge_cutoff: 2024-10
benchmarks:
  mmlu-pro: {score: 70.5, source: https://leaderboard.example/mmlu}
open_weights: true
licence: Apache-2.0
parameters: {total: 117000000000, active: 5100000000}
"""

OFFER = """\
model: acme-lab/rocket
added: 2025-02-01
pricing:
  input: 2.50
  output: 10
  batch: {input: 1.25, output: 5}
regions:
  eu-west:
    pricing: {input: 2.75}
  us-east:
"""


def _with_model(root: Path, offer: str = OFFER, model: str = MODEL) -> Path:
    lab = root / "labs" / "acme-lab"
    lab.mkdir(parents=True)
    (lab / "lab.yaml").write_text("name: Acme Lab\nwebsite: https://lab.example\n")
    (lab / "rocket.yaml").write_text(model)
    (root / "acme" / "rocket.yaml").write_text(offer)
    return lab / "rocket.yaml"


def test_an_offer_inherits_what_it_does_not_state(catalog_dir: Path) -> None:
    _with_model(catalog_dir, OFFER + "name: Rocket at Acme\ncontext_window: 64000\n")
    catalog = load_ok(catalog_dir)
    offer = next(m for m in catalog.models if m.id == "acme/rocket")
    card = offer.card
    assert offer.base is not None and offer.base.id == "acme-lab/rocket"
    assert offer.model_id == "acme-lab/rocket"
    # Stated: the name and a lower context window. Inherited: the rest of the model's facts.
    assert card.name == "Rocket at Acme"
    assert card.context_window == 64000
    assert card.description == "The *lab's* description."
    assert card.max_output == 16384 and str(card.released) == "2025-01-15"
    assert list(card.benchmarks) == ["mmlu-pro"]
    assert "description" in offer.inherited and "name" not in offer.inherited
    # The offer of a model card with no `model:` is its own model.
    pebble = next(m for m in catalog.models if m.id == "acme/pebble")
    assert pebble.base is None and pebble.model_id == "acme/pebble"


def test_a_stated_list_replaces_the_models_whole(catalog_dir: Path) -> None:
    _with_model(
        catalog_dir, OFFER + "capabilities: []\nmodalities: {input: [text], output: [text]}\n"
    )
    card = next(m for m in load_ok(catalog_dir).models if m.id == "acme/rocket").card
    assert card.capabilities == []
    assert card.modalities is not None and card.modalities.input == ["text"]


def test_an_unknown_model_is_a_located_error(catalog_dir: Path) -> None:
    _with_model(catalog_dir, OFFER.replace("acme-lab/rocket", "acme-lab/rockt"))
    assert errors_of(catalog_dir) == [
        "models/acme/rocket.yaml:1:8: model: unknown model 'acme-lab/rockt'; did you mean "
        "'acme-lab/rocket'? (expected a model card's id, lab/model, from "
        "labs/<lab>/<model>.yaml)"
    ]


def test_scores_live_on_the_model(catalog_dir: Path) -> None:
    _with_model(
        catalog_dir, OFFER + "benchmarks:\n  mmlu-pro: {score: 1, source: https://x.example}\n"
    )
    assert errors_of(catalog_dir) == [
        "models/acme/rocket.yaml:11:1: benchmarks: an offer states no benchmarks: scores are the "
        "model's (expected the scores in models/labs/acme-lab/rocket.yaml)"
    ]


def test_an_offer_promises_no_more_than_its_model(catalog_dir: Path) -> None:
    offer = OFFER + "max_output: 32000\nmodalities: {input: [text, image], output: [text, audio]}\n"
    _with_model(catalog_dir, offer)
    assert errors_of(catalog_dir) == [
        "models/acme/rocket.yaml:11:13: max_output: 32,000 is above the model's 16,384 "
        "(models/labs/acme-lab/rocket.yaml) (expected at most the model's max_output)",
        "models/acme/rocket.yaml:12:51: modalities.output[1]: audio output, which the model card "
        "does not list (expected one of text (models/labs/acme-lab/rocket.yaml))",
    ]


def test_a_rule_broken_with_an_inherited_fact_is_reported_where_the_offer_states(
    catalog_dir: Path,
) -> None:
    # The offer's own knowledge cutoff is after the model's release date: reported at the offer.
    _with_model(catalog_dir, OFFER + "knowledge_cutoff: 2025-06\n")
    assert errors_of(catalog_dir) == [
        "models/acme/rocket.yaml:11:19: knowledge_cutoff: 2025-06 is after the release date "
        "2025-01-15 (expected a cutoff on or before release)"
    ]


def test_a_model_cards_own_error_is_reported_once_at_the_model(catalog_dir: Path) -> None:
    _with_model(
        catalog_dir, model=MODEL.replace("knowledge_cutoff: 2024-10", "knowledge_cutoff: 2025-03")
    )
    (catalog_dir / "acme" / "rocket-two.yaml").write_text(OFFER)
    assert errors_of(catalog_dir) == [
        "models/labs/acme-lab/rocket.yaml:10:19: knowledge_cutoff: 2025-03 is after the release "
        "date 2025-01-15 (expected a cutoff on or before release)"
    ]


def test_a_model_card_names_no_model(catalog_dir: Path) -> None:
    # One level only, so no cycle can be written: a model card has no `model` key.
    _with_model(catalog_dir, model=MODEL + "model: acme-lab/rocket\n")
    errors = errors_of(catalog_dir)
    assert len(errors) == 1
    assert errors[0].startswith("models/labs/acme-lab/rocket.yaml:16:1: model: unknown key")


def test_a_lab_folder_needs_its_lab_file(catalog_dir: Path) -> None:
    path = _with_model(catalog_dir)
    (path.parent / "lab.yaml").unlink()
    errors = errors_of(catalog_dir)
    assert (
        "models/labs/acme-lab/lab.yaml:1:1: lab folder has no lab.yaml (expected a lab file)"
        in errors
    )


# A second provider's offer of the model, cheaper than Acme's, without regions.
ZETA = "model: acme-lab/rocket\nadded: 2025-03-01\npricing: {input: 2, output: 8}\n"


def _zeta(catalog_dir: Path, offer: str) -> None:
    other = catalog_dir / "zeta"
    other.mkdir()
    (other / "provider.yaml").write_text(
        "name: Zeta Cloud\nlogo: logo.svg\nwebsite: https://zeta.example\n"
    )
    (other / "logo.svg").write_bytes((catalog_dir / "acme" / "logo.svg").read_bytes())
    (other / "rocket.yaml").write_text(offer)


def test_the_model_page_lists_every_offer_and_region(catalog_dir: Path, tmp_path: Path) -> None:
    _with_model(catalog_dir)
    out = tmp_path / "site"
    build(catalog_dir, out)
    page = visible_text((out / "labs/acme-lab/rocket.html").read_text())
    assert "Rocket Model" in page and "Model by Acme Lab" in page
    assert "2 offers from 1 provider, cheapest first" in page
    # Cheapest first: EU West states a higher input price ($2.75) than the card's $2.50.
    us, eu = page.index("US East"), page.index("EU West")
    assert us < eu
    assert "$1.25 / $5.00" in page  # batch prices, in the grid
    assert "Open" in page and "Apache-2.0" in page and "117B" in page
    record = json.loads((out / "api/labs/acme-lab/rocket.json").read_text())
    assert [o["id"] for o in record["offers"]] == ["acme/rocket@us-east", "acme/rocket@eu-west"]
    assert record["offers"][1]["pricing"]["input"] == 2.75
    assert record["offers"][0]["pricing"]["batch"] == {
        "input": 1.25, "output": 5, "cache_write": None, "cache_read": None, **UNSTATED_PRICES,
    }  # fmt: skip
    assert record["parameters"] == {"total": 117000000000, "active": 5100000000}
    index = json.loads((out / "api/index.json").read_text())
    assert index["lab_models"] == [
        {
            "id": "acme-lab/rocket",
            "name": "Rocket Model",
            "lab": {"id": "acme-lab", "name": "Acme Lab"},
            "record": "api/labs/acme-lab/rocket.json",
            "offers": ["acme/rocket@us-east", "acme/rocket@eu-west"],
        }
    ]
    offer = json.loads((out / "api/models/acme/rocket@eu-west.json").read_text())
    assert offer["model"] == "acme-lab/rocket"
    assert offer["description"] == "The *lab's* description."


def test_offer_pages_link_up_and_to_the_other_offers(catalog_dir: Path, tmp_path: Path) -> None:
    _with_model(catalog_dir)
    _zeta(catalog_dir, ZETA)
    site = derive(load_ok(catalog_dir))
    sheet = site.models["acme-lab/rocket"]
    assert [(r.provider, r.region_id) for r in sheet.offers] == [
        ("Zeta Cloud", ""), ("Acme AI", "us-east"), ("Acme AI", "eu-west"),
    ]  # fmt: skip
    out = tmp_path / "site"
    build(catalog_dir, out)
    page = visible_text((out / "models/acme/rocket@eu-west.html").read_text())
    assert (
        "A model by Acme Lab: Rocket Model, every offer compared (3 offers from 2 providers)."
        in page
    )
    assert "Also offered by" in page
    assert "Zeta Cloud: $2.00 input, $8.00 output / 1M" in page
    zeta = visible_text((out / "models/zeta/rocket.html").read_text())
    # Each other provider once, at its cheapest region.
    assert "Acme AI US East: $2.50 input, $10.00 output / 1M; batch $1.25 / $5.00" in zeta
    assert "EU West: $2.75" not in zeta
    assert "Batch input / 1M" not in zeta  # Zeta states no batch prices
    eu = visible_text((out / "models/acme/rocket@eu-west.html").read_text())
    assert "Batch input / 1M $1.25" in eu and "Batch output / 1M $5.00" in eu


def test_the_index_has_a_line_per_model_at_its_cheapest_offer(
    catalog_dir: Path, tmp_path: Path
) -> None:
    _with_model(catalog_dir)
    _zeta(
        catalog_dir, "model: acme-lab/rocket\nadded: 2025-03-01\npricing: {input: 2, output: 8}\n"
    )
    site = derive(load_ok(catalog_dir))
    lines = {line.id: line for line in site.lines}
    assert set(lines) == {"acme-lab/rocket", "acme/pebble"}  # not a row per offer × region
    rocket = lines["acme-lab/rocket"]
    assert (rocket.offers, rocket.offers_text, rocket.providers) == (
        3, "3 at 2 providers", ("acme", "zeta"),
    )  # fmt: skip
    assert rocket.url == "labs/acme-lab/rocket.html" and rocket.by == "Acme Lab"
    assert rocket.offers_url == "labs/acme-lab/rocket.html#offers"
    assert rocket.cheapest is not None
    assert (rocket.cheapest.where, rocket.cheapest.input, rocket.cheapest.output) == (
        "Zeta Cloud", "$2.00", "$8.00",
    )  # fmt: skip
    assert rocket.modalities == "text, image → text"
    assert (rocket.open_weights, rocket.batch, rocket.geographies) == (True, True, ("EU", "US"))
    # Zeta's cheapest offer has no known geography: in the EU the cheapest (the only) offer is
    # Acme's EU West at its own input price, in the US Acme's US East.
    eu, us = rocket.by_geography
    assert (eu.geography, eu.where, eu.input, eu.url) == (
        "EU", "Acme AI, EU West", "$2.75", "models/acme/rocket@eu-west.html",
    )  # fmt: skip
    assert (us.geography, us.where, us.input) == ("US", "Acme AI, US East", "$2.50")
    assert rocket.added == "2025-02-01"  # its first offer's
    assert site.model_count == 2

    out = tmp_path / "site"
    build(catalog_dir, out)
    index = (out / "index.html").read_text()
    assert index.count("<tr data-id=") == 2
    row = index[index.index('<tr data-id="acme-lab/rocket"') :].split("</tr>")[0]
    assert 'data-providers="acme zeta"' in row and 'data-geos="EU US"' in row
    assert 'data-weights="open"' in row and 'data-batch="yes"' in row
    assert 'data-in="text image"' in row and 'data-out="text"' in row
    assert "|2|8|2025-02-01|3" in row  # data-v: its cheapest prices, first added, offers
    g = json.loads(row.split("data-g='")[1].split("'")[0])
    assert g == [
        ["EU", "models/acme/rocket@eu-west.html", "Acme AI, EU West", "$2.75", "$10.00",
         "2.75", "10"],
        ["US", "models/acme/rocket@us-east.html", "Acme AI, US East", "$2.50", "$10.00",
         "2.50", "10"],
    ]  # fmt: skip
    text = visible_text(index)
    assert "2 models, 4 offers and regions across 2 providers" in text
    assert "Rocket Model | Acme Lab | 3 at 2 providers | $2.00 | $8.00 | Zeta Cloud" in text
    lines_json = json.loads((out / "api/index.json").read_text())["lines"]
    assert [line["id"] for line in lines_json] == [line.id for line in site.lines]
    rocket_json = next(line for line in lines_json if line["id"] == "acme-lab/rocket")
    assert rocket_json["record"] == "api/models/zeta/rocket.json"  # its cheapest offer's
    assert [o["id"] for o in rocket_json["offers"]] == [
        "zeta/rocket", "acme/rocket@us-east", "acme/rocket@eu-west",
    ]  # fmt: skip


def test_prices_that_tie_rank_the_labs_own_offer_first(catalog_dir: Path) -> None:
    # One rule orders a model's offers everywhere: the grid, the index's cheapest, the charts.
    _with_model(catalog_dir)
    lab_api = catalog_dir / "acme-lab"
    lab_api.mkdir()
    (lab_api / "provider.yaml").write_text(
        "name: Acme Lab API\nlogo: logo.svg\nwebsite: https://lab.example\nheadquarters: US\n"
    )
    (lab_api / "logo.svg").write_bytes((catalog_dir / "acme" / "logo.svg").read_bytes())
    (lab_api / "rocket.yaml").write_text(
        "model: acme-lab/rocket\nadded: 2025-03-01\npricing: {input: 2.50, output: 10}\n"
    )
    site = derive(load_ok(catalog_dir))
    sheet = site.models["acme-lab/rocket"]
    # Acme Lab API and Acme's US East tie at $2.50 / $10: the lab's own first ("Acme AI" would
    # come first by name).
    assert [r.page_id for r in sheet.offers][:2] == ["acme-lab/rocket", "acme/rocket@us-east"]
    line = next(line for line in site.lines if line.id == "acme-lab/rocket")
    assert line.cheapest is not None and line.cheapest.url == "models/acme-lab/rocket.html"


def test_a_model_card_no_offer_names_yet_has_a_line(catalog_dir: Path, tmp_path: Path) -> None:
    lab = _with_model(catalog_dir)
    (lab.parent / "spare.yaml").write_text(MODEL.replace("Rocket Model", "Spare Model"))
    out = tmp_path / "site"
    build(catalog_dir, out)
    index = (out / "index.html").read_text()
    row = index[index.index('<tr data-id="acme-lab/spare"') :].split("</tr>")[0]
    assert "none yet" in row and "—" in row  # no offer, so no price
    assert "acme-lab/spare" not in [
        line["id"] for line in json.loads((out / "api/index.json").read_text())["lines"]
    ]  # nothing to compare


def test_a_score_says_who_published_it_and_when(catalog_dir: Path, tmp_path: Path) -> None:
    model = MODEL.replace(
        "  mmlu-pro: {score: 70.5, source: https://leaderboard.example/mmlu}",
        "  mmlu-pro: {score: 70.5, source: https://leaderboard.example/mmlu, date: 2025-02-03}\n"
        "  gpqa-diamond: {score: 60, source: https://news.lab.example/rocket}\n"
        "  aider-polyglot: {score: 50, source: https://huggingface.co/acme-lab/Rocket}",
    )
    _with_model(catalog_dir, model=model)
    bench = catalog_dir / "benchmarks.yaml"
    bench.write_text(
        bench.read_text() + "gpqa-diamond:\n  name: GPQA Diamond\n  category: knowledge\n"
        "  description: Hard science questions.\naider-polyglot:\n  name: Aider Polyglot\n"
        "  category: coding\n  description: Editing code.\n"
    )
    out = tmp_path / "site"
    build(catalog_dir, out)
    for page in ("labs/acme-lab/rocket.html", "models/acme/rocket@eu-west.html"):
        text = visible_text((out / page).read_text())
        assert "Measured by leaderboard.example, Feb 3, 2025: source" in text
        assert "Published by Acme Lab: source" in text  # news.lab.example: the lab's domain
        assert "Published by acme-lab on Hugging Face: source" in text
    record = json.loads((out / "api/labs/acme-lab/rocket.json").read_text())
    assert [(b["id"], b["date"], b["published"]) for b in record["benchmarks"]] == [
        ("mmlu-pro", "2025-02-03", "independent"), ("gpqa-diamond", None, "maker"),
        ("aider-polyglot", None, "hub"),
    ]  # fmt: skip
    offer = json.loads((out / "api/models/acme/rocket@eu-west.json").read_text())
    assert offer["benchmarks"][1]["published"] == "maker"
