"""`catalog schema`: the JSON Schemas the site publishes, printed or written for editors; and every
file of models/ checked against them by an independent validator, check-jsonschema."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog.authoring import scaffold
from catalog.read import load
from catalog.render.documents import SCHEMA_MODELS, json_schema_text, schema_files
from tests.conftest import FIXTURES, PROJECT
from tests.test_cli import run

MODELS = PROJECT / "models"


def test_schema_prints_what_the_site_publishes(tmp_path: Path) -> None:
    published = dict(schema_files())
    assert sorted(published) == [
        "schema/card.json", "schema/lab.json", "schema/model.json", "schema/provider.json",
        "schema/site.json",
    ]  # fmt: skip
    cases = (((), "card"), (("card",), "card"), (("provider",), "provider"), (("model",), "model"))
    for args, name in cases:
        result = run("schema", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == published[f"schema/{name}.json"]
        schema = json.loads(result.stdout)
        assert schema["$id"] == f"{name}.json"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    card = json.loads(published["schema/card.json"])
    # An offer names its model or says its name and description itself.
    assert card["required"] == ["added"]
    assert card["anyOf"] == [{"required": ["model"]}, {"required": ["name", "description"]}]
    assert json.loads(published["schema/model.json"])["required"] == ["name", "description"]
    assert json.loads(published["schema/site.json"])["title"] == "Site"
    bad = run("schema", "cards", cwd=tmp_path)
    assert bad.returncode == 2
    assert "invalid choice: 'cards'" in bad.stderr
    assert list(tmp_path.iterdir()) == []  # printing writes nothing


def test_help_names_the_schema_command(tmp_path: Path) -> None:
    assert "schema    print the JSON Schema" in run("--help", cwd=tmp_path).stdout
    result = run("schema", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for words in ("[NAME]", "--write", "--out DIR", "which schema: card"):
        assert words in result.stdout


def test_schema_write(tmp_path: Path) -> None:
    result = run("schema", "--write", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "wrote schema/card.json",
        "wrote schema/model.json",
        "wrote schema/lab.json",
        "wrote schema/provider.json",
        "wrote schema/site.json",
    ]
    for name in SCHEMA_MODELS:
        assert (tmp_path / "schema" / f"{name}.json").read_text() == json_schema_text(name)
    stamp = (tmp_path / "schema/card.json").stat().st_mtime_ns
    again = run("schema", "--write", cwd=tmp_path)
    assert again.stdout.splitlines()[0] == "up to date: schema/card.json"
    assert (tmp_path / "schema/card.json").stat().st_mtime_ns == stamp
    only = run("schema", "site", "--out", "elsewhere", cwd=tmp_path)
    assert only.stdout == "wrote elsewhere/site.json\n"
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["site.json"]


def test_the_projects_schema_files_are_current() -> None:
    """schema/*.json, which scaffolded cards name, are generated: regenerate them with
    `catalog schema --write` after changing catalog/read/schema.py."""
    folder = PROJECT / scaffold.SCHEMA_FOLDER
    if not folder.exists():
        pytest.skip("no schema/ folder in the project (catalog schema --write makes it)")
    for name in SCHEMA_MODELS:
        assert (folder / f"{name}.json").read_text() == json_schema_text(name), (
            f"schema/{name}.json is stale: run `catalog schema --write`"
        )


# --------------------------------------------------------------------------- check-jsonschema


def _check_jsonschema() -> Path:
    tool = Path(sys.executable).parent / "check-jsonschema"
    if tool.is_file():
        return tool
    message = "check-jsonschema not found: install the test tools with `pip install -e '.[test]'`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _validate(schema: str, files: list[Path], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's CLI on ``files`` against our exported schema ``schema``. Format checks
    (``date``) are on, as they are by default; check-jsonschema reads YAML timestamps as text, the
    way catalog's loader does, so an unquoted 2025-04-14 meets {"type": "string", "format":
    "date"} as it is written."""
    schema_file = tmp_path / f"{schema}.json"
    schema_file.write_text(json_schema_text(schema))
    return subprocess.run(
        [str(_check_jsonschema()), "--schemafile", str(schema_file), "-o", "json"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _cards(models: Path) -> list[Path]:
    return sorted(
        p
        for p in models.glob("*/**/*.yaml")
        if p.name != "provider.yaml" and p.parent != models and p.parts[len(models.parts)] != "labs"
    )


def test_every_file_of_the_catalog_meets_the_exported_schemas(tmp_path: Path) -> None:
    cards = _cards(MODELS)
    providers = sorted(MODELS.glob("*/provider.yaml"))
    labs = sorted(MODELS.glob("labs/*/lab.yaml"))
    model_cards = sorted(p for p in MODELS.glob("labs/*/*.yaml") if p.name != "lab.yaml")
    assert len(cards) == 342 and len(providers) == 16
    assert len(labs) == 12 and len(model_cards) == 113
    for schema, files in (
        ("card", cards),
        ("model", model_cards),
        ("lab", labs),
        ("provider", providers),
        ("site", [MODELS / "site.yaml"]),
    ):
        result = _validate(schema, files, tmp_path)
        assert result.returncode == 0, (schema, result.stdout, result.stderr)
        report = json.loads(result.stdout)
        assert report["status"] == "ok" and report["errors"] == [], report


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_check_jsonschema_reads_the_cards_as_catalog_does() -> None:
    """The check above is only meaningful if check-jsonschema (ruamel.yaml, YAML 1.2, timestamps
    kept as text) sees the data catalog's loader (libyaml, YAML 1.1, exact decimals, timestamps
    as text) sees: for every file of models/ it does, dates included."""
    _check_jsonschema()
    from check_jsonschema.parsers import yaml as check_yaml

    read = check_yaml.impl2loader(
        check_yaml.construct_yaml_implementation(),
        check_yaml.construct_yaml_implementation(pure=True),
    )
    files = sorted(MODELS.rglob("*.yaml"))
    assert len(files) == 486  # every card, model card, lab, provider and registry file
    for path in files:
        theirs = read(io.BytesIO(path.read_bytes()))
        assert theirs == _plain(load.read(path).data), path
    rocket = read(io.BytesIO((FIXTURES / "minimal/acme/rocket.yaml").read_bytes()))
    assert rocket["released"] == "2025-01-15" and rocket["knowledge_cutoff"] == "2024-10"


def test_the_exported_schema_rejects_what_it_should(tmp_path: Path) -> None:
    """Not a validator that accepts anything: a card with an impossible date, a quoted price,
    an unknown key and a bad region id fails, and every problem is named."""
    card = tmp_path / "bad.yaml"
    card.write_text(
        "name: gpt-4.1\ndescription: A model.\napi: chat\nmax_ouput: 12\n"
        "released: 2025-02-31\nadded: 2025-04-14\nknowledge_cutoff: April 2024\n"
        'pricing:\n  input: "2.00"\n  output: 8\nregions: [swedencentral]\n'
    )
    result = _validate("card", [card], tmp_path)
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    paths = sorted(e["path"] for e in errors)
    assert paths == [
        "$",  # additional property max_ouput
        "$.knowledge_cutoff",
        "$.pricing.input",
        "$.released",
    ], errors
    deepest = {e["path"]: e.get("best_deep_match", e)["message"] for e in errors}
    assert deepest["$.released"] == "'2025-02-31' is not a 'date'"  # the format is checked
    assert deepest["$.pricing.input"] == "'2.00' is not of type 'number'"
    assert "'max_ouput' was unexpected" in deepest["$"]


def test_scaffolded_cards_meet_the_exported_schema(catalog_dir: Path, tmp_path: Path) -> None:
    blank = scaffold.new_card(catalog_dir, ("acme", "blank"))
    copy = scaffold.new_card(catalog_dir, ("acme", "copy"), ("acme", "rocket"))
    # the card schema its first line names, as an editor would follow it
    named = blank.path.parent / blank.path.read_text().splitlines()[0].split("$schema=")[1]
    assert named.resolve() == (catalog_dir.parent / "schema/card.json").resolve()
    result = subprocess.run(
        [str(_check_jsonschema()), "--schemafile", str(named), str(blank.path), str(copy.path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert load.read(copy.path).data["added"] == date.today().isoformat()
    # a scaffolded card stays checked once filled in wrongly
    wrong = catalog_dir / "acme/wrong.yaml"
    shutil.copyfile(blank.path, wrong)
    wrong.write_text(wrong.read_text().replace("# context_window:", "context_window: many"))
    assert _validate("card", [wrong], tmp_path).returncode == 1
