"""The label palette: colour, hotkey, name and count in the open article; click to label."""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListView, QWidget

from annotator.core.types import Label, LabelSchema, Span
from annotator.gui.guidelines import label_tip
from annotator.gui.span_delta import SpanDelta

LABEL_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # the label's spans in the open article
Index = QModelIndex | QPersistentModelIndex


def swatch(colour: str, size: int = 14) -> QIcon:
    """A square icon of a label colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


_LABEL = attrgetter("label")


class LabelPaletteModel(QAbstractListModel):
    """The span labels of the project with their counts in the open article."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._labels: tuple[Label, ...] = ()
        self._counts: Counter[str] = Counter()
        self._icons: dict[str, QIcon] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        """Show the span labels of a schema."""
        self.beginResetModel()
        self._labels = schema.span_labels()
        self._icons = {lab.name: swatch(lab.colour) for lab in self._labels}
        self.endResetModel()

    def set_spans(self, spans: list[Span]) -> None:
        """Count the open article's spans per label."""
        counts = Counter(map(_LABEL, spans))
        if counts != self._counts:
            self._counts = counts
            self._recount()

    def apply(self, delta: SpanDelta) -> None:
        """Count one change of the open article's spans (annotations only)."""
        before = Counter(s.label for s in delta.before())
        after = Counter(s.label for s in delta.after())
        if before != after:
            self._counts.subtract(before)
            self._counts.update(after)
            self._recount()

    def _recount(self) -> None:
        if self._labels:
            self.dataChanged.emit(self.index(0), self.index(len(self._labels) - 1))

    def label(self, row: int) -> Label | None:
        """The label of a row."""
        return self._labels[row] if 0 <= row < len(self._labels) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """One row per span label."""
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Hotkey, name and count; the colour as icon; the guidelines (description, examples) as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        lab = self._labels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = f"{lab.hotkey}  " if lab.hotkey else "   "
            return f"{key}{lab.name}  ({self._counts.get(lab.name, 0)})"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(lab.name)
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = f"Hotkey {lab.hotkey}" if lab.hotkey else "No hotkey: click to apply"
            return label_tip(lab, hint)
        if role == LABEL_ROLE:
            return lab.name
        if role == COUNT_ROLE:
            return self._counts.get(lab.name, 0)
        return None


class LabelPalette(QListView):
    """The palette view (objectName "labelPalette"); never takes focus from the text.

    Signals:
        label_chosen(str): a label was clicked.
    """

    label_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self.model_ = LabelPaletteModel(self)
        self.setModel(self.model_)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setIconSize(QSize(14, 14))
        self.setUniformItemSizes(True)
        self.clicked.connect(self._on_clicked)

    def _on_clicked(self, index: QModelIndex) -> None:
        lab = self.model_.label(index.row())
        if lab is not None:
            self.label_chosen.emit(lab.name)
        self.clearSelection()
