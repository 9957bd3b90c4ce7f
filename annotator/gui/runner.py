"""Run every project call on one worker thread that alone owns the Workspace; results come back by signal.

The GUI never holds the Workspace: it hands the runner small functions of it
(`lambda ws: ws.add_span(...)`), which run in order on the worker, so the facade's
undo history sees them in the order the user made them and needs no lock.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.project import Workspace
from annotator.project.demo import open_target

log = logging.getLogger(__name__)

Work = Callable[[Workspace], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]
NO_DATABASE = "No database is open. Use File > Open database."


@dataclass(frozen=True)
class DatabaseInfo:
    """What the window knows of the open database, read once on the worker when it opened."""

    target: str
    url: str
    read_only: bool
    backup_path: Path | None
    server: str = ""


class Progress:
    """A facade progress callback that reports to the GUI and can be cancelled from it."""

    def __init__(self, runner: OperationRunner) -> None:
        self._runner = runner
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the running operation to stop at its next progress report."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._cancelled.is_set()

    def __call__(self, done: int, total: int | None) -> bool:
        self._runner.operation_did_progress.emit(done, -1 if total is None else total)
        return not self._cancelled.is_set()


@dataclass
class _Pending:
    on_done: Done | None
    on_error: Failed | None
    initiator: object
    key: str | None
    broadcast: bool


class OperationRunner(QObject):
    """Owns the Workspace on one worker thread; runs operations and queries there in order.

    Signals:
        operation_did_execute(Changes, object): an operation changed something; the second
            argument is the object that started it (a view skips what it initiated).
        operation_did_fail(str): an operation failed; a user-facing message.
        operation_did_finish(object): an operation or query ended; its exception, or None.
        operation_did_progress(int, int): done and total (-1 when unknown) of a long run.
        history_did_change(object, object): what Undo and Redo would do (None for nothing).
        connection_will_retry(str): the database dropped the connection; the worker tries again.
        busy_did_change(bool): whether work is queued or running.
    """

    operation_did_execute = Signal(object, object)
    operation_did_fail = Signal(str)
    operation_did_finish = Signal(object)
    operation_did_progress = Signal(int, int)
    history_did_change = Signal(object, object)
    connection_will_retry = Signal(str)
    busy_did_change = Signal(bool)
    _finished = Signal(int, object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(1, thread_name_prefix="annotator-op")
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._announcements: deque[tuple[Changes, object]] = deque()  # due to the other views
        self._latest: dict[str, int] = {}
        self._ws: Workspace | None = None  # touched only on the worker thread
        self._stopping = threading.Event()
        self._finished.connect(self._on_finished)

    @property
    def workspace(self) -> Workspace | None:
        """The open Workspace: only work run on the worker may use it (tests patch it while idle)."""
        return self._ws

    @property
    def idle(self) -> bool:
        """True when no operation is queued or running, and no change waits to be announced."""
        return not self._pending and not self._announcements

    # --- submitting ----------------------------------------------------------------

    def run(
        self,
        work: Work,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        initiator: object = None,
        key: str | None = None,
        broadcast: bool = True,
    ) -> None:
        """Run `work(workspace)` on the worker; then `on_done(result)` or `on_error(exc)` here.

        A result that is `Changes`, or has `.changes`, is announced through
        `operation_did_execute` when `broadcast`. With a `key`, only the newest request
        of that key delivers its result (an older one still runs, but is dropped).
        """
        self._submit(lambda: work(self._workspace()), on_done, on_error, initiator, key, broadcast)

    def query(
        self, work: Work, *, on_done: Done, on_error: Failed | None = None, key: str | None = None
    ) -> None:
        """Run a read on the worker and deliver its result; nothing is announced."""
        self.run(work, on_done=on_done, on_error=on_error, key=key, broadcast=False)

    def open_database(
        self, target: str, *, read_only: bool = False, on_done: Done, on_error: Failed | None = None
    ) -> None:
        """Close the open database (if any) and open another on the worker; delivers a DatabaseInfo."""
        self._submit(lambda: self._open(target, read_only), on_done, on_error, None, "database", False)

    def announce(self, changes: Changes, initiator: object = None) -> None:
        """Tell every view about a change made elsewhere (another coder, the CLI, F5)."""
        self._announce_due()  # after the changes done here, in order
        self.operation_did_execute.emit(changes, initiator)

    def _submit(
        self,
        work: Callable[[], Any],
        on_done: Done | None,
        on_error: Failed | None,
        initiator: object,
        key: str | None,
        broadcast: bool,
    ) -> None:
        if self._pool is None:
            return
        token = next(self._ids)
        was_idle = self.idle
        self._pending[token] = _Pending(on_done, on_error, initiator, key, broadcast)
        if key is not None:
            self._latest[key] = token
        if was_idle:
            self.busy_did_change.emit(True)
        self._pool.submit(self._work, token, work)

    # --- on the worker ------------------------------------------------------------

    def _workspace(self) -> Workspace:
        if self._ws is None:
            raise AnnotatorError(NO_DATABASE)
        return self._ws

    def _open(self, target: str, read_only: bool) -> DatabaseInfo:
        self._close()
        ws = open_target(target, read_only=read_only)
        ws.on_connection_retry = self._report_retry
        ws.load_edits()  # here on the worker, not on the coder's first key press
        self._ws = ws
        return DatabaseInfo(target, ws.url, ws.read_only, ws.backup_path, ws.server_version())

    def _close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            ws.on_connection_retry = None
            with contextlib.suppress(AnnotatorError):
                ws.close()

    def _report_retry(self, message: str) -> None:
        # The window (and this object with it) may be gone while the worker still retries.
        if shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError):
                self.connection_will_retry.emit(message)

    def _work(self, token: int, work: Callable[[], Any]) -> None:
        if self._stopping.is_set():
            return  # the window is closing: queued work is dropped
        try:
            result = work()
        except Exception as exc:  # delivered to the GUI thread, shown there
            self._emit(token, None, exc)
        else:
            self._emit(token, result, None)

    def _emit(self, token: int, result: Any, error: Exception | None) -> None:
        ws = self._ws
        history = (ws.undo_text, ws.redo_text) if ws is not None else (None, None)
        if shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError):
                self._finished.emit(token, result, error, history)

    # --- back on the GUI thread -------------------------------------------------------

    @Slot(int, object, object, object)
    def _on_finished(
        self, token: int, result: Any, error: Exception | None, history: tuple[Any, Any]
    ) -> None:
        self._announce_due()  # the views hear of earlier results before this one is applied
        pending = self._pending.pop(token, None)
        try:
            if pending is None:
                return
            stale = pending.key is not None and self._latest.get(pending.key) != token
            self.operation_did_finish.emit(error)
            if pending.broadcast or error is not None:
                self.history_did_change.emit(*history)
            if error is not None:
                if pending.on_error is not None:
                    pending.on_error(error)
                else:
                    self.report_failure(error)
                return
            if pending.on_done is not None and not stale:
                pending.on_done(result)
            changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
            if pending.broadcast and isinstance(changes, Changes) and not changes.empty:
                self._announce_later(changes, pending.initiator)
        finally:
            if self.idle:
                self.busy_did_change.emit(False)

    def _announce_later(self, changes: Changes, initiator: object) -> None:
        """Tell the other views once the initiator's own change is painted.

        Their follow-up reads (the article's row, the progress) would otherwise run on the
        worker while the coder's new span is painted, and share the GIL with that paint. A
        1 ms timer fires after the paint's queued request; until then the runner is not idle.
        Announcements keep their order, and go out before the next result is applied.
        """
        self._announcements.append((changes, initiator))
        if len(self._announcements) == 1:
            QTimer.singleShot(1, self, self._announce_due)

    def _announce_due(self) -> None:
        """Send every announcement still waiting, in order."""
        if not self._announcements:
            return  # sent already, before a later result
        while self._announcements:
            changes, initiator = self._announcements.popleft()
            self.operation_did_execute.emit(changes, initiator)
        if self.idle:
            self.busy_did_change.emit(False)

    def report_failure(self, error: Exception) -> None:
        """Announce a failed operation through `operation_did_fail`, as one user-facing line."""
        if isinstance(error, AnnotatorError):
            log.info("operation refused: %s", error)
            self.operation_did_fail.emit(str(error))
        else:
            log.error("operation failed", exc_info=error)
            self.operation_did_fail.emit(f"unexpected error: {type(error).__name__}: {error}")

    def shutdown(self) -> None:
        """Finish the running operation, close the database on the worker, and stop; later results are dropped."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            self._stopping.set()
            pool.submit(self._close)
            pool.shutdown(wait=True)
        self._pending.clear()
