"""Each checker fails on a page broken on purpose: proof that a green run means something."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from tests.tools import axe_violations, check_links, lighthouse, lighthouse_losses, validate_html

BROKEN = """<!doctype html>
<html>
<head><title>broken</title></head>
<body>
<p><div>a div inside a paragraph</div></p>
<img src="missing.png">
<a href="nowhere.html">a link to nothing</a>
<a href="#no-such-anchor">an anchor to nothing</a>
<p style="color:#777;background:#888">low contrast</p>
</body>
</html>
"""


def broken_site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(BROKEN)
    return tmp_path


def test_validator_reports_invalid_html(tmp_path: Path) -> None:
    errors = validate_html(broken_site(tmp_path))
    assert errors, "the Nu HTML Checker accepted a broken page"
    assert any("img" in e and "alt" in e for e in errors), errors


def test_link_checker_reports_broken_links_anchors_and_assets(tmp_path: Path) -> None:
    server, url = serve(broken_site(tmp_path))
    try:
        report = check_links(url)
    finally:
        server.shutdown()
    assert len(report.broken) == 3, report.broken
    assert any("missing.png" in b for b in report.broken)
    assert any("nowhere.html" in b for b in report.broken)
    assert any("#no-such-anchor" in b for b in report.broken)


def test_axe_reports_violations(tmp_path: Path, page: Page) -> None:
    server, url = serve(broken_site(tmp_path))
    try:
        page.goto(url + "index.html")
        violations = axe_violations(page)
    finally:
        server.shutdown()
    ids = {v.split(" ")[0] for v in violations}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= ids, violations


def test_lighthouse_names_the_audits_that_lost_points(tmp_path: Path) -> None:
    require_chromium()
    server, url = serve(broken_site(tmp_path))
    try:
        report = lighthouse(url + "index.html", CHROMIUM, CHROMIUM_ARGS, tmp_path / "lh.json")
    finally:
        server.shutdown()
    losses = lighthouse_losses(report)
    assert any(loss.startswith("accessibility") and "image-alt" in loss for loss in losses)
    assert any(loss.startswith("seo") and "meta-description" in loss for loss in losses)
