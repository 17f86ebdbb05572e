"""``catalog build`` after an edit renders only what the edit reaches, from the state the last
build saved beside the output, and the site is byte for byte what a clean build makes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from catalog.errors import ValidationFailed
from catalog.render.theme import Theme
from catalog.write import engine, state
from catalog.write.engine import Engine
from catalog.write.pipeline import build as full_build
from catalog.write.sinks import ChangedFilesSink
from tests.conftest import PROJECT
from tests.test_cli import run, snapshot
from tests.test_engine import edit


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(PROJECT / "models", tmp_path / "models")
    # OpenAI's gpt-5 offer states its own name here (it inherits the model's in the starter), so
    # the tests can edit one line of it.
    gpt5 = tmp_path / "models/openai/gpt-5.yaml"
    gpt5.write_text(
        gpt5.read_text().replace("model: openai/gpt-5\n", "model: openai/gpt-5\nname: gpt-5\n")
    )
    monkeypatch.chdir(tmp_path)
    result = engine.build(Path("models"), Path("site"))
    assert result.written is None  # the first build builds everything
    assert state.path(Path("site")).is_file()
    return tmp_path


def clean_build_matches(work: Path, theme: Theme | None = None) -> None:
    reference = work / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    full_build(work / "models", reference, theme, force=True)
    got, want = snapshot(work / "site"), snapshot(reference)
    assert sorted(got) == sorted(want)
    assert [path for path in want if got[path] != want[path]] == []


def stamps(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()
    }


def changed_files(before: dict[str, int], site: Path) -> set[str]:
    after = stamps(site)
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def test_a_description_edit_writes_the_cards_files_alone(work: Path) -> None:
    before = stamps(work / "site")
    card = work / "models/azure/gpt-4.1.yaml"
    edit(card, "GPT-4.1 is a non-reasoning model", "GPT-4.1 is a **non-reasoning** model")
    result = engine.build(Path("models"), Path("site"))
    pages = {f"models/azure/gpt-4.1@{r}.html" for r in ("eastus2", "swedencentral")}
    records = {f"api/models/azure/gpt-4.1@{r}.json" for r in ("eastus2", "swedencentral")}
    assert changed_files(before, work / "site") == pages | records | {"api/models.json"}
    assert result.written == 5
    clean_build_matches(work)
    # Nothing changed since: the build record says so, nothing is rendered.
    assert engine.build(Path("models"), Path("site")).skipped


def test_edits_that_reach_lists_and_other_pages(work: Path) -> None:
    card = work / "models/openai/gpt-5.yaml"
    edit(card, "name: gpt-5", "name: GPT-5 renamed")  # every list shows it
    # and the newest OpenAI model, which every other OpenAI page lists among "other models"
    newest = work / "models/openai/gpt-5.5.yaml"
    edit(newest, "model: openai/gpt-5.5\n", "model: openai/gpt-5.5\nname: GPT-5.5 renamed\n")
    before = stamps(work / "site")
    result = engine.build(Path("models"), Path("site"))
    written = changed_files(before, work / "site")
    # the offer's name: the provider's list, the other OpenAI pages, the JSON index; the index
    # of models shows the model card's name, so it is not rewritten
    assert {"providers/openai.html", "models/openai/gpt-5-mini.html", "api/index.json"} <= written
    assert "index.html" not in written
    assert not [p for p in written if p.startswith("models/anthropic/")]
    assert result.written == len(written)
    clean_build_matches(work)
    # the model's cheapest price is on its index line
    edit(card, "  input: 1.25", "  input: 1.20")
    before = stamps(work / "site")
    engine.build(Path("models"), Path("site"))
    assert {"index.html", "labs/openai/gpt-5.html"} <= changed_files(before, work / "site")
    clean_build_matches(work)
    # A new card, a deleted card, a price: each against the state the last build saved.
    new = work / "models/openai/gpt-5-copy.yaml"
    new.write_text(card.read_text().replace("name: GPT-5 renamed", "name: GPT-5 copy"))
    (work / "models/xai/grok-4.3.yaml").unlink()
    edit(work / "models/mistral/mistral-nemo.yaml", "  input: 0.15", "  input: 1.15")
    assert engine.build(Path("models"), Path("site")).written is not None
    assert (work / "site/models/openai/gpt-5-copy.html").is_file()
    assert not (work / "site/models/xai/grok-4.3.html").exists()
    clean_build_matches(work)


def test_a_provider_file_and_a_theme_override(work: Path) -> None:
    edit(work / "models/xai/provider.yaml", "name: xAI\n", "name: xAI Corp\n")
    result = engine.build(Path("models"), Path("site"))
    assert result.written is not None and 0 < result.written < 40
    clean_build_matches(work)
    # A theme folder that overrides one template: a new theme, so this build is a full one; the
    # next edit of that template renders the pages that use it, and no others.
    theme = Theme.over_default(work / "theme")
    (work / "theme/templates").mkdir(parents=True)
    override = work / "theme/templates/chart.html"
    override.write_text(Theme.default().template_file("chart.html").read_text())
    assert engine.build(Path("models"), Path("site"), theme).written is None
    before = stamps(work / "site")
    override.write_text(override.read_text().replace("<h1>", "<h1 class='themed'>", 1))
    engine.build(Path("models"), Path("site"), theme)
    written = changed_files(before, work / "site")
    assert written and all(p.startswith("charts/") for p in written)
    clean_build_matches(work, theme)


def test_an_invalid_edit_leaves_the_site_and_the_state(work: Path) -> None:
    card = work / "models/openai/gpt-5.yaml"
    good = card.read_text()
    site, saved = snapshot(work / "site"), state.path(Path("site")).read_bytes()
    card.write_text(good.replace("name: gpt-5", "nme: gpt-5", 1))
    with pytest.raises(ValidationFailed):
        engine.build(Path("models"), Path("site"))
    assert snapshot(work / "site") == site
    assert state.path(Path("site")).read_bytes() == saved
    card.write_text(good.replace("name: gpt-5", "name: Fixed", 1))
    assert engine.build(Path("models"), Path("site")).written is not None
    clean_build_matches(work)


def test_a_build_stopped_while_writing_is_finished_by_the_next(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(work / "models/openai/gpt-5.yaml", "name: gpt-5", "name: GPT-5 stopped")
    real = ChangedFilesSink.write
    calls = []

    def stops(self: ChangedFilesSink, rel: str, data: bytes) -> bool:
        calls.append(rel)
        if len(calls) == 4:
            raise KeyboardInterrupt  # as a kill would, in the middle of the writing
        return real(self, rel, data)

    monkeypatch.setattr(ChangedFilesSink, "write", stops)
    with pytest.raises(KeyboardInterrupt):
        engine.build(Path("models"), Path("site"))
    monkeypatch.setattr(ChangedFilesSink, "write", real)
    # Each file written is whole; the record is stale, so the next build does not skip ...
    record = json.loads((work / ".site.build-record").read_text())
    assert record["inputs"] is None
    # ... and the state is marked as written over, so the next build builds it all again.
    assert engine.build(Path("models"), Path("site")).written is None
    clean_build_matches(work)


def test_an_edit_undone_after_a_stopped_build_is_not_left_on_disk(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped while writing, then the edit undone: the inputs equal the old state's again, yet
    some files on disk are the edit's. The state is marked as being written over, so the next
    build does not trust it and builds everything."""
    card = work / "models/openai/gpt-5.yaml"
    original = card.read_text()
    edit(card, "name: gpt-5", "name: GPT-5 undone")
    real = ChangedFilesSink.write
    calls = []

    def stops(self: ChangedFilesSink, rel: str, data: bytes) -> bool:
        calls.append(rel)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, rel, data)

    monkeypatch.setattr(ChangedFilesSink, "write", stops)
    with pytest.raises(KeyboardInterrupt):
        engine.build(Path("models"), Path("site"))
    monkeypatch.setattr(ChangedFilesSink, "write", real)
    assert "GPT-5 undone" in (work / "site" / calls[0]).read_text()  # the edit reached the disk
    assert state.writing_path(Path("site")).exists()
    card.write_text(original)
    assert engine.build(Path("models"), Path("site")).written is None  # built whole
    assert not state.writing_path(Path("site")).exists()
    clean_build_matches(work)
    assert engine.build(Path("models"), Path("site")).skipped


def test_a_state_not_signed_by_this_user_is_not_trusted(
    work: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A state whose units read nothing: trusted, no edit would render anything.
    saved = state.path(Path("site"))
    forged = saved.read_bytes().split(b"\n", 1)[1]
    data = json.loads(forged)
    data["units"] = [[kind, name, []] for kind, name, _ in data["units"]]
    saved.write_bytes(b"0" * 64 + b"\n" + json.dumps(data).encode())
    edit(work / "models/openai/gpt-5.yaml", "name: gpt-5", "name: GPT-5 forged")
    assert engine.build(Path("models"), Path("site")).written is None  # built everything
    clean_build_matches(work)
    # Signed, but with another user's key: the same.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    edit(work / "models/openai/gpt-5.yaml", "name: GPT-5 forged", "name: GPT-5 again")
    assert engine.build(Path("models"), Path("site")).written is None
    clean_build_matches(work)


def test_a_state_of_other_options_is_not_used(work: Path) -> None:
    edit(work / "models/openai/gpt-5.yaml", "name: gpt-5", "name: GPT-5 elsewhere")
    url = "https://models.example.org/"
    result = engine.build(Path("models"), Path("site"), site_url=url)
    assert result.written is None  # the state was saved for the settings' own URL
    reference = work / "reference"
    full_build(work / "models", reference, site_url=url, force=True)
    assert snapshot(work / "site") == snapshot(reference)


def test_the_preview_servers_writes_discard_the_state(work: Path) -> None:
    """serve writes pages without saving a state: one it left would describe another site."""
    card = work / "models/openai/gpt-5.yaml"
    good = card.read_text()
    preview = Engine(Path("models"), Path("site"))
    preview.build()
    assert not state.path(Path("site")).exists()
    engine.build(Path("models"), Path("site"))  # saves one again
    preview = Engine(Path("models"), Path("site"))
    preview.build()
    card.write_text(good.replace("name: gpt-5", "name: GPT-5 in preview", 1))
    preview.update([card])
    card.write_text(good)  # undone while the server is stopped
    assert engine.build(Path("models"), Path("site")).written is None
    clean_build_matches(work)


def test_the_command_says_what_it_wrote(work: Path) -> None:
    edit(work / "models/openai/gpt-5.yaml", "name: gpt-5", "name: GPT-5 said")
    result = run("build", "--models", "models", "--out", "site", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "built 351 model pages into site/ in " in result.stdout
    assert " files changed, the others were up to date (--force builds everything)" in (
        result.stdout
    )
    result = run("build", "--models", "models", "--out", "site", "--force", cwd=work)
    assert "built 351 model pages (938 files) into site/" in result.stdout
    assert os.path.isfile(work / ".site.build-state")
