"""Faults lose nothing: ``catalog build`` killed at any moment (SIGKILL) leaves a complete site
in the output folder, the previous one or, once it was swapped in, the new one; the next build
removes what the killed one left and puts back a site it had moved aside; a template error
publishes nothing.

The catalog is synthetic (bench/synth.py, 300 cards, 723 pages, 1,499 files): large enough that
a build takes about a second, so that it can be killed while it validates, while it renders,
after it rendered and while it publishes. Two moments cannot be hit by a timer: right after the
swap and, on a system without an atomic swap, between the two renames; a build patched to stop
there is killed there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.synth import generate
from catalog.errors import CatalogError
from catalog.render.theme import Theme
from catalog.write import pipeline, publish
from tests.conftest import PROJECT

CARDS = 310  # a site of over 1,400 files (the number follows the registries the generator copies)
Snapshot = dict[str, str | None]


def snapshot(folder: Path) -> Snapshot:
    """Every file's SHA-256 and every folder (None), by path relative to ``folder``."""
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        )
        for path in folder.rglob("*")
    }


@dataclass(frozen=True)
class Sites:
    root: Path
    old: Path  # the previous site, built from models-old
    old_snapshot: Snapshot
    new_snapshot: Snapshot  # what a build of models-new writes


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    root = tmp_path_factory.mktemp("faults")
    generate(root / "models-old", CARDS)
    shutil.copytree(root / "models-old", root / "models-new")
    # The new catalog differs in one card's name, which every list shows: index, provider, ...
    card = sorted((root / "models-new").rglob("*.yaml"))[-1]
    text = card.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    card.write_text(text.replace(name, name + " renamed", 1), encoding="utf-8")
    pipeline.build(root / "models-old", root / "old", workers=2)
    pipeline.build(root / "models-new", root / "new", workers=2)
    sites = Sites(root, root / "old", snapshot(root / "old"), snapshot(root / "new"))
    assert len(sites.old_snapshot) > 1400
    assert sites.old_snapshot["index.html"] != sites.new_snapshot["index.html"]
    return sites


@pytest.fixture
def work(sites: Sites, tmp_path: Path) -> Path:
    """A folder with the previous site in ``site/`` and the changed catalog in ``models/``."""
    shutil.copytree(sites.old, tmp_path / "site")
    # With its record: a build replaces only a folder catalog wrote.
    shutil.copy(sites.root / ".old.build-record", tmp_path / ".site.build-record")
    shutil.copytree(sites.root / "models-new", tmp_path / "models")
    return tmp_path


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("CATALOG_DEBUG", None)
    return env


def start_build(cwd: Path, *args: str, script: str | None = None) -> subprocess.Popen[str]:
    """``catalog build`` as a process in its own process group (its render workers with it)."""
    code = script or "import sys\nfrom catalog.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "build", "--models", "models", "--out", "site", *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL the build and its workers (the group this test started), then reap it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    return False


def beside(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir())


def assert_complete(work: Path, sites: Sites, published: bool | None = None) -> None:
    """The site is one of the two complete ones: the old before the swap, the new after."""
    now = snapshot(work / "site")
    if published is None:
        assert now in (sites.old_snapshot, sites.new_snapshot)
    else:
        assert now == (sites.new_snapshot if published else sites.old_snapshot)


def assert_next_build_recovers(work: Path, sites: Sites) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "catalog", "build", "--models", "models", "--out", "site"],
        cwd=work,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert snapshot(work / "site") == sites.new_snapshot
    # With the state that lets the next build after an edit render only what it reaches.
    assert beside(work) == [".site.build-record", ".site.build-state", "models", "site"]


# --------------------------------------------------------------------------- killed on a timer


@pytest.mark.parametrize("after", [0.2, 0.5, 0.8, 1.1])
def test_killed_after_a_while_leaves_a_complete_site(
    work: Path, sites: Sites, after: float
) -> None:
    process = start_build(work, "--workers", "1")
    time.sleep(after)
    kill(process)
    assert_complete(work, sites)
    assert_next_build_recovers(work, sites)


# --------------------------------------------------------------------------- killed at a stage


def _staging(work: Path) -> list[Path]:
    return [p for p in work.iterdir() if p.name.startswith(".site.staging-")]


def test_killed_while_rendering(work: Path, sites: Sites) -> None:
    process = start_build(work, "--workers", "2")
    assert wait_for(lambda: bool(_staging(work)), process, 30)
    # Wait for the first pages rather than sleep: how soon they come varies with the machine.
    pages = _staging(work)[0] / "models"
    assert wait_for(lambda: pages.is_dir() and any(pages.rglob("*.html")), process, 30)
    kill(process)  # the build and its two render workers
    assert_complete(work, sites, published=False)
    leftovers = _staging(work)
    assert len(leftovers) == 1 and any(leftovers[0].rglob("*.html"))
    assert_next_build_recovers(work, sites)


def test_killed_after_rendering_before_publishing(work: Path, sites: Sites) -> None:
    # api/models.json is joined once every page is written, just before the static files and
    # the swap.
    process = start_build(work, "--workers", "1")
    assert wait_for(
        lambda: any((s / "api/models.json").exists() for s in _staging(work)), process, 30
    )
    kill(process)
    assert_complete(work, sites)
    assert_next_build_recovers(work, sites)


PAUSE_AFTER_SWAP = """
import pathlib, sys, time
from catalog.write import publish as build
from catalog.cli import main

exchange = build._exchange

def paused(a, b):
    done = exchange(a, b)
    pathlib.Path("swapped").write_text(str(done))
    time.sleep(120)
    return done

build._exchange = paused
sys.exit(main(sys.argv[1:]))
"""


def test_killed_right_after_the_swap(work: Path, sites: Sites) -> None:
    # The new site is in place; the old one, now in the staging folder, is not removed yet.
    process = start_build(work, "--workers", "1", script=PAUSE_AFTER_SWAP)
    assert wait_for(lambda: (work / "swapped").exists(), process, 60), process.communicate()
    kill(process)
    assert (work / "swapped").read_text() == "True"  # renameat2(RENAME_EXCHANGE) did the swap
    (work / "swapped").unlink()
    assert_complete(work, sites, published=True)
    (leftover,) = _staging(work)
    assert snapshot(leftover) == sites.old_snapshot
    assert_next_build_recovers(work, sites)


PAUSE_BETWEEN_RENAMES = """
import pathlib, sys, time
from catalog.write import publish as build
from catalog.cli import main

build._exchange = lambda a, b: False  # a system that cannot swap two folders in one step
rename = pathlib.Path.rename

def paused(self, target):
    moved = rename(self, target)
    if ".site.old-" in str(target):
        pathlib.Path("moved").write_text(str(target))
        time.sleep(120)
    return moved

pathlib.Path.rename = paused
sys.exit(main(sys.argv[1:]))
"""


def test_killed_between_the_two_renames_of_a_system_without_swap(work: Path, sites: Sites) -> None:
    process = start_build(work, "--workers", "1", script=PAUSE_BETWEEN_RENAMES)
    assert wait_for(lambda: (work / "moved").exists(), process, 60), process.communicate()
    kill(process)
    aside = work / Path((work / "moved").read_text()).name
    (work / "moved").unlink()
    # The one moment without a site: the old one is aside, complete, the new one not in place.
    assert not (work / "site").exists()
    assert snapshot(aside) == sites.old_snapshot
    # The next build puts it back first, even when it then fails on an invalid card ...
    card = next((work / "models").rglob("*.yaml"))
    good = card.read_text(encoding="utf-8")
    card.write_text(good + "bogus: 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "catalog", "build", "--out", "site"],
        cwd=work, env=_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "bogus: unknown key" in result.stderr
    assert snapshot(work / "site") == sites.old_snapshot
    assert beside(work) == [".site.build-record", "models", "site"]
    # ... and a valid build then publishes the new one.
    card.write_text(good, encoding="utf-8")
    assert_next_build_recovers(work, sites)


def test_publish_without_swap_leaves_no_old_site(
    work: Path, sites: Sites, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    pipeline.build(work / "models", work / "site", workers=1)
    assert snapshot(work / "site") == sites.new_snapshot
    assert beside(work) == [".site.build-record", "models", "site"]


# --------------------------------------------------------------------------- leftovers


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_recovery_from_a_simulated_state(sites: Sites, tmp_path: Path) -> None:
    """What killed builds leave, made by hand: the site aside, a half-written staging folder,
    a half-removed old site, a half-written record; and a running build's staging folder."""
    out = tmp_path / "site"
    dead = _dead_pid()
    shutil.copytree(sites.old, tmp_path / f".site.old-{dead}")
    (tmp_path / f".site.staging-{dead}" / "models").mkdir(parents=True)
    (tmp_path / f".site.staging-{dead}" / "index.html").write_text("<!doctype html>half")
    (tmp_path / f".site.trash-{dead}" / "api").mkdir(parents=True)
    (tmp_path / f".site.record-{dead}").write_text('{"inputs": "ab')
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / f".site.staging-{running.pid}").mkdir()
        (tmp_path / ".other.staging-1").mkdir()  # another output folder's: not ours to touch
        removed = publish.recover(out)
        assert sorted(p.name for p in removed) == sorted(
            [f".site.staging-{dead}", f".site.trash-{dead}", f".site.record-{dead}"]
        )
        assert snapshot(out) == sites.old_snapshot
        assert beside(tmp_path) == sorted(
            [".other.staging-1", f".site.staging-{running.pid}", "site"]
        )
    finally:
        running.kill()
        running.wait()


def test_an_unreadable_build_record_means_a_rebuild(work: Path, sites: Sites) -> None:
    # A build killed while writing its record used to leave half a JSON document, and the next
    # build stopped on it ("internal error: JSONDecodeError").
    (work / ".site.build-record").write_text('{"inputs": "0123', encoding="utf-8")
    result = pipeline.build(work / "models", work / "site", workers=1)
    assert not result.skipped
    assert snapshot(work / "site") == sites.new_snapshot
    again = pipeline.build(work / "models", work / "site", workers=1)
    assert again.skipped


# --------------------------------------------------------------------------- template errors


@pytest.mark.parametrize("workers", [1, 2])
def test_a_template_error_is_located_and_publishes_nothing(
    work: Path, sites: Sites, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chart.html is rendered after every model page: by then most of the site is written.
    monkeypatch.chdir(work)
    templates = work / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    chart = templates / "chart.html"
    lines = chart.read_text(encoding="utf-8").splitlines()
    assert lines[5].startswith("<h1>")  # inside the main block
    lines.insert(6, "{{ chart.no_such_field.boom }}")
    chart.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        pipeline.build(Path("models"), Path("site"), Theme((work,)), workers=workers)
    assert str(info.value).startswith("templates/chart.html:7:1: template error: ")
    assert "no_such_field" in str(info.value)
    assert snapshot(work / "site") == sites.old_snapshot
    assert beside(work) == [".site.build-record", "models", "site", "templates"]
