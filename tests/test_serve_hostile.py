"""``catalog serve`` against hostile requests and careless hands (issue 12), run as a real process
on a loopback port: odd request paths get a 4xx and the server goes on; a deleted or blocked
output is built again or named in one line; a bad port is a usage error and a busy one fails
before anything is built; the build record stays true after serve wrote an edit; every response
carries the Content-Security-Policy. Never a traceback."""

from __future__ import annotations

import json
import os
import queue
import re
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

import pytest
from tornado.websocket import websocket_connect

from catalog.render.theme import Theme
from catalog.write.pipeline import inputs_digest
from tests.conftest import FIXTURES, PROJECT
from tests.test_cli import run, snapshot
from tests.test_serve import PAGE, ROCKET, Served, edit, free_port, in_own_loop

ANNOUNCED = re.compile(r"^serving \S+ on http://127\.0\.0\.1:(\d+)/")


def env() -> dict[str, str]:
    values = {**os.environ, "PYTHONPATH": str(PROJECT)}
    values.pop("CATALOG_DEBUG", None)
    return values


class Server(Served):
    """A ``catalog serve`` process whose output is read as it comes (to learn the port it
    announces) and kept, so a test can look at it after stopping the server."""

    def __init__(self, root: Path, *args: str, port: int | None = None) -> None:
        command = [sys.executable, "-m", "catalog", "serve", "--workers", "1"]
        port = free_port() if port is None else port
        process = subprocess.Popen(
            [*command, "--port", str(port), *args],
            cwd=root,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()
        try:
            super().__init__(root, self._announced(process), process)
            self.wait_for(1)
        except BaseException:
            process.kill()  # a server that never came up must not outlive the test
            process.wait(timeout=10)
            raise

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _announced(self, process: subprocess.Popen[str]) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            match = ANNOUNCED.match(line)
            if match:
                return int(match[1])
        raise AssertionError(f"no 'serving … on' line: {''.join(self.seen)}")

    def stop(self) -> str:
        """Stop the server (once) and return everything it printed; never a traceback."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        while True:
            try:
                line = self.lines.get(timeout=10)
            except queue.Empty:
                break
            if line is None:
                self.lines.put(None)  # a second stop() finds the end again
                break
            self.seen.append(line)
        output = "".join(self.seen)
        assert "Traceback" not in output, output
        assert "Uncaught exception" not in output and "Exception in callback" not in output
        assert not re.search(r"^5\d\d ", output, re.MULTILINE), output  # no 5xx was answered
        return output


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "models")
    return tmp_path


@pytest.fixture
def preview(work: Path) -> Iterator[Server]:
    server = Server(work)
    try:
        yield server
    finally:
        server.stop()


def next_build(server: Server, old: str, new: str) -> dict[str, object]:
    """Edit the card and return the state once the server has handled the edit."""
    version = server.state()["version"]
    edit(server, old, new)
    return server.wait_for(version + 1)


def raw_request(port: int, target: bytes, method: bytes = b"GET") -> tuple[int, bytes, bytes]:
    """Status, headers and body for a request line sent byte for byte (urllib would refuse or
    quote a NUL or a backslash before it left the client)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head, body


def serve_once(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``catalog serve`` that is expected to stop by itself (a refused port)."""
    return subprocess.run(
        [sys.executable, "-m", "catalog", "serve", "--workers", "1", *args],
        cwd=root,
        env=env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


# --------------------------------------------------------------------------- the build record


def test_a_build_after_serve_wrote_an_edit_builds_the_restored_card(
    preview: Server, work: Path
) -> None:
    record = work / ".site.build-record"
    # serve's full build leaves a true record: the digest of what is on disk now
    digest = inputs_digest(work / "models", Theme.default(), None)
    assert json.loads(record.read_text())["inputs"] == digest

    card = work / ROCKET
    original = card.read_text()
    state = next_build(preview, "A *fast* model.", "A *faster* model.")
    assert state["errors"] == []
    assert "A <em>faster</em> model." in (work / "site" / PAGE).read_text()
    # the site no longer is the one the record describes: the record matches no inputs (it is
    # kept: it also says catalog wrote the folder)
    edited = inputs_digest(work / "models", Theme.default(), None)
    assert json.loads(record.read_text())["inputs"] not in (digest, edited)
    preview.stop()

    card.write_text(original)
    built = run("build", cwd=work)
    assert built.returncode == 0, built.stderr
    assert "up to date" not in built.stdout
    page = (work / "site" / PAGE).read_text()
    assert "A <em>fast</em> model." in page and "faster" not in page
    again = run("build", cwd=work)  # and that build's record is true again
    assert "up to date" in again.stdout


# --------------------------------------------------------------------------- odd request paths

ODD_PATHS = [
    b"/%00",
    b"/\x00",
    b"/index.html%00",
    b"/index.html%00.txt",
    b"/%00/../index.html",
    b"/%01",
    b"/%1b[31m",
    b"/%7f",
    b"/a%0d%0aSet-Cookie:%20x=1",
    b"/" + b"a" * 300,
    b"/" + b"a" * 300 + b".html",
    b"/models/" + b"%c3%a9" * 200,  # 400 bytes of UTF-8 in one name
    b"/" + b"a/" * 2500,  # 5,000 characters in short names
    b"/" + b"a" * 5000,
    b"/__catalog__/" + b"x" * 300,
    b"/__catalog__/%00",
    b"/%ff",  # not UTF-8
    b"/%c0%ae%c0%ae/secret.txt",  # an overlong ".."
    b"/%2e%2e/secret.txt",
    b"/%2e%2e%2fsecret.txt",
    b"/..%2f..%2fetc%2fpasswd",
    b"/%2e%2e",
    b"/./%2e%2e/secret.txt",
    b"//etc/passwd",
    b"/..\\secret.txt",
    b"/%5c..%5csecret.txt",
    b"/..%5c..%5csecret.txt",
    b"/models\\acme\\rocket@eu-west.html",
    b"/static/",  # folders without an index.html
    b"/models/acme/",
    b"/charts/",
]


def test_odd_request_paths_get_a_4xx_and_the_server_goes_on(preview: Server, work: Path) -> None:
    (work / "secret.txt").write_text("not for the browser")
    for target in ODD_PATHS:
        for method in (b"GET", b"HEAD"):
            status, _, body = raw_request(preview.port, target, method)
            assert 400 <= status < 500, (method, target[:60], status)
            assert b"Traceback" not in body and b"not for the browser" not in body
    # the two of the issue get a plain "bad request" or "not found"
    assert raw_request(preview.port, b"/%00")[0] == 400
    assert raw_request(preview.port, b"/" + b"a" * 300)[0] == 404
    # a folder named without its slash is redirected to it, then not found
    status, head, _ = raw_request(preview.port, b"/static")
    assert status == 301 and b"\r\nLocation: /static/\r\n" in head
    assert preview.get("static")[0] == 404
    assert preview.process.poll() is None
    assert preview.get("index.html")[0] == 200
    assert preview.get(PAGE)[0] == 200


# --------------------------------------------------------------------------- a deleted output


def test_a_deleted_site_is_built_again_by_the_next_edit(preview: Server, work: Path) -> None:
    site = work / "site"
    next_build(preview, "A *fast* model.", "A *faster* model.")  # the engine has read the site

    shutil.rmtree(site)
    state = next_build(preview, "A *faster* model.", "A *fastest* model.")
    assert state["errors"] == []
    status, page = preview.get(PAGE)
    assert status == 200 and "A <em>fastest</em> model." in page
    reference = run("build", "--out", "reference", "--force", cwd=work)
    assert reference.returncode == 0, reference.stderr
    assert snapshot(site) == snapshot(work / "reference")  # all of it, not the edit's pages

    for child in site.iterdir():  # the folder kept, what is in it removed
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    state = next_build(preview, "A *fastest* model.", "A *fast* model.")
    assert state["errors"] == []
    reference = run("build", "--out", "reference", "--force", cwd=work)
    assert snapshot(site) == snapshot(work / "reference")


def test_an_output_that_cannot_be_written_is_one_line_until_it_can(work: Path) -> None:
    server = Server(work, "--out", "sub/site")
    try:
        shutil.rmtree(work / "sub")
        (work / "sub").write_text("a file in the way")
        state = next_build(server, "A *fast* model.", "A *faster* model.")
        assert state["errors"] == ["cannot write sub/site/: sub: Not a directory"]
        status, page = server.get("index.html")
        assert status == 404 and "cannot write sub/site/: sub: Not a directory" in page

        (work / "sub").unlink()
        state = next_build(server, "A *faster* model.", "A *fastest* model.")
        assert state["errors"] == []
        assert "A <em>fastest</em> model." in (work / "sub/site" / PAGE).read_text()
        assert server.get(PAGE)[0] == 200
    finally:
        output = server.stop()
    assert output.count("cannot write sub/site/") == 1


# --------------------------------------------------------------------------- ports


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_a_port_outside_the_tcp_range_is_a_usage_error(work: Path, port: str) -> None:
    result = serve_once(work, "--port", port)
    assert result.returncode == 2
    assert result.stdout == ""
    # argparse's usage line, then the refusal.
    assert result.stderr.splitlines()[-1] == (
        f"catalog serve: error: argument --port: {port} is not a TCP port "
        "(expected 1-65535, or 0 for any free port)"
    )
    assert sorted(p.name for p in work.iterdir()) == ["models"]  # nothing was built


def test_port_0_serves_on_the_free_port_it_announces(work: Path) -> None:
    server = Server(work, port=0)
    try:
        assert server.port != 0
        assert server.get(PAGE)[0] == 200
    finally:
        server.stop()


def test_a_busy_port_fails_at_once_and_leaves_the_site_alone(work: Path) -> None:
    assert run("build", cwd=work).returncode == 0

    def on_disk() -> dict[str, tuple[int, bytes]]:
        return {
            p.relative_to(work).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in work.rglob("*")
            if p.is_file() and not p.is_relative_to(work / "models")
        }

    before = on_disk()
    with socket.socket() as busy:  # another server holds the port
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        result = serve_once(work, "--port", str(port))
        seconds = time.monotonic() - started
    # exit status 1: the command line is right, the environment is not (as for every other
    # UsageError); 2 is for a command line that can never work (argparse's)
    assert result.returncode == 1
    assert result.stdout == ""  # not "built the site"
    assert result.stderr.splitlines() == [
        f"catalog: cannot listen on 127.0.0.1:{port}: Address already in use; nothing was built "
        "(--port N serves on another port)"
    ]
    assert on_disk() == before
    assert seconds < 10


# --------------------------------------------------------------------------- the policy header


def test_every_response_carries_the_content_security_policy(preview: Server, work: Path) -> None:
    index = (work / "site" / "index.html").read_text()
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', index)
    assert meta is not None
    expected = meta[1] + "; frame-ancestors 'none'"

    def policy(path: str, method: str = "GET") -> tuple[int, str | None]:
        request = urllib.request.Request(preview.url + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers["Content-Security-Policy"]
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Security-Policy"]

    for path, status in [
        ("", 200),
        ("index.html", 200),
        (PAGE, 200),
        ("static/logos/acme.svg", 200),  # an SVG opened directly has no <meta> of its own
        ("static/favicon.svg", 200),
        ("static/catalog.css", 200),
        ("api/models.json", 200),
        ("api/models/acme/rocket@eu-west.json", 200),
        ("feed.xml", 200),
        ("__catalog__/state", 200),
        ("__catalog__/overlay.css", 200),
        ("livereload.js", 200),
        ("no/such/page.html", 404),
        ("__catalog__/nothing", 404),
        ("%00", 400),
    ]:
        assert policy(path) == (status, expected), path
    assert policy(PAGE, "HEAD") == (200, expected)

    async def handshake() -> str | None:
        connection = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
        value = connection.headers["Content-Security-Policy"]
        connection.close()
        return value

    assert in_own_loop(handshake()) == expected
