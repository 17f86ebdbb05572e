"""The built starter site through the tools web people trust: the Nu HTML Checker, a link
crawler over HTTP, and Lighthouse with Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PAGE_KINDS, require_chromium
from tests.tools import check_links, lighthouse, lighthouse_losses, validate_html


def test_every_page_is_valid_html(starter_site: Path) -> None:
    assert validate_html(starter_site) == []


def test_every_internal_link_anchor_and_asset_resolves(starter_site: Path, site_url: str) -> None:
    report = check_links(site_url)
    assert report.broken == []
    built = sum(1 for p in starter_site.rglob("*.html") if p.name != "404.html")
    assert report.pages == built  # every page is reachable from the index
    not_found = check_links(site_url, start="404.html")  # served at any depth: root-relative
    assert not_found.broken == []


@pytest.mark.parametrize("kind", ["model", "index"])
def test_lighthouse_scores_100(kind: str, site_url: str, tmp_path: Path) -> None:
    require_chromium()
    # Lighthouse's performance score is a lab measurement that moves with the load of the
    # machine (the same page scored 97 to 100 in one suite on 2 cores): up to three runs, as
    # Lighthouse's own docs advise, and only a performance loss is run again. A page that is
    # slow loses in every run; any other category must be 100 the first time.
    for attempt in range(3):
        out = tmp_path / f"lh-{attempt}.json"
        losses = lighthouse_losses(
            lighthouse(site_url + PAGE_KINDS[kind], CHROMIUM, CHROMIUM_ARGS, out)
        )
        if not losses or not all(loss.startswith("performance ") for loss in losses):
            break
    assert losses == []
