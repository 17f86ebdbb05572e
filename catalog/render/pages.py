"""Render stage: one Jinja environment, one template per page kind, filters that only format."""

from __future__ import annotations

import contextlib
import hashlib
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.meta
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from catalog.derive import formatting as fmt
from catalog.derive import paths
from catalog.derive.facts import MODALITY_NAMES
from catalog.derive.models import ModelLine, ModelSheet
from catalog.derive.paths import root_of
from catalog.derive.site import CapabilityPage, ModelPage, ProviderPage, Site
from catalog.errors import CatalogError
from catalog.read.load import display_path
from catalog.read.schema import MODALITY_KINDS
from catalog.render import reads
from catalog.render.chart_pages import Chart, chart_points, draw, provider_price_chart
from catalog.render.charts import ChartPoint
from catalog.render.documents import FEED_SIZE, atom_feed, robots, schema_files, sitemap
from catalog.render.reads import Points, Unit
from catalog.render.records import (
    dumps,
    dumps_compact,
    index_document,
    json_ld,
    model_record,
    page_record,
)
from catalog.render.theme import Theme

# Card Markdown may format text and link out; anything else (raw HTML, scripts, images that
# would load from another host) is dropped.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"https", "http", "mailto"}

# Every page's policy (templates/base.html puts it right after the charset; the preview server
# sends it as a header too): nothing but the site's own scripts, styles and images, no inline
# code, nothing from another host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


class MarkdownRenderer:
    """Markdown to sanitized HTML, one converter reused, each distinct text converted once.

    The converter is markdown-it-py's CommonMark, whose time grows linearly with the text:
    Python-Markdown, used before, scans to the end of the text from every unmatched ``[`` and
    took 38 s for 20,000 of them (a field's limit), 198 s for a card of 95 KB. Raw HTML is
    parsed as such (``html`` is on in the CommonMark preset) and dropped or kept by nh3 below, as
    before; nesting (quotes in quotes, lists in lists) stops at 20 levels.
    """

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark")
        # markdown-it would leave a javascript: link as its source text; made a link, nh3 drops
        # the URL and keeps the words, as it did with Python-Markdown: nh3 alone decides.
        self._md.validateLink = lambda url: True  # type: ignore[method-assign]
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        cached = self._cache.get(key)
        if cached is None:
            # Every block ends in a line break; the last one is dropped, as Python-Markdown did,
            # so that the pages stay the same bytes.
            converted = self._md.render(text).removesuffix("\n")
            cached = nh3.clean(
                converted,
                tags=_ALLOWED_TAGS,
                attributes=_ALLOWED_ATTRIBUTES,
                url_schemes=_URL_SCHEMES,
                link_rel="noopener noreferrer",
            )
            self._cache[key] = cached
        return cached


def environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=theme.loader(),
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


def _template_error(theme: Theme, exc: jinja2.TemplateError) -> CatalogError:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "templates"
    line = getattr(exc, "lineno", None) or 1
    path = Path(name)
    if not path.is_absolute():
        path = theme.template_file(name)
    return CatalogError(display_path(path), line, 1, "", f"template error: {exc.message}")


@contextlib.contextmanager
def located_template_errors(theme: Theme) -> Iterator[None]:
    """Turn a Jinja error into a CatalogError naming the template file and line."""
    try:
        yield
    except jinja2.TemplateNotFound as exc:
        folders = " or ".join(display_path(f) for f in theme.template_folders) or "the theme"
        raise CatalogError(
            display_path(theme.template_file(exc.name)), 1, 1, "", "template is missing",
            f"a file {exc.name} in {folders}",
        ) from None  # fmt: skip
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(theme, exc) from None
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
        raise _template_error(theme, exc) from None


# A job names a share of the site's files; the build runs jobs in any order, in one process or
# in several, and each job's files depend only on the site, so the output is the same bytes
# whichever the number of workers.
Job = tuple[str, int]
MODELS_PER_JOB = 250


class Renderer:
    """Renders the derived site, job by job. Made once, before any worker starts, so that the
    templates are compiled once and inherited by forked workers."""

    def __init__(
        self,
        site: Site,
        theme: Theme,
        previous: Renderer | None = None,
        same_charts: bool = False,
    ) -> None:
        """``previous`` renderer of an earlier state of the same catalog (the preview server):
        its compiled templates, table rows and drawn charts are reused; the caller has dropped
        the rows of the pages that changed (:meth:`forget`), and says ``same_charts`` when no
        page's chart points changed."""
        self.site = site
        self.theme = theme
        # What each unit rendered by this renderer read (catalog/render/reads.py), by unit.
        self.reads: dict[Unit, tuple[str, ...]] = {}
        if previous is None:
            self.env = environment(theme)
            with located_template_errors(theme):
                for name in TEMPLATES:
                    self.env.get_template(name)
                table = self.env.get_template("_table.html").module
                self._row, self._line_row = table.model_row, table.line_row  # type: ignore[attr-defined]
            self._rows: dict[tuple[str, str], Markup] = {}
            self._lines: dict[ModelLine, Markup] = {}
            self._drawn: dict[tuple[str, str], tuple[list[ChartPoint], Chart]] = {}
            self._closures: dict[str, tuple[str, ...]] = {}
        else:
            self.env, self._row, self._line_row = previous.env, previous._row, previous._line_row
            self._rows, self._drawn = previous._rows, previous._drawn
            self._lines = previous._lines
            self._closures = previous._closures
        self.common = {
            "settings": site.catalog.settings,
            "fmt_unknown": fmt.UNKNOWN,
            "csp": Markup(CONTENT_SECURITY_POLICY),  # its quotes written as they are
        }
        self.chunks = _model_chunks(site.pages)
        if previous is not None and same_charts:
            self.points: Points = previous.points
            self.primary, self.chart_links = previous.primary, previous.chart_links
            self.charts = previous.charts
            return
        self.points = points = chart_points(site)
        # The most widely scored benchmark is drawn on the index and compare pages; each
        # benchmark has its own chart page, linked from both, and one per geography with
        # offers of its own, linked from the benchmark's pages.
        self.primary = [self._chart(*points[0], root="")] if points else []
        self.charts = [self._chart(key, pts, root="../") for key, pts in points]
        self.chart_links = [chart for chart in self.charts if not chart.geography]

    def _chart(self, bench_id: str, points: list[ChartPoint], root: str) -> Chart:
        """A chart, the one drawn before when its points are the same (the SVG is drawn lazily,
        so an unchanged chart is never drawn twice)."""
        known = self._drawn.get((bench_id, root))
        if known is not None and known[0] == points:
            return known[1]
        chart = draw(self.site, bench_id, points, root=root)
        self._drawn[(bench_id, root)] = (points, chart)
        return chart

    def forget(self, page_ids: set[str]) -> None:
        """Drop the cached table rows of these pages (their cards changed)."""
        for key in [k for k in self._rows if k[0] in page_ids]:
            del self._rows[key]

    # ------------------------------------------------------------------ pages

    def templates_read(self, template: str) -> tuple[str, ...]:
        """The keys of a template and of every template it extends, includes or imports (the
        names in its source; a name computed at render time is not allowed in a theme)."""
        known = self._closures.get(template)
        if known is None:
            seen: list[str] = []
            todo = [template]
            while todo:
                name = todo.pop()
                if name in seen:
                    continue
                seen.append(name)
                source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
                for found in jinja2.meta.find_referenced_templates(self.env.parse(source)):
                    if found is not None:
                        todo.append(found)
            known = self._closures[template] = tuple(f"theme:templates/{n}" for n in sorted(seen))
        return known

    def _record(self, unit: Unit, template: str | None, keys: list[str]) -> None:
        own = self.templates_read(template) if template else ()
        self.reads[unit] = tuple(dict.fromkeys((*own, *reads.settings_keys(), *keys)))

    def _render(self, template: str, url: str, **context: object) -> tuple[str, str]:
        canonical = paths.canonical(self.site.base_url, url)
        root = context.pop("root", root_of(url))
        html = self.env.get_template(template).render(
            self.common, canonical=canonical, root=root, **context
        )
        return url, html

    def table(self, pages: list[ModelPage], root: str) -> Markup:
        """The body of a models table: the pages' rows joined once, so a list of thousands of
        rows is one value to the template, not thousands to escape-check and join."""
        # Every row is Markup the row macro rendered (escaped there): joined as plain text, not
        # escape-checked again one by one.
        return Markup("".join(self.rows(pages, root)))

    def line_table(self, lines: list[ModelLine]) -> Markup:
        """The index's body, a row per model; a line's row is rendered again only when the line
        changed (lines are values: an equal line is the same row)."""
        cache, row = self._lines, self._line_row
        rows = {line: cache.get(line) or row(line, "") for line in lines}
        self._lines = rows  # the lines of this site only: an edit's old lines go
        return Markup("".join(rows.values()))

    def rows(self, pages: list[ModelPage], root: str) -> list[Markup]:
        """Table rows of model pages, each rendered once per root and reused by every list."""
        cache, row = self._rows, self._row
        out = []
        for page in pages:
            key = (page.id, root)
            html = cache.get(key)
            if html is None:
                html = cache[key] = row(page, root)
            out.append(html)
        return out

    def model_files(self, page: ModelPage) -> tuple[tuple[str, str], tuple[str, str], str]:
        """A model page, its JSON file, and its record as it appears in api/models.json."""
        site = self.site
        html = self._render("model.html", page.url, page=page, json_ld=json_ld(page, site))
        record = dumps_compact(page_record(page, site))
        self._record(("model", page.id), "model.html", reads.model_reads(page, site))
        page.release()
        return html, (paths.record_url(page.id), record + "\n"), record

    def html_paths(self) -> list[str]:
        """Every HTML page but the 404 page, in the order of the sitemap."""
        site = self.site
        return [
            *(page.url for page in site.pages),
            *(provider.url for provider in site.providers.values()),
            *(chart.url for chart in self.charts),
            *(capability.url for capability in site.capabilities.values()),
            *(sheet.url for sheet in site.models.values()),
            paths.INDEX,
            paths.COMPARE,
            paths.API_PAGE,
        ]

    # ------------------------------------------------------------------ jobs

    def jobs(self) -> list[Job]:
        """Every job, the largest first so that workers finish together."""
        return [
            ("lists", 0),
            *(("models", i) for i in range(len(self.chunks))),
            *(("chart", i) for i in range(len(self.charts))),
            ("compare", 0),
            ("other", 0),
        ]

    def run(self, job: Job) -> Iterator[tuple[str, str]]:
        """Yield (path relative to the output folder, text) for every file of one job.

        A models job also writes ``.parts/<n>.json``: its records for api/models.json, which
        :meth:`models_json` joins in order.
        """
        kind, number = job
        with located_template_errors(self.theme):
            if kind == "models":
                records = []
                for page in self.chunks[number]:
                    html, api, record = self.model_files(page)
                    records.append(record)
                    yield html
                    yield api
                yield f"{PARTS}/{number}.json", ", ".join(records)
            elif kind == "lists":
                yield from self.lists()
            elif kind == "chart":
                yield self._chart_page(self.charts[number])
            elif kind == "compare":
                yield self._compare()
            elif kind == "other":
                for single in ("api_page", "not_found", "schema", "sitemap", "api_index"):
                    yield from self._single(single)
                yield from self._single("robots")
                yield from self._single("feed")
            else:  # pragma: no cover - jobs come from jobs()
                raise ValueError(job)

    def lists(self) -> Iterator[tuple[str, str]]:
        """The index, every provider and capability page, and every model card's page."""
        yield from self.unit_files(("index", ""))
        for provider_id in self.site.providers:
            yield from self.unit_files(("provider", provider_id))
        for capability_id in self.site.capabilities:
            yield from self.unit_files(("capability", capability_id))
        for model_id in self.site.models:
            yield from self.unit_files(("lab_model", model_id))

    # ------------------------------------------------------------------ units

    def units(self) -> list[Unit]:
        """Every unit this renderer renders (the write stage adds static files and logos)."""
        site = self.site
        return [
            *(("model", page.id) for page in site.pages),
            *(("provider", provider_id) for provider_id in site.providers),
            *(("capability", capability_id) for capability_id in site.capabilities),
            *(("lab_model", model_id) for model_id in site.models),
            *(("chart", chart.benchmark_id) for chart in self.charts),
            *(unit for unit in reads.SINGLE_UNITS if unit not in _WRITTEN_APART),
        ]

    def unit_files(self, unit: Unit) -> list[tuple[str, str]]:
        """Render one unit but a model page (:meth:`model_files`, which gives its record too)
        and record what it read; its files as (path, text)."""
        kind, name = unit
        site = self.site
        with located_template_errors(self.theme):
            if kind == "provider":
                return [self._provider(site.providers[name])]
            if kind == "capability":
                return [self._capability(site.capabilities[name])]
            if kind == "lab_model":
                return self._lab_model(site.models[name])
            if kind == "chart":
                chart = next(c for c in self.charts if c.benchmark_id == name)
                return [self._chart_page(chart)]
            return [*self._single(kind)]

    def _single(self, kind: str) -> Iterator[tuple[str, str]]:
        site = self.site
        unit = (kind, "")
        if kind == "index":
            yield self._index()
        elif kind == "compare":
            yield self._compare()
        elif kind == "api_page":
            yield self.api_page()
        elif kind == "not_found":
            # Served for any missing path, so its links must not depend on where it is shown.
            self._record(unit, "404.html", [])
            yield self._render(
                "404.html", paths.NOT_FOUND, root=urllib.parse.urlsplit(site.base_url).path
            )
        elif kind == "schema":
            self._record(unit, None, [])
            yield from schema_files()
        elif kind == "sitemap":
            keys = [
                "members:pages", "members:charts", "members:providers", "members:models",
                *reads.registry_keys(),
            ]  # fmt: skip
            self._record(unit, None, keys)
            yield paths.SITEMAP, sitemap(site, self.html_paths())
        elif kind == "api_index":
            keys = ["members:pages", "members:models", *reads.registry_keys()]
            keys += [f"entry:{page.id}" for page in site.pages]
            keys += [f"members:model:{model_id}" for model_id in site.models]
            keys += [reads.relative(site.catalog, s.entry.doc.path) for s in site.models.values()]
            keys += reads.lab_keys(site.catalog)
            keys += ["members:lines", *(f"model-line:{line.id}" for line in site.lines)]
            self._record(unit, None, keys)
            yield paths.API_INDEX, dumps(index_document(site))
        elif kind == "robots":
            self._record(unit, None, [])
            yield paths.ROBOTS, robots(site)
        elif kind == "feed":
            keys = [f"line:{page.id}" for page in site.newest[:FEED_SIZE]]
            self._record(unit, None, ["members:newest", *keys])
            yield paths.FEED, atom_feed(site)
        else:  # pragma: no cover - units come from units()
            raise ValueError(kind)

    def _provider(self, provider: ProviderPage) -> tuple[str, str]:
        keys = reads.list_reads(self.site, provider.pages, f"provider:{provider.id}")
        keys += reads.provider_keys(self.site.catalog, provider.id)
        self._record(("provider", provider.id), "provider.html", keys)
        return self._render(
            "provider.html",
            provider.url,
            provider=provider,
            rows=self.table(provider.pages, "../"),
            price_chart=provider_price_chart(provider, root_of(provider.url)),
        )

    def _capability(self, capability: CapabilityPage) -> tuple[str, str]:
        keys = reads.list_reads(self.site, capability.pages, f"capability:{capability.id}")
        self._record(("capability", capability.id), "capability.html", keys)
        return self._render(
            "capability.html",
            capability.url,
            capability=capability,
            rows=self.table(capability.pages, "../"),
        )

    def _lab_model(self, sheet: ModelSheet) -> list[tuple[str, str]]:
        """A model card's page and its JSON record."""
        self._record(
            ("lab_model", sheet.id), "model_offers.html", reads.sheet_reads(sheet, self.site)
        )
        record = dumps(model_record(sheet, self.site))
        return [
            self._render("model_offers.html", sheet.url, sheet=sheet),
            (sheet.record_url, record),
        ]

    def _chart_reads(self, charts: list[Chart]) -> list[str]:
        points = dict(self.points)
        keys = ["members:charts"]
        for chart in charts:
            keys += reads.chart_reads(points[chart.benchmark_id], chart.benchmark_id)
        return keys

    def _chart_page(self, chart: Chart) -> tuple[str, str]:
        self._record(("chart", chart.benchmark_id), "chart.html", self._chart_reads([chart]))
        variants = [c for c in self.charts if c.benchmark == chart.benchmark]
        return self._render(
            "chart.html", chart.url, chart=chart, charts=self.chart_links, variants=variants
        )

    def _compare(self) -> tuple[str, str]:
        self._record(("compare", ""), "compare.html", self._chart_reads(self.primary))
        return self._render(
            "compare.html", paths.COMPARE, charts=self.primary, chart_links=self.chart_links
        )

    def _index(self) -> tuple[str, str]:
        site = self.site
        keys = reads.lines_reads(site) + reads.all_providers(site) + self._chart_reads(self.primary)
        self._record(("index", ""), "index.html", keys)
        return self._render(
            "index.html",
            paths.INDEX,
            providers=list(site.providers.values()),
            capabilities=list(site.capabilities.values()),
            geographies=sorted({p.geo for p in site.pages if p.geo}),
            pages=site.index_order,
            model_count=site.model_count,
            modalities=_modality_options(site),
            rows=self.line_table(site.lines),
            charts=self.primary,
            chart_links=self.chart_links,
        )

    def api_page(self) -> tuple[str, str]:
        site = self.site
        example = site.pages[0] if site.pages else None
        keys = ["members:pages", *(reads.model_reads(example, site) if example else [])]
        self._record(("api_page", ""), "api.html", keys)
        return self._render(
            "api.html",
            paths.API_PAGE,
            count=len(site.pages),
            example=example,
            example_json=dumps(page_record(example, site), indent=2) if example else "",
            site_url=site.base_url,
        )


def _modality_options(site: Site) -> dict[str, list[tuple[str, str]]]:
    """The index's modality filters: (value, label) of each kind some model reads or writes."""
    used = {
        "input": {m for line in site.lines for m in line.inputs},
        "output": {m for line in site.lines for m in line.outputs},
    }
    return {
        side: [(m, MODALITY_NAMES[m]) for m in kinds if m in used[side]]
        for side, kinds in MODALITY_KINDS.items()
    }


# Units the write stage makes itself: api/models.json from the model units' records, and the
# stylesheet (from the theme's parts and the highlighting rules).
_WRITTEN_APART = {("models_json", ""), ("stylesheet", "")}
PARTS = ".parts"
TEMPLATES = (
    "model.html", "model_offers.html", "provider.html", "chart.html", "capability.html",
    "index.html", "compare.html", "api.html", "404.html", "_table.html",
)  # fmt: skip


def _model_chunks(pages: list[ModelPage]) -> list[list[ModelPage]]:
    """Pages in jobs of about MODELS_PER_JOB, a model's regions kept together (its Markdown is
    converted once per process)."""
    chunks: list[list[ModelPage]] = []
    current: list[ModelPage] = []
    for page in pages:
        if len(current) >= MODELS_PER_JOB and page.model is not current[-1].model:
            chunks.append(current)
            current = []
        current.append(page)
    if current:
        chunks.append(current)
    return chunks
