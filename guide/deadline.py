"""A wall-clock limit per organisation, so one pathological file cannot hang a batch.

Uses ``SIGALRM`` on the main thread of a Unix process (WeasyPrint is pure Python around
Pango, so the alarm is seen between calls); elsewhere the limit is not enforced.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from guide.errors import GuideError


class TimedOut(GuideError):
    """The organisation took longer than the time limit."""


@contextmanager
def time_limit(seconds: float | None, *, of: float | None = None) -> Iterator[None]:
    """Raise ``TimedOut`` after ``seconds``: what remains of a limit ``of`` seconds, which is
    the one the message names."""
    if (
        seconds is None
        or seconds <= 0
        or not hasattr(signal, "SIGALRM")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    message = (
        f"timed out after {of or seconds:g} s; simplify the content or raise the limit "
        "with --time-limit"
    )
    expired = False

    def expire(signum: int, frame: FrameType | None) -> None:
        nonlocal expired
        expired = True
        raise TimedOut(message)

    previous = signal.signal(signal.SIGALRM, expire)
    # It fires again every half second: code that swallows the first exception (a catch-all
    # in the engine, say) meets the next one.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # swallowed, and the work ended before the next alarm
        raise TimedOut(message)
