"""Publishing: a new site takes the place of the old one in one step, and the build record.

The new site is written to .NAME.staging-PID beside the output folder NAME and swapped in only
when every file is written. A build killed at any moment (SIGKILL included) leaves a complete
site in NAME, the old one or the new one, and leftovers that the next build removes.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path


def record_path(out: Path) -> Path:
    # Beside the output, not in it: the record is not part of the published site.
    return out.with_name(f".{out.name}.build-record")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths atomically


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, musl)
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _beside(out: Path, kind: str, pid: int | None = None) -> Path:
    return out.with_name(f".{out.name}.{kind}-{os.getpid() if pid is None else pid}")


def publish(staging: Path, out: Path) -> None:
    """Put the new site in ``staging`` in place of ``out``.

    Where two folders can be swapped in one step (Linux), ``out`` is at every moment the old site
    or the new one, and the old one ends in ``staging``, which the caller removes. Elsewhere the
    old site is renamed aside first; a build killed before the new one took its place leaves it
    as ``.NAME.old-PID``, which the next build puts back (:func:`recover`).
    """
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    old = _beside(out, "old")
    out.rename(old)
    staging.rename(out)
    trash = _beside(out, "trash")  # not .old any more: the next build must not put it back
    old.rename(trash)
    shutil.rmtree(trash)


def _running(pid: int) -> bool:
    if os.name != "posix":  # elsewhere signal 0 is no probe (Windows would end the process)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OverflowError, ValueError):  # not a process id at all
        return False
    return True


def recover(out: Path) -> list[Path]:
    """Clean up after builds into ``out`` that were killed; return what was removed.

    A site renamed aside (``.NAME.old-PID``) by a build that died before putting the new one in
    its place is put back when ``out`` is missing. The staging folders, old sites and record
    files of builds that are no longer running are removed; those of running builds are left.
    """
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(staging|old|trash|record|state)-([0-9]+)")
    try:
        names = sorted(os.listdir(out.parent))
    except FileNotFoundError:
        return []
    stale: list[tuple[str, Path]] = []
    for name in names:
        match = pattern.fullmatch(name)
        if match and int(match[2]) != os.getpid() and not _running(int(match[2])):
            stale.append((match[1], out.with_name(name)))
    if not out.exists() and not out.is_symlink():
        olds = [path for kind, path in stale if kind == "old"]
        if olds:
            newest = max(olds, key=lambda path: path.stat().st_mtime_ns)
            newest.rename(out)
            stale.remove(("old", newest))
    for _, path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return [path for _, path in stale]


def read_record(record: Path) -> dict[str, object]:
    """The last build's record; empty when there is none or it cannot be read."""
    try:
        value = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_record(record: Path, out: Path, value: dict[str, object]) -> None:
    """Write the record whole or not at all: a build killed while writing it leaves the old one."""
    temporary = _beside(out, "record")
    temporary.write_text(json.dumps(value) + "\n", encoding="utf-8")
    temporary.replace(record)


def invalidate_record(out: Path) -> None:
    """Mark the build record of ``out`` stale, for a writer other than :func:`build` (the preview
    server) about to change the site: no digest matches it, so the next build builds again
    rather than call a site it did not write up to date. The record is kept (not removed): it
    also says that catalog wrote the folder, which ``--out`` checks before replacing it."""
    write_record(record_path(out), out, {"inputs": None})
