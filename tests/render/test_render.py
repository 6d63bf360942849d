"""The PDF engine reads only allowed files, never the network, and never drops content quietly."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from guide.atomic import write_atomically
from guide.errors import RenderError
from guide.render.job import render_pdf


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    stream = BytesIO()
    Image.new("RGB", (4, 4), "#0F6CBD").save(stream, format="PNG")
    return stream.getvalue()


PNG_1PX = _png()


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG_1PX)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><body><p>Hello</p>{body}</body></html>"


def test_allowed_image_renders(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    pdf = render_pdf(page('<img src="logo.png">'), tmp_path.as_uri() + "/", [tmp_path])
    assert pdf.pages == 1
    assert pdf.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    "body",
    [
        '<img src="file:///etc/hostname">',
        '<img src="../outside.png">',
        '<link rel="attachment" href="file:///etc/hostname">',
        '<style>@import url("file:///etc/hostname");</style>',
        '<p style="background: url(../outside.png)">x</p>',
    ],
)
def test_files_outside_the_allowed_folders_are_refused(tmp_path: Path, body: str) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG_1PX)
    with pytest.raises(RenderError, match="blocked reference"):
        render_pdf(page(body), allowed.as_uri() + "/", [allowed])


def test_network_is_never_touched(tmp_path: Path, loopback: tuple[str, list[str]]) -> None:
    address, hits = loopback
    with pytest.raises(RenderError, match=r"blocked reference to http://127\.0\.0\.1"):
        render_pdf(page(f'<img src="{address}/x.png">'), tmp_path.as_uri() + "/", [tmp_path])
    assert hits == []


def test_missing_image_fails_instead_of_vanishing(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="missing file"):
        render_pdf(page('<img src="nope.png">'), tmp_path.as_uri() + "/", [tmp_path])


@pytest.mark.parametrize("data", [b"\x89PNG not really", PNG_1PX[:45], b"GIF89a\x01\x00\x01\x00"])
def test_broken_image_fails_instead_of_vanishing(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "broken.png").write_bytes(data)
    with pytest.raises(RenderError):
        render_pdf(page('<img src="broken.png">'), tmp_path.as_uri() + "/", [tmp_path])


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "guide.pdf"
    pdf = render_pdf(page(""), tmp_path.as_uri() + "/", [tmp_path])
    write_atomically(target, pdf.data)
    assert len(PdfReader(target).pages) == 1
    assert [p.name for p in target.parent.iterdir()] == ["guide.pdf"]


def test_svg_sub_resources_never_reach_the_network(
    tmp_path: Path, loopback: tuple[str, list[str]]
) -> None:
    address, hits = loopback
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{address}/pixel.png" width="10" height="10"/></svg>'
    )
    with pytest.raises(RenderError, match="blocked reference to http://127"):
        render_pdf(page('<img src="logo.svg">'), tmp_path.as_uri() + "/", [tmp_path])
    assert hits == []


def test_a_worker_rendering_guide_after_guide_does_not_keep_old_garbage(tmp_path: Path) -> None:
    """Renders freeze the objects that exist before them out of the collector's scans; the
    previous render's garbage must be gone first, or a long-lived worker grows per guide."""
    import gc

    section = "<h2>Section</h2><p>" + "Word " * 300 + "</p><table><tr><td>a</td></tr></table>"
    html = f"<html><body>{section * 30}</body></html>"
    counts = []
    for _ in range(5):
        render_pdf(html, tmp_path.as_uri() + "/", [tmp_path])
        counts.append(len(gc.get_objects()))
    assert gc.get_freeze_count() == 0
    assert counts[-1] - counts[1] < 1000, counts  # about 20,000 more per render when kept


def test_a_worker_with_its_imports_frozen_for_good_keeps_no_old_garbage(tmp_path: Path) -> None:
    """A worker freezes its imports for good (``freeze_for_good``): the collection before
    each render scans only what earlier renders left, and still frees their garbage."""
    import subprocess
    import sys

    script = f"""
import gc
from pathlib import Path
from guide.render.job import freeze_for_good, render_pdf
freeze_for_good()
section = "<h2>Section</h2><p>" + "Word " * 300 + "</p><table><tr><td>a</td></tr></table>"
html = "<html><body>" + section * 30 + "</body></html>"
counts = []
for _ in range(5):
    render_pdf(html, {tmp_path.as_uri() + "/"!r}, [Path({str(tmp_path)!r})])
    counts.append(len(gc.get_objects()) + gc.get_freeze_count())
print(counts[1], counts[-1], gc.get_freeze_count() > 0)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    second, last, frozen = done.stdout.split()
    assert frozen == "True"
    assert int(last) - int(second) < 1000, done.stdout  # about 20,000 more per render when kept
