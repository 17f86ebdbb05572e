"""The pipeline, end to end: load and validate, derive, render, write, publish atomically.

The new site is written to a staging folder beside the output and swapped in only once every
page rendered, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from catalog import snippets
from catalog.derive import derive
from catalog.errors import UsageError
from catalog.render import render_site
from catalog.validate import Catalog, validate_catalog

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    seconds: float
    skipped: bool = False  # nothing changed since the last build: the site was left as it was


def _record_path(out: Path) -> Path:
    # Beside the output, not in it: the record is not part of the published site.
    return out.with_name(f".{out.name}.build-record")


def inputs_digest(models: Path, templates: Path, static: Path, site_url: str | None) -> str:
    """One hash over everything a build reads: cards, settings, logos, templates, static files,
    the catalog package's own code and the options. Equal digests give equal sites."""
    digest = hashlib.sha256(f"{site_url}\0".encode())
    for label, folder in (
        ("models", models),
        ("templates", templates),
        ("static", static),
        ("code", Path(__file__).parent),
    ):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if label == "code" and path.suffix != ".py":
                continue
            rel = path.relative_to(folder).as_posix()
            digest.update(f"{label}/{rel}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _require_folder(models: Path) -> None:
    if not models.is_dir():
        raise UsageError(f"{models}: no such folder (expected the folder of model cards)")


def check(models: Path) -> Catalog:
    """Validate the catalog; raise ValidationFailed with every error."""
    _require_folder(models)
    return validate_catalog(models)


def _refuse_dangerous_out(out: Path, models: Path) -> None:
    resolved = out.resolve()
    forbidden = {
        Path("/"): "the file-system root",
        Path.home().resolve(): "your home folder",
        Path.cwd().resolve(): "the current folder",
        PROJECT_ROOT: "the project folder",
        models.resolve(): "the models folder",
    }
    for path, what in forbidden.items():
        if resolved == path:
            raise UsageError(f"--out {out}: refusing to replace {what} with the built site")
    if models.resolve().is_relative_to(resolved):
        raise UsageError(f"--out {out}: refusing to replace a folder that holds the models")


def _write_tree(
    catalog: Catalog, staging: Path, templates: Path, static: Path, site_url: str | None
) -> int:
    site = derive(catalog, site_url)
    files = 0
    for rel, text in render_site(site, templates):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        files += 1
    shutil.copytree(static, staging / "static", dirs_exist_ok=True)
    (staging / "static" / "highlight.css").write_text(snippets.stylesheet(), encoding="utf-8")
    logos = staging / "static" / "logos"
    logos.mkdir(parents=True, exist_ok=True)
    for provider_id, entry in catalog.providers.items():
        shutil.copyfile(entry.logo_path, logos / f"{provider_id}.svg")
    return files + sum(1 for p in (staging / "static").rglob("*") if p.is_file())


def _publish(staging: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def build(
    models: Path,
    out: Path,
    templates: Path = PROJECT_ROOT / "templates",
    static: Path = PROJECT_ROOT / "static",
    site_url: str | None = None,
    force: bool = False,
) -> Result:
    """Build the site from ``models`` into ``out``; on any error ``out`` is left untouched.

    ``site_url`` overrides where the site says it is published (canonical URLs, feed, sitemap).
    When nothing the build reads has changed since the last build into ``out``, the site is left
    as it is (unless ``force``).
    """
    started = time.perf_counter()
    if site_url is not None and not re.match(r"^https?://[^\s/]+(/[^\s]*)?/$", site_url):
        raise UsageError(f"--site-url {site_url}: expected an http(s) URL ending in /")
    _refuse_dangerous_out(out, models)
    _require_folder(models)
    digest = inputs_digest(models, templates, static, site_url)
    record = _record_path(out)
    if not force and out.is_dir() and record.is_file():
        previous = json.loads(record.read_text(encoding="utf-8"))
        if previous.get("inputs") == digest:
            return Result(previous["pages"], previous["files"], time.perf_counter() - started, True)
    catalog = check(models)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = _write_tree(catalog, staging, templates, static, site_url)
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = catalog.page_count
    record.write_text(
        json.dumps({"inputs": digest, "pages": pages, "files": files}) + "\n", encoding="utf-8"
    )
    return Result(pages=pages, files=files, seconds=time.perf_counter() - started)
