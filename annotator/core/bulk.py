"""Bulk work over many small objects: the cyclic garbage collector paused while it runs."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0  # bulk works running now, on any thread
_resume = False  # whether the collector was on when the first of them began


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for bulk work, and resume it when the last such work ends.

    Used by imports, exports, and an article's spans read and shown (20,000 to 200,000
    of them). Records, rows, spans and JSON objects hold no reference cycles, so
    reference counting frees them as they go; the collector would only walk the millions
    of live objects again and again (a fifth of an export's time, a fifth of an open).
    The worker and the GUI thread may overlap: a count, not each caller's own view of
    `gc.isenabled()`, decides when to resume (else one could leave it off for good).
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
