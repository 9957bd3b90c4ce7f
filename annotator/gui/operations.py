"""Run project operations off the GUI thread; results come back on the GUI thread.

One worker thread runs every operation in order, so the facade's undo history
sees them in the order the user made them.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


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


class OperationRunner(QObject):
    """Runs callables on one worker thread and calls back on the GUI thread.

    Signals:
        operation_did_execute(Changes, object): an operation changed something; the
            second argument is the object that started it (views may skip their own).
        operation_did_fail(str): an operation failed with a user-facing message.
        operation_did_finish(object): an operation ended; its exception, or None when it succeeded.
        operation_did_progress(int, int): done and total (-1 when unknown) of a long run.
        busy_did_change(bool): whether operations are pending.
    """

    operation_did_execute = Signal(object, object)
    operation_did_fail = Signal(str)
    operation_did_finish = Signal(object)
    operation_did_progress = Signal(int, int)
    busy_did_change = Signal(bool)
    _finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(1, thread_name_prefix="annotator-op")
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None, object]] = {}
        self._finished.connect(self._on_finished)

    @property
    def idle(self) -> bool:
        """True when no operation is queued or running."""
        return not self._pending

    def run(
        self,
        work: Callable[[], Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        initiator: object = None,
    ) -> None:
        """Run `work` off the GUI thread; then `on_done(result)` or `on_error(exc)` on the GUI thread.

        A result that is `Changes` (or a tuple starting with `Changes`) is also announced
        through `operation_did_execute`.
        """
        if self._pool is None:
            return
        token = next(self._ids)
        was_idle = not self._pending
        self._pending[token] = (on_done, on_error, initiator)
        if was_idle:
            self.busy_did_change.emit(True)
        self._pool.submit(self._work, token, work)

    def _work(self, token: int, work: Callable[[], Any]) -> None:
        try:
            result = work()
        except Exception as exc:  # delivered to the GUI thread, shown there
            self._finished.emit(token, None, exc)
        else:
            self._finished.emit(token, result, None)

    @Slot(int, object, object)
    def _on_finished(self, token: int, result: Any, error: Exception | None) -> None:
        on_done, on_error, initiator = self._pending.pop(token, (None, None, None))
        try:
            self.operation_did_finish.emit(error)
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    self.report_failure(error)
                return
            changes = result[0] if isinstance(result, tuple) and result else result
            if isinstance(changes, Changes) and not changes.empty:
                self.operation_did_execute.emit(changes, initiator)
            if on_done is not None:
                on_done(result)
        finally:
            if not self._pending:
                self.busy_did_change.emit(False)

    def report_failure(self, error: Exception) -> None:
        """Announce a failed operation through `operation_did_fail`, as one user-facing line."""
        if isinstance(error, AnnotatorError):
            self.operation_did_fail.emit(str(error))
        else:
            log.error("operation failed", exc_info=error)
            self.operation_did_fail.emit(f"unexpected error: {type(error).__name__}: {error}")

    def shutdown(self) -> None:
        """Finish the running operation and stop the worker; later results are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
