"""The file gate (catalog/read/gate.py): which files are cards, what may be read, which folder a
build may replace, and the check cache that cannot be forged. Each case was reproduced on the code
before the gate (issue 12); each test failed there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from catalog.errors import UsageError, ValidationFailed
from catalog.read import checkcache, gate
from catalog.write.engine import Engine
from catalog.write.pipeline import build, check_only, check_options
from tests.conftest import FIXTURES, PROJECT


def _cli(*args: str, cwd: Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("CATALOG_DEBUG", None)
    if home is not None:
        env["HOME"] = str(home)
        env.pop("XDG_CACHE_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _errors(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        check_only(root, cache=False)
    return [str(e) for e in info.value.errors]


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


# --------------------------------------------------------------------------- the check cache


def _planted_pickle(path: Path, marker: Path) -> None:
    """What the old cache file was: a pickle, which runs code when loaded."""
    import pickle

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"format": 1, "entries": Boom()}))


def test_a_planted_cache_file_runs_nothing(catalog_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cache = checkcache.cache_path(catalog_dir)
    for path in (cache, cache.with_suffix(".pickle")):
        _planted_pickle(path, marker)
    result = _cli("check", cwd=catalog_dir.parent, home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    # The file now holds a signature line and JSON: data, never code.
    signature, _, body = cache.read_bytes().partition(b"\n")
    assert len(signature) == 64 and json.loads(body)["format"] == checkcache.FORMAT


def _forge_valid(cache: Path, card: str) -> None:
    """Edit the cache so the card's report says it is valid and has no errors, with the file's
    content hash of the card as it is now: what a contributor could write into the tree."""
    signature, _, body = cache.read_bytes().partition(b"\n")
    stored = json.loads(body)
    for name, entry in stored["entries"].items():
        if name.endswith(card):
            entry[2][2] = []  # no errors
            entry[2][3] = entry[2][4] = True  # valid, parsed
    cache.write_bytes(signature + b"\n" + json.dumps(stored).encode())


def test_a_forged_cache_entry_cannot_make_an_invalid_card_pass(
    catalog_dir: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    card = catalog_dir / "acme/pebble.yaml"
    card.write_text(card.read_text().replace("name: Pebble", "name: [not, text]"))
    first = _cli("check", cwd=catalog_dir.parent, home=home)
    assert first.returncode == 1
    _forge_valid(checkcache.cache_path(catalog_dir), "pebble.yaml")
    again = _cli("check", cwd=catalog_dir.parent, home=home)
    full = _cli("check", "--no-cache", cwd=catalog_dir.parent, home=home)
    assert (again.returncode, again.stdout, again.stderr) == (
        full.returncode, full.stdout, full.stderr,
    )  # fmt: skip
    assert full.returncode == 1 and "pebble.yaml" in full.stdout + full.stderr


def test_a_cache_signed_with_another_key_is_ignored(catalog_dir: Path, tmp_path: Path) -> None:
    # Another user's (or a contributor's own) cache, committed into the tree, is foreign here:
    # a fresh machine has a fresh key.
    card = catalog_dir / "acme/pebble.yaml"
    card.write_text(card.read_text().replace("name: Pebble", "name: [not, text]"))
    theirs = tmp_path / "theirs"
    assert _cli("check", cwd=catalog_dir.parent, home=theirs).returncode == 1
    cache = checkcache.cache_path(catalog_dir)
    key = (theirs / ".cache/catalog/check-cache.key").read_bytes()

    def forge_and_sign() -> None:
        _forge_valid(cache, "pebble.yaml")
        _, _, body = cache.read_bytes().partition(b"\n")
        cache.write_bytes(checkcache._signature(key, body) + b"\n" + body)

    forge_and_sign()
    # With their key the forgery passes: the signature, not luck, is what refuses it below.
    assert _cli("check", cwd=catalog_dir.parent, home=theirs).returncode == 0
    forge_and_sign()
    ours = _cli("check", cwd=catalog_dir.parent, home=tmp_path / "ours")
    assert ours.returncode == 1 and "pebble.yaml" in ours.stderr


def test_the_code_digest_covers_modules_in_subfolders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reproduced: a non-recursive glob, so an edit of catalog/importers/*.py kept stale reports.
    package = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(checkcache, "__file__", str(package / "checkcache.py"))
    before = checkcache.code_digest()
    module = package / "importers" / "plan.py"
    module.write_text(module.read_text() + "\n# changed\n")
    assert checkcache.code_digest() != before


# --------------------------------------------------------------------------- --out


def test_out_refuses_a_folder_that_holds_the_current_folder(tmp_path: Path) -> None:
    # Reproduced: `catalog build --out ..` from a subfolder removed that subfolder and its files.
    shutil.copytree(FIXTURES / "minimal", tmp_path / "models")
    work = tmp_path / "project" / "notes"
    work.mkdir(parents=True)
    (work / "mine.txt").write_text("keep")
    result = _cli("build", "--models", "../../models", "--out", "..", cwd=work)
    assert result.returncode == 1
    assert result.stderr == (
        "catalog: --out ..: refusing to replace a folder that holds the current folder\n"
    )
    assert (work / "mine.txt").read_text() == "keep"


@pytest.mark.parametrize("folder", ["/tmp", "/usr", "/home", "/var", "/etc", "/opt"])
def test_out_refuses_system_folders(catalog_dir: Path, folder: str) -> None:
    with pytest.raises(UsageError) as info:
        check_options(catalog_dir, Path(folder), None, force_out=True)
    assert "refusing to replace" in str(info.value)


def test_out_refuses_a_folder_that_holds_home(catalog_dir: Path, tmp_path: Path) -> None:
    home = tmp_path / "people" / "me"
    home.mkdir(parents=True)
    result = _cli("build", "--out", str(tmp_path / "people"), cwd=catalog_dir.parent, home=home)
    assert result.returncode == 1
    assert "refusing to replace a folder that holds your home folder" in result.stderr
    assert home.is_dir()


def test_out_refuses_a_folder_catalog_did_not_write(catalog_dir: Path) -> None:
    out = catalog_dir.parent / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    result = _cli("build", "--out", "docs", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stderr == (
        "catalog: --out docs: exists, is not empty and holds no site catalog built (no build "
        "record beside it); refusing to replace it (pass --force-out to replace it anyway)\n"
    )
    assert _tree(out) == {"thesis.tex": b"years of work"}
    forced = _cli("build", "--out", "docs", "--force-out", cwd=catalog_dir.parent)
    assert forced.returncode == 0, forced.stderr
    assert (out / "index.html").is_file() and not (out / "thesis.tex").exists()
    # Now it is catalog's: a rebuild needs no flag.
    (catalog_dir / "acme/pebble.yaml").write_text(
        (catalog_dir / "acme/pebble.yaml").read_text().replace("Pebble", "Pebble 2", 1)
    )
    assert _cli("build", "--out", "docs", cwd=catalog_dir.parent).returncode == 0


def test_out_may_be_an_empty_folder(catalog_dir: Path) -> None:
    (catalog_dir.parent / "empty").mkdir()
    result = _cli("build", "--out", "empty", cwd=catalog_dir.parent)
    assert result.returncode == 0, result.stderr


def test_out_naming_a_file_leaves_it_untouched(catalog_dir: Path) -> None:
    # Reproduced: the file was renamed to a staging name and deleted by the next build.
    target = catalog_dir.parent / "site"
    target.write_text("a file, not a site")
    for flags in ((), ("--force-out",)):
        result = _cli("build", "--out", "site", *flags, cwd=catalog_dir.parent)
        assert result.returncode == 1
        assert result.stderr == "catalog: --out site: is not a folder; refusing to replace it\n"
    assert target.read_text() == "a file, not a site"
    assert sorted(p.name for p in catalog_dir.parent.iterdir()) == ["models", "site"]


def test_out_that_is_a_link_is_refused(catalog_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (catalog_dir.parent / "site").symlink_to(elsewhere)
    result = _cli("build", "--out", "site", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert "is not a folder" in result.stderr


# --------------------------------------------------------------------------- reading


def test_a_linked_provider_folder_is_refused(catalog_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(catalog_dir / "acme", outside)
    (catalog_dir / "linked").symlink_to(outside)
    assert _errors(catalog_dir) == [
        "models/linked:1:1: is a symbolic link (expected a provider folder inside the catalog)"
    ]


def test_a_link_planted_after_a_good_build_is_not_up_to_date(
    catalog_dir: Path, tmp_path: Path
) -> None:
    # Reproduced: the build digest did not see the link, so `build` said "up to date".
    out = tmp_path / "site"
    build(catalog_dir, out)
    outside = tmp_path / "outside"
    shutil.copytree(catalog_dir / "acme", outside)
    (catalog_dir / "linked").symlink_to(outside)
    with pytest.raises(ValidationFailed):
        build(catalog_dir, out)


def test_links_inside_a_provider_folder_are_refused(catalog_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "family"
    outside.mkdir()
    (outside / "secret.yaml").write_text("name: secret\n")
    (catalog_dir / "acme/family").symlink_to(outside)
    assert _errors(catalog_dir) == [
        "models/acme/family:1:1: is a symbolic link (expected a regular file inside the catalog)"
    ]


def _with_timeout(function: object, seconds: float = 20) -> object:
    """Run ``function`` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = function()  # type: ignore[operator]
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: a read waited on something that is not a file"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def test_a_pipe_named_like_a_card_is_a_located_error(catalog_dir: Path) -> None:
    # Reproduced: a FIFO named x.yaml hung `check` and `build` forever.
    os.mkfifo(catalog_dir / "acme/pipe.yaml")
    os.mkfifo(catalog_dir / "acme/logo-pipe.svg")
    expected = [
        "models/acme/logo-pipe.svg:1:1: is a named pipe (expected a regular file inside the "
        "catalog)",
        "models/acme/pipe.yaml:1:1: is a named pipe (expected a regular file inside the catalog)",
    ]
    assert _with_timeout(lambda: _errors(catalog_dir)) == expected
    started = time.monotonic()
    result = _cli("check", cwd=catalog_dir.parent)
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == expected or result.stderr.splitlines()[:2] == expected


def test_a_pipe_as_settings_or_logo_is_a_located_error(catalog_dir: Path) -> None:
    site = catalog_dir / "site.yaml"
    site.unlink()
    os.mkfifo(site)
    logo = catalog_dir / "acme/logo.svg"
    logo.unlink()
    os.mkfifo(logo)
    assert _with_timeout(lambda: _errors(catalog_dir)) == [
        "models/acme/logo.svg:1:1: is a named pipe (expected a regular file inside the catalog)",
        "models/site.yaml:1:1: is a named pipe (expected a regular file inside the catalog)",
    ]


def test_a_folder_named_like_a_card_is_one_error_among_the_others(catalog_dir: Path) -> None:
    # Reproduced: one unlocated line that hid every other error.
    (catalog_dir / "acme/folder.yaml").mkdir()
    card = catalog_dir / "acme/pebble.yaml"
    card.write_text(card.read_text().replace("name: Pebble", "name: [not, text]"))
    errors = _errors(catalog_dir)
    assert errors[0] == (
        "models/acme/folder.yaml:1:1: is a folder (expected a card: a regular .yaml file)"
    )
    assert len(errors) == 2 and errors[1].startswith("models/acme/pebble.yaml:")


def test_read_bytes_never_follows_a_link_or_blocks(tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_text("x")
    (tmp_path / "link.yaml").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(gate.NotRegular, match="symbolic link"):
        gate.read_bytes(tmp_path / "link.yaml", 10)
    with pytest.raises(gate.NotRegular, match="named pipe"):
        _with_timeout(lambda: gate.read_bytes(tmp_path / "pipe.yaml", 10))
    with pytest.raises(gate.NotRegular, match="folder"):
        gate.read_bytes(tmp_path, 10)
    assert gate.read_bytes(target, 10) == b"x"


def test_the_engine_and_the_check_agree_on_which_files_are_cards(catalog_dir: Path) -> None:
    family = catalog_dir / "acme/family"
    family.mkdir()
    (family / "m1.yaml").write_text((catalog_dir / "acme/pebble.yaml").read_text())
    (catalog_dir / "acme/.hidden-folder").mkdir()
    (catalog_dir / "acme/.hidden-folder/x.yaml").write_text("name: x\n")
    (catalog_dir / "acme/notes.txt").write_text("not a card")
    walked = {card for card, _ in gate.walk(catalog_dir).cards}
    named = {p for p in catalog_dir.rglob("*") if p.is_file() and gate.card_parts(catalog_dir, p)}
    assert walked == named and family / "m1.yaml" in walked


def test_new_refuses_to_write_through_a_linked_folder(catalog_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (catalog_dir / "acme/family").symlink_to(outside)
    result = _cli("new", "acme/family/m1", cwd=catalog_dir.parent)
    assert result.returncode != 0
    assert "is a symbolic link; refusing to write through it" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("name", sorted(gate.RESERVED_NAMES))
def test_ids_named_like_the_catalogs_own_files_are_refused(name: str) -> None:
    problem = gate.id_problem(name)
    assert problem is not None and "catalog's own files" in problem[0]


def test_a_card_named_provider_in_a_subfolder_is_refused(catalog_dir: Path) -> None:
    family = catalog_dir / "acme/family"
    family.mkdir()
    (family / "provider.yaml").write_text((catalog_dir / "acme/pebble.yaml").read_text())
    assert _errors(catalog_dir) == [
        "models/acme/family/provider.yaml:1:1: file name 'provider.yaml' is not a valid model "
        "id: 'provider' is the name of one of the catalog's own files (expected a name other "
        "than benchmarks, capabilities, provider, site)"
    ]


# --------------------------------------------------------------------------- state


def test_the_build_record_is_not_tracked_in_git() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--", ".site.build-record"],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert tracked.stdout == ""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".site.build-record"], cwd=PROJECT, check=False
    )
    assert ignored.returncode == 0


def test_the_engine_sees_the_gates_cards(catalog_dir: Path, tmp_path: Path) -> None:
    engine = Engine(catalog_dir, tmp_path / "site")
    engine.build()
    assert engine._is_card(catalog_dir / "acme/new.yaml")
    assert not engine._is_card(catalog_dir / "acme/provider.yaml")
    assert not engine._is_card(catalog_dir / "acme/.cache/x.yaml")
    assert not engine._is_card(catalog_dir / "nobody/x.yaml")


def test_a_logo_that_runs_script_fails_the_check_and_the_build(
    catalog_dir: Path, tmp_path: Path
) -> None:
    logo = catalog_dir / "acme/logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">\n'
        '<circle r="4" onload="alert(1)"/>\n'
        "</svg>\n"
    )
    errors = _errors(catalog_dir)
    assert len(errors) == 1 and errors[0].startswith("models/acme/logo.svg:2:")
    assert "onload" in errors[0]
    with pytest.raises(ValidationFailed):
        build(catalog_dir, tmp_path / "site")
    assert not (tmp_path / "site").exists()
