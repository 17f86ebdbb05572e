"""The Content-Security-Policy: every page carries one that allows only the site's own files (no
inline script or style, no other host), every page works under it in Chromium, and it is really
enforced (an injected inline script does not run).

The built HTML is checked for what the policy would block (inline scripts, style attributes,
event handlers, ``<style>`` elements); Chromium then loads every page kind and reports any
``securitypolicyviolation`` event and any console error about the policy.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import PAGE_KINDS
from tests.test_browser import Watched

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'

# Records every violation the page reports, from the first script on (before the page's own).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile
      + ":" + event.lineNumber
  );
});
"""

# What each page kind's scripts do once they ran: proof that they ran under the policy.
SCRIPTS_RAN = {
    "model": "document.querySelectorAll('[role=tab]').length === 3",
    "model-no-region": "document.querySelectorAll('[role=tab]').length === 3",
    "index": "!document.getElementById('filters').hidden",
    "compare": "!document.getElementById('compare-form').hidden",
}


class _Inline(HTMLParser):
    """What a page holds that a policy without 'unsafe-inline' would block or treat as data."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.data_blocks = 0
        self.metas: list[str] = []
        self.first_after_charset: str | None = None
        self._after_charset = False
        self._script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._after_charset:
            self.first_after_charset = self.get_starttag_text()
            self._after_charset = False
        if tag == "meta" and a.get("charset"):
            self._after_charset = True
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.metas.append(a.get("content") or "")
        if tag == "style":
            self.blocked.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
            if (
                name in ("href", "src", "action")
                and value
                and _scheme(value) in ("javascript", "data")
            ):
                self.blocked.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script_type = a.get("type") or ""
            if "src" not in a and self._script_type != "application/ld+json":
                self.blocked.append(f"inline <script type={self._script_type!r}>")
            if self._script_type == "application/ld+json":
                self.data_blocks += 1


def _scheme(url: str) -> str:
    return urllib.parse.urlsplit(url.strip()).scheme.lower()


def test_policy_has_no_inline_or_foreign_allowance() -> None:
    directives = dict(d.strip().split(" ", 1) for d in POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    for value in directives.values():
        assert "unsafe" not in value
        assert "*" not in value
        assert "data:" not in value
        assert "http" not in value


def test_every_page_carries_the_policy_first_and_nothing_it_would_block(
    starter_site: Path,
) -> None:
    pages = sorted(starter_site.rglob("*.html"))
    assert len(pages) > 60
    data_blocks = 0
    for path in pages:
        parser = _Inline()
        parser.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(starter_site).as_posix()
        assert parser.metas == [POLICY], name
        # A policy in a meta element covers only what follows it: it comes straight after charset.
        assert parser.first_after_charset == CSP_META, name
        assert parser.blocked == [], name
        data_blocks += parser.data_blocks
    # One JSON-LD block per model page: data, which the policy does not run.
    assert data_blocks == len(list((starter_site / "models").rglob("*.html"))) > 40


def test_charts_and_snippets_use_no_style_attribute(starter_site: Path) -> None:
    # Charts are inline SVG drawn by catalog/render/charts.py, snippets highlighted by Pygments:
    # both
    # would lose their presentation under the policy if they used style attributes.
    text = "".join(p.read_text(encoding="utf-8") for p in starter_site.rglob("*.html"))
    assert text.count("<svg") > 40
    assert text.count('<span class="nx">') > 100  # highlighted tokens: classes, not styles
    assert not re.search(r"\sstyle\s*=", text)


@pytest.fixture
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    ctx.add_init_script(RECORD_VIOLATIONS)
    yield ctx
    ctx.close()


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_works_under_the_policy(
    context: BrowserContext, site_url: str, kind: str
) -> None:
    page = context.new_page()
    watched = Watched(page, site_url)
    url = PAGE_KINDS[kind]
    if kind == "compare":
        url += "?m=" + ",".join(
            urllib.parse.quote(i, safe="")
            for i in ("azure/gpt-4.1-mini@francecentral", "openai/gpt-5")
        )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if kind in SCRIPTS_RAN:
        page.wait_for_function(SCRIPTS_RAN[kind], timeout=5000)
    if kind == "compare":
        expect(page.locator("#compare-result table")).to_be_visible()
    if kind in ("model", "model-no-region"):
        # The JSON-LD data block is there, parses, and raised no violation.
        data = page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
        )
        assert data
    assert _violations(page) == []
    assert [e for e in watched.errors if "Content Security Policy" in e] == []
    watched.assert_clean()


def test_the_policy_is_enforced(context: BrowserContext) -> None:
    """Without the policy (the old pages) the injected script runs and the style applies."""
    page = context.new_page()
    page.goto(PAGE_KINDS["model"])
    page.wait_for_load_state("networkidle")
    result = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true;";
          document.body.append(script);
          const p = document.createElement("p");
          p.setAttribute("style", "color: rgb(1, 2, 3)");
          document.body.append(p);
          const handler = document.createElement("img");
          handler.setAttribute("onerror", "window.__handler = true;");
          handler.src = "missing.png";
          document.body.append(handler);
          return new Promise((resolve) => setTimeout(() => resolve({
            injected: window.__injected === true,
            styled: getComputedStyle(p).color === "rgb(1, 2, 3)",
            handler: window.__handler === true,
          }), 300));
        }"""
    )
    assert result == {"injected": False, "styled": False, "handler": False}
    blocked = _violations(page)
    assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
    assert any(v.startswith("style-src-attr inline") for v in blocked), blocked
    assert any(v.startswith("script-src-attr inline") for v in blocked), blocked


def test_pages_work_under_the_policy_from_file_urls(browser: Browser, starter_site: Path) -> None:
    """The site also works opened from disk: 'self' must cover file: URLs in Chromium."""
    ctx = browser.new_context()
    ctx.add_init_script(RECORD_VIOLATIONS)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((starter_site / PAGE_KINDS["model"]).as_uri())
    page.wait_for_function(SCRIPTS_RAN["model"], timeout=5000)
    page.goto((starter_site / "index.html").as_uri())
    page.wait_for_function(SCRIPTS_RAN["index"], timeout=5000)
    violations = _violations(page)
    ctx.close()
    assert violations == []
    assert [e for e in errors if "Content Security Policy" in e] == []
