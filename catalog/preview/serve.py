"""``catalog serve``: the site built, served on 127.0.0.1 and reloaded in the browser on every edit.

The build is the incremental engine's (catalog/write/engine.py): a card edit rebuilds only what the
card reaches; any other change (settings, registries, provider files, templates, static files)
rebuilds everything. Changes are noticed through the operating system's file events
(watchfiles), not by scanning thousands of cards. The browser is told to reload over
livereload's WebSocket protocol; every HTML page served gets ``<script src="/livereload.js">``
(an external script of the same origin, so the pages' Content-Security-Policy allows it).

An invalid card or a broken template does not stop the server: the last good site stays served,
and every HTML page shows the located errors in a box at its top until the files are fixed.
Nothing outside the output folder is served; a request path no file of the site can have (a
control character, a name longer than the file system allows) is refused with a 4xx status
before it reaches the file system. Every response carries the pages' Content-Security-Policy as a
header, with ``frame-ancestors 'none'``, so a logo or a JSON file opened directly is covered too.

The port is bound before anything is built, so a busy port fails at once and leaves the site as
it was.
"""

from __future__ import annotations

import html
import json
import logging
import socket
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, netutil, web

from catalog.derive import paths
from catalog.errors import CatalogError, UsageError, ValidationFailed
from catalog.render.pages import CONTENT_SECURITY_POLICY as PAGE_POLICY
from catalog.write.engine import Engine

OVERLAY_CSS = """\
.catalog-errors{position:relative;z-index:1000;margin:0;padding:1rem 1.25rem;
background:#fff4f4;color:#5c0000;border-bottom:3px solid #b00020;font:15px/1.5 system-ui,sans-serif}
.catalog-errors h2{margin:0 0 .5rem;font-size:1.05rem}
.catalog-errors ul{margin:0;padding-left:1.25rem}
.catalog-errors code{font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap}
"""
ASSETS = "/__catalog__/"
# The pages' own policy (the one constant their <meta> is written from), plus what only a header
# can carry: no other site may frame the preview. As a header it also covers what has no <meta>:
# an SVG logo or a JSON file opened directly.
CONTENT_SECURITY_POLICY = PAGE_POLICY + "; frame-ancestors 'none'"
# No file of the site has a longer name or path (ids are at most 80 characters); asking the file
# system about one fails with ENAMETOOLONG, so such a request is answered before it gets there.
NAME_MAX = 255
PATH_MAX = 4096


class SecureHeaders(web.RequestHandler):
    """Sets the policy on every response, errors included (tornado calls this on each reset)."""

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)


class Preview:
    """The engine, the current errors and the reload signal, shared by the handlers."""

    def __init__(self, engine: Engine, watched: list[Path], log: Callable[[str], None]) -> None:
        self.engine = engine
        self.watched = watched
        self.log = log
        self.errors: list[str] = []
        self.version = 0  # counts the builds and the error changes the browser was told of
        self.last_seconds = 0.0

    def rebuild(self, changed: set[Path] | None) -> None:
        """Bring the site up to date (all of it when ``changed`` is None); record the errors."""
        started = time.perf_counter()
        try:
            if changed is None:
                self.engine.build()
                what = "built the site"
            else:
                update = self.engine.update(changed, defer_bulk=True)
                what = (
                    "rebuilt everything"
                    if update.full
                    else f"rebuilt: {len(update.written)} file(s) changed"
                )
            self.errors = []
        except ValidationFailed as exc:
            self.errors = [str(e) for e in exc.errors]
            what = f"{len(self.errors)} error(s); still serving the last good build"
        except CatalogError as exc:
            self.errors = [str(exc)]
            what = "1 error; still serving the last good build"
        except OSError as exc:
            # The output cannot be written (a folder in its way, a full disk): one line, shown
            # on every page too; the next edit tries again (the engine then builds everything).
            self.errors = [f"cannot write {self.engine.out}/: {_os_error(exc)}"]
            what = "1 error; still serving what is on disk"
        self.last_seconds = time.perf_counter() - started
        self.version += 1
        self.log(f"{what} ({self.last_seconds * 1000:.0f} ms)")
        for line in self.errors:
            self.log(f"  {line}")

    def finish(self) -> None:
        """Write what the last update deferred (api/models.json); a failure is one line."""
        try:
            self.engine.finish()
        except OSError as exc:
            self.errors = [f"cannot write {self.engine.out}/: {_os_error(exc)}"]
            self.version += 1
            self.log("1 error; api/models.json is not up to date")
            self.log(f"  {self.errors[0]}")

    def overlay(self) -> str:
        if not self.errors:
            return ""
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in self.errors)
        count = len(self.errors)
        return (
            f'<aside class="catalog-errors" role="alert" aria-label="Build errors">'
            f"<h2>{count} error{'s' if count != 1 else ''}: this is the last good build</h2>"
            f"<ul>{items}</ul></aside>"
        )


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _refusal(path: str) -> int | None:
    """The status for a request path that no file of the site can have, or None.

    Checked before the path reaches the file system, where a NUL byte raises ValueError and an
    over-long name OSError (both used to end in a 500 with a traceback).
    """
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return 400  # a control character is no part of any URL the site links to: malformed
    if "\\" in path:
        return 404  # ids never hold one; where it separates folders (Windows) it must not here
    if len(path.encode()) > PATH_MAX or any(len(p.encode()) > NAME_MAX for p in path.split("/")):
        return 404
    return None


class SiteHandler(SecureHeaders, web.StaticFileHandler):
    """The built site; HTML pages get the reload script and, while there are errors, the box."""

    preview: Preview

    def initialize(self, path: str, default_filename: str | None = None, **_: Any) -> None:
        super().initialize(path, default_filename)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    async def get(self, path: str, include_body: bool = True) -> None:
        status = _refusal(path)
        if status is not None:
            raise web.HTTPError(status)
        absolute = self._html_file(path)
        if absolute is None:
            await super().get(path, include_body)
            return
        try:
            text = absolute.read_text(encoding="utf-8")
        except OSError:  # removed since it was found (the site deleted or being replaced)
            raise web.HTTPError(404) from None
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.decorated = True
        self.finish(self._decorate(text))

    def compute_etag(self) -> str | None:
        # A decorated page differs from its file (script, error box): no file-based ETag.
        return None if getattr(self, "decorated", False) else super().compute_etag()

    def _html_file(self, path: str) -> Path | None:
        try:
            root = Path(self.root).resolve()
            target = (root / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or target.suffix != ".html" or not target.is_file():
                return None
        except (OSError, ValueError):  # a path the file system refuses: no page of the site
            return None
        return target

    def _decorate(self, text: str) -> str:
        # The port comes from the request's Host header: escaped, it cannot add markup.
        port = html.escape(self.request.host.rpartition(":")[2])
        head = (
            f'<link rel="stylesheet" href="{ASSETS}overlay.css">'
            f'<script src="/livereload.js?port={port}" defer></script>'
        )
        text = text.replace("</head>", head + "</head>", 1)
        overlay = self.preview.overlay()
        if overlay:
            start = text.find("<body")
            end = text.find(">", start) + 1 if start >= 0 else 0
            text = text[:end] + overlay + text[end:]
        return text

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        page = Path(self.root) / paths.NOT_FOUND
        self.decorated = True
        if status_code == 404:
            try:
                text = page.read_text(encoding="utf-8")
            except OSError:  # no site yet, or it was deleted: the page below, or tornado's
                text = None
            if text is not None:
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(self._decorate(text))
                return
        if status_code == 404 and self.preview.errors:  # nothing built yet: show the errors
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(self._decorate(_EMPTY_PAGE))
            return
        super().write_error(status_code, **kwargs)


_EMPTY_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>catalog serve</title>'
    "</head><body><main><p>No site has been built yet.</p></main></body></html>"
)


class AssetHandler(SecureHeaders):
    def get(self, name: str) -> None:
        if name != "overlay.css":
            raise web.HTTPError(404)
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.finish(OVERLAY_CSS)


class StateHandler(SecureHeaders):
    """The build state as JSON, for tools and tests: version, errors, last build time."""

    preview: Preview

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        state = {
            "version": self.preview.version,
            "errors": self.preview.errors,
            "seconds": round(self.preview.last_seconds, 4),
        }
        self.finish(json.dumps(state))


class ReloadHandler(SecureHeaders, LiveReloadHandler):
    """livereload's WebSocket, its handshake response under the policy too."""


class ReloadScriptHandler(SecureHeaders, LiveReloadJSHandler):
    """livereload.js, under the policy too."""


def application(preview: Preview, out: Path) -> web.Application:
    site = type("Site", (SiteHandler,), {"preview": preview})
    state = type("State", (StateHandler,), {"preview": preview})
    # livereload's handler logs the path of the change it announces from its watcher.
    LiveReloadHandler.watcher = types.SimpleNamespace(filepath=None)  # type: ignore[assignment]
    LiveReloadHandler.live_css = False
    return web.Application(
        [
            (r"/livereload", ReloadHandler),
            (r"/livereload\.js", ReloadScriptHandler),
            (ASSETS + r"state", state),
            (ASSETS + r"(.+)", AssetHandler),
            (r"/(.*)", site, {"path": str(out), "default_filename": "index.html"}),
        ]
    )


def _watch(preview: Preview, loop: ioloop.IOLoop, stop: threading.Event) -> None:
    """Runs in a thread: hands each batch of changed files to the IOLoop, which rebuilds."""
    for changes in watchfiles.watch(
        *preview.watched, step=5, debounce=400, stop_event=stop, raise_interrupt=False
    ):
        paths = {Path(path) for _, path in changes}
        loop.add_callback(_changed, preview, paths)


def _changed(preview: Preview, paths: set[Path]) -> None:
    preview.rebuild(paths)
    LiveReloadHandler.reload_waiters("*")
    # The browser reloads the page it shows; the bulk JSON follows (it is no page).
    preview.finish()


def _listen(host: str, port: int) -> list[socket.socket]:
    """Bind the port before building anything, so a busy port costs nothing and touches no file.

    Raises UsageError (exit status 1, as for the other problems of the environment: the command
    is right and works once the port is free).
    """
    try:
        return netutil.bind_sockets(port, address=host)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; nothing was built "
            "(--port N serves on another port)"
        ) from None


def serve(
    engine: Engine,
    host: str,
    port: int,
    watched: list[Path],
    log: Callable[[str], None] = print,
) -> None:
    """Bind the port, build, serve and watch until interrupted."""
    sockets = _listen(host, port)
    port = sockets[0].getsockname()[1]  # the system's choice when asked for port 0
    logging.getLogger("livereload").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    preview = Preview(engine, watched, log)
    preview.rebuild(None)  # requests wait in the socket's backlog until the site is there
    loop = ioloop.IOLoop.current()
    server = httpserver.HTTPServer(application(preview, engine.out))
    server.add_sockets(sockets)
    shown = f"[{host}]" if ":" in host else host
    log(f"serving {engine.out}/ on http://{shown}:{port}/ (Ctrl-C stops)")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(preview, loop, stop), daemon=True)
    watcher.start()
    try:
        loop.start()
    except KeyboardInterrupt:
        log("stopped")
    finally:
        stop.set()
        server.stop()
