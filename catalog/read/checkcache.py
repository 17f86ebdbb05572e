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

The folder is inside a tree that contributors write to, and ``catalog check`` runs on
contributed trees (CI, the pre-commit hook), so the file is plain JSON (reading it runs
nothing) and signed with a key that never leaves this user's own cache folder
(``$XDG_CACHE_HOME/catalog/`` or ``~/.cache/catalog/``): an entry planted or edited by anyone
else does not verify and the whole file is ignored, so what the cache holds can never make a
card pass that a full check would refuse.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import json
import multiprocessing
import os
import secrets
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from catalog.errors import CatalogError
from catalog.read import gate
from catalog.read.load import MAX_BYTES
from catalog.read.validate import (
    BENCHMARKS_FILE,
    CAPABILITIES_FILE,
    PROVIDER_FILE,
    CardReport,
    Registries,
    check_one_card,
)

FORMAT = 2  # 1 was a pickle
# Below this many cards to check, starting workers costs more than it saves.
PARALLEL_FROM = 400

Entry = tuple[bytes, bytes, CardReport]  # hash of the card, hash of its context, its report


def cache_path(models: Path) -> Path:
    resolved = models.resolve()
    tag = hashlib.blake2b(str(resolved).encode(), digest_size=6).hexdigest()
    return resolved.parent / ".catalog-cache" / f"check-{resolved.name}-{tag}.json"


def code_digest() -> bytes:
    """catalog's own code (every module, in any folder of the package) and the libraries that
    decide what a card means."""
    digest = hashlib.blake2b(f"{FORMAT} {sys.version}".encode())
    for name in ("pydantic", "pydantic-core", "pyyaml"):
        digest.update(f"{name} {importlib.metadata.version(name)}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _key_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "catalog"


def signing_key() -> bytes | None:
    """This user's key for the cache's signature, made on first use; None where it cannot be
    kept (no writable cache folder): then nothing is cached."""
    path = _key_folder() / "check-cache.key"
    try:
        with open(path, "rb") as handle:
            key = handle.read(64)
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        temporary.replace(path)
        return key
    except OSError:
        return None


def _report_data(report: CardReport) -> list[Any]:
    errors = [[e.path, e.line, e.col, e.field, e.message, e.expected] for e in report.errors]
    return [
        report.model_id, report.display, errors, report.valid, report.parsed, report.pages,
        report.replaced_by, list(report.replaced_by_at) if report.replaced_by_at else None,
    ]  # fmt: skip


def _report(data: list[Any]) -> CardReport:
    # Only data this user's key signed gets here: its shape is the one _report_data wrote.
    model_id, display, errors, valid, parsed, pages, replaced_by, at = data
    return CardReport(
        model_id, display, tuple(CatalogError(*error) for error in errors), valid, parsed, pages,
        replaced_by, None if at is None else (at[0], at[1]),
    )  # fmt: skip


def _signature(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode()


def signed(key: bytes, body: bytes) -> bytes:
    """A file's bytes: the body's signature with this user's key, a line break, the body."""
    return _signature(key, body) + b"\n" + body


def read_signed(path: Path, key: bytes) -> bytes | None:
    """The body of a file :func:`signed` wrote with ``key``; None when it cannot be read or its
    signature does not verify (a file planted or written with another key is not trusted)."""
    try:
        with open(path, "rb") as handle:
            signature, _, body = handle.read().partition(b"\n")
    except OSError:
        return None
    return body if hmac.compare_digest(signature, _signature(key, body)) else None


def read_entries(path: Path, key: bytes) -> dict[str, Entry]:
    """The entries of a cache file whose signature verifies with ``key``; none otherwise."""
    try:
        body = read_signed(path, key)
        if body is None:
            return {}
        stored = json.loads(body)
        if stored.get("format") != FORMAT:
            return {}
        return {
            name: (bytes.fromhex(content), bytes.fromhex(context), _report(report))
            for name, (content, context, report) in stored["entries"].items()
        }
    except Exception:  # a cache that cannot be read is a cache miss
        return {}


def _file_bytes(path: Path) -> bytes:
    """The file's bytes, up to one past the size limit (enough to tell a change, and a file
    linked to an endless device is not read without end)."""
    try:
        return gate.read_bytes(path, MAX_BYTES)
    except OSError:  # gate.NotRegular included: the check reports it
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
        self.key = signing_key() if use_file else None
        if self.key is None:
            self.use_file = False
            return
        self.entries = read_entries(self.path, self.key)

    def check_cards(
        self, cards: list[tuple[Path, Path]], registries: Registries
    ) -> list[CardReport]:
        """One report per card, in order: from the cache where nothing changed, else checked."""
        shared = hashlib.blake2b(code_digest())
        shared.update(os.getcwd().encode() + b"\0")
        for name in (BENCHMARKS_FILE, CAPABILITIES_FILE):
            shared.update(_file_bytes(self.models / name) + b"\0")
        # An offer inherits from its model card: every valid model card (which ones, and their
        # text) is part of every card's context. Model cards are few; an edit of one checks
        # the cards again.
        for model_id, model in sorted(registries.models.items()):
            shared.update(f"{model_id}\0".encode() + model.doc.text.encode() + b"\0")
        shared.update("\0".join(sorted(registries.model_ids)).encode() + b"\0")
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
            assert self.key is not None
            entries = {
                name: [content.hex(), context.hex(), _report_data(report)]
                for name, (content, context, report) in self.entries.items()
            }
            body = json.dumps({"format": FORMAT, "entries": entries}).encode()
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as handle:
                handle.write(signed(self.key, body))
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
