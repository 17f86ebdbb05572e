"""Shared fixtures: a tiny valid catalog copied per test, and helpers to break it on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.errors import ValidationFailed
from catalog.validate import Catalog, validate_catalog

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/minimal; the working directory is its parent, so messages read
    ``models/acme/rocket.yaml:…``."""
    root = tmp_path / "models"
    shutil.copytree(FIXTURES / "minimal", root)
    monkeypatch.chdir(tmp_path)
    return root


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate_catalog(root)
    return [str(e) for e in info.value.errors]


def load_ok(root: Path) -> Catalog:
    return validate_catalog(root)
