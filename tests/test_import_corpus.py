"""The whole models.dev data set (../shared/corpus/models.dev beside the project) imports without a
traceback, every card passes `catalog check`, the catalog builds, and a second import of the
same data changes nothing. Skipped, with the reason, where that folder is absent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog.importers import models_dev
from catalog.importers.plan import plan, write
from catalog.importers.report import (
    CUTOFF_AFTER_RELEASE,
    DATE_NOT_REAL,
    FLOAT_NOISE,
    SAME_MODEL_CONFLICT,
    Report,
)
from catalog.write.pipeline import build, check

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/models.dev"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "providers").is_dir(),
    reason=f"the models.dev corpus is not at {CORPUS} (../shared beside the project); "
    "the importer's own tests use tests/fixtures/import",
)


def test_the_whole_corpus_imports_checks_and_builds(tmp_path: Path) -> None:
    out = tmp_path / "models"
    started = time.perf_counter()
    report = Report()
    providers, cards, lab_models = models_dev.read(CORPUS, None, report)
    summary = plan("models.dev", out, providers, cards, report, lab_models)
    write(summary)
    imported = time.perf_counter()
    catalog = check(out)
    checked = time.perf_counter()
    result = build(out, tmp_path / "site")
    built = time.perf_counter()

    assert len(catalog.providers) == len(providers) > 100
    assert len(catalog.models) == len(cards) == len(summary.added) > 4000
    # The lab models the offers name are model cards, and most offers name one.
    assert len(catalog.lab_models) == len(lab_models) == len(summary.models_added) > 150
    assert sum(m.base is not None for m in catalog.models) > 1000
    assert result.pages == catalog.page_count == len(cards)
    # Every kind the source gets wrong was met, normalized and counted.
    counts = report.counts()["normalized"]
    for kind in (FLOAT_NOISE, CUTOFF_AFTER_RELEASE, DATE_NOT_REAL, SAME_MODEL_CONFLICT):
        assert counts.get(kind, 0) > 0, kind

    providers, cards, lab_models = models_dev.read(CORPUS, None, Report())
    again = plan("models.dev", out, providers, cards, report, lab_models)
    assert (again.added, again.changed, again.gone) == ([], {}, [])
    assert again.files == {}
    print(
        f"\nmodels.dev corpus: {len(providers)} providers, {len(cards)} cards, "
        f"{result.pages} pages; import {imported - started:.1f} s, "
        f"check {checked - imported:.1f} s, build {built - checked:.1f} s"
    )
