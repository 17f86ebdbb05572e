"""The site's charts: which models each chart shows, drawn by catalog.render.charts as SVG at
build time.

Each benchmark with at least two priced, scored models gets a chart page of price against
score; the index and the compare page show the most widely scored one and link the others (all
of them inline would make the index megabytes at catalog scale). Provider pages show their
models' prices side by side.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from catalog.derive import paths
from catalog.derive.models import offer_rank
from catalog.derive.site import ModelPage, ProviderPage, Site
from catalog.render.charts import ChartPoint, PriceRow, price_bars, price_score_chart


@dataclass
class Chart:
    """A chart's title and page; its SVG is drawn when first asked for (each holds thousands of
    points at catalog scale, and most pages only link to it)."""

    benchmark_id: str  # the chart's key (paths.chart_key): benchmark, or benchmark@GEOGRAPHY
    title: str
    url: str  # the chart's own page
    draw: Callable[[], str] = field(repr=False, compare=False)

    @property
    def benchmark(self) -> str:
        return paths.chart_parts(self.benchmark_id)[0]

    @property
    def geography(self) -> str:
        """The geography whose offers the chart prices, "" for offers anywhere."""
        return paths.chart_parts(self.benchmark_id)[1]

    @functools.cached_property
    def html(self) -> str:
        return self.draw()


def _cheapest_points(
    pages: list[ModelPage], benchmarks: Iterable[str]
) -> dict[str, list[ChartPoint]]:
    """Per benchmark, a point per model at the cheapest of these pages (the lab's own where
    prices tie), scored models only."""
    cheapest: dict[str, ModelPage] = {}
    for page in pages:
        if page.blended_price is None or page.blended_price <= 0:
            continue
        best = cheapest.get(page.model.model_id)
        if best is None or offer_rank(page) < offer_rank(best):
            cheapest[page.model.model_id] = page
    points: dict[str, list[ChartPoint]] = {bench_id: [] for bench_id in benchmarks}
    for model_id, page in cheapest.items():
        for bench_id, score in page.model.card.benchmarks.items():
            points[bench_id].append(
                ChartPoint(page.id, model_id, page.url, page.blended_price, score.score)
            )
    return points


def chart_points(site: Site) -> list[tuple[str, list[ChartPoint]]]:
    """Per benchmark with at least two models, the most widely scored first, its points; then
    per benchmark and geography, the points of each model's cheapest offer there.

    A model has one score but many prices (its regions, and the offers of a model card at every
    provider): it is drawn once, at its cheapest offer (the lab's own where prices tie), so a
    chart of thousands of pages stays a chart of models and no point hides another. A visitor
    whose data must stay in the EU asks what the cheapest offer there costs: each geography
    with two or more models of its own gets a chart (``bench@EU``), unless its points are the
    same as the chart's for offers anywhere.
    """
    benchmarks = list(site.catalog.benchmarks)
    anywhere = _cheapest_points(site.pages, benchmarks)
    ranked = sorted(anywhere.items(), key=lambda item: (-len(item[1]), item[0]))
    charts = [(bench_id, points) for bench_id, points in ranked if len(points) > 1]
    by_geo: dict[str, list[ModelPage]] = {}
    for page in site.pages:
        if page.geo:
            by_geo.setdefault(page.geo, []).append(page)
    regional = {geo: _cheapest_points(pages, benchmarks) for geo, pages in sorted(by_geo.items())}
    for bench_id, points in list(charts):
        for geo, per_bench in regional.items():
            here = per_bench[bench_id]
            if len(here) > 1 and here != points:
                charts.append((paths.chart_key(bench_id, geo), here))
    return charts


def draw(site: Site, key: str, points: list[ChartPoint], root: str) -> Chart:
    bench_id, geo = paths.chart_parts(key)
    bench = site.catalog.benchmarks[bench_id]

    def svg() -> str:
        return price_score_chart(
            points,
            chart_id=f"chart-{bench_id}" + (f"-{geo.lower()}" if geo else ""),
            benchmark=bench.name,
            unit=bench.unit,
            low=bench.min,
            high=bench.max,
            price_label="Blended price per 1M tokens (USD, log scale)",
            root=root,
        )

    where = f", cheapest offer in {geo}" if geo else ""
    return Chart(key, f"{bench.name}{where} ({len(points)} models)", paths.chart_url(key), svg)


def provider_price_chart(provider: ProviderPage, root: str) -> str:
    rows = [PriceRow(p.id, p.url, p.pricing.input, p.pricing.output) for p in provider.pages]
    return price_bars(
        rows,
        chart_id=f"prices-{provider.id}",
        title=f"{provider.entry.file.name}: input and output price per 1M tokens",
        root=root,
    )
