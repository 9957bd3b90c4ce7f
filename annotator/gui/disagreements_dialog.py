"""The disagreement drill-down: the articles where the coders disagree on one row, and each coder's lane of one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import LabelSchema
from annotator.gui import ops
from annotator.gui.coder_lanes import CoderLanes
from annotator.gui.lane_rows import shown_value
from annotator.gui.plain import plain
from annotator.gui.runner import OperationRunner
from annotator.gui.window_words import for_window
from annotator.project.curation import Lanes
from annotator.project.reliability import AgreementOptions, DisagreementRow

DOC_ROLE = Qt.ItemDataRole.UserRole + 1


class DisagreementsDialog(QDialog):
    """The articles where the coders disagree on a variable, attribute or span label, side by side.

    Attributes:
        name: the agreement row (a variable, "TOPICS=economy", a span label, "SOURCE.type").
        rows: the articles found, once read.
        articles: the list of them (objectName "disagreementList").
        lanes: the coders' lanes of the selected article.
        open_in_window: called with an article id (the window opens it).
    """

    def __init__(
        self, runner: OperationRunner, schema: LabelSchema, project: int, name: str, options: AgreementOptions,
        open_in_window: Callable[[int], object], parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("disagreementsDialog")
        self.setWindowTitle(f"Disagreements: {name}")
        self.runner, self.name, self.options = runner, name, options
        self.open_in_window = open_in_window
        self.rows: list[DisagreementRow] = []
        self.title = QLabel(f"Reading the articles where the coders disagree on {name}…", self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.articles = QTableWidget(self)
        self.articles.setObjectName("disagreementList")
        self.articles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.articles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.articles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.articles.verticalHeader().hide()
        self.articles.setWordWrap(False)
        self.articles.itemSelectionChanged.connect(self._on_articles_selection_changed)
        self.lanes = CoderLanes(self, gold_column=False)
        self.lanes.set_schema(schema)
        self.lanes.set_lanes(None, options.gold, "Select an article on the left.")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.articles)
        split.addWidget(self.lanes)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        self.open_button = QPushButton("&Open in the window", self)
        self.open_button.setObjectName("disagreementOpen")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_clicked)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(1200, 720)
        runner.query(
            ops.disagreements(project, name, options), on_done=self.show_rows, on_error=self._on_failed,
            key=f"disagreements-{name}",
        )  # fmt: skip

    def show_rows(self, rows: list[DisagreementRow]) -> None:
        """List the articles found (the first one selected)."""
        self.rows = rows
        coders = list(dict.fromkeys(c for r in rows for c in r.values))
        spans = bool(rows) and "=" not in self.name and "." not in self.name and self._counts(rows)
        self.title.setText(
            f"{len(rows):,} article(s) where the coders disagree on {self.name}"
            + (" (the number of spans each coder made; some span has no exact twin)" if spans else "")
            if rows
            else f"The coders agree on {self.name} in every article compared."
        )
        self.articles.clear()
        self.articles.setColumnCount(1 + len(coders))
        self.articles.setRowCount(len(rows))
        self.articles.setHorizontalHeaderLabels(["Article", *coders])
        for i, row in enumerate(rows):
            title = QTableWidgetItem(row.title or "(untitled)")
            title.setToolTip(plain(row.title or "(untitled)"))
            title.setData(DOC_ROLE, row.doc_id)
            self.articles.setItem(i, 0, title)
            for j, coder in enumerate(coders, start=1):
                value = row.values.get(coder)
                self.articles.setItem(i, j, QTableWidgetItem(shown_value(value)))
        header = self.articles.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if rows:
            self.articles.selectRow(0)

    @staticmethod
    def _counts(rows: list[DisagreementRow]) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool) for r in rows for v in r.values.values())

    def selected(self) -> DisagreementRow | None:
        """The selected article's row."""
        found = self.articles.selectionModel().selectedRows()
        return self.rows[found[0].row()] if found and found[0].row() < len(self.rows) else None

    @Slot()
    def _on_articles_selection_changed(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        if row is None:
            return
        doc_id, where = row.doc_id, row.where

        def done(lanes: Lanes) -> None:
            current = self.selected()
            if current is not None and current.doc_id == doc_id:
                self.lanes.set_lanes(lanes, self.options.gold)
                if where is not None:
                    self._select_at(lanes, where)

        coders = self.options.coders or None
        self.runner.query(
            ops.lanes(doc_id, self.options.gold, coders), on_done=done, key="disagreement-lanes"
        )

    def _select_at(self, lanes: Lanes, where: tuple[int, int]) -> None:
        """Outline, in each lane, the span whose attribute is disputed (its first piece is `where`)."""
        label = self.name.partition(".")[0]
        for coder in lanes.coders:
            span = next(
                (s for s in lanes.codings[coder].decided() if s.label == label and s.pieces()[0] == where),
                None,
            )
            if span is not None and coder in self.lanes.views:
                self.lanes.views[coder].set_selected_span(span.id, scroll=True)

    def _on_failed(self, error: Exception) -> None:
        self.title.setText(for_window(str(error)))

    @Slot()
    def _on_open_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_in_window(row.doc_id)
