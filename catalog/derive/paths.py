"""Every output file's path, relative to the output folder, in one place.

Pages, records, feeds and folders are all named here, from ids the file gate has made path-safe
(catalog/read/gate.py), so a path is spelled once and nothing is written outside the output
folder. The render stage names its files with these, the write stage makes their folders and
the preview server knows which files a full build always writes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import PurePosixPath

INDEX = "index.html"
COMPARE = "compare.html"
API_PAGE = "api/index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
API_INDEX = "api/index.json"
MODELS_JSON = "api/models.json"
ROBOTS = "robots.txt"
FEED = "feed.xml"
STATIC = "static"
# The one stylesheet every page links, joined from the theme's parts in cascade order with the
# highlighting rules (made from the code) second: one request before the first paint, not four
# (on Lighthouse's simulated phone the index painted about 100 ms sooner, 1,060 -> 960 ms).
STYLESHEET = "static/catalog.css"
HIGHLIGHT_PART = "highlight.css"
STYLESHEET_PARTS = ("style.css", HIGHLIGHT_PART, "charts.css", "interactive.css")
# Files every build writes: one missing means the site was removed behind a writer's back.
ALWAYS = (INDEX, MODELS_JSON)


def page_id(model_id: str, region_id: str | None) -> str:
    """The model ID callers use: provider/model, or provider/model@region."""
    return f"{model_id}@{region_id}" if region_id else model_id


def page_url(pid: str) -> str:
    return f"models/{pid}.html"


def record_url(pid: str) -> str:
    """A page's JSON record."""
    return f"api/models/{pid}.json"


def model_url(model_id: str) -> str:
    """A model card's page (lab/model): apart from the offer pages under models/, which a
    provider that is also a lab (openai/gpt-5) would otherwise share with it."""
    return f"labs/{model_id}.html"


def model_record_url(model_id: str) -> str:
    return f"api/labs/{model_id}.json"


def provider_url(provider_id: str) -> str:
    return f"providers/{provider_id}.html"


def capability_url(capability_id: str) -> str:
    return f"capabilities/{capability_id}.html"


def chart_key(benchmark_id: str, geography: str = "") -> str:
    """A chart's key: ``aider-polyglot`` for offers anywhere, ``aider-polyglot@EU`` for the
    cheapest offers in a geography."""
    return f"{benchmark_id}@{geography}" if geography else benchmark_id


def chart_parts(key: str) -> tuple[str, str]:
    """(benchmark id, geography or "") of a chart key."""
    benchmark_id, _, geography = key.partition("@")
    return benchmark_id, geography


def chart_url(key: str) -> str:
    """A chart's page: ``charts/aider-polyglot.html``, ``charts/aider-polyglot@eu.html``."""
    benchmark_id, geography = chart_parts(key)
    return f"charts/{chart_key(benchmark_id, geography.lower())}.html"


def logo_url(provider_id: str) -> str:
    return f"static/logos/{provider_id}.svg"


def schema_url(name: str) -> str:
    return f"schema/{name}.json"


def canonical(base_url: str, url: str) -> str:
    """The absolute URL of a page: the index is the site's root."""
    return base_url + ("" if url == INDEX else url)


def root_of(url: str) -> str:
    """The relative way back to the site root from a page, so the site works from file:// too."""
    depth = len(PurePosixPath(url).parts) - 1
    return "../" * depth


def folders(
    page_ids: list[str], provider_ids: list[str], model_ids: Sequence[str] = ()
) -> set[str]:
    """Every folder the site's files are written in."""
    found = {"api", "api/models", "models", "providers", "capabilities", "charts", "schema"}
    for model_id in model_ids:
        found.add(posixpath.dirname(model_url(model_id)))
        found.add(posixpath.dirname(model_record_url(model_id)))
    if model_ids:
        found |= {"labs", "api/labs"}
    found |= {f"models/{p}" for p in provider_ids} | {f"api/models/{p}" for p in provider_ids}
    # A card in a subfolder of its provider (provider/sub/model) has its pages one level down.
    for pid in page_ids:
        found.add(posixpath.dirname(page_url(pid)))
        found.add(posixpath.dirname(record_url(pid)))
    return found
