"""Formatting rules shared by every page, feed and JSON file: one rule per kind of figure.

Pure functions over exact values; nothing here reads files or knows about templates.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

MILLION = Decimal(1_000_000)
UNKNOWN = "—"

# Costs are computed without rounding: a price (at most 12 digits before the point and 6 after)
# times a token count (at most 12 digits) has up to 30 digits, more than the default context's
# 28, and JSON carries the cost as computed. 60 digits hold a sum of such costs exactly.
_EXACT = Context(prec=60)

# A typical figure for English prose with OpenAI-style tokenizers (OpenAI's own rule of thumb:
# 100 tokens ≈ 75 words). Said on the page so the estimate is honest about being one.
WORDS_PER_TOKEN = Decimal("0.75")


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=1 << 14)  # every page formats the same few counts
def tokens(count: int | None) -> str:
    """Token counts in the reference's style: 1,047,576 → '1.0M', 32,768 → '33K', 512 → '512'."""
    if count is None:
        return UNKNOWN
    value = Decimal(count)
    if count < 1000:
        return str(count)
    thousands = _round(value / 1000, 0)
    if thousands < 1000:
        return f"{thousands}K"
    return f"{_round(value / MILLION, 1)}M"


def parameters(count: int) -> str:
    """A parameter count as labs publish it: 117,000,000,000 → '117B', 5,100,000,000 → '5.1B',
    560,000,000 → '560M' (one decimal where it is not zero)."""
    for size, unit in ((10**12, "T"), (10**9, "B"), (10**6, "M")):
        if count >= size:
            shown = _round(Decimal(count) / size, 1)
            return f"{shown:f}".removesuffix(".0") + unit
    return f"{count:,}"


def round_tokens(count: int) -> str:
    """Token counts in labels, where round numbers read better without '.0': 10,000,000 → '10M'."""
    text = tokens(count)
    return text.replace(".0M", "M")


# A catalog repeats a few hundred prices and costs across tens of thousands of pages; the result
# depends on the amount's value alone (it is normalized first), so 0.40 and 0.4 may share an entry.
@functools.lru_cache(maxsize=1 << 16)
def money(amount: Decimal | None) -> str:
    """The one rule for US dollars, prices and costs alike.

    Two decimals from $0.10 up and four below, so small costs keep their significant digits
    ($0.0560, $0.56, $5.60); more decimals only where the exact amount has them ($0.075 stays
    $0.075, never $0.08), up to six, beyond which a computed cost is rounded half up.
    """
    if amount is None:
        return UNKNOWN
    minimum = 2 if amount == 0 or abs(amount) >= Decimal("0.10") else 4
    exponent = amount.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    places = min(max(minimum, needed), 6)
    value = _round(amount, places)
    if value != amount and places == 6 and value == 0:
        return "<$0.000001"
    return f"${value:,.{places}f}"


def cost(price_per_million: Decimal | None, token_count: int) -> Decimal | None:
    """Exact cost of ``token_count`` tokens at a price per 1M tokens; unknown stays unknown."""
    if price_per_million is None:
        return None
    return _EXACT.divide(_EXACT.multiply(price_per_million, token_count), MILLION)


def add_costs(*parts: Decimal | None) -> Decimal | None:
    """A total is only known when every part is."""
    total = Decimal(0)
    for part in parts:
        if part is None:
            return None
        total = _EXACT.add(total, part)
    return total


def number(count: int) -> str:
    return f"{count:,}"


def words_estimate(token_count: int) -> int:
    """Roughly how many English words fit: three significant figures, never false precision."""
    words = int(_round(Decimal(token_count) * WORDS_PER_TOKEN, 0))
    if words < 1000:
        return words
    step = 10 ** (len(str(words)) - 3)
    return (words + step // 2) // step * step


def score(value: Decimal, unit: str) -> str:
    # Written out, never with an exponent: a chart's ticks on a scale of 0 to 0.000001 are
    # computed as 2E-7, which str() would print as such.
    return f"{value:f}{unit}"


def percent_of_scale(value: Decimal, low: Decimal, high: Decimal) -> str:
    """Where a score sits on its scale, 0–100 with one decimal (an SVG bar's width)."""
    share = (value - low) / (high - low) * 100 if high > low else Decimal(0)
    return str(_round(share, 1))


def share(part: Decimal, whole: Decimal) -> str:
    """A share as a percentage for sentences: '75%', '87.5%'."""
    value = _round(part / whole * 100, 1)
    return f"{value.to_integral_value() if value == value.to_integral_value() else value}%"


def long_date(day: date | None) -> str:
    """'Apr 14, 2025', as on the reference page."""
    return f"{day:%b} {day.day}, {day.year}" if day else UNKNOWN


def month(day: date | None) -> str:
    return f"{day:%Y-%m}" if day else UNKNOWN


def yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else ("Yes" if value else "No")


_GEOGRAPHY_SYMBOL = {"GLOBAL": "🌐", "APAC": "🌏", "LATAM": "🌎", "ME": "🌍", "AF": "🌍"}
_FLAG_CODE = {"UK": "GB"}


def flag(code: str) -> str:
    """Flag emoji for a country or geography code ('EU' has one too); a globe for wider areas."""
    if code in _GEOGRAPHY_SYMBOL:
        return _GEOGRAPHY_SYMBOL[code]
    code = _FLAG_CODE.get(code, code)
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)
