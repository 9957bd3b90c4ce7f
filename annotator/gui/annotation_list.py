"""The open article's annotations as a list (label, text excerpt, note), synced with the text."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from annotator.core.types import LabelSchema, Span
from annotator.gui.headers import column_title
from annotator.gui.palette import swatch
from annotator.gui.plain import plain

COLUMNS = ("Label", "Text", "Note")
EXCERPT = 60
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A one-line excerpt of span text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.id


class AnnotationListModel(QAbstractTableModel):
    """The spans of the open article, by position."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str]] = []
        self._icons: dict[str, QIcon] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours from a schema."""
        self._icons = {lab.name: swatch(lab.colour) for lab in schema.labels}

    def set_article(self, text: str, spans: list[Span]) -> None:
        """Show another article's spans."""
        self.beginResetModel()
        self._text = text
        self._spans = sorted(spans, key=_key)
        self._keys = [_key(s) for s in self._spans]
        self.endResetModel()

    def set_spans(self, spans: list[Span]) -> None:
        """Update the spans of the same article with row inserts and removals, not a reset."""
        wanted = {s.id: s for s in spans}
        for row in range(len(self._spans) - 1, -1, -1):
            if self._spans[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                del self._keys[row]
                self.endRemoveRows()
        have = {s.id for s in self._spans}
        for row, span in enumerate(self._spans):
            if wanted[span.id] != span:
                self._spans[row] = wanted[span.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        for span in sorted((s for s in spans if s.id not in have), key=_key):
            row = bisect_left(self._keys, _key(span))
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self._keys.insert(row, _key(span))
            self.endInsertRows()

    def span_at(self, row: int) -> Span | None:
        """The span of a row (not `span()`, which Qt models reserve for cell spans)."""
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: str) -> int | None:
        """The row of a span."""
        for row, span in enumerate(self._spans):
            if span.id == span_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """One row per span."""
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Label, text, note."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label, excerpt and note, as plain text."""
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.label
            if column == 1:
                return excerpt(span.text_in(self._text))
            return excerpt(span.note or "", 40)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icons.get(span.label)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and span.note:
            return plain(span.note)
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return column_title(COLUMNS, section, orientation, role)


class AnnotationList(QTreeView):
    """The annotation list view (objectName "annotationList").

    Signals:
        span_selected(str): the user selected a span's row ("" when none).
    """

    span_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationList")
        self.model_ = AnnotationListModel(self)
        self.setModel(self.model_)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        # Fixed widths and a stretching text column: ResizeToContents would measure every
        # row of a 20,000-span article.
        header.resizeSection(0, 100)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 70)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def select_span(self, span_id: str | None) -> None:
        """Make a span's row current without announcing it."""
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
        self.span_selected.emit(span.id if span else "")
