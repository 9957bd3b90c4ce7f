"""The article list: a table model that fetches pages of rows on demand, and its panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from annotator.core.types import DocStatus, DocumentSummary
from annotator.gui.headers import column_title
from annotator.gui.plain import plain
from annotator.project import Workspace

PAGE = 200
STATUS_TEXT = {
    DocStatus.TODO: "to do",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
    DocStatus.SKIPPED: "skipped",
}
COLUMNS = ("Title", "Status", "Spans")
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractTableModel):
    """Rows of `DocumentSummary` for one project, search and status filter, fetched a page at a time."""

    def __init__(self, workspace: Workspace | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._project: int | None = None
        self._annotator = ""
        self._search = ""
        self._status: DocStatus | None = None
        self._rows: list[DocumentSummary] = []
        self._total = 0

    # --- configuration -------------------------------------------------------

    def configure(
        self,
        workspace: Workspace | None,
        project: int | None,
        annotator: str,
        *,
        search: str = "",
        status: DocStatus | None = None,
    ) -> None:
        """Show another project, annotator or filter (one page is fetched now, the rest on demand)."""
        self.beginResetModel()
        self._ws, self._project, self._annotator = workspace, project, annotator
        self._search, self._status = search.strip(), status
        self._rows = []
        self._total = 0
        if self._ws is not None and self._project is not None:
            self._total = self._ws.count_documents(
                self._project, annotator=annotator, search=self._search or None, status=status
            )
            self._rows = self._page(0)
        self.endResetModel()

    def set_filter(self, search: str, status: DocStatus | None) -> None:
        """Narrow the list by full-text search and status."""
        self.configure(self._ws, self._project, self._annotator, search=search, status=status)

    def _page(self, offset: int) -> list[DocumentSummary]:
        assert self._ws is not None and self._project is not None
        return self._ws.list_documents(
            self._project,
            annotator=self._annotator,
            search=self._search or None,
            status=self._status,
            offset=offset,
            limit=PAGE,
        )

    @property
    def total(self) -> int:
        """How many documents match the filter (loaded or not)."""
        return self._total

    # --- lookups -------------------------------------------------------------

    def doc_id(self, row: int) -> int | None:
        """The document id of a loaded row."""
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, doc_id: int, *, fetch_up_to: int = 0) -> int | None:
        """The row of a document, fetching more pages (up to `fetch_up_to` rows) if needed."""
        while True:
            for i, summary in enumerate(self._rows):
                if summary.id == doc_id:
                    return i
            if len(self._rows) >= fetch_up_to or not self.canFetchMore(QModelIndex()):
                return None
            self.fetchMore(QModelIndex())

    def refresh_documents(self, doc_ids: set[int]) -> None:
        """Re-read the loaded rows of these documents (status, span count)."""
        if self._ws is None or self._project is None:
            return
        for row, summary in enumerate(self._rows):
            if summary.id not in doc_ids:
                continue
            fresh = self._ws.list_documents(
                self._project,
                annotator=self._annotator,
                search=self._search or None,
                status=self._status,
                offset=row,
                limit=1,
            )
            if fresh and fresh[0].id == summary.id:
                self._rows[row] = fresh[0]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            # else: the row no longer matches the filter; it stays until the filter changes,
            # so the list does not jump under the user's eyes.

    # --- Qt model ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """Loaded rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Title, status, spans."""
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        """True while rows beyond the loaded pages match."""
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        """Load the next page."""
        if parent.isValid() or self._ws is None:
            return
        page = self._page(len(self._rows))
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Title, status and span count as plain text."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return summary.title or "(untitled)"
            if column == 1:
                return STATUS_TEXT[summary.status]
            return str(summary.span_count)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return plain(summary.title or "(untitled)")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DOC_ID_ROLE:
            return summary.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return column_title(COLUMNS, section, orientation, role)


class ArticleListPanel(QWidget):
    """Search box, status filter and the list view (objectName "articleList").

    Signals:
        document_activated(int): the user chose a document in the list.
    """

    document_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel(parent=self)
        self.search = QLineEdit(self)
        self.search.setObjectName("articleSearch")
        self.search.setPlaceholderText("Search titles and text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.addItem("All", None)
        for status, text in STATUS_TEXT.items():
            self.status.addItem(text.capitalize(), status.value)
        self.view = QTreeView(self)
        self.view.setObjectName("articleList")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setModel(self.model)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 88)
        header.resizeSection(2, 48)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self._syncing = False
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def status_filter(self) -> DocStatus | None:
        """The chosen status, or None for all."""
        value = self.status.currentData()
        return DocStatus(value) if value else None

    def apply_filter(self) -> None:
        """Re-run the search and status filter now."""
        self._debounce.stop()
        current = self.current_doc_id()
        self.model.set_filter(self.search.text(), self.status_filter())
        if current is not None:
            self.select_document(current, fetch=False)

    def current_doc_id(self) -> int | None:
        """The document of the current row."""
        index = self.view.currentIndex()
        return self.model.doc_id(index.row()) if index.isValid() else None

    def select_document(self, doc_id: int, *, fetch: bool = True) -> None:
        """Make a document's row current without announcing it."""
        row = self.model.row_of(doc_id, fetch_up_to=5_000 if fetch else 0)
        self._syncing = True
        try:
            if row is None:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
            else:
                index = self.model.index(row, 0)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
        finally:
            self._syncing = False

    def neighbour(self, doc_id: int, step: int) -> int | None:
        """The document `step` rows away in the list as filtered, or None."""
        row = self.model.row_of(doc_id, fetch_up_to=5_000)
        if row is None:
            return None
        target = row + step
        if target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        return self.model.doc_id(target) if target >= 0 else None

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        doc_id = self.model.doc_id(current.row())
        if doc_id is not None:
            self.document_activated.emit(doc_id)
