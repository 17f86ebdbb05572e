"""Every page kind in Chromium through Playwright: accessibility (axe-core) in light and dark
schemes at phone and desktop widths, screenshots for people to look at, and the behaviour of the
scripts: tabs, keyboard focus, copy buttons, no console errors, no request off 127.0.0.1."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from catalog.derive.site import derive
from catalog.read.validate import validate_catalog
from tests.conftest import ARTIFACTS, PAGE_KINDS, PROJECT
from tests.tools import axe_violations

WIDTHS = {"phone": 390, "desktop": 1280}
SCHEMES = ("light", "dark")
MODEL = PAGE_KINDS["model"]


class Watched:
    """A page whose console errors and requests off the loopback host are recorded."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urllib.parse.urlsplit(site_url).hostname
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_request(request: object) -> None:
            url = request.url  # type: ignore[attr-defined]
            if urllib.parse.urlsplit(url).hostname != host and not url.startswith("data:"):
                self.foreign.append(url)

        page.on("request", on_request)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.foreign == []


@pytest.fixture
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield ctx
    ctx.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_accessibility_violations_and_screenshot(
    browser: Browser, site_url: str, kind: str, width: str, scheme: str
) -> None:
    ctx = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = ctx.new_page()
    watched = Watched(page, site_url)
    page.goto(site_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{kind}-{WIDTHS[width]}-{scheme}.png", full_page=True)
    violations = axe_violations(page)
    ctx.close()
    assert violations == []
    watched.assert_clean()
    # Nothing may scroll sideways on a phone except inside a scrolling region.
    assert (ARTIFACTS / f"{kind}-{WIDTHS[width]}-{scheme}.png").stat().st_size > 0


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_horizontal_scroll_on_a_phone(browser: Browser, site_url: str, kind: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 800})
    page = ctx.new_page()
    page.goto(site_url + PAGE_KINDS[kind])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    ctx.close()
    assert overflow <= 0


def test_tabs_switch_and_keep_keyboard_focus(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    watched = Watched(page, site_url)
    page.goto(MODEL)
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(3)
    expect(tabs).to_have_text(["Python", "JavaScript", "cURL"])
    python, javascript, curl = (
        page.locator(f"#code-{lang}") for lang in ("python", "javascript", "curl")
    )
    expect(python).to_be_visible()
    expect(javascript).to_be_hidden()

    tabs.nth(1).click()
    expect(javascript).to_be_visible()
    expect(python).to_be_hidden()
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(0)).to_have_attribute("aria-selected", "false")

    # Keyboard: arrows move selection and focus, wrapping; Home and End jump.
    tabs.nth(1).focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(2)).to_be_focused()
    expect(curl).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(0)).to_be_focused()
    expect(python).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(tabs.nth(2)).to_be_focused()
    page.keyboard.press("Home")
    expect(tabs.nth(0)).to_be_focused()
    page.keyboard.press("End")
    expect(tabs.nth(2)).to_be_focused()
    # Only the selected tab is in the tab order; Tab moves on into the panel.
    assert [tabs.nth(i).get_attribute("tabindex") for i in range(3)] == ["-1", "-1", "0"]
    watched.assert_clean()


def _expected_snippets() -> dict[str, str]:
    site = derive(validate_catalog(PROJECT / "models"))
    page = next(p for p in site.pages if p.id == "azure/gpt-4.1-mini@francecentral")
    return {s.lang: s.code.rstrip("\n") for s in page.snippets}


def test_copy_buttons_copy_exactly_the_snippet(context: BrowserContext, site_url: str) -> None:
    expected = _expected_snippets()
    page = context.new_page()
    watched = Watched(page, site_url)
    page.goto(MODEL)
    for i, lang in enumerate(("python", "javascript", "curl")):
        page.get_by_role("tab").nth(i).click()
        button = page.locator(f"#code-{lang} button.copy")
        button.click()
        expect(button).to_contain_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == expected[lang]
    page.locator("dd.copyable button.copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == "azure/gpt-4.1-mini@francecentral"
    watched.assert_clean()


def test_without_javascript_code_blocks_stack_and_copy_buttons_hide(
    browser: Browser, site_url: str
) -> None:
    ctx = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = ctx.new_page()
    page.goto(MODEL)
    for lang in ("python", "javascript", "curl"):
        expect(page.locator(f"#code-{lang} pre")).to_be_visible()
        expect(page.locator(f"#code-{lang} h3")).to_be_visible()
    expect(page.get_by_role("tab")).to_have_count(0)
    for button in page.locator("button.copy").all():
        expect(button).to_be_hidden()
    ctx.close()


def test_line_numbers_are_not_part_of_the_text(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(MODEL)
    text = page.locator("#code-python-text").inner_text()
    assert text.startswith("from openai import OpenAI")
    assert page.locator("#code-python-text .line").count() == 15


def test_artifacts_folder_is_ignored_by_git() -> None:
    ignored = (PROJECT / ".gitignore").read_text().splitlines()
    assert "/tests/artifacts/" in ignored
    assert ARTIFACTS == PROJECT / "tests" / "artifacts"
