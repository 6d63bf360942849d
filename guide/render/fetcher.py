"""The confined URL fetcher: the only way the PDF engine may read anything.

It serves ``file:`` URLs under the allowed roots and small ``data:`` URLs, and checks every
image, whatever its URL, with ``guide.content.images`` before the engine sees it. Anything else is
refused with the reference named; refusals are also remembered, since WeasyPrint swallows
some. Every file served is recorded with the SHA-256 of the bytes served (``reads``): the
up-to-date check covers what a render actually read (``guide.batch.fingerprint``).
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from guide.content.confine import MAX_RESOURCE_BYTES, inside, read_input
from guide.content.images import MAX_DATA_URL_BYTES, decode_data_url, served_problem, short
from guide.errors import InputError


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
                try:  # served as decoded here, so the bytes checked are the bytes drawn
                    decoded = decode_data_url(url)
                except ValueError as error:
                    raise self.refuse(f"{short(url)}: {error}") from None
                problem = served_problem(decoded.data, decoded.media_type.lower())
                if problem:
                    raise self.refuse(f"{short(url)}: {problem}")
                return weasyprint.urls.URLFetcherResponse(
                    url, decoded.data, headers={"Content-Type": decoded.media_type}
                )
            if scheme != "file":
                raise self.refuse(
                    f"blocked reference to {url}: only files beside the guide's content may be used"
                )
            parts = urlsplit(url)
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if parts.netloc not in ("", "localhost") or not inside(path, allowed):
                raise self.refuse(f"blocked reference to {url}: outside the allowed folders")
            if not path.exists():
                raise self.refuse(f"missing file {path}")
            try:
                data = read_input(path, MAX_RESOURCE_BYTES)
            except InputError as error:
                raise self.refuse(f"{path}: {error.problems[0].message}") from None
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.reads[str(path)] = hashlib.sha256(data).hexdigest()
            problem = served_problem(data, content_type)
            if problem:
                raise self.refuse(f"{path}: {problem}")
            return weasyprint.urls.URLFetcherResponse(
                path.as_uri(), data, headers={"Content-Type": content_type}
            )

    return ConfinedURLFetcher()
