"""The article list's codebook-version filter: the articles holding the coder's annotations made before the current codebook."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

ANY, BEFORE = "any", "before"


class VersionScope(QObject):
    """Whether the list shows only articles with coding older than the codebook; shown once the codebook has changed.

    Attributes:
        combo: "Any codebook version" / "Coded before v3" (objectName "articleVersionFilter").
        current: the project's codebook version (the combo is hidden at version 1: nothing predates it).

    Signals:
        scope_did_change(): the filter, or the version it compares with, changed.
    """

    scope_did_change = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.current = 1
        self.combo = QComboBox(parent)
        self.combo.setObjectName("articleVersionFilter")
        self.combo.addItem("Any codebook version", ANY)
        self.combo.addItem("Coded before v1", BEFORE)
        self.combo.setVisible(False)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self._describe()

    def before_version(self) -> int | None:
        """The version whose earlier annotations an article must hold to be listed, or None for any article."""
        return self.current if self.combo.currentData() == BEFORE and self.current > 1 else None

    def show_before(self, before: bool) -> None:
        """Choose "coded before the current version" (True) or any article."""
        self.combo.setCurrentIndex(1 if before else 0)

    def set_current(self, version: int) -> None:
        """Take the project's codebook version; a chosen "before" filter follows it."""
        if version == self.current:
            return
        chosen = self.combo.currentData() == BEFORE
        self.current = version
        self._describe()
        if version <= 1:
            self.combo.setCurrentIndex(0)  # another project, at its first version
        elif chosen:
            self.scope_did_change.emit()

    def _describe(self) -> None:
        self.combo.setItemText(1, f"Coded before v{self.current}")
        self.combo.setToolTip(
            "Show only the articles holding your annotations (spans, relations or document values) "
            f"made under a codebook version before the current one (v{self.current})"
        )
        self.combo.setVisible(self.current > 1)

    @Slot(int)
    def _on_combo_changed(self, _index: int) -> None:
        self.scope_did_change.emit()
