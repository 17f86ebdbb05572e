"""Render stage: one Jinja environment, one template per page kind, filters that only format."""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import jinja2
import markdown
import nh3

from catalog import formatting as fmt
from catalog.derive import Site, root_of
from catalog.errors import CatalogError
from catalog.load import display_path
from catalog.outputs import api_files, atom_feed, robots, schema_files, sitemap
from catalog.records import dumps, json_ld, page_record
from catalog.site_charts import chart_points, draw, provider_price_chart

# Card Markdown may format text and link out; anything else (raw HTML, scripts, images that
# would load from another host) is dropped.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"https", "http", "mailto"}


class MarkdownRenderer:
    """Markdown to sanitized HTML, one converter reused, each distinct text converted once."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        cached = self._cache.get(key)
        if cached is None:
            converted = self._md.reset().convert(text)
            cached = nh3.clean(
                converted,
                tags=_ALLOWED_TAGS,
                attributes=_ALLOWED_ATTRIBUTES,
                url_schemes=_URL_SCHEMES,
                link_rel="noopener noreferrer",
            )
            self._cache[key] = cached
        return cached


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    to_html = MarkdownRenderer()
    env.filters["markdown"] = lambda text: jinja2.filters.Markup(to_html(text))
    env.filters["flag"] = fmt.flag
    return env


def _template_error(templates: Path, exc: jinja2.TemplateError) -> CatalogError:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "templates"
    line = getattr(exc, "lineno", None) or 1
    path = Path(name)
    if not path.is_absolute():
        path = templates / name
    return CatalogError(display_path(path), line, 1, "", f"template error: {exc.message}")


def _pages(site: Site, env: jinja2.Environment) -> Iterator[tuple[str, str]]:
    common = {"site": site.catalog.site, "fmt_unknown": fmt.UNKNOWN}
    points = chart_points(site)
    # The most widely scored benchmark is drawn on the index and compare pages; each benchmark
    # has its own chart page, linked from both.
    primary = [draw(site, *points[0], root="")] if points else []
    chart_links = [draw(site, bench_id, pts, root="../") for bench_id, pts in points]

    def render(template: str, url: str, **context: object) -> tuple[str, str]:
        canonical = site.base_url + ("" if url == "index.html" else url)
        root = context.pop("root", root_of(url))
        html = env.get_template(template).render(common, canonical=canonical, root=root, **context)
        return url, html

    for page in site.pages:
        yield render("model.html", page.url, page=page, json_ld=json_ld(page, site))
    for provider in site.providers.values():
        yield render(
            "provider.html",
            provider.url,
            provider=provider,
            price_chart=provider_price_chart(provider, root_of(provider.url)),
        )
    for chart in chart_links:
        yield render("chart.html", chart.url, chart=chart, charts=chart_links)
    for capability in site.capabilities.values():
        yield render("capability.html", capability.url, capability=capability)
    geographies = sorted({p.location[-1].code for p in site.pages})
    yield render(
        "index.html",
        "index.html",
        providers=list(site.providers.values()),
        capabilities=list(site.capabilities.values()),
        geographies=geographies,
        pages=site.index_order,
        charts=primary,
        chart_links=chart_links,
    )
    yield render("compare.html", "compare.html", charts=primary, chart_links=chart_links)
    example = site.pages[0] if site.pages else None
    yield render(
        "api.html",
        "api/index.html",
        count=len(site.pages),
        example=example,
        example_json=dumps(page_record(example, site), indent=2) if example else "",
        site_url=site.base_url,
    )
    # Served for any missing path, so its links must not depend on where it is shown.
    yield render("404.html", "404.html", root=urllib.parse.urlsplit(site.base_url).path)


def render_site(site: Site, templates: Path) -> Iterator[tuple[str, str]]:
    """Yield (path relative to the output folder, text) for every file the site is made of."""
    env = environment(templates)
    try:
        html_paths = []
        for path, html in _pages(site, env):
            if path != "404.html":
                html_paths.append(path)
            yield path, html
        yield from api_files(site)
        yield from schema_files()
        yield "sitemap.xml", sitemap(site, html_paths)
        yield "robots.txt", robots(site)
        yield "feed.xml", atom_feed(site)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(templates, exc) from None
    except jinja2.TemplateError as exc:
        # Runtime errors carry the template line in the traceback, not on the exception.
        tb = exc.__traceback__
        line, name = 1, "templates"
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".html"):
                line, name = tb.tb_lineno, filename
            tb = tb.tb_next
        exc.lineno, exc.filename = line, name  # type: ignore[attr-defined]
        raise _template_error(templates, exc) from None
