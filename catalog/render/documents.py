"""Render stage, for programs: JSON API files, JSON Schema, sitemap, robots.txt and the Atom feed.

Each function returns (path relative to the output folder, text) pairs; the build writes them.
All content comes from the derived site, so the JSON equals the pages figure for figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel

from catalog.derive import paths
from catalog.derive.site import Site
from catalog.read.schema import Card, LabFile, ModelCard, ProviderFile, Settings
from catalog.render.records import catalog_document, dumps, dumps_compact

FEED_SIZE = 50


def catalog_json_frame(site: Site) -> tuple[str, str]:
    """api/models.json is this head, the records joined with ", " (as json.dumps joins list
    items), and this tail. The records are encoded once, by the jobs that render their pages,
    and joined by streaming, never held all at once."""
    document = catalog_document(site, [])
    document["count"] = len(site.pages)
    text = dumps_compact(document)
    assert text.endswith('"models": []}')
    return text[:-2], "]}\n"


# The files a catalog is written in that have a JSON Schema, by schema name.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "card": Card,
    "model": ModelCard,
    "lab": LabFile,
    "provider": ProviderFile,
    "site": Settings,
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a file kind (``card``, ``model``, ``lab``, ``provider``, ``site``),
    generated from the schema code."""
    schema = SCHEMA_MODELS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.json"
    return schema


def json_schema_text(name: str) -> str:
    """The text of ``schema/<name>.json``, as the site publishes it and ``catalog schema``
    prints it."""
    return dumps(json_schema(name), indent=2)


def schema_files() -> Iterator[tuple[str, str]]:
    """JSON Schemas generated from the schema code, never kept by hand."""
    for name in SCHEMA_MODELS:
        yield paths.schema_url(name), json_schema_text(name)


def html_urls(site: Site, html_paths: list[str]) -> list[str]:
    return [paths.canonical(site.base_url, path) for path in html_paths]


def sitemap(site: Site, html_paths: list[str]) -> str:
    entries = "".join(
        f"  <url><loc>{escape(url)}</loc></url>\n" for url in html_urls(site, html_paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.base_url}sitemap.xml\n"


def _stamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(site: Site) -> str:
    """Newly added models, newest first. Dates are the cards' own, so the feed is reproducible."""
    name = site.catalog.settings.name
    entries = site.newest[:FEED_SIZE]
    updated = _stamp(entries[0].added) if entries else "1970-01-01T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<feed xmlns="http://www.w3.org/2005/Atom">\n',
        f"  <title>{escape(name)}: new models</title>\n",
        f"  <id>{escape(site.base_url)}feed.xml</id>\n",
        f'  <link rel="self" href={quoteattr(site.base_url + paths.FEED)}/>\n',
        f'  <link rel="alternate" href={quoteattr(site.base_url)}/>\n',
        f"  <updated>{updated}</updated>\n",
        f"  <author><name>{escape(name)}</name></author>\n",
    ]
    for page in entries:
        region = f" in {page.region_id}" if page.region_id else ""
        summary = (
            f"{page.name} by {page.provider.file.name}{region}: input {page.input_text}, "
            f"output {page.output_text} per 1M tokens; context window {page.context_text} tokens."
        )
        parts += [
            "  <entry>\n",
            f"    <title>{escape(page.id)}</title>\n",
            f"    <id>{escape(page.canonical)}</id>\n",
            f'    <link rel="alternate" href={quoteattr(page.canonical)}/>\n',
            f"    <updated>{_stamp(page.added)}</updated>\n",
            f"    <published>{_stamp(page.added)}</published>\n",
            f"    <summary>{escape(summary)}</summary>\n",
            "  </entry>\n",
        ]
    parts.append("</feed>\n")
    return "".join(parts)
