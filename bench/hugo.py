"""The anchor of the benchmark: Hugo building 10,000 simple Markdown pages with a minimal layout.

A build time in seconds says little on its own (it depends on the machine); the same machine's
Hugo, a fast and widely used generator, on a comparable amount of work, gives a ratio that does.
The site is generated here, byte-identical for the same ``(pages, seed)``: front matter (title,
date) and a few paragraphs of Markdown each, one section listing every page (like our index
listing every model), and a layout of a few lines. Hugo's extras that our pages have no
counterpart for in a "simple pages" site (RSS, sitemap, taxonomies, robots.txt, 404) are turned
off in its config, so Hugo renders the pages, the section list and the home page, nothing else.

Hugo comes from Debian's ``hugo`` package; ``find_hugo`` installs it when absent and allowed.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

# Turned off so that the comparison is "render simple pages", no feeds or indexes of its own.
CONFIG = """\
baseURL = "https://example.org/"
title = "Bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
""",
    "_default/single.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
""",
}

HUGO_FLAGS = ["--quiet"]  # and --source/--destination; see build_command

_WORDS = (
    "model context window tokens price input output region provider latency throughput "
    "benchmark reasoning vision tool call cache batch stream embedding chat completion "
    "release preview stable deprecated family small large fast cheap accurate quality"
)
_VOCABULARY = _WORDS.split(" ")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_VOCABULARY) for _ in range(rng.randint(8, 16))]
    if rng.random() < 0.3:  # some inline Markdown, so Goldmark has a little to do
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words).capitalize() + "."


def make_site(folder: Path, pages: int, seed: int = 0) -> None:
    """Write the Hugo site (config, layouts, ``pages`` Markdown pages) into ``folder``.

    Reused as is when a stamp says the same ``(pages, seed)`` was written there already: writing
    10,000 files is the harness's overhead, not Hugo's time.
    """
    stamp = folder / ".stamp"
    wanted = f"{pages} {seed} {hash_of_this_file()}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "config.toml").write_text(CONFIG)
    for rel, text in LAYOUTS.items():
        (folder / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / rel).write_text(text)
    (folder / "content" / "posts" / "_index.md").write_text('---\ntitle: "Posts"\n---\n')
    rng = random.Random(seed)
    first = date(2023, 1, 1)
    for n in range(pages):
        day = first + timedelta(days=n % 900)
        paragraphs = [
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(3, 5))
        ]
        text = (
            f'---\ntitle: "Page {n:05d}"\ndate: {day.isoformat()}\n---\n\n'
            + "\n\n".join(paragraphs)
            + "\n"
        )
        (folder / "content" / "posts" / f"page-{n:05d}.md").write_text(text)
    stamp.write_text(wanted)


def hash_of_this_file() -> str:
    """A short digest of this module, so a changed generator invalidates a reused site."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def find_hugo() -> tuple[str | None, str]:
    """Hugo's path (or None) and a line saying what was done to get it.

    Installs Debian's package when running as root with apt-get, printing the command first, so
    that ``make bench`` works from a fresh clone; otherwise says how to install it.
    """
    found = shutil.which("hugo")
    if found:
        return found, "found on PATH"
    how = "sudo apt-get install -y hugo (Debian/Ubuntu package `hugo`)"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, f"hugo not found; install it with: {how}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
        print("  $", " ".join(cmd), flush=True)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
            return None, f"apt-get failed ({' '.join(tail)}); install it with: {how}"
    found = shutil.which("hugo")
    return found, ("installed with apt-get" if found else f"not found after apt-get; {how}")


def version(hugo: str) -> str:
    """Hugo's version line, e.g. ``hugo v0.111.3+extended linux/amd64 …``, cut to its first
    two words."""
    out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    return " ".join(out.split()[:2]) or "unknown"


def build_command(hugo: str, site: Path, out: Path) -> list[str]:
    """Hugo's build of ``site`` into ``out`` (on disk, like ours)."""
    return [hugo, *HUGO_FLAGS, "--source", str(site), "--destination", str(out)]
