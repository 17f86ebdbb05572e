"""The theme: the templates and static files a site is rendered with, found by name in a list of
folders, a site's own first and the default theme last.

A site overrides any template or static file by putting one of the same name in its theme folder
(``DIR/templates/model.html``, ``DIR/static/style.css``) without copying the rest; it names the
folder with ``catalog build --theme DIR`` or ``theme:`` in ``site.yaml`` (see :func:`resolve`).
The default theme is the repository's top-level ``templates/`` and ``static/``; an installed
wheel carries them inside the package as ``catalog/theme/`` (see pyproject.toml), so an installed
catalog builds from any folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import jinja2

from catalog.errors import CatalogError, UsageError, printable
from catalog.read import gate, load

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

    def template_files(self) -> dict[str, Path]:
        """Every template by its name, the first folder's winning."""
        return _files(self.template_folders)

    def static_files(self) -> dict[str, Path]:
        """Every static file by its path under ``static/``, the first folder's winning. Links
        and what is not a regular file are not published (a theme is a folder of files)."""
        return _files(self.static_folders)


def _files(folders: list[Path]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in folders:
        for current, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = Path(current) / name
                if not stat.S_ISREG(path.lstat().st_mode):
                    continue
                files.setdefault(path.relative_to(folder).as_posix(), path)
    return dict(sorted(files.items()))


THEME_EXPECTED = "a theme folder holding templates/ or static/"


def _folder_problem(folder: Path, models: Path, out: Path | None) -> str | None:
    """Why ``folder`` cannot be a theme, or None."""
    if not folder.exists():
        return "no such folder"
    if not folder.is_dir():
        return "is not a folder"
    if not (folder / "templates").is_dir() and not (folder / "static").is_dir():
        return "holds neither templates/ nor static/"
    theme = folder.resolve()
    # The check reads every folder of the models folder as a provider's: it would report the
    # theme as a provider without provider.yaml, which names the wrong mistake.
    if theme.is_relative_to(models.resolve()):
        return "is inside the models folder, whose folders are providers (put it beside it)"
    if out is not None:
        site = out.resolve()
        # A build replaces the whole output folder: a theme inside it would be deleted by the
        # build that reads it.
        if theme.is_relative_to(site):
            return f"is inside the output folder {printable(str(out))}, which every build replaces"
        # The other way round, each build would publish the previous site as static files (or
        # read its pages as templates), growing without end.
        for part in ("templates", "static"):
            if site.is_relative_to(theme / part):
                return f"holds the output folder {printable(str(out))} in its {part}/"
    return None


def _setting(models: Path) -> tuple[load.Document, str] | None:
    """``theme:`` of site.yaml, as written, with its document; None when there is none.

    Read before the check, so any problem of the file (not YAML, not a mapping, a theme that is
    not text) is left to the check, which reports it located with every other error.
    """
    try:
        document = load.read(models / gate.SITE_FILE)
    except CatalogError:
        return None
    value = document.data.get("theme") if isinstance(document.data, dict) else None
    if not isinstance(value, str) or not value:
        return None
    return document, value


def _absolute(folder: Path) -> Path:
    # Absolute, so that template errors name the file relative to the working directory as every
    # other message does (``theme/templates/404.html``, not ``models/../theme/…``); normalized
    # without resolving links, so the path printed is the one the user wrote.
    return Path(os.path.abspath(folder))


def resolve(models: Path, option: Path | None, out: Path | None = None) -> Theme:
    """The theme a build of ``models`` into ``out`` uses: the folder ``option`` (``--theme``)
    when given, else ``theme:`` of site.yaml (relative to the models folder), searched before the
    default theme; the default theme alone when neither names one.

    A folder that does not exist, holds neither ``templates/`` nor ``static/``, or lies inside
    the models or the output folder is refused: a UsageError for ``--theme``, a CatalogError
    located at the ``theme:`` line for the setting. ``--theme`` wins, so the setting is then not
    read at all.
    """
    if option is not None:
        problem = _folder_problem(option, models, out)
        if problem is not None:
            shown = printable(str(option))
            raise UsageError(f"--theme {shown}: {problem} (expected {THEME_EXPECTED})")
        return Theme.over_default(_absolute(option))
    setting = _setting(models)
    if setting is None:
        return Theme.default()
    document, value = setting
    folder = models / value
    problem = _folder_problem(folder, models, out)
    home = models.resolve().parent
    if problem is None and not folder.resolve().is_relative_to(home):
        # site.yaml comes through pull requests like the cards; its templates run at build
        # time, so it may name a theme of the repository (reviewed like templates/), never a
        # folder anywhere else on the machine that builds it.
        problem = f"is outside {printable(str(home))}, the folder that holds the models folder"
    if problem is not None:
        line, col = load.locate(document.text, ("theme",))
        raise CatalogError(
            document.display, line, col, "theme", f"{printable(value)}: {problem}",
            f"{THEME_EXPECTED}, relative to the models folder",
        )  # fmt: skip
    return Theme.over_default(_absolute(folder))
