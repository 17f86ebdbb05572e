"""The models.dev tree as files: what may be listed and read in it, and each TOML file read.

Split from :mod:`catalog.importers.models_dev` because reading files someone else controls is a
job of its own: nothing outside the tree is read, links inside it are followed, and whatever
cannot be read (a dangling link, a pipe, a file over the size limit, TOML nested too deeply) is a
skipped file, reported, never the end of the import.
"""

from __future__ import annotations

import os
import stat
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.report import LINK_FOLLOWED, Report
from catalog.read import gate, load

# Kinds of skipped files.
LINK_MISSING = "file linking to a file the tree does not have"
LINK_OUTSIDE = "link out of the tree being imported (not followed: nothing outside is read)"
NOT_REGULAR = "not a regular file where a file belongs (a folder, a pipe, a device; not read)"
UNREADABLE = "file that cannot be read"
TOO_LARGE = f"file over the size limit of {load.MAX_BYTES // 1024} KiB (not read)"
TOML_ERROR = "file that is not valid TOML, or that no card can be read from"

# --------------------------------------------------------------------------- reading files


class Unreadable(Exception):
    """A file the import skips; the message says why (already reported)."""


class Tree:
    """The models.dev tree being imported: what may be listed and read in it.

    Nothing outside the tree is read: every path is resolved before it is opened, and one whose
    real place is outside (a link to /etc, to the home folder …) is reported and skipped. Links
    inside the tree are followed, since models.dev shares files between providers with them; a
    link that dangles, a pipe or a folder where a file belongs is a skipped file, never the end
    of the import or a read that blocks."""

    def __init__(self, root: Path, report: Report) -> None:
        self.root = root
        self.real = Path(os.path.realpath(root))
        self.report = report

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.real)).as_posix()

    def inside(self, path: Path) -> Path | None:
        """The real place of ``path`` when it lies in the tree, else None."""
        # realpath, not Path.resolve: a link loop must be a skipped file, not a RuntimeError.
        real = Path(os.path.realpath(path))
        return real if real.is_relative_to(self.real) else None

    def read(self, path: Path) -> bytes | None:
        """The bytes of the file at ``path``, or None when it is skipped (reported)."""
        rel = self.rel(path)
        real = self.inside(path)
        if real is None:
            self.report.skip(LINK_OUTSIDE, f"{rel} → {link_text(path)}")
            return None
        try:
            data = gate.read_bytes(real, load.MAX_BYTES)
        except gate.NotRegular as exc:
            self.report.skip(NOT_REGULAR, f"{rel}: is {exc.kind}")
            return None
        except FileNotFoundError:
            self.report.skip(LINK_MISSING, f"{rel} → {link_text(path)}")
            return None
        except OSError as exc:
            self.report.skip(UNREADABLE, f"{rel}: {exc.strerror or exc}")
            return None
        if len(data) > load.MAX_BYTES:
            self.report.skip(TOO_LARGE, rel)
            return None
        return data

    def toml_files(self, folder: Path) -> list[Path]:
        """The ``*.toml`` files under ``folder``, by path, through links to folders inside the
        tree (each real folder once, so a link back up cannot loop)."""
        found: list[Path] = []
        seen: set[Path] = set()
        stack = [folder]
        while stack:
            current = stack.pop()
            real = self.inside(current)
            if real is None:
                self.report.skip(LINK_OUTSIDE, f"{self.rel(current)} → {link_text(current)}")
                continue
            if real in seen:
                continue
            seen.add(real)
            try:
                with os.scandir(current) as entries:
                    listed = [
                        (Path(e.path), e.stat(follow_symlinks=False).st_mode) for e in entries
                    ]
            except OSError as exc:
                self.report.skip(UNREADABLE, f"{self.rel(current)}: {exc.strerror or exc}")
                continue
            for path, mode in listed:
                is_toml = path.name.endswith(".toml")
                if stat.S_ISLNK(mode):
                    target = self.inside(path)
                    if target is None:
                        self.report.skip(LINK_OUTSIDE, f"{self.rel(path)} → {link_text(path)}")
                        continue
                    mode = target.stat().st_mode if target.exists() else stat.S_IFREG
                if stat.S_ISDIR(mode) and not is_toml:
                    stack.append(path)
                elif is_toml and stat.S_ISREG(mode):
                    found.append(path)  # a dangling link too: read() reports it
                elif is_toml:
                    self.report.skip(NOT_REGULAR, f"{self.rel(path)}: is {gate.kind(mode)}")
        return sorted(found)

    def read_toml(self, path: Path) -> dict[str, Any]:
        """One TOML file, following the one-line link files a checkout without symlinks leaves
        (``../../zai/models/glm-4.6.toml``) within the tree."""
        rel = self.rel(path)
        for _ in range(8):
            raw = self.read(path)
            if raw is None:
                raise Unreadable(rel)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.report.skip(TOML_ERROR, f"{rel}: not UTF-8 ({exc.reason})")
                raise Unreadable(rel) from None
            target = text.strip()
            if "\n" in target or "=" in target or not target.endswith(".toml"):
                break
            linked = Path(os.path.realpath(path.parent / target))
            if not linked.is_relative_to(self.real) or not linked.is_file():
                self.report.skip(LINK_MISSING, f"{rel} → {target}")
                raise Unreadable(rel)
            self.report.normalize(
                LINK_FOLLOWED, f"{rel} → {linked.relative_to(self.real).as_posix()}"
            )
            path = linked
        data = self._parse(text, rel)
        if _depth(data) > load.MAX_DEPTH:
            # Deeper tables would exhaust Python's recursion when a model inherits from it.
            self.report.skip(TOML_ERROR, f"{rel}: nested deeper than {load.MAX_DEPTH} levels")
            raise Unreadable(rel)
        return data

    def _parse(self, text: str, rel: str) -> dict[str, Any]:
        try:
            return tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            problem = str(exc)
        except RecursionError:
            problem = "nested too deeply to read"
        except ValueError:  # Python reads no integer of over 4,300 digits
            problem = "a number too long to read"
        except ArithmeticError:  # Decimal reads no exponent of over 18 digits
            problem = "a number too large to read"
        self.report.skip(TOML_ERROR, f"{rel}: {problem}")
        raise Unreadable(rel)

    def logo(self, folder: Path) -> tuple[bytes | None, str]:
        """The provider's logo (or its lab's) and where it is; None for a monogram."""
        for path in (folder / "logo.svg", self.root / "labs" / folder.name / "logo.svg"):
            if os.path.lexists(path):
                return self.read(path), self.rel(path)
        return None, ""


def link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:  # not a link itself: a folder above it is one
        return "(a folder on the way is a link)"


def _depth(data: Any) -> int:
    """How deeply tables and arrays nest in ``data`` (without recursion, whatever the depth)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            stack += [
                (v, depth + 1) for v in (value.values() if isinstance(value, dict) else value)
            ]
    return deepest
