"""``guide serve``: the live preview over HTTP, on 127.0.0.1 only.

Routes: ``/`` the screen page (with the error overlay while the build is broken),
``/assets/...`` the files that page refers to (nothing else on disk is reachable),
``/guide.pdf`` the PDF of the latest good version, ``/_guide/events`` a stream of version
numbers the page's script reloads on, ``/_guide/status`` the state as JSON. Problems keep
their fields to the browser: each overlay line carries its file, line, column and severity,
and the overlay and the status give them as JSON too.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import mimetypes
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import cast

import click
from markupsafe import Markup

from guide.compose.layout import PREVIEW_SLOT
from guide.content.confine import MAX_RESOURCE_BYTES, read_input
from guide.errors import GuideError, Problem
from guide.options import BuildOptions
from guide.serve.preview import Preview, Snapshot, follow_changes

HOST = "127.0.0.1"
OVERLAY_STYLE = """
#guide-preview-error { position: fixed; inset: 0; z-index: 1000; background: rgba(20,20,20,.55);
  display: flex; align-items: flex-start; justify-content: center; padding: 8vh 1rem; }
.guide-preview-box { background: #fff; color: #111; max-width: 46rem; width: 100%;
  border-top: .4rem solid #b00020; padding: 1.2rem 1.5rem; font: 1rem/1.5 system-ui, sans-serif;
  box-shadow: 0 .5rem 2rem rgba(0,0,0,.3); }
.guide-preview-box h2 { margin: 0 0 .8rem; font-size: 1.2rem; color: #b00020; }
.guide-preview-box ul { margin: 0 0 .8rem; padding-left: 1.2rem; }
.guide-preview-box code { white-space: pre-wrap; word-break: break-word; font-size: .9rem; }
"""
LIVE_SCRIPT = resources.files("guide.serve").joinpath("preview.js").read_text(encoding="utf-8")


def problems_json(problems: Iterable[Problem]) -> Markup:
    """``problems``' fields as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps([problem.as_json() for problem in problems], ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _overlay_line(problem: Problem) -> Markup:
    return Markup(
        '<li data-file="{}" data-line="{}" data-column="{}" data-severity="{}"><code>{}</code></li>'
    ).format(problem.file, problem.line or "", problem.column or "", problem.severity, problem)


def overlay(snapshot: Snapshot) -> Markup:
    """The error overlay (empty when the build works) and the script that reloads the page."""
    script = Markup('<script src="/_guide/live.js" data-version="{}"></script>').format(
        snapshot.version
    )
    if not snapshot.problems:
        return script
    lines = Markup("").join(_overlay_line(problem) for problem in snapshot.problems)
    return (
        Markup(
            "<style>{}</style>"
            '<div id="guide-preview-error" role="alert"><div class="guide-preview-box">'
            "<h2>The guide could not be rebuilt</h2><ul>{}</ul>"
            "<p>Fix the file and save it: this page updates by itself.</p></div></div>"
            '<script type="application/json" id="guide-preview-problems">{}</script>'
        ).format(Markup(OVERLAY_STYLE), lines, problems_json(snapshot.problems))
        + script
    )


def page(snapshot: Snapshot) -> str:
    """The page for a request: the last good guide with the overlay, or the overlay alone."""
    if snapshot.page is None:
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>guide preview'
            '</title><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"</head><body>{overlay(snapshot)}</body></html>"
        )
    return snapshot.page.replace(PREVIEW_SLOT, str(overlay(snapshot)), 1)


def make_handler(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "guide-preview"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal shows rebuilds, not every request

        def do_GET(self) -> None:
            port = cast(http.server.HTTPServer, self.server).server_port
            if self.headers.get("Host") not in {f"{HOST}:{port}", f"localhost:{port}"}:
                # another site's page, reaching 127.0.0.1 through a rebound DNS name
                self._send(403, "text/plain", "forbidden: open the preview at its own address")
                return
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            routes: dict[str, Callable[[], None]] = {
                "/": self._page,
                "/guide.html": self._page,
                "/guide.pdf": self._pdf,
                "/_guide/live.js": lambda: self._send(200, "text/javascript", LIVE_SCRIPT),
                "/_guide/status": self._status,
                "/_guide/events": self._events,
            }
            if path in routes:
                routes[path]()
            elif path.startswith("/assets/"):
                self._asset(path)
            else:
                self._send(404, "text/plain", f"not found: {path}")

        def _send(self, status: int, kind: str, body: str | bytes) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            charset = "; charset=utf-8" if isinstance(body, str) else ""
            # the browser may have gone away meanwhile (a reload, a cancelled download)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", kind + charset)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        def _page(self) -> None:
            self._send(200, "text/html", page(preview.snapshot))

        def _status(self) -> None:
            snapshot = preview.snapshot
            state = {
                "version": snapshot.version,
                "ok": not snapshot.problems,
                "problems": [str(problem) for problem in snapshot.problems],
                "details": [problem.as_json() for problem in snapshot.problems],
                "warnings": [problem.as_json() for problem in snapshot.warnings],
                "seconds": round(snapshot.seconds, 3),
            }
            self._send(200, "application/json", json.dumps(state))

        def _asset(self, path: str) -> None:
            assets = preview.snapshot.assets
            source = assets.source_of(path) if assets else None
            try:
                data = read_input(source, MAX_RESOURCE_BYTES) if source else None
            except GuideError:
                data = None
            if source is None or data is None:
                self._send(404, "text/plain", f"not found: {path}")
                return
            kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
            self._send(200, kind, data)

        def _pdf(self) -> None:
            pdf = preview.pdf(timeout=180)
            if pdf is None or pdf.data is None:
                why = pdf.problem if pdf else "the PDF is not ready; the guide has errors"
                self._send(503, "text/plain", why)
                return
            self._send(200, "application/pdf", pdf.data)

        def _events(self) -> None:
            """Server-sent events: the version now, then each new one (or a keep-alive)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = -1
            try:
                while True:
                    snapshot = preview.wait_for_change(version, timeout=15)
                    if snapshot.version == version:
                        self.wfile.write(b": keep-alive\n\n")
                    else:
                        version = snapshot.version
                        self.wfile.write(f"data: {version}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def serve(
    org_file: Path,
    options: BuildOptions,
    port: int,
    say: Callable[[str], None] = print,
    ready: Callable[[str], object] | None = None,
) -> None:
    """Serve the preview of ``org_file`` until interrupted (Ctrl-C); ``ready`` is called with
    its address once it is up (``guide serve --open`` opens a browser there)."""
    preview = Preview(org_file, options)
    try:
        server = http.server.ThreadingHTTPServer((HOST, port), make_handler(preview))
    except OSError as error:  # in use, say: a usage error, like any unusable option
        raise click.BadParameter(
            f"cannot listen on {HOST}:{port}: {error.strerror or error}; choose another port",
            param_hint="--port",
        ) from None
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(preview, stop, say), name="guide-watch", daemon=True
    )
    watcher.start()  # before the first build, so that no save is missed
    first = preview.rebuild()
    for problem in first.problems or first.warnings:
        say(str(problem))
    address = f"http://{HOST}:{server.server_address[1]}/"
    say(f"Serving {org_file} at {address} (Ctrl-C stops)")
    if ready is not None:
        ready(address)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        stop.set()
        server.server_close()
        preview.close()


def _watch(preview: Preview, stop: threading.Event, say: Callable[[str], None]) -> None:
    def report(snapshot: Snapshot) -> None:
        if snapshot.problems:
            for problem in snapshot.problems:
                say(str(problem))
        else:
            say(f"Rebuilt in {snapshot.seconds:.2f} s (version {snapshot.version})")

    follow_changes(preview, stop, report)
