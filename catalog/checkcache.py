"""The check cache: a card is checked again only when it, or what it is checked against, changed.

``catalog check`` keeps, per card, the hash of its bytes, the hash of everything its check read
besides (the registries, its provider file, catalog's own code and library versions, the working
folder that error paths are shown relative to) and the report of its check: its errors, how many
pages it makes and whom it says replaces it. On the next check an unchanged card's report is
reused as it is; cross-card checks (one card per id, replaced_by naming a card) always run on
all the reports. So a cached check reports exactly what a full check would.

The cache lives beside the models folder, in ``.catalog-cache/`` (one file per models folder),
and is only a speed-up: a missing, unreadable or foreign file is ignored and rewritten.
Cards that need checking are checked in worker processes when there are many of them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import multiprocessing
import os
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from catalog.load import MAX_BYTES
from catalog.validate import (
    BENCHMARKS_FILE,
    CAPABILITIES_FILE,
    PROVIDER_FILE,
    CardReport,
    Registries,
    check_one_card,
)

FORMAT = 1
# Below this many cards to check, starting workers costs more than it saves.
PARALLEL_FROM = 400

Entry = tuple[bytes, bytes, CardReport]  # hash of the card, hash of its context, its report


def cache_path(models: Path) -> Path:
    resolved = models.resolve()
    tag = hashlib.blake2b(str(resolved).encode(), digest_size=6).hexdigest()
    return resolved.parent / ".catalog-cache" / f"check-{resolved.name}-{tag}.pickle"


def _code_digest() -> bytes:
    """catalog's own code and the libraries that decide what a card means."""
    digest = hashlib.blake2b(f"{FORMAT} {sys.version}".encode())
    for name in ("pydantic", "pydantic-core", "pyyaml"):
        digest.update(f"{name} {importlib.metadata.version(name)}\0".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _file_bytes(path: Path) -> bytes:
    """The file's bytes, up to one past the size limit (enough to tell a change, and a file
    linked to an endless device is not read without end)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return b"\0missing"


class CheckCache:
    def __init__(self, models: Path, workers: int = 1, use_file: bool = True) -> None:
        """Without ``use_file`` the cache file is neither read nor written: every card is
        checked (in workers when there are many)."""
        self.path = cache_path(models)
        self.models = models
        self.workers = workers
        self.use_file = use_file
        self.entries: dict[str, Entry] = {}
        self.checked = 0
        if not use_file:
            return
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
            if isinstance(stored, dict) and stored.get("format") == FORMAT:
                self.entries = stored["entries"]
        except Exception:  # a cache that cannot be read is a cache miss
            self.entries = {}

    def check_cards(
        self, cards: list[tuple[Path, Path]], registries: Registries
    ) -> list[CardReport]:
        """One report per card, in order: from the cache where nothing changed, else checked."""
        shared = hashlib.blake2b(_code_digest())
        shared.update(os.getcwd().encode() + b"\0")
        for name in (BENCHMARKS_FILE, CAPABILITIES_FILE):
            shared.update(_file_bytes(self.models / name) + b"\0")
        contexts: dict[Path, bytes] = {}
        reports: list[CardReport | None] = []
        keys: list[tuple[str, bytes, bytes]] = []
        todo: list[int] = []
        for index, (path, folder) in enumerate(cards):
            context = contexts.get(folder)
            if context is None:
                digest = shared.copy()
                digest.update(_file_bytes(folder / PROVIDER_FILE))
                context = contexts[folder] = digest.digest()
            key = str(path)
            content = hashlib.blake2b(_file_bytes(path)).digest()
            keys.append((key, content, context))
            hit = self.entries.get(key)
            if hit is not None and hit[0] == content and hit[1] == context:
                reports.append(hit[2])
            else:
                reports.append(None)
                todo.append(index)
        for index, report in zip(
            todo, self._check([cards[i] for i in todo], registries), strict=True
        ):
            reports[index] = report
        self.checked = len(todo)
        done = [r for r in reports if r is not None]
        assert len(done) == len(cards)
        fresh = {
            key: (content, context, r)
            for (key, content, context), r in zip(keys, done, strict=True)
        }
        if self.use_file and (todo or fresh.keys() != self.entries.keys()):
            self.entries = fresh
            self._save()
        return done

    def _check(self, cards: list[tuple[Path, Path]], registries: Registries) -> list[CardReport]:
        if self.workers <= 1 or len(cards) < PARALLEL_FROM:
            return _check_all(cards, registries)
        global _WORK
        _WORK = (cards, registries)
        share = -(-len(cards) // (self.workers * 4))
        chunks = [(start, start + share) for start in range(0, len(cards), share)]
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
                return [report for part in pool.map(_check_range, chunks) for report in part]
        finally:
            _WORK = None

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as handle:
                pickle.dump({"format": FORMAT, "entries": self.entries}, handle, protocol=5)
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only place: the next check checks everything again


def _check_all(cards: list[tuple[Path, Path]], registries: Registries) -> list[CardReport]:
    return [check_one_card(path, folder, registries)[0] for path, folder in cards]


# The cards and registries of the running check, inherited by forked workers.
_WORK: tuple[list[tuple[Path, Path]], Registries] | None = None


def _check_range(bounds: tuple[int, int]) -> list[CardReport]:
    assert _WORK is not None
    cards, registries = _WORK
    return _check_all(cards[bounds[0] : bounds[1]], registries)
