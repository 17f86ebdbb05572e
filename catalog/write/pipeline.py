"""The pipeline, end to end: load and validate, derive, render, write, publish atomically.

The new site is written to a staging folder beside the output and swapped in only once every
page rendered, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.derive import snippets
from catalog.derive.site import Site, derive
from catalog.errors import CatalogError, UsageError
from catalog.read import gate
from catalog.read.checkcache import CheckCache
from catalog.read.load import MAX_BYTES as MAX_LOGO_BYTES
from catalog.read.validate import Catalog, CheckResult, check_catalog, validate_catalog
from catalog.render.documents import catalog_json_frame
from catalog.render.pages import PARTS, Job, Renderer
from catalog.render.theme import PROJECT_ROOT, Theme


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    seconds: float
    skipped: bool = False  # nothing changed since the last build: the site was left as it was
    stages: tuple[tuple[str, float], ...] = ()  # seconds per stage, in order


class Stages:
    """Wall-clock seconds per stage of a build, for ``catalog build --timings``."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        self.times.append((stage, now - self._last))
        self._last = now


def _record_path(out: Path) -> Path:
    # Beside the output, not in it: the record is not part of the published site.
    return out.with_name(f".{out.name}.build-record")


def _entries_digest(digest: Any, label: str, folder: Path, *, code: bool = False) -> None:
    """Every entry under ``folder`` into ``digest``, links not followed: a regular file by its
    bytes, a link or anything else by its kind, so that a link or a pipe planted after a good
    build changes the digest and the build checks (and refuses) it."""
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(current)
        for name in sorted(names + [d for d in dirs if (base / d).is_symlink()]):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if code and (not stat.S_ISREG(mode) or path.suffix != ".py"):
                continue
            digest.update(f"{label}/{rel}\0{stat.S_IFMT(mode)}\0".encode())
            if stat.S_ISREG(mode):
                digest.update(hashlib.sha256(path.read_bytes()).digest())


def inputs_digest(models: Path, theme: Theme, site_url: str | None) -> str:
    """One hash over everything a build reads: cards, settings, logos, templates, static files,
    the catalog package's own code (every module, in any folder) and the options. Equal
    digests give equal sites."""
    digest = hashlib.sha256(f"{site_url}\0".encode())
    _entries_digest(digest, "models", models)
    for number, root in enumerate(theme.roots):
        _entries_digest(digest, f"theme{number}/templates", root / "templates")
        _entries_digest(digest, f"theme{number}/static", root / "static")
    _entries_digest(digest, "code", Path(__file__).resolve().parents[1], code=True)
    return digest.hexdigest()


def _require_folder(models: Path) -> None:
    if not models.is_dir():
        raise UsageError(f"{models}: no such folder (expected the folder of model cards)")


def check(models: Path) -> Catalog:
    """Validate the catalog and return it typed; raise ValidationFailed with every error."""
    _require_folder(models)
    return validate_catalog(models)


def check_only(models: Path, *, workers: int = 1, cache: bool = True) -> CheckResult:
    """Validate the catalog without keeping it (``catalog check``); raise ValidationFailed with
    every error. With ``cache``, cards unchanged since the last check are not checked again."""
    _require_folder(models)
    cards = CheckCache(models, workers, use_file=cache)
    result = check_catalog(models, cards=cards.check_cards)
    return dataclasses.replace(result, checked=cards.checked)


def check_options(
    models: Path, out: Path, site_url: str | None, *, force_out: bool = False
) -> None:
    """Refuse, before any work, an output folder that must not be replaced, a missing models
    folder and a site URL that is not one. ``force_out`` allows replacing a folder that holds
    something else than a site catalog built, never a folder that holds the project, the models,
    the current or the home folder, or a system folder."""
    if site_url is not None and not re.match(r"^https?://[^\s/]+(/[^\s]*)?/$", site_url):
        raise UsageError(f"--site-url {site_url}: expected an http(s) URL ending in /")
    resolved = out.resolve()
    recorded = force_out or (resolved.name != "" and _record_path(resolved).is_file())
    problem = gate.out_problem(out, models, PROJECT_ROOT, recorded=recorded)
    if problem is not None:
        raise UsageError(f"--out {out}: {problem}")
    _require_folder(models)


# The renderer and staging folder of the running build, inherited by forked workers.
_JOB_STATE: tuple[Renderer, Path] | None = None


def _write_job(job: Job) -> int | CatalogError:
    """Run one render job and write its files; return how many site files it wrote, or the
    located error that stopped it (returned, not raised: it crosses a process boundary)."""
    assert _JOB_STATE is not None
    renderer, staging = _JOB_STATE
    files = 0
    try:
        for rel, text in renderer.run(job):
            with open(staging / rel, "w", encoding="utf-8") as handle:
                handle.write(text)
            files += not rel.startswith(PARTS)
    except CatalogError as exc:
        return exc
    return files


def _run_jobs(renderer: Renderer, staging: Path, workers: int) -> int:
    global _JOB_STATE
    jobs = renderer.jobs()
    _JOB_STATE = (renderer, staging)
    try:
        if workers <= 1:
            results = [_write_job(job) for job in jobs]
        else:
            # Forked workers share the derived site with this process, copy-on-write; freezing
            # it keeps their garbage collector from touching (and so copying) every object. A
            # worker that dies makes the pool raise BrokenProcessPool rather than wait forever.
            gc.collect()
            gc.freeze()
            context = multiprocessing.get_context("fork")
            try:
                with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
                    results = list(pool.map(_write_job, jobs))
            finally:
                gc.unfreeze()  # a long-lived caller (the preview server) collects them again
    finally:
        _JOB_STATE = None
    errors = sorted(r for r in results if isinstance(r, CatalogError))
    if errors:
        raise errors[0]
    return sum(r for r in results if isinstance(r, int))


def _join_models_json(site: Site, staging: Path, parts: int) -> None:
    """api/models.json from the render jobs' parts, in page order, copied as bytes."""
    head, tail = catalog_json_frame(site)
    with open(staging / "api" / "models.json", "wb") as out:
        out.write(head.encode())
        first = True
        for number in range(parts):
            part = staging / PARTS / f"{number}.json"
            if part.stat().st_size:
                if not first:
                    out.write(b", ")
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
                first = False
        out.write(tail.encode())
    shutil.rmtree(staging / PARTS)


def _write_tree(
    catalog: Catalog,
    staging: Path,
    theme: Theme,
    site_url: str | None,
    workers: int,
    stages: Stages,
) -> int:
    site = derive(catalog, site_url)
    stages.done("derive")
    renderer = Renderer(site, theme)
    folders = {"api", "api/models", "models", "providers", "capabilities", "charts", "schema"}
    folders |= {f"models/{p}" for p in site.providers} | {f"api/models/{p}" for p in site.providers}
    # A card in a subfolder of its provider (provider/sub/model) has its pages one level down.
    folders |= {posixpath.dirname(page.url) for page in site.pages}
    folders |= {posixpath.dirname(f"api/models/{page.id}.json") for page in site.pages}
    for folder in sorted({*folders, PARTS}):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    stages.done("prepare render")
    files = _run_jobs(renderer, staging, workers)
    stages.done(f"render and write ({workers} worker{'s' if workers > 1 else ''})")
    _join_models_json(site, staging, len(renderer.chunks))
    files += 1
    for rel, source in theme.static_files().items():
        target = staging / "static" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (staging / "static" / "highlight.css").write_text(snippets.stylesheet(), encoding="utf-8")
    logos = staging / "static" / "logos"
    logos.mkdir(parents=True, exist_ok=True)
    for provider_id, entry in catalog.providers.items():
        # Through the gate, as the check read it: never a link planted since.
        data = gate.read_bytes(entry.logo_path, MAX_LOGO_BYTES)
        (logos / f"{provider_id}.svg").write_bytes(data)
    files += sum(1 for p in (staging / "static").rglob("*") if p.is_file())
    stages.done("models.json, static files")
    return files


# --------------------------------------------------------------------------- publishing
#
# The new site is written to .NAME.staging-PID beside the output folder NAME and swapped in
# only when every file is written. A build killed at any moment (SIGKILL included) leaves a
# complete site in NAME, the old one or the new one, and leftovers that the next build removes.

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths atomically


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, musl)
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _beside(out: Path, kind: str, pid: int | None = None) -> Path:
    return out.with_name(f".{out.name}.{kind}-{os.getpid() if pid is None else pid}")


def _publish(staging: Path, out: Path) -> None:
    """Put the new site in ``staging`` in place of ``out``.

    Where two folders can be swapped in one step (Linux), ``out`` is at every moment the old site
    or the new one, and the old one ends in ``staging``, which the caller removes. Elsewhere the
    old site is renamed aside first; a build killed before the new one took its place leaves it
    as ``.NAME.old-PID``, which the next build puts back (:func:`recover`).
    """
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    old = _beside(out, "old")
    out.rename(old)
    staging.rename(out)
    trash = _beside(out, "trash")  # not .old any more: the next build must not put it back
    old.rename(trash)
    shutil.rmtree(trash)


def _running(pid: int) -> bool:
    if os.name != "posix":  # elsewhere signal 0 is no probe (Windows would end the process)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OverflowError, ValueError):  # not a process id at all
        return False
    return True


def recover(out: Path) -> list[Path]:
    """Clean up after builds into ``out`` that were killed; return what was removed.

    A site renamed aside (``.NAME.old-PID``) by a build that died before putting the new one in
    its place is put back when ``out`` is missing. The staging folders, old sites and record
    files of builds that are no longer running are removed; those of running builds are left.
    """
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(staging|old|trash|record)-([0-9]+)")
    try:
        names = sorted(os.listdir(out.parent))
    except FileNotFoundError:
        return []
    stale: list[tuple[str, Path]] = []
    for name in names:
        match = pattern.fullmatch(name)
        if match and int(match[2]) != os.getpid() and not _running(int(match[2])):
            stale.append((match[1], out.with_name(name)))
    if not out.exists() and not out.is_symlink():
        olds = [path for kind, path in stale if kind == "old"]
        if olds:
            newest = max(olds, key=lambda path: path.stat().st_mtime_ns)
            newest.rename(out)
            stale.remove(("old", newest))
    for _, path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return [path for _, path in stale]


def _read_record(record: Path) -> dict[str, object]:
    """The last build's record; empty when there is none or it cannot be read."""
    try:
        value = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_record(record: Path, out: Path, value: dict[str, object]) -> None:
    """Write the record whole or not at all: a build killed while writing it leaves the old one."""
    temporary = _beside(out, "record")
    temporary.write_text(json.dumps(value) + "\n", encoding="utf-8")
    temporary.replace(record)


def build(
    models: Path,
    out: Path,
    theme: Theme | None = None,
    site_url: str | None = None,
    force: bool = False,
    workers: int = 1,
    force_out: bool = False,
) -> Result:
    """Build the site from ``models`` into ``out``; on any error ``out`` is left untouched.

    ``site_url`` overrides where the site says it is published (canonical URLs, feed, sitemap).
    When nothing the build reads has changed since the last build into ``out``, the site is left
    as it is (unless ``force``). ``workers`` processes render the pages; the output is the
    same bytes whatever their number.
    """
    started = time.perf_counter()
    stages = Stages()
    check_options(models, out, site_url, force_out=force_out)
    theme = theme or Theme.default()
    recover(out)
    digest = inputs_digest(models, theme, site_url)
    record = _record_path(out)
    if not force and out.is_dir():
        previous = _read_record(record)
        if previous.get("inputs") == digest:
            pages, files = previous.get("pages"), previous.get("files")
            if isinstance(pages, int) and isinstance(files, int):
                return Result(pages, files, time.perf_counter() - started, True)
    stages.done("inputs digest")
    catalog = check(models)
    stages.done("load and validate")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = _write_tree(catalog, staging, theme, site_url, workers, stages)
        _publish(staging, out)
        stages.done("publish")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = catalog.page_count
    _write_record(record, out, {"inputs": digest, "pages": pages, "files": files})
    return Result(pages, files, time.perf_counter() - started, stages=tuple(stages.times))


def invalidate_record(out: Path) -> None:
    """Mark the build record of ``out`` stale, for a writer other than :func:`build` (the preview
    server) about to change the site: no digest matches it, so the next build builds again
    rather than call a site it did not write up to date. The record is kept (not removed): it
    also says that catalog wrote the folder, which ``--out`` checks before replacing it."""
    _write_record(_record_path(out), out, {"inputs": None})
