"""The article list's assignment filter: the coder's own assignment by default when they have one, or all articles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from annotator.gui import ops
from annotator.gui import settings as cfg
from annotator.gui.runner import OperationRunner

KEY = "list/assigned_only"
MINE, ALL = "mine", "all"


class AssignmentScope(QObject):
    """Whether the list shows only the coder's assignment; the combo shows only for a coder with one.

    Attributes:
        combo: "Assigned to me" / "All articles" (objectName "assignmentFilter"); the choice is remembered.
        assigned: how many articles are assigned to the coder (0: no assignment, the combo is hidden).

    Signals:
        scope_did_change(): the coder switched between their assignment and all articles.
    """

    scope_did_change = Signal()

    def __init__(self, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self.combo = QComboBox(parent)
        self.combo.setObjectName("assignmentFilter")
        self.combo.addItem("Assigned to me", MINE)
        self.combo.addItem("All articles", ALL)
        self.combo.setToolTip("Show the articles assigned to you, or every article of the project")
        self.combo.setCurrentIndex(0 if cfg.get_bool(KEY, True) else 1)
        self.combo.setVisible(False)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.assigned = 0
        self._coder = ""
        self._asked = 0  # the newest check: an older answer is dropped

    @property
    def mine(self) -> bool:
        """True when the list is limited to the coder's assignment (they have one, and chose it)."""
        return self.assigned > 0 and self.combo.currentData() == MINE

    def assigned_to(self) -> str | None:
        """The coder whose assignment the list shows, or None for all articles."""
        return self._coder if self.mine else None

    def show_all(self, all_articles: bool) -> None:
        """Switch between all articles (True) and the coder's assignment."""
        self.combo.setCurrentIndex(1 if all_articles else 0)

    def check(self, project: int | None, coder: str, then: Callable[[], None]) -> None:
        """Read whether the coder has an assignment in the project (on the worker), then call `then`."""
        self._asked += 1
        asked = self._asked
        self._coder = coder
        if project is None:
            self._set_assigned(0)
            then()
            return

        def counted(result: tuple[int, int]) -> None:
            if asked == self._asked:
                self._set_assigned(result[1])
                then()

        self._runner.query(ops.assigned_progress(project, coder), on_done=counted, key="list-assignment")

    def _set_assigned(self, assigned: int) -> None:
        self.assigned = assigned
        self.combo.setVisible(assigned > 0)
        self.combo.setItemText(0, f"Assigned to me ({assigned:,})" if assigned else "Assigned to me")

    @Slot(int)
    def _on_combo_changed(self, _index: int) -> None:
        cfg.set_value(KEY, self.combo.currentData() == MINE)
        self.scope_did_change.emit()
