"""The confined URL fetcher: the only way the PDF engine may read anything.

It serves ``file:`` URLs under the allowed roots and small ``data:`` URLs, and checks images
(format by magic bytes, size, integrity) before the engine sees them. Anything else is refused
with the reference named; refusals are also remembered, since WeasyPrint swallows some.
Every file served is recorded with the SHA-256 of the bytes served (``reads``): the
up-to-date check covers what a render actually read (``guide.freshness``).
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

MAX_DATA_URL_BYTES = 2_000_000
MAX_RESOURCE_BYTES = 20_000_000
MAX_IMAGE_PIXELS = 40_000_000

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


def confined_fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher that reads only under ``roots``."""
    import weasyprint
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
            self.reads: dict[str, str] = {}  # path -> SHA-256 of the bytes served

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
            self.reads[str(path)] = hashlib.sha256(data).hexdigest()
            if content_type.startswith("image/"):
                problem = check_image(data)
                if problem:
                    raise self.refuse(f"{path}: {problem}")
            return weasyprint.urls.URLFetcherResponse(
                path.as_uri(), data, headers={"Content-Type": content_type}
            )

    return ConfinedURLFetcher()
