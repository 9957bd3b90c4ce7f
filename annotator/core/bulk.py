"""Bulk work over many small objects: the cyclic garbage collector paused while it runs."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for bulk work, and resume it afterwards.

    Used by imports, exports, and an article's spans read and shown (20,000 to 200,000
    of them). Records, rows, spans and JSON objects hold no reference cycles, so
    reference counting frees them as they go; the collector would only walk the millions
    of live objects again and again (a fifth of an export's time, a fifth of an open).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
