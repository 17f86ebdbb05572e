"""The file gate: which files of a models folder are what, which ids are valid, how a file is
read and which folder a build may replace.

Every command asks here (check, build, serve, new and both importers), so that the rules cannot
disagree: an id the importer writes is one ``check`` accepts, a file the engine treats as a card
is one ``check`` reads, and nothing is read through a symbolic link or from what is not a regular
file. The rules are strict on purpose: cards arrive through pull requests from many hands.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from catalog.errors import CatalogError, display_path

SITE_FILE = "site.yaml"
BENCHMARKS_FILE = "benchmarks.yaml"
CAPABILITIES_FILE = "capabilities.yaml"
PROVIDER_FILE = "provider.yaml"
# Model cards (what a lab released, apart from who serves it) live in labs/<lab>/<model>.yaml,
# each lab folder with its lab.yaml; every other top-level folder is a provider's.
LABS_FOLDER = "labs"
LAB_FILE = "lab.yaml"
TOP_LEVEL_FILES = (SITE_FILE, BENCHMARKS_FILE, CAPABILITIES_FILE)
CARD_SUFFIXES = (".yaml", ".yml")

# --------------------------------------------------------------------------- ids

_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
ID_MAX = 80
ID_EXPECTED = "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
# Windows gives these names to devices, with any extension: a file so named cannot even be
# checked out there (con.html no more than con).
_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))]
)
# The catalog's own files are named by these stems: a card, folder or registry id so named would
# be, or be mistaken for, one of them (an imported model 'acme/provider' would overwrite
# models/acme/provider.yaml).
RESERVED_NAMES = frozenset(name.removesuffix(".yaml") for name in (*TOP_LEVEL_FILES, PROVIDER_FILE))
# The site names its files <id>.html and <id>.json: a folder id ending so would be the very path
# of another id's page.
_OUTPUT_SUFFIXES = (".html", ".json")


def id_problem(value: str) -> tuple[str, str] | None:
    """Why ``value`` cannot be an id, as ``(reason, expected)``, or None when it can be one.

    Ids become file and folder names and URLs. The reason is empty for the basic rule (the
    characters allowed, no '..'); otherwise it says which reserved name or ending it has.
    """
    if not _ID_RE.fullmatch(value) or ".." in value:
        return "", ID_EXPECTED
    if len(value) > ID_MAX:
        return f"it is {len(value)} characters long", f"an id of at most {ID_MAX} characters"
    stem = value.split(".", 1)[0]
    if stem in _DEVICE_NAMES:
        return (
            f"{stem!r} is a device name on Windows",
            "a name other than con, prn, aux, nul, com0–com9 and lpt0–lpt9, with or without "
            "an extension",
        )
    if value == "index":
        return "'index' would be the page of its folder itself", "a name other than index"
    if value in RESERVED_NAMES:
        return (
            f"{value!r} is the name of one of the catalog's own files",
            "a name other than " + ", ".join(sorted(RESERVED_NAMES)),
        )
    if value.endswith(_OUTPUT_SUFFIXES):
        return (
            "it ends in the extension of a page of the site",
            "an id not ending in .html or .json",
        )
    if value.endswith("."):
        return "it ends in '.', which Windows drops from file names", "an id not ending in '.'"
    return None


def is_valid_id(value: str) -> bool:
    """Ids become file names and URLs: lower-case letters, digits, '.', '_' and '-' only, no
    '..', at most 80 characters and no name that is reserved (see :func:`id_problem`)."""
    return id_problem(value) is None


# --------------------------------------------------------------------------- which file is what


def _refused(path: Path, message: str, expected: str) -> CatalogError:
    return CatalogError(display_path(path), 1, 1, "", message, expected)


def kind(mode: int) -> str:
    """What an entry that is not a regular file is, as messages name it."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _hidden(path: Path, mode: int) -> bool:
    """Folders and files starting with '.' (version control, caches, editors' files) are not the
    catalog's, except a hidden card, which is reported (its name is not a valid id) rather than
    silently left out."""
    return path.name.startswith(".") and (stat.S_ISDIR(mode) or path.suffix not in CARD_SUFFIXES)


def _entries(folder: Path) -> list[tuple[Path, int]]:
    """The entries of ``folder`` with their own modes (links not followed), by name, the hidden
    ones left out."""
    with os.scandir(folder) as found:
        entries = [(Path(e.path), e.stat(follow_symlinks=False).st_mode) for e in found]
    return sorted((p, m) for p, m in entries if not _hidden(p, m))


@dataclass
class Listing:
    """What a models folder holds, as the gate sorted it."""

    top: dict[str, Path] = field(default_factory=dict)  # the top-level files that are present
    providers: list[Path] = field(default_factory=list)  # provider folders with a provider.yaml
    cards: list[tuple[Path, Path]] = field(default_factory=list)  # (card, provider folder)
    labs: list[Path] = field(default_factory=list)  # lab folders with a lab.yaml
    model_cards: list[tuple[Path, Path]] = field(default_factory=list)  # (card, lab folder)
    errors: list[CatalogError] = field(default_factory=list)


def _link_or_special(path: Path, mode: int, expected: str) -> CatalogError | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    # A link could make the catalog read, echo or publish a file from anywhere; a pipe or a
    # device could block a read forever.
    return _refused(path, f"is {kind(mode)}", expected)


def walk(models: Path) -> Listing:
    """Sort every visible entry under ``models``; anything that is not a regular file or folder
    where a catalog file or folder may be is a located error, listed with the others."""
    listing = Listing()
    for path, mode in _entries(models):
        name = path.name
        if name.startswith("."):
            continue
        if name in TOP_LEVEL_FILES:
            problem = _link_or_special(path, mode, "a regular file inside the catalog")
            if problem is None and stat.S_ISDIR(mode):
                problem = _refused(path, "is a folder", f"the catalog's {name}, a file")
            if problem is not None:
                listing.errors.append(problem)
            else:
                listing.top[name] = path
            continue
        if not stat.S_ISDIR(mode):
            if path.suffix in CARD_SUFFIXES:
                listing.errors.append(
                    _refused(
                        path,
                        "unexpected file at the top of the catalog",
                        ", ".join(TOP_LEVEL_FILES) + " or a provider folder",
                    )
                )
            elif stat.S_ISLNK(mode):
                listing.errors.append(
                    _refused(path, "is a symbolic link", "a provider folder inside the catalog")
                )
            continue
        if name == LABS_FOLDER:
            _walk_labs(path, mode, listing)
            continue
        problem = id_problem(name)
        if problem is not None:
            reason, expected = problem
            message = f"folder name {name!r} is not a valid provider id"
            listing.errors.append(
                _refused(path, message + (f": {reason}" if reason else ""), expected)
            )
            continue
        _walk_provider(path, listing)
    return listing


def _walk_labs(labs: Path, mode: int, listing: Listing) -> None:
    problem = _link_or_special(labs, mode, "the catalog's labs folder")
    if problem is not None:
        listing.errors.append(problem)
        return
    for path, entry_mode in _entries(labs):
        if not stat.S_ISDIR(entry_mode):
            expected = "a lab folder (labs/<lab>/lab.yaml and its model cards)"
            if path.suffix in CARD_SUFFIXES or stat.S_ISLNK(entry_mode):
                listing.errors.append(_refused(path, "is not a lab folder", expected))
            continue
        problem_id = id_problem(path.name)
        if problem_id is not None:
            reason, expected = problem_id
            message = f"folder name {path.name!r} is not a valid lab id"
            listing.errors.append(
                _refused(path, message + (f": {reason}" if reason else ""), expected)
            )
            continue
        _walk_provider(path, listing, LAB_FILE)


def _walk_provider(folder: Path, listing: Listing, own_file: str = PROVIDER_FILE) -> None:
    """A provider's folder, or (``own_file`` lab.yaml) a lab's: its own file and its cards."""
    provider_file = folder / own_file
    stack = [folder]
    cards: list[Path] = []
    has_provider = False
    while stack:
        current = stack.pop()
        for path, mode in _entries(current):
            is_yaml = path.suffix in CARD_SUFFIXES
            if stat.S_ISDIR(mode):
                if is_yaml:
                    listing.errors.append(
                        _refused(path, "is a folder", "a card: a regular .yaml file")
                    )
                else:
                    stack.append(path)
                continue
            expected = "a regular file inside the catalog"
            problem = _link_or_special(path, mode, expected)
            if problem is not None:
                # Every link is refused, not only cards: a linked logo or folder would publish
                # or read what lies outside the catalog.
                listing.errors.append(problem)
            elif path == provider_file:
                has_provider = True
            elif is_yaml:
                cards.append(path)
    what = "provider" if own_file == PROVIDER_FILE else "lab"
    if not has_provider:
        if provider_file.is_symlink() or provider_file.exists():
            return  # refused above
        listing.errors.append(
            _refused(provider_file, f"{what} folder has no {own_file}", f"a {what} file")
        )
        return
    if own_file == PROVIDER_FILE:
        listing.providers.append(folder)
        listing.cards.extend((card, folder) for card in sorted(cards))
    else:
        listing.labs.append(folder)
        listing.model_cards.extend((card, folder) for card in sorted(cards))


def card_parts(models: Path, path: Path) -> tuple[str, ...] | None:
    """The model id's parts (provider first) of the file at ``path`` when the walk would take it
    for a card, else None. Only names are looked at; :func:`read_bytes` refuses what is not a
    regular file when the card is read."""
    try:
        parts = path.relative_to(models).parts
    except ValueError:
        return None
    if len(parts) < 2 or path.suffix not in CARD_SUFFIXES or parts[1:] == (PROVIDER_FILE,):
        return None
    if parts[0] == LABS_FOLDER:
        return None  # a lab's file or a model card, not a provider's card
    if any(part.startswith(".") for part in parts[:-1]):
        return None
    return (*parts[:-1], path.stem)


def linked_folder(models: Path, path: Path) -> Path | None:
    """The first folder between ``models`` and ``path`` that is a symbolic link, or None: a file
    written there would land outside the catalog."""
    current = models
    for part in path.relative_to(models).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return current
    return None


# --------------------------------------------------------------------------- reading


class NotRegular(OSError):
    """The path is a symbolic link, a folder, a pipe, a device or a socket."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path}: is {kind}")
        self.kind = kind


def read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (one more than the limit, so
    that a caller can tell a file over it). Never follows a symbolic link in the last component
    and never blocks on a pipe: raises :class:`NotRegular` instead."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise NotRegular(path, "a symbolic link") from None
        raise exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegular(path, kind(mode))
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


# --------------------------------------------------------------------------- where to write

# Folders of the operating system, never an output folder whatever they hold.
SYSTEM_FOLDERS = tuple(
    Path(p)
    for p in (
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media",
        "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr",
        "/var", "/var/tmp", "/Users", "/Applications", "/Library", "/System", "/private",
    )
)  # fmt: skip


def out_problem(out: Path, models: Path, project: Path, *, recorded: bool) -> str | None:
    """Why ``out`` must not be replaced by a built site, or None when it may be.

    ``recorded`` says the folder holds a site catalog wrote (its build record is beside it).
    A build replaces the whole folder, so it must not be, or hold, anything that is not the site.
    """
    resolved = out.resolve()
    if resolved == Path("/"):
        return "refusing to replace the file-system root with the built site"
    guarded = {
        Path.cwd().resolve(): "the current folder",
        Path.home().resolve(): "your home folder",
        project.resolve(): "the project folder",
        models.resolve(): "the models folder",
    }
    for path, what in guarded.items():
        if resolved == path:
            return f"refusing to replace {what} with the built site"
        if path.is_relative_to(resolved):
            return f"refusing to replace a folder that holds {what}"
    if resolved.is_relative_to(models.resolve()):
        # The site would become part of the catalog's input (and be read as cards).
        return "refusing to build into the models folder"
    if resolved in SYSTEM_FOLDERS or resolved.parent == Path("/"):
        return "refusing to replace a system folder"
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return "is not a folder; refusing to replace it"
    if out.is_dir() and not recorded and any(out.iterdir()):
        return (
            "exists, is not empty and holds no site catalog built (no build record beside it); "
            "refusing to replace it (pass --force-out to replace it anyway)"
        )
    return None
