"""The build benchmark behind ``make bench``: how fast and how lean ``catalog`` is at scale.

Usage::

    .venv/bin/python -m bench.run [--cards 1000 5000 10000] [--runs 3] [--quick] [--work DIR]

For each catalog (synthetic ones from bench/synth.py, and the real one imported from
models.dev once ``catalog import`` exists) it measures, as the median of ``--runs`` runs, the real
command line in a subprocess, so Python's start-up and imports count as they do for a user:

- full build from clean (the output folder deleted first), with its peak RSS and output size;
- no-op rebuild (the same build again, nothing changed);
- one-card edit rebuild (one card's description changed, a new text each run; then its input
  price raised, which its rows in the lists and its chart points show too; restored after): an
  incremental build from the state the previous build saved (catalog/write/state.py);
- ``catalog check`` with every card checked (``--no-cache``), and with the check cache of
  the previous check (the edited card restored: the common case of a check before a commit);
- determinism: a second clean build into another folder compared byte for byte, and, when
  ``catalog build`` has ``--workers``, a build with one worker compared with the default.

The anchor, in the same run on the same machine: Hugo building 10,000 simple Markdown pages
(bench/hugo.py); our 10,000-card full build time divided by Hugo's is the figure with a target.
A table is printed at the end and written to bench/results.md. Not a test: timing is never
asserted; "met" or "not met" is reported against the targets of the issue.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a file: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import hugo as hugo_anchor
from bench.edit_speed import price_edit
from bench.synth import PROJECT_MODELS, REGISTRY_FILES, generate

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.md"
CORPUS = PROJECT.parent / "shared" / "corpus" / "models.dev"
GNU_TIME = Path("/usr/bin/time")
HUGO_PAGES = 10_000

# Targets of the issue, for 10,000 cards on a 2-core machine (applied to every catalog: one that
# misses them at 1,000 cards misses them at 10,000 too).
TARGET_NOOP_S = 1.0
TARGET_EDIT_S = 1.0  # issue 13: a one-card edit through catalog build, start-up included
TARGET_CHECK_S = 1.0
TARGET_RSS_MB = 200.0
TARGET_RATIO = 1.0

# Fallback peak-RSS probe when GNU time is absent: RUSAGE_CHILDREN accumulates the maximum over
# every child a process ever waited for, so each measurement needs a fresh process of its own.
_RSS_PROBE = """\
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc)
"""


# --------------------------------------------------------------------------- running commands


@dataclass
class Timed:
    seconds: float
    rss_kb: int | None  # peak resident set of the largest process in the command's tree


def catalog_command() -> list[str]:
    """The installed ``catalog`` script beside this Python, else ``python -m catalog``."""
    script = Path(sys.executable).with_name("catalog")
    return [str(script)] if script.exists() else [sys.executable, "-m", "catalog"]


def run_timed(cmd: Sequence[str], label: str) -> Timed:
    """Run ``cmd`` once, wall-clock timed from the outside, with its peak RSS.

    The output is discarded (captured only to show it on failure); any non-zero exit stops the
    benchmark, since a figure of a failed build would mean nothing.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-f", "%M", "-o", rss_file.name, *cmd]
        else:
            wrapped = [sys.executable, "-c", _RSS_PROBE, rss_file.name, *cmd]
        os.sync()  # flush the previous run's writes now, not during this run's clock
        started = time.perf_counter()
        done = subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - started
        text = Path(rss_file.name).read_text().strip()
    if done.returncode != 0:
        sys.exit(
            f"bench: {label} failed (exit {done.returncode}): {' '.join(cmd)}\n"
            + done.stderr.decode(errors="replace")[-3000:]
        )
    rss = text.splitlines()[-1] if text else ""
    return Timed(seconds, int(rss) if rss.isdigit() else None)


def cli_has(words: Sequence[str], needle: str) -> bool:
    """Whether ``catalog WORDS --help`` lists ``needle`` (a command or an option) at the start
    of a line: options appear as the lead adds them, and the harness adapts instead of failing.
    """
    done = subprocess.run(
        [*catalog_command(), *words, "--help"], capture_output=True, text=True, check=False
    )
    listed = re.compile(rf"^\s+{re.escape(needle)}\b", re.MULTILINE)
    return done.returncode == 0 and listed.search(done.stdout) is not None


# --------------------------------------------------------------------------- output folders


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every file under ``folder``."""
    total = files = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            total += os.lstat(os.path.join(root, name)).st_size
            files += 1
    return total, files


def same_tree(a: Path, b: Path) -> tuple[bool, str]:
    """Whether two folders hold the same files with the same bytes; else the first difference."""

    def listing(root: Path) -> list[str]:
        return sorted(
            os.path.relpath(os.path.join(d, n), root) for d, _s, ns in os.walk(root) for n in ns
        )

    left, right = listing(a), listing(b)
    if left != right:
        only = sorted(set(left) ^ set(right))
        return False, f"{len(only)} file(s) in only one tree, e.g. {only[0]}"
    for rel in left:
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            return False, f"{rel} differs"
    return True, f"{len(left)} files identical"


def clean(folder: Path) -> None:
    """Remove ``folder`` and what an interrupted build left beside it (``.NAME.staging-PID``)."""
    shutil.rmtree(folder, ignore_errors=True)
    for leftover in folder.parent.glob(f".{folder.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)


# --------------------------------------------------------------------------- catalogs


def _inputs_digest() -> str:
    """What the synthetic catalog depends on besides (cards, seed): the generator and the
    registries it copies. A change to either makes a stale catalog be generated again."""
    digest = hashlib.sha256((PROJECT / "bench" / "synth.py").read_bytes())
    for name in REGISTRY_FILES:
        digest.update((PROJECT_MODELS / name).read_bytes())
    return digest.hexdigest()[:16]


def synthetic(work: Path, cards: int, seed: int) -> tuple[Path, dict[str, int]]:
    """The synthetic catalog's folder and counts, reused when its stamp matches.

    An edit marker left by an interrupted run means a card may still be edited: regenerate.
    """
    folder = work / f"synth-{cards}-{seed}"
    stamp = folder / ".bench-stamp"
    wanted = {"cards": cards, "seed": seed, "inputs": _inputs_digest()}
    if stamp.exists() and not (folder / ".bench-editing").exists():
        saved = json.loads(stamp.read_text())
        if {k: saved.get(k) for k in wanted} == wanted:
            return folder, saved["counts"]
    clean(folder)
    started = time.perf_counter()
    counts = generate(folder, cards, seed)
    stamp.write_text(json.dumps({**wanted, "counts": counts}))
    print(f"  generated {folder} in {time.perf_counter() - started:.1f} s", flush=True)
    return folder, counts


def starter_catalog(work: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the project's own models/ (the edit runs change a card: never the original)."""
    folder = work / "starter-models"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(PROJECT / "models", folder)
    return folder, checked_counts(folder)


def real_catalog(work: Path) -> tuple[Path | None, str]:
    """The real catalog imported from models.dev (``catalog import models-dev``), or None and
    why it was skipped."""
    if not CORPUS.is_dir():
        return None, f"skipped ({CORPUS} is absent)"
    if not cli_has([], "import"):
        return None, "skipped (no importer yet: `catalog import` does not exist)"
    folder = work / "real-models"
    clean(folder)
    cmd = [*catalog_command(), "import", "models-dev", str(CORPUS), "--out", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0 or not folder.is_dir():
        why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"skipped (`{' '.join(cmd[-4:])}` failed: {why[0]})"
    return folder, "imported from " + str(CORPUS)


def edit_one_card(models: Path) -> tuple[Path, bytes]:
    """The card the edit runs change, and its original bytes (to restore).

    The first card in sorted order with a block description and an input price, so every run
    edits the same one; a paragraph is added at the start of its description, valid YAML whether
    the block scalar is literal or folded, then its input price is raised.
    """
    for card in sorted(models.glob("*/*.yaml")):
        if card.name == "provider.yaml":
            continue
        original = card.read_bytes()
        block = b"\ndescription: |" in original or b"\ndescription: >" in original
        if block and re.search(rb"\n  input: [0-9]", original):  # the price edit needs one
            return card, original
    sys.exit(f"bench: no card with a block description and an input price in {models}")


def edited(original: bytes, run: int) -> bytes:
    head, sep, rest = original.partition(b"\ndescription: ")
    line, nl, body = rest.partition(b"\n")
    note = f"  Edited for benchmark run {run}.\n\n".encode()
    return head + sep + line + nl + note + body


def priced(original: bytes, run: int) -> bytes:
    """The card with its first input price raised (bench/edit_speed.py's edit): its rows in the
    lists and its chart points change too."""
    text = original.decode()
    changed = price_edit(text, run)
    if changed == text:
        sys.exit("bench: the edited card has no input price")
    return changed.encode()


# --------------------------------------------------------------------------- measuring


@dataclass
class Figures:
    name: str
    counts: dict[str, int]
    full: list[float] = field(default_factory=list)
    noop: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    edit_price: list[float] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    check_cold: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    out_bytes: int = 0
    out_files: int = 0
    deterministic: str = ""
    workers: str = ""


def med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timing(values: Sequence[float], scale: float = 1.0, unit: str = "s", digits: int = 2) -> str:
    """The median, and the spread of the runs when there are several: a wide spread says the
    machine was busy with something else, so the median is less to be trusted."""
    text = f"{med(values) * scale:.{digits}f} {unit}"
    if len(values) > 1:
        text += f" ({min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f})"
    return text


def measure(name: str, models: Path, counts: dict[str, int], work: Path, runs: int) -> Figures:
    """Every figure for one catalog; prints each run as it goes, since 10,000 cards take long."""
    fig = Figures(name, counts)
    out = work / f"site-{models.name}"
    cli = catalog_command()
    build = [*cli, "build", "--models", str(models), "--out", str(out)]
    card, original = edit_one_card(models)
    marker = models / ".bench-editing"

    def step(label: str, cmd: Sequence[str], into: list[float]) -> Timed:
        t = run_timed(cmd, f"{name}: {label}")
        into.append(t.seconds)
        print(f"    {label:<10} {t.seconds:8.3f} s", flush=True)
        return t

    for run in range(1, runs + 1):
        print(f"  run {run}/{runs}", flush=True)
        clean(out)
        full = step("full", build, fig.full)
        if full.rss_kb is not None:
            fig.rss_kb.append(full.rss_kb)
        if run == 1:
            fig.out_bytes, fig.out_files = tree_size(out)
            fig.deterministic, fig.workers = determinism(build, out, work)
            print(f"    determinism: {fig.deterministic}; workers: {fig.workers}", flush=True)
        step("no-op", build, fig.noop)
        marker.touch()
        try:
            card.write_bytes(edited(original, run))
            step("edit", build, fig.edit)
            card.write_bytes(priced(original, run))
            step("price", build, fig.edit_price)
        finally:
            card.write_bytes(original)
            marker.unlink()
        run_timed(build, f"{name}: back to the original card")
        check = [*cli, "check", "--models", str(models)]
        step("check cold", [*check, "--no-cache"], fig.check_cold)
        if run == 1:
            run_timed(check, "check, filling the check cache")
        step("check", check, fig.check)
    clean(out)
    shutil.rmtree(models.parent / ".catalog-cache", ignore_errors=True)
    return fig


def determinism(build: list[str], out: Path, work: Path) -> tuple[str, str]:
    """A second clean build compared byte for byte with ``out``; then one worker against the
    default when ``--workers`` exists. The extra folders are removed after."""
    other = work / "site-determinism"
    clean(other)
    run_timed([*build[:-1], str(other)], "determinism build")
    same, detail = same_tree(out, other)
    twice = ("yes" if same else "NO") + f" ({detail})"
    if not cli_has(["build"], "--workers"):
        workers = "workers option not available"
    else:
        clean(other)
        run_timed([*build[:-1], str(other), "--workers", "1"], "one-worker build")
        same, detail = same_tree(out, other)
        workers = ("yes" if same else "NO") + f" (--workers 1 vs default: {detail})"
    clean(other)
    return twice, workers


@dataclass
class HugoFigures:
    version: str = ""
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    out_files: int = 0
    note: str = ""


def measure_hugo(work: Path, runs: int, seed: int) -> HugoFigures:
    """Hugo's full build from clean of 10,000 simple pages, median of ``runs``."""
    fig = HugoFigures()
    binary, fig.note = hugo_anchor.find_hugo()
    print(f"  hugo: {fig.note}", flush=True)
    if binary is None:
        return fig
    fig.version = hugo_anchor.version(binary)
    site, out = work / f"hugo-{HUGO_PAGES}-{seed}", work / "hugo-public"
    started = time.perf_counter()
    hugo_anchor.make_site(site, HUGO_PAGES, seed)
    print(f"  hugo site ready in {time.perf_counter() - started:.1f} s", flush=True)
    for run in range(1, runs + 1):
        clean(out)
        clean(site / "resources")
        t = run_timed(hugo_anchor.build_command(binary, site, out), "hugo build")
        fig.seconds.append(t.seconds)
        if t.rss_kb is not None:
            fig.rss_kb.append(t.rss_kb)
        print(f"    hugo run {run}/{runs} {t.seconds:8.3f} s", flush=True)
    fig.out_files = tree_size(out)[1]
    clean(out)
    return fig


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def mb(kb: float) -> float:
    """KiB (as RSS is counted) to MB (10^6 bytes, as the target is stated)."""
    return kb * 1024 / 1e6


def report(
    figs: list[Figures],
    hugo: HugoFigures,
    skipped: list[str],
    runs: int,
    quick: bool,
    load: tuple[float, float],
) -> str:
    """The results as short Markdown: machine, one table per catalog, the anchor, the skips."""
    m = machine()
    hugo_s = med(hugo.seconds) if hugo.seconds else None
    lines = [
        "# Build benchmark",
        "",
        f"`make bench` (`python -m bench.run{' --quick' if quick else ''}`), "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Median of {runs} run(s); "
        "every figure times the `catalog` command in a subprocess, start-up included.",
        "",
        f"Machine: {m['cores']} cores, {m['memory']} memory, {m['system']}, "
        f"Python {m['python']}, Hugo: {hugo.version or 'absent'}. Load average (1 min) before "
        f"the first run: {load[0]:.2f} (well above 0 means something else was running, or had "
        "just run). Times are medians with (min–max) of the runs.",
        "",
    ]
    for f in figs:
        c = f.counts
        rss = med(f.rss_kb) if f.rss_kb else None
        rows = [
            ("full build from clean", timing(f.full), "", ""),
            ("no-op rebuild", timing(f.noop), f"< {TARGET_NOOP_S:g} s",
             verdict(med(f.noop) < TARGET_NOOP_S)),
            ("one-card edit, `catalog build` (a description)", timing(f.edit, 1000, "ms", 0),
             f"< {TARGET_EDIT_S:g} s", verdict(med(f.edit) < TARGET_EDIT_S)),
            ("one-card edit, `catalog build` (a price: lists and charts too)",
             timing(f.edit_price, 1000, "ms", 0), f"< {TARGET_EDIT_S:g} s",
             verdict(med(f.edit_price) < TARGET_EDIT_S)),
            ("`catalog check`, cards unchanged since the last check", timing(f.check),
             f"< {TARGET_CHECK_S:g} s", verdict(med(f.check) < TARGET_CHECK_S)),
            ("`catalog check --no-cache` (every card parsed and validated)",
             timing(f.check_cold), f"< {TARGET_CHECK_S:g} s",
             verdict(med(f.check_cold) < TARGET_CHECK_S)),
            ("peak RSS (full build)", f"{mb(rss):.0f} MB" if rss else "not measured",
             f"< {TARGET_RSS_MB:g} MB", verdict(mb(rss) < TARGET_RSS_MB) if rss else "—"),
            ("output", f"{f.out_bytes / 1e6:.1f} MB in {f.out_files:,} files", "", ""),
        ]  # fmt: skip
        if hugo_s:
            ratio = med(f.full) / hugo_s
            if c["cards"] >= HUGO_PAGES:
                rows.insert(
                    1,
                    (
                        "full build ÷ Hugo's 10,000 pages",
                        f"{ratio:.2f}",
                        f"≤ {TARGET_RATIO:g}",
                        verdict(ratio <= TARGET_RATIO),
                    ),
                )
            else:
                rows.insert(1, ("full build ÷ Hugo's 10,000 pages", f"{ratio:.2f}", "", "(info)"))
        elif c["cards"] >= HUGO_PAGES:
            rows.insert(1, ("full build ÷ Hugo's 10,000 pages", "no Hugo", "≤ 1", "not measured"))
        lines += [
            f"## {f.name}: {c['cards']:,} cards, {c['providers']} providers, "
            f"{c['pages']:,} model pages",
            "",
            "| figure | value | target | |",
            "| --- | ---: | --- | --- |",
            *(f"| {a} | {b} | {t} | {v} |" for a, b, t, v in rows),
            "",
            f"Byte-identical output, two clean builds: {f.deterministic}. "
            f"Whatever the number of workers: {f.workers}.",
            "",
        ]
    lines += ["## Anchor: Hugo, 10,000 simple Markdown pages", ""]
    if hugo_s:
        rss = med(hugo.rss_kb) if hugo.rss_kb else None
        lines += [
            f"{hugo.version}: {timing(hugo.seconds)} full build from clean, peak RSS "
            + (f"{mb(rss):.0f} MB" if rss else "not measured")
            + f", {hugo.out_files:,} files written. Command: `hugo "
            + " ".join(hugo_anchor.HUGO_FLAGS)
            + " --source SITE --destination OUT`; RSS feeds, sitemap, taxonomies, robots.txt and "
            "404 disabled in its config. Hugo uses every core by default.",
            "",
        ]
    else:
        lines += [f"Skipped: {hugo.note}. No ratio.", ""]
    lines += [
        "Targets are the issue's, for 10,000 cards on a 2-core machine; peak RSS is that of the "
        "largest process (GNU time's %M), MB = 10^6 bytes.",
        "",
    ]
    if skipped:
        lines += ["Skipped:", "", *(f"- {s}" for s in skipped), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cards",
        type=int,
        nargs="+",
        default=[1000, 5000, 10000],
        help="synthetic catalog sizes",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--quick", action="store_true", help="one run, 1,000 cards only: checks the harness"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "catalog-bench")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write Markdown")
    parser.add_argument(
        "--engine-cards",
        type=int,
        nargs="*",
        default=[5000, 10000],
        help="catalog sizes for the incremental engine's one-card edit (bench/edit_speed.py)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.cards, args.engine_cards = 1, [1000], [1000]
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    print(f"catalog bench: work folder {args.work}, {args.runs} run(s) each", flush=True)

    print("Hugo anchor", flush=True)
    hugo = measure_hugo(args.work, args.runs, args.seed)

    figs: list[Figures] = []
    skipped: list[str] = []
    todo: list[tuple[str, Callable[[], tuple[Path, dict[str, int]]]]] = [
        ("starter (models/)", lambda: starter_catalog(args.work)),
        *((f"synthetic {n:,}", lambda n=n: synthetic(args.work, n, args.seed)) for n in args.cards),
    ]
    for name, prepare in todo:
        print(name, flush=True)
        models, counts = prepare()
        figs.append(measure(name, models, counts, args.work, args.runs))

    print("real catalog (models.dev)", flush=True)
    real, why = real_catalog(args.work)
    print(f"  {why}", flush=True)
    if real is None:
        skipped.append(f"real catalog: {why}")
    else:
        counts = checked_counts(real)
        figs.append(measure("real (models.dev)", real, counts, args.work, args.runs))
    if not hugo.seconds:
        skipped.append(f"Hugo anchor: {hugo.note}")
    engine = [measure_engine(cards, args.work, max(args.runs, 3)) for cards in args.engine_cards]
    reload = [measure_reload(cards, args.work, max(args.runs, 3)) for cards in args.engine_cards]

    text = report(figs, hugo, skipped, args.runs, args.quick, (load_before, os.getloadavg()[0]))
    text += engine_report(engine, reload)
    args.results.write_text(text)
    print()
    print(text)
    print(f"written to {args.results} ({time.perf_counter() - started:.0f} s in all)")
    return 0


def measure_engine(
    cards: int, work: Path, runs: int, tool: str = "edit_speed"
) -> dict[str, object]:
    """The incremental engine's one-card edit, in a process of its own (bench/edit_speed.py), or
    through ``catalog serve`` from save to reload signal (bench/reload_speed.py)."""
    print(f"{tool}, {cards:,} cards", flush=True)
    cmd = [sys.executable, "-m", f"bench.{tool}", "--cards", str(cards), "--runs", str(runs)]
    cmd += ["--work", str(work / tool), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT)
    if done.returncode != 0:
        return {"cards": cards, "error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {result}", flush=True)
    return result


def measure_reload(cards: int, work: Path, runs: int) -> dict[str, object]:
    return measure_engine(cards, work, runs, tool="reload_speed")


def engine_report(results: list[dict[str, object]], reload: list[dict[str, object]]) -> str:
    """One-card edits through the incremental engine that the preview server runs on."""
    if not results:
        return ""
    lines = [
        "",
        "## One-card edit through the incremental engine (catalog/write/engine.py)",
        "",
        "In one process that keeps the built site, as the preview server does (no start-up): "
        "from the edit to the last page written, median (max) of the runs; then, apart, the "
        "writing of api/models.json (some 5 KB a page), which the server does after telling "
        "the browser to reload. A description edit changes the card's pages and JSON; a price "
        "edit also its rows in the lists and its points in every chart it is on.",
        "",
        "| cards | pages | description edit | price edit | then api/models.json "
        "| files written (description / price) | target |",
        "| ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['cards']:,} | — | failed: {r['error']} | | | | |")
            continue
        lines.append(
            f"| {r['cards']:,} | {r['pages']:,} | {r['description_ms']} ms "
            f"({r['description_ms_max']}) | {r['price_ms']} ms ({r['price_ms_max']}) "
            f"| {r['description_bulk_ms']} ms "
            f"| {r['description_files_written']} / {r['price_files_written']} | < 100 ms |"
        )
    lines += [
        "",
        "Through `catalog serve` (bench/reload_speed.py): a real server process, a WebSocket "
        "client speaking livereload's protocol; from writing the card to the reload message, "
        "file events included, median (max).",
        "",
        "| cards | pages | edit | save to reload | of which the rebuild | target |",
        "| ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for r in reload:
        if "error" in r:
            lines.append(f"| {r['cards']:,} | — | | failed: {r['error']} | | |")
            continue
        for edit in ("description", "price"):
            lines.append(
                f"| {r['cards']:,} | {r['pages']:,} | {edit} "
                f"| {r[f'{edit}_save_to_reload_ms']} ms ({r[f'{edit}_save_to_reload_ms_max']}) "
                f"| {r[f'{edit}_update_ms']} ms | < 100 ms |"
            )
    return "\n".join([*lines, ""]) + "\n"


def checked_counts(models: Path) -> dict[str, int]:
    """Counts of an imported catalog, from ``catalog check``'s summary line
    (``…: OK: N cards, N providers, N model pages``)."""
    done = subprocess.run(
        [*catalog_command(), "check", "--models", str(models)], capture_output=True, text=True
    )
    numbers = [int(w) for w in done.stdout.replace(",", " ").split() if w.isdigit()]
    if done.returncode != 0 or len(numbers) < 3:
        sys.exit(f"bench: imported catalog does not check:\n{done.stdout}{done.stderr}")
    return dict(zip(("cards", "providers", "pages"), numbers[-3:], strict=True))


if __name__ == "__main__":
    sys.exit(main())
