"""Build-time SVG charts: the frontier, the markup's accessibility and safety, determinism."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from catalog.derive.models import offer_rank
from catalog.derive.site import derive
from catalog.render.chart_pages import chart_points
from catalog.render.charts import (
    ChartPoint,
    PriceRow,
    frontier,
    log_ticks,
    price_bars,
    price_score_chart,
)
from catalog.write.pipeline import check
from tests.conftest import PROJECT

SVG_NS = "{http://www.w3.org/2000/svg}"


def point(pid: str, price: str, score: str, label: str | None = None) -> ChartPoint:
    return ChartPoint(pid, label or pid, f"models/{pid}.html", Decimal(price), Decimal(score))


def chart(points: list[ChartPoint], **kwargs: object) -> str:
    options: dict[str, object] = {
        "chart_id": "mmlu",
        "benchmark": "MMLU",
        "unit": "%",
        "low": Decimal(0),
        "high": Decimal(100),
        "price_label": "Blended price",
    }
    options.update(kwargs)
    return price_score_chart(points, **options)  # type: ignore[arg-type]


def svg_of(html: str) -> ET.Element:
    """The SVG part must be well-formed XML on its own."""
    match = re.search(r"<svg\b.*</svg>", html, re.DOTALL)
    assert match, "no <svg> element"
    return ET.fromstring(match.group(0))


def brute_frontier(points: list[ChartPoint]) -> set[str]:
    return {
        p.id
        for p in points
        if not any(
            q.price <= p.price and q.score >= p.score and (q.price < p.price or q.score > p.score)
            for q in points
        )
    }


SAMPLE = [
    point("a/cheap", "0.10", "40"),
    point("a/mid", "0.40", "60"),
    point("a/dominated", "0.50", "55"),  # a/mid is cheaper and better
    point("a/best", "10", "90"),
    point("a/pricey-worse", "15", "85"),
]


# --- frontier -------------------------------------------------------------------------------


def test_frontier_drops_dominated_points() -> None:
    assert frontier(SAMPLE) == {"a/cheap", "a/mid", "a/best"}


def test_identical_points_do_not_dominate_each_other() -> None:
    twins = [point("x", "1", "50"), point("y", "1", "50"), point("z", "2", "50")]
    assert frontier(twins) == {"x", "y"}  # z costs more for the same score


def test_same_price_lower_score_is_dominated() -> None:
    assert frontier([point("hi", "1", "70"), point("lo", "1", "60")]) == {"hi"}


def test_same_score_higher_price_is_dominated() -> None:
    assert frontier([point("cheap", "1", "70"), point("dear", "3", "70")]) == {"cheap"}


def test_single_cheapest_and_best_dominates_all() -> None:
    points = [point("star", "0.1", "99"), point("b", "0.2", "50"), point("c", "5", "98")]
    assert frontier(points) == {"star"}


def test_cheapest_and_best_are_both_on_frontier() -> None:
    points = [point("cheap", "0.1", "10"), point("best", "50", "95"), point("meh", "60", "20")]
    assert frontier(points) == {"cheap", "best"}


def test_frontier_uses_exact_decimals() -> None:
    # 0.1 + 0.2 != 0.3 in floats; equal Decimals written differently still tie.
    points = [point("a", "0.30", "50.0"), point("b", "0.3", "50")]
    assert frontier(points) == {"a", "b"}
    assert frontier([point("a", "0.3000001", "50"), point("b", "0.3", "50")]) == {"b"}


def test_frontier_matches_brute_force_on_random_points() -> None:
    rng = random.Random(7)
    for _ in range(200):
        points = [
            point(f"m{i}", str(rng.choice([1, 2, 3, 5, 8])), str(rng.randint(0, 6)))
            for i in range(rng.randint(1, 12))
        ]
        assert frontier(points) == brute_frontier(points)


def test_frontier_of_nothing_is_empty() -> None:
    assert frontier([]) == set()


def test_price_must_be_positive_for_a_log_axis() -> None:
    with pytest.raises(ValueError, match="must be > 0"):
        point("free", "0", "50")


# --- log ticks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("0.10", "10", ["0.1", "0.2", "0.5", "1", "2", "5", "10"]),
        ("0.15", "1.6", ["0.1", "0.2", "0.5", "1", "2"]),
        ("0.35", "0.35", ["0.2", "0.5"]),
        ("1", "1", ["1", "2"]),  # one price exactly on a tick still gets an axis with a length
        ("0.0001", "100", ["0.0001", "0.001", "0.01", "0.1", "1", "10", "100"]),  # thinned
    ],
)
def test_log_ticks(low: str, high: str, expected: list[str]) -> None:
    assert log_ticks(Decimal(low), Decimal(high)) == [Decimal(v) for v in expected]


def test_log_ticks_are_1_2_5_ascending_and_cover_the_data() -> None:
    rng = random.Random(3)
    for _ in range(100):
        a, b = sorted(Decimal(rng.randint(1, 10**6)) / 10**4 for _ in range(2))
        ticks = log_ticks(a, b)
        assert ticks[0] <= a and ticks[-1] >= b
        assert all(x < y for x, y in pairwise(ticks))
        assert {t.scaleb(-t.adjusted()).normalize() for t in ticks} <= {1, 2, 5}
        assert len(ticks) <= 9


def test_chart_tick_labels_in_order() -> None:
    tree = svg_of(chart(SAMPLE))
    labels = [t.text for t in tree.iter(f"{SVG_NS}text") if "tick-x" in t.get("class", "")]
    assert labels == ["$0.10", "$0.20", "$0.50", "$1.00", "$2.00", "$5.00", "$10.00", "$20.00"]
    xs = [float(t.get("x", "")) for t in tree.iter(f"{SVG_NS}text") if t.text in labels]
    assert xs == sorted(xs)
    # A log scale: each decade is the same width.
    assert xs[3] - xs[0] == pytest.approx(xs[6] - xs[3], abs=0.02)


# --- price_score_chart ----------------------------------------------------------------------


def test_nothing_to_chart_gives_empty_string() -> None:
    assert chart([]) == ""
    assert chart([point("only", "1", "50")]) == ""


def test_one_focusable_link_per_point_with_title_and_data_id() -> None:
    tree = svg_of(chart(SAMPLE, root="../"))
    links = list(tree.iter(f"{SVG_NS}a"))
    assert len(links) == len(SAMPLE)
    assert {a.get("data-id") for a in links} == {p.id for p in SAMPLE}
    assert {a.get("href") for a in links} == {f"../models/{p.id}.html" for p in SAMPLE}
    for a in links:
        circle = a.find(f"{SVG_NS}circle")
        assert circle is not None
        title = circle.find(f"{SVG_NS}title")
        assert title is not None and title.text and "$" in title.text and "%" in title.text


def test_frontier_class_count_and_line() -> None:
    html = chart(SAMPLE)
    tree = svg_of(html)
    classes = [c.get("class") for c in tree.iter(f"{SVG_NS}circle")]
    assert classes.count("frontier") == len(frontier(SAMPLE)) == 3
    assert classes.count("point") == 2
    lines = [p for p in tree.iter(f"{SVG_NS}polyline") if p.get("class") == "frontier-line"]
    assert len(lines) == 1
    xs = [float(pair.split(",")[0]) for pair in lines[0].get("points", "").split()]
    assert len(xs) == 3 and xs == sorted(xs)
    assert "3 models are on the frontier" in html


def test_svg_is_labelled_by_title_and_desc() -> None:
    tree = svg_of(chart(SAMPLE))
    assert tree.get("aria-labelledby") == "mmlu-title mmlu-desc"
    assert tree.get("role") is None  # it holds links, so it is not a single image
    assert tree.get("viewBox")
    title, desc = tree.find(f"{SVG_NS}title"), tree.find(f"{SVG_NS}desc")
    assert title is not None and title.get("id") == "mmlu-title"
    assert desc is not None and desc.get("id") == "mmlu-desc"
    assert "logarithmic" in (desc.text or "")


def test_no_inline_styles() -> None:
    bars = price_bars([PriceRow("A", "a.html", Decimal(1), None)], chart_id="b", title="P")
    for html in (chart(SAMPLE), bars):
        assert "style=" not in html
        assert "<style" not in html


def test_labels_are_escaped() -> None:
    evil = [point("e/1", "1", "50", "<b>x</b>"), point("e/2\"'", "2", "60", "a & b")]
    html = chart(evil) + price_bars(
        [PriceRow("<b>x</b>", "x.html?a=1&b=2", Decimal(1), Decimal(2))], chart_id="b", title="<i>"
    )
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "a &amp; b" in html
    assert "x.html?a=1&amp;b=2" in html
    svg_of(chart(evil))  # still well-formed


def test_table_has_one_row_per_point() -> None:
    html = chart(SAMPLE)
    table = re.search(r'<table class="chart-data">.*?</table>', html, re.DOTALL)
    assert table and "<caption>" in table.group(0)
    body = re.search(r"<tbody>(.*)</tbody>", table.group(0), re.DOTALL)
    assert body
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1))
    assert len(rows) == len(SAMPLE)
    assert sum("<td>Yes</td>" in r for r in rows) == 3
    assert sum("<td>No</td>" in r for r in rows) == 2
    assert any("$0.40" in r and "60%" in r for r in rows)
    assert "<details><summary>Data table</summary>" in html
    # figcaption may only be a figure's first or last child.
    assert html.startswith('<figure class="chart"><figcaption>')


def test_output_is_deterministic_and_order_independent() -> None:
    assert chart(SAMPLE) == chart(SAMPLE)
    assert chart(SAMPLE) == chart(list(reversed(SAMPLE)))


def test_scores_outside_the_scale_stay_inside_the_plot() -> None:
    tree = svg_of(chart([point("a", "1", "-5"), point("b", "2", "140")]))
    ys = [float(c.get("cy", "")) for c in tree.iter(f"{SVG_NS}circle")]
    _, _, _, height = (float(v) for v in tree.get("viewBox", "").split())
    assert all(0 < y < height for y in ys)


def test_bad_scale_is_refused() -> None:
    with pytest.raises(ValueError):
        chart(SAMPLE, low=Decimal(100), high=Decimal(100))


def test_thousands_of_points() -> None:
    # Speed is measured by `make bench`, never by a timed test; this checks the output at scale.
    rng = random.Random(1)
    many = [
        point(f"m{i}", str(Decimal(rng.randint(1, 10**6)) / 10**4), str(rng.randint(0, 1000) / 10))
        for i in range(5000)
    ]
    html = chart(many)
    assert html.count("<a href=") == 2 * len(many)  # one in the svg, one in the table
    assert html.count('class="frontier"') == len(frontier(many))


# --- price_bars -----------------------------------------------------------------------------

ROWS = [
    PriceRow("Mini", "models/a/mini.html", Decimal("0.40"), Decimal("1.60")),
    PriceRow("Preview", "models/a/preview.html", None, Decimal("3")),
    PriceRow("Unpriced", "models/a/unpriced.html", None, None),
]


def bars(rows: list[PriceRow] = ROWS) -> str:
    return price_bars(rows, chart_id="prices", title="Prices of a's models", root="../")


def test_price_bars_empty_gives_empty_string() -> None:
    assert bars([]) == ""


def test_unknown_prices_get_a_dash_and_no_bar() -> None:
    tree = svg_of(bars())
    rects = [r for r in tree.iter(f"{SVG_NS}rect") if r.find(f"{SVG_NS}title") is not None]
    assert len(rects) == 3  # 2 for Mini, 1 for Preview, 0 for Unpriced (legend swatches aside)
    assert all(float(r.get("width", "")) > 0 for r in rects)
    values = [t.text for t in tree.iter(f"{SVG_NS}text") if t.get("class") == "bar-value"]
    assert values == [
        "Input $0.40",
        "Output $1.60",
        "Input —",
        "Output $3.00",
        "Input —",
        "Output —",
    ]
    assert "$0.00</td>" not in bars()


def test_price_bars_scale_and_table() -> None:
    html = bars()
    tree = svg_of(html)
    assert tree.get("aria-labelledby") == "prices-title prices-desc"
    widths = {
        r.findtext(f"{SVG_NS}title"): float(r.get("width", ""))
        for r in tree.iter(f"{SVG_NS}rect")
        if r.find(f"{SVG_NS}title") is not None
    }
    assert widths["Mini: output $1.60 per 1M tokens"] == pytest.approx(
        4 * widths["Mini: input $0.40 per 1M tokens"], abs=0.02
    )
    links = [a.get("href") for a in tree.iter(f"{SVG_NS}a")]
    assert links == [f"../{r.url}" for r in ROWS]
    assert {"bar-input", "bar-output"} <= {r.get("class") for r in tree.iter(f"{SVG_NS}rect")}
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html)
    assert len(rows) == len(ROWS)
    assert rows[2].count("<td>—</td>") == 2
    assert bars() == bars()


# --------------------------------------------------------------------------- charts by geography


def test_a_geography_chart_draws_each_model_at_its_cheapest_offer_there(
    starter_site: Path,
) -> None:

    site = derive(check(PROJECT / "models"))
    charts = dict(chart_points(site))
    pages = {page.id: page for page in site.pages}
    eu = charts["aider-polyglot@EU"]
    assert len(eu) >= 2 and eu != charts["aider-polyglot"]
    for point in eu:
        page = pages[point.id]
        assert page.geo == "EU"  # an offer in the EU: a region there, or an EU profile
        rivals = [
            p
            for p in site.pages
            if p.model.model_id == page.model.model_id and p.geo == "EU" and p.blended_price
        ]
        assert min(rivals, key=offer_rank) is page  # the cheapest there
    assert len({point.label for point in eu}) == len(eu)  # one point per model
    # A model with no offer in the EU is not on its chart.
    anywhere = {point.label for point in charts["aider-polyglot"]}
    assert {point.label for point in eu} < anywhere
    # The chart pages link each other, and the EU chart says what it shows.
    html = (starter_site / "charts/aider-polyglot@eu.html").read_text()
    assert "<h1>Price against Aider Polyglot, cheapest offer in EU (" in html
    assert '<strong aria-current="page">EU</strong>' in html
    assert '<a href="../charts/aider-polyglot.html">anywhere</a>' in html
    plain = (starter_site / "charts/aider-polyglot.html").read_text()
    assert '<a href="../charts/aider-polyglot@eu.html">EU</a>' in plain
    # The index lists each benchmark once, not its geography charts.
    index = (starter_site / "index.html").read_text()
    assert "charts/aider-polyglot.html" in index and "@eu.html" not in index


def test_a_provider_based_in_the_eu_is_in_the_eu_geography() -> None:

    site = derive(check(PROJECT / "models"))
    mistral = [page for page in site.pages if page.provider.id == "mistral"]
    assert mistral and {page.geo for page in mistral} == {"EU"}  # Mistral AI, based in FR
    eu_profile = next(
        p for p in site.pages if p.id == "amazon-bedrock/eu.anthropic.claude-sonnet-4-6"
    )
    assert eu_profile.geo == "EU" and [place.code for place in eu_profile.location] == ["US", "EU"]
