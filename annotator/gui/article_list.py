"""The article list: a table model whose pages are read on the worker (placeholder rows meanwhile), and its panel."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.changes import Changes
from annotator.core.types import DocStatus, DocumentSummary
from annotator.gui import ops
from annotator.gui.assignment_scope import AssignmentScope
from annotator.gui.headers import column_title
from annotator.gui.plain import plain
from annotator.gui.runner import OperationRunner
from annotator.gui.version_scope import VersionScope
from annotator.project import ListFilter

PAGE = 200
STATUS_TEXT = {
    DocStatus.TODO: "to do",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
    DocStatus.SKIPPED: "skipped",
}
COLUMNS = ("Title", "Status", "Spans")
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "…"

Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractTableModel):
    """Rows of `DocumentSummary` for one project, coder and filter; every row counted, pages read as seen.

    Signals:
        list_did_load(): the row count of a new configuration arrived.
        page_did_load(): a page of rows arrived.
    """

    list_did_load = Signal()
    page_did_load = Signal()

    def __init__(self, runner: OperationRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._project: int | None = None
        self._annotator = ""
        self._filter = ListFilter()
        self._rows: dict[int, DocumentSummary] = {}
        self._asked: set[int] = set()  # pages requested and not yet arrived
        self._total = 0
        self._generation = 0  # results of an earlier configuration are dropped
        runner.operation_did_execute.connect(self._on_runner_executed)

    # --- configuration -------------------------------------------------------------

    def configure(self, project: int | None, annotator: str, where: ListFilter = ListFilter()) -> None:
        """Show another project, coder or filter: the count is read now, the rows as they come into sight."""
        self._generation += 1
        generation = self._generation
        self._project, self._annotator, self._filter = project, annotator, where
        if project is None:
            self._reset(0)
            self.list_did_load.emit()
            return

        def counted(result: tuple[int, list[DocumentSummary]]) -> None:
            if generation == self._generation:
                total, first = result
                self._reset(total)
                self._rows = dict(enumerate(first))
                self.list_did_load.emit()
                self.page_did_load.emit()

        # The count and the first page in one read: the list paints its first rows at once.
        self._runner.query(ops.first_page(project, annotator, where, PAGE), on_done=counted, key="list-count")

    def _reset(self, total: int) -> None:
        self.beginResetModel()
        self._rows, self._asked, self._total = {}, set(), total
        self.endResetModel()

    def reload(self) -> None:
        """Read the list again with the same configuration."""
        self.configure(self._project, self._annotator, self._filter)

    @property
    def total(self) -> int:
        """How many documents match the filter (loaded or not)."""
        return self._total

    @property
    def project(self) -> int | None:
        """The project shown."""
        return self._project

    @property
    def annotator(self) -> str:
        """Whose statuses and spans the rows count."""
        return self._annotator

    @property
    def where(self) -> ListFilter:
        """The search and status filter shown."""
        return self._filter

    def _ask(self, page: int) -> None:
        if self._project is None or page in self._asked or page * PAGE >= self._total:
            return
        self._asked.add(page)
        generation = self._generation

        def loaded(rows: list[DocumentSummary]) -> None:
            if generation != self._generation:
                return
            self._asked.discard(page)
            first = page * PAGE
            for i, summary in enumerate(rows):
                self._rows[first + i] = summary
            if rows:
                last = min(first + len(rows), self._total) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.page_did_load.emit()

        work = ops.page(self._project, self._annotator, self._filter, page * PAGE, PAGE)
        self._runner.query(work, on_done=loaded)

    # --- lookups -------------------------------------------------------------------

    def doc_id(self, row: int) -> int | None:
        """The document id of a loaded row."""
        summary = self._rows.get(row)
        return summary.id if summary else None

    def summary(self, row: int) -> DocumentSummary | None:
        """What a loaded row shows (title, status, span count), or None before its page arrived."""
        return self._rows.get(row)

    def loaded_row_of(self, doc_id: int) -> int | None:
        """The row of a document among the loaded rows."""
        return next((row for row, s in self._rows.items() if s.id == doc_id), None)

    def refresh_documents(self, doc_ids: frozenset[int]) -> None:
        """Re-read the loaded rows of these documents (status, span count) in one query."""
        wanted = frozenset(d for d in doc_ids if self.loaded_row_of(d) is not None)
        if self._project is None or not wanted:
            return
        generation = self._generation

        def fresh(rows: list[DocumentSummary]) -> None:
            if generation != self._generation:
                return
            for summary in rows:
                row = self.loaded_row_of(summary.id)
                if row is not None:
                    # A row that no longer matches the filter stays until the filter changes,
                    # so the list does not jump under the user's eyes.
                    self._rows[row] = summary
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

        self._runner.query(ops.summaries(self._project, self._annotator, wanted), on_done=fresh)

    def _on_runner_executed(self, changes: Changes, _initiator: object) -> None:
        if changes.documents or changes.projects:
            self.reload()
        elif changes.touched():
            self.refresh_documents(changes.touched())

    # --- Qt model ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """Every matching row (loaded or not)."""
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """Title, status, spans."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Title, status and span count as plain text; a placeholder until the row's page arrives."""
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        summary = self._rows.get(index.row())
        if summary is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._ask(index.row() // PAGE)
                return LOADING if index.column() == 0 else ""
            return None
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
        filter_did_change(): the search or status filter changed.
    """

    document_activated = Signal(int)
    filter_did_change = Signal()

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.model = ArticleListModel(runner, self)
        self.search = QLineEdit(self)
        self.search.setObjectName("articleSearch")
        self.search.setPlaceholderText("Search titles and text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.addItem("All", None)
        for status, text in STATUS_TEXT.items():
            self.status.addItem(text.capitalize(), status.value)
        self.scope = AssignmentScope(runner, self)  # the coder's assignment, or all articles
        self.versions = VersionScope(self)  # coded before the current codebook version, or any
        # A table, not a tree: QTreeView lays out an item per row (100,000 calls into the model
        # for a large project), QTableView only the rows in sight.
        self.view = QTableView(self)
        self.view.setObjectName("articleList")
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
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
        self.scope.scope_did_change.connect(self.apply_filter)
        self.versions.scope_did_change.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self.model.list_did_load.connect(self._on_model_list_loaded)
        self.model.page_did_load.connect(self._on_model_page_loaded)
        self._syncing = False
        self._current: int | None = None  # the article shown, to keep its row current
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        scopes = QHBoxLayout()  # their own row: the search box keeps its width
        scopes.setContentsMargins(0, 0, 0, 0)
        scopes.addWidget(self.scope.combo, 1)
        scopes.addWidget(self.versions.combo, 1)
        layout.addLayout(scopes)
        layout.addWidget(self.view, 1)

    def status_filter(self) -> DocStatus | None:
        """The chosen status, or None for all."""
        value = self.status.currentData()
        return DocStatus(value) if value else None

    def list_filter(self) -> ListFilter:
        """The search, status, assignment and codebook version the list is filtered by."""
        return ListFilter(
            self.search.text().strip() or None,
            self.status_filter(),
            self.scope.assigned_to(),
            self.versions.before_version(),
        )

    def configure(self, project: int | None, annotator: str) -> None:
        """Show a project's articles for a coder, with the panel's filter (their assignment when they have one)."""
        self.scope.check(
            project, annotator, lambda: self.model.configure(project, annotator, self.list_filter())
        )

    def apply_filter(self) -> None:
        """Re-run the search and status filter now."""
        self._debounce.stop()
        if self.list_filter() != self.model.where:
            self.model.configure(self.model.project, self.model.annotator, self.list_filter())
            self.filter_did_change.emit()

    def select_document(self, doc_id: int | None) -> None:
        """Make a document's row current (its page is read if needed) without announcing it."""
        self._current = doc_id
        if doc_id is None or self.model.project is None:
            self._set_row(None)
            return
        row = self.model.loaded_row_of(doc_id)
        if row is not None:
            self._set_row(row)
            return
        model = self.model
        project = model.project
        if project is None:
            return

        def found(row: int | None) -> None:
            if self._current == doc_id:
                self._set_row(row)

        self._runner.query(
            ops.row_of(project, doc_id, model.annotator, model.where), on_done=found, key="list-row"
        )

    def _set_row(self, row: int | None) -> None:
        self._syncing = True
        try:
            if row is None or row >= self.model.rowCount():
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
            else:
                index = self.model.index(row, 0)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
        finally:
            self._syncing = False

    def _on_model_list_loaded(self) -> None:
        self.select_document(self._current)

    def _on_model_page_loaded(self) -> None:
        if self._current is not None and self.current_doc_id() != self._current:
            row = self.model.loaded_row_of(self._current)
            if row is not None:
                self._set_row(row)

    def current_doc_id(self) -> int | None:
        """The document of the current row."""
        index = self.view.currentIndex()
        return self.model.doc_id(index.row()) if index.isValid() else None

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        doc_id = self.model.doc_id(current.row())
        if doc_id is not None:
            self._current = doc_id
            self.document_activated.emit(doc_id)
