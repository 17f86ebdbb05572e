"""The command line, run as a user runs it: a real process, its output and its exit status."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("CATALOG_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_help_explains_every_command(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for word in ("check", "build", "models/<provider>/<model>.yaml", "exit status"):
        assert word in result.stdout
    for command in ("check", "build"):
        sub = run(command, "--help", cwd=tmp_path)
        assert sub.returncode == 0
        assert "--models DIR" in sub.stdout
    assert "--out DIR" in run("build", "--help", cwd=tmp_path).stdout


def test_check_ok(catalog_dir: Path) -> None:
    result = run("check", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "models: OK: 2 cards, 1 providers, 3 model pages\n"


def test_check_reports_every_error_and_exits_1(catalog_dir: Path) -> None:
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("max_output: 16384", "max_output: 999999"))
    (catalog_dir / "acme/pebble.yaml").write_text("name: Pebble\nname: again\n")
    result = run("check", "--models", "models", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "models/acme/pebble.yaml:2:1: name: duplicate key (first defined on line 1) "
        "(expected each key once per mapping)",
        "models/acme/rocket.yaml:5:13: max_output: 999,999 is above the context window of "
        "128,000 (expected at most the context window)",
        "2 error(s) in 2 file(s); nothing was written",
    ]


def test_build_writes_the_site(catalog_dir: Path) -> None:
    result = run("build", "--models", "models", "--out", "out", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 3 model pages (")
    out = catalog_dir.parent / "out"
    for page in (
        "index.html",
        "models/acme/pebble.html",
        "models/acme/rocket@eu-west.html",
        "providers/acme.html",
        "static/catalog.css",
        "static/catalog.js",
        "static/logos/acme.svg",
    ):
        assert (out / page).is_file(), page
    # no staging or old copies are left beside the output, only the build record
    assert sorted(p.name for p in catalog_dir.parent.iterdir()) == [
        ".out.build-record",
        ".out.build-state",
        "models",
        "out",
    ]


def test_failed_build_leaves_the_previous_site_untouched(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    assert run("build", "--out", "out", cwd=cwd).returncode == 0
    before = snapshot(cwd / "out")
    rocket = catalog_dir / "acme/rocket.yaml"
    rocket.write_text(rocket.read_text().replace("name: Rocket", "name: Rocket 2\nbogus: 1"))
    result = run("build", "--out", "out", cwd=cwd)
    assert result.returncode == 1
    assert "models/acme/rocket.yaml:2:1: bogus: unknown key" in result.stderr
    assert snapshot(cwd / "out") == before
    assert sorted(p.name for p in cwd.iterdir()) == [
        ".out.build-record",
        ".out.build-state",
        "models",
        "out",
    ]


def test_template_error_is_located_and_publishes_nothing(catalog_dir: Path, tmp_path: Path) -> None:
    from catalog.errors import CatalogError
    from catalog.render.theme import PROJECT_ROOT, Theme
    from catalog.write.pipeline import build

    # A theme of its own templates only: a missing one is missing, not found in the default.
    theme = Theme((tmp_path,))
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    (templates / "model.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ page.no_such_field }}\n{% endblock %}\n'
    )
    out = tmp_path / "out"
    with pytest.raises(CatalogError) as info:
        build(catalog_dir, out, theme=theme)
    # the working directory is tmp_path, so the path is shown relative to it
    assert str(info.value).startswith("templates/model.html:3:1: template error:")
    assert "no_such_field" in str(info.value)
    assert not out.exists()
    # The same error from a worker process of a parallel build, and a missing template.
    with pytest.raises(CatalogError) as info:
        build(catalog_dir, out, theme=theme, workers=2)
    assert str(info.value).startswith("templates/model.html:3:1: template error:")
    (templates / "chart.html").unlink()
    with pytest.raises(CatalogError) as info:
        build(catalog_dir, out, theme=theme)
    assert str(info.value) == (
        "templates/chart.html:1:1: template is missing (expected a file chart.html in templates)"
    )
    assert not out.exists()


def test_missing_models_folder(tmp_path: Path) -> None:
    result = run("check", "--models", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr == "catalog: nowhere: no such folder (expected the folder of model cards)\n"
    )


@pytest.mark.parametrize("out", ["/", ".", "models"])
def test_build_refuses_to_replace_precious_folders(catalog_dir: Path, out: str) -> None:
    result = run("build", "--out", out, cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(f"catalog: --out {out}: refusing to replace")
    assert "Traceback" not in result.stderr


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run("publish", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'publish'" in result.stderr


def test_site_url_overrides_canonical_urls(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    result = run("build", "--out", "out", "--site-url", "http://127.0.0.1:8000/preview/", cwd=cwd)
    assert result.returncode == 0, result.stderr
    page = (cwd / "out/models/acme/pebble.html").read_text()
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/preview/models/acme/pebble.html">'
        in (page)
    )
    assert (
        "Sitemap: http://127.0.0.1:8000/preview/sitemap.xml" in (cwd / "out/robots.txt").read_text()
    )
    assert 'href="/preview/static/catalog.css"' in (cwd / "out/404.html").read_text()
    bad = run("build", "--out", "out", "--site-url", "ftp://x", cwd=cwd)
    assert bad.returncode == 1
    assert bad.stderr == "catalog: --site-url ftp://x: expected an http(s) URL ending in /\n"


def test_unchanged_inputs_skip_the_build(catalog_dir: Path) -> None:
    cwd = catalog_dir.parent
    assert run("build", "--out", "out", cwd=cwd).returncode == 0
    page = cwd / "out/models/acme/pebble.html"
    stamp = page.stat().st_mtime_ns
    again = run("build", "--out", "out", cwd=cwd)
    assert again.returncode == 0
    assert again.stdout.startswith("out/ is up to date: nothing changed since the last build")
    assert page.stat().st_mtime_ns == stamp
    # any input change rebuilds: a card, a template option, or --force
    pebble = catalog_dir / "acme/pebble.yaml"
    pebble.write_text(pebble.read_text().replace("A small model.", "A smaller model."))
    changed = run("build", "--out", "out", cwd=cwd)
    assert changed.stdout.startswith("built 3 model pages")
    assert "A smaller model." in page.read_text()
    assert run(
        "build", "--out", "out", "--site-url", "https://x.example/", cwd=cwd
    ).stdout.startswith("built")
    assert run("build", "--out", "out", "--force", cwd=cwd).stdout.startswith("built")
    # a deleted output is rebuilt even though the record says nothing changed
    shutil.rmtree(cwd / "out")
    assert run("build", "--out", "out", cwd=cwd).stdout.startswith("built")
    assert page.is_file()
