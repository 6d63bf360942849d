"""Compiled templates kept on disk between runs: ``kept_code``.

Compiling a template costs more than rendering it (the layout's a tenth of a second, a
chapter's 5-10 ms), and every ``guide build`` is a new process. Jinja's
``FileSystemBytecodeCache`` keeps the code in a folder of the user's own (created private,
refused if anyone else owns it) and loads it again for the same source. What the code does
also depends on how the sandbox compiled it (``sandbox``: its checks are written into the
code), so the files are named for the tool's version and the sandbox's own source: code
compiled under other checks is never loaded. Where the folder cannot be made or written,
templates are compiled each run, as without a cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from guide import __version__
from guide.compose import growth, sandbox


class _KeptCode(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: Bucket) -> None:
        # a full or read-only disk: the code is compiled again next run
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def _checks() -> str:
    """A digest of the tool's version and of the modules that write the sandbox's checks."""
    digest = hashlib.sha256(__version__.encode())
    for module in (sandbox, growth):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def kept_code(kind: str) -> jinja2.BytecodeCache | None:
    """Where templates of ``kind`` ('layout', 'chapter') keep their compiled code, or None
    where the user's cache folder cannot be used."""
    try:
        return _KeptCode(pattern=f"__guide_{kind}_{_checks()}_%s.cache")
    except (OSError, RuntimeError):  # Jinja refuses a folder it cannot make private
        return None
