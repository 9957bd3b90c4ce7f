"""The open article's pending suggestions, listed apart from the annotations: label, text, score, suggester."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from annotator.core.types import LabelSchema, Span
from annotator.gui.annotation_model import SPAN_ID_ROLE, span_text
from annotator.gui.headers import column_title
from annotator.gui.palette import swatch
from annotator.gui.plain import plain

COLUMNS = ("Label", "Text", "Score", "Suggester")
Index = QModelIndex | QPersistentModelIndex


class SuggestionListModel(QAbstractTableModel):
    """The suggestions of the open article, by position (reset on every change: they are few)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._spans: list[Span] = []
        self._icons: dict[str, QIcon] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours from a schema."""
        self._icons = {lab.name: swatch(lab.colour) for lab in schema.labels}

    def set_suggestions(self, text: str, spans: list[Span]) -> None:
        """Show these suggestions."""
        if text == self._text and spans == self._spans:
            return
        self.beginResetModel()
        self._text, self._spans = text, list(spans)
        self.endResetModel()

    def span_at(self, row: int) -> Span | None:
        """The suggestion of a row."""
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: str) -> int | None:
        """The row of a suggestion."""
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """One row per suggestion."""
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Label, text, score, suggester."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The suggestion's label, excerpt, score and suggester, as plain text."""
        span = self.span_at(index.row()) if index.isValid() else None
        if span is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.label
            if column == 1:
                return span_text(span, self._text)
            if column == 2:
                return "" if span.score is None else f"{span.score:.2f}"
            return span.suggester or ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icons.get(span.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain(
                f"{span.label} suggested by {span.suggester or 'an import'}: {span_text(span, self._text, 200)}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return column_title(COLUMNS, section, orientation, role)


class SuggestionList(QTreeView):
    """The suggestion list (objectName "suggestionList").

    Signals:
        span_selected(str): the user selected a suggestion's row.
    """

    span_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionList")
        self.model_ = SuggestionListModel(self)
        self.setModel(self.model_)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        header.resizeSection(0, 100)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 48)
        header.resizeSection(3, 80)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def select_span(self, span_id: str | None) -> None:
        """Make a suggestion's row current without announcing it (none for another span)."""
        row = self.model_.row_of(span_id) if span_id else None
        self._syncing = True
        try:
            if row is None:
                self.clearSelection()
                self.selectionModel().clearCurrentIndex()
            else:
                index = self.model_.index(row, 0)
                self.setCurrentIndex(index)
                self.scrollTo(index)
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        span = self.model_.span_at(current.row()) if current.isValid() else None
        if span is not None:
            self.span_selected.emit(span.id)
