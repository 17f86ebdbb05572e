"""Shared fixtures: a tiny valid catalog copied per test, the starter site built once, a loopback
HTTP server for it, and Debian's Chromium for Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.loopback import serve
from catalog.errors import ValidationFailed
from catalog.read.validate import Catalog, validate_catalog
from catalog.write.pipeline import build

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"

# One page of each kind, as paths inside the built starter site.
PAGE_KINDS = {
    "model": "models/azure/gpt-4.1-mini@francecentral.html",
    "model-no-region": "models/openai/gpt-5.html",
    "model-card": "labs/openai/gpt-4.1-mini.html",
    "provider": "providers/azure.html",
    "capability": "capabilities/vision.html",
    "index": "index.html",
    "compare": "compare.html",
    "api": "api/index.html",
    "not-found": "404.html",
    "chart": "charts/aider-polyglot.html",
}


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/minimal; the working directory is its parent, so messages read
    ``models/acme/rocket.yaml:…``."""
    root = tmp_path / "models"
    shutil.copytree(FIXTURES / "minimal", root)
    monkeypatch.chdir(tmp_path)
    return root


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate_catalog(root)
    return [str(e) for e in info.value.errors]


def load_ok(root: Path) -> Catalog:
    return validate_catalog(root)


@pytest.fixture(scope="session")
def starter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter catalog in models/, built once per test session."""
    out = tmp_path_factory.mktemp("starter") / "site"
    build(PROJECT / "models", out)
    return out


@pytest.fixture(scope="session")
def site_url(starter_site: Path) -> Iterator[str]:
    server, url = serve(starter_site)
    yield url
    server.shutdown()


def require_chromium() -> None:
    """Skip with a hint on a developer machine without Chromium; fail on CI, never skip there."""
    if CHROMIUM.is_file():
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium: `playwright install` cannot work here."""
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


# The prices a card may state beyond input, output and the 5-minute cache, each null in the JSON
# where a card leaves it out (every key is always there, for programs).
UNSTATED_PRICES = dict.fromkeys(
    ("cache_write_1h", "reasoning", "audio_input", "audio_output", "image_input", "image_output")
)
