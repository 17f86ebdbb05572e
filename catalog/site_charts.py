"""The site's charts: which models each chart shows, drawn by catalog.charts as SVG at build time.

Index and compare pages show price against score for each benchmark with at least two priced,
scored models, the most widely scored first; provider pages show their models' prices.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.charts import ChartPoint, PriceRow, price_bars, price_score_chart
from catalog.derive import ProviderPage, Site


@dataclass(frozen=True)
class Chart:
    title: str
    html: str


def price_score_charts(site: Site, root: str = "") -> list[Chart]:
    points: dict[str, list[ChartPoint]] = {bench_id: [] for bench_id in site.catalog.benchmarks}
    for page in site.pages:
        if page.blended_price is None or page.blended_price <= 0:
            continue
        for bench_id, score in page.model.card.benchmarks.items():
            points[bench_id].append(
                ChartPoint(page.id, page.id, page.url, page.blended_price, score.score)
            )
    ranked = sorted(points.items(), key=lambda item: (-len(item[1]), item[0]))
    charts = []
    for bench_id, bench_points in ranked:
        bench = site.catalog.benchmarks[bench_id]
        html = price_score_chart(
            bench_points,
            chart_id=f"chart-{bench_id}",
            benchmark=bench.name,
            unit=bench.unit,
            low=bench.min,
            high=bench.max,
            price_label="Blended price per 1M tokens (USD, log scale)",
            root=root,
        )
        if html:
            charts.append(Chart(f"{bench.name} ({len(bench_points)} models)", html))
    return charts


def provider_price_chart(provider: ProviderPage, root: str) -> str:
    rows = [PriceRow(p.id, p.url, p.pricing.input, p.pricing.output) for p in provider.pages]
    return price_bars(
        rows,
        chart_id=f"prices-{provider.id}",
        title=f"{provider.entry.provider.name}: input and output price per 1M tokens",
        root=root,
    )
