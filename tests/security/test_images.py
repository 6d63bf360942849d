"""Every image gets the same checks, whatever its URL (file, ``data:``, inside an SVG, inside
a ``data:`` SVG) and whatever the command (PDF build, ``-f html``, ``guide check``)."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import urllib.parse
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from guide.cli import main
from guide.errors import RenderError
from guide.render.job import render_pdf
from tests.conftest import GOOD

ROOT = Path(__file__).resolve().parents[2]
TOO_LARGE = "image too large: 12000×12000 pixels; the limit is 40 megapixels"


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    """144 megapixels of one colour: about 18 kB, 18 MB once decoded."""
    stream = BytesIO()
    Image.new("1", (12000, 12000)).save(stream, format="PNG")
    assert len(stream.getvalue()) < 100_000
    return stream.getvalue()


def small_png() -> bytes:
    stream = BytesIO()
    Image.new("RGB", (40, 20), "#336699").save(stream, format="PNG")
    return stream.getvalue()


def data_url(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def svg_drawing(href: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10"><image xlink:href="{href}" width="10" height="10"/></svg>'
    ).encode()


def organisation(tmp_path: Path, logo: bytes | None = None, chapter: str | None = None) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    text = GOOD
    if logo is not None:
        (folder / "logo.svg").write_bytes(logo)
        text = text.replace("  name: Acme Corp", "  name: Acme Corp\n  logo: logo.svg")
    if chapter is not None:
        (folder / "chapters").mkdir()
        (folder / "chapters" / "extra.md").write_text(
            "---\ntitle: Extra\norder: 150\nreviewed: 2026-11-27\n---\nIntro.\n\n" + chapter
        )
        text += "content: {add: [chapters]}\n"
    (folder / "acme.yaml").write_text(text)
    return folder / "acme.yaml"


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


@pytest.mark.parametrize("command", ["pdf", "html", "check"])
def test_a_huge_png_in_a_data_url_in_an_svg_logo_fails_fast_naming_the_logo(
    tmp_path: Path, huge_png: bytes, command: str
) -> None:
    """It built before, decoding 144 megapixels (1.2 GB at its peak)."""
    org = organisation(tmp_path, logo=svg_drawing(data_url("image/png", huge_png)))
    out = tmp_path / "out"
    started = time.monotonic()
    if command == "check":
        code, lines = run("check", str(org))
    else:
        code, lines = run("build", str(org), "-o", str(out), "-f", command)
    assert code == 1
    assert lines[0].startswith(f"{org}:3:3: organisation.logo: logo.svg: data:image/png;base64,")
    assert lines[0].endswith(TOO_LARGE)
    assert time.monotonic() - started < 30  # under load; it is about a second
    assert not (out / "acme").exists()


@pytest.mark.parametrize("command", ["html", "check"])
@pytest.mark.parametrize(
    ("image", "files", "message"),
    [
        ("big.png", {"big.png": "huge"}, f"image 'big.png': {TOO_LARGE}"),
        ("drawing.svg", {"drawing.svg": "svg of big.png", "big.png": "huge"}, "image "),
        ("inline", {}, "image 'data:image/png;base64,"),
        ("gif.png", {"gif.png": "gif"}, "image 'gif.png': not a PNG, JPEG, WebP or SVG image"),
        ("bad.png", {"bad.png": "truncated"}, "image 'bad.png': damaged image"),
    ],
)
def test_chapter_images_are_checked_without_the_pdf_engine(
    tmp_path: Path,
    huge_png: bytes,
    command: str,
    image: str,
    files: dict[str, str],
    message: str,
) -> None:
    contents = {
        "huge": huge_png,
        "svg of big.png": svg_drawing("big.png"),
        "gif": b"GIF89a" + bytes(64),
        "truncated": small_png()[:60],
    }
    source = data_url("image/png", huge_png) if image == "inline" else image
    org = organisation(tmp_path, chapter=f"A picture:\n\n![A picture]({source})\n")
    for name, kind in files.items():
        (org.parent / "chapters" / name).write_bytes(contents[kind])
    out = tmp_path / "out"
    if command == "check":
        code, lines = run("check", str(org))
    else:
        code, lines = run("build", str(org), "-o", str(out), "-f", "html")
    assert code == 1
    assert lines[0].startswith(f"{org.parent / 'chapters' / 'extra.md'}:10: {message}"), lines
    if image not in ("gif.png", "bad.png"):
        assert lines[0].endswith(TOO_LARGE)
    assert not (out / "acme").exists()


def test_check_does_not_start_the_pdf_engine(tmp_path: Path, huge_png: bytes) -> None:
    org = organisation(tmp_path, logo=svg_drawing(data_url("image/png", huge_png)))
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from guide.cli import main\n"
        f"result = CliRunner().invoke(main, ['check', {str(org)!r}])\n"
        "assert result.exit_code == 1, result.output\n"
        "assert 'image too large' in result.stderr, result.stderr\n"
        "print(sorted(m for m in sys.modules if m.startswith('weasyprint')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_svg_that_declares_entities_is_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    org = organisation(tmp_path, logo=laughs)
    code, lines = run("check", str(org))
    assert code == 1
    assert lines[0] == (
        f"{org}:3:3: organisation.logo: logo.svg: damaged SVG image "
        "(an SVG may not declare entities)"
    )


def _pdf_of(html: str, folder: Path) -> None:
    render_pdf(html, folder.as_uri() + "/", [folder])


@pytest.mark.parametrize(
    "src",
    [
        pytest.param(lambda png: data_url("image/png", png), id="base64 PNG"),
        pytest.param(lambda png: "big.txt", id="PNG file named as text"),
        pytest.param(
            lambda png: "data:image/png," + urllib.parse.quote(png), id="percent-encoded PNG"
        ),
        pytest.param(
            lambda png: data_url("image/svg+xml", svg_drawing(data_url("text/plain", png))),
            id="PNG declared as text, in a data: SVG",
        ),
        pytest.param(
            lambda png: data_url(
                "image/svg+xml",
                svg_drawing(data_url("image/svg+xml", svg_drawing(data_url("image/png", png)))),
            ),
            id="data: SVG in a data: SVG",
        ),
    ],
)
def test_the_engines_fetcher_checks_every_image_it_serves(
    tmp_path: Path, huge_png: bytes, src: object
) -> None:
    """The last line of defence, for HTML that no earlier check saw."""
    assert callable(src)
    (tmp_path / "big.txt").write_bytes(huge_png)
    html = f'<p>Logo: <img src="{src(huge_png)}" style="width: 1cm"></p>'
    started = time.monotonic()
    with pytest.raises(RenderError, match=TOO_LARGE):
        _pdf_of(html, tmp_path)
    assert time.monotonic() - started < 30


def test_a_damaged_data_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"data:image/png;base64,abc: damaged data: URL"):
        _pdf_of('<img src="data:image/png;base64,abc">', tmp_path)
    code, lines = run(
        "check", str(organisation(tmp_path, chapter="![x](data:image/png;base64,abc)\n"))
    )
    assert code == 1
    assert "extra.md:8: image 'data:image/png;base64,abc': damaged data: URL" in lines[0]


def test_small_images_still_print(tmp_path: Path) -> None:
    png = small_png()
    org = organisation(
        tmp_path,
        logo=svg_drawing(data_url("image/png", png)),
        chapter=f"![inline]({data_url('image/png', png)}) ![file](small.png)\n",
    )
    (org.parent / "chapters" / "small.png").write_bytes(png)
    code, lines = run("build", str(org), "-o", str(tmp_path / "out"), "-f", "pdf,html")
    assert code == 0, lines
    assert (tmp_path / "out" / "acme" / "guide.pdf").exists()
    assert (tmp_path / "out" / "acme" / "assets" / "org" / "chapters" / "small.png").exists()
