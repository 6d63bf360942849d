"""Which images a guide may use, whatever their address: one checker shared by the PDF
engine's fetcher, the HTML edition and ``guide check``.

An image must be PNG, JPEG, WebP or SVG by its first bytes, at most 40 megapixels, at most
20 MB as a file or 2 MB as a ``data:`` URL, and decode whole. ``data:`` URLs are decoded here,
and served to the engine as decoded here, so what is checked is what is drawn.
``image_problem`` also follows the images an SVG draws (its ``<image>`` elements, files and
``data:`` URLs alike) under the same confinement as the fetcher, for the checks that run
without the engine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit
from urllib.request import url2pathname
from xml.parsers import expat

from guide.content.confine import MAX_RESOURCE_BYTES, inside, read_input
from guide.errors import InputError

MAX_DATA_URL_BYTES = 2_000_000
MAX_IMAGE_PIXELS = 40_000_000
MAX_NESTING = 8  # SVG drawing SVG drawing ...

_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_XLINK_HREF = "http://www.w3.org/1999/xlink href"
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"
_checked: dict[bytes, str | None] = {}  # by digest: editions and the fetcher check again


def is_svg(data: bytes) -> bool:
    return data[:512].lstrip().startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]


def check_image(data: bytes) -> str | None:
    """Why ``data`` is not a usable PNG, JPEG, WebP or SVG image, or None if it is."""
    if is_svg(data):
        return None
    is_webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not is_webp and not data.startswith(_RASTER_MAGIC):
        return "not a PNG, JPEG, WebP or SVG image"
    digest = hashlib.blake2b(data, digest_size=16).digest()
    if digest not in _checked:
        if len(_checked) > 1000:
            _checked.clear()
        _checked[digest] = _check_raster(data)
    return _checked[digest]


def _check_raster(data: bytes) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # ours is lower
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


def served_problem(data: bytes, content_type: str) -> str | None:
    """Why the fetcher must not serve ``data``: whatever its declared type, bytes Pillow
    would decode (an SVG's ``<image>`` takes anything) get the image checks."""
    if content_type.startswith("image/"):
        return check_image(data)
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Image.open(io.BytesIO(data)).close()
    except UnidentifiedImageError:
        return None
    except Exception:  # identified, then failed: the checks say why
        pass
    return check_image(data)


@dataclass(frozen=True)
class DataUrl:
    media_type: str
    data: bytes


def decode_data_url(url: str) -> DataUrl:
    """RFC 2397, percent-decoded, then base64-decoded if marked so; ValueError if damaged."""
    header, comma, payload = url.partition(",")
    if not comma or not header.lower().startswith("data:"):
        raise ValueError("damaged data: URL (no comma)")
    media_type = header[5:]
    data = unquote_to_bytes(payload)
    if media_type.lower().endswith(";base64"):
        media_type = media_type[:-7]
        try:
            data = base64.b64decode(data)  # like urllib: characters outside base64 are skipped
        except binascii.Error as error:
            raise ValueError(f"damaged data: URL ({error})") from None
    return DataUrl(media_type.strip() or "text/plain;charset=US-ASCII", data)


def short(url: str) -> str:
    """A reference as it is named in messages: ``data:`` URLs cut to their start."""
    return url if len(url) <= 60 or not url.lower().startswith("data:") else url[:40] + "…"


def image_problem(url: str, roots: Sequence[Path]) -> str | None:
    """Why the image at ``url`` (``file:`` or ``data:``) or one it draws cannot be used."""
    return _Walk(tuple(root.resolve() for root in roots)).problem(url, 0)


def drawn_files(svg: Path, roots: Sequence[Path]) -> tuple[Path, ...]:
    """The files an SVG draws (nested SVGs too), which a page showing it must carry."""
    walk = _Walk(tuple(root.resolve() for root in roots))
    walk.problem(svg.resolve().as_uri(), 0)
    return tuple(path for path in walk.files if path != svg.resolve())


class _Walk:
    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.seen: set[str] = set()
        self.files: list[Path] = []  # every file read, in order

    def problem(self, url: str, depth: int) -> str | None:
        if url in self.seen:
            return None
        self.seen.add(url)
        try:
            data = self.read(url)
        except ValueError as error:
            return str(error)
        except OSError as error:
            return f"cannot read {url}: {error.strerror or error}"
        problem = check_image(data)
        if problem or not is_svg(data):
            return problem
        try:
            references = _svg_images(data)
        except (expat.ExpatError, ValueError) as error:
            return f"damaged SVG image ({error})"
        for base, href in references:
            if depth >= MAX_NESTING:
                return f"images nested more than {MAX_NESTING} deep"
            try:
                inner = href if href.lower().startswith("data:") else urljoin(base or url, href)
            except ValueError:  # an address urllib cannot parse, like the engine's fetcher
                return f"blocked reference to {href}"
            problem = self.problem(inner, depth + 1)
            if problem:
                return f"{short(inner)}: {problem}"
        return None

    def read(self, url: str) -> bytes:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL_BYTES:
                raise ValueError(f"data: URL larger than {MAX_DATA_URL_BYTES} bytes")
            return decode_data_url(url).data
        if scheme != "file":
            raise ValueError(
                f"blocked reference to {url}: only files beside the guide's content may be used"
            )
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if parts.netloc not in ("", "localhost") or not inside(path, self.roots):
            raise ValueError(f"blocked reference to {url}: outside the allowed folders")
        if not path.exists():
            raise ValueError(f"missing file {path}")
        try:
            data = read_input(path, MAX_RESOURCE_BYTES)
        except InputError as error:
            raise ValueError(f"{path}: {error.problems[0].message}") from None
        self.files.append(path)
        return data


def _svg_images(data: bytes) -> list[tuple[str | None, str]]:
    """The ``(xml:base, href)`` of each ``<image>`` in an SVG, read as the engine reads them.
    Parsed by expat with no DTD of its own allowed, so no entity is ever expanded."""
    found: list[tuple[str | None, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "image":
            href = attributes.get(_XLINK_HREF) or attributes.get("href") or ""
            href = href.strip(" \t\n\f\r").replace("\t", "").replace("\n", "").replace("\r", "")
            if href and not href.startswith("#"):
                found.append((attributes.get(_XML_BASE), href))

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            raise ValueError("an SVG may not declare entities")

    def entity(*_: object) -> None:
        raise ValueError("an SVG may not declare entities")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.Parse(data, True)
    return found
