"""A source's values made into values a card holds: exact numbers within the catalog's limits,
real calendar dates, text without control characters, https URLs. What had to change is
reported; what cannot be made valid is None (left out), never a guess.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from catalog.authoring.cardtext import plain
from catalog.importers.report import (
    CONTROL_DROPPED,
    FLOAT_NOISE,
    NUMBER_OUT_OF_RANGE,
    PRICE_BELOW_PLACES,
    PRICE_ROUNDED,
    TEXT_CUT,
    Report,
)
from catalog.importers.summary import show
from catalog.read import load, schema

# --------------------------------------------------------------------------- numbers

_SIGNIFICANT = 15  # a binary double holds 15 significant decimal digits; the rest is noise
PRICE_PLACES = schema.PRICE_PLACES
# Below this a number is noise or an attack: 1e-999999999 would underflow our arithmetic.
_SMALLEST_EXPONENT = -30


@dataclass(frozen=True)
class TooLong:
    """A number of the source that cannot be read exactly (over 40 digits, or an exponent past
    what Decimal holds); JSON's parse hooks return it instead of failing the whole file."""

    text: str

    def __str__(self) -> str:
        return number_text(self)


def number_text(value: Any) -> str:
    """A source number as a message shows it: in full unless it is very long."""
    text = value.text if isinstance(value, TooLong) else str(value)
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text):,} characters)"


def json_int(text: str) -> int | TooLong:
    # Python refuses to read over 4,300 digits (a ValueError that would end the whole file)
    return int(text) if len(text.lstrip("-")) <= 40 else TooLong(text)


def json_decimal(text: str) -> Decimal | TooLong:
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent of more than 18 digits
        return TooLong(text)


def number(value: Any, where: str, report: Report | None) -> Decimal | int | None:
    """``value`` when it is a number a card can hold, else None. What is not a number at all
    (text, a boolean, a table) is None silently, as before; a number out of range (not finite,
    10^12 or more in size, nonzero below 10^-30, too long to read) is None and reported (when a
    ``report`` is given), so that nothing later overflows, signals or is refused by check."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | TooLong):
        return None
    if isinstance(value, Decimal) and value.is_finite():
        if not value or _SMALLEST_EXPONENT <= value.adjusted() < 12:
            return value
    elif isinstance(value, int) and abs(value) < load.MAX_NUMBER:
        return value
    if report is not None:
        report.normalize(NUMBER_OUT_OF_RANGE, f"{where}: {number_text(value)}")
    return None


def price(value: Decimal | int, where: str, report: Report) -> Decimal | int | None:
    """A price in USD per 1M tokens as a card holds it: float noise rounded away, then at most
    :data:`PRICE_PLACES` decimal places (rounded, reported); a price that is 0 only by that
    rounding, or too large, is left out rather than shown as free or refused by check."""
    checked = number(value, where, report)
    if checked is None or isinstance(checked, int):
        return checked
    value = denoise(checked, report, where)
    if value.normalize().as_tuple().exponent >= -PRICE_PLACES:  # type: ignore[operator]
        return value
    rounded = value.quantize(Decimal(1).scaleb(-PRICE_PLACES), rounding=ROUND_HALF_EVEN)
    if not rounded and value:
        report.normalize(PRICE_BELOW_PLACES, f"{where}: {plain(value)}")
        return None
    rounded = rounded.normalize()
    report.normalize(PRICE_ROUNDED, f"{where}: {plain(value)} → {plain(rounded)}")
    return rounded


def denoise(value: Decimal | int, report: Report, where: str) -> Decimal | int:
    """Round binary-float noise (0.39999999999999997, 2.9000000000000004) to the shortest decimal
    a double really holds: 15 significant digits, trailing zeros dropped; report each one."""
    if isinstance(value, int) or not value.is_finite():
        return value
    exact = value.normalize()
    if len(exact.as_tuple().digits) <= _SIGNIFICANT:
        return value
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - _SIGNIFICANT + 1)).normalize()
    report.normalize(FLOAT_NOISE, f"{where}: {plain(exact)} → {plain(rounded)}")
    return rounded


# --------------------------------------------------------------------------- dates

_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def date_text(value: Any) -> str | None:
    """Source dates as text (TOML may give datetime.date for unquoted dates)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def real_day(text: str | None) -> str | None:
    """``text`` if it is a real YYYY-MM-DD calendar date, else None."""
    if text is None or not _DAY_RE.match(text):
        return None
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def real_month(text: str | None) -> str | None:
    """YYYY-MM of a real YYYY-MM or YYYY-MM-DD date, else None."""
    match = _MONTH_RE.match(text) if text else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return f"{year}-{month}"


# --------------------------------------------------------------------------- text

_TEXT_MAX = 500  # catalog.read.schema.Text: a longer name is refused by check


def _is_control(ch: str, multiline: bool) -> bool:
    """A character no written text may hold: what ``catalog check`` refuses in every value
    (catalog.read.load.NOT_TEXT), line breaks and tabs in a one-line value, and lone surrogates (a
    JSON "\\ud800", a file name that is not UTF-8), which UTF-8 cannot even write."""
    if ch in "\n\t":
        return not multiline
    return load.NOT_TEXT.match(ch) is not None or unicodedata.category(ch) == "Cs"


def clean_text(text: str, where: str, report: Report, *, multiline: bool = False) -> str:
    """``text`` without control characters, reported when there were any. A one-line value
    (a name) keeps none; a multi-line text (a description) keeps line breaks and tabs, which a
    YAML block holds as they are, and drops the rest (a CR of CRLF included)."""
    if text.isprintable():
        return text
    kept = "".join(ch for ch in text if not _is_control(ch, multiline))
    if kept != text:
        report.normalize(CONTROL_DROPPED, f"{where}: {show(text)}")
    return kept


def clean_name(text: str, where: str, report: Report, fallback: str) -> str:
    """A name as a card holds it: no control characters, at most 500 characters, not empty
    (``fallback`` when nothing is left)."""
    text = clean_text(text, where, report)
    if len(text) > _TEXT_MAX:
        report.normalize(TEXT_CUT, f"{where}: {len(text):,} characters")
        text = text[: _TEXT_MAX - 1] + "…"
    return text if text.strip() else fallback


_HTTPS_URL = re.compile(r"^https://\S+$")


def https_url(value: Any) -> bool:
    r"""Whether ``value`` is a URL a card holds (catalog.read.schema.Url): https://, no white space,
    at most 500 characters, and printable (``\S`` lets ESC and NUL through)."""
    return (
        isinstance(value, str)
        and len(value) <= 500
        and value.isprintable()
        and bool(_HTTPS_URL.match(value))
    )


def modalities(
    sides: dict[str, tuple[str, Any]], where: str, report: Report, kind: str
) -> dict[str, list[str]] | None:
    """A source's input and output modalities as a card's, in the schema's order: ``sides``
    maps "input" and "output" to (the source's key, its values). None when a side is missing or
    empty, or holds a kind a card cannot (reported as ``kind``, naming the key)."""
    found: dict[str, list[str]] = {}
    for side, (key, values) in sides.items():
        if not isinstance(values, list) or not values:
            return None
        known = schema.MODALITY_KINDS[side]
        if any(value not in known for value in values):
            report.unrepresented(kind, f"{where}: {key} {show(values)}")
            return None
        found[side] = [k for k in known if k in values]
    return found
