"""One coder's lane: their spans of the article, read-only, with agreement marked on the text."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from annotator.gui.article_view import ArticleView
from annotator.gui.span_geometry import Sight

# Okabe–Ito vermillion and bluish green: told apart by colour-blind readers, seen on light and dark pages.
DISPUTED = QColor("#D55E00")
IN_GOLD = QColor("#009E73")
MARK_WIDTH = 1.6
DOT = 5.0


class LaneView(ArticleView):
    """An article view of one coder's spans: spans not every coder has are outlined, dashed; gold's get a dot.

    Attributes:
        coder: whose spans it shows.
        disputed: ids of the spans not every coder has.
        in_gold: ids of the spans gold already has.

    Signals:
        accept_requested(): Enter was pressed (accept the selected span into gold).
    """

    accept_requested = Signal()

    def __init__(self, coder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("laneView")
        self.coder = coder
        self.disputed: frozenset[str] = frozenset()
        self.in_gold: frozenset[str] = frozenset()
        # Nothing connects the label keys or Delete of a lane: it only shows and selects.
        self.span_clicked.connect(self._on_span_clicked)

    def set_marks(self, disputed: frozenset[str], in_gold: frozenset[str]) -> None:
        """Which spans to mark as disputed and as already in gold."""
        self.disputed, self.in_gold = disputed, in_gold
        self.viewport().update()

    def _on_span_clicked(self, span_id: str) -> None:
        self.set_selected_span(span_id or None, scroll=False)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Enter asks to accept the selected span; other keys only move and select."""
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not e.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self.accept_requested.emit()
            e.accept()
            return
        if e.text() and e.text() in "123456789" and e.modifiers() == Qt.KeyboardModifier.NoModifier:
            e.ignore()  # no labelling in a lane
            return
        super().keyPressEvent(e)

    def paintEvent(self, e: QPaintEvent) -> None:
        """The article view's painting, then the agreement marks of the spans in sight."""
        super().paintEvent(e)
        if not (self.disputed or self.in_gold) or not len(self.index):
            return
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            sight = Sight.of(self)
            pen = QPen(DISPUTED)
            pen.setWidthF(MARK_WIDTH)
            pen.setStyle(Qt.PenStyle.DashLine)
            for span_id in self.disputed:
                if self.index.get(span_id) is None:
                    continue
                for s, end in self.index.display_pieces(span_id):
                    for rect in sight.rects(s, end):
                        painter.setPen(pen)
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        painter.drawRect(rect.adjusted(-2, -1, 2, 1))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(IN_GOLD)
            for span_id in self.in_gold:
                if self.index.get(span_id) is None:
                    continue
                pieces = self.index.display_pieces(span_id)
                rects = sight.rects(*pieces[0]) if pieces else []
                if rects:
                    first = rects[0]
                    painter.drawEllipse(QRectF(first.left() - DOT / 2, first.top() - DOT / 2, DOT, DOT))
        finally:
            painter.end()
