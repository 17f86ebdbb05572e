"""Render stage: one Jinja environment, one template per page kind, filters that only format."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import jinja2
import markdown
import nh3

from catalog import formatting as fmt
from catalog.derive import Site, root_of
from catalog.errors import CatalogError
from catalog.load import display_path

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


def render_site(site: Site, templates: Path) -> Iterator[tuple[str, str]]:
    """Yield (path relative to the output folder, HTML) for every page of the site."""
    env = environment(templates)
    common = {"site": site.catalog.site, "fmt_unknown": fmt.UNKNOWN}
    try:
        model_tpl = env.get_template("model.html")
        for page in site.pages:
            yield page.url, model_tpl.render(common, page=page, root=root_of(page.url))
        provider_tpl = env.get_template("provider.html")
        for provider in site.providers.values():
            yield (
                provider.url,
                provider_tpl.render(common, provider=provider, root=root_of(provider.url)),
            )
        index_tpl = env.get_template("index.html")
        yield (
            "index.html",
            index_tpl.render(
                common, providers=list(site.providers.values()), pages=site.pages, root=""
            ),
        )
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
