"""Charts drawn at build time as inline SVG, so they read without JavaScript.

Pure functions over exact values: no I/O, no templates. Every figure shown goes through
``catalog.derive.formatting`` so a price reads the same in a chart as everywhere else, every chart
names itself to assistive technology (title, desc, aria-labelledby) and repeats its numbers
in a table, and nothing uses a ``style`` attribute: the site's Content-Security-Policy forbids
inline styles, so all presentation lives in ``static/charts.css``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from catalog.derive import formatting as fmt

WIDTH = 640
MAX_TICKS = 9  # more 1-2-5 ticks than this crowd the axis; thin to powers of ten instead
_MANTISSAS = (1, 2, 5)


@dataclass(frozen=True)
class ChartPoint:
    """One model on the price-score chart; ``url`` is relative to the site root."""

    id: str
    label: str
    url: str
    price: Decimal
    score: Decimal

    def __post_init__(self) -> None:
        # A log axis has no place for a free (or negative) price: fail loudly, not with a
        # math error deep in the drawing code.
        if self.price <= 0:
            raise ValueError(f"{self.id}: price must be > 0 on a log scale, got {self.price}")


@dataclass(frozen=True)
class PriceRow:
    """One model's input and output prices per 1M tokens; ``None`` means unknown, never $0."""

    label: str
    url: str
    input: Decimal | None
    output: Decimal | None


def frontier(points: Iterable[ChartPoint]) -> set[str]:
    """Ids of the points no other point beats on both price and score.

    A point is dominated when another costs no more and scores no less, and is strictly better
    on one of the two. Sorting by price makes this O(n log n): walking prices upwards, a point
    survives only if it has the best score at its price and beats every strictly cheaper score.
    Identical points do not dominate each other, so both stay.
    """
    ordered = sorted(points, key=lambda p: (p.price, -p.score))
    result: set[str] = set()
    best_cheaper: Decimal | None = None
    i = 0
    while i < len(ordered):
        price = ordered[i].price
        top = ordered[i].score  # the best score at this price, thanks to the sort
        j = i
        while j < len(ordered) and ordered[j].price == price:
            point = ordered[j]
            if point.score == top and (best_cheaper is None or top > best_cheaper):
                result.add(point.id)
            j += 1
        best_cheaper = top if best_cheaper is None else max(best_cheaper, top)
        i = j
    return result


def _power(mantissa: int, exponent: int) -> Decimal:
    # Decimal(10) ** -2 is 0.01 and 10 ** 2 is 100: plain notation, never '2E+1'.
    return Decimal(mantissa) * Decimal(10) ** exponent


def log_ticks(lowest: Decimal, highest: Decimal) -> list[Decimal]:
    """1-2-5 ticks ($0.10, $0.20, $0.50, $1…) from the last at or below ``lowest`` to the first
    at or above ``highest``, so the axis spans every point; thinned to powers of ten when the
    data covers so many decades that 1-2-5 ticks would overlap."""
    exponents = range(lowest.adjusted(), highest.adjusted() + 2)
    grid = [(m, e) for e in exponents for m in _MANTISSAS]
    values = [_power(m, e) for m, e in grid]
    first = max(i for i, v in enumerate(values) if v <= lowest)
    last = min(i for i, v in enumerate(values) if v >= highest)
    if first == last:  # every price equal to one tick: widen so the axis has a length
        last += 1
    if last - first + 1 > MAX_TICKS:
        first = max(i for i in range(first + 1) if grid[i][0] == 1)
        last = min(i for i in range(last, len(grid)) if grid[i][0] == 1)
        return [values[i] for i in range(first, last + 1) if grid[i][0] == 1]
    return values[first : last + 1]


def _nice_step(span: Decimal, parts: int) -> Decimal:
    """The smallest 1-2-5 step that cuts ``span`` into at most ``parts`` pieces."""
    rough = span / parts
    return min(
        v
        for e in (rough.adjusted(), rough.adjusted() + 1)
        for m in _MANTISSAS
        if (v := _power(m, e)) >= rough
    )


def _linear_ticks(low: Decimal, high: Decimal, parts: int = 5) -> list[Decimal]:
    step = _nice_step(high - low, parts)
    k = int((low / step).to_integral_value(rounding=ROUND_CEILING))
    ticks = []
    while (value := Decimal(k) * step) <= high:
        # normalized: 0 × 2E-7 is 0E-7 and 5 × 2E-7 is 1.0E-6, labelled "0%" and "0.000001%"
        ticks.append(value.normalize())
        k += 1
    return ticks


def _n(value: Decimal) -> str:
    """A coordinate with two decimals: fixed width keeps the output byte-identical."""
    return f"{value:.2f}"


def _line(cls: str, x1: Decimal, y1: Decimal, x2: Decimal, y2: Decimal) -> str:
    return f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"/>'


def _text(cls: str, x: Decimal, y: Decimal, content: str) -> str:
    """Text escaped here, once, since labels come from contributors' YAML."""
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}">{escape(content)}</text>'


def _open_svg(chart_id: str, height: int, title: str, desc: str) -> str:
    cid = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{cid}-title {cid}-desc">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )


def _figure(
    svg: str, caption: str, table_caption: str, head: Sequence[str], rows: list[str]
) -> str:
    """The figure around a chart: a caption (first: HTML allows it only first or last), the SVG,
    and the same numbers as a table for anyone who cannot see or hover the marks."""
    header = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (
        f'<figure class="chart"><figcaption>{escape(caption)}</figcaption>{svg}'
        f"<details><summary>Data table</summary>"
        f'<table class="chart-data"><caption>{escape(table_caption)}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"</details></figure>"
    )


def _model_cell(root: str, url: str, label: str) -> str:
    return f'<th scope="row"><a href="{escape(root + url)}">{escape(label)}</a></th>'


# Plot area of the scatter chart inside its viewBox.
_LEFT, _RIGHT, _TOP, _BOTTOM = Decimal(64), Decimal(WIDTH - 32), Decimal(16), Decimal(340)
_SCATTER_HEIGHT = 392


# Thousands of points share a few hundred prices, and Decimal's log10 is slow: a chart of 6,000
# points spent half its time there. Both depend on the price's value alone (money() normalizes;
# equal Decimals have equal logarithms), so 0.40 and 0.4 may share a cache entry.
_log10 = functools.lru_cache(maxsize=1 << 16)(Decimal.log10)
_money = fmt.money  # cached there


_POINTS: dict[tuple[object, ...], tuple[str, str, str]] = {}
_POINTS_MAX = 1 << 18


def _point(
    p: ChartPoint,
    on: bool,
    x: Callable[[Decimal], Decimal],
    y: Callable[[Decimal], Decimal],
    root: str,
    unit: str,
    benchmark: str,
) -> tuple[str, str, str]:
    """A point's coordinates ("x,y"), its mark and its table row."""
    cx, cy = _n(x(p.price)), _n(y(p.score))
    tip = (
        f"{p.label}: {_money(p.price)} per 1M tokens, {fmt.score(p.score, unit)} "
        f"on {benchmark}" + (", on the frontier" if on else "")
    )
    mark = (
        f'<a href="{escape(root + p.url)}" data-id="{escape(p.id)}">'
        f'<circle class="{"frontier" if on else "point"}" cx="{cx}" cy="{cy}" '
        f'r="{6 if on else 4}"><title>{escape(tip)}</title></circle></a>'
    )
    row = (
        f"<tr>{_model_cell(root, p.url, p.label)}<td>{escape(_money(p.price))}</td>"
        f"<td>{escape(fmt.score(p.score, unit))}</td><td>{fmt.yes_no(on)}</td></tr>"
    )
    return f"{cx},{cy}", mark, row


def price_score_chart(
    points: Sequence[ChartPoint],
    *,
    chart_id: str,
    benchmark: str,
    unit: str,
    low: Decimal,
    high: Decimal,
    price_label: str,
    root: str = "",
) -> str:
    """A scatter of score against price (log axis, since prices span orders of magnitude) with
    the price-performance frontier joined up; "" when there is nothing to compare."""
    if len(points) < 2:
        return ""
    if high <= low:
        raise ValueError(f"{benchmark}: scale high ({high}) must exceed low ({low})")
    best = frontier(points)
    ordered = sorted(points, key=lambda p: (p.price, -p.score, p.id))
    ticks = log_ticks(ordered[0].price, max(p.price for p in ordered))
    log_lo, log_hi = ticks[0].log10(), ticks[-1].log10()

    def x(price: Decimal) -> Decimal:
        return _LEFT + (_log10(price) - log_lo) / (log_hi - log_lo) * (_RIGHT - _LEFT)

    def y(value: Decimal) -> Decimal:
        share = min(max((value - low) / (high - low), Decimal(0)), Decimal(1))
        return _BOTTOM - share * (_BOTTOM - _TOP)

    parts: list[str] = []
    for tick in ticks:
        parts.append(_line("grid", x(tick), _TOP, x(tick), _BOTTOM))
        parts.append(_text("tick tick-x", x(tick), _BOTTOM + 18, fmt.money(tick)))
    for tick in _linear_ticks(low, high):
        parts.append(_line("grid", _LEFT, y(tick), _RIGHT, y(tick)))
        parts.append(_text("tick tick-y", _LEFT - 8, y(tick) + 4, fmt.score(tick, unit)))
    parts.append(_line("axis", _LEFT, _BOTTOM, _RIGHT, _BOTTOM))
    parts.append(_line("axis", _LEFT, _TOP, _LEFT, _BOTTOM))
    title_x = f"{price_label}, USD per 1M tokens (log scale)"
    parts.append(_text("axis-title", (_LEFT + _RIGHT) / 2, _SCATTER_HEIGHT - 10, title_x))
    parts.append(
        f'<text class="axis-title" transform="rotate(-90)" '
        f'x="{_n(-(_TOP + _BOTTOM) / 2)}" y="16">{escape(benchmark)} score</text>'
    )

    # A point's mark and table row depend on the point, the axes and the chart's words alone:
    # kept across drawings, so redrawing a chart where one model moved (the preview server)
    # formats one point, not thousands.
    axes = (root, unit, benchmark, log_lo, log_hi, low, high)
    if len(_POINTS) > _POINTS_MAX:
        _POINTS.clear()
    drawn = []
    for p in ordered:
        key = (axes, p, p.id in best)
        known = _POINTS.get(key)
        if known is None:
            known = _POINTS[key] = _point(p, p.id in best, x, y, root, unit, benchmark)
        drawn.append((p, known))
    line = " ".join(coords for p, (coords, _, _) in drawn if p.id in best)
    marks = {True: [f'<polyline class="frontier-line" points="{line}"/>'], False: []}
    for p, (_, mark, _) in drawn:
        marks[p.id in best].append(mark)
    parts += marks[False] + marks[True]  # frontier drawn last so it is never hidden

    count = fmt.number(len(best))
    title = f"{benchmark} score against {price_label}"
    desc = (
        f"Scatter plot of {fmt.number(len(ordered))} models. Horizontal axis: "
        f"{price_label} in USD per 1M tokens, on a logarithmic scale. Vertical axis: "
        f"{benchmark} score from {fmt.score(low, unit)} to {fmt.score(high, unit)}. "
        f"{count} {'model is' if len(best) == 1 else 'models are'} on the frontier."
    )
    svg = _open_svg(chart_id, _SCATTER_HEIGHT, title, desc) + "".join(parts) + "</svg>"
    rows = [row for _, (_, _, row) in drawn]
    caption = (
        f"{title}. Larger filled points are on the frontier: no other model is both at "
        f"least as cheap and at least as good. {count} of {fmt.number(len(ordered))}."
    )
    head = ("Model", f"{price_label} (per 1M tokens)", f"{benchmark} score", "Frontier")
    return _figure(svg, caption, title, head, rows)


# Layout of the bar chart: a legend on top, then per row a label line and two bars.
_BAR_X, _BAR_END = Decimal(8), Decimal(WIDTH - 120)
_LEGEND, _ROW, _BAR = 36, 52, 12


def price_bars(rows: Sequence[PriceRow], *, chart_id: str, title: str, root: str = "") -> str:
    """Input and output prices side by side per model on one linear scale, so a provider's
    models compare at a glance; an unknown price gets no bar and a "—", never a $0 bar."""
    if not rows:
        return ""
    known = [v for r in rows for v in (r.input, r.output) if v is not None and v > 0]
    highest = max(known, default=Decimal(1))
    step = _nice_step(highest, 4)
    ticks = [step * k for k in range(int((highest / step).to_integral_value(ROUND_CEILING)) + 1)]
    top = ticks[-1]
    height = _LEGEND + _ROW * len(rows) + 28
    axis_y = Decimal(_LEGEND + _ROW * len(rows))

    def x(value: Decimal) -> Decimal:
        return _BAR_X + value / top * (_BAR_END - _BAR_X)

    parts = [
        f'<rect class="bar-input" x="8" y="10" width="14" height="{_BAR}"/>'
        f'<text class="legend" x="28" y="21">Input</text>'
        f'<rect class="bar-output" x="98" y="10" width="14" height="{_BAR}"/>'
        f'<text class="legend" x="118" y="21">Output</text>'
    ]
    for tick in ticks:
        parts.append(_line("grid", x(tick), Decimal(_LEGEND), x(tick), axis_y))
        parts.append(_text("tick tick-x", x(tick), axis_y + 18, fmt.money(tick)))
    for i, row in enumerate(rows):
        base = _LEGEND + _ROW * i
        label = _text("bar-label", _BAR_X, Decimal(base + 14), row.label)
        parts.append(f'<a href="{escape(root + row.url)}">{label}</a>')
        for j, (kind, value) in enumerate((("input", row.input), ("output", row.output))):
            bar_y = base + 20 + j * (_BAR + 2)
            text = f"{kind.capitalize()} {fmt.money(value)}"
            if value is not None:
                tip = f"{row.label}: {kind} {fmt.money(value)} per 1M tokens"
                parts.append(
                    f'<rect class="bar-{kind}" x="{_n(_BAR_X)}" y="{bar_y}" '
                    f'width="{_n(x(value) - _BAR_X)}" height="{_BAR}">'
                    f"<title>{escape(tip)}</title></rect>"
                )
            end = x(value) if value is not None else _BAR_X
            parts.append(_text("bar-value", end + 6, Decimal(bar_y + _BAR - 2), text))
    parts.append(_line("axis", _BAR_X, axis_y, _BAR_END, axis_y))
    desc = (
        f"Horizontal bar chart of input and output prices in USD per 1M tokens for "
        f"{fmt.number(len(rows))} models, two bars per model: input first, then output. "
        f"A price that is not known has no bar and reads {fmt.UNKNOWN}."
    )
    svg = _open_svg(chart_id, height, title, desc) + "".join(parts) + "</svg>"
    table = [
        f"<tr>{_model_cell(root, r.url, r.label)}<td>{escape(fmt.money(r.input))}</td>"
        f"<td>{escape(fmt.money(r.output))}</td></tr>"
        for r in rows
    ]
    head = ("Model", "Input (per 1M tokens)", "Output (per 1M tokens)")
    return _figure(svg, f"{title}, USD per 1M tokens.", title, head, table)
