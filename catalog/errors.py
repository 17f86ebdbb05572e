"""User-facing errors. Every one names a file, a line, a column, a field and what was expected."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


# Not frozen: a frozen dataclass refuses every attribute, the exception's own too, and
# contextlib sets ``__traceback__`` on an exception that passes through a @contextmanager (a
# template error inside nested located_template_errors() blocks became a FrozenInstanceError).
@dataclass(order=True, unsafe_hash=True)
class CatalogError(Exception):
    """One problem in one input file, printed as ``path:line:col: field: message (expected …)``."""

    path: str
    line: int
    col: int
    field: str
    message: str
    expected: str = ""

    def __reduce__(self) -> tuple[type, tuple[str, int, int, str, str, str]]:
        # Render workers send errors back to the main process: pickle the fields, not args.
        return (
            type(self),
            (self.path, self.line, self.col, self.field, self.message, self.expected),
        )

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{where}:{field} {self.message}{expected}"


class ValidationFailed(Exception):
    """The catalog has errors; all of them are carried so they can be reported in one run."""

    def __init__(self, errors: list[CatalogError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(set(errors))


class UsageError(Exception):
    """The command line or the environment is wrong (missing folder, bad --out)."""


def display_path(path: Path) -> str:
    """The path as messages print it: relative to the working directory where it lies below it.

    String work only (no resolve()): it runs once per file of the catalog.
    """
    text = str(path)
    if not os.path.isabs(text):
        return printable(path.as_posix())
    # As Path.relative_to(Path.cwd()), without making two paths per file.
    cwd = os.getcwd()
    if text == cwd:
        return "."
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    return printable(text[len(prefix) :] if text.startswith(prefix) else text)


def printable(text: str) -> str:
    """``text`` with what is not printable escaped (``\\n``, ``\\x1b``): a file name or a key may
    hold a line break or a terminal escape, which printed as is could forge or hide lines."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
