"""The pipeline, end to end: load and validate, derive, render, write, publish atomically
(catalog/write/publish.py).

The new site is written to a staging folder beside the output and swapped in only once every
page rendered, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from catalog.derive import paths, snippets
from catalog.derive.site import Site, derive
from catalog.errors import CatalogError, UsageError
from catalog.read import gate
from catalog.read.checkcache import CheckCache, code_digest
from catalog.read.load import MAX_BYTES as MAX_LOGO_BYTES
from catalog.read.load import ParseText
from catalog.read.validate import Catalog, CheckResult, check_catalog, validate_catalog
from catalog.render import reads
from catalog.render.pages import PARTS, Job, Renderer
from catalog.render.reads import Unit
from catalog.render.theme import PROJECT_ROOT, Theme
from catalog.write import publish, state
from catalog.write.sinks import StagingSink, write_models_json


@dataclass(frozen=True)
class Built:
    """What a build made, for a caller that goes on from it (the preview server's engine): the
    checked catalog with a report per card, the derived site, its renderer (with what each unit
    read) and the digests of the input files it was made from."""

    checked: CheckResult
    site: Site
    renderer: Renderer
    inputs: dict[str, bytes]  # the digest of every input file, by key (input_files)

    @property
    def catalog(self) -> Catalog:
        assert self.checked.catalog is not None
        return self.checked.catalog


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    seconds: float
    skipped: bool = False  # nothing changed since the last build: the site was left as it was
    stages: tuple[tuple[str, float], ...] = ()  # seconds per stage, in order
    built: Built | None = None  # None when skipped
    written: int | None = None  # an incremental build: the files it wrote or removed


class Stages:
    """Wall-clock seconds per stage of a build, for ``catalog build --timings``."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        self.times.append((stage, now - self._last))
        self._last = now


def _entries(into: dict[str, bytes], prefix: str, folder: Path, tag: str = "") -> None:
    """Every entry under ``folder`` into ``into``, by key (``prefix`` and its path below the
    folder), links not followed: a regular file by its bytes, a link or anything else by its
    kind, so that a link or a pipe planted after a good build changes the digest and the build
    checks (and refuses) it. A key already there (from a theme folder searched earlier) wins."""
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(current)
        for name in sorted(names + [d for d in dirs if (base / d).is_symlink()]):
            path = base / name
            key = prefix + path.relative_to(folder).as_posix()
            if key not in into:
                into[key] = entry_digest(path, tag)


def entry_digest(path: Path, tag: str = "") -> bytes:
    """One input file's digest (of its kind and bytes; ``tag`` names the theme folder)."""
    mode = path.lstat().st_mode
    digest = hashlib.sha256(f"{tag}\0{stat.S_IFMT(mode)}\0".encode())
    if stat.S_ISREG(mode):
        digest.update(path.read_bytes())
    return digest.digest()


def model_files(models: Path) -> dict[str, bytes]:
    """The digest of every file in the models folder, by its key (``file:<path>``)."""
    files: dict[str, bytes] = {}
    _entries(files, "file:", models)
    return files


def theme_files(theme: Theme) -> dict[str, bytes]:
    """The digest of every theme file by the name a build looks it up by
    (``theme:templates/<name>``, ``theme:static/<path>``), from the first folder that has it."""
    files: dict[str, bytes] = {}
    for number, root in enumerate(theme.roots):
        for kind in ("templates", "static"):
            _entries(files, f"theme:{kind}/", root / kind, str(number))
    return files


def input_files(models: Path, theme: Theme) -> dict[str, bytes]:
    """The digest of every file a build reads but the code, by key (catalog/render/reads.py)."""
    return {**model_files(models), **theme_files(theme)}


def inputs_digest(
    models: Path, theme: Theme, site_url: str | None, files: dict[str, bytes] | None = None
) -> str:
    """One hash over everything a build reads: cards, settings, logos, templates, static files,
    the catalog package's own code (every module, in any folder) and the options. Equal
    digests give equal sites."""
    digest = hashlib.sha256(f"{site_url}\0".encode())
    for key, value in sorted((input_files(models, theme) if files is None else files).items()):
        digest.update(key.encode() + b"\0" + value)
    digest.update(code_digest())
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
    recorded = force_out or (resolved.name != "" and publish.record_path(resolved).is_file())
    problem = gate.out_problem(out, models, PROJECT_ROOT, recorded=recorded)
    if problem is not None:
        raise UsageError(f"--out {out}: {problem}")
    _require_folder(models)


# The renderer and staging folder of the running build, inherited by forked workers.
_JOB_STATE: tuple[Renderer, Path] | None = None


JobResult = tuple[int, dict[Unit, tuple[str, ...]]]


def _write_job(job: Job) -> JobResult | CatalogError:
    """Run one render job and write its files; return how many site files it wrote and what
    each of its units read, or the located error that stopped it (returned, not raised: it
    crosses a process boundary)."""
    assert _JOB_STATE is not None
    renderer, staging = _JOB_STATE
    sink = StagingSink(staging)
    files = 0
    renderer.reads = {}
    try:
        for rel, text in renderer.run(job):
            sink.write(rel, text.encode())
            files += not rel.startswith(PARTS)
    except CatalogError as exc:
        return exc
    return files, renderer.reads


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
    renderer.reads = {}
    files = 0
    for result in results:
        assert not isinstance(result, CatalogError)
        files += result[0]
        renderer.reads.update(result[1])
    return files


def _parts(staging: Path, count: int) -> Iterator[bytes]:
    """The render jobs' records for api/models.json, one job's run at a time, then removed."""
    for number in range(count):
        yield (staging / PARTS / f"{number}.json").read_bytes()
    shutil.rmtree(staging / PARTS)


def _write_tree(
    catalog: Catalog,
    staging: Path,
    theme: Theme,
    site_url: str | None,
    workers: int,
    stages: Stages,
) -> tuple[int, Site, Renderer]:
    site = derive(catalog, site_url)
    stages.done("derive")
    renderer = Renderer(site, theme)
    folders = paths.folders(
        [page.id for page in site.pages], list(site.providers), list(site.models)
    )
    for folder in sorted({*folders, PARTS}):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    stages.done("prepare render")
    files = _run_jobs(renderer, staging, workers)
    stages.done(f"render and write ({workers} worker{'s' if workers > 1 else ''})")
    write_models_json(staging, site, _parts(staging, len(renderer.chunks)))
    files += 1
    sink = StagingSink(staging)
    static = theme.static_files()  # walked once, not once per file
    for unit in apart_units(catalog, static):
        for rel, data in apart_files(catalog, static, unit):
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            sink.write(rel, data)
        renderer.reads[unit] = apart_reads(catalog, unit)
    renderer.reads[reads.MODELS_JSON] = apart_reads(catalog, reads.MODELS_JSON)
    files += sum(1 for p in (staging / paths.STATIC).rglob("*") if p.is_file())
    stages.done("models.json, static files")
    return files, site, renderer


def up_to_date(out: Path, digest: str, started: float) -> Result | None:
    """The skipped build's result when the last build into ``out`` read inputs of this digest."""
    if not out.is_dir():
        return None
    previous = publish.read_record(publish.record_path(out))
    pages, files = previous.get("pages"), previous.get("files")
    if previous.get("inputs") == digest and isinstance(pages, int) and isinstance(files, int):
        return Result(pages, files, time.perf_counter() - started, True)
    return None


def apart_units(catalog: Catalog, static: dict[str, Path]) -> list[Unit]:
    """The units the write stage makes without the renderer: static files, logos and the
    stylesheet (api/models.json, joined from the model units' records, apart)."""
    return [
        *(("static", rel) for rel in static if rel not in paths.STYLESHEET_PARTS),
        ("stylesheet", ""),
        *(("logo", provider_id) for provider_id in catalog.providers),
    ]


def apart_files(catalog: Catalog, static: dict[str, Path], unit: Unit) -> list[tuple[str, bytes]]:
    """A unit's files; ``static``: the theme's static files (Theme.static_files)."""
    kind, name = unit
    if kind == "static":
        return [(f"{paths.STATIC}/{name}", static[name].read_bytes())]
    if kind == "stylesheet":
        return [(paths.STYLESHEET, stylesheet(static).encode())]
    if kind == "logo":
        # Through the gate, as the check read it: never a link planted since.
        data = gate.read_bytes(catalog.providers[name].logo_path, MAX_LOGO_BYTES)
        return [(paths.logo_url(name), data)]
    raise ValueError(unit)  # pragma: no cover - units come from apart_units()


def stylesheet(static: dict[str, Path]) -> str:
    """The theme's stylesheet parts joined in cascade order (paths.STYLESHEET_PARTS).

    The highlighting part is made from the code unless the theme has its own highlight.css. A
    part is read as UTF-8 text, a CSS file's encoding when it has no @charset rule."""
    texts = []
    for part in paths.STYLESHEET_PARTS:
        if part in static:
            text = static[part].read_text(encoding="utf-8")
        elif part == paths.HIGHLIGHT_PART:
            text = snippets.stylesheet()
        else:
            continue  # a theme list without the default theme under it (never the CLI's)
        texts.append(f"/* {part} */\n{text.rstrip()}\n")
    return "\n".join(texts)


def apart_reads(catalog: Catalog, unit: Unit) -> tuple[str, ...]:
    kind, name = unit
    if kind == "static":
        return (f"theme:static/{name}",)
    if kind == "logo":
        return (reads.relative(catalog, catalog.providers[name].logo_path),)
    if kind == "models_json":
        # The frame; each record is a model unit's output, written again when one changes.
        return ("members:pages", *reads.settings_keys(), *reads.registry_keys())
    if kind == "stylesheet":
        return tuple(f"theme:static/{part}" for part in paths.STYLESHEET_PARTS)
    return ()


def build(
    models: Path,
    out: Path,
    theme: Theme | None = None,
    site_url: str | None = None,
    force: bool = False,
    workers: int = 1,
    force_out: bool = False,
    inputs: dict[str, bytes] | None = None,
    parse_text: ParseText | None = None,
) -> Result:
    """Build the site from ``models`` into ``out``; on any error ``out`` is left untouched.

    ``site_url`` overrides where the site says it is published (canonical URLs, feed, sitemap).
    When nothing the build reads has changed since the last build into ``out``, the site is left
    as it is (unless ``force``). ``workers`` processes render the pages; the output is the
    same bytes whatever their number. ``inputs``: the input files' digests, when the caller
    has just taken them (:func:`input_files`); ``parse_text`` parses the cards (a memo, see
    catalog/read/memo.py).
    """
    started = time.perf_counter()
    stages = Stages()
    check_options(models, out, site_url, force_out=force_out)
    theme = theme or Theme.default()
    publish.recover(out)
    inputs = input_files(models, theme) if inputs is None else inputs
    digest = inputs_digest(models, theme, site_url, inputs)
    record = publish.record_path(out)
    if not force:
        done = up_to_date(out, digest, started)
        if done is not None:
            return done
    stages.done("inputs digest")
    # check_options saw the folder exists
    checked = check_catalog(models, keep=True, parse_text=parse_text)
    catalog = checked.catalog
    assert catalog is not None
    stages.done("load and validate")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files, site, renderer = _write_tree(catalog, staging, theme, site_url, workers, stages)
        state.discard(out)  # it describes the site about to be replaced
        publish.publish(staging, out)
        stages.done("publish")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = catalog.page_count
    publish.write_record(record, out, {"inputs": digest, "pages": pages, "files": files})
    built = Built(checked, site, renderer, inputs)
    return Result(pages, files, time.perf_counter() - started, False, tuple(stages.times), built)
