"""`catalog new`: a blank card generated from the schema, or a copy of another card; both pass
`catalog check` as written; refusals write nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from catalog.authoring import cardtext, scaffold
from catalog.errors import UsageError
from catalog.read import gate, load
from catalog.read.schema import Card, DataPolicy, FaqEntry, Pricing, Score
from catalog.render.documents import json_schema_text
from catalog.write.pipeline import check_only
from tests.test_cli import run, snapshot

DAY = date(2026, 3, 9)


def _uncommented_example(text: str) -> dict:
    """The blank card with its field-description lines dropped and every other comment line
    uncommented: the shape the scaffold shows, as YAML data."""
    descriptions = [f"# {f.description}" for f in Card.model_fields.values()]
    body = text.split("\n\n", 1)[1]  # after the first line and the heading comment
    lines = []
    for line in body.splitlines():
        if any(line.startswith(d) for d in descriptions):
            continue
        lines.append(line.removeprefix("# "))
    return yaml.safe_load("\n".join(lines))


def test_new_writes_a_blank_card_that_passes_the_check(catalog_dir: Path) -> None:
    today = date.today()
    result = run("new", "acme/rocket-2", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "wrote models/acme/rocket-2.yaml",
        "wrote schema/card.json, schema/model.json, schema/lab.json, schema/provider.json, "
        "schema/site.json (JSON Schemas for editors)",
        "models: OK: 3 cards, 1 providers, 4 model pages",
        'reminder: replace the placeholder description "TODO: describe rocket-2." in '
        "models/acme/rocket-2.yaml",
    ]
    card = catalog_dir / "acme/rocket-2.yaml"
    text = card.read_text()
    # what the card says: only the required fields are active
    data = load.read(card).data
    assert data["name"] == "rocket-2"
    assert data["description"] == "TODO: describe rocket-2."
    assert data["added"] in (today.isoformat(), date.today().isoformat())
    assert set(data) == {"name", "description", "added"}
    # the first line names the schema by a path relative to the card, and the file is there
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/card.json"
    schema = (card.parent / first.split("$schema=")[1]).resolve()
    assert schema == (catalog_dir.parent / "schema/card.json").resolve()
    assert schema.read_text() == json_schema_text("card")
    # and `catalog check` agrees it is valid
    check = run("check", cwd=catalog_dir.parent)
    assert check.returncode == 0, check.stderr
    assert check.stdout == "models: OK: 3 cards, 1 providers, 4 model pages\n"


def test_blank_card_has_every_field_under_its_description() -> None:
    text = scaffold.blank_card(
        ("acme", "x"),
        DAY,
        "# yaml-language-server: $schema=../../schema/card.json",
        {"capabilities": ["vision", "tool_calling"], "benchmarks": [], "regions": ["eu", "us"]},
    )
    lines = text.splitlines()
    keys = []
    for i, line in enumerate(lines):
        key = line.removeprefix("# ").split(":")[0]
        if key in Card.model_fields and not line.startswith("#  "):
            keys.append(key)
            description = Card.model_fields[key].description
            assert description and lines[i - 1].startswith(f"# {description}"), (key, lines[i - 1])
            if Card.model_fields[key].is_required():
                assert not line.startswith("#"), line
            else:
                assert line.startswith("# "), line
    assert keys == list(Card.model_fields), "every field once, in the schema's order"
    assert "# capability ids from capabilities.yaml; here: vision, tool_calling" in lines
    assert lines[lines.index("# regions: [eu, us]") - 1].endswith("; acme's: eu, us")
    assert "added: 2026-03-09" in lines
    # the commented-out part is well-formed YAML with the schema's nested fields
    example = _uncommented_example(text)
    assert list(example) == list(Card.model_fields)
    assert list(example["pricing"]) == list(Pricing.model_fields)
    assert list(example["data_policy"]) == list(DataPolicy.model_fields)
    assert list(example["faq"][0]) == list(FaqEntry.model_fields)
    assert list(example["benchmarks"]["BENCHMARK_ID"]) == list(Score.model_fields)
    assert example["regions"] == ["eu", "us"]
    assert example["api"] == "chat" and example["status"] == "stable"


@pytest.mark.parametrize("model", ["1.5", "yes", "null", "2025-01-01", "0x10", "plain-name"])
def test_ids_that_yaml_would_not_read_as_text_are_quoted(catalog_dir: Path, model: str) -> None:
    made = scaffold.new_card(catalog_dir, ("acme", model), today=DAY)
    assert made.placeholder == f"TODO: describe {model}."
    assert load.read(made.path).data["name"] == model
    assert load.read(made.path).data["added"] == "2026-03-09"
    assert check_only(catalog_dir, cache=False).cards == 3


def test_new_refuses_and_writes_nothing(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    (catalog_dir / "acme/pebble-2.yml").write_text("name: pebble-2\n")
    (catalog_dir / "empty").mkdir()
    before = snapshot(cwd)
    cases = {
        ("new", "acme/pebble"): (
            1,
            "catalog: acme/pebble: models/acme/pebble.yaml already exists; "
            "refusing to overwrite it\n",
        ),
        ("new", "acme/pebble-2"): (
            1,
            "catalog: acme/pebble-2: models/acme/pebble-2.yml already exists; "
            "refusing to overwrite it\n",
        ),
        ("new", "nope/x"): (
            1,
            "catalog: nope/x: there is no provider 'nope': create models/nope/provider.yaml "
            "first (name, logo, website; see the README)\n",
        ),
        ("new", "empty/x"): (
            1,
            "catalog: empty/x: there is no provider 'empty': create models/empty/provider.yaml "
            "first (name, logo, website; see the README)\n",
        ),
        ("new", "acme/x", "--from", "acme/nope"): (
            1,
            "catalog: --from acme/nope: no such card (expected models/acme/nope.yaml)\n",
        ),
        ("new", "acme/x", "--models", "nowhere"): (
            1,
            "catalog: nowhere: no such folder (expected the folder of model cards)\n",
        ),
    }
    for args, (code, stderr) in cases.items():
        result = run(*args, cwd=cwd)
        assert (result.returncode, result.stderr, result.stdout) == (code, stderr, ""), args
    for bad in ("Acme/x", "acme", "acme/", "acme/x y", "acme/../x", "/acme/x"):
        result = run("new", bad, cwd=cwd)
        assert result.returncode == 2, bad
        assert f"argument PROVIDER/MODEL: {bad!r} is not a valid model id" in result.stderr
    result = run("new", "acme/x", "--from", "Acme/Rocket", cwd=cwd)
    assert result.returncode == 2
    assert "argument --from: 'Acme/Rocket' is not a valid model id" in result.stderr
    assert snapshot(cwd) == before


def test_new_from_copies_the_text_and_comments(catalog_dir: Path) -> None:
    source = catalog_dir / "acme/rocket.yaml"
    source.write_text(
        "# yaml-language-server: $schema=https://example.org/old.json\n"
        "# Rocket: kept as written.\n"
        + source.read_text()
        .replace("name: Rocket\n", "name: >-\n  Rocket\n")
        .replace("added: 2025-02-01", "added: 2025-02-01  # first listed")
        .replace("  us-east:\n", "  us-east: {added: 2025-03-01}  # later\n")
    )
    made = scaffold.new_card(catalog_dir, ("acme", "rocket-3"), ("acme", "rocket"), today=DAY)
    assert made.source == source
    assert made.placeholder is None
    assert made.also_changed == ("regions.us-east.added",)
    expected = (
        source.read_text()
        .replace(
            "# yaml-language-server: $schema=https://example.org/old.json",
            "# yaml-language-server: $schema=../../schema/card.json",
        )
        .replace("name: >-\n  Rocket\n", "name: rocket-3\n")
        .replace("added: 2025-02-01  # first listed", "added: 2026-03-09  # first listed")
        .replace("{added: 2025-03-01}  # later", "{added: 2026-03-09}  # later")
    )
    assert made.path.read_text() == expected
    assert check_only(catalog_dir, cache=False).pages == 5


def test_new_from_as_a_process(catalog_dir: Path) -> None:
    result = run("new", "acme/pebble-2", "--from", "acme/pebble", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[0]
        == "wrote models/acme/pebble-2.yaml, a copy of models/acme/pebble.yaml"
    )
    assert result.stdout.splitlines()[-1] == (
        "reminder: only name and added were changed; the description, dates, prices and the "
        "rest are those of acme/pebble: update them"
    )
    text = (catalog_dir / "acme/pebble-2.yaml").read_text()
    assert text == (
        "# yaml-language-server: $schema=../../schema/card.json\n"
        f"name: pebble-2\ndescription: A small model.\nadded: {date.today().isoformat()}\n"
    )


def test_new_card_in_an_invalid_catalog_is_written_and_the_errors_shown(catalog_dir: Path) -> None:
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("max_output: 16384", "max_output: 999999"))
    result = run("new", "acme/x", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "wrote models/acme/x.yaml"
    assert result.stderr.splitlines() == [
        "models/acme/rocket.yaml:5:13: max_output: 999,999 is above the context window of "
        "128,000 (expected at most the context window)",
        "1 error(s) in 1 file(s); fix them, then run catalog check",
    ]
    assert (catalog_dir / "acme/x.yaml").is_file()


def test_schema_files_are_refreshed_only_when_stale(catalog_dir: Path) -> None:
    first = scaffold.new_card(catalog_dir, ("acme", "a"), today=DAY)
    folder = catalog_dir.parent / "schema"
    assert sorted(p.name for p in first.schemas) == [
        "card.json", "lab.json", "model.json", "provider.json", "site.json",
    ]  # fmt: skip
    assert scaffold.new_card(catalog_dir, ("acme", "b"), today=DAY).schemas == ()
    (folder / "card.json").write_text("{}\n")
    assert scaffold.new_card(catalog_dir, ("acme", "c"), today=DAY).schemas == (
        folder / "card.json",
    )
    assert (folder / "card.json").read_text() == json_schema_text("card")


def test_nested_card_folder_gets_a_deeper_schema_path(catalog_dir: Path) -> None:
    made = scaffold.new_card(catalog_dir, ("acme", "labs", "x"), today=DAY)
    assert made.path == catalog_dir / "acme/labs/x.yaml"
    assert made.path.read_text().startswith(
        "# yaml-language-server: $schema=../../../schema/card.json\n"
    )
    assert check_only(catalog_dir, cache=False).cards == 3


def test_parse_model_id(catalog_dir: Path) -> None:
    assert scaffold.parse_model_id("azure/gpt-4.1-mini") == ("azure", "gpt-4.1-mini")
    for bad in ("azure", "azure/GPT", "azure/a..b", "azure//x", ""):
        with pytest.raises(ValueError, match="is not a valid model id"):
            scaffold.parse_model_id(bad)
    with pytest.raises(UsageError, match="already exists"):
        scaffold.new_card(catalog_dir, ("acme", "rocket"))


def test_help_names_the_new_command(tmp_path: Path) -> None:
    assert "new       write a new card" in run("--help", cwd=tmp_path).stdout
    result = run("new", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for words in ("PROVIDER/MODEL", "--from PROVIDER/MODEL", "--models DIR", "exit status"):
        assert words in result.stdout


# Strings YAML 1.1 (catalog), YAML 1.2 (editors) and people read differently, and the characters
# that end or change a plain scalar.
TRICKY = [
    "yes", "no", "on", "off", "y", "n", "true", "null", "~", "", "0777", "09", "0o17", "0x10",
    "1e3", "1.5e10", "-.5", ".inf", "1_000", "0b1", "12:30", "1.5", "+1", "2024-01-01",
    "2025-02-31", " leading", "trailing ", "#hash", "a #b", "a#b", "a: b", "a:", "a:b", "- item",
    "-", "? x", "[x]", "{x}", "a, b", "*alias", "&anchor", "!tag", "%pct", "@at", "`tick`", "|",
    ">", "<<", "=", "'single'", '"double"', "it's", 'say "hi"', "back\\slash", "tab\there",
    "two\nlines", "Ünïcödé ’ — ✓ 日本語", "plain text",
]  # fmt: skip


@pytest.mark.parametrize("value", TRICKY)
def test_the_shared_writer_writes_what_the_loader_reads_back(value: str) -> None:
    # the one writer of `catalog new` and `catalog import`, in each place a value is written
    assert load.parse(f"x: {cardtext.scalar(value)}\n", "t") == {"x": value}
    nested = [value, {"k": value}]
    assert load.parse(f"x: {cardtext.flow(nested)}\n", "t") == {"x": nested}
    key_and_value = "\n".join(cardtext.block(value, value)) + "\n"
    assert load.parse(key_and_value, "t") == {value: value}
    card = {
        "name": value,
        "description": value,
        "capabilities": [value],
        "faq": [{"question": value, "answer": value}],
    }
    assert load.parse(cardtext.format_card(card), "t") == card


@pytest.mark.parametrize("model", [v for v in TRICKY if gate.is_valid_id(v)])
def test_new_and_import_write_a_name_the_same_way(model: str) -> None:
    # A second writer in either command would show here: the same name, the same line.
    imported = cardtext.format_card({"name": model, "added": "2026-03-09"}).splitlines()
    blank = scaffold.blank_card(("acme", model), DAY, "# first line", {}).splitlines()
    old = "name: Old\nadded: 2020-01-01\n"
    source = load.Document(Path("c.yaml"), "c.yaml", old, load.parse(old, "c.yaml"))
    copied = scaffold.copied_card(source, model, DAY, "# first line")[0].splitlines()
    for lines in (blank, copied):
        assert imported[0] in lines and imported[1] in lines, (imported, lines)
    for text in (blank, copied, imported):
        data = load.parse("\n".join(text) + "\n", "t")
        assert (data["name"], data["added"]) == (model, "2026-03-09")
