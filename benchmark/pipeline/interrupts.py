"""SIGTERM ends a run the way Ctrl-C does: ``KeyboardInterrupt`` in the main thread.

So a run stopped by a CI timeout or ``kill`` records status ``interrupted``, kills the commands it
started, and the next run resumes from the cache. Outside the main thread (where Python cannot install
handlers) it does nothing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Iterator


class Terminated(KeyboardInterrupt):
    """The run received SIGTERM."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(f"received signal {signal.Signals(signum).name}")


@contextlib.contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
