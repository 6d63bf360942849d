"""Load WeasyPrint: without its slow search for native libraries, and with a clear message
when Pango is missing.

WeasyPrint asks cffi for each native library under every platform's spelling of its name
("libpango-1.0-0", "pango-1.0", ..., "libpango-1.0.so.0"). Each miss makes ctypes'
``find_library`` run ldconfig, gcc and ld (WeasyPrint issue #1125): 38 processes and 0.2 s
of a 0.45 s import here. With CPython's own ``ctypes.util`` on glibc, that search can only
answer a bare soname, which the loader finds by itself under the name WeasyPrint also tries,
so the search is switched off for the import. Should a library load only with it (known by
another soname), the import runs again with the search, exactly as WeasyPrint would have
done it. WeasyPrint's one optional library, HarfBuzz-subset, is not looked for again: the
fonts are subset by uharfbuzz's HarfBuzz whether or not it is found (``subsetting``).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType

from guide.errors import EnvironmentProblem


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _search_adds_nothing() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):  # not glibc (musl patches find_library)
        return False


def _forget(module: str) -> None:
    for name in [n for n in sys.modules if n == module or n.startswith(module + ".")]:
        del sys.modules[name]


def import_quickly(module: str) -> ModuleType:
    """Import ``module`` without the library search, or with it if it fails without."""
    if module in sys.modules:
        return sys.modules[module]
    if _search_adds_nothing():
        try:
            # A library not found is printed as a banner to stdout before the error is raised.
            with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
                return importlib.import_module(module)
        except Exception:
            pass
        _forget(module)
    return importlib.import_module(module)


def import_weasyprint() -> ModuleType:
    try:
        with warnings.catch_warnings():
            # Said on import where HarfBuzz-subset is missing (a fresh machine): the fonts
            # are subset by HarfBuzz from the uharfbuzz wheel there too (``subsetting``).
            warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
            return import_quickly("weasyprint")
    except OSError as error:  # Pango or its friends cannot be loaded
        raise EnvironmentProblem(
            f"WeasyPrint cannot start: {error}. Install Pango (Debian/Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from None
