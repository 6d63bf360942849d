"""Attributes of the engine's modules replaced for the length of a render: ``EnginePatch``.

A render in this process may run while another does (``guide serve`` renders in a thread):
the first render to start installs the replacements, the last to end puts the originals
back, and the replacements reach the originals through ``originals``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any


class EnginePatch:
    """One set of replacements, counted across the renders under way."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._renders = 0
        self.originals: dict[str, Any] = {}  # by attribute name: each name once in a set

    @contextmanager
    def applied(self, replacements: Mapping[tuple[Any, str], Any]) -> Iterator[None]:
        """Within this block, each ``(owner, name)`` is its replacement."""
        with self._lock:
            if self._renders == 0:
                for (owner, name), replacement in replacements.items():
                    self.originals[name] = getattr(owner, name)
                    setattr(owner, name, replacement)
            self._renders += 1
        try:
            yield
        finally:
            with self._lock:
                self._renders -= 1
                if self._renders == 0:
                    for owner, name in replacements:
                        setattr(owner, name, self.originals[name])
