"""The build state kept beside the output, so that ``catalog build`` after an edit renders only
what the edit reaches, as the preview server does.

``.NAME.build-state`` beside the output folder NAME holds what the engine needs to decide that:
the digest of every input file, what each unit read when it was rendered, and each key's value
then, as a digest. It is JSON, signed with this user's key (the check cache's), so a state
planted or copied from elsewhere is not trusted: the build then builds everything. It describes
the site a ``catalog build`` finished writing; a writer that changes the site without writing a
new state (the preview server, a full build before it saves one) removes it first.

Before an incremental build writes its first file it marks the state as being written over
(``.NAME.build-writing``), and removes the mark after it has saved the new state. A build killed
in between leaves the mark: the state no longer describes the site on disk (some files are the
edit's), so the next build does not trust it and builds everything. Without the mark, undoing
the edit before the next build would leave the edit's files in place, the inputs equal to the
old state's again, and nothing to write.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path

from catalog.read.checkcache import code_digest, read_signed, signed, signing_key
from catalog.render.reads import Unit

FORMAT = 2


@dataclass
class State:
    inputs: dict[str, bytes]  # the digest of every input file, by key
    reads: dict[Unit, tuple[str, ...]]  # what each unit read
    values: dict[str, bytes]  # each key's value when it was read, as a digest
    # Per card, by its input key: the keys of views a change to it can reach (as it was then),
    # so that the next build looks up only those of the cards that changed since.
    cards: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    # The cards' parsed YAML by the digest of their text (catalog/read/memo.py).
    parsed: dict[str, str] = dataclasses.field(default_factory=dict)


def path(out: Path) -> Path:
    # Beside the output, not in it: the state is not part of the published site.
    return out.with_name(f".{out.name}.build-state")


def writing_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.build-writing")


def mark_writing(out: Path) -> None:
    """The site is about to differ from the saved state: until save(), do not trust it."""
    writing_path(out).touch()


def _identity(models: Path, roots: tuple[Path, ...], site_url: str | None) -> dict[str, object]:
    """What a state is only good for: these models, theme folders, site URL and code."""
    return {
        "format": FORMAT,
        "models": str(models.absolute()),
        "theme": [str(root.absolute()) for root in roots],
        "site_url": site_url,
        "code": code_digest().hex(),
    }


def save(
    out: Path, models: Path, roots: tuple[Path, ...], site_url: str | None, state: State
) -> None:
    """Write the state whole or not at all; nothing is kept where no key can sign it."""
    key = signing_key()
    if key is None:
        discard(out)
        return
    names = sorted(state.values)
    index = {name: number for number, name in enumerate(names)}
    body = {
        **_identity(models, roots, site_url),
        "inputs": {name: digest.hex() for name, digest in state.inputs.items()},
        "keys": names,
        "values": [state.values[name].hex() for name in names],
        "units": [
            [kind, name, [index[k] for k in keys]] for (kind, name), keys in state.reads.items()
        ],
        # A key no unit read has no value: no build looks it up, so it is not kept.
        "cards": {
            card: [index[k] for k in keys if k in index] for card, keys in state.cards.items()
        },
        "parsed": state.parsed,
    }
    target = path(out)
    temporary = out.with_name(f".{out.name}.state-{os.getpid()}")  # publish.recover() knows it
    try:
        temporary.write_bytes(signed(key, json.dumps(body, separators=(",", ":")).encode()))
        temporary.replace(target)
        writing_path(out).unlink(missing_ok=True)  # the state describes the site again
    except OSError:
        temporary.unlink(missing_ok=True)
        discard(out)


def load(out: Path, models: Path, roots: tuple[Path, ...], site_url: str | None) -> State | None:
    """The state of the last build into ``out`` of these models with this theme, site URL and
    code; None when there is none, it is not signed with this user's key, or it is another's."""
    key = signing_key()
    if writing_path(out).exists():
        return None  # a build stopped while writing: the site is not what the state describes
    body = read_signed(path(out), key) if key is not None else None
    if body is None:
        return None
    try:
        data = json.loads(body)
        if any(data.get(k) != v for k, v in _identity(models, roots, site_url).items()):
            return None
        names: list[str] = data["keys"]
        return State(
            inputs={name: bytes.fromhex(digest) for name, digest in data["inputs"].items()},
            reads={
                (kind, name): tuple(names[i] for i in keys) for kind, name, keys in data["units"]
            },
            values={
                name: bytes.fromhex(value)
                for name, value in zip(names, data["values"], strict=True)
            },
            cards={card: tuple(names[i] for i in keys) for card, keys in data["cards"].items()},
            parsed=dict(data["parsed"]),
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # signed by this user, but not in this shape: build everything


def discard(out: Path) -> None:
    """Remove the state: the site is about to differ from what it describes."""
    path(out).unlink(missing_ok=True)
    writing_path(out).unlink(missing_ok=True)  # no state left to distrust
