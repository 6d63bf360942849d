"""Render HTML to PDF with WeasyPrint, reading nothing but the allowed files.

The URL fetcher serves ``file:`` URLs under the allowed roots and small ``data:`` URLs; any
other reference stops the render with its name. WeasyPrint reports lost content (a broken
image, an unloadable font) only as log errors, so those fail the render too.
"""

from __future__ import annotations

import io
import logging
import mimetypes
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from guide.errors import EnvironmentProblem, GuideError, RenderError

MAX_DATA_URL_BYTES = 2_000_000
MAX_RESOURCE_BYTES = 20_000_000
MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_image(data: bytes) -> str | None:
    """Why ``data`` is not a usable PNG, JPEG, WebP or SVG image, or None if it is."""
    if data[:512].lstrip().startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        return None
    is_webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not is_webp and not data.startswith(_RASTER_MAGIC):
        return "not a PNG, JPEG, WebP or SVG image"
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return (
                    f"image too large: {width}×{height} pixels; the limit is "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels"
                )
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Image.DecompressionBombError:
        return f"image too large; the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
    except Exception as error:  # Pillow raises many types for damaged files
        return f"damaged image ({error})"
    return None


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as error:  # Pango or its friends cannot be loaded
        raise EnvironmentProblem(
            f"WeasyPrint cannot start: {error}. Install Pango (Debian/Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from None
    return weasyprint


def _confined_fetcher(roots: Sequence[Path]) -> Any:
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = tuple(root.resolve() for root in roots)

    class ConfinedURLFetcher(URLFetcher):  # type: ignore[misc]
        """Serve files under the allowed roots and small data: URLs; refuse everything else."""

        def __init__(self) -> None:
            super().__init__(
                allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True
            )
            # WeasyPrint swallows some failures (inside SVG images, for one): remember them.
            self.refusals: list[str] = []

        def refuse(self, message: str) -> BaseException:
            self.refusals.append(message)
            error: BaseException = FatalURLFetchingError(message)
            return error

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                if len(url) > MAX_DATA_URL_BYTES:
                    raise self.refuse(f"data: URL larger than {MAX_DATA_URL_BYTES} bytes")
                return super().fetch(url, headers)
            if scheme != "file":
                raise self.refuse(
                    f"blocked reference to {url}: only files beside the guide's content may be used"
                )
            parts = urlsplit(url)
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if parts.netloc not in ("", "localhost") or not any(
                path.is_relative_to(root) for root in allowed
            ):
                raise self.refuse(f"blocked reference to {url}: outside the allowed folders")
            if not path.is_file():
                raise self.refuse(f"missing file {path}")
            if path.stat().st_size > MAX_RESOURCE_BYTES:
                raise self.refuse(f"{path} is larger than {MAX_RESOURCE_BYTES} bytes")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            data = path.read_bytes()
            if content_type.startswith("image/"):
                problem = check_image(data)
                if problem:
                    raise self.refuse(f"{path}: {problem}")
            return weasyprint.urls.URLFetcherResponse(
                path.as_uri(), data, headers={"Content-Type": content_type}
            )

    return ConfinedURLFetcher()


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


@contextmanager
def _collect_errors() -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def render_pdf(html: str, base_url: str, roots: Sequence[Path]) -> RenderedPdf:
    """Lay out ``html`` and draw it as PDF; raise ``RenderError`` if anything was lost."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _confined_fetcher(roots)
    with _collect_errors() as errors:
        try:
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=FontConfiguration()
            )
            data = document.write_pdf()
        except FatalURLFetchingError as error:
            raise RenderError(str(error)) from None
        except GuideError:
            raise  # a time limit, for one
        except Exception as error:  # the engine's own failures, e.g. a truncated image
            raise RenderError(f"the PDF engine failed: {error}") from None
    if fetcher.refusals:
        raise RenderError("; ".join(dict.fromkeys(fetcher.refusals)))
    if errors.messages:
        raise RenderError("; ".join(dict.fromkeys(errors.messages)))
    return RenderedPdf(data=data, pages=len(document.pages))
