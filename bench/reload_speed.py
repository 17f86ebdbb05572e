"""Save-to-reload time of ``catalog serve``: from writing a card to the reload message on the
browser's WebSocket, in a synthetic catalog of N cards.

Usage::

    .venv/bin/python -m bench.reload_speed [--cards 5000] [--runs 5] [--work DIR] [--json]

It starts ``catalog serve`` as a real process on a free loopback port, connects to
``/livereload`` as livereload.js does, then ``--runs`` times writes one card (a paragraph added
to its description) and times until the reload message arrives: file-event delivery, the
incremental rebuild and the signal. Each edit is undone (untimed) before the next. The server's
own build time of each update is read from ``/__catalog__/state``. Never part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tornado.websocket import WebSocketClientConnection, websocket_connect

from bench.edit_speed import description_edit, first_card, price_edit
from bench.synth import generate

PROJECT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _state(port: int) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__catalog__/state", timeout=30) as r:
        return json.loads(r.read())


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: catalog serve stopped")
        try:
            if int(_state(port)["version"]) >= 1:  # type: ignore[call-overload]
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("bench: catalog serve did not come up")


async def _measure(port: int, card: Path, runs: int) -> dict[str, tuple[list[float], list[float]]]:
    ws: WebSocketClientConnection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    ws.write_message(json.dumps({"command": "hello", "protocols": []}))
    await ws.read_message()
    ws.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    await asyncio.sleep(0.5)
    original = card.read_text()
    results: dict[str, tuple[list[float], list[float]]] = {}
    for name, change in (("description", description_edit), ("price", price_edit)):
        totals, builds = results.setdefault(name, ([], []))
        for run in range(1, runs + 1):
            text = change(original, run)
            started = time.perf_counter()
            card.write_text(text)
            await asyncio.wait_for(ws.read_message(), 60)
            totals.append(time.perf_counter() - started)
            builds.append(float(_state(port)["seconds"]))  # type: ignore[arg-type]
            card.write_text(original)
            await asyncio.wait_for(ws.read_message(), 60)
            await asyncio.sleep(0.3)
    ws.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "catalog-reload")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    models = args.work / "models"
    counts = generate(models, args.cards)
    port = _free_port()
    cmd = [sys.executable, "-m", "catalog", "serve", "--models", str(models)]
    cmd += ["--out", str(args.work / "site"), "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen(cmd, cwd=args.work, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_ready(port, process, timeout=600)
        measured = asyncio.run(_measure(port, first_card(models), args.runs))
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(args.work, ignore_errors=True)
    result: dict[str, object] = {**counts}
    for name, (totals, builds) in measured.items():
        result[f"{name}_save_to_reload_ms"] = round(statistics.median(totals) * 1000, 1)
        result[f"{name}_save_to_reload_ms_max"] = round(max(totals) * 1000, 1)
        result[f"{name}_update_ms"] = round(statistics.median(builds) * 1000, 1)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
