"""Coder lanes: each coder's spans of one article side by side, and a table of their values and relations.

Used by the curation mode (with a gold column and accepting) and by the disagreement
drill-down (read-only). What not every coder has is marked: a dashed outline in the text,
a tinted cell in the table.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollBar,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import DocStatus, LabelSchema
from annotator.gui.article_list import STATUS_TEXT
from annotator.gui.lane_rows import NONE, Marks, Pick, Row, lane_rows, marks
from annotator.gui.lane_view import DISPUTED, LaneView
from annotator.gui.plain import plain
from annotator.project.curation import Lanes

PICK_ROLE = Qt.ItemDataRole.UserRole + 7
LANE_MIN_WIDTH = 220
LANE_MIN_LINES = 6  # a lane is never so short that nothing of the article shows
TABLE_MIN_ROWS = 3
HEADER_MAX_WIDTH = 380
LEGEND = "Dashed outline or tinted cell: not every coder has it. Green dot: already in gold."


def _tint() -> QColor:
    colour = QColor(DISPUTED)
    colour.setAlpha(70)  # over the light or the dark page alike
    return colour


class LaneTable(QTableWidget):
    """The values, attributes and relations of each coder (and gold) in one table; Enter asks to accept.

    Signals:
        accept_requested(): Enter or a double click on a coder's cell.
    """

    accept_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("laneValues")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMaximumWidth(
            HEADER_MAX_WIDTH
        )  # long relation titles are cut (tooltip: whole)
        self.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cellDoubleClicked.connect(lambda _r, _c: self.accept_requested.emit())
        self.rows: list[Row] = []
        self.setMinimumHeight(self.verticalHeader().defaultSectionSize() * (TABLE_MIN_ROWS + 1) + 4)

    def set_rows(self, rows: list[Row], coders: tuple[str, ...], gold: str | None) -> None:
        """Show rows under a column per coder, then gold's (None: none); what not all coders share is tinted."""
        columns = [*coders, *([gold] if gold is not None else [])]
        self.rows = rows
        self.clear()
        self.setColumnCount(len(columns))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(columns)
        self.setVerticalHeaderLabels([r.name for r in rows])
        tint = _tint()
        for i, row in enumerate(rows):
            header = self.verticalHeaderItem(i)
            if header is not None:
                header.setToolTip(plain(row.name))
            for j, column in enumerate(columns):
                cell = row.cells.get(column)
                item = QTableWidgetItem(cell.text if cell else NONE)
                item.setToolTip(plain(f"{column}: {cell.text if cell else 'nothing'}"))
                if cell is not None and cell.pick is not None:
                    item.setData(PICK_ROLE, cell.pick)
                if not row.agreed and j < len(coders):
                    item.setBackground(tint)
                self.setItem(i, j, item)

    def pick(self) -> Pick | None:
        """The coder's entry of the current cell, or None."""
        item = self.currentItem()
        found = item.data(PICK_ROLE) if item is not None and item.isSelected() else None
        return found if isinstance(found, Pick) else None

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Enter asks to accept the current cell's entry."""
        if (
            e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and e.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.accept_requested.emit()
            e.accept()
            return
        super().keyPressEvent(e)


class CoderLanes(QWidget):
    """Each coder's lane (an article view of their spans) side by side, above the table of their other codings.

    Attributes:
        lanes: the lanes shown, or None.
        views: coder -> their lane's view.
        table: the values, attributes and relations.

    Signals:
        pick_did_change(): the curator selected another span or cell.
        accept_requested(): Enter in a lane or the table, or a double click on a cell.
    """

    pick_did_change = Signal()
    accept_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, gold_column: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("coderLanes")
        self.gold_column = gold_column
        self.lanes: Lanes | None = None
        self.gold = "gold"
        self.schema = LabelSchema()
        self.views: dict[str, LaneView] = {}
        self.headers: dict[str, QLabel] = {}
        self._pick: Pick | None = None
        self._syncing = False
        self.empty = QLabel("Open an article coded by several coders.", self)
        self.empty.setObjectName("lanesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.legend = QLabel(LEGEND, self)
        self.legend.setWordWrap(True)
        self.legend.setEnabled(False)  # greyed: an explanation, not content
        self.strip = QSplitter(Qt.Orientation.Horizontal, self)
        self.strip.setChildrenCollapsible(False)
        self.table = LaneTable(self)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.accept_requested.connect(self.accept_requested)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.strip)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.split = split
        self._shared = False  # the lanes' and the table's share of the height, set once it is known
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)
        self.set_lanes(None)

    def resizeEvent(self, e: QResizeEvent) -> None:
        """The first time the height is known, give the lanes two thirds of it (the splitter keeps it after)."""
        super().resizeEvent(e)
        self._share()

    def _share(self) -> None:
        height = self.split.height()
        if not self._shared and self.split.isVisible() and height > 0:
            self._shared = True
            self.split.setSizes([height * 2 // 3, height - height * 2 // 3])

    # --- content ---------------------------------------------------------------------

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours and variables from the project's codebook."""
        self.schema = schema
        for view in self.views.values():
            view.set_schema(schema)

    def set_lanes(self, lanes: Lanes | None, gold: str = "gold", message: str = "") -> None:
        """Show an article's lanes (None: `message`, or the default explanation)."""
        old, self.lanes, self.gold = self.lanes, lanes, gold
        if lanes is None or not lanes.coders:
            self._clear_views()
            self.empty.setText(message or "Open an article coded by several coders.")
            if lanes is not None and not message:
                self.empty.setText("No coder has annotated this article yet.")
            self.empty.show()
            self.split.hide()
            self.legend.hide()
            self._set_pick(None)
            return
        self.empty.hide()
        self.split.show()
        self.legend.show()
        if not self._shared:
            QTimer.singleShot(0, self._share)  # once the shown splitter has its height
        same = old is not None and old.document.id == lanes.document.id and old.coders == lanes.coders
        self._syncing = True  # laying the texts in moves the scroll bars: that is not the curator scrolling
        try:
            self._fill(lanes, same)
        finally:
            self._syncing = False
        shown = gold if self.gold_column else None
        self.table.set_rows(lane_rows(lanes, self.schema, shown), lanes.coders, shown)
        if not same or (self._pick is not None and self._pick.kind != "span"):
            self._set_pick(None)

    def _fill(self, lanes: Lanes, same: bool) -> None:
        found = marks(lanes)
        if not same:
            self._clear_views()
            for coder in lanes.coders:
                self._add_lane(coder)
        for coder, view in self.views.items():
            spans = list(lanes.codings[coder].decided())
            if same:
                view.set_spans(spans)
            else:
                view.set_article(lanes.document.text, spans)
            view.set_marks(
                frozenset(s.id for s in spans if s.id in found.disputed),
                frozenset(s.id for s in spans if s.id in found.in_gold),
            )
            self.headers[coder].setText(self._header(lanes, coder, found))

    def _header(self, lanes: Lanes, coder: str, found: Marks) -> str:
        coding = lanes.codings[coder]
        spans = coding.decided()
        disputed = sum(1 for s in spans if s.id in found.disputed)
        status = (
            STATUS_TEXT.get(coding.status, str(coding.status)) if coding.status != DocStatus.TODO else "to do"
        )
        return f"{coder} · {status} · {len(spans)} span(s), {disputed} not shared by all"

    def _add_lane(self, coder: str) -> None:
        lane = QWidget(self.strip)
        lane.setMinimumWidth(LANE_MIN_WIDTH)
        header = QLabel(lane)
        header.setObjectName("laneHeader")
        header.setTextFormat(Qt.TextFormat.PlainText)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        view = LaneView(coder, lane)
        view.setMinimumHeight(view.fontMetrics().lineSpacing() * LANE_MIN_LINES)
        view.set_schema(self.schema)
        view.span_clicked.connect(lambda span_id, c=coder: self._on_lane_clicked(c, span_id))
        view.accept_requested.connect(self.accept_requested)
        view.verticalScrollBar().valueChanged.connect(lambda _v, v=view: self._on_lane_scrolled(v))
        box = QVBoxLayout(lane)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(header)
        box.addWidget(view, 1)
        self.strip.addWidget(lane)
        self.views[coder] = view
        self.headers[coder] = header

    def _clear_views(self) -> None:
        for view in self.views.values():
            lane = view.parentWidget()
            if lane is not None:
                lane.hide()
                lane.deleteLater()
        self.views, self.headers = {}, {}

    # --- what the curator picked --------------------------------------------------------

    def pick(self) -> Pick | None:
        """The span or table entry the curator selected last, or None."""
        return self._pick

    def select_span(self, coder: str, span_id: str) -> None:
        """Select a coder's span in their lane (as a click on it does)."""
        view = self.views[coder]
        view.set_selected_span(span_id, scroll=True)
        self._on_lane_clicked(coder, span_id)

    def _set_pick(self, pick: Pick | None) -> None:
        if pick != self._pick:
            self._pick = pick
            self.pick_did_change.emit()

    def _on_lane_clicked(self, coder: str, span_id: str) -> None:
        for other, view in self.views.items():
            if other != coder:
                view.set_selected_span(None, scroll=False)
        if span_id:
            with QSignalBlocker(self.table):
                self.table.clearSelection()
        self._set_pick(Pick("span", coder, span_id) if span_id else None)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        pick = self.table.pick()
        if pick is not None:
            for view in self.views.values():
                view.set_selected_span(None, scroll=False)
        self._set_pick(pick)

    def _on_lane_scrolled(self, source_view: LaneView) -> None:
        """Keep the lanes at the same place in the text (the same share of it)."""
        # A lane on its way out (another article, the window closing) scrolls too: only shown lanes count.
        if self._syncing or not self.isVisible() or source_view not in self.views.values():
            return
        self._syncing = True
        try:
            source = source_view.verticalScrollBar()
            share = source.value() / source.maximum() if source.maximum() else 0.0
            for view in self.views.values():
                if view is not source_view and view.isVisible():
                    bar: QScrollBar = view.verticalScrollBar()
                    bar.setValue(round(share * bar.maximum()))
        finally:
            self._syncing = False
