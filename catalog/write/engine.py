"""The incremental engine: a built site kept in memory with what made it, so that a card edit
rebuilds only what the card reaches.

A full build writes the site as ``catalog build`` does (staging folder, atomic swap). After it,
:meth:`Engine.update` takes the paths that changed. When only cards changed, it checks just those
cards (the others keep their reports; the checks across cards run on all), derives the site again
reusing the pages of every other card, and renders only:

- the pages (and JSON files) of the changed cards, the pages of the same provider whose "other
  models" list or count changed, and the pages whose "replaced by" link names a changed card;
- the index, the changed cards' provider pages and capability pages (old and new capabilities),
  the chart pages and compare page (each chart's SVG drawn again only if its points changed),
  api/models.json, the feed, the sitemap and the API page.

Each file is written only when its bytes differ from what is on disk, by writing beside it and
renaming, so a reader never sees half a file. A change to anything else (settings, registries, a
provider file, a logo, templates, static files) is a full build. The result is byte for byte the
site a full build makes (tests/test_engine.py holds it to that).

The build record beside the output (what lets ``catalog build`` say "up to date") is kept true:
a full build writes it, and an update marks it stale (a digest nothing matches) before writing
anything, so the next ``catalog build`` builds again rather than trust pages it did not write.
(Hashing every input after each edit, to write a true record, would cost every save a pass over
all the cards.) A site that is gone from disk is built again whole.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from catalog.derive import paths
from catalog.derive.site import ModelPage, Site, derive, other_model_links
from catalog.errors import ValidationFailed
from catalog.read import gate
from catalog.read.validate import (
    CardReport,
    Catalog,
    ModelEntry,
    Registries,
    check_one_card,
    cross_check,
)
from catalog.render.pages import Renderer, located_template_errors
from catalog.render.theme import Theme
from catalog.write import pipeline, publish
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
    ) -> None:
        self.models = models.absolute()
        self.force_out = force_out  # the first build may replace a folder catalog did not write
        self.out = out
        self.theme = theme or Theme.default()
        self.site_url = site_url
        self.workers = workers
        self.ready = False
        self._bulk: tuple[Site, dict[str, bytes]] | None = None  # deferred api/models.json

    # ------------------------------------------------------------------ full

    def build(self) -> Update:
        """Build everything (atomically, as ``catalog build --force``) and keep the state."""
        started = time.perf_counter()
        self.ready = False
        self._bulk = None
        gc.unfreeze()
        result = pipeline.build(
            self.models, self.out, self.theme, self.site_url, True, self.workers,
            force_out=self.force_out,
        )  # fmt: skip
        # The build's own state, checked and derived once: not checked and derived again.
        assert result.built is not None
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
        self.ready = True
        # The kept state is long-lived: out of the collector's sight, an update does not pay for
        # scanning it (the next full build puts it back, so the old state can be freed).
        gc.collect()
        gc.freeze()
        return Update(True, result.files, (), (), time.perf_counter() - started)

    # ------------------------------------------------------------------ incremental

    def update(self, files: Iterable[Path], *, defer_bulk: bool = False) -> Update:
        """Bring the site up to date with these changed (added, edited or deleted) files.

        Raises ValidationFailed (or CatalogError for a template) and leaves the site and the
        state as they were when the new input is invalid. With ``defer_bulk``, api/models.json
        (some 5 KB a page: tens of megabytes, and most of the time of an edit) is left for
        :meth:`finish`, so the preview server can reload the browser first; until then only
        that file lags behind.
        """
        self.finish()
        changed = {Path(p).absolute() for p in files}
        # A file that is gone and was never read (an editor's temporary file) changes nothing.
        changed = {p for p in changed if p.exists() or p in self.reports or not self.ready}
        if self.ready and not changed:
            return Update(False, 0, (), (), 0.0)
        if not self.ready or not self._on_disk() or not all(self._is_card(p) for p in changed):
            return self.build()
        started = time.perf_counter()
        catalog = self.catalog
        registries = Registries(catalog.benchmarks, catalog.capabilities, catalog.providers)
        reports, entries, folders = dict(self.reports), dict(self.entries), dict(self.folders)
        for path in changed:
            reports.pop(path, None)
            entries.pop(path, None)
            folders.pop(path, None)
            if path.is_file():
                folder = self.models / path.relative_to(self.models).parts[0]
                report, entry, _ = check_one_card(path, folder, registries)
                reports[path], folders[path] = report, folder
                if entry is not None:
                    entries[path] = entry
        if all(_same_identity(self.reports.get(p), reports.get(p)) for p in changed):
            # Ids and replacements as before: the checks across cards found nothing before and
            # find nothing now; only the changed cards' own errors can be new.
            errors = [e for p in changed if p in reports for e in reports[p].errors]
        else:
            order = sorted(reports, key=lambda p: (folders[p].name, str(p)))
            errors = cross_check([reports[p] for p in order])
        if errors:
            raise ValidationFailed(errors)
        try:
            records = self._records(self.site)
        except OSError:
            # The per-page JSON files were removed behind the engine's back: the site on disk
            # is no longer the one it patches; build it whole (before any state is changed).
            return self.build()

        old_site, old_entries = self.site, self.entries
        changed_ids = {e.id for p in changed for e in (old_entries.get(p), entries.get(p)) if e}
        models = sorted(entries.values(), key=lambda m: m.id)
        new_catalog = Catalog(
            catalog.root, catalog.settings, catalog.benchmarks, catalog.capabilities,
            catalog.providers, models,
        )  # fmt: skip
        providers = {model_id.split("/", 1)[0] for model_id in changed_ids}
        before = _neighbours(old_site, providers)
        old_pages = {p.id: p for p in old_site.pages if p.model.id in changed_ids}
        site = derive(new_catalog, self.site_url, reuse=old_site)
        new_pages = {p.id: p for p in site.pages if p.model.id in changed_ids}
        after = _neighbours(site, providers)
        # The lists show a page's row, the charts its price and scores: unchanged, they stay.
        old_rows = self._rows(self.renderer, old_pages)
        same_charts = _chart_inputs(old_pages) == _chart_inputs(new_pages)
        self.renderer.forget(set(old_pages) | set(new_pages))
        renderer = Renderer(site, self.theme, previous=self.renderer, same_charts=same_charts)
        same_lists = same_charts and self._rows(renderer, new_pages) == old_rows
        to_render = [
            page
            for page in site.pages
            if page.id in new_pages
            or before.get(page.id) != after.get(page.id)
            or (page.model.card.replaced_by in changed_ids)
        ]
        capabilities = {
            cap for page in (*old_pages.values(), *new_pages.values())
            for cap in page.model.card.capabilities
        }  # fmt: skip
        files: list[tuple[str, str]] = []
        with located_template_errors(self.theme):
            for page in to_render:
                html, api, record = renderer.model_files(page)
                files += [html, api]
                records[page.id] = record.encode()
            if not same_lists:
                files += renderer.lists(providers, capabilities)
            if not same_charts:
                files += renderer.charts()
            listed = same_charts and _listed(old_pages) == _listed(new_pages)
            files += [renderer.api_page(), *renderer.small_files(lists=not listed)]
        gone = [pid for pid in old_pages if pid not in new_pages]
        for pid in gone:
            records.pop(pid, None)
        # From here the site differs from what the build record describes: mark the record
        # stale first, so that whenever the writing stops, the next catalog build builds again.
        publish.invalidate_record(self.out)
        sink = ChangedFilesSink(self.out)
        written = [rel for rel, text in files if sink.write(rel, text.encode())]
        # api/models.json, some 5 KB a page, is written from the records kept as bytes, without
        # joining tens of megabytes first; it changes whenever a record does.
        if records != self.records or [p.id for p in site.pages] != [p.id for p in old_site.pages]:
            self._bulk = (site, records)
            written.append(paths.MODELS_JSON)
        removed = []
        for pid in gone:
            for rel in (paths.page_url(pid), paths.record_url(pid)):
                if sink.remove(rel):
                    removed.append(rel)
        self.site, self.renderer, self.records = site, renderer, records
        self.reports, self.entries, self.folders = reports, entries, folders
        self.catalog = new_catalog
        if not defer_bulk:
            self.finish()
        seconds = time.perf_counter() - started
        return Update(False, len(files) + 1, tuple(written), tuple(removed), seconds)

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

    @staticmethod
    def _rows(renderer: Renderer, pages: dict[str, ModelPage]) -> list[object]:
        listed = list(pages.values())
        return [*renderer.rows(listed, ""), *renderer.rows(listed, "../")]

    def _is_card(self, path: Path) -> bool:
        """A card of a known provider, by the gate's rule for which files are cards."""
        parts = gate.card_parts(self.models, path)
        return parts is not None and parts[0] in self.catalog.providers

    def _records(self, site: Site) -> dict[str, bytes]:
        """Every page's record in api/models.json, read once from the per-page JSON files."""
        if self.records is None:
            self.records = {
                page.id: (self.out / paths.record_url(page.id)).read_bytes()[:-1]
                for page in site.pages
            }
        return dict(self.records)


def _neighbours(site: Site, providers: set[str]) -> dict[str, tuple[object, ...]]:
    """For the pages of these providers, what a page shows of the provider's other models."""
    context = site.pages[0].context if site.pages else None
    if context is None:
        return {}
    signatures: dict[str, tuple[object, ...]] = {}
    for provider_id in providers:
        provider = site.providers.get(provider_id)
        if provider is None:
            continue
        siblings = context.newest_models.get(provider_id, [])
        for page in provider.pages:
            links = other_model_links(context.catalog, siblings, page)
            signatures[page.id] = (len(siblings), *((x.label, x.url, x.note) for x in links))
    return signatures


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


def _listed(pages: dict[str, ModelPage]) -> list[tuple[object, ...]]:
    """What the sitemap and api/index.json show of these pages."""
    return [
        (pid, page.name, page.provider.file.name, page.region.name if page.region else None)
        for pid, page in pages.items()
    ]


def _chart_inputs(pages: dict[str, ModelPage]) -> list[tuple[object, ...]]:
    """What the charts show of these pages."""
    return [
        (pid, page.url, page.blended_price, tuple(page.model.card.benchmarks.items()))
        for pid, page in pages.items()
    ]
