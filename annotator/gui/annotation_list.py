"""The annotation list: the open article's annotations (label, text excerpt, note), each span's relations under it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.core.types import Relation, Span
from annotator.gui.annotation_model import RELATION_ID_ROLE, SPAN_ID_ROLE, Accept, AnnotationListModel
from annotator.gui.span_delta import SpanDelta


class AnnotationList(QTableView):
    """The annotation list view (objectName "annotationList").

    Signals:
        span_selected(str): the user selected a span's row ("" when none).
        relation_selected(str): the user selected a relation's row.
    """

    span_selected = Signal(str)
    relation_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationList")
        self.model_ = AnnotationListModel(self)
        self.setModel(self.model_)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(header.defaultAlignment() & ~Qt.AlignmentFlag.AlignHCenter)
        header.setStretchLastSection(False)
        # Fixed widths and a stretching text column: ResizeToContents would measure every
        # row of a 20,000-span article.
        header.resizeSection(0, 130)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 70)
        self._syncing = False
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_spans(self, spans: list[Span], relations: tuple[Relation, ...]) -> None:
        """Update the rows; the row current before stays current (a moved span's row is removed and added)."""
        self._keeping_current(lambda: self.model_.set_spans(spans, relations))

    def apply(self, delta: SpanDelta, relations: tuple[Relation, ...]) -> None:
        """Update the rows by one change of the annotations; the row current before stays current."""
        self._keeping_current(lambda: self.model_.apply(delta, relations))

    def set_filter(self, accept: Accept | None) -> None:
        """Filter the rows by codebook version (None: all); the row current before stays current if shown."""
        self._keeping_current(lambda: self.model_.set_filter(accept))

    def _keeping_current(self, change: Callable[[], None]) -> None:
        current = self.currentIndex()
        span_id = self.model_.data(current, SPAN_ID_ROLE) if current.isValid() else None
        relation_id = self.model_.data(current, RELATION_ID_ROLE) if current.isValid() else None
        self._syncing = True
        try:
            change()
        finally:
            self._syncing = False
        if relation_id and self.model_.relation_index(relation_id).isValid():
            self.select_relation(relation_id)
        elif span_id:
            self.select_span(span_id)

    def select_span(self, span_id: str | None, *, keep_relation: bool = True) -> None:
        """Make a span's row current without announcing it (a relation row under it stays, if `keep_relation`)."""
        current = self.currentIndex()
        if (
            keep_relation
            and span_id
            and self.model_.relation_at(current) is not None
            and self.model_.data(current, SPAN_ID_ROLE) == span_id
        ):
            return
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

    def select_relation(self, relation_id: str | None) -> None:
        """Make a relation's row current without announcing it."""
        index = self.model_.relation_index(relation_id) if relation_id else QModelIndex()
        if not index.isValid():
            return
        self._syncing = True
        try:
            self.setCurrentIndex(index)
            self.scrollTo(index)
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        relation = self.model_.relation_at(current)
        if relation is not None:
            self.relation_selected.emit(relation.id)
            return
        span = self.model_.span_at(current.row()) if current.isValid() else None
        self.span_selected.emit(span.id if span else "")
