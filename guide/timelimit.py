"""A limit per organisation on its own work, so one pathological file cannot hang a run.

The limit counts the organisation's own work: processor time, not time spent waiting for a
worker or sharing the processors with another organisation's build. Work that stalls
(waiting on nothing the build does) still ends, at ``STALL_FACTOR`` times the limit on the
clock.

On the main thread of a Unix process the limit is ``SIGALRM``, which also interrupts a
blocking system call: when it rings before the work has used its processor time, it is set
again for what remains. On any other thread (the live preview rebuilds on one, one guide at
a time) a watchdog thread raises the time-out in it asynchronously
(``PyThreadState_SetAsyncExc``) when the clock passes the limit. Either way it is seen
between two Python instructions: WeasyPrint, Jinja and the Markdown parser are Python code,
so they stop within moments; a long call into C ends first.

Once expired, the limit fires again every half second, so code that swallows the first
time-out (a catch-all in the engine, say) meets the next one. A time-out that lands in a
finaliser (a ``__del__``, a generator being closed) cannot propagate there: it is kept quiet
instead of printed as "Exception ignored", and raised when the work ends.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from guide.errors import GuideError

REPEAT_SECONDS = 0.5
#: Work that stalls ends at this many times its limit on the clock.
STALL_FACTOR = 3


class TimedOut(GuideError):
    """The organisation took longer than the time limit."""


def work_seconds() -> float:
    """This process's processor time so far: what ``spent`` and the limit count."""
    return time.process_time()


def left(limit: float | None, spent: float) -> float | None:
    """What remains of ``limit`` after ``spent`` seconds (None: no limit)."""
    return None if limit is None else max(limit - spent, 0.001)


@contextmanager
def time_limit(seconds: float | None, *, of: float | None = None) -> Iterator[None]:
    """Raise ``TimedOut`` after ``seconds``: what remains of a limit ``of`` seconds, which is
    the one the message names."""
    if seconds is None or seconds <= 0:
        yield
        return
    message = (
        f"timed out after {of or seconds:g} s; simplify the content or raise the limit "
        "with --time-limit"
    )
    _quiet_unraisable_timeouts()
    main = threading.current_thread() is threading.main_thread()
    timer = _Alarm(message) if main and hasattr(signal, "SIGALRM") else _Watchdog(message)
    timer.arm(seconds)
    try:
        yield
    finally:
        timer.disarm()
    if timer.fired:  # swallowed, and the work ended before the next time-out
        raise TimedOut(message)


class _Alarm:
    """``SIGALRM`` raising ``TimedOut`` in the main thread once the process has worked for
    the limit's seconds (or the clock passed ``STALL_FACTOR`` times them)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.armed = False
        self.fired = False
        self.previous: Any = None
        self.seconds = 0.0
        self.started_work = self.started_clock = 0.0

    def expire(self, signum: int, frame: FrameType | None) -> None:
        if not self.armed:  # an alarm already on its way when it was disarmed
            return
        if not self.fired:
            worked = work_seconds() - self.started_work
            waited = time.monotonic() - self.started_clock
            stalled_at = self.seconds * STALL_FACTOR
            if worked < self.seconds and waited < stalled_at:  # it waited: not its work
                remaining = min(self.seconds - worked, stalled_at - waited)
                signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.01), 0)
                return
        self.fired = True
        signal.setitimer(signal.ITIMER_REAL, REPEAT_SECONDS, REPEAT_SECONDS)
        raise TimedOut(self.message)

    def arm(self, seconds: float) -> None:
        self.previous = signal.signal(signal.SIGALRM, self.expire)
        self.seconds = seconds
        self.started_work, self.started_clock = work_seconds(), time.monotonic()
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds, 0)

    def disarm(self) -> None:
        try:
            self.armed = False
        finally:  # runs even if an alarm landed just before the line above
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)


class _Watchdog:
    """A thread that raises ``TimedOut`` in the thread that armed it."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.target = threading.get_ident()
        self.armed = False
        self.fired = False
        self.lock = threading.Lock()
        self.stop = threading.Event()

        class Expired(TimedOut):  # raised by its class alone, so the message is built in
            def __init__(self) -> None:
                super().__init__(message)

        self.expired = Expired

    def arm(self, seconds: float) -> None:
        self.armed = True
        threading.Thread(
            target=self._watch, args=(seconds,), name="guide-deadline", daemon=True
        ).start()

    def _watch(self, seconds: float) -> None:
        wait = seconds
        while not self.stop.wait(wait):
            with self.lock:
                if not self.armed:
                    return
                self.fired = True
                _raise_in(self.target, self.expired)
            wait = REPEAT_SECONDS

    def disarm(self) -> None:
        while True:
            try:
                with self.lock:
                    self.armed = False
                self.stop.set()
                _raise_in(self.target, None)  # drop one still pending: the work is over
                return
            except TimedOut:  # one delivered on the way out; no other can come now
                self.fired = True


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next instruction (None: cancel that)."""
    import ctypes  # only here: a run with everything up to date never needs it

    raised = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), raised)


def _quiet_unraisable_timeouts() -> None:
    """Keep a time-out raised inside a finaliser off stderr (``time_limit`` raises it once
    the work ends); anything else still goes to the hook that was there."""
    if getattr(sys.unraisablehook, "_guide_quiet", False):
        return
    previous: Callable[[Any], object] = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, TimedOut):
            previous(unraisable)

    hook._guide_quiet = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook
