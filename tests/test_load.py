"""The load stage: exact decimals, dates kept as text, duplicate keys, located YAML errors."""

from decimal import Decimal
from pathlib import Path

import pytest

from catalog.errors import CatalogError
from catalog.read import gate, load


def test_floats_become_exact_decimals() -> None:
    data = load.parse("a: 0.40\nb: 1000.5\nc: 3\nd: .inf\n", "x.yaml")
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
    assert gate.is_valid_id(good)


@pytest.mark.parametrize("bad", ["", "..", "a..b", "GPT", "a b", "a/b", "-a", ".hidden"])
def test_invalid_ids(bad: str) -> None:
    assert not gate.is_valid_id(bad)


# The fast path builds cards itself from libyaml's nodes; every document must come out exactly as
# the full PyYAML constructor (with our decimal, timestamp and duplicate-key rules) builds it.
SAME_AS_FULL_LOADER = [
    "a: 0.40\nb: 1_000.5\nc: 3\nd: .inf\ne: -.inf\nf: .nan\n",
    "n: [0, 7, -3, +4, 0777, 0x1f, 0b101, 1:30, 1_000]\n",
    "b: [yes, No, ON, off, true, FALSE, y, n]\n",
    "z: [~, null, Null, '', \"\", '~']\n",
    "d: [2025-02-31, 2025-04-14, 2001-12-14t21:59:43.10-05:00, 2024-04]\n",
    "s: ['0.40', \"1\", |\n  block\n  text\n, >-\n  folded\n  text\n]\n",
    "x: &anchor {k: 1}\ny: *anchor\nz: [*anchor, *anchor]\n",
    "base: &b {a: 1, b: 2}\nmerged:\n  <<: *b\n  c: 3\n",
    "t: !!str 123\nu: !!int '7'\nv: !!float '1.5'\n",
    "? [complex, key]\n: value\n",
    "1: one\n2.5: two\nfalse: three\n~: four\n",
    "1: one\ntrue: the same key as 1 in Python\n",
    "- a\n- b: [c, d]\n-\n  - e\n",
    "",
    "plain",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", SAME_AS_FULL_LOADER)
def test_fast_path_builds_what_the_full_loader_builds(text: str) -> None:
    import yaml

    def typed(value: object) -> object:
        if isinstance(value, dict):
            return {(type(k).__name__, typed(k)): typed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typed(v) for v in value]
        return (type(value).__name__, str(value))

    try:
        expected = yaml.load(text, Loader=load._Loader)
    except (yaml.YAMLError, load.DuplicateKeyError) as exc:
        with pytest.raises(CatalogError):
            load.parse(text, "x.yaml")
        assert exc  # both refuse it
        return
    assert typed(load.parse(text, "x.yaml")) == typed(expected)


def test_fast_path_builds_every_starter_card_as_the_full_loader() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent / "models"
    paths = sorted(root.rglob("*.yaml"))
    assert len(paths) > 40
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert load.parse(text, str(path)) == yaml.load(text, Loader=load._Loader), path


def test_an_alias_is_built_once() -> None:
    # Ten levels of ten aliases each: 10**10 leaves if expanded, one shared list each level.
    lines = ["l0: &l0 [x]"] + [
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 11)
    ]
    data = load.parse("\n".join(lines) + "\n", "bomb.yaml")
    assert data["l10"][0] is data["l9"]
