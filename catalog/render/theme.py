"""The theme: the templates and static files a site is rendered with, found by name in a list of
folders, a site's own first and the default theme last.

A site overrides any template or static file by putting one of the same name in its theme folder
(``DIR/templates/model.html``, ``DIR/static/catalog.css``) without copying the rest. The default
theme is the repository's top-level ``templates/`` and ``static/``; an installed wheel carries
them inside the package as ``catalog/theme/`` (see pyproject.toml), so an installed catalog
builds from any folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import jinja2

_PACKAGE = Path(__file__).resolve().parents[1]
PROJECT_ROOT = _PACKAGE.parent


def default_root() -> Path:
    """Where the default theme is: inside the installed package, else the source checkout."""
    packaged = _PACKAGE / "theme"
    return packaged if (packaged / "templates").is_dir() else PROJECT_ROOT


@dataclass(frozen=True)
class Theme:
    """Theme folders in search order; each may hold ``templates/`` and ``static/``."""

    roots: tuple[Path, ...]

    @classmethod
    def default(cls) -> Theme:
        return cls((default_root(),))

    @classmethod
    def over_default(cls, folder: Path | None) -> Theme:
        """``folder`` searched first, then the default theme; just the default without one."""
        default = default_root()
        if folder is None or folder.resolve() == default.resolve():
            return cls((default,))
        return cls((folder, default))

    @property
    def template_folders(self) -> list[Path]:
        return [root / "templates" for root in self.roots if (root / "templates").is_dir()]

    @property
    def static_folders(self) -> list[Path]:
        return [root / "static" for root in self.roots if (root / "static").is_dir()]

    @property
    def watched(self) -> list[Path]:
        """What the preview server watches: every template and static folder of the theme."""
        return [*self.template_folders, *self.static_folders]

    def loader(self) -> jinja2.BaseLoader:
        """Templates by name, the first folder that has one winning."""
        return jinja2.FileSystemLoader([str(folder) for folder in self.template_folders])

    def template_file(self, name: str) -> Path:
        """The file a template name is read from (for error messages), or where it would be."""
        for folder in self.template_folders:
            if (folder / name).is_file():
                return folder / name
        folders = self.template_folders
        return (folders[0] if folders else self.roots[0] / "templates") / name

    def static_files(self) -> dict[str, Path]:
        """Every static file by its path under ``static/``, the first folder's winning. Links
        and what is not a regular file are not published (a theme is a folder of files)."""
        files: dict[str, Path] = {}
        for folder in self.static_folders:
            for current, dirs, names in os.walk(folder):
                dirs.sort()
                for name in sorted(names):
                    path = Path(current) / name
                    if not stat.S_ISREG(path.lstat().st_mode):
                        continue
                    files.setdefault(path.relative_to(folder).as_posix(), path)
        return dict(sorted(files.items()))
