"""The load stage: exact decimals, dates kept as text, duplicate keys, located YAML errors."""

from decimal import Decimal
from pathlib import Path

import pytest

from catalog import load
from catalog.errors import CatalogError


def test_floats_become_exact_decimals() -> None:
    data = load.parse("a: 0.40\nb: 1_000.5\nc: 3\nd: .inf\n", "x.yaml")
    assert data == {"a": Decimal("0.40"), "b": Decimal("1000.5"), "c": 3, "d": Decimal("Infinity")}
    assert str(data["a"]) == "0.40"


def test_dates_stay_text_so_validation_can_locate_bad_ones() -> None:
    assert load.parse("d: 2025-02-31\n", "x.yaml") == {"d": "2025-02-31"}


def test_duplicate_key_is_located_at_the_second_one() -> None:
    with pytest.raises(CatalogError) as info:
        load.parse("name: a\npricing:\n  input: 1\n  input: 2\n", "models/x.yaml")
    assert str(info.value) == (
        "models/x.yaml:4:3: input: duplicate key (first defined on line 3) "
        "(expected each key once per mapping)"
    )


def test_syntax_error_is_located() -> None:
    with pytest.raises(CatalogError) as info:
        load.parse("name: x\ncapabilities: [vision\n", "models/x.yaml")
    assert str(info.value).startswith("models/x.yaml:3:1: YAML syntax error: while parsing a flow")


def test_bad_indentation_is_located() -> None:
    with pytest.raises(CatalogError) as info:
        load.parse("name: x\n  bad: 1\n", "m.yaml")
    assert str(info.value).startswith("m.yaml:2:6: YAML syntax error:")


def test_non_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    path.write_bytes(b"name: ok\ndescription: caf\xe9\n")
    with pytest.raises(CatalogError) as info:
        load.read(path)
    assert str(info.value).endswith(":2:17: not valid UTF-8 (byte 0xe9) (expected UTF-8 text)")


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    path.write_bytes("\ufeffname: ok\n".encode())
    assert load.read(path).data == {"name": "ok"}


def test_locate_value_and_key() -> None:
    text = "name: x\npricing:\n  input: 1\nlist:\n  - a\n  - b\n"
    assert load.locate(text, ("pricing", "input")) == (3, 10)
    assert load.locate(text, ("pricing", "input"), key=True) == (3, 3)
    assert load.locate(text, ("list", 1)) == (6, 5)
    assert load.locate(text, ("pricing", "missing")) == (3, 3)  # falls back to the parent


@pytest.mark.parametrize("good", ["gpt-4.1-mini", "o3", "claude_3", "a.b"])
def test_valid_ids(good: str) -> None:
    assert load.is_valid_id(good)


@pytest.mark.parametrize("bad", ["", "..", "a..b", "GPT", "a b", "a/b", "-a", ".hidden"])
def test_invalid_ids(bad: str) -> None:
    assert not load.is_valid_id(bad)
