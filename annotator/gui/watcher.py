"""Notice changes made outside the window (the CLI, another coder on PostgreSQL) while it is idle."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from annotator.core.changes import Changes
from annotator.gui import ops
from annotator.gui.session import Session

POLL_MS = 3_000
ELSEWHERE = Changes(documents=frozenset({-1}), message="Showing changes made elsewhere.")


class ChangeWatcher(QObject):
    """Every few seconds while nothing runs, asks the cheap revision counter whether the project changed.

    A change made elsewhere is announced like an operation's, so every view refreshes
    itself; F5 (`reload_now`) does the same at once.
    """

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        runner, project = self.session.runner, self.session.project_id
        if project is None or not runner.idle or self.session.opening:
            return

        def answered(changed: bool) -> None:
            if changed and self.session.project_id == project:
                runner.announce(ELSEWHERE)

        runner.query(ops.changed_elsewhere(project), on_done=answered, on_error=lambda _e: None, key="poll")

    def reload_now(self) -> None:
        """Read everything shown again."""
        if self.session.database is not None:
            self.session.runner.announce(Changes(documents=frozenset({-1}), message="Reloaded."))
