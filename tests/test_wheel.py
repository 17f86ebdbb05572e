"""The built wheel, installed into a fresh virtual environment, builds the starter site from any
folder: the same bytes as the project's own build, with the default theme read from inside the
installed package and not one file of the source tree read but the models folder.

One wheel, one install, one build (some tens of seconds): pip fetches the build backend the
first time. It runs on CI like every other test and is never skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import PROJECT
from tests.test_cli import snapshot

# Installed in the fresh environment by a .pth line, so that it runs at the start of every Python
# of it, the `catalog` script and its forked workers included: it logs every path opened or
# listed, through a descriptor opened before the hook (writing to it raises no audit event).
AUDIT = """\
import os
import sys

_log = os.environ.get("CATALOG_READS_LOG")
if _log:
    _fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _hook(event, args):
        if event in ("open", "os.listdir", "os.scandir") and args:
            path = args[0]
            if isinstance(path, (str, bytes, os.PathLike)):
                line = os.path.abspath(os.fsdecode(path)) + "\\n"
                os.write(_fd, line.encode("utf-8", "surrogateescape"))

    sys.addaudithook(_hook)
"""


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_installed_wheel_builds_the_same_site_from_any_folder(
    tmp_path: Path, starter_site: Path
) -> None:
    # Nothing of the project's environment leaks into the installed catalog's runs.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop("CATALOG_DEBUG", None)

    wheels = tmp_path / "wheels"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        PROJECT,
        "--no-deps",
        "-q",
        "-w",
        wheels,
        cwd=tmp_path,
        env=env,
    )
    (wheel,) = wheels.glob("catalog-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    purelib = Path(
        _run(
            python,
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            cwd=tmp_path,
            env=env,
        ).stdout.strip()
    )
    # The dependencies the project's environment already has, without downloading them: a .pth
    # line appends its site-packages after the fresh one's (its own .pth files, the project's
    # editable install among them, are not processed from there).
    (purelib / "zz_project_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    (purelib / "_catalog_reads.py").write_text(AUDIT, encoding="utf-8")
    (purelib / "_catalog_reads.pth").write_text("import _catalog_reads\n", encoding="utf-8")
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
        cwd=tmp_path,
        env=env,
    )

    # Where the installed catalog finds its code and its theme: inside the environment.
    where = _run(
        python,
        "-c",
        "import catalog, catalog.render.theme as t; print(catalog.__file__); "
        "print(t.default_root())",
        cwd=tmp_path,
        env=env,
    ).stdout.splitlines()
    package, root = (Path(line).resolve() for line in where)
    assert package == (purelib / "catalog" / "__init__.py").resolve()
    assert root == (purelib / "catalog" / "theme").resolve()
    for folder in ("templates", "static"):
        shipped = {p.name: p.read_bytes() for p in (root / folder).iterdir()}
        assert shipped == {p.name: p.read_bytes() for p in (PROJECT / folder).iterdir()}

    # `catalog build` from a folder that is not the project: the bytes of the project's build.
    reads = tmp_path / "reads.log"
    out = tmp_path / "site"
    result = _run(
        venv / "bin" / "catalog",
        "build",
        "--models",
        PROJECT / "models",
        "--out",
        out,
        cwd=tmp_path,
        env={**env, "CATALOG_READS_LOG": str(reads)},
    )
    assert result.stdout.startswith("built 351 model pages (")
    assert snapshot(out) == snapshot(starter_site)

    # Of the source tree it read the models folder only (and the dependencies made visible
    # above); the theme and the code came from the installed package.
    opened = {Path(line) for line in reads.read_text(encoding="utf-8").splitlines()}
    assert any(path.is_relative_to(root / "templates") for path in opened)
    assert any(path.is_relative_to(root / "static") for path in opened)
    allowed = (PROJECT / "models", Path(sysconfig.get_paths()["purelib"]))
    from_project = {
        path
        for path in opened
        if path.is_relative_to(PROJECT) and not any(path.is_relative_to(a) for a in allowed)
    }
    assert from_project == set()
