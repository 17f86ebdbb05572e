"""``catalog serve`` as a real process on a free loopback port: it builds, serves, rebuilds on an
edit and signals the reload; an invalid edit shows located errors on every page while the last
good site is served, and fixing the card clears them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tornado.websocket import websocket_connect

from tests.conftest import FIXTURES, PROJECT, require_chromium


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, root: Path, port: int, process: subprocess.Popen[str]) -> None:
        self.root, self.port, self.process = root, port, process
        self.url = f"http://127.0.0.1:{port}/"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def state(self) -> dict[str, Any]:
        status, text = self.get("__catalog__/state")
        assert status == 200
        return json.loads(text)

    def wait_for(self, version: int, timeout: float = 15) -> dict[str, Any]:
        """The state once the build numbered ``version`` (or a later one) is done."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server stopped"
            try:
                state = self.state()
                if state["version"] >= version:
                    return state
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"no build {version} within {timeout} s")


@contextlib.contextmanager
def serving(root: Path, *options: str) -> Iterator[Served]:
    """``catalog serve`` in ``root`` on a free port, with ``options``, once its first build is
    done; stopped after, with no traceback in what it printed."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "serve", "--port", str(port), "--workers", "1", *options],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = Served(root, port, process)
    try:
        server.wait_for(1)
        yield server
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
        assert "Traceback" not in output, output


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "models")
    with serving(tmp_path) as server:
        yield server


ROCKET = "models/acme/rocket.yaml"
PAGE = "models/acme/rocket@eu-west.html"


def edit(served: Served, old: str, new: str) -> None:
    card = served.root / ROCKET
    text = card.read_text()
    assert old in text
    card.write_text(text.replace(old, new, 1))


async def reload_after(served: Served, change: Any) -> dict[str, Any]:
    """Connect as livereload.js does, make the change, and return the next message."""
    socket_ = await websocket_connect(f"ws://127.0.0.1:{served.port}/livereload")
    socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
    hello = json.loads(await asyncio.wait_for(socket_.read_message(), 10))  # type: ignore[arg-type]
    assert hello["command"] == "hello"
    socket_.write_message(json.dumps({"command": "info", "url": served.url + PAGE}))
    await asyncio.sleep(0.2)  # the server registers the browser on "info"
    change()
    message = json.loads(await asyncio.wait_for(socket_.read_message(), 15))  # type: ignore[arg-type]
    socket_.close()
    return message


def in_own_loop(coroutine: Any) -> Any:
    """Run a coroutine on an event loop of its own thread: pytest-playwright's sync API keeps a
    loop running in the main thread once a browser test has run, and asyncio.run() refuses to
    start another there."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if failure:
        raise failure[0]
    assert result, "the WebSocket client did not finish"
    return result[0]


def test_serves_the_site_and_reloads_after_an_edit(served: Served) -> None:
    status, page = served.get(PAGE)
    assert status == 200
    assert "A <em>fast</em> model." in page
    assert '<script src="/livereload.js?port=' in page  # an external script: no inline code
    assert "catalog-errors" not in page
    version = served.state()["version"]

    message = in_own_loop(
        reload_after(served, lambda: edit(served, "A *fast* model.", "A *faster* model."))
    )
    assert message["command"] == "reload"
    state = served.wait_for(version + 1)
    assert state["errors"] == []
    assert "A <em>faster</em> model." in served.get(PAGE)[1]
    # the file on disk is what a full build writes (the engine's tests compare whole sites)
    assert "A <em>faster</em> model." in (served.root / "site" / PAGE).read_text()


def test_an_invalid_edit_shows_located_errors_and_a_fix_clears_them(served: Served) -> None:
    version = served.state()["version"]
    edit(served, "name: Rocket\n", "name: Rocket\nbogus: 1\n")
    state = served.wait_for(version + 1)
    expected = "models/acme/rocket.yaml:2:1: bogus: unknown key"
    assert [e[: len(expected)] for e in state["errors"]] == [expected]
    for path in (PAGE, "index.html", "models/acme/pebble.html"):
        status, page = served.get(path)
        assert status == 200
        assert 'class="catalog-errors" role="alert"' in page
        assert expected in page
    assert "A <em>fast</em> model." in served.get(PAGE)[1]  # the last good build
    assert served.process.poll() is None

    edit(served, "bogus: 1\n", "")
    state = served.wait_for(version + 2)
    assert state["errors"] == []
    assert "catalog-errors" not in served.get(PAGE)[1]


def test_serves_nothing_outside_the_site(served: Served) -> None:
    (served.root / "secret.txt").write_text("not for the browser")
    for path in ("%2e%2e/secret.txt", "..%2fsecret.txt", "%2e%2e/models/acme/rocket.yaml"):
        status, body = served.get(path)
        assert status in (403, 404), path
        assert "not for the browser" not in body and "name: Rocket" not in body
    status, page = served.get("no/such/page.html")
    assert status == 404
    assert "<html" in page  # the site's own 404 page


def test_listens_on_loopback_by_default(tmp_path: Path) -> None:
    from catalog.cli import make_parser

    args = make_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


def test_the_browser_reloads_by_itself(served: Served, page: Any) -> None:
    require_chromium()
    page.goto(served.url + PAGE)
    page.evaluate("window.__before_edit = true")
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=10_000)
    time.sleep(0.5)  # the client's handshake
    edit(served, "A *fast* model.", "A *reloaded* model.")
    page.wait_for_function("() => window.__before_edit === undefined", timeout=15_000)
    assert "A reloaded model." in page.inner_text(".description")
