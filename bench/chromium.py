"""Debian's Chromium, as the benchmarks and the browser tests start it."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CATALOG_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from calling home: this machine has no network beyond loopback, and
# the site must not need one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
