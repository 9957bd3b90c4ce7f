"""Workarounds for bugs of the installed Qt bindings, applied once when the GUI package loads."""

from __future__ import annotations

import ctypes
import sys

_GUARD = 1 << 40


def void_calls_drop_none() -> bool:
    """True when PySide6 returns None from void methods without taking a reference to it.

    Seen with PySide6 6.12.0 on CPython 3.11: every call such as `setPlainText()` or a
    model's `data()` returning None lowers None's reference count by one, until CPython
    aborts with "none_dealloc: deallocating None" after some tens of thousands of calls.
    """
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -50


def protect_none() -> bool:
    """Make None effectively immortal (as CPython 3.12+ does) when the bindings drop references to it."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # None is immortal there; nothing can free it
    if not void_calls_drop_none():
        return False
    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(None)).value += _GUARD
    return True
