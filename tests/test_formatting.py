"""Every formatter, with the reference page's own figures among the cases."""

from datetime import date
from decimal import Decimal

import pytest

from catalog.derive import formatting as fmt


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1_047_576, "1.0M"),  # the reference's context window
        (32_768, "33K"),  # the reference's max output
        (200_000, "200K"),
        (8_192, "8K"),
        (1_500, "2K"),  # half up, not to even
        (999, "999"),
        (999_499, "999K"),
        (999_500, "1.0M"),  # never '1000K'
        (2_000_000, "2.0M"),
        (10_485_760, "10.5M"),
    ],
)
def test_tokens(count: int, text: str) -> None:
    assert fmt.tokens(count) == text


def test_unknown_tokens_are_a_dash_not_zero() -> None:
    assert fmt.tokens(None) == "—"


def test_round_tokens_for_labels() -> None:
    assert [fmt.round_tokens(n) for n in (100_000, 1_000_000, 10_000_000)] == ["100K", "1M", "10M"]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0.40", "$0.40"),
        ("1.6", "$1.60"),
        ("0.10", "$0.10"),
        ("0.056", "$0.0560"),
        ("0.56", "$0.56"),
        ("5.6", "$5.60"),
        ("0.075", "$0.0750"),
        ("0.375", "$0.375"),  # an exact price keeps its third decimal
        ("15", "$15.00"),
        ("0", "$0.00"),
        ("1234.5", "$1,234.50"),
        ("0.00001234", "$0.000012"),  # computed costs round half up at six decimals
        ("0.0000001", "<$0.000001"),
    ],
)
def test_money(amount: str, text: str) -> None:
    assert fmt.money(Decimal(amount)) == text


def test_unknown_money_is_a_dash_not_zero() -> None:
    assert fmt.money(None) == "—"


@pytest.mark.parametrize(
    ("tokens_in", "tokens_out", "text"),
    [(100_000, 10_000, "$0.0560"), (1_000_000, 100_000, "$0.56"), (10_000_000, 1_000_000, "$5.60")],
)
def test_reference_cost_table(tokens_in: int, tokens_out: int, text: str) -> None:
    total = fmt.add_costs(
        fmt.cost(Decimal("0.40"), tokens_in), fmt.cost(Decimal("1.60"), tokens_out)
    )
    assert fmt.money(total) == text


def test_cost_is_exact_decimal() -> None:
    assert fmt.cost(Decimal("0.40"), 100_000) == Decimal("0.04")
    assert fmt.add_costs(Decimal("0.1"), Decimal("0.2")) == Decimal("0.3")


def test_a_total_with_an_unknown_part_is_unknown() -> None:
    assert fmt.add_costs(Decimal(1), None) is None
    assert fmt.cost(None, 1000) is None


def test_words_estimate_is_honest() -> None:
    # The reference page claimed 1M tokens is "roughly 1,397 words".
    assert fmt.words_estimate(1_047_576) == 786_000
    assert fmt.words_estimate(32_768) == 24_600
    assert fmt.words_estimate(1_000) == 750


def test_share() -> None:
    assert fmt.share(Decimal("0.30"), Decimal("0.40")) == "75%"
    assert fmt.share(Decimal("1"), Decimal("8")) == "12.5%"


def test_percent_of_scale() -> None:
    assert fmt.percent_of_scale(Decimal("55.1"), Decimal(0), Decimal(100)) == "55.1"
    assert fmt.percent_of_scale(Decimal(1200), Decimal(800), Decimal(1600)) == "50.0"


def test_dates() -> None:
    assert fmt.long_date(date(2025, 4, 14)) == "Apr 14, 2025"
    assert fmt.month(date(2025, 4, 14)) == "2025-04"
    assert fmt.long_date(None) == "—"


def test_yes_no_unknown() -> None:
    assert [fmt.yes_no(v) for v in (True, False, None)] == ["Yes", "No", "—"]


def test_flags() -> None:
    assert fmt.flag("US") == "🇺🇸"
    assert fmt.flag("EU") == "🇪🇺"
    assert fmt.flag("UK") == "🇬🇧"
    assert fmt.flag("GLOBAL") == "🌐"
