"""QR codes for printed addresses, drawn by segno as SVG data URIs (no files, no network).

The same address always gives the same URI, so the PDF engine decodes each code once however
many handouts print it.
"""

from __future__ import annotations

import functools


@functools.cache
def qr_data_uri(address: str) -> str:
    """An SVG QR code for ``address`` with a quiet zone, at error correction level M."""
    import segno  # imported when a code is drawn, not by every command

    code = segno.make(address, error="m", micro=False)
    return str(code.svg_data_uri(scale=4, border=4, dark="#000000", light="#ffffff"))
