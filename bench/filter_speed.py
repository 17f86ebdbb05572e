"""How fast the index's filters and sorting answer on a catalog of about 5,000 model pages.

Usage::

    .venv/bin/python -m bench.filter_speed [--pages 5000] [--seed 0] [--rounds 3] [--reuse]

Generates a synthetic catalog with bench/synth.py (the card count is found so the site has about
``--pages`` model pages), builds it, serves it on 127.0.0.1, opens the index in Debian's Chromium
through Playwright and measures, in the page with performance.now():

- filter: a field is set and its event dispatched; the handler (static/index.js) runs
  synchronously inside dispatchEvent, so the time around dispatchEvent is the script's time. A
  forced layout right after (reading offsetHeight) adds the browser's style and layout work for
  the rows shown or hidden: "+ layout" is the time until the table is updated on screen.
- sort: a header button's click(), likewise, first click per column (ranks computed) and second
  (reversed order, ranks cached).
- the URL update: index.js writes the state into the URL with history.replaceState 200 ms after
  the last change, outside the handler, because Chromium takes tens of milliseconds for it on a
  page this size; its cost is measured on its own.

It also reports index.html's size, raw and gzip-compressed (level 9, Python's gzip). Not a test:
it prints figures, it does not judge them (the target is under 50 ms for a filter).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: python bench/filter_speed.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.loopback import serve
from bench.synth import generate
from catalog.write.pipeline import build

# Each case: (kind, field, value). Between two cases the field goes back to "" unmeasured,
# so every measured run shows or hides real rows.
FILTER_CASES: list[tuple[str, str, str]] = [
    ("text", "q", "a"),
    ("text", "q", "pro"),
    ("text", "q", "mini"),
    ("text", "q", "eu-"),
    ("text", "q", "@"),
    ("text", "q", "cloud"),
    ("text", "q", "4.2-flash"),
    ("text", "q", "zzzz"),
    ("text", "q", "orion 2"),
    ("select", "provider", "<first>"),
    ("select", "provider", "<last>"),
    ("select", "cap", "vision"),
    ("select", "cap", "reasoning"),
    ("select", "cap", "audio"),
    ("select", "geo", "EU"),
    ("select", "geo", "US"),
    ("select", "geo", "JP"),
    ("number", "max", "0.5"),
    ("number", "max", "5"),
    ("number", "max", "0.05"),
]

MEASURE_FILTER = """([name, value]) => {
  const form = document.getElementById('filters');
  const field = form.elements.namedItem(name);
  const type = field.tagName === 'SELECT' ? 'change' : 'input';
  field.value = value;
  const t0 = performance.now();
  field.dispatchEvent(new Event(type, {bubbles: true}));
  const t1 = performance.now();
  document.body.offsetHeight;  // force style and layout of the rows shown or hidden
  const t2 = performance.now();
  const shown = document.getElementById('filter-count').textContent;
  field.value = '';
  field.dispatchEvent(new Event(type, {bubbles: true}));
  document.body.offsetHeight;
  return {script: t1 - t0, layout: t2 - t0, shown};
}"""

MEASURE_TYPING = """(word) => {
  // typing a word letter by letter: each keystroke filters the rows the previous one left
  const field = document.getElementById('filters').elements.namedItem('q');
  const out = [];
  for (let i = 1; i <= word.length; i++) {
    field.value = word.slice(0, i);
    const t0 = performance.now();
    field.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    document.body.offsetHeight;
    out.push({script: t1 - t0, layout: performance.now() - t0,
              shown: document.getElementById('filter-count').textContent});
  }
  field.value = '';
  field.dispatchEvent(new Event('input', {bubbles: true}));
  document.body.offsetHeight;
  return out;
}"""

MEASURE_SORT = """(key) => {
  const button = document.querySelector(`#models-table th[data-sort="${key}"] button`);
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  document.body.offsetHeight;
  return {script: t1 - t0, layout: performance.now() - t0};
}"""


def synthetic_models(work: Path, pages: int, seed: int) -> tuple[Path, dict[str, int]]:
    """A generated models folder with about ``pages`` pages (within 1.5 %), reused when present."""
    cards = max(1, pages // 2)
    tried: dict[int, dict[str, int]] = {}
    for _ in range(8):
        folder = work / f"models-{cards}-{seed}"
        marker = folder / ".counts"
        if marker.exists():
            counts = dict(
                zip(
                    ("cards", "providers", "pages"),
                    map(int, marker.read_text().split()),
                    strict=True,
                )
            )
        else:
            if folder.exists():
                shutil.rmtree(folder)
            counts = generate(folder, cards, seed)
            marker.write_text(f"{counts['cards']} {counts['providers']} {counts['pages']}")
        tried[cards] = counts
        if abs(counts["pages"] - pages) <= pages * 0.015:
            return folder, counts
        cards = max(1, round(cards * pages / counts["pages"]))
        if cards in tried:
            break
    best = min(tried, key=lambda c: abs(tried[c]["pages"] - pages))
    return work / f"models-{best}-{seed}", tried[best]


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} {max(values):7.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.filter_speed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=5000, help="model pages wanted (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="times each filter case runs")
    parser.add_argument("--work", type=Path, default=Path("/tmp/catalog-filter-speed"))
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the site built by an earlier run if any"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    models, counts = synthetic_models(args.work, args.pages, args.seed)
    print(
        f"catalog: {counts['cards']} cards, {counts['providers']} providers, "
        f"{counts['pages']} pages ({models}, {time.perf_counter() - started:.1f} s)"
    )
    site = args.work / "site"
    stamp = args.work / "site.from"
    if args.reuse and stamp.exists() and stamp.read_text() == models.name:
        print(f"build: reusing {site}")
    else:
        result = build(models, site)
        stamp.write_text(models.name)
        print(f"build: {result.pages} pages, {result.files} files in {result.seconds:.1f} s")

    index = (site / "index.html").read_bytes()
    gz = len(gzip.compress(index, compresslevel=9))

    server, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(url + "index.html", wait_until="load")
            rows = page.locator("#models-table tbody tr").count()
            startup = page.evaluate(
                """() => { const n = performance.getEntriesByType('navigation')[0];
                     return {scripts: n.domContentLoadedEventStart - n.domInteractive,
                             dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"""
            )
            providers = page.eval_on_selector_all(
                "#filters select[name=provider] option",
                "os => os.map(o => o.value).filter(Boolean)",
            )
            filt: dict[str, list[dict[str, Any]]] = {"text": [], "select": [], "number": []}
            shown_by_case: dict[str, str] = {}
            for _ in range(args.rounds):
                for kind, name, value in FILTER_CASES:
                    if value == "<first>":
                        value = providers[0]
                    elif value == "<last>":
                        value = providers[-1]
                    r = page.evaluate(MEASURE_FILTER, [name, value])
                    filt[kind].append(r)
                    shown_by_case[f"{name}={value}"] = r["shown"]
            typing = []
            for _ in range(args.rounds):
                typing += page.evaluate(MEASURE_TYPING, "orion-2")
            sorts: dict[str, list[dict[str, float]]] = {"first": [], "again": []}
            sort_rows = []
            for key in (
                "name",
                "provider",
                "region",
                "context",
                "max_output",
                "input",
                "output",
                "added",
            ):
                first = page.evaluate(MEASURE_SORT, key)
                again = page.evaluate(MEASURE_SORT, key)
                sorts["first"].append(first)
                sorts["again"].append(again)
                sort_rows.append((key, first, again))
            replace = page.evaluate(
                """() => { const out = [], base = location.pathname;
                     for (let i = 0; i < 10; i++) {
                       const t0 = performance.now();
                       history.replaceState(null, '', base + '?q=' + i);
                       out.push(performance.now() - t0); }
                     history.replaceState(null, '', base); return out; }"""
            )
            browser.close()
    finally:
        server.shutdown()

    every = [r for runs in filt.values() for r in runs] + typing
    print()
    print(
        f"index.html: {len(index):,} bytes, {gz:,} bytes gzip -9 ({gz / len(index):.1%}); "
        f"{rows:,} table rows"
    )
    print(
        f"start-up: deferred scripts {startup['scripts']:.1f} ms "
        f"(DOMContentLoaded at {startup['dcl']:.0f} ms, load at {startup['load']:.0f} ms)"
    )
    print()
    print(
        f"{'measurement (ms)':<38} {'runs':>5} {'median':>7} {'max':>7}   "
        f"{'+layout median':>14} {'max':>7}"
    )

    def line(label: str, runs: list[dict[str, Any]]) -> None:
        s = [r["script"] for r in runs]
        lay = [r["layout"] for r in runs]
        print(
            f"{label:<38} {len(runs):>5} {summary(s)}   "
            f"{statistics.median(lay):14.2f} {max(lay):7.2f}"
        )

    line("filter: text search (q)", filt["text"])
    line("filter: select (provider, cap, geo)", filt["select"])
    line("filter: max input price", filt["number"])
    line("filter: typing 'orion-2' per keystroke", typing)
    line("filter: all of the above", every)
    line("sort: first click per column", sorts["first"])
    line("sort: second click (reverse)", sorts["again"])
    print(f"{'URL update (replaceState, deferred)':<38} {len(replace):>5} {summary(replace)}")
    print()
    print(f"{'sort by':<12} {'first':>8} {'+layout':>8} {'again':>8} {'+layout':>8}")
    for key, first, again in sort_rows:
        print(
            f"{key:<12} {first['script']:8.2f} {first['layout']:8.2f} "
            f"{again['script']:8.2f} {again['layout']:8.2f}"
        )
    print()
    print(
        "rows shown per filter case: " + "; ".join(f"{k} → {v}" for k, v in shown_by_case.items())
    )
    if errors:
        print("console errors:", *errors, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
