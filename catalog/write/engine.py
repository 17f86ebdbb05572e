"""The incremental engine: a built site kept in memory with what each output was made from, so
that an edit renders again exactly the outputs that read what changed.

A full build writes the site as ``catalog build`` does (staging folder, atomic swap) and hands
the engine its state: the checked cards, the derived site, and per unit (a model page with its
JSON, a list, a chart, a static file...) the keys it read while it was rendered
(catalog/render/reads.py): input files, theme files by name, and what it showed of other pages.
:meth:`Engine.update` takes the paths that changed. Cards alone are checked alone (the checks
across cards run on all); settings, a registry or a provider's file are checked with the rest.
The site is derived again, taking over the pages of unchanged cards, and every key the change
can reach is looked up before and after: the units that read a key whose value changed, and the
units that are new, are rendered again; the files of units that are gone are removed. A template
edit so renders the pages that use the template; a price edit the card's pages, the lists that
show its row and the charts that show its point. When most of the site must be rendered, the
full build does it (its workers are faster than one process).

Each file is written only when its bytes differ from what is on disk, by writing beside it and
renaming, so a reader never sees half a file. The result is byte for byte the site a full build
makes (tests/test_engine.py holds it to that, after every kind of edit).

The build record beside the output (what lets ``catalog build`` say "up to date") is kept true:
a full build writes it, and an update marks it stale (a digest nothing matches) before writing
anything, so the next ``catalog build`` builds again rather than trust pages it did not write.
A site that is gone from disk is built again whole.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from catalog.derive import paths
from catalog.derive.site import Site, derive
from catalog.errors import ValidationFailed
from catalog.read import gate, load
from catalog.read.memo import Memo
from catalog.read.validate import (
    CardReport,
    Catalog,
    ModelEntry,
    Registries,
    check_catalog,
    check_one_card,
    cross_check,
)
from catalog.render import reads
from catalog.render.pages import Renderer, located_template_errors
from catalog.render.reads import Unit, Views
from catalog.render.theme import Theme
from catalog.write import pipeline, publish, state
from catalog.write.sinks import ChangedFilesSink, write_models_json


@dataclass(frozen=True)
class Update:
    full: bool  # everything was built again
    rendered: int  # files rendered
    written: tuple[str, ...]  # files whose bytes changed, relative to the output folder
    removed: tuple[str, ...]  # files deleted (pages of a card that is gone)
    seconds: float


class Engine:
    """Builds ``models`` into ``out`` and keeps what it needs to rebuild a card edit quickly."""

    def __init__(
        self,
        models: Path,
        out: Path,
        theme: Theme | None = None,
        site_url: str | None = None,
        workers: int = 1,
        force_out: bool = False,
        persist: bool = False,
    ) -> None:
        self.models = models.absolute()
        # ``catalog build`` keeps the state on disk (catalog/write/state.py) and saves a new one
        # after writing; the preview server writes without saving one, so it removes it.
        self.persist = persist
        self._resumed: dict[str, bytes] | None = None  # resume()'s input digests, for update()
        self.force_out = force_out  # the first build may replace a folder catalog did not write
        self.out = out
        self.theme = theme or Theme.default()
        self.site_url = site_url
        self.workers = workers
        self.ready = False
        self._bulk: tuple[Site, dict[str, bytes]] | None = None  # deferred api/models.json
        self.memo = Memo()  # the cards' parsed YAML, kept in the state (catalog/read/memo.py)
        self.stages: tuple[tuple[str, float], ...] = ()  # the last full build's, for --timings

    # ------------------------------------------------------------------ full

    def build(self, inputs: dict[str, bytes] | None = None) -> Update:
        """Build everything (atomically, as ``catalog build --force``) and keep the state;
        ``inputs``: the input files' digests, when the caller has just taken them."""
        started = time.perf_counter()
        self.ready = False
        self._bulk = None
        gc.unfreeze()
        self.memo = Memo()
        result = pipeline.build(
            self.models, self.out, self.theme, self.site_url, True, self.workers,
            force_out=self.force_out, inputs=inputs,
            parse_text=self._parse_text(),
        )  # fmt: skip
        # The build's own state, checked and derived once: not checked and derived again.
        assert result.built is not None
        self.stages = result.stages
        checked = result.built.checked
        self.catalog: Catalog = result.built.catalog
        self.reports: dict[Path, CardReport] = dict(
            zip((p for p, _ in checked.card_paths), checked.reports, strict=True)
        )
        self.folders: dict[Path, Path] = dict(checked.card_paths)
        self.entries: dict[Path, ModelEntry] = {m.doc.path: m for m in self.catalog.models}
        self.site: Site = result.built.site
        self.renderer = result.built.renderer
        self.records: dict[str, bytes] | None = None  # read from the JSON files when first needed
        # What each unit read when it was rendered, and the other way round.
        self.reads: dict[Unit, tuple[str, ...]] = {}
        self.readers: dict[str, set[Unit]] = {}
        self.values: dict[str, bytes] = {}
        self._record_reads(self.renderer.reads, set())
        self.inputs: dict[str, bytes] = dict(result.built.inputs)
        # The value each key had when the units that read it were rendered, as a digest (so
        # that it can be kept on disk; and the old site need not be kept to look it up).
        views = Views(self.site, self.renderer.points)
        self.values = {key: self._digest(key, views, self.inputs) for key in self.readers}
        # What each card's change can reach, for the next catalog build's resume (the engine
        # itself keeps the old entries, and asks them).
        self.card_keys: dict[str, tuple[str, ...]] = self._all_card_keys() if self.persist else {}
        self.ready = True
        # The kept state is long-lived: out of the collector's sight, an update does not pay for
        # scanning it (the next full build puts it back, so the old state can be freed).
        gc.collect()
        gc.freeze()
        return Update(True, result.files, (), (), time.perf_counter() - started)

    def resume(self, saved: state.State, inputs: dict[str, bytes]) -> bool:
        """Take up where the last ``catalog build`` into the output stopped, from its saved
        state; ``inputs`` are the input files' digests now. The catalog is checked and derived
        as it is (raises ValidationFailed); the next :meth:`update` renders what changed since.
        False when the site is not all on disk."""
        if not self._on_disk():
            return False
        self._bulk = None
        self.memo = Memo(saved.parsed)
        checked = check_catalog(self.models, keep=True, parse_text=self.memo.parse)
        assert checked.catalog is not None
        self.catalog = checked.catalog
        self.reports = dict(zip((p for p, _ in checked.card_paths), checked.reports, strict=True))
        self.folders = dict(checked.card_paths)
        self.entries = {m.doc.path: m for m in self.catalog.models}
        self.site = derive(self.catalog, self.site_url)
        self.renderer = Renderer(self.site, self.theme)
        self.records = None
        self.reads, self.readers, self.values = {}, {}, {}
        self._record_reads(dict(saved.reads), set())
        self.values = dict(saved.values)
        self.card_keys = dict(saved.cards)
        self.inputs = dict(saved.inputs)
        self._resumed = inputs
        self.ready = True
        return True

    def state(self) -> state.State:
        return state.State(self.inputs, self.reads, self.values, self.card_keys, self.memo.used)

    # ------------------------------------------------------------------ incremental

    def update(self, files: Iterable[Path], *, defer_bulk: bool = False) -> Update:
        """Bring the site up to date with these changed (added, edited or deleted) files: cards,
        the models folder's other files, theme files.

        Raises ValidationFailed (or CatalogError for a template) and leaves the site and the
        state as they were when the new input is invalid. With ``defer_bulk``, api/models.json
        (some 5 KB a page: tens of megabytes, and most of the time of an edit) is left for
        :meth:`finish`, so the preview server can reload the browser first; until then only
        that file lags behind.
        """
        self.finish()
        changed = {Path(p).absolute() for p in files}
        # A file that is gone and was never read (an editor's temporary file) changes nothing.
        changed = {p for p in changed if p.exists() or not self.ready or self._was_read(p)}
        if self.ready and not changed:
            return Update(False, 0, (), (), 0.0)
        if not self.ready or not self._on_disk():
            return self.build()
        cards = {p for p in changed if self._is_card(p)}
        in_theme = {p for p in changed - cards if self._theme_key(p) is not None}
        others = changed - cards - in_theme
        if any(not p.is_relative_to(self.models) for p in others):
            return self.build()  # not an input the engine knows of: build it all
        started = time.perf_counter()
        old_catalog = self.catalog
        resumed, self._resumed = self._resumed, None
        if resumed is not None:
            # resume() checked and derived the catalog as it is; what changed since the state
            # was saved is told by the digests: of the keys the changed cards reached then
            # (saved) and reach now, or of every key when another input file changed.
            new_catalog = old_catalog
            reports, entries, folders = self.reports, self.entries, self.folders
            if others:
                candidates = set(self.readers)
            else:
                candidates = set(reads.SHARED_KEYS)
                for path in cards:
                    candidates.update(self.card_keys.get(reads.relative(new_catalog, path), ()))
                    entry = entries.get(path)
                    if entry is not None:
                        candidates.update(self._keys_of(entry, new_catalog))
                candidates &= self.readers.keys()
        elif others:
            # Settings, a registry, a provider's file or logo: check everything again; any key
            # may have another value.
            checked = check_catalog(self.models, keep=True, parse_text=self._parse_text())
            assert checked.catalog is not None
            new_catalog = checked.catalog
            reports = dict(zip((p for p, _ in checked.card_paths), checked.reports, strict=True))
            folders = dict(checked.card_paths)
            entries = {m.doc.path: m for m in new_catalog.models}
            candidates = set(self.readers)
        else:
            reports, entries, folders = self._check_cards(cards)
            models = sorted(entries.values(), key=lambda m: m.id)
            new_catalog = dataclasses.replace(old_catalog, models=models)
            touched = [e for p in cards for e in (self.entries.get(p), entries.get(p)) if e]
            candidates = set(reads.entry_keys(old_catalog, touched)) & self.readers.keys()
        inputs = resumed or self._changed_inputs(cards | others, in_theme)
        if in_theme:
            candidates |= {k for k in self.readers if k.startswith("theme:")}
        try:
            records = self._records()
        except OSError:
            # The per-page JSON files were removed behind the engine's back: the site on disk
            # is no longer the one it patches; build it whole (before any state is changed).
            return self.build()

        if resumed is not None:
            site, renderer = self.site, self.renderer  # the catalog as it is, just derived
        else:
            site, renderer = self._derive(new_catalog, cards, entries, bool(others), bool(in_theme))
        new_views = Views(site, renderer.points)
        after = {k: self._digest(k, new_views, inputs) for k in candidates}
        keys = {k for k in candidates if self.values.get(k) != after[k]}
        renderer.forget({k.partition(":")[2] for k in keys if k.startswith("line:")})

        static = self.theme.static_files()
        units_now = [*renderer.units(), *pipeline.apart_units(new_catalog, static)]
        known = set(self.reads)
        todo = {u for k in keys for u in self.readers[k]} | {u for u in units_now if u not in known}
        gone = known - set(units_now) - {reads.MODELS_JSON}
        if len(todo) > len(units_now) / 2:
            return self.build()  # most of the site: the full build's workers do it faster
        files: list[tuple[str, bytes]] = []
        with located_template_errors(self.theme):
            for unit in [u for u in units_now if u in todo]:
                kind, name = unit
                if kind == "model":
                    html, api, record = renderer.model_files(new_views.page(name))  # type: ignore[arg-type]
                    files += [(html[0], html[1].encode()), (api[0], api[1].encode())]
                    records[name] = record.encode()
                elif unit == reads.MODELS_JSON:
                    continue  # joined from the records below
                elif kind in ("static", "logo", "stylesheet"):
                    files += pipeline.apart_files(new_catalog, static, unit)
                    renderer.reads[unit] = pipeline.apart_reads(new_catalog, unit)
                else:
                    files += [(rel, text.encode()) for rel, text in renderer.unit_files(unit)]
        for unit in gone:
            if unit[0] == "model":
                records.pop(unit[1], None)
        # From here the site differs from what the build record describes: mark the record
        # stale first, so that whenever the writing stops, the next catalog build builds again.
        publish.invalidate_record(self.out)
        if self.persist:
            state.mark_writing(self.out)  # until the new state is saved
        else:
            state.discard(self.out)
        sink = ChangedFilesSink(self.out)
        written = [rel for rel, data in files if sink.write(rel, data)]
        # api/models.json, some 5 KB a page, is written from the records kept as bytes, without
        # joining tens of megabytes first, whenever a model unit or its frame was rendered (the
        # records read from the per-page files may be newer than it: a build stopped between).
        frame = any(reads.MODELS_JSON in self.readers.get(k, ()) for k in keys)
        if frame or gone or any(kind == "model" for kind, _ in todo):
            self._bulk = (site, records)
            written.append(paths.MODELS_JSON)
        removed = [r for unit in sorted(gone) for r in reads.unit_paths(unit) if sink.remove(r)]
        for key in self._record_reads(renderer.reads, gone):  # read for the first time
            self.values[key] = self._digest(key, new_views, inputs)
        self.values.update((k, v) for k, v in after.items() if k in self.readers)
        self.site, self.renderer, self.records = site, renderer, records
        self.reports, self.entries, self.folders = reports, entries, folders
        self.catalog, self.inputs = new_catalog, inputs
        if self.persist:
            for path in cards:
                key = reads.relative(new_catalog, path)
                self.card_keys.pop(key, None)
                if path in entries:
                    self.card_keys[key] = self._keys_of(entries[path])
            if others:  # a provider's regions or the registries: any card's keys may differ
                self.card_keys = self._all_card_keys()
        if not defer_bulk:
            self.finish()
        seconds = time.perf_counter() - started
        return Update(False, len(todo), tuple(written), tuple(removed), seconds)

    def _derive(
        self,
        catalog: Catalog,
        cards: set[Path],
        entries: dict[Path, ModelEntry],
        others: bool,
        in_theme: bool,
    ) -> tuple[Site, Renderer]:
        """The site derived again, taking over the pages of unchanged cards, and its renderer,
        taking over the compiled templates, rows and charts (not the templates after a theme
        edit, nor the charts when a page's chart point changed)."""
        old_site = self.site
        changed_ids = {e.id for p in cards for e in (self.entries.get(p), entries.get(p)) if e}
        old_points = {p.id: Views.point(p) for p in old_site.pages if p.model.id in changed_ids}
        site = derive(catalog, self.site_url, reuse=old_site)
        new_points = {p.id: Views.point(p) for p in site.pages if p.model.id in changed_ids}
        # Which models each chart shows follows from the pages' points alone (chart_points).
        same_charts = not (others or in_theme) and old_points == new_points
        previous = None if in_theme else self.renderer
        return site, Renderer(site, self.theme, previous=previous, same_charts=same_charts)

    def _parse_text(self) -> load.ParseText | None:
        """The memo's parse, for an engine whose state is kept (the preview server keeps the
        documents it checked in memory and needs none)."""
        return self.memo.parse if self.persist else None

    def _keys_of(self, entry: ModelEntry, catalog: Catalog | None = None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(reads.card_keys(catalog or self.catalog, entry)))

    def _all_card_keys(self) -> dict[str, tuple[str, ...]]:
        catalog = self.catalog
        return {reads.relative(catalog, e.doc.path): self._keys_of(e) for e in catalog.models}

    def _check_cards(
        self, cards: set[Path]
    ) -> tuple[dict[Path, CardReport], dict[Path, ModelEntry], dict[Path, Path]]:
        """Check just these cards; the others keep their reports. Raises ValidationFailed."""
        catalog = self.catalog
        registries = Registries(
            catalog.benchmarks,
            catalog.capabilities,
            catalog.providers,
            catalog.lab_models,
            frozenset(catalog.lab_models),
        )
        reports, entries, folders = dict(self.reports), dict(self.entries), dict(self.folders)
        for path in cards:
            reports.pop(path, None)
            entries.pop(path, None)
            folders.pop(path, None)
            if path.is_file():
                folder = self.models / path.relative_to(self.models).parts[0]
                report, entry, _ = check_one_card(path, folder, registries, self._parse_text())
                reports[path], folders[path] = report, folder
                if entry is not None:
                    entries[path] = entry
        if all(_same_identity(self.reports.get(p), reports.get(p)) for p in cards):
            # Ids and replacements as before: the checks across cards found nothing before and
            # find nothing now; only the changed cards' own errors can be new.
            errors = [e for p in cards if p in reports for e in reports[p].errors]
        else:
            order = sorted(reports, key=lambda p: (folders[p].name, str(p)))
            errors = cross_check([reports[p] for p in order])
        if errors:
            raise ValidationFailed(errors)
        return reports, entries, folders

    def _record_reads(self, recorded: dict[Unit, tuple[str, ...]], gone: set[Unit]) -> set[str]:
        """Take what the units just rendered read, in place of what they read before; return
        the keys no unit had read until now. A key no unit reads any more is forgotten."""
        dropped: set[str] = set()
        for unit in [*gone, *recorded]:
            for key in self.reads.pop(unit, ()):
                readers = self.readers[key]
                readers.discard(unit)
                if not readers:
                    del self.readers[key]
                    dropped.add(key)
        created: set[str] = set()
        for unit, keys in recorded.items():
            self.reads[unit] = keys
            for key in keys:
                readers = self.readers.get(key)
                if readers is None:
                    readers = self.readers[key] = set()
                    created.add(key)
                readers.add(unit)
        recorded.clear()
        for key in dropped - self.readers.keys():
            self.values.pop(key, None)
        return {key for key in created if key not in self.values}

    @staticmethod
    def _digest(key: str, views: Views, inputs: dict[str, bytes]) -> bytes:
        """A key's value, as a digest: an input file's (None when it is not there), or that of a
        view's value (catalog/render/reads.py), whose repr is the same in every process."""
        if key.startswith(("file:", "theme:")):
            return inputs.get(key, b"")
        return hashlib.blake2b(repr(views.value(key)).encode(), digest_size=12).digest()

    def _changed_inputs(self, paths: set[Path], in_theme: set[Path]) -> dict[str, bytes]:
        """The input files' digests, those of these changed files taken again."""
        inputs = dict(self.inputs)
        for path in paths:
            key = "file:" + path.relative_to(self.models).as_posix()
            if path.exists() or path.is_symlink():
                inputs[key] = pipeline.entry_digest(path)
            else:
                inputs.pop(key, None)
        if in_theme:
            inputs = {k: v for k, v in inputs.items() if not k.startswith("theme:")}
            inputs.update(pipeline.theme_files(self.theme))
        return inputs

    def _was_read(self, path: Path) -> bool:
        if path in self.reports or self._theme_key(path) in self.inputs:
            return True
        return path.is_relative_to(self.models) and (
            "file:" + path.relative_to(self.models).as_posix() in self.inputs
        )

    def _theme_key(self, path: Path) -> str | None:
        for folder, kind in [
            *((f, "templates") for f in self.theme.template_folders),
            *((f, "static") for f in self.theme.static_folders),
        ]:
            if path.is_relative_to(folder.absolute()):
                return f"theme:{kind}/{path.relative_to(folder.absolute()).as_posix()}"
        return None

    def finish(self) -> None:
        """Write what :meth:`update` deferred (api/models.json), if anything."""
        if self._bulk is not None:
            site, records = self._bulk
            self._bulk = None
            try:
                write_models_json(self.out, site, (records[page.id] for page in site.pages))
            except OSError:
                # api/models.json now lags behind the pages: the next update builds it all.
                self.ready = False
                raise

    def _on_disk(self) -> bool:
        """Whether the site the engine patches is still on disk. Deleted (``rm -rf site``, or
        ``site/*``), patching would leave a few pages in an empty folder: build it whole."""
        return all((self.out / rel).is_file() for rel in paths.ALWAYS)

    def _is_card(self, path: Path) -> bool:
        """A card of a known provider, by the gate's rule for which files are cards."""
        parts = gate.card_parts(self.models, path)
        return parts is not None and parts[0] in self.catalog.providers

    def _records(self) -> dict[str, bytes]:
        """Every page's record in api/models.json, read once from the per-page JSON files (of
        the pages on disk: the model units rendered last)."""
        if self.records is None:
            self.records = {
                name: (self.out / paths.record_url(name)).read_bytes()[:-1]
                for kind, name in self.reads
                if kind == "model"
            }
        return dict(self.records)


def build(
    models: Path,
    out: Path,
    theme: Theme | None = None,
    site_url: str | None = None,
    force: bool = False,
    workers: int = 1,
    force_out: bool = False,
) -> pipeline.Result:
    """``catalog build``: the site up to date in ``out``, rendering only what changed.

    Nothing changed since the last build: the site is left as it is. Else, with the state the
    last ``catalog build`` saved beside the output (catalog/write/state.py), the engine renders
    the units that read an input file that changed, or a view of a page that changed, and
    writes the files whose bytes differ; without one (or with ``force``) it builds everything,
    atomically. Either way it saves the state for the next build, then the build record.
    """
    started = time.perf_counter()
    pipeline.check_options(models, out, site_url, force_out=force_out)
    theme = theme or Theme.default()
    publish.recover(out)
    inputs = pipeline.input_files(models, theme)
    digest = pipeline.inputs_digest(models, theme, site_url, inputs)
    if not force:
        done = pipeline.up_to_date(out, digest, started)
        if done is not None:
            return done
    engine = Engine(models, out, theme, site_url, workers, force_out, persist=True)
    saved = None if force or not out.is_dir() else state.load(out, models, theme.roots, site_url)
    written: int | None = None
    if saved is not None and engine.resume(saved, inputs):
        update = engine.update(_changed_paths(models, theme, saved.inputs, inputs))
        written = None if update.full else len(update.written) + len(update.removed)
    else:
        engine.build(inputs)
    state.save(out, models, theme.roots, site_url, engine.state())
    pages, files = engine.catalog.page_count, _file_count(engine)
    publish.write_record(
        publish.record_path(out), out, {"inputs": digest, "pages": pages, "files": files}
    )
    seconds = time.perf_counter() - started
    stages = engine.stages if written is None else ()
    return pipeline.Result(pages, files, seconds, stages=stages, written=written)


def _file_count(engine: Engine) -> int:
    """The site's files: two per model page, one per other unit (the schema unit writes three)."""
    count = 0
    for kind, _ in engine.reads:
        count += 2 if kind == "model" else 3 if kind == "schema" else 1
    return count


def _changed_paths(
    models: Path, theme: Theme, before: dict[str, bytes], now: dict[str, bytes]
) -> list[Path]:
    """The files whose digest differs, or that came or went, from their keys."""
    paths_: list[Path] = []
    for key in before.keys() | now.keys():
        if before.get(key) == now.get(key):
            continue
        kind, _, rel = key.partition(":")
        if kind == "file":
            paths_.append(models / rel)
            continue
        folder, _, name = rel.partition("/")
        found = [root / folder / name for root in theme.roots if (root / folder / name).exists()]
        kinds = [root / folder / name for root in theme.roots if (root / folder).is_dir()]
        paths_.append((found or kinds or [theme.roots[0] / folder / name])[0])
    return sorted(paths_)


def _same_identity(before: CardReport | None, after: CardReport | None) -> bool:
    """Whether a card keeps its id, validity and replacement (what the cross-card checks see)."""
    if before is None or after is None:
        return False
    return (before.model_id, before.valid, before.parsed, before.replaced_by) == (
        after.model_id,
        after.valid,
        after.parsed,
        after.replaced_by,
    ) and not before.errors
