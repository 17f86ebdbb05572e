"""What each output is made from: the keys a render unit reads, and what each key shows.

A *unit* is what the build renders in one go: a model page with its JSON file, the index, a
provider, capability or chart page, the feed, a static file... When a unit is rendered it records
the keys of everything it read:

- ``file:<path>``: an input file, its path relative to the models folder (a card, site.yaml, a
  registry, a provider's file or logo);
- ``theme:templates/<name>``, ``theme:static/<path>``: a theme file by the name it is looked up
  by, whichever theme folder it comes from (so an override shadowing a default file counts);
- views of other pages: ``line:<page>`` (what a list row and the feed show of a page),
  ``entry:<page>`` (what the sitemap and api/index.json show), ``link:<page>`` (what a link to
  it shows), ``point:<page>`` (what a chart shows), ``regions:<model>`` (a model's pages),
  ``offer:<page>`` (what a model card's page and "Also offered by" show of an offer),
  ``model-line:<model>`` (the index's line of a model: derive/models.py ModelLine);
- memberships: ``members:<list>``, which pages a list holds, in order (``members:model:<id>``,
  a model card's offers; ``members:models``, the model cards), and
  ``newest:<provider>``, the provider's newest models that the "other models" lists pick from.

:class:`Views` gives a key's value in a derived site. The engine (catalog/write/engine.py)
compares the values of the keys an edit can touch, before and after it, and renders again
exactly the units that recorded a key whose value changed: dependencies recorded when the output
was made, not predicted apart from the templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from catalog.derive import paths
from catalog.derive.models import ModelLine, ModelSheet, offer_row
from catalog.derive.site import ModelPage, Site, geography
from catalog.read import gate
from catalog.read.validate import Catalog, ModelEntry
from catalog.render.charts import ChartPoint
from catalog.render.documents import FEED_SIZE

Unit = tuple[str, str]  # (kind, name): ("model", page id), ("index", ""), ("chart", bench id)
Points = list[tuple[str, list[ChartPoint]]]  # per charted benchmark, its points

# Units the site always has, whatever the catalog holds.
SINGLE_UNITS: tuple[Unit, ...] = (
    ("index", ""),
    ("compare", ""),
    ("api_page", ""),
    ("not_found", ""),
    ("schema", ""),
    ("sitemap", ""),
    ("api_index", ""),
    ("robots", ""),
    ("feed", ""),
    ("stylesheet", ""),
    ("models_json", ""),
)


MODELS_JSON: Unit = ("models_json", "")


def unit_paths(unit: Unit) -> tuple[str, ...]:
    """The files a unit writes that no other unit writes (to remove them when it is gone)."""
    kind, name = unit
    if kind == "model":
        return paths.page_url(name), paths.record_url(name)
    if kind == "provider":
        return (paths.provider_url(name),)
    if kind == "capability":
        return (paths.capability_url(name),)
    if kind == "lab_model":
        return paths.model_url(name), paths.model_record_url(name)
    if kind == "chart":
        return (paths.chart_url(name),)
    if kind == "static":
        return (f"{paths.STATIC}/{name}",)
    if kind == "logo":
        return (paths.logo_url(name),)
    return ()  # the site always has the others


def relative(catalog: Catalog, path: Path) -> str:
    """An input file's key: its path relative to the models folder."""
    return "file:" + path.relative_to(catalog.root).as_posix()


def settings_keys() -> list[str]:
    return ["file:" + gate.SITE_FILE]


def registry_keys() -> list[str]:
    return ["file:" + gate.BENCHMARKS_FILE, "file:" + gate.CAPABILITIES_FILE]


def provider_keys(catalog: Catalog, provider_id: str) -> list[str]:
    """A provider's file (pages show its logo by its address: only the logo unit reads it)."""
    return [relative(catalog, catalog.providers[provider_id].doc.path)]


def lab_keys(catalog: Catalog) -> list[str]:
    """Every lab's file (its name is shown wherever a model card's lab is)."""
    return [relative(catalog, lab.doc.path) for lab in catalog.labs.values()]


def sheet_reads(sheet: ModelSheet, site: Site) -> list[str]:
    """A model card's page and record: its card, its lab, and what it shows of each offer."""
    catalog = site.catalog
    keys = [
        relative(catalog, sheet.entry.doc.path), *lab_keys(catalog), *settings_keys(),
        *registry_keys(), f"members:model:{sheet.id}",
    ]  # fmt: skip
    keys += [f"offer:{row.page_id}" for row in sheet.offers]  # its grid row holds its link
    return keys


def model_reads(page: ModelPage, site: Site) -> list[str]:
    """What a model page and its JSON read beyond the theme: its card, provider, settings and
    registries, and what it shows of the pages it links to."""
    catalog = site.catalog
    keys = [
        relative(catalog, page.model.doc.path),
        *provider_keys(catalog, page.provider.id),
        *settings_keys(),
        *registry_keys(),
        f"newest:{page.provider.id}",
    ]
    for target in page.details.linked:
        keys += [f"link:{target.id}", f"regions:{target.model.id}"]
    if page.replacement_id is not None:
        keys += [f"link:{page.replacement_id}", f"regions:{page.model.card.replaced_by}"]
    if page.sheet is not None:
        # Inherited facts come from the model card; "Also offered by" shows the other offers.
        keys += [relative(catalog, page.sheet.entry.doc.path), *lab_keys(catalog)]
        keys += [f"members:model:{page.sheet.id}"]
        keys += [f"offer:{row.page_id}" for row in page.sheet.offers]
    return keys


def list_reads(site: Site, pages: Iterable[ModelPage], members: str) -> list[str]:
    """A list of pages: its members, each listed page's line, and whose names it shows."""
    keys = [f"members:{members}", *settings_keys(), *registry_keys()]
    keys += [f"line:{page.id}" for page in pages]
    return keys


def lines_reads(site: Site) -> list[str]:
    """The index: a line per model, and how many pages the site has."""
    keys = ["members:lines", "members:index", *settings_keys(), *registry_keys()]
    keys += [f"model-line:{line.id}" for line in site.lines]
    return keys


def chart_reads(points: list[ChartPoint], bench_id: str) -> list[str]:
    return [
        "members:charts",
        f"members:chart:{bench_id}",
        *registry_keys(),
        *(f"point:{point.id}" for point in points),
    ]


def all_providers(site: Site) -> list[str]:
    """The index names every provider and capability, with its count."""
    keys = ["members:providers"]
    for provider_id in site.providers:
        keys += [*provider_keys(site.catalog, provider_id), f"members:provider:{provider_id}"]
    keys += [f"members:capability:{cap}" for cap in site.capabilities]
    return keys


# --------------------------------------------------------------------------- key values


class Views:
    """The value of each key in one derived site (file keys apart: the engine hashes files)."""

    def __init__(self, site: Site, points: Points) -> None:
        self.site = site
        self.points = points
        self._pages: dict[str, ModelPage] | None = None
        self._charts: dict[str, list[ChartPoint]] | None = None
        self._lines: dict[str, ModelLine] | None = None

    @staticmethod
    def point(page: ModelPage) -> object:
        return _point(page)

    def page(self, page_id: str) -> ModelPage | None:
        if self._pages is None:
            self._pages = {page.id: page for page in self.site.pages}
        return self._pages.get(page_id)

    def value(self, key: str) -> object:
        kind, _, name = key.partition(":")
        if kind in _PAGE_VIEWS:
            page = self.page(name)
            return None if page is None else _PAGE_VIEWS[kind](page)
        if kind == "regions":
            context = self.site.pages[0].context if self.site.pages else None
            pages = context.by_model.get(name, []) if context else []
            return tuple(page.id for page in pages)
        if kind == "newest":
            return self._newest(name)
        if kind == "model-line":
            if self._lines is None:
                self._lines = {line.id: line for line in self.site.lines}
            return self._lines.get(name)
        if kind == "members":
            return self._members(name)
        raise ValueError(f"not a view key: {key}")

    def _newest(self, provider_id: str) -> object:
        context = self.site.pages[0].context if self.site.pages else None
        siblings = context.newest_models.get(provider_id, []) if context else []
        shown = self.site.catalog.settings.other_models_limit + 1  # the page's own may be one
        return len(siblings), tuple(pages[0].model.id for pages in siblings[:shown])

    def _members(self, name: str) -> object:
        site = self.site
        kind, _, rest = name.partition(":")
        if kind == "index":
            return tuple(page.id for page in site.index_order)
        if kind == "newest":
            return tuple(page.id for page in site.newest[:FEED_SIZE])
        if kind == "pages":
            return tuple(page.id for page in site.pages)
        if kind == "providers":
            return tuple(site.providers)
        if kind == "models":
            return tuple(site.models)
        if kind == "lines":
            return tuple(line.id for line in site.lines)
        if kind == "model":
            sheet = site.models.get(rest)
            return None if sheet is None else tuple(row.page_id for row in sheet.offers)
        if kind == "provider":
            provider = site.providers.get(rest)
            return None if provider is None else tuple(page.id for page in provider.pages)
        if kind == "capability":
            capability = site.capabilities.get(rest)
            return None if capability is None else tuple(page.id for page in capability.pages)
        if kind == "charts":
            return tuple((bench_id, len(points)) for bench_id, points in self.points)
        if kind == "chart":
            if self._charts is None:
                self._charts = dict(self.points)
            points = self._charts.get(rest)
            return None if points is None else tuple(point.id for point in points)
        raise ValueError(f"not a list: {name}")


def _line(page: ModelPage) -> object:
    """Everything a list row (templates/_table.html), the feed and a price bar show."""
    card, pricing = page.model.card, page.pricing
    return (
        page.name, page.url, page.canonical, card.status, page.provider.id, page.model.model_id,
        page.provider.file.name, page.region_id, page.geo, tuple(card.capabilities),
        card.context_window, card.max_output, pricing.input, pricing.output, page.added,
        page.context_text, page.max_output_text, page.input_text, page.output_text,
        tuple(badge.label for badge in page.badges),
    )  # fmt: skip


def _entry(page: ModelPage) -> object:
    """What the sitemap and api/index.json show of a page."""
    region = page.region.name if page.region else None
    return page.name, page.provider.id, page.provider.file.name, page.region_id, region


def _link(page: ModelPage) -> object:
    """What a link to the page shows (its label, address and note)."""
    region = page.region.name if page.region else None
    return page.name, page.url, page.region_id, region


def _point(page: ModelPage) -> object:
    """What the charts take from a page: its price, scores and geography (chart_points)."""
    scores = tuple((bench, score.score) for bench, score in page.model.card.benchmarks.items())
    return page.model.id, page.url, page.blended_price, scores, page.geo


def _offer(page: ModelPage) -> object:
    """What a model card's page and "Also offered by" show of an offer page."""
    return offer_row(page)


_PAGE_VIEWS = {"line": _line, "entry": _entry, "link": _link, "point": _point, "offer": _offer}


def _geographies(catalog: Catalog, entry: ModelEntry) -> set[str]:
    """The geographies of a card's pages, as derive places them (site.geography)."""
    provider = catalog.providers.get(entry.provider_id)
    if provider is None:
        return set()
    regions = provider.file.regions
    found = {
        geography(provider, regions.get(r) if r else None, entry.card)
        for r in entry.card.regions or [None]
    }
    return found - {""}


# The memberships any card's change can reach.
SHARED_KEYS = (
    "members:index", "members:newest", "members:pages", "members:charts", "members:models",
    "members:lines",
)  # fmt: skip


def entry_keys(catalog: Catalog, entries: Iterable[ModelEntry]) -> Iterator[str]:
    """Every key whose value a change to these cards (as they were, or are now) can change."""
    yield from SHARED_KEYS
    for entry in entries:
        yield from card_keys(catalog, entry)


def card_keys(catalog: Catalog, entry: ModelEntry) -> Iterator[str]:
    """The keys of one card that a change to it can reach, beyond :data:`SHARED_KEYS`: they
    follow from the card, its provider's file and the registries alone."""
    card = entry.card
    yield f"model-line:{entry.model_id}"
    yield relative(catalog, entry.doc.path)
    yield f"regions:{entry.id}"
    yield f"newest:{entry.provider_id}"
    yield f"members:provider:{entry.provider_id}"
    yield from (f"members:capability:{cap}" for cap in card.capabilities)
    for bench in card.benchmarks:
        yield f"members:chart:{bench}"
        # The chart of the cheapest offers in each geography the card's pages are in.
        for geo in _geographies(catalog, entry):
            yield f"members:chart:{paths.chart_key(bench, geo)}"
    if entry.base is not None:
        yield f"members:model:{entry.base.id}"
    for region_id in card.regions or [None]:
        page_id = paths.page_id(entry.id, region_id)
        yield from (f"{kind}:{page_id}" for kind in _PAGE_VIEWS)
