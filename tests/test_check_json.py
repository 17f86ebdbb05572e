"""`catalog check --format json` for tools, and the pre-commit hook that offers `catalog check`."""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import yaml

from catalog import cli
from catalog.errors import CatalogError
from catalog.write import pipeline
from tests.conftest import PROJECT
from tests.test_cli import run

KEYS = ["ok", "cards", "providers", "pages", "errors"]
ERROR_KEYS = ["path", "line", "column", "field", "message", "expected"]


def _break(catalog_dir: Path) -> None:
    """The same two errors as test_cli's test_check_reports_every_error_and_exits_1."""
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("max_output: 16384", "max_output: 999999"))
    (catalog_dir / "acme/pebble.yaml").write_text("name: Pebble\nname: again\n")


def test_json_when_valid(catalog_dir: Path) -> None:
    result = run("check", "--format", "json", cwd=catalog_dir.parent)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("\n") == 1  # one document, one line
    document = json.loads(result.stdout)
    assert list(document) == KEYS
    assert document == {"ok": True, "cards": 2, "providers": 1, "pages": 3, "errors": []}
    # the text form is unchanged
    text = run("check", cwd=catalog_dir.parent)
    assert text.stdout == "models: OK: 2 cards, 1 providers, 3 model pages\n"
    assert run("check", "--format", "text", cwd=catalog_dir.parent).stdout == text.stdout


def test_json_when_invalid(catalog_dir: Path) -> None:
    _break(catalog_dir)
    for args in ((), ("--no-cache",), ("--workers", "2")):
        result = run("check", "--format", "json", *args, cwd=catalog_dir.parent)
        assert (result.returncode, result.stderr) == (1, ""), args
        document = json.loads(result.stdout)
        assert list(document) == KEYS
        assert document == {
            "ok": False,
            "cards": None,
            "providers": None,
            "pages": None,
            "errors": [
                {
                    "path": "models/acme/pebble.yaml",
                    "line": 2,
                    "column": 1,
                    "field": "name",
                    "message": "duplicate key (first defined on line 1)",
                    "expected": "each key once per mapping",
                },
                {
                    "path": "models/acme/rocket.yaml",
                    "line": 5,
                    "column": 13,
                    "field": "max_output",
                    "message": "999,999 is above the context window of 128,000",
                    "expected": "at most the context window",
                },
            ],
        }, args
    # the text form, byte for byte as before
    text = run("check", cwd=catalog_dir.parent)
    assert (text.returncode, text.stdout) == (1, "")
    assert text.stderr == (
        "models/acme/pebble.yaml:2:1: name: duplicate key (first defined on line 1) "
        "(expected each key once per mapping)\n"
        "models/acme/rocket.yaml:5:13: max_output: 999,999 is above the context window of "
        "128,000 (expected at most the context window)\n"
        "2 error(s) in 2 file(s); nothing was written\n"
    )


def test_json_error_without_field_or_expectation(catalog_dir: Path) -> None:
    (catalog_dir / "acme/pebble.yaml").write_text("name: [unclosed\n")
    result = run("check", "--format", "json", cwd=catalog_dir.parent)
    assert result.returncode == 1
    (error,) = json.loads(result.stdout)["errors"]
    assert list(error) == ERROR_KEYS
    assert error["path"] == "models/acme/pebble.yaml"
    assert error["field"] is None and error["expected"] is None
    assert error["message"].startswith("YAML syntax error:")
    assert isinstance(error["line"], int) and isinstance(error["column"], int)


def test_json_usage_problems(tmp_path: Path) -> None:
    missing = run("check", "--format", "json", "--models", "nowhere", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (1, "")
    assert json.loads(missing.stdout) == {
        "ok": False,
        "cards": None,
        "providers": None,
        "pages": None,
        "errors": [
            {
                "path": None,
                "line": None,
                "column": None,
                "field": None,
                "message": "nowhere: no such folder (expected the folder of model cards)",
                "expected": None,
            }
        ],
    }
    # command-line mistakes stay argparse's: exit 2, a message on stderr, nothing on stdout
    for args in (("--format", "xml"), ("--format", "json", "--workers", "0")):
        result = run("check", *args, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert "catalog check: error:" in result.stderr


def test_json_for_errors_raised_outside_the_validator(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lone located error and an unreadable file print JSON too; the text form is as before."""

    def located(*args: object, **kwargs: object) -> None:
        raise CatalogError("models/site.yaml", 3, 7, "", "something odd")

    def unreadable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "models/site.yaml")

    # main() tunes the garbage collector for a short-lived process; not for this test session
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(gc, "set_threshold", lambda *thresholds: None)
    monkeypatch.setattr(pipeline, "check_only", located)
    assert cli.main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out)["errors"] == [
        {
            "path": "models/site.yaml",
            "line": 3,
            "column": 7,
            "field": None,
            "message": "something odd",
            "expected": None,
        }
    ]
    assert cli.main(["check"]) == 1
    assert capsys.readouterr() == (
        "",
        "models/site.yaml:3:7: something odd\n1 error; nothing was written\n",
    )
    monkeypatch.setattr(pipeline, "check_only", unreadable)
    assert cli.main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["errors"][0]["message"] == "models/site.yaml: Permission denied"
    assert cli.main(["check"]) == 1
    assert capsys.readouterr() == ("", "catalog: models/site.yaml: Permission denied\n")


# --------------------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook_runs_catalog_check(catalog_dir: Path) -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list) and len(hooks) == 1
    (hook,) = hooks
    assert hook["id"] == "catalog-check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "models/azure/gpt-4.1-mini.yaml")
    assert re.search(hook["files"], "models/site.yaml")
    assert not re.search(hook["files"], "catalog/cli.py")
    assert not re.search(hook["files"], "docs/models/x.yaml")
    assert hook["name"] and hook["description"]
    # the entry is a console script this package installs, and its arguments are a valid command
    script, *args = hook["entry"].split()
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["scripts"]
    assert script in scripts
    module, function = scripts[script].split(":")
    assert getattr(import_module(module), function) is cli.run  # main(), then a quick exit
    assert cli.make_parser().parse_args(args).func.__name__ == "_cmd_check"
    # and runs: the installed script, from the root of a repository with a models/ folder
    installed = Path(sys.executable).parent / script
    assert installed.is_file(), f"{installed} is missing: pip install -e ."
    ok = subprocess.run(
        [str(installed), *args], cwd=catalog_dir.parent, capture_output=True, text=True
    )
    assert (ok.returncode, ok.stdout) == (0, "models: OK: 2 cards, 1 providers, 3 model pages\n")
    _break(catalog_dir)
    failed = subprocess.run(
        [str(installed), *args], cwd=catalog_dir.parent, capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert failed.stderr.endswith("2 error(s) in 2 file(s); nothing was written\n")
