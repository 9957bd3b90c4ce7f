"""Carry a workspace's "connection lost, retrying" reports from the worker thread to the window."""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QObject, Signal

from annotator.project import Workspace


class ConnectionWatch(QObject):
    """Hooks `Workspace.on_connection_retry` and re-emits its messages as a signal.

    The facade calls the hook on the thread running the operation; receivers connect
    with a queued connection so their slots run on the GUI thread.

    Signals:
        connection_will_retry(str): the facade lost the connection and tries again; the message says so.
    """

    connection_will_retry = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None

    def watch(self, ws: Workspace | None) -> None:
        """Report the retries of `ws` (None: of no workspace), and no longer those of the previous one."""
        if self._ws is not None and self._ws.on_connection_retry == self.report:
            self._ws.on_connection_retry = None
        self._ws = ws
        if ws is not None:
            ws.on_connection_retry = self.report

    def report(self, message: str) -> None:
        """Called by the facade, on any thread."""
        # The window (and this object with it) may be gone while a worker still retries.
        if not shiboken6.isValid(self):
            return
        with contextlib.suppress(RuntimeError):  # deleted between the check and the emit
            self.connection_will_retry.emit(message)
