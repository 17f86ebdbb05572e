"""Where a build's files go: the two sinks, and the one writer of api/models.json.

``catalog build`` writes every file into a staging folder that is published whole
(:class:`StagingSink`); the preview server writes into the published site itself, only the
files whose bytes changed, each by writing beside it and renaming so that a reader never sees
half a file (:class:`ChangedFilesSink`). The pipeline renders the same files for both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from catalog.derive import paths
from catalog.derive.site import Site
from catalog.render.documents import catalog_json_frame


class StagingSink:
    """Every file written, into a fresh folder no one reads until it is published."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, data: bytes) -> bool:
        with open(self.root / rel, "wb") as handle:
            handle.write(data)
        return True


class ChangedFilesSink:
    """Only files whose bytes differ are written, each atomically, into a live site."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, data: bytes) -> bool:
        target = self.root / rel
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return False
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, [data])
        return True

    def remove(self, rel: str) -> bool:
        target = self.root / rel
        if not target.exists():
            return False
        target.unlink()
        return True


def _replace(target: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` beside ``target`` and rename the result over it; on any failure no
    half-written file is left behind."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_models_json(root: Path, site: Site, records: Iterable[bytes]) -> None:
    """api/models.json: the frame around the records (each a page's record, or a run of them
    already joined, as a render job writes them), in page order, joined as json.dumps joins
    list items. Streamed: tens of megabytes at 10,000 cards are never joined in memory."""
    head, tail = catalog_json_frame(site)

    def chunks() -> Iterable[bytes]:
        yield head.encode()
        first = True
        for record in records:
            if not record:  # a job without pages
                continue
            if not first:
                yield b", "
            yield record
            first = False
        yield tail.encode()

    _replace(root / paths.MODELS_JSON, chunks())
