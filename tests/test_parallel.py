"""The build's render workers: the same bytes whatever their number, errors located from any."""

from __future__ import annotations

from pathlib import Path

from catalog.write.pipeline import build
from tests.conftest import PROJECT
from tests.test_cli import run, snapshot


def test_output_is_the_same_bytes_whatever_the_number_of_workers(tmp_path: Path) -> None:
    trees = []
    for workers in (1, 2, 5):
        out = tmp_path / f"site-{workers}"
        result = build(PROJECT / "models", out, workers=workers)
        assert result.pages == 351
        trees.append(snapshot(out))
    assert len(trees[0]) > 100
    assert trees[0] == trees[1] == trees[2]
    # models.json is joined from the workers' parts: one record per page, in page order
    models = trees[0]["api/models.json"].decode()
    assert models.count('"id": "azure/gpt-4.1-mini@') == 3
    assert models.index('"id": "anthropic/') < models.index('"id": "xai/')
    assert not any(path.startswith(".parts") for path in trees[0])


def test_workers_and_timings_options(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    bad = run("build", "--workers", "0", cwd=cwd)
    assert bad.returncode == 2
    assert "--workers: expected a whole number of at least 1, not '0'" in bad.stderr
    ok = run("build", "--workers", "2", "--timings", cwd=cwd)
    assert ok.returncode == 0, ok.stderr
    stages = [line.split(" s  ", 1)[1] for line in ok.stdout.splitlines()[1:]]
    assert stages == [
        "inputs digest",
        "load and validate",
        "derive",
        "prepare render",
        "render and write (2 workers)",
        "models.json, static files",
        "publish",
    ]
