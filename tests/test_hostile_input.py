"""Bad and hostile cards, case by case: every one ends in located errors, each printed as
``path:line:col: field: message (expected …)``, or in safe output; never in a traceback.

A few cases run ``catalog check`` or ``catalog build`` as a real process (what a pull request's
CI runs); the rest call the pipeline. The limits a file is read within are in catalog/read/load.py.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.derive.paths import capability_url, chart_url, logo_url, page_url, provider_url
from catalog.errors import CatalogError, UsageError, ValidationFailed
from catalog.read import gate, load
from catalog.write.pipeline import build, check, check_only, check_options
from tests.conftest import FIXTURES, PROJECT, errors_of
from tests.test_cli import run, snapshot

PEBBLE = "models/acme/pebble.yaml"
VALID = "name: Pebble\ndescription: A small model.\nadded: 2024-06-01\n"
ID_RULE = "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
DEVICE_NAMES = (
    "a name other than con, prn, aux, nul, com0–com9 and lpt0–lpt9, with or without an extension"
)
MISREAD = (
    "a number written like 1000 or 0.0015, or with a dot and a signed exponent like 1.5e+3; "
    "quotes for text"
)
NUMBER = "a number between -999,999,999,999 and 999,999,999,999"


def errors(root: Path) -> list[str]:
    """Every error of a check, each asserted to be located."""
    with pytest.raises(ValidationFailed) as info:
        check_only(root, cache=False)
    for error in info.value.errors:
        assert error.path and error.line >= 1 and error.col >= 1 and error.message, error
        assert "Traceback" not in str(error)
    return [str(e) for e in info.value.errors]


def pebble(root: Path, text: str | bytes) -> None:
    path = root / "acme/pebble.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def assert_clean_failure(result: object, lines: list[str]) -> None:
    """A process that failed the way a user should see it: exit 1, exactly these lines."""
    assert result.returncode == 1, result.stderr  # type: ignore[attr-defined]
    assert result.stderr.splitlines() == lines  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    assert "internal error" not in result.stderr  # type: ignore[attr-defined]


def test_limits_are_as_documented() -> None:
    assert load.MAX_BYTES == 262_144
    assert load.MAX_DEPTH == 32
    assert load.MAX_NODES == 50_000
    assert load.MAX_TEXT == 1_048_576
    assert load.MAX_NUMBER == 10**12


# --------------------------------------------------------------------------- aliases and size

BILLION_LAUGHS = VALID + "".join(
    [f"lol0: &l0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)


def test_alias_bomb_billion_laughs_is_refused_quickly(catalog_dir: Path) -> None:
    # 9**10 (3.5 billion) values once expanded, from a 700-byte card: `catalog check`, as a
    # process, answers in a moment with the limit it passed, without building the expansion.
    pebble(catalog_dir, BILLION_LAUGHS)
    started = time.perf_counter()
    result = run("check", "--no-cache", cwd=catalog_dir.parent)
    assert time.perf_counter() - started < 20
    assert_clean_failure(
        result,
        [
            f"{PEBBLE}:8:7: lol4[5]: more than 50,000 values and keys (an alias counts each time "
            "it is used) (expected at most 50,000 values and keys in a file)",
            "1 error(s) in 1 file(s); nothing was written",
        ],
    )


def test_alias_amplification_of_valid_text_is_refused(catalog_dir: Path) -> None:
    # One FAQ answer of 20,000 characters repeated by 100 aliases: every entry is valid, and the
    # pages would have held 2 MB of it (a site of 192 MB with 2,000 aliases).
    text = VALID + "faq:\n  - &a {question: Why?, answer: " + "a" * 20_000 + "}\n"
    pebble(catalog_dir, text + "  - *a\n" * 100)
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:3: faq[52]: more than 1,048,576 characters of values and keys (an alias "
        "counts each time it is used) (expected at most 1,048,576 characters of values and keys "
        "in a file)"
    ]


def test_an_alias_still_shares_a_value_within_the_limits(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "faq:\n  - &a {question: Why?, answer: Because.}\n  - *a\n")
    assert check_only(catalog_dir, cache=False).cards == 2


def test_parse_builds_an_alias_once_and_read_counts_it_in_full() -> None:
    # parse() keeps the shared structure (tests/test_load.py); every catalog file is read with
    # the expanded limits (bounded=True).
    data = load.parse(BILLION_LAUGHS, "bomb.yaml")
    assert data["lol9"][0] is data["lol8"]
    with pytest.raises(CatalogError, match="more than 50,000 values"):
        load.parse(BILLION_LAUGHS, "bomb.yaml", bounded=True)


def test_recursive_alias(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "faq: &f [*f]\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:6: faq[0]: an alias refers to the mapping or list that contains it "
        "(expected no recursive aliases)"
    ]


def test_card_over_the_size_limit_is_refused_before_parsing(catalog_dir: Path) -> None:
    # 300 FAQ entries of 1,000 characters: a well-formed card of 309,664 bytes. An unreadable
    # tail proves it is refused unread.
    entry = "  - question: Why?\n    answer: " + "a" * 1000 + "\n"
    pebble(catalog_dir, VALID + "faq:\n" + entry * 300 + "{[: not yaml")
    result = run("check", cwd=catalog_dir.parent)
    assert_clean_failure(
        result,
        [
            f"{PEBBLE}:1:1: file is over the size limit of 262,144 bytes (309,676 bytes) "
            "(expected a file of at most 256 KiB)",
            "1 error(s) in 1 file(s); nothing was written",
        ],
    )


def test_card_at_the_size_limit_is_read(catalog_dir: Path) -> None:
    # Padded with a comment: the Markdown of a card has a limit of its own, below the file's.
    text = VALID + "faq:\n  - question: Why?\n    answer: Because.\n# "
    text += "b" * (load.MAX_BYTES - len(text) - 1) + "\n"
    assert len(text.encode()) == load.MAX_BYTES
    pebble(catalog_dir, text)
    assert check_only(catalog_dir, cache=False).cards == 2


def test_a_card_that_is_a_device_reads_no_more_than_the_limit(catalog_dir: Path) -> None:
    # A link to an endless device is refused as a link, by the build's validation and by
    # `catalog check` (whose cache reads at most the size limit of a card).
    path = catalog_dir / "acme/pebble.yaml"
    path.unlink()
    path.symlink_to("/dev/zero")
    expected = [f"{PEBBLE}:1:1: is a symbolic link (expected a regular file inside the catalog)"]
    assert errors_of(catalog_dir) == expected
    with pytest.raises(ValidationFailed) as info:
        check_only(catalog_dir)
    assert [str(e) for e in info.value.errors] == expected


# --------------------------------------------------------------------------- nesting


def test_deep_nesting(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "faq: " + "[" * 40 + "]" * 40 + "\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:37: faq{'[0]' * 31}: nested more than 32 levels deep "
        "(expected at most 32 levels of nested mappings and lists)"
    ]


def test_deep_block_nesting(catalog_dir: Path) -> None:
    pebble(
        catalog_dir,
        VALID + "data_policy:\n" + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(40)),
    )
    path = ".".join(f"k{i}" for i in range(31))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:36:65: data_policy.{path}: nested more than 32 levels deep "
        "(expected at most 32 levels of nested mappings and lists)"
    ]


def test_nesting_close_to_yamls_own_limit_is_no_internal_error(catalog_dir: Path) -> None:
    # 998 levels: libyaml reads it (its limit is 1,000); building it recursively used to exhaust
    # Python's recursion ("internal error: RecursionError", exit 70).
    pebble(catalog_dir, VALID + "faq: " + "[" * 998 + "]" * 998 + "\n")
    result = run("check", cwd=catalog_dir.parent)
    assert_clean_failure(
        result,
        [
            f"{PEBBLE}:4:37: faq{'[0]' * 31}: nested more than 32 levels deep "
            "(expected at most 32 levels of nested mappings and lists)",
            "1 error(s) in 1 file(s); nothing was written",
        ],
    )


def test_deep_nesting_through_an_alias(catalog_dir: Path) -> None:
    text = VALID + "faq: &a " + "[" * 20 + "]" * 20 + "\nregions: " + "[" * 15 + "*a" + "]" * 15
    pebble(catalog_dir, text + "\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:24: regions{'[0]' * 15}: nested more than 32 levels deep through an alias "
        "(expected at most 32 levels of nested mappings and lists)"
    ]


def test_nesting_within_the_limit_is_an_ordinary_schema_error(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "faq: " + "[" * 30 + "]" * 30 + "\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:7: faq[0]: Input should be a valid dictionary or instance of FaqEntry"
    ]


# --------------------------------------------------------------------------- bytes and characters


def test_non_utf8_bytes(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID.encode().replace(b"small", b"sm\xe4ll"))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:2:18: not valid UTF-8 (byte 0xe4) (expected UTF-8 text)"
    ]


def test_non_utf8_file_name_is_printed_escaped(catalog_dir: Path) -> None:
    # os.fsdecode turns the byte into a lone surrogate, which print() cannot write as UTF-8.
    name = os.fsdecode(b"caf\xe9.yaml")
    (catalog_dir / "acme" / name).write_text(VALID, encoding="utf-8")
    result = run("check", cwd=catalog_dir.parent)
    assert_clean_failure(
        result,
        [
            "models/acme/caf\\udce9.yaml:1:1: file name 'caf\\udce9.yaml' is not a valid model id "
            f"(expected {ID_RULE})",
            "1 error(s) in 1 file(s); nothing was written",
        ],
    )


def test_a_byte_order_mark_is_ignored(catalog_dir: Path) -> None:
    pebble(catalog_dir, "\ufeff" + VALID)
    assert check_only(catalog_dir, cache=False).cards == 2


def test_control_characters(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID.replace("small", "sm\x1b[31mall"))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:2:18: character U+001B is not allowed in YAML "
        "(expected printable text: no control characters other than tab and line breaks)"
    ]


def test_tab_indentation(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "pricing:\n\tinput: 1\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:1: YAML syntax error: a tab where YAML expects spaces "
        "(expected spaces for indentation: YAML does not indent with tabs)"
    ]


def test_a_tab_after_a_colon_is_fine(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID.replace("name: Pebble", "name:\tPebble"))
    assert check_only(catalog_dir, cache=False).cards == 2


def test_duplicate_keys(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "pricing: {input: 1, input: 2}\nname: Again\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:21: input: duplicate key (first defined on line 4) "
        "(expected each key once per mapping)"
    ]


# --------------------------------------------------------------------------- YAML 1.1 and numbers


def test_no_read_as_false(catalog_dir: Path) -> None:
    # Where a string is expected the boolean is refused; where a boolean is, NO means false (the
    # README says so: YAML 1.1 reads yes/no/on/off as booleans).
    pebble(catalog_dir, VALID.replace("name: Pebble", "name: NO"))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:1:7: name: Input should be a valid string "
        "(expected the model's display name, e.g. gpt-4.1-mini)"
    ]
    pebble(catalog_dir, VALID + "data_policy: {data_retention: NO}\n")
    catalog = check(catalog_dir)
    card = next(m.card for m in catalog.models if m.id == "acme/pebble")
    assert card.data_policy.data_retention is False


@pytest.mark.parametrize(
    ("value", "field", "col"),
    [("1e3", "pricing.input", 18), ("1.5e10", "pricing.input", 18), ("0o17", "pricing.input", 18)],
)
def test_numbers_yaml_1_1_reads_as_text(
    catalog_dir: Path, value: str, field: str, col: int
) -> None:
    # YAML 1.2 (editors) reads them as numbers, YAML 1.1 as text; the schema used to answer
    # "a number is required, not text (remove the quotes)" about quotes that are not there.
    pebble(catalog_dir, VALID + f"pricing: {{input: {value}}}\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:{col}: {field}: {value} is text to YAML 1.1, not the number it looks like "
        f"(expected {MISREAD})"
    ]


def test_quoted_exponent_is_text(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID.replace("name: Pebble", 'name: "1e3"'))
    assert check_only(catalog_dir, cache=False).cards == 2


def test_octal_0777(catalog_dir: Path) -> None:
    # YAML 1.1 read 0777 as 511: the page said 511 tokens.
    pebble(catalog_dir, VALID + "context_window: 0777\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:17: context_window: 0777 is the octal number 511 to YAML 1.1 "
        "(expected a decimal number without leading zeros, or quotes for text)"
    ]


def test_base_60(catalog_dir: Path) -> None:
    # YAML 1.1 read 1:30 as 90.
    pebble(catalog_dir, VALID + "max_output: 1:30\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:13: max_output: 1:30 is the base-60 number 90 to YAML 1.1 "
        "(expected a decimal number, or quotes for text)"
    ]


def test_numbers_as_strings(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "pricing: {input: '2.50'}\ncontext_window: \"128000\"\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:18: pricing.input: a number is required, not text (remove the quotes) "
        "(expected USD per 1M input tokens, e.g. 0.40)",
        f"{PEBBLE}:5:17: context_window: Input should be a valid integer "
        "(expected the context window in tokens, a positive integer)",
    ]


def test_negative_nan_and_infinite_prices(catalog_dir: Path) -> None:
    pebble(
        catalog_dir,
        VALID + "pricing: {input: -1, output: .nan, cache_read: .inf, cache_write: -.inf}\n",
    )
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:18: pricing.input: must not be negative "
        "(expected USD per 1M input tokens, e.g. 0.40)",
        f"{PEBBLE}:4:30: pricing.output: Input should be a finite number "
        "(expected USD per 1M output tokens)",
        f"{PEBBLE}:4:48: pricing.cache_read: Input should be a finite number "
        "(expected USD per 1M cached input tokens)",
        f"{PEBBLE}:4:67: pricing.cache_write: Input should be a finite number "
        "(expected USD per 1M tokens written to cache)",
    ]


def test_huge_numbers_fail_the_check_not_the_build(catalog_dir: Path) -> None:
    # A price of 1.0e+27 passed the check and crashed the build (decimal.InvalidOperation); an
    # integer of 5,000 digits crashed the check (ValueError from int()).
    cwd = catalog_dir.parent
    assert run("build", "--out", "out", cwd=cwd).returncode == 0
    before = snapshot(cwd / "out")
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("input: 2.50", "input: 1.0e+27"))
    pebble(catalog_dir, VALID + "context_window: " + "9" * 5000 + "\n")
    result = run("build", "--out", "out", cwd=cwd)
    assert_clean_failure(
        result,
        [
            f"{PEBBLE}:4:17: context_window: 99999999999999999999… (5,000 characters) is too "
            f"large (expected {NUMBER})",
            "models/acme/rocket.yaml:12:10: pricing.input: 1.0e+27 is too large "
            f"(expected {NUMBER})",
            "2 error(s) in 2 file(s); nothing was written",
        ],
    )
    assert snapshot(cwd / "out") == before


def test_the_largest_numbers_allowed_build(catalog_dir: Path, tmp_path: Path) -> None:
    rocket = catalog_dir / "acme/rocket.yaml"
    text = rocket.read_text().replace("input: 2.50", "input: 999999999999.999999")
    text = text.replace("context_window: 128000", "context_window: 999999999999")
    rocket.write_text(text.replace("output: 10", "output: 0.000001"))
    build(catalog_dir, tmp_path / "out")
    page = (tmp_path / "out/models/acme/rocket@us-east.html").read_text(encoding="utf-8")
    assert "$999,999,999,999.999999" in page


def test_explicit_tags_with_values_that_do_not_fit(catalog_dir: Path) -> None:
    # !!int abc raised ValueError, !!bool maybe KeyError, !!int '' IndexError: internal errors.
    pebble(catalog_dir, VALID + "context_window: !!int abc\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:17: context_window: 'abc' is not an integer "
        "(expected an integer, as its !!int tag says)"
    ]
    pebble(catalog_dir, VALID + "data_policy: {data_retention: !!bool maybe}\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:31: data_policy.data_retention: 'maybe' is not a boolean "
        "(expected true or false, as its !!bool tag says)"
    ]
    pebble(catalog_dir, VALID + "max_output: !!int ''\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:13: max_output: '' is not an integer "
        "(expected an integer, as its !!int tag says)"
    ]
    pebble(catalog_dir, VALID + "pricing: {input: !!float snan}\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:18: pricing.input: 'snan' is not a number "
        "(expected a number, as its !!float tag says)"
    ]


def test_a_tag_the_safe_loader_does_not_know(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "name2: !!python/object:os.system echo\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:8: YAML syntax error: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'"
    ]


def test_impossible_dates(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID.replace("2024-06-01", "2025-02-31"))
    assert errors(catalog_dir) == [
        f"{PEBBLE}:3:8: added: 2025-02-31 is not a real calendar date "
        "(expected date added to the catalog, YYYY-MM-DD)"
    ]


# --------------------------------------------------------------------------- the file's shape


@pytest.mark.parametrize(
    ("text", "where"),
    [("", "1:1"), ("# nothing yet\n", "1:1"), ("- name: Pebble\n", "1:1"),
     ("just some text\n", "1:1"), ("---\n", "2:1")],
    ids=["empty", "comment-only", "list", "scalar", "empty-document"],
)  # fmt: skip
def test_a_file_that_is_not_a_mapping(catalog_dir: Path, text: str, where: str) -> None:
    pebble(catalog_dir, text)
    assert errors(catalog_dir) == [
        f"{PEBBLE}:{where}: the file must hold a mapping of keys to values"
    ]


def test_two_documents_in_one_file(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "---\n" + VALID)
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:1: YAML syntax error: expected a single document in the stream: "
        "but found another document"
    ]


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a..b.yaml", f"file name 'a..b.yaml' is not a valid model id (expected {ID_RULE})"),
        (
            "big model.yaml",
            f"file name 'big model.yaml' is not a valid model id (expected {ID_RULE})",
        ),
        ("GPT-5.yaml", f"file name 'GPT-5.yaml' is not a valid model id (expected {ID_RULE})"),
        ("-x.yaml", f"file name '-x.yaml' is not a valid model id (expected {ID_RULE})"),
        ("..yaml", f"file name '..yaml' is not a valid model id (expected {ID_RULE})"),
        (
            "x\n.yaml",
            f"file name 'x\\n.yaml' is not a valid model id (expected {ID_RULE})",
        ),
        (
            "con.yaml",
            f"file name 'con.yaml' is not a valid model id: 'con' is a device name on Windows "
            f"(expected {DEVICE_NAMES})",
        ),
        (
            "lpt1.v2.yaml",
            "file name 'lpt1.v2.yaml' is not a valid model id: 'lpt1' is a device name on "
            f"Windows (expected {DEVICE_NAMES})",
        ),
        (
            "index.yaml",
            "file name 'index.yaml' is not a valid model id: 'index' would be the page of its "
            "folder itself (expected a name other than index)",
        ),
        (
            "x..yaml",
            "file name 'x..yaml' is not a valid model id: it ends in '.', which Windows drops "
            "from file names (expected an id not ending in '.')",
        ),
        (
            "a" * 81 + ".yaml",
            f"file name '{'a' * 81}.yaml' is not a valid model id: it is 81 characters long "
            "(expected an id of at most 80 characters)",
        ),
    ],
    ids=[
        "dot-dot",
        "space",
        "upper-case",
        "leading-dash",
        "only-dots",
        "newline",
        "con",
        "lpt1",
        "index",
        "trailing-dot",
        "too-long",
    ],
)
def test_invalid_model_ids(catalog_dir: Path, name: str, message: str) -> None:
    (catalog_dir / "acme" / name).write_text(VALID, encoding="utf-8")
    shown = load.display_path(Path("models/acme") / name)
    assert errors(catalog_dir) == [f"{shown}:1:1: {message}"]


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(catalog_dir: Path) -> None:
    (catalog_dir / "acme" / "x\nmodels").mkdir()
    (catalog_dir / "acme" / "x\nmodels" / "fake.yaml").write_text(VALID, encoding="utf-8")
    result = run("check", cwd=catalog_dir.parent)
    assert_clean_failure(
        result,
        [
            "models/acme/x\\nmodels/fake.yaml:1:1: folder name 'x\\nmodels' is not a valid part "
            f"of a model id (expected {ID_RULE})",
            "1 error(s) in 1 file(s); nothing was written",
        ],
    )


def test_a_subfolder_that_would_be_a_page_path(catalog_dir: Path) -> None:
    # acme/pebble.html/x would be written to models/acme/pebble.html/x.html, where the page of
    # acme/pebble is the file models/acme/pebble.html.
    (catalog_dir / "acme/pebble.html").mkdir()
    (catalog_dir / "acme/pebble.html/x.yaml").write_text(VALID, encoding="utf-8")
    assert errors(catalog_dir) == [
        "models/acme/pebble.html/x.yaml:1:1: folder name 'pebble.html' is not a valid part of a "
        "model id: it ends in the extension of a page of the site "
        "(expected an id not ending in .html or .json)"
    ]


def test_a_subfolder_with_upper_case(catalog_dir: Path) -> None:
    (catalog_dir / "acme/Sub").mkdir()
    (catalog_dir / "acme/Sub/deep.yaml").write_text(VALID, encoding="utf-8")
    assert errors(catalog_dir) == [
        "models/acme/Sub/deep.yaml:1:1: folder name 'Sub' is not a valid part of a model id "
        f"(expected {ID_RULE})"
    ]


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("con", f": 'con' is a device name on Windows (expected {DEVICE_NAMES})"),
        ("a..b", f" (expected {ID_RULE})"),
        ("Acme", f" (expected {ID_RULE})"),
    ],
)
def test_invalid_provider_ids(catalog_dir: Path, folder: str, message: str) -> None:
    (catalog_dir / "acme").rename(catalog_dir / folder)
    assert errors(catalog_dir) == [
        f"models/{folder}:1:1: folder name {folder!r} is not a valid provider id{message}"
    ]


def test_reserved_registry_ids(catalog_dir: Path) -> None:
    # A capability's page is capabilities/<id>.html, a benchmark's chart charts/<id>.html.
    capabilities = catalog_dir / "capabilities.yaml"
    capabilities.write_text(
        capabilities.read_text() + "con: {label: Con, phrase: con}\nindex: {label: I, phrase: i}\n"
    )
    assert errors(catalog_dir) == [
        f"models/capabilities.yaml:3:1: con: not a valid id: 'con' is a device name on Windows "
        f"(expected {DEVICE_NAMES})",
        "models/capabilities.yaml:4:1: index: not a valid id: 'index' would be the page of its "
        "folder itself (expected a name other than index)",
    ]


def test_two_cards_with_one_id(catalog_dir: Path) -> None:
    (catalog_dir / "acme/pebble.yml").write_text(VALID, encoding="utf-8")
    assert errors(catalog_dir) == [
        "models/acme/pebble.yml:1:1: model id 'acme/pebble' is already used by "
        "models/acme/pebble.yaml (expected one card per id)"
    ]


def test_a_region_that_does_not_exist(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "regions: [eu-wset]\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:4:10: regions.eu-wset: unknown region 'eu-wset' of provider 'acme'; did you "
        "mean 'eu-west'? (expected one of eu-west, us-east (from models/acme/provider.yaml))"
    ]


def test_a_benchmark_that_does_not_exist(catalog_dir: Path) -> None:
    pebble(catalog_dir, VALID + "benchmarks:\n  mmlu: {score: 50, source: https://x.example/}\n")
    assert errors(catalog_dir) == [
        f"{PEBBLE}:5:3: benchmarks.mmlu: unknown benchmark 'mmlu'; did you mean 'mmlu-pro'? "
        "(expected an id from benchmarks.yaml)"
    ]


# --------------------------------------------------------------------------- every case at once


def test_every_error_of_many_broken_files_is_reported_in_one_run(catalog_dir: Path) -> None:
    pebble(catalog_dir, BILLION_LAUGHS)
    (catalog_dir / "acme/con.yaml").write_text(VALID, encoding="utf-8")
    (catalog_dir / "acme/deep.yaml").write_text(VALID + "faq: " + "[" * 998 + "]" * 998 + "\n")
    (catalog_dir / "acme/octal.yaml").write_text(VALID + "context_window: 0777\n")
    (catalog_dir / "acme/bytes.yaml").write_bytes(b"name: \xff\n")
    result = run("check", "--format", "json", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    document = json.loads(result.stdout)
    located = [(e["path"], e["line"], e["column"]) for e in document["errors"]]
    assert located == [
        ("models/acme/bytes.yaml", 1, 7),
        ("models/acme/con.yaml", 1, 1),
        ("models/acme/deep.yaml", 4, 37),
        ("models/acme/octal.yaml", 4, 17),
        ("models/acme/pebble.yaml", 8, 7),
    ]


def test_decimal_prices_stay_exact(catalog_dir: Path) -> None:
    # A binary float would read 0.123457 as 0.12345699999999999...: the Decimal keeps the text.
    pebble(catalog_dir, VALID + "pricing: {input: 0.123457}\n")
    catalog = check(catalog_dir)
    card = next(m.card for m in catalog.models if m.id == "acme/pebble")
    assert card.pricing.input == Decimal("0.123457") and str(card.pricing.input) == "0.123457"


# --------------------------------------------------------------------------- hostile strings

# Closes an attribute and a script element, opens a script and an event handler, holds Jinja
# syntax (printed, never evaluated: 3333 must appear nowhere) and quotes of both kinds.
HOSTILE = (
    "\"'><script>alert(1)</script><img src=x onerror=alert(2)>{{ 1111 * 3 }}{% raw %}</script>"
)
HOSTILE_URL = "https://x.example/\"><script>alert(3)</script>'onmouseover='alert(4)"
# base_url is refused with quotes or shell metacharacters (tests/test_snippet_safety.py); what
# a valid one may still hold that HTML would misread is tested here.
HOSTILE_BASE_URL = "https://x.example/v1/%3Cscript%3E~a@b"
HOSTILE_MARKDOWN = (
    HOSTILE + "\n\n[a](javascript:alert(5)) [b](data:text/html,<script>alert(6)</script>) "
    '<iframe src="https://evil.example/"></iframe> <a href="javascript:alert(7)">c</a> '
    "![i](https://evil.example/i.png) <b onclick=alert(8)>bold</b> <style>body{}</style>"
)


def _yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def hostile_catalog(root: Path) -> None:
    """The minimal catalog with every string field a card, a provider, a registry or the site
    settings has set to something that would run or break out if it were not escaped."""
    h, u, md = _yaml_text(HOSTILE), _yaml_text(HOSTILE_URL), _yaml_text(HOSTILE_MARKDOWN)
    (root / "site.yaml").write_text(
        f"name: {h}\nurl: https://models.router.example/\nbase_url: {HOSTILE_BASE_URL}\n"
        f"api_key_placeholder: {h}\npricing_note: {h}\npricing_faq_note: {h}\n"
        f"benchmark_note: {h}\nquickstart_prompt: {h}\n"
        "cost_scenarios:\n  - {input_tokens: 1000, output_tokens: 100}\n"
        f"cta:\n  text: {h}\n  label: {h}\n  url: {u}\n",
        encoding="utf-8",
    )
    (root / "benchmarks.yaml").write_text(
        f"mmlu-pro:\n  name: {h}\n  category: knowledge\n  description: {h}\n", encoding="utf-8"
    )
    (root / "capabilities.yaml").write_text(
        f"vision: {{label: {h}, icon: '<s>{{{{1}}', phrase: {h}}}\n", encoding="utf-8"
    )
    (root / "acme/provider.yaml").write_text(
        f"name: {h}\nlogo: logo.svg\nwebsite: {u}\nabout: {md}\n"
        f"regions:\n  eu-west: {{name: {h}, country: IE, geography: EU}}\n",
        encoding="utf-8",
    )
    (root / "acme/rocket.yaml").write_text(
        f"name: {h}\ndescription: {md}\ncapabilities: [vision]\nadded: 2025-02-01\n"
        f"benchmarks:\n  mmlu-pro: {{score: 70.5, source: {u}}}\n"
        "pricing: {input: 2.50, output: 10}\nregions: [eu-west]\n"
        f"faq:\n  - question: {h}\n    answer: {md}\n",
        encoding="utf-8",
    )
    (root / "acme/pebble.yaml").write_text(
        f"name: {_yaml_text(HOSTILE + ' 2')}\ndescription: {md}\nadded: 2024-06-01\n"
        "status: deprecated\nretires: 2026-01-01\nreplaced_by: acme/rocket\n",
        encoding="utf-8",
    )


class _Elements(HTMLParser):
    """Every element and attribute of a page, and the text of its JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.json_ld: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld.append(data)


SITE_SCRIPTS = {"catalog.js", "index.js", "compare.js", "money.js", "calculator.js"}


def assert_nothing_runs(name: str, text: str) -> None:
    """No element, attribute or URL in a page that the catalog did not write itself."""
    parser = _Elements()
    parser.feed(text)
    for tag, attrs in parser.found:
        assert tag not in ("iframe", "style", "object", "embed"), (name, tag)
        for attribute, value in attrs.items():
            assert not attribute.startswith("on"), (name, tag, attribute)
            assert attribute != "style", (name, tag)
            if attribute in ("href", "src", "action") and value:
                scheme = value.strip().split(":", 1)[0].lower()
                assert scheme not in ("javascript", "data", "vbscript"), (name, value)
        if tag == "script" and attrs.get("type") != "application/ld+json":
            src = attrs.get("src") or ""
            assert "static/" in src and src.rsplit("static/", 1)[1] in SITE_SCRIPTS, (name, attrs)
        if tag == "img":
            assert "evil.example" not in (attrs.get("src") or ""), name
    # JSON-LD cannot be closed early by a name holding </script>, and keeps it exactly.
    for block in parser.json_ld:
        assert HOSTILE in json.dumps(json.loads(block), ensure_ascii=False), name


def test_every_string_field_is_escaped_and_nothing_runs(catalog_dir: Path, tmp_path: Path) -> None:
    hostile_catalog(catalog_dir)
    out = tmp_path / "out"
    build(catalog_dir, out)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 8
    for path in pages:
        name = path.relative_to(out).as_posix()
        text = path.read_text(encoding="utf-8")
        assert "3333" not in text, name  # {{ 1111 * 3 }} was never evaluated ...
        assert "{{ 1111 * 3 }}" in text, name  # ... but printed (the site's name is on every page)
        assert "<script>alert" not in text, name
        assert_nothing_runs(name, text)
    model = (out / "models/acme/rocket@eu-west.html").read_text(encoding="utf-8")
    assert model.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 10
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    records = json.loads((out / "api/models.json").read_text(encoding="utf-8"))
    assert {m["name"] for m in records["models"]} == {HOSTILE, HOSTILE + " 2"}
    feed = ElementTree.parse(out / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles[0] == HOSTILE + ": new models"  # the site's name, parsed back exactly
    ElementTree.parse(out / "sitemap.xml")


# --------------------------------------------------------------------------- output paths

ID_CHARACTERS = "abcz09._-/\\ \n\x00AZé:@~"


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(
    parts=st.lists(st.text(ID_CHARACTERS, max_size=12), min_size=2, max_size=4),
    region=st.one_of(st.none(), st.text(ID_CHARACTERS, max_size=8)),
    extra=st.text(ID_CHARACTERS, max_size=12),
)
def test_valid_ids_only_make_paths_inside_the_output(
    parts: list[str], region: str | None, extra: str
) -> None:
    """Every path the site writes is built from ids; any id that passes the rules keeps every
    such path inside the output folder (no '..', no '/', nothing absolute)."""
    if region is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", region):
        region = None  # region ids come from the schema's pattern
    valid = all(gate.is_valid_id(p) for p in parts)
    for part in parts:
        if gate.is_valid_id(part):
            assert "/" not in part and "\\" not in part and part not in (".", "..")
            assert not part.startswith(".") and part.isprintable() and ".." not in part
    if not valid or not gate.is_valid_id(extra):
        return
    pid = "/".join(parts) + (f"@{region}" if region else "")
    paths = [
        page_url(pid), f"api/models/{pid}.json", provider_url(parts[0]), logo_url(parts[0]),
        capability_url(extra), chart_url(extra), f"models/{parts[0]}", f"api/models/{parts[0]}",
    ]  # fmt: skip
    out = PurePosixPath("/srv/site")
    for path in paths:
        target = PurePosixPath(posixpath.normpath(out / path))
        assert target.is_relative_to(out) and target != out, path
        assert ".." not in PurePosixPath(path).parts, path


def test_a_card_in_a_subfolder_builds_inside_its_provider(catalog_dir: Path) -> None:
    # provider/sub/model: the build used to fail on it ("catalog: .out.staging-…/models/acme/sub/
    # deep.html: No such file or directory").
    (catalog_dir / "acme/sub").mkdir()
    (catalog_dir / "acme/sub/deep.yaml").write_text(VALID.replace("Pebble", "Deep"))
    result = run("build", "--out", "out", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr
    out = catalog_dir.parent / "out"
    page = out / "models/acme/sub/deep.html"
    assert page.is_file()
    assert json.loads((out / "api/models/acme/sub/deep.json").read_text())["id"] == "acme/sub/deep"
    assert 'href="models/acme/sub/deep.html"' in (out / "index.html").read_text()
    # Every link and asset of the page resolves to a file of the site.
    parser = _Elements()
    parser.feed(page.read_text())
    targets = [
        a.get("href") or a.get("src") or ""
        for tag, a in parser.found
        if tag in ("a", "link", "script", "img")
    ]
    local = {t.split("#")[0].split("?")[0] for t in targets if "://" not in t} - {""}
    assert len(local) > 10
    for target in local:
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(out.resolve()), target
        assert resolved.is_file(), target


def test_the_build_writes_nothing_outside_its_output_folder(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    (catalog_dir / "acme/sub").mkdir()
    (catalog_dir / "acme/sub/deep.yaml").write_text(VALID)
    before = {p for p in cwd.rglob("*")}
    assert run("build", "--out", "site", cwd=cwd).returncode == 0
    new = {p.relative_to(cwd).as_posix() for p in cwd.rglob("*")} - {
        p.relative_to(cwd).as_posix() for p in before
    }
    # Beside it, only what the build keeps for the next one: its record and its state.
    outside = {n for n in new if not n.startswith("site/") and n != "site"}
    assert outside == {".site.build-record", ".site.build-state"}


def _cli(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("out", "what"),
    [
        ("/", "the file-system root"),
        ("~", "your home folder"),
        ("models", "the models folder"),
        ("models/", "the models folder"),
        ("models/acme/..", "the models folder"),
        ("link-to-models", "the models folder"),
        (".", "the current folder"),
    ],
)
def test_out_refuses_precious_folders(
    catalog_dir: Path, tmp_path: Path, out: str, what: str
) -> None:
    # HOME is a scratch folder here, so that a broken refusal could not touch a real one.
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep.txt").write_text("mine")
    (catalog_dir.parent / "link-to-models").symlink_to(catalog_dir)
    given = str(home) if out == "~" else out
    result = _cli("build", "--out", given, cwd=catalog_dir.parent, home=home)
    assert result.returncode == 1
    shown = Path(given)  # as argparse gives it back
    assert (
        result.stderr == f"catalog: --out {shown}: refusing to replace {what} with the built site\n"
    )
    assert (home / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "link-to-models", "models"]


def test_out_refuses_a_folder_that_holds_the_models(tmp_path: Path) -> None:
    data = tmp_path / "project" / "data"
    shutil.copytree(FIXTURES / "minimal", data / "models")
    result = _cli("build", "--out", "..", cwd=data, home=tmp_path / "home")
    assert result.returncode == 1
    assert (
        result.stderr
        == "catalog: --out ..: refusing to replace a folder that holds the current folder\n"
    )
    assert sorted(p.name for p in (tmp_path / "project").iterdir()) == ["data"]


def test_out_refuses_the_project_root() -> None:
    # In process, never as a real build: check_options refuses before anything is written.
    with pytest.raises(UsageError, match="refusing to replace the project folder"):
        check_options(PROJECT / "models", PROJECT / "tests" / "..", None)
    with pytest.raises(UsageError, match="refusing to replace the models folder"):
        check_options(PROJECT / "models", PROJECT / "models", None)


def test_symbolic_links_are_refused(catalog_dir: Path, tmp_path: Path) -> None:
    """A linked card or logo would make the catalog read, echo or publish any file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("name: secret\n")
    (catalog_dir / "acme/linked.yaml").symlink_to(secret)
    logo = catalog_dir / "acme/logo.svg"
    logo.unlink()
    logo.symlink_to(secret)
    with pytest.raises(ValidationFailed) as info:
        check_only(catalog_dir, cache=False)
    assert [str(e) for e in info.value.errors] == [
        "models/acme/linked.yaml:1:1: is a symbolic link (expected a regular file inside the "
        "catalog)",
        "models/acme/logo.svg:1:1: is a symbolic link (expected a regular file inside the catalog)",
    ]


def test_check_reads_no_more_than_the_size_limit_of_a_card(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = catalog_dir / "acme/big.yaml"
    card.write_bytes(b"#" * (load.MAX_BYTES * 4))
    read: list[int] = []
    real_read = gate.read_bytes

    def spy(path: Path, limit: int) -> bytes:
        data = real_read(path, limit)
        if path.name == "big.yaml":
            read.append(len(data))
        return data

    # Every read of a card, the check cache's and the loader's, goes through the gate.
    monkeypatch.setattr(gate, "read_bytes", spy)
    with pytest.raises(ValidationFailed) as info:
        check_only(catalog_dir)
    assert read and all(size == load.MAX_BYTES + 1 for size in read)
    assert "file is over the size limit" in str(info.value.errors[0])


def test_out_refuses_a_folder_inside_the_models(catalog_dir: Path) -> None:
    with pytest.raises(UsageError) as info:
        build(catalog_dir, catalog_dir / "site")
    assert str(info.value).endswith("refusing to build into the models folder")


def test_errors_quote_long_values_short_and_keys_printable(catalog_dir: Path) -> None:
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(
        pebble.read_text().replace("added: 2024-06-01", "added: [" + ", ".join(["x"] * 500) + "]")
        + '"bad\\nkey": 1\n'
    )
    with pytest.raises(ValidationFailed) as info:
        check_only(pebble.parent.parent, cache=False)
    lines = [str(e) for e in info.value.errors]
    assert len(lines) == 2
    assert all("\n" not in line and len(line) < 400 for line in lines), lines
    assert any("['x', 'x'" in line and "…" in line for line in lines)
    assert any("bad\\nkey: unknown key" in line for line in lines)
