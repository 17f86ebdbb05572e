"""How fast the incremental engine (catalog/write/engine.py, behind the preview server)
rebuilds after a one-card edit, in a synthetic catalog of N cards.

Usage::

    .venv/bin/python -m bench.edit_speed [--cards 5000] [--runs 5] [--work DIR] [--json]

It builds the catalog once with the engine, then, ``--runs`` times each, edits one card and times
``Engine.update`` from the edit to the last page written, as the preview server does before it
reloads the browser, and then, apart, the writing of api/models.json that follows
(``Engine.finish``). In-process: no process start-up, which the server does not pay either.

- description: a paragraph added to the first card's description (its pages and JSON change);
- price: the first card's input price raised (its rows in the index, provider and capability
  pages, the charts and api/models.json change too).

Each edit is undone after its run (the undo is not timed). Prints the medians; ``--json`` prints
them as one JSON object for bench/run.py. Never part of the tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import generate
from catalog.write.engine import Engine


def first_card(models: Path) -> Path:
    for card in sorted(models.glob("*/*.yaml")):
        text = card.read_text()
        if card.name != "provider.yaml" and "\ndescription: " in text and "\n  input: " in text:
            return card
    raise SystemExit(f"bench: no card with a description and an input price in {models}")


def description_edit(text: str, run: int) -> str:
    head, sep, rest = text.partition("\ndescription: ")
    line, nl, body = rest.partition("\n")
    return head + sep + line + nl + f"  Edited for run {run}.\n\n" + body


def price_edit(text: str, run: int) -> str:
    def bump(match: re.Match[str]) -> str:
        return f"{match.group(1)}{float(match.group(2)) + run / 100:.2f}"

    return re.sub(r"(\n  input: )([0-9.]+)", bump, text, count=1)


def measure(models: Path, out: Path, runs: int) -> dict[str, object]:
    engine = Engine(models, out, workers=2)
    started = time.perf_counter()
    engine.build()
    full = time.perf_counter() - started
    gc.freeze()  # as the server does after a build: the kept state is not scanned again
    card = first_card(models)
    original = card.read_text()
    results: dict[str, object] = {"full_build_s": round(full, 2)}
    edits: dict[str, Callable[[str, int], str]] = {
        "description": description_edit,
        "price": price_edit,
    }
    for name, change in edits.items():
        times, bulk, written = [], [], 0
        for run in range(1, runs + 1):
            card.write_text(change(original, run))
            begun = time.perf_counter()
            update = engine.update([card], defer_bulk=True)
            pages_done = time.perf_counter()
            engine.finish()
            times.append(pages_done - begun)
            bulk.append(time.perf_counter() - pages_done)
            written = len(update.written)
            card.write_text(original)
            engine.update([card])
        results[f"{name}_ms"] = round(statistics.median(times) * 1000, 1)
        results[f"{name}_ms_max"] = round(max(times) * 1000, 1)
        results[f"{name}_bulk_ms"] = round(statistics.median(bulk) * 1000, 1)
        results[f"{name}_files_written"] = written
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "catalog-edit")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    models = args.work / f"synth-{args.cards}"
    shutil.rmtree(models, ignore_errors=True)
    counts = generate(models, args.cards)
    out = args.work / "site"
    shutil.rmtree(out, ignore_errors=True)
    results = {**counts, **measure(models, out, args.runs)}
    shutil.rmtree(args.work, ignore_errors=True)
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:>28}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
