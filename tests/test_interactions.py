"""The scripts in Chromium: index sorting and filters (static/index.js), the cost calculator and
its exact money arithmetic (static/calculator.js, static/money.js) and the comparison
(static/compare.js). Every expected figure is computed here in Python, from the built HTML,
api/models.json and catalog.derive.formatting, never copied from what the browser shows."""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import time
import urllib.parse
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from catalog.derive.billing import Limits, Request, cost, fits
from catalog.derive.formatting import add_costs, money
from catalog.derive.formatting import cost as token_cost
from catalog.derive.site import derive
from catalog.write.pipeline import build, check
from tests.conftest import PAGE_KINDS, PROJECT, serve
from tests.test_browser import Watched
from tests.tools import axe_violations

MODEL = PAGE_KINDS["model"]  # models/azure/gpt-4.1-mini@francecentral.html
A = "azure/gpt-4.1-mini@francecentral"
B = "openai/gpt-5"  # on the compare page's chart (the most widely scored benchmark)
MA, MB = "openai/gpt-4.1-mini", "openai/gpt-5"  # their models: the compare page compares models
NUMERIC_KEYS = {"context": 0, "max_output": 1, "input": 2, "output": 3, "offers": 5}
PRICED = ("input", "output")  # their values follow the chosen geography

# Two cards the starter catalog lacks: a preview with no limits and no prices at all, and a
# deprecated model with an input price only. They give the table unknown values to sort last,
# the price filter a row to drop, and the calculator a price it must not guess.
MYSTERY = """\
name: mystery-preview
description: A preview model whose limits and prices are not published yet.
status: preview
added: 2026-01-10
"""
LEGACY = """\
name: gpt-3.5-legacy
description: An old model kept for existing integrations.
status: deprecated
retires: 2026-09-30
replaced_by: openai/gpt-5-mini
capabilities: [tool_calling]
context_window: 16385
added: 2023-06-13
pricing:
  input: 0.50
"""

# A search model billed per request besides its tokens, with prices the other cards lack
# (Perplexity's Sonar bills a fee per 1,000 requests; these figures are a test's own).
FEES = """\
name: search-fee-model
description: A model billed per request besides its tokens.
added: 2026-02-01
context_window: 128000
pricing:
  input: 1
  output: 1
  reasoning: 3
  per_request: 0.005
"""


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    models = tmp_path_factory.mktemp("variant") / "models"
    shutil.copytree(PROJECT / "models", models)
    (models / "mistral" / "mystery-preview.yaml").write_text(MYSTERY, encoding="utf-8")
    (models / "openai" / "gpt-3.5-legacy.yaml").write_text(LEGACY, encoding="utf-8")
    (models / "mistral" / "search-fee-model.yaml").write_text(FEES, encoding="utf-8")
    out = models.parent / "site"
    build(models, out)
    return out


@pytest.fixture(scope="module")
def variant_url(variant_site: Path) -> Iterator[str]:
    server, url = serve(variant_site)
    yield url
    server.shutdown()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# --------------------------------------------------------------------------- the built HTML


class _Rows(HTMLParser):
    """The rows of #models-table (a row per model) as the build wrote them: attributes, name,
    ID, cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.in_table = self.in_body = False
        self.cell: list[str] | None = None
        self.in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and a.get("id") == "models-table":
            self.in_table = True
        elif self.in_table and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append({**a, "cells": [], "name": "", "id": a["data-id"]})
        elif self.in_body and tag in ("th", "td"):
            self.cell = []
        elif self.in_body and tag == "a" and not self.rows[-1]["cells"]:
            self.in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_link = False
        elif tag in ("th", "td") and self.cell is not None:
            self.rows[-1]["cells"].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.in_table = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.in_link:
            self.rows[-1]["name"] += data


def index_rows(site: Path) -> list[dict[str, Any]]:
    parser = _Rows()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    rows = parser.rows
    for order, row in enumerate(rows):
        v = row["data-v"].split("|")
        row["order"] = order
        row["keys"] = {
            **{k: (Decimal(v[i]) if v[i] else None) for k, i in NUMERIC_KEYS.items()},
            "added": v[4] or None,
            "name": row["name"].strip() or None,
            "by": row["cells"][1] or None,
        }
        # The cheapest offer per geography where it is not the cheapest anywhere: its cells.
        row["by_geo"] = {
            geo: {"href": href, "where": where, "input_text": it, "output_text": ot,
                  "input": Decimal(i) if i else None, "output": Decimal(o) if o else None}
            for geo, href, where, it, ot, i, o in json.loads(row.get("data-g") or "[]")
        }  # fmt: skip
    return rows


def key_of(row: dict[str, Any], key: str, geo: str = "") -> Any:
    """A row's sort and filter value; a price is that of the cheapest offer in ``geo``."""
    if key in PRICED and geo in row["by_geo"]:
        return row["by_geo"][geo][key]
    return row["keys"][key]


def expected_ids(rows: list[dict[str, Any]], **f: str) -> list[str]:
    """The filter rule, in Python: all given filters at once (AND)."""
    terms = f.get("q", "").lower().split()
    out = []
    for r in rows:
        text = "\n".join([r["name"].strip(), r["id"], r["cells"][1]]).lower()
        if any(t not in text for t in terms):
            continue
        for name, attr in [
            ("provider", "data-providers"),
            ("geo", "data-geos"),
            ("cap", "data-caps"),
            ("in", "data-in"),
            ("out", "data-out"),
        ]:
            if f.get(name) and f[name] not in r[attr].split():
                break
        else:
            if f.get("weights") and r["data-weights"] != f["weights"]:
                continue
            if f.get("batch") and r["data-batch"] != "yes":
                continue
            if f.get("max"):
                price = key_of(r, "input", f.get("geo", ""))
                if price is None or price > Decimal(f["max"]):
                    continue
            out.append(r["id"])
    return out


def expected_order(
    rows: list[dict[str, Any]], key: str, descending: bool, geo: str = ""
) -> list[str]:
    """Known values ascending or descending, ties in served order, unknown values last."""
    known = [r for r in rows if key_of(r, key, geo) is not None]
    unknown = [r for r in rows if key_of(r, key, geo) is None]
    known.sort(key=lambda r: r["order"])
    known.sort(key=lambda r: key_of(r, key, geo), reverse=descending)  # stable: ties keep order
    return [r["id"] for r in known + unknown]


def models_json(site: Path) -> dict[str, Any]:
    return json.loads((site / "api" / "models.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- in the page

ROW_STATE = """() => Array.from(document.querySelectorAll('#models-table tbody tr')).map(r => (
  {id: r.dataset.id, hidden: r.hidden}))"""


# Once filtered or sorted, the index shows the first PAGE matches (static/index.js).
PAGE = 100


def shown(ids: list[str]) -> list[str]:
    """The rows a filtered or sorted index shows of these matches."""
    return ids[:PAGE]


def count_text(matched: int, total: int, geo: str = "") -> str:
    text = f"{matched} of {total} models" + (f", first {PAGE} shown" if matched > PAGE else "")
    return text + (f"; prices of each one's cheapest offer in {geo}" if geo else "")


def visible_ids(page: Page) -> list[str]:
    return [r["id"] for r in page.evaluate(ROW_STATE) if not r["hidden"]]


def all_ids(page: Page) -> list[str]:
    return [r["id"] for r in page.evaluate(ROW_STATE)]


def aria_sorts(page: Page) -> dict[str, str | None]:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll(
             '#models-table th[data-sort]')).map(th => [th.dataset.sort,
             th.getAttribute('aria-sort')]))"""
    )


def query(page: Page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def url_settles_on(page: Page, expected: dict[str, list[str]]) -> None:
    """index.js writes the URL a moment after the last change (replaceState is slow on a big
    page); wait for it, up to 3 s."""
    deadline = time.monotonic() + 3
    while query(page) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(25)
    assert query(page) == expected


def sort_button(page: Page, key: str) -> Any:
    return page.locator(f'#models-table th[data-sort="{key}"] button')


# =========================================================================== index: sorting


def test_served_order_is_the_default_and_headers_become_buttons(
    page: Page, site_url: str, starter_site: Path
) -> None:
    watched = Watched(page, site_url)
    page.goto(site_url + "index.html")
    rows = index_rows(starter_site)
    assert all_ids(page) == [r["id"] for r in rows]
    sorts = aria_sorts(page)
    assert sorts.pop("name") == "ascending"
    assert set(sorts.values()) == {"none"}
    # each sortable header's button is enabled, with the header's text as its name
    for key, name in [("context", "Context"), ("input", "Input / 1M"), ("added", "Added")]:
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(1)
        expect(sort_button(page, key)).to_have_text(name)
        expect(sort_button(page, key)).to_be_enabled()
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator("#filter-count")).to_have_text(f"{len(rows)} of {len(rows)} models")
    assert urllib.parse.urlsplit(page.url).query == ""
    watched.assert_clean()


@pytest.mark.parametrize("key", ["context", "max_output", "input", "output", "added", "offers"])
def test_sorting_by_a_column_orders_values_with_unknowns_last(
    page: Page, variant_url: str, variant_site: Path, key: str
) -> None:
    rows = index_rows(variant_site)
    assert any(r["keys"][key] is None for r in rows) or key in ("added", "offers")
    watched = Watched(page, variant_url)
    page.goto(variant_url + "index.html")
    sort_button(page, key).click()
    assert all_ids(page) == expected_order(rows, key, descending=False)
    sorts = aria_sorts(page)
    assert sorts.pop(key) == "ascending"
    assert set(sorts.values()) == {"none"}
    url_settles_on(page, {"sort": [key], "dir": ["asc"]})

    sort_button(page, key).click()  # again: reversed, unknowns still last
    assert all_ids(page) == expected_order(rows, key, descending=True)
    assert aria_sorts(page)[key] == "descending"
    url_settles_on(page, {"sort": [key], "dir": ["desc"]})
    watched.assert_clean()


@pytest.mark.parametrize("key", ["name", "by"])
def test_sorting_text_columns_uses_locale_order(
    page: Page, variant_url: str, variant_site: Path, key: str
) -> None:
    rows = index_rows(variant_site)
    by_id = {r["id"]: r for r in rows}
    page.goto(variant_url + "index.html")
    # the served order already reads as name A–Z, so the first click on Model sorts Z–A
    directions = ["descending", "ascending"] if key == "name" else ["ascending", "descending"]
    for direction in directions:
        sort_button(page, key).click()
        assert aria_sorts(page)[key] == direction
        ids = all_ids(page)
        assert sorted(ids) == sorted(by_id)
        values = [by_id[i]["keys"][key] for i in ids]
        known = [v for v in values if v is not None]
        # unknown (empty) values only at the end
        assert values == known + [None] * (len(values) - len(known))
        sign = 1 if direction == "ascending" else -1
        pairs = [[a, b] for a, b in itertools.pairwise(known)]
        results = page.evaluate(
            """pairs => pairs.map(([a, b]) => a.localeCompare(b, undefined,
                 {numeric: true, sensitivity: 'base'}))""",
            pairs,
        )
        assert all(sign * r <= 0 for r in results), list(zip(pairs, results, strict=True))
        # ties keep the served order
        orders = [by_id[i]["order"] for i in ids[: len(known)]]
        for (a, b), r, (oa, ob) in zip(pairs, results, itertools.pairwise(orders), strict=True):
            if r == 0:
                assert oa < ob, (a, b)


def test_sorting_works_from_the_keyboard(page: Page, site_url: str, starter_site: Path) -> None:
    rows = index_rows(starter_site)
    page.goto(site_url + "index.html")
    sort_button(page, "output").focus()
    page.keyboard.press("Enter")
    assert all_ids(page) == expected_order(rows, "output", descending=False)
    page.keyboard.press("Space")
    assert all_ids(page) == expected_order(rows, "output", descending=True)
    expect(sort_button(page, "output")).to_be_focused()


# =========================================================================== index: filters

FILTERS: list[dict[str, str]] = [
    {"q": "mini"},
    {"q": "GPT-4.1-MINI"},  # case does not matter
    {"q": "openai/gpt-4.1"},  # an ID fragment
    {"q": "Anthropic"},  # the lab's name
    {"q": "gpt mini"},  # every word must match
    {"q": "no-such-model"},
    {"provider": "azure"},  # offered by: any of its offers
    {"provider": "openai"},
    {"provider": "groq"},
    {"cap": "reasoning"},
    {"cap": "audio"},
    {"in": "audio"},
    {"in": "pdf"},
    {"out": "text"},
    {"weights": "open"},
    {"weights": "closed"},
    {"batch": "yes"},
    {"geo": "EU"},  # offered in: any of its offers
    {"geo": "CN"},
    {"max": "0.5"},
    {"max": "0.4"},  # inclusive: $0.40 models stay
    {"max": "0"},
    {"geo": "EU", "max": "0.4"},  # the price of its cheapest offer in the EU
    {"provider": "azure", "geo": "EU", "cap": "reasoning"},
    {"q": "gpt", "provider": "openai", "max": "1.25"},
    {"q": "gemini", "in": "audio", "geo": "US", "max": "1"},
    {"in": "image", "weights": "open"},
    {"batch": "yes", "geo": "EU"},
]


def set_filters(page: Page, f: dict[str, str]) -> None:
    form = page.locator("#filters")
    if "q" in f:
        form.locator("input[name=q]").fill(f["q"])
    for name in ("provider", "cap", "in", "out", "weights", "geo"):
        if name in f:
            form.locator(f"select[name={name}]").select_option(f[name])
    if "batch" in f:
        form.locator("input[name=batch]").set_checked(bool(f["batch"]))
    if "max" in f:
        form.locator("input[name=max]").fill(f["max"])


@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items())
)
def test_filters_narrow_the_rows(
    page: Page, site_url: str, starter_site: Path, filters: dict[str, str]
) -> None:
    rows = index_rows(starter_site)
    expected = expected_ids(rows, **filters)
    watched = Watched(page, site_url)
    page.goto(site_url + "index.html")
    set_filters(page, filters)
    assert visible_ids(page) == shown(expected)
    expect(page.locator("#filter-count")).to_have_text(
        count_text(len(expected), len(rows), filters.get("geo", ""))
    )
    url_settles_on(page, {k: [v] for k, v in filters.items()})
    watched.assert_clean()


def test_price_filter_drops_models_without_a_known_input_price(
    page: Page, variant_url: str, variant_site: Path
) -> None:
    rows = index_rows(variant_site)
    page.goto(variant_url + "index.html")
    assert "mistral/mystery-preview" in visible_ids(page)
    set_filters(page, {"max": "1000"})
    visible = visible_ids(page)
    expected = expected_ids(rows, max="1000")
    assert "mistral/mystery-preview" not in expected
    assert "openai/gpt-3.5-legacy" in expected  # its input price is known
    assert "mistral/mystery-preview" not in visible
    assert visible == shown(expected)
    # Dropped: the rows without an input price (this card among them), and only those.
    unknown = [r["id"] for r in rows if r["keys"]["input"] is None]
    assert "mistral/mystery-preview" in unknown
    assert len(expected) == len(rows) - len(unknown)
    expect(page.locator("#filter-count")).to_have_text(count_text(len(expected), len(rows)))


def test_a_url_with_a_query_opens_in_that_state(
    page: Page, site_url: str, starter_site: Path
) -> None:
    rows = index_rows(starter_site)
    state = {"q": "o", "provider": "azure", "cap": "caching", "geo": "US", "max": "2"}
    page.goto(
        site_url + "index.html?" + urllib.parse.urlencode({**state, "sort": "input", "dir": "desc"})
    )
    form = page.locator("#filters")
    for name, value in state.items():
        expect(form.locator(f"[name={name}]")).to_have_value(value)
    expected = expected_ids(rows, **state)
    assert expected  # the view is not empty
    order = [i for i in expected_order(rows, "input", True, "US") if i in expected]
    assert visible_ids(page) == shown(order)
    assert aria_sorts(page)["input"] == "descending"
    expect(page.locator("#filter-count")).to_have_text(
        count_text(len(expected), len(rows), state["geo"])
    )


def test_the_url_follows_the_state_and_clear_resets_everything(
    page: Page, site_url: str, starter_site: Path
) -> None:
    rows = index_rows(starter_site)
    watched = Watched(page, site_url)
    page.goto(site_url + "index.html")
    set_filters(page, {"q": "gpt", "geo": "EU"})
    sort_button(page, "context").click()
    sort_button(page, "context").click()
    url_settles_on(page, {"q": ["gpt"], "geo": ["EU"], "sort": ["context"], "dir": ["desc"]})
    shared = page.url
    # the same URL in a new page is the same view
    other = page.context.new_page()
    other.goto(shared)
    assert visible_ids(other) == visible_ids(page)
    assert aria_sorts(other) == aria_sorts(page)
    other.close()

    page.get_by_role("button", name="Clear").click()
    url_settles_on(page, {})
    assert all_ids(page) == [r["id"] for r in rows]  # served order again
    assert visible_ids(page) == shown([r["id"] for r in rows])
    for name in ("q", "provider", "cap", "in", "out", "weights", "geo", "max"):
        expect(page.locator(f"#filters [name={name}]")).to_have_value("")
    expect(page.locator("#filters [name=batch]")).not_to_be_checked()
    assert aria_sorts(page)["name"] == "ascending"
    expect(page.locator("#filter-count")).to_have_text(count_text(len(rows), len(rows)))
    watched.assert_clean()


def test_leaving_right_after_a_change_keeps_the_view_for_back(
    page: Page, site_url: str, starter_site: Path
) -> None:
    rows = index_rows(starter_site)
    page.goto(site_url + "index.html")
    page.locator("#filters input[name=q]").fill("mini")
    page.locator("#models-table tbody tr:not([hidden]) th a").first.click()  # within 200 ms
    page.wait_for_url(re.compile(r"/(labs|models)/"))
    page.go_back()
    assert query(page) == {"q": ["mini"]}
    expect(page.locator("#filters input[name=q]")).to_have_value("mini")
    assert visible_ids(page) == shown(expected_ids(rows, q="mini"))


def test_filters_and_sorting_together_keep_hidden_rows_hidden(
    page: Page, site_url: str, starter_site: Path
) -> None:
    rows = index_rows(starter_site)
    page.goto(site_url + "index.html")
    set_filters(page, {"provider": "openai"})
    sort_button(page, "input").click()
    expected = expected_ids(rows, provider="openai")
    assert visible_ids(page) == shown(
        [i for i in expected_order(rows, "input", descending=False) if i in expected]
    )
    set_filters(page, {"provider": ""})
    assert visible_ids(page) == shown(expected_order(rows, "input", descending=False))


def test_a_geography_shows_each_models_cheapest_offer_there(
    page: Page, site_url: str, starter_site: Path
) -> None:
    rows = index_rows(starter_site)
    moved = [r for r in rows if "EU" in r["by_geo"]]
    assert moved  # models whose cheapest offer anywhere is outside the EU
    page.goto(site_url + "index.html")
    model_id = moved[0]["id"]
    row = page.locator(f'#models-table tbody tr[data-id="{model_id}"]')
    where = row.locator("td").nth(4).locator("a")
    expect(where).to_have_text(moved[0]["cells"][5])  # anywhere
    set_filters(page, {"geo": "EU"})
    entry = moved[0]["by_geo"]["EU"]
    expect(where).to_have_text(entry["where"])
    expect(where).to_have_attribute("href", entry["href"])
    expect(row.locator("td").nth(2)).to_have_text(entry["input_text"])
    expect(page.locator("#filter-count")).to_contain_text("cheapest offer in EU")
    sort_button(page, "input").click()  # by the EU prices
    expected = expected_ids(rows, geo="EU")
    order = [i for i in expected_order(rows, "input", False, "EU") if i in expected]
    assert visible_ids(page) == shown(order)
    set_filters(page, {"geo": ""})
    expect(where).to_have_text(moved[0]["cells"][5])  # back to anywhere


# =========================================================================== calculator

GRID_TOKENS = [0, 1, 7, 999, 100_000, 123_457, 1_000_000, 10_000_000_000]


def calculator_prices(page: Page) -> dict[str, Decimal | None]:
    form = page.locator("form[data-calculator]")
    out = {}
    for key, attr in [
        ("input", "data-input"),
        ("output", "data-output"),
        ("cache_read", "data-cache-read"),
    ]:
        text = form.get_attribute(attr) or ""
        out[key] = Decimal(text) if text else None
    return out


def calculator_limits(page: Page) -> Limits:
    text = page.locator("form[data-calculator]").get_attribute("data-limits") or ""
    window, max_input, max_output = (None if v == "-" else int(v) for v in text.split())
    return Limits(context_window=window, max_input=max_input, max_output=max_output)


def python_total(
    prices: dict[str, Decimal | None], i: int, o: int, c: int, limits: Limits | None = None
) -> str:
    """The cost of one request as the calculator must show it: "—" for a request over the
    offer's limits (billing.fits), which is not priced as one."""
    if limits is not None and fits(Request(input=i, output=o, cache_read=c), limits):
        return "—"
    parts = [token_cost(prices["input"], i), token_cost(prices["output"], o)]
    if c > 0:
        parts.append(token_cost(prices["cache_read"], c))
    return money(add_costs(*parts))


CALCULATE = """grid => {
  const form = document.querySelector('form[data-calculator]');
  const out = form.querySelector('output[name=total]');
  return grid.map(([i, o, c]) => {
    form.elements.input.value = i;
    form.elements.output.value = o;
    form.elements.cached.value = c;
    form.elements.output.dispatchEvent(new Event('input', {bubbles: true}));
    return out.value;
  });
}"""


def test_calculator_starts_at_the_first_cost_row(page: Page, site_url: str) -> None:
    watched = Watched(page, site_url)
    page.goto(site_url + MODEL)
    form = page.locator("form[data-calculator]")
    expect(form).to_be_visible()
    first = page.locator("table.costs tbody tr").first.locator("td").inner_text()
    expect(form.locator("output[name=total]")).to_have_text(first)
    assert first == "$0.0560"
    watched.assert_clean()


def test_typing_tokens_gives_the_exact_python_cost(
    page: Page, site_url: str, starter_site: Path
) -> None:
    page.goto(site_url + MODEL)
    prices = calculator_prices(page)
    limits = calculator_limits(page)
    assert limits == Limits(context_window=1_047_576, max_output=32_768)
    record = next(m for m in models_json(starter_site)["models"] if m["id"] == A)
    for key in ("input", "output", "cache_read"):  # the form carries the record's prices
        assert prices[key] == Decimal(str(record["pricing"][key]))
    total = page.locator("output[name=total]")
    # real keystrokes
    why = page.locator("form[data-calculator] [data-why]")
    for i, o, c in [(2_500, 300, 0), (1_000_000, 0, 40_000), (10_000_000_000, 10_000_000_000, 7)]:
        page.get_by_label("Input tokens", exact=True).fill(str(i))
        page.get_by_label("Output tokens", exact=True).fill(str(o))
        page.get_by_label("Cached input tokens").fill(str(c))
        expect(total).to_have_text(python_total(prices, i, o, c, limits))
        reason = fits(Request(input=i, output=o, cache_read=c), limits)
        if reason:  # said in the build's own words
            expect(why).to_have_text(f"Not one request: {reason}.")
        else:
            expect(why).to_be_hidden()
    assert total.text_content() == "—"  # the last one does not fit
    # and a grid, on both sides of the limits
    grid = [(i, o, c) for i in GRID_TOKENS for o in GRID_TOKENS for c in (0, 1, 999_999)]
    got = page.evaluate(CALCULATE, [[str(x) for x in g] for g in grid])
    want = [python_total(prices, *g, limits) for g in grid]
    assert got == want
    assert 0 < want.count("—") < len(want)  # some fit, some do not


@pytest.mark.parametrize(
    "model_id", ["openai/gpt-5", "azure/gpt-4o-mini@eastus2", "deepseek/deepseek-v4-pro"]
)
def test_calculator_matches_python_on_other_models(
    page: Page, site_url: str, model_id: str
) -> None:
    page.goto(f"{site_url}models/{model_id}.html")
    prices = calculator_prices(page)
    limits = calculator_limits(page)
    rng = random.Random(model_id)
    grid = [(0, 0, 0), (1, 1, 1)] + [
        (rng.randint(0, 10**rng.randint(1, 10)), rng.randint(0, 10**rng.randint(1, 9)),
         rng.choice([0, rng.randint(0, 10**rng.randint(1, 8))]))
        for _ in range(60)
    ]  # fmt: skip
    got = page.evaluate(CALCULATE, [[str(x) for x in g] for g in grid])
    assert got == [python_total(prices, *g, limits) for g in grid]


@pytest.mark.parametrize("model_id", ["google/gemini-2.5-pro", "openai/gpt-5.4"])
def test_calculator_bills_a_long_prompt_at_its_tier(
    page: Page, site_url: str, model_id: str
) -> None:
    """Against the billing rules themselves (catalog/derive/billing.py), on either side of the
    card's threshold, cached tokens counting toward the prompt."""
    site = derive(check(PROJECT / "models"))
    offer = next(p for p in site.pages if p.id == model_id).offer
    assert offer is not None and offer.tiers
    above = offer.tiers[0].threshold
    page.goto(f"{site_url}models/{model_id}.html")
    grid = [
        (1_000_000, 100_000, 0), (above, 1_000, 0), (above + 1, 1_000, 0),
        (above - 5_000, 1_000, 5_000), (above - 5_000, 1_000, 5_001), (0, 0, above + 1),
    ]  # fmt: skip
    got = page.evaluate(CALCULATE, [[str(x) for x in g] for g in grid])
    want = [money(cost(offer, Request(input=i, output=o, cache_read=c))) for i, o, c in grid]
    # 1M input + 100K output is over Gemini 2.5 Pro's 1,048,576-token window and GPT-5.4's
    # 922K maximum input: not one request.
    limits = calculator_limits(page)
    assert fits(Request(input=1_000_000, output=100_000), limits) is not None
    assert got[0] == "—"
    got, want = got[1:], want[1:]
    if model_id == "google/gemini-2.5-pro":
        # The cost table prices it as 2 requests of 500K + 50K, each at the tier: $4.00.
        row = page.locator("table.costs tbody tr").nth(1)
        assert row.locator("th").inner_text() == (
            "1M input + 100K output (as 2 requests of 500K input + 50K output tokens)"
        )
        assert row.locator("td").inner_text() == "$4.00"
    assert got == want
    assert len(set(got)) == len(got)  # each side of the threshold differs


@pytest.mark.parametrize(
    ("model_id", "unknown"),
    [("mistral/mystery-preview", ("input", "output", "cache_read")),
     ("openai/gpt-3.5-legacy", ("output", "cache_read"))],
)  # fmt: skip
def test_an_unknown_price_gives_a_dash(
    page: Page, variant_url: str, model_id: str, unknown: tuple[str, ...]
) -> None:
    watched = Watched(page, variant_url)
    page.goto(f"{variant_url}models/{model_id}.html")
    prices = calculator_prices(page)
    assert all(prices[k] is None for k in unknown)
    expect(page.locator("output[name=total]")).to_have_text("—")
    grid = [(i, o, c) for i in (0, 1000) for o in (0, 1000) for c in (0, 1000)]
    got = page.evaluate(CALCULATE, [[str(x) for x in g] for g in grid])
    assert got == [python_total(prices, *g) for g in grid]
    assert set(got) == {"—"}
    watched.assert_clean()


def test_a_fee_per_request_is_in_the_calculator_and_the_cost_table(
    page: Page, variant_url: str, variant_site: Path
) -> None:
    fee_id = "mistral/search-fee-model"
    site = derive(check(variant_site.parent / "models"))
    offer = next(p for p in site.pages if p.id == fee_id).offer
    assert offer is not None and offer.base.per_request == Decimal("0.005")
    page.goto(f"{variant_url}models/{fee_id}.html")
    grid = [(0, 0, 0), (1, 1, 0), (2_500, 300, 0), (100_000, 10_000, 0)]
    got = page.evaluate(CALCULATE, [[str(x) for x in g] for g in grid])
    want = [money(cost(offer, Request(input=i, output=o, cache_read=c))) for i, o, c in grid]
    assert got == want and got[0] == "$0.0050"  # an empty request still pays its fee
    # the cost table bills the fee once per request of each row
    rows = page.locator("table.costs tbody tr td").all_inner_texts()
    record = json.loads((variant_site / f"api/models/{fee_id}.json").read_text())
    assert [c["display"] for c in record["costs"]] == rows
    first = record["costs"][0]
    assert Decimal(str(first["cost"])) == Decimal("0.11") + Decimal("0.005") * first["requests"]
    assert record["pricing"]["per_request"] == 0.005 and record["pricing"]["reasoning"] == 3
    text = page.locator("section[aria-labelledby=pricing]").first.text_content() or ""
    assert "Reasoning / 1M" in text and "$3.00" in text and "Fee per request" in text
    assert "Audio input / 1M" not in text  # not stated: not shown


FILL_ALL = """rows => {
  const form = document.querySelector('form[data-calculator]');
  const out = form.querySelector('output[name=total]');
  return rows.map(row => {
    for (const [name, value] of Object.entries(row)) form.elements[name].value = value;
    form.elements.input.dispatchEvent(new Event('input', {bubbles: true}));
    return out.value;
  });
}"""


@pytest.mark.parametrize(
    ("model_id", "kinds"),
    [("google/gemini-flash-latest", ["audio_input"]), ("mistral/search-fee-model", ["reasoning"])],
)
def test_the_calculator_asks_for_each_kind_the_offer_prices(
    page: Page, variant_url: str, variant_site: Path, model_id: str, kinds: list[str]
) -> None:
    """A token kind billed at its own price (audio input, reasoning) has a field, and the total
    is billing.cost()'s for the whole request, at the tier the prompt reaches."""
    site = derive(check(variant_site.parent / "models"))
    found = next(p for p in site.pages if p.id == model_id)
    assert found.offer is not None
    page.goto(f"{variant_url}models/{model_id}.html")
    form = page.locator("form[data-calculator]")
    names = form.locator("input").evaluate_all("els => els.map(e => e.name)")
    assert names == ["input", "output", "cached", *kinds]
    label = {"audio_input": "Audio input tokens", "reasoning": "Reasoning tokens"}
    for kind in kinds:
        expect(page.get_by_label(label[kind], exact=True)).to_be_visible()
    limits = calculator_limits(page)
    rng = random.Random(model_id)
    rows = [{"input": 0, "output": 0, "cached": 0, **dict.fromkeys(kinds, 1)}] + [
        {"input": rng.randint(0, 300_000), "output": rng.randint(0, 20_000),
         "cached": rng.choice([0, rng.randint(0, 50_000)]),
         **{k: rng.choice([0, rng.randint(0, 10 ** rng.randint(1, 6))]) for k in kinds}}
        for _ in range(40)
    ]  # fmt: skip
    got = page.evaluate(FILL_ALL, [{k: str(v) for k, v in r.items()} for r in rows])
    want = []
    for r in rows:
        request = Request(
            input=r["input"], output=r["output"], cache_read=r["cached"],
            **{k: r[k] for k in kinds},
        )  # fmt: skip
        want.append("—" if fits(request, limits) else money(cost(found.offer, request)))
    assert got == want
    assert "—" not in want[:1]  # one token of the kind is priced, not unknown


def test_invalid_token_counts_give_a_dash(page: Page, site_url: str) -> None:
    page.goto(site_url + MODEL)
    got = page.evaluate(
        CALCULATE,
        [["-5", "10", "0"], ["10", "-1", "0"], ["1.5", "10", "0"], ["", "10", "0"],
         ["10", "10", "-3"], ["10", "10", "0.5"], ["1e6", "0", "0"], ["100000", "10000", ""]],
    )  # fmt: skip
    prices = calculator_prices(page)
    assert got == ["—"] * 6 + [
        python_total(prices, 1_000_000, 0, 0),
        python_total(prices, 100_000, 10_000, 0),  # an empty cached field counts as none
    ]


# --------------------------------------------------------------------------- money parity


def parity_values() -> list[Decimal]:
    rng = random.Random(0)
    values = [Decimal(s) for s in (
        "0", "0.00", "1", "0.1", "0.10", "0.099", "0.0999", "0.09999", "0.099999", "0.0999995",
        "0.0999994", "0.09999949", "0.09999950", "0.1000001", "0.1000005", "0.10000049",
        "0.0001", "0.00010", "0.00009", "0.00005", "0.000049", "0.0000005", "0.00000049",
        "0.0000004999", "0.000001", "0.0000015", "0.0000025", "0.0000014999", "0.00000001",
        "1E-7", "1E-12", "0.075", "0.0750", "0.125", "0.435", "0.0560", "0.056", "5.6",
        "0.2625", "3.4375", "999.995", "999.9949", "1000", "1234.5", "12345.678901",
        "1234567.8912345", "999999.9999995", "1000000000", "1E+3", "-1.5", "-0.0001234567",
        "-0.0000001", "-1234.56",
    )]  # fmt: skip
    for _ in range(150):  # prices and costs of every size
        values.append(Decimal(rng.randint(0, 10**9)).scaleb(-rng.randint(0, 12)))
    for _ in range(80):  # near the six-decimal rounding edge
        values.append(Decimal(rng.randint(0, 10**4) * 10 + rng.choice([4, 5, 6])).scaleb(-7))
    for _ in range(60):  # around the 0.10 boundary
        values.append(
            Decimal("0.1") + Decimal(rng.randint(-(10**6), 10**6)).scaleb(-rng.randint(6, 9))
        )
    for _ in range(60):  # thousands separators
        values.append(Decimal(rng.randint(1000, 10**13)).scaleb(-rng.randint(0, 8)))
    for _ in range(60):  # exact costs as the calculator makes them
        price = Decimal(rng.randint(1, 10**6)).scaleb(-rng.randint(0, 5))
        values.append(price * rng.randint(0, 10**10) / Decimal(1_000_000))
    return values


def test_money_format_matches_python_exactly(page: Page, site_url: str) -> None:
    page.goto(site_url + MODEL)
    values = parity_values()
    assert len(values) >= 400
    got = page.evaluate(
        "texts => texts.map(t => CatalogMoney.format(CatalogMoney.parse(t)))",
        [str(v) for v in values],
    )
    mismatches = [(str(v), g, money(v)) for v, g in zip(values, got, strict=True) if g != money(v)]
    assert mismatches == []
    assert page.evaluate("[CatalogMoney.format(null), CatalogMoney.format('')]") == ["—", "—"]


def test_money_cost_and_add_match_python_exactly(page: Page, site_url: str) -> None:
    page.goto(site_url + MODEL)
    rng = random.Random(1)
    cases = []
    for _ in range(200):
        prices = [str(Decimal(rng.randint(0, 10**7)).scaleb(-rng.randint(0, 6))) for _ in range(3)]
        counts = [rng.choice([0, 1, rng.randint(0, 10 ** rng.randint(1, 11))]) for _ in range(3)]
        cases.append([prices, [str(c) for c in counts]])
    cases.append([["", "1", "2"], ["1", "1", "1"]])  # an unknown part: unknown total
    got = page.evaluate(
        """cases => cases.map(([p, t]) => CatalogMoney.format(CatalogMoney.add(
             CatalogMoney.cost(p[0], t[0]), CatalogMoney.cost(p[1], t[1]),
             CatalogMoney.cost(p[2], t[2]))))""",
        cases,
    )
    expected = [
        money(
            add_costs(
                *(
                    token_cost(Decimal(p) if p else None, int(t))
                    for p, t in zip(ps, ts, strict=True)
                )
            )
        )
        for ps, ts in cases
    ]
    assert got == expected


# =========================================================================== compare


def compare_url(site_url: str, *ids: str) -> str:
    return f"{site_url}compare.html?m=" + ",".join(urllib.parse.quote(i, safe="") for i in ids)


def chosen_in_url(page: Page) -> list[str]:
    raw = urllib.parse.urlsplit(page.url).query
    match = [p for p in raw.split("&") if p.startswith("m=")]
    return [urllib.parse.unquote(x) for x in match[0][2:].split(",")] if match else []


def table_cells(page: Page) -> dict[str, list[dict[str, Any]]]:
    """Row heading -> cells (text without the visually hidden part, classes, bar width)."""
    return page.evaluate(
        """() => {
      const out = {};
      for (const tr of document.querySelectorAll('#compare-result tbody tr:not(.group)')) {
        out[tr.querySelector('th').textContent] = Array.from(tr.querySelectorAll('td')).map(td => {
          const score = td.querySelector('.score');
          const fill = td.querySelector('svg rect.bar-fill');
          return {text: score ? score.textContent : td.textContent,
                  all: td.textContent, cls: Array.from(td.classList),
                  bar: fill ? Number(fill.getAttribute('width')) : null};
        });
      }
      return out;
    }"""
    )


def compare_lines(site: Path) -> dict[str, dict[str, Any]]:
    """api/index.json's lines: a model each, its offers cheapest first."""
    index = json.loads((site / "api" / "index.json").read_text(encoding="utf-8"))
    return {line["id"]: line for line in index["lines"]}


def offers_of(lines: dict[str, dict[str, Any]], *model_ids: str) -> set[str]:
    """The offer pages of these models: a chart point of any of them marks the model."""
    return {offer["id"] for m in model_ids for offer in lines[m]["offers"]}


def chosen_points(page: Page) -> tuple[set[str], set[str]]:
    """(data-ids of points marked chosen, data-ids of all points)."""
    marked, every = page.evaluate(
        """() => [
          Array.from(document.querySelectorAll('.chart a.chosen[data-id]'), a => a.dataset.id),
          Array.from(document.querySelectorAll('.chart a[data-id]'), a => a.dataset.id)]"""
    )
    return set(marked), set(every)


def test_compare_two_models_shows_their_records(
    page: Page, site_url: str, starter_site: Path
) -> None:
    doc = models_json(starter_site)
    records = {m["id"]: m for m in doc["models"]}
    lines = compare_lines(starter_site)
    models = [lines[MA], lines[MB]]
    assert len(models[0]["offers"]) > 1  # gpt-4.1-mini: OpenAI's own and Azure's regions
    chosen = [records[line["offers"][0]["id"]] for line in models]  # each one's cheapest
    watched = Watched(page, site_url)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.removeprefix(site_url)))
    page.goto(compare_url(site_url, MA, MB))
    expect(page.locator("#compare-result table")).to_be_visible()
    expect(page.locator(".js-hidden")).to_be_hidden()
    expect(page.locator("#compare-form")).to_be_visible()
    heads = page.locator("#compare-result thead th")
    expect(heads).to_have_count(2)
    for i, line in enumerate(models):
        link = heads.nth(i).locator("a")
        expect(link).to_have_text(line["name"])
        expect(link).to_have_attribute("href", line["url"])
        expect(heads.nth(i)).to_contain_text("by " + line["by"])
    expect(page.get_by_role("button", name=f"Remove {lines[MB]['name']}")).to_be_visible()

    cells = table_cells(page)
    # each model's offers: how many, and the cheapest with their prices and links
    for line, cell in zip(models, cells["Offers"], strict=True):
        n, providers = len(line["offers"]), line["providers"]
        offers = f"{n} offer" + ("s" if n != 1 else "")
        assert cell["text"] == f"{offers} at {providers} provider" + ("s" if providers != 1 else "")
    listed = page.locator("#compare-result ul.compare-offers")
    for i, line in enumerate(models):
        items = listed.nth(i).locator("li")
        expect(items).to_have_count(min(5, len(line["offers"])))
        for j, offer in enumerate(line["offers"][:5]):
            item = items.nth(j)
            expect(item).to_have_text(f"{offer['where']}: {offer['input']} / {offer['output']}")
            expect(item.locator("a")).to_have_attribute("href", f"models/{offer['id']}.html")
    for kind in ("specifications", "prices", "costs"):
        labels = dict.fromkeys(k for r in chosen for k in r["display"][kind])
        for label in labels:
            texts = [c["text"] for c in cells[label]]
            assert texts == [r["display"][kind].get(label, "—") for r in chosen], label
            differs = len(set(texts)) > 1
            assert all(("differs" in c["cls"]) == differs for c in cells[label]), label
    assert "differs" not in cells["API type"][0]["cls"]  # both "chat"
    assert "differs" in cells["Input / 1M"][0]["cls"]

    # benchmarks: the union, one scale per benchmark, the best marked
    names = dict.fromkeys(b["name"] for r in chosen for b in r["benchmarks"])
    for name in names:
        row = cells[name]
        scores = []
        for record, cell in zip(chosen, row, strict=True):
            bench = next((b for b in record["benchmarks"] if b["name"] == name), None)
            if bench is None:
                assert cell["text"] == "—" and cell["bar"] is None
                scores.append(None)
                continue
            scale = doc["benchmarks"][bench["id"]]
            assert cell["text"] == f"{bench['score']}{bench['unit']}"
            share = (Decimal(str(bench["score"])) - Decimal(str(scale["min"]))) / (
                Decimal(str(scale["max"])) - Decimal(str(scale["min"]))
            )
            assert abs(Decimal(str(cell["bar"])) - share * 100) <= Decimal("0.05")
            scores.append(Decimal(str(bench["score"])))
        known = [s for s in scores if s is not None]
        for s, cell in zip(scores, row, strict=True):
            best = len(known) > 1 and len(set(known)) > 1 and s == max(known)
            assert ("best" in cell["cls"]) == best
            assert ("(highest)" in cell["all"]) == best
    labels = doc["capabilities"]
    assert [c["text"] for c in cells["Capabilities"]] == [
        ", ".join(labels[c]["label"] for c in r["capabilities"]) or "—" for r in chosen
    ]
    expect(page.locator("#compare-status")).to_contain_text("Comparing 2 models")
    marked, every = chosen_points(page)
    assert marked == offers_of(lines, MA, MB) & every and marked
    watched.assert_clean()
    # the list, then only the two chosen models' cheapest records: never the whole catalog
    data = [url for url in fetched if url.startswith("api/")]
    assert data == ["api/index.json", *(f"api/models/{r['id']}.json" for r in chosen)]


def test_compare_best_score_is_marked_when_both_models_have_it(
    page: Page, site_url: str, starter_site: Path
) -> None:
    records = {m["id"]: m for m in models_json(starter_site)["models"]}
    lines = compare_lines(starter_site).values()
    cheapest = [records[line["offers"][0]["id"]] for line in lines]
    # two models that share a benchmark with different scores
    pair = next(
        (a, b)
        for a in cheapest
        for b in cheapest
        if a["id"] < b["id"]
        and any(
            x["id"] == y["id"] and x["score"] != y["score"]
            for x in a["benchmarks"]
            for y in b["benchmarks"]
        )
    )
    page.goto(compare_url(site_url, pair[0]["id"], pair[1]["id"]))  # offers stand for models
    expect(page.locator("#compare-result td.best").first).to_be_visible()
    cells = table_cells(page)
    for x in pair[0]["benchmarks"]:
        y = next((y for y in pair[1]["benchmarks"] if y["id"] == x["id"]), None)
        if y is None or x["score"] == y["score"]:
            continue
        winner = 0 if x["score"] > y["score"] else 1
        row = cells[x["name"]]
        assert "best" in row[winner]["cls"] and "best" not in row[1 - winner]["cls"]
        assert "(highest)" in row[winner]["all"]


def test_compare_add_and_remove_update_the_url_and_the_charts(
    page: Page, site_url: str, starter_site: Path
) -> None:
    lines = compare_lines(starter_site)
    names = {m: line["name"] for m, line in lines.items()}
    watched = Watched(page, site_url)
    page.goto(compare_url(site_url, A))  # an offer's ID: its model is chosen
    expect(page.locator("#compare-status")).to_contain_text("Add at least one more model")
    assert chosen_in_url(page) == [MA]
    assert page.locator("#compare-options option").count() == len(lines)
    field = page.get_by_label("Add a model (2 to 4)")
    extra = ["openai/gpt-5", "google/gemini-2.5-pro", "anthropic/claude-opus-4-1"]
    for i, model_id in enumerate(extra):
        field.fill(model_id)
        field.press("Enter")
        expect(page.locator("#compare-result thead th")).to_have_count(i + 2)
        assert chosen_in_url(page) == [MA, *extra[: i + 1]]
        marked, every = chosen_points(page)
        assert marked == offers_of(lines, MA, *extra[: i + 1]) & every
    expect(field).to_have_value("")
    # a fifth is refused
    field.fill("xai/grok-4.3")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#compare-status")).to_contain_text("At most 4")
    assert chosen_in_url(page) == [MA, *extra]
    # a duplicate is refused, by the model's ID or one of its offers'
    for again in (MA, A):
        field.fill(again)
        field.press("Enter")
        expect(page.locator("#compare-status")).to_contain_text("already")
    # remove the second column by its button
    page.get_by_role("button", name=f"Remove {names['openai/gpt-5']}").click()
    expect(page.locator("#compare-result thead th")).to_have_count(3)
    assert chosen_in_url(page) == [MA, extra[1], extra[2]]
    marked, every = chosen_points(page)
    assert marked == offers_of(lines, MA, *extra[1:]) & every
    assert not marked & offers_of(lines, "openai/gpt-5")
    # down to one: told what to do
    page.get_by_role("button", name=f"Remove {names[extra[1]]}").click()
    page.get_by_role("button", name=f"Remove {names[extra[2]]}").click()
    assert chosen_in_url(page) == [MA]
    expect(page.locator("#compare-status")).to_contain_text("Add at least one more model")
    watched.assert_clean()


@pytest.mark.parametrize("start", [MODEL, PAGE_KINDS["model-card"]])
def test_compare_with_link_from_a_model_page_opens_it(
    page: Page, site_url: str, starter_site: Path, start: str
) -> None:
    lines = compare_lines(starter_site)
    watched = Watched(page, site_url)
    page.goto(site_url + start)  # an offer's page, or its model's
    page.get_by_role("link", name="Compare with…").click()
    expect(page.locator("#compare-result thead th")).to_have_count(1)
    expect(page.locator("#compare-result thead th a")).to_have_attribute("href", lines[MA]["url"])
    expect(page.locator("#compare-status")).to_contain_text("Add at least one more model")
    assert chosen_in_url(page) == [MA]
    watched.assert_clean()


def test_compare_reports_unknown_ids_and_ignores_them(page: Page, site_url: str) -> None:
    watched = Watched(page, site_url)
    page.goto(compare_url(site_url, A, "acme/nothing-here", B))
    expect(page.locator("#compare-status")).to_contain_text("Unknown model: acme/nothing-here")
    expect(page.locator("#compare-result thead th")).to_have_count(2)
    assert chosen_in_url(page) == [MA, MB]
    page.get_by_label("Add a model (2 to 4)").fill("nope/nope")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#compare-status")).to_contain_text("Unknown model: nope/nope")
    assert chosen_in_url(page) == [MA, MB]
    watched.assert_clean()


def test_compare_with_no_models_says_what_to_do(page: Page, site_url: str) -> None:
    page.goto(site_url + "compare.html")
    expect(page.locator("#compare-status")).to_contain_text("Add two to four models")
    expect(page.locator("#compare-result table")).to_have_count(0)
    marked, _ = chosen_points(page)
    assert marked == set()


def test_compare_fits_a_phone_and_scrolls_inside_its_region(
    browser: Browser, site_url: str
) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 800})
    page = ctx.new_page()
    page.goto(compare_url(site_url, A, B, "google/gemini-2.5-pro", "xai/grok-4.3"))
    region = page.locator("#compare-result [role=region]")
    expect(region).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table scrolls
    assert region.get_attribute("tabindex") == "0"  # and a keyboard can scroll it
    ctx.close()


# =========================================================================== without JavaScript


def test_without_javascript_the_forms_stay_hidden(browser: Browser, site_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    display = "el => getComputedStyle(el).display"  # none: no invisible gap is left either
    page.goto(site_url + "index.html")
    assert page.locator("#filters").evaluate(display) == "none"
    # the sort buttons are served disabled: without the script, plain headings
    buttons = page.locator("#models-table th[data-sort] button")
    assert buttons.count() > 0
    assert buttons.evaluate_all("bs => bs.every(b => b.disabled)")
    page.goto(site_url + MODEL)
    assert page.locator("form[data-calculator]").evaluate(display) == "none"
    expect(page.locator("table.costs")).to_be_visible()
    page.goto(site_url + "compare.html?m=" + A)
    expect(page.locator(".js-hidden")).to_be_visible()
    assert page.locator("#compare-form").evaluate(display) == "none"
    ctx.close()


# =========================================================================== accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_with_the_scripts_running(
    browser: Browser, site_url: str, scheme: str
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page = ctx.new_page()
    watched = Watched(page, site_url)
    page.goto(site_url + "index.html?cap=vision&sort=input&dir=desc")
    expect(page.locator("#filters")).to_be_visible()
    index = axe_violations(page)
    page.goto(compare_url(site_url, A, B))
    expect(page.locator("#compare-result table")).to_be_visible()
    compare = axe_violations(page)
    page.goto(site_url + MODEL)
    expect(page.locator("form[data-calculator]")).to_be_visible()
    model = axe_violations(page)
    ctx.close()
    assert index == []
    assert compare == []
    assert model == []
    watched.assert_clean()


# =========================================================================== layout shift

LAYOUT_SHIFT = """() => new Promise(resolve => {
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    resolve(list.getEntries().filter(e => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(0), 500);  // no entry at all: nothing shifted
})"""


@pytest.mark.parametrize("path", ["index.html", MODEL])
def test_showing_the_forms_shifts_no_layout(page: Page, site_url: str, path: str) -> None:
    """The forms hold their place from the first paint (interactive.css), so the scripts that
    show them move nothing: Lighthouse counts any shift against the page. (The comparison on
    compare.html arrives with models.json and does move the charts below it: async content.)"""
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
