"""Input that passed the check and then broke the output or the build (issue 12): characters
that are not text written as YAML escapes, numbers YAML 1.1 and 1.2 read differently, prices
with more places than the catalog keeps, scales without a length, Markdown that took minutes
to render. Each is a located error, ``path:line:col: field: message (expected …)``, or output
that is right.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog.derive import formatting as fmt
from catalog.errors import CatalogError, ValidationFailed
from catalog.read import load
from catalog.read.schema import MARKDOWN_PER_CARD, PRICE_PLACES
from catalog.render.charts import ChartPoint, price_score_chart
from catalog.render.pages import MarkdownRenderer
from catalog.write.pipeline import build, check, check_only
from tests.conftest import PROJECT
from tests.test_cli import run, snapshot

PEBBLE = "models/acme/pebble.yaml"
VALID = "name: Pebble\ndescription: A small model.\nadded: 2024-06-01\n"
CONTROL = "printable text: no control characters other than tab and line breaks"
SEPARATOR = "a line break written as a new line, not as U+2028 or U+2029"
BIDI = "text without U+202A–U+202E and U+2066–U+2069, which reorder the text around them"
NONCHARACTER = "text without Unicode noncharacters such as U+FFFE and U+FFFF"
MISREAD = (
    "a number written like 1000 or 0.0015, or with a dot and a signed exponent like 1.5e+3; "
    "quotes for text"
)
SEPARATORS = "a number without '_' separators, like 1000 or 0.0015, or quotes for text"
DECIMAL = "a decimal number, or quotes for text"


def errors(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        check_only(root, cache=False)
    return [str(e) for e in info.value.errors]


def pebble(root: Path, text: str) -> None:
    (root / "acme/pebble.yaml").write_text(text, encoding="utf-8")


def card(root: Path, model: str) -> Any:
    return next(m.card for m in check(root).models if m.id == model)


# --------------------------------------------------------------------------- characters


def test_the_escaped_control_characters_of_the_issue_are_a_located_error(
    catalog_dir: Path,
) -> None:
    # They passed the check and reached the pages, the JSON and feed.xml, which was then not
    # well-formed XML. The build now stops before writing anything.
    pebble(catalog_dir, VALID.replace("name: Pebble", r'name: "Roc\x01ket\x1b[31m\u0000"'))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:1:7: name: character 4 of the value is U+0001, a control character "
        f"(expected {CONTROL})"
    ]
    cwd = catalog_dir.parent
    result = run("build", "--out", "out", cwd=cwd)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{PEBBLE}:1:7: name: character 4 of the value is U+0001, a control character "
        f"(expected {CONTROL})",
        "1 error(s) in 1 file(s); nothing was written",
    ]
    assert not (cwd / "out").exists()


@pytest.mark.parametrize(
    ("escape", "code", "kind", "expected"),
    [
        (r"\e", "U+001B", "a control character", CONTROL),
        (r"\0", "U+0000", "a control character", CONTROL),
        (r"\r", "U+000D", "a control character", CONTROL),
        (r"\x7f", "U+007F", "a control character", CONTROL),
        (r"\x85", "U+0085", "a control character", CONTROL),
        (r"\N", "U+0085", "a control character", CONTROL),
        (r"\x9b", "U+009B", "a control character", CONTROL),
        (r"\u2028", "U+2028", "a line separator", SEPARATOR),
        (r"\P", "U+2029", "a paragraph separator", SEPARATOR),
        (r"\u202e", "U+202E", "a bidirectional embedding, override or isolate", BIDI),
        (r"\u2067", "U+2067", "a bidirectional embedding, override or isolate", BIDI),
        (r"\uFFFE", "U+FFFE", "a noncharacter", NONCHARACTER),
        (r"\U0010FFFF", "U+10FFFF", "a noncharacter", NONCHARACTER),
    ],
)
def test_each_kind_of_character_that_is_not_text(
    catalog_dir: Path, escape: str, code: str, kind: str, expected: str
) -> None:
    pebble(catalog_dir, VALID.replace("name: Pebble", f'name: "Peb{escape}ble"'))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:1:7: name: character 4 of the value is {code}, {kind} (expected {expected})"
    ]


def test_every_file_the_loader_reads_is_checked_and_keys_too(catalog_dir: Path) -> None:
    # Cards, provider files, registries and site.yaml all pass through load.parse; so do keys
    # (printed escaped, so that the error line cannot be forged). Tabs and line feeds are text.
    def replace(name: str, old: str, new: str) -> None:
        path = catalog_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    replace("site.yaml", "pricing_note: No markup.", r'pricing_note: "No\x07 markup."')
    replace("benchmarks.yaml", "  category: composite\n", '  category: composite\n  "\\x1bx": 1\n')
    replace("capabilities.yaml", "label: Vision", r'label: "Vi\u202esion"')
    replace("acme/provider.yaml", "name: Acme AI", r'name: "Acme\x00 AI"')
    pebble(catalog_dir, VALID + 'faq:\n  - {question: Why?, answer: "a\\tb\\n\\nc\\u2029"}\n')
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:30: faq[0].answer: character 7 of the value is U+2029, a paragraph "
        f"separator (expected {SEPARATOR})",
        "models/acme/provider.yaml:1:7: name: character 5 of the value is U+0000, a control "
        f"character (expected {CONTROL})",
        "models/benchmarks.yaml:8:3: elo.\\x1bx: character 1 of the key is U+001B, a control "
        f"character (expected {CONTROL})",
        "models/capabilities.yaml:1:17: vision.label: character 3 of the value is U+202E, a "
        f"bidirectional embedding, override or isolate (expected {BIDI})",
        "models/site.yaml:5:15: pricing_note: character 3 of the value is U+0007, a control "
        f"character (expected {CONTROL})",
    ]
    pebble(catalog_dir, VALID + 'faq:\n  - {question: Why?, answer: "a\\tb\\n\\nc"}\n')
    replace("site.yaml", r"No\x07 markup.", "No markup.")
    replace("benchmarks.yaml", '  "\\x1bx": 1\n', "")
    replace("capabilities.yaml", r"Vi\u202esion", "Vision")
    replace("acme/provider.yaml", r"Acme\x00 AI", "Acme AI")
    assert card(catalog_dir, "acme/pebble").faq[0].answer == "a\tb\n\nc"


def test_a_key_with_a_control_character_in_a_nested_mapping(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + 'pricing: {"in\\x1bput": 1}\n')
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:11: pricing.in\\x1bput: character 3 of the key is U+001B, a control "
        f"character (expected {CONTROL})"
    ]


def test_a_control_character_behind_an_explicit_tag_or_an_alias(catalog_dir: Path) -> None:
    # !!timestamp is text to catalog too; an alias is the anchored value, located at its anchor.
    pebble(catalog_dir, VALID.replace("name: Pebble", r'name: !!timestamp "2025\e"'))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:1:7: name: character 5 of the value is U+001B, a control character "
        f"(expected {CONTROL})"
    ]
    pebble(catalog_dir, VALID + 'faq:\n  - {question: &q "Why\\x01?", answer: *q}\n')
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:16: faq[0].question: character 4 of the value is U+0001, a control "
        f"character (expected {CONTROL})"
    ]


# --------------------------------------------------------------------------- YAML 1.1 and 1.2

# YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), which editors
# read cards with: what each plain scalar is to them.
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_CORE_SPECIAL = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def yaml_1_2(text: str) -> object:
    if _CORE_INT.fullmatch(text):
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        return Decimal(int(text[2:] if base != 10 else text, base))
    if _CORE_FLOAT.fullmatch(text):
        return Decimal(text)
    if _CORE_SPECIAL.fullmatch(text):
        return Decimal(text.replace(".", "").replace("inf", "Infinity").lower().capitalize())
    return text


PLAIN_SCALARS = [
    "0b101", "-0b101", "1_000", "1_000.5", "0x1_F", "-0x1F", "+0x1F", "-.5", "+.5", "09", "-09",
    "0x1F", "+12", "-12", ".5", "1.", "-1.", "1.5e+3", ".5e-3", "00.5", "0", "-0", "+0", "0.0",
    "-.inf", "+.inf", ".inf", ".NaN", ".nan", "1:30.5", "1:30", "0777", "1e3", "0o17", "1.5E+3",
]  # fmt: skip


def test_every_number_is_read_as_yaml_1_2_reads_it_or_refused() -> None:
    # 0b101 and 1_000 were 5 and 1000 to catalog and text to an editor; -.5 and 09 were text to
    # catalog ("remove the quotes", said the schema about quotes that were not there) and
    # numbers to an editor. Now every plain scalar that looks like a number means the same to
    # both, or is refused with the reason.
    differ = []
    for text in PLAIN_SCALARS:
        try:
            ours = load.parse(f"x: {text}\n", "x.yaml")["x"]
        except CatalogError:
            continue
        theirs = yaml_1_2(text)
        same = (
            isinstance(ours, (int, Decimal))
            and isinstance(theirs, Decimal)
            and (Decimal(ours) == theirs or (theirs.is_nan() and Decimal(ours).is_nan()))
        )
        if not same:
            differ.append(f"{text}: {ours!r} to catalog, {theirs!r} to YAML 1.2")
    assert differ == []


@pytest.mark.parametrize(
    ("written", "message", "expected"),
    [
        ("0b101", "0b101 is the binary number 5 to YAML 1.1 but text to YAML 1.2", DECIMAL),
        ("-0b101", "-0b101 is the binary number -5 to YAML 1.1 but text to YAML 1.2", DECIMAL),
        ("1_000", "1_000 is the number 1000 to YAML 1.1 but text to YAML 1.2", SEPARATORS),
        ("1_000.5", "1_000.5 is the number 1000.5 to YAML 1.1 but text to YAML 1.2", SEPARATORS),
        ("0x1_F", "0x1_F is the number 31 to YAML 1.1 but text to YAML 1.2", SEPARATORS),
        ("-0x1F", "-0x1F is the hexadecimal number -31 to YAML 1.1 but text to YAML 1.2", DECIMAL),
        ("+0x1F", "+0x1F is the hexadecimal number 31 to YAML 1.1 but text to YAML 1.2", DECIMAL),
        ("-.5", "-.5 is text to YAML 1.1, not the number it looks like", MISREAD),
        ("09", "09 is text to YAML 1.1, not the number it looks like", MISREAD),
    ],
)
def test_numbers_yaml_1_1_and_1_2_read_differently_are_refused(
    catalog_dir: Path, written: str, message: str, expected: str
) -> None:
    pebble(catalog_dir, VALID + f"context_window: {written}\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:17: context_window: {message} (expected {expected})"
    ]


# --------------------------------------------------------------------------- prices


def test_a_price_with_more_places_than_the_catalog_keeps_is_refused(catalog_dir: Path) -> None:
    # The issue's price of 30 decimals was shown as $0.123457 and sent to JSON as a float.
    assert PRICE_PLACES == 6
    pebble(
        catalog_dir,
        VALID + "pricing:\n  input: 0.123456789012345678901234567891\n  output: 0.0000001\n"
        "  cache_read: 0.1000000\nregions:\n  eu-west: {pricing: {output: 1.0000005}}\n",
    )
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:10: pricing.input: 0.123456789012345678… (32 characters) has 30 decimal "
        "places; a price has at most 6 (expected USD per 1M input tokens, e.g. 0.40)",
        f"{PEBBLE}:6:11: pricing.output: 0.0000001 has 7 decimal places; a price has at most 6 "
        "(expected USD per 1M output tokens)",
        f"{PEBBLE}:9:31: regions.eu-west.pricing.output: 1.0000005 has 7 decimal places; a price "
        "has at most 6 (expected USD per 1M output tokens)",
    ]


def test_negative_zero_and_exponents_are_plain_numbers(catalog_dir: Path, tmp_path: Path) -> None:
    # -0.0 was shown "$-0.00" and "-0.0%"; a score of 1.5e+1 "1.5E+1%" and a price of 1.5e+1
    # "1.5E+1" in the JSON-LD. They are normalized, not refused: the value is the one written.
    pebble(
        catalog_dir,
        VALID + "pricing: {input: -0.0, output: 1.5e+1}\n"
        "benchmarks:\n  mmlu-pro: {score: 1.5e+1, source: https://x.example/}\n"
        "  elo: {score: 1.2e+3, source: https://x.example/}\n",
    )
    pricing = card(catalog_dir, "acme/pebble").pricing
    assert (str(pricing.input), str(pricing.output)) == ("0.0", "15")
    build(catalog_dir, tmp_path / "out")
    page = (tmp_path / "out/models/acme/pebble.html").read_text(encoding="utf-8")
    assert "-0" not in page and "E+" not in page
    assert "<dd>$0.00</dd>" in page and "<dd>$15.00</dd>" in page
    assert '"price": "0.0"' in page and '"price": "15"' in page
    assert "15%" in page and "1200 on Arena Elo" in page


def test_prices_and_costs_reach_json_with_every_digit(catalog_dir: Path, tmp_path: Path) -> None:
    # float() wrote 1000000000000.0 for 999999999999.999999 and 5e-05 for a cost of 0.00005.
    pebble(
        catalog_dir,
        VALID + "pricing: {input: 999999999999.999999, output: 0.000005, cache_read: 0.123456}\n",
    )
    site = catalog_dir / "site.yaml"
    site.write_text(site.read_text().replace("output_tokens: 10000}", "output_tokens: 10}"))
    build(catalog_dir, tmp_path / "out")
    text = (tmp_path / "out/api/models/acme/pebble.json").read_text(encoding="utf-8")
    assert '"pricing": {"input": 999999999999.999999, "output": 0.000005, ' in text
    assert '"cache_write": null, "cache_read": 0.123456, "cache_write_1h": null' in text
    assert '"per_search": null, "source": null, "tiers": [], "batch": null' in text
    record = json.loads(text, parse_float=Decimal)
    assert record["costs"][0]["cost"] == Decimal("99999999999.99999990005")
    assert re.findall(r"[:,\[] *-?[0-9.]+[eE][-+]?[0-9]+", text) == []  # no number with an exponent


def test_every_price_in_every_api_file_of_the_starter_site_is_the_cards_decimal(
    starter_site: Path,
) -> None:
    # A guard for the starter catalog (its prices fit in a float's 15 digits, so this held
    # before too): every price and score in api/*.json reads back as the card's Decimal.
    catalog = check(PROJECT / "models")
    cards = {m.id: m.card for m in catalog.models}
    seen = 0
    for path in sorted((starter_site / "api").rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        records = document.get("models", [document]) if "version" in document else [document]
        if path.parts[-3:-1] == ("api", "labs") or path.parent.parent.name == "labs":
            continue  # a model card's record: its offers' prices are checked in their own files
        for record in records:
            if "pricing" not in record:
                continue  # api/index.json: a line per page, no prices
            model_id, _, region = record["id"].partition("@")
            offer = (cards[model_id].regions or {}).get(region) if region else None
            override = offer.pricing if offer and offer.pricing else None
            for key, value in record["pricing"].items():
                if key == "tiers":
                    stated = (
                        override.tiers if override and "tiers" in override.model_fields_set
                        else cards[model_id].pricing.tiers
                    )  # fmt: skip
                    assert [t["above"] for t in value] == [t.above for t in stated]
                    for tier, card_tier in zip(value, stated, strict=True):
                        for price in ("input", "output", "cache_read", "cache_write"):
                            if getattr(card_tier, price) is not None:
                                assert Decimal(tier[price]) == getattr(card_tier, price)
                                assert not isinstance(tier[price], float)
                                seen += 1
                    continue
                if key in ("batch", "flex", "priority"):
                    stated_variant = getattr(override, key, None) if override else None
                    stated_variant = stated_variant or getattr(cards[model_id].pricing, key)
                    assert (value is None) == (stated_variant is None), (path, key)
                    for price, number in (value or {}).items():
                        want = getattr(stated_variant, price)
                        assert (number is None and want is None) or Decimal(number) == want
                        seen += number is not None
                    continue
                expected = getattr(override, key, None) if override else None
                if expected is None:
                    expected = getattr(cards[model_id].pricing, key)
                assert (value is None and expected is None) or (
                    Decimal(value) == expected and not isinstance(value, float)
                ), (path, record["id"], key)
                seen += value is not None
            for bench in record["benchmarks"]:
                assert Decimal(bench["score"]) == cards[model_id].benchmarks[bench["id"]].score
    assert seen > 100


# --------------------------------------------------------------------------- what builds rely on


def test_a_benchmark_scale_without_a_length_is_refused_by_check(catalog_dir: Path) -> None:
    # min == max passed the check; the chart then divided by zero: "internal error", exit 70.
    cwd = catalog_dir.parent
    assert run("build", "--out", "out", cwd=cwd).returncode == 0
    before = snapshot(cwd / "out")
    benchmarks = catalog_dir / "benchmarks.yaml"
    text = benchmarks.read_text().replace("max: 1600", "max: 800")
    benchmarks.write_text(text + "flat:\n  name: Flat\n  category: coding\n  description: D.\n"
                          "  max: 0\nupside:\n  name: Upside\n  category: coding\n"
                          "  description: D.\n  min: 10\n  max: 5\n")  # fmt: skip
    for name in ("rocket", "pebble"):
        path = catalog_dir / f"acme/{name}.yaml"
        text = path.read_text()
        if "benchmarks:" not in text:
            text += "benchmarks:\n"
        path.write_text(
            text.replace("benchmarks:\n", "benchmarks:\n  elo: {score: 800, source: https://x.example/}\n")
            + ("pricing: {input: 1, output: 2}\n" if "pricing" not in text else "")
        )  # fmt: skip
    result = run("build", "--out", "out", cwd=cwd)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "models/benchmarks.yaml:10:8: elo.max: 800 is not above the scale's min of 800 "
        "(expected the highest possible score)",
        "models/benchmarks.yaml:16:8: flat.max: 0 is not above the scale's min of 0 "
        "(expected the highest possible score)",
        "models/benchmarks.yaml:22:8: upside.max: 5 is not above the scale's min of 10 "
        "(expected the highest possible score)",
        "3 error(s) in 1 file(s); nothing was written",
    ]
    assert "internal error" not in result.stderr
    assert snapshot(cwd / "out") == before


def test_chart_ticks_on_a_small_scale_are_written_out() -> None:
    # A scale of 0 to 0.000001 (valid) had its ticks labelled 2E-7%, 4E-7%, ...
    points = [
        ChartPoint("a", "A", "a.html", Decimal(1), Decimal("0.0000002")),
        ChartPoint("b", "B", "b.html", Decimal(2), Decimal("0.0000008")),
    ]
    svg = price_score_chart(
        points, chart_id="c", benchmark="Tiny", unit="%", low=Decimal(0),
        high=Decimal("0.000001"), price_label="Price",
    )  # fmt: skip
    ticks = re.findall(r'class="tick tick-y"[^>]*>([^<]*)<', svg)
    assert ticks == ["0%", "0.0000002%", "0.0000004%", "0.0000006%", "0.0000008%", "0.000001%"]


def test_a_cost_keeps_every_digit_of_the_largest_price_and_token_count() -> None:
    # 999,999,999,999.999999 × 999,999,999,999 has 30 digits: the default context kept 28.
    price, tokens = Decimal("999999999999.999999"), 999_999_999_999
    exact = Decimal("999999999998999999.000000000001")
    assert fmt.cost(price, tokens) == exact
    total = fmt.add_costs(fmt.cost(price, tokens), fmt.cost(price, tokens))
    assert total == Decimal("1999999999997999998.000000000002")


# --------------------------------------------------------------------------- Markdown


def test_a_card_with_more_markdown_than_a_card_may_hold_is_refused(catalog_dir: Path) -> None:
    # The issue's card: 95 KB of '[' over the description and four answers, each under the
    # 20,000 of a field, took 198 s to build. A card holds at most 40,000 characters of Markdown.
    assert MARKDOWN_PER_CARD == 40_000
    brackets = "[" * 19_000
    faq = "".join(f"  - question: Q{i}?\n    answer: '{brackets}{i}'\n" for i in range(4))
    pebble(catalog_dir, VALID.replace("A small model.", f"'{brackets}'") + "faq:\n" + faq)
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:3: faq: the description and the FAQ answers hold 95,004 characters of "
        "Markdown; a card holds at most 40,000 (expected extra questions and answers)"
    ]
    # At the limit, a field of 20,000 each, it is a card like any other.
    brackets = "[" * 20_000
    faq = f"  - question: Why?\n    answer: '{brackets}'\n"
    pebble(catalog_dir, VALID.replace("A small model.", f"'{brackets}'") + "faq:\n" + faq)
    assert len(card(catalog_dir, "acme/pebble").faq[0].answer) == MARKDOWN_PER_CARD // 2


class TooMuchWork(Exception):
    pass


def python_events(function: Callable[[], object], budget: int) -> int:
    """How many Python-level events (calls, lines, returns) ``function`` runs: an operation
    count that is the same on every machine, unlike a time. Stops at ``budget``."""
    count = 0

    def tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        if count > budget:
            raise TooMuchWork
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)  # type: ignore[arg-type]
    try:
        function()
    except TooMuchWork:
        pass
    finally:
        sys.settrace(previous)
    return count


# Each pattern repeated is a worst case of some Markdown parser: brackets that never close
# (Python-Markdown scanned to the end of the text from each one), emphasis and code markers,
# raw HTML, entities, quotes and lists nested deep, tables, links and images begun.
PATHOLOGICAL = [
    "[", "![", "[![", "](", "[a](", "*", "_", "*a", "`", "`a", "<", "<a ", "&", "&#", ">", "> ",
    "- ", "|", "a\n", "- a\n",
]  # fmt: skip
EVENTS_PER_CHARACTER = 1_500  # the worst measured is 1,222 ("![")


@pytest.mark.parametrize("unit", PATHOLOGICAL, ids=[repr(u) for u in PATHOLOGICAL])
def test_markdown_rendering_does_work_in_proportion_to_the_text(unit: str) -> None:
    # Timed tests are not allowed here, so the work is counted. Python-Markdown took 38 s for
    # 20,000 '[' (quadratic: 1,000 took 0.1 s, 4,000 1.6 s). The renderer now does at most
    # EVENTS_PER_CHARACTER Python events a character, whatever the size: about 12 µs a
    # character on this kind of machine, under half a second for a card's 40,000.
    small, large = 1_000, 4_000
    budget = EVENTS_PER_CHARACTER * large

    def events(size: int) -> int:
        text = (unit * size)[:size]
        return python_events(lambda: MarkdownRenderer()(text), budget)

    at_small, at_large = events(small), events(large)
    assert at_large <= budget
    assert at_large <= 4.6 * at_small  # linear: 4 times the text, 4 times the work (+ setup)


def test_a_region_input_below_the_cards_cache_read_is_a_located_error(catalog_dir: Path) -> None:
    # Passed the check before: the FAQ then said "-25% less than regular input".
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("pricing: {input: 2.75}", "pricing: {input: 1}"))
    assert errors(catalog_dir) == [
        "models/acme/rocket.yaml:17:22: regions.eu-west.pricing.input: $1 is below the "
        "cache-read price $1.25 (expected a cache-read price ≤ the input price)"
    ]


def test_a_catalog_without_cards_builds(catalog_dir: Path, tmp_path: Path) -> None:
    # Passed the check, then the build failed in templates/api.html ('None' has no attribute).
    for path in catalog_dir.glob("acme/*.yaml"):
        if path.name != "provider.yaml":
            path.unlink()
    build(catalog_dir, tmp_path / "site")
    api = (tmp_path / "site/api/index.html").read_text(encoding="utf-8")
    assert "The catalog has no model yet." in api
    assert json.loads((tmp_path / "site/api/models.json").read_text())["count"] == 0
