"""The index at more rows (a row per model) than it shows at once: every row at load, then once
filtered or sorted the first 100 matches, and "show more"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.synth import generate
from catalog.write.pipeline import build
from tests.conftest import serve


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("big")
    counts = generate(root / "models", 160, seed=3)  # cards of their own: a model each
    assert counts["cards"] > 150
    build(root / "models", root / "site")
    server, url = serve(root / "site")
    yield url, counts["cards"]
    server.shutdown()


def visible_rows(page: Page) -> int:
    return page.locator("#models-table tbody tr:visible").count()


def test_first_hundred_then_more(page: Page, big_site: tuple[str, int]) -> None:
    url, pages = big_site
    page.goto(url + "index.html")
    # At load every served row stays shown (laid out already: hiding them costs a layout).
    expect(page.locator("#filter-count")).to_have_text(f"{pages} of {pages} models")
    assert visible_rows(page) == pages
    # Sorted (or filtered), the table shows the first 100 of the new order.
    page.locator("th[data-sort=name] button").click()
    expect(page.locator("#filter-count")).to_have_text(
        f"{pages} of {pages} models, first 100 shown"
    )
    assert visible_rows(page) == 100
    page.locator("th[data-sort=name] button").click()  # back to A–Z
    more = page.locator("button.show-more")
    expect(more).to_have_text(f"Show {min(100, pages - 100)} more of {pages}")
    more.click()
    assert visible_rows(page) == min(200, pages)
    # a new filter starts again from the first page of matches
    provider = page.locator("#filters select[name=provider]")
    first = provider.locator("option").nth(1).get_attribute("value")
    provider.select_option(first)
    expected = page.locator(f'#models-table tbody tr[data-providers~="{first}"]').count()
    assert visible_rows(page) == min(100, expected)
    # sorting shows the first rows of the new order
    page.locator("th[data-sort=input] button").click()
    shown = page.locator("#models-table tbody tr:visible").evaluate_all(
        "rows => rows.map(r => r.dataset.v.split('|')[2]).filter(v => v).map(Number)"
    )
    assert shown == sorted(shown)


def test_without_javascript_every_row_is_shown(browser: Browser, big_site: tuple[str, int]) -> None:
    url, pages = big_site
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(url + "index.html")
    assert visible_rows(page) == pages
    ctx.close()
