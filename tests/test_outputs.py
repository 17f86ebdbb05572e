"""Machine-readable outputs: the JSON equals the pages, the feed and sitemap list exactly the
pages built, the JSON-LD parses as JSON-LD, and the JSON Schema accepts every card."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pyld import jsonld

from catalog.read import load
from tests.conftest import PROJECT, UNSTATED_PRICES

BASE = "https://catalog.example.com/"
ATOM = "{http://www.w3.org/2005/Atom}"


class _Facts(HTMLParser):
    """Collects <dt>/<dd> pairs, cost-table rows, and the JSON-LD and canonical link."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.rows: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.canonical: list[str] = []
        self._tag: str | None = None
        self._buf: list[str] = []
        self._dt = ""
        self._th = ""
        self._in_costs = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "costs" in (a.get("class") or ""):
            self._in_costs = True
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._tag, self._buf = "ld", []
        elif tag in ("dt", "dd", "th", "td"):
            self._tag, self._buf = tag, []
        if tag == "button" or (tag == "span" and "visually-hidden" in (a.get("class") or "")):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        if tag in ("span", "button") and self._skip:
            self._skip -= 1
        if tag == "table":
            self._in_costs = False
        if tag == "script" and self._tag == "ld":
            self.json_ld.append("".join(self._buf))
        elif tag == "dt":
            self._dt = text
        elif tag == "dd":
            self.pairs.append((self._dt, text))
        elif tag == "th" and self._in_costs:
            self._th = text
        elif tag == "td" and self._in_costs:
            self.rows.append((self._th, text))
        if tag in ("dt", "dd", "th", "td", "script"):
            self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag and not self._skip:
            self._buf.append(data)


def facts(html: str) -> _Facts:
    parser = _Facts()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def models_json(starter_site: Path) -> dict[str, Any]:
    return json.loads((starter_site / "api/models.json").read_text())


def test_models_json_lists_every_model_page(starter_site: Path, models_json: dict) -> None:
    built = sorted(
        p.relative_to(starter_site / "models").as_posix().removesuffix(".html")
        for p in (starter_site / "models").rglob("*.html")
    )
    assert sorted(m["id"] for m in models_json["models"]) == built
    assert models_json["count"] == len(built) == 351  # the starter's pages


def test_index_json_points_at_every_record(starter_site: Path, models_json: dict) -> None:
    index = json.loads((starter_site / "api/index.json").read_text())
    assert index["count"] == models_json["count"] == len(index["models"])
    assert index["benchmarks"] == models_json["benchmarks"]
    for summary, record in zip(index["models"], models_json["models"], strict=True):
        assert summary["id"] == record["id"]
        assert summary["name"] == record["name"]
        assert summary["provider"] == record["provider"]
        region = record["region"] and {k: record["region"][k] for k in ("id", "name")}
        assert summary["region"] == region
        assert json.loads((starter_site / summary["record"]).read_text()) == record
    # a summary is a line of the list, not the record: the compare page loads kilobytes (the
    # index holds each offer twice: as a page, and among its model's line)
    assert (starter_site / "api/index.json").stat().st_size * 5 < (
        starter_site / "api/models.json"
    ).stat().st_size


def test_json_figures_equal_page_figures(starter_site: Path, models_json: dict) -> None:
    for record in models_json["models"]:
        page = facts((starter_site / f"models/{record['id']}.html").read_text())
        shown = dict(page.pairs)
        for label, value in record["display"]["specifications"].items():
            assert shown[label] == value, (record["id"], label)
        for label, value in record["display"]["prices"].items():
            assert shown[label] == value, (record["id"], label)
        assert dict(page.rows) == record["display"]["costs"]
        # the per-model file is the same record
        single = json.loads((starter_site / f"api/models/{record['id']}.json").read_text())
        assert single == record


def test_json_prices_are_the_cards_prices(models_json: dict) -> None:
    record = next(m for m in models_json["models"] if m["id"] == "azure/gpt-4.1-mini@francecentral")
    assert record["pricing"] == {
        "input": 0.4, "output": 1.6, "cache_write": 0.4, "cache_read": 0.1, **UNSTATED_PRICES,
        "per_request": None, "per_search": None, "source": None, "tiers": [],
        "batch": None, "flex": None, "priority": None,
    }  # fmt: skip
    openai = next(m for m in models_json["models"] if m["id"] == "openai/gpt-4.1-mini")
    assert openai["model"] == "openai/gpt-4.1-mini"
    assert openai["pricing"]["batch"] == {
        "input": 0.2, "output": 0.8, "cache_write": None, "cache_read": None, **UNSTATED_PRICES,
    }  # fmt: skip
    assert [c["display"] for c in record["costs"]] == ["$0.0560", "$0.56", "$5.60"]
    assert [Decimal(str(c["cost"])) for c in record["costs"]] == [
        Decimal("0.056"),
        Decimal("0.56"),
        Decimal("5.6"),
    ]


def _html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"}


def test_sitemap_lists_exactly_the_pages_built(starter_site: Path) -> None:
    tree = ET.parse(starter_site / "sitemap.xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {loc.text for loc in tree.iter(f"{ns}loc")}
    expected = {BASE + ("" if p == "index.html" else p) for p in _html_pages(starter_site)}
    assert locs == expected
    assert (
        "Sitemap: https://catalog.example.com/sitemap.xml"
        in (starter_site / "robots.txt").read_text()
    )


def test_feed_lists_new_models_newest_first(starter_site: Path, models_json: dict) -> None:
    root = ET.parse(starter_site / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    expected = sorted(models_json["models"], key=lambda m: (m["added"], m["id"]), reverse=False)
    expected = sorted(expected, key=lambda m: m["added"], reverse=True)
    assert len(entries) == min(50, len(expected))
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(BASE)
        assert (starter_site / href.removeprefix(BASE)).is_file()
    assert root.find(f"{ATOM}title").text == "Requesty: new models"


def _schema_org_loader(url: str, options: dict | None = None) -> dict:
    # No network here: stand in for the schema.org context with its vocabulary mapping.
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": "https://schema.org/"}},
    }


def test_json_ld_parses_and_matches_the_page(starter_site: Path) -> None:
    html = (starter_site / "models/azure/gpt-4.1-mini@francecentral.html").read_text()
    page = facts(html)
    (block,) = page.json_ld
    document = json.loads(block)
    expanded = jsonld.expand(document, {"documentLoader": _schema_org_loader})
    types = {t for node in expanded for t in node.get("@type", [])}
    assert types == {"https://schema.org/Product", "https://schema.org/FAQPage"}
    product = next(n for n in document["@graph"] if n["@type"] == "Product")
    assert product["sku"] == "azure/gpt-4.1-mini@francecentral"
    assert [o["price"] for o in product["offers"]] == ["0.40", "1.60", "0.40", "0.10"]
    faq = next(n for n in document["@graph"] if n["@type"] == "FAQPage")
    questions = [q["name"] for q in faq["mainEntity"]]
    assert questions[0] == "How much does gpt-4.1-mini cost?"
    assert len(questions) == html.count("<h3>", html.index('id="faq"'))


def test_every_model_page_has_parseable_json_ld(starter_site: Path) -> None:
    for path in (starter_site / "models").rglob("*.html"):
        (block,) = facts(path.read_text()).json_ld
        assert jsonld.expand(json.loads(block), {"documentLoader": _schema_org_loader})


def test_canonical_and_social_meta(starter_site: Path) -> None:
    for rel in _html_pages(starter_site):
        html = (starter_site / rel).read_text()
        expected = BASE + ("" if rel == "index.html" else rel)
        assert facts(html).canonical == [expected], rel
        assert f'<meta property="og:url" content="{expected}">' in html
        assert '<meta name="twitter:card" content="summary">' in html
        assert '<meta property="og:title" content="' in html


def test_404_page_uses_root_relative_links(starter_site: Path) -> None:
    html = (starter_site / "404.html").read_text()
    assert 'href="/static/catalog.css"' in html
    assert 'href="/index.html"' in html


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_exported_json_schema_accepts_every_card(starter_site: Path) -> None:
    schema = json.loads((starter_site / "schema/card.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    cards = [p for p in (PROJECT / "models").rglob("*.yaml") if p.parent != PROJECT / "models"]
    cards = [p for p in cards if p.name != "provider.yaml" and "labs" not in p.parts]
    assert len(cards) == 342
    for card in cards:
        errors = list(validator.iter_errors(_plain(load.read(card).data)))
        assert errors == [], (card, errors[:1])
    # and it rejects what the validator rejects
    assert list(
        validator.iter_errors({"name": "x", "description": "y", "added": "2025-01-01", "bogus": 1})
    )
