"""The article text: read-only, highlighted, keyboard-first.

Positions cross the Qt boundary only through the `SpanIndex`'s PositionMap.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.quotes import Quotation, enclosing_quote, find_quotations
from annotator.core.types import LabelSchema, Origin, Relation, Span
from annotator.gui.codebook_versions import made_under
from annotator.gui.contrast import readable_on
from annotator.gui.highlighter import FALLBACK_COLOUR, SpanHighlighter
from annotator.gui.overlay import Geometry, Overlay
from annotator.gui.plain import plain
from annotator.gui.reading import Reading, SpacedLayout, apply_reading, fit_measure
from annotator.gui.span_delta import SpanDelta
from annotator.gui.span_geometry import Sight, line_rects
from annotator.gui.span_index import SpanIndex

HOTKEYS = frozenset("123456789")
EAGER_CHARS = 20_000  # highlighted when an article opens; the rest as it scrolls into sight
HOLD_MS = 100  # a label key's cleared selection waits this long at most for the new span
MAX_BARS = 2  # more would cover the glyphs: a line has only its descent free below the text
BAR_HEIGHT = 1.8
OUTLINE_ON_LIGHT, OUTLINE_ON_DARK = "#202020", "#FFFFFF"
OUTLINE_WIDTH = 1.2


def span_tooltip(spans: list[Span], current_version: int | None = None) -> str:
    """Tooltip for the spans under the mouse: labels, annotators, codebook versions and notes, shown literally."""
    parts = []
    for span in spans:
        who = span.annotator or "imported, no annotator"
        line = f"{span.label} — {who}"
        if span.origin is not Origin.SUGGESTED:
            line += f"\n{made_under(span.codebook_version, current_version)}"
        if span.note:
            line += f"\nNote: {span.note}"
        parts.append(line)
    return plain("\n\n".join(parts))


class ArticleView(QPlainTextEdit):
    """Shows one article's text with its spans; turns keys and clicks into requests.

    Signals:
        label_key_pressed(str): a label hotkey ("1".."9") was pressed.
        delete_pressed(): Delete or Backspace was pressed.
        span_clicked(str): a click landed on a span (its id) or on plain text ("").
        enter_pressed(): Enter was pressed (accepts a suggestion; the coding modes take it first).

    Attributes:
        current_version: the project's codebook version, for the tooltips ("made under v1 (now v3)").
    """

    label_key_pressed = Signal(str)
    delete_pressed = Signal()
    span_clicked = Signal(str)
    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        document = QTextDocument(self)
        self.spacing = SpacedLayout(document)
        document.setDocumentLayout(self.spacing)
        self.setDocument(document)
        document.setDocumentMargin(12)
        self.reading = Reading(line_height=1.0, paragraph_spacing=0.0, max_chars=0)
        self.index = SpanIndex("")
        self.highlighter = SpanHighlighter(self.document(), self.index)
        self._selected: str | None = None
        self.current_version: int | None = None
        self.overlay = Overlay()
        self._hold = QTimer(self)  # ends a paint held by clear_selection(until_change=True)
        self._hold.setSingleShot(True)
        self._hold.timeout.connect(self._release)
        self._quotations: tuple[str, list[Quotation]] | None = None
        self.verticalScrollBar().valueChanged.connect(self._highlight_visible)

    # --- content -----------------------------------------------------------

    def set_schema(self, schema: LabelSchema) -> None:
        """Take label colours from the project's schema."""
        self.highlighter.set_schema(schema)
        self.highlighter.rehighlight()
        self._highlight_visible()

    def set_article(self, text: str, spans: list[Span]) -> None:
        """Show a text with its spans (the first screen highlighted at once, the rest as it comes into sight)."""
        self._selected = None
        index = self.index = SpanIndex(text, spans)
        self.highlighter.set_index(index)
        self.setPlainText(text)
        self.highlighter.text_laid_in(index.block_of(EAGER_CHARS))

    def set_keep(self, keep: Callable[[Span], bool] | None) -> None:
        """Dim the spans a codebook-version filter leaves out (None: show every span in full colour)."""
        self.highlighter.set_keep(keep)
        self._highlight_visible()
        self.viewport().update()

    def _highlight_visible(self) -> None:
        """Highlight the blocks in sight that the opening pass left for later."""
        pending = self.highlighter.pending
        if not pending:
            return
        block = self.firstVisibleBlock()
        first = block.blockNumber()
        height = self.viewport().height()
        # The visible blocks, and as many again below, so the next page is ready too.
        last = first
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid() and top <= 2 * height:
            last = block.blockNumber()
            top += self.blockBoundingRect(block).height()
            block = block.next()
        wanted = {b for b in range(max(0, first - 2), last + 1) if b in pending}
        if wanted:
            self.highlighter.rehighlight_blocks(wanted)

    def resizeEvent(self, e: QResizeEvent) -> None:
        """Keep the text column centred; highlight blocks that a larger view brings into sight."""
        super().resizeEvent(e)
        fit_measure(self, self.reading.max_chars)
        self._highlight_visible()

    def set_reading(self, reading: Reading) -> None:
        """Lay the text out for reading (line height, paragraph spacing, measure, font)."""
        self.reading = reading
        apply_reading(self, self.spacing, reading)
        self._highlight_visible()

    def set_spans(self, spans: list[Span]) -> None:
        """Update the spans; only the blocks they touch are highlighted again."""
        self._spans_changed(self.index.set_spans(spans))

    def apply_spans(self, delta: SpanDelta) -> None:
        """Apply one change of the spans; only the blocks it touches are highlighted again."""
        self._spans_changed(self.index.apply(delta))

    def _spans_changed(self, touched: set[int]) -> None:
        self._release()
        if self._selected is not None and self.index.get(self._selected) is None:
            self._selected = None
        self.highlighter.rehighlight_blocks(touched)
        self.viewport().update()

    # --- selection ---------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        pm = self.index.positions
        return pm.to_code_point(cursor.selectionStart()), pm.to_code_point(cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select `[start, end)` in code points."""
        s, e = self.index.positions.span_to_display(start, end)
        cursor = self.textCursor()
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def caret(self) -> int:
        """The caret's position in code points."""
        return self.index.positions.to_code_point(self.textCursor().position())

    def quotation_around(self) -> tuple[int, int] | None:
        """The quotation enclosing the selection or caret (a selection that is one already: the next out)."""
        text = self.index.text
        if self._quotations is None or self._quotations[0] is not text:
            self._quotations = (text, find_quotations(text))
        selected = self.selected_range()
        start, end = selected if selected else (self.caret(), self.caret())
        return enclosing_quote(text, start, end, strict=selected is not None, quotations=self._quotations[1])

    def clear_selection(self, *, until_change: bool = False) -> None:
        """Drop the text selection, keeping the caret where it was.

        With `until_change` the screen goes on showing the selection until the spans next
        change (at most HOLD_MS): a label key's new span and the selection it replaces then
        reach the screen in one paint, instead of a paint of the text without either first.
        """
        cursor = self.textCursor()
        if cursor.hasSelection():
            if until_change:
                self.viewport().setUpdatesEnabled(False)
                self._hold.start(HOLD_MS)
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def _release(self) -> None:
        """Paint again after `clear_selection(until_change=True)` (the whole view, once)."""
        self._hold.stop()
        if not self.viewport().updatesEnabled():
            self.viewport().setUpdatesEnabled(True)

    @property
    def selected_span(self) -> str | None:
        """The id of the outlined span, or None."""
        return self._selected

    def set_selected_span(self, span_id: str | None, *, scroll: bool = True) -> None:
        """Outline a span (and scroll to it), or none."""
        self._selected = span_id if span_id and self.index.get(span_id) else None
        if self._selected and scroll:
            s, e = self.index.display_range(self._selected)
            cursor = self.textCursor()
            cursor.clearSelection()
            cursor.setPosition(e)
            self.setTextCursor(cursor)
            cursor.setPosition(s)
            self.setTextCursor(cursor)
        self.viewport().update()

    # --- input -------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        """Keep Delete for the view; leave PageUp/PageDown to the window's article navigation."""
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (
                e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and mods == Qt.KeyboardModifier.NoModifier
            ):
                e.accept()
                return True
            if e.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and mods == Qt.KeyboardModifier.NoModifier:
                e.ignore()
                return False
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            spans = self._spans_at_point(e.pos())
            if spans:
                QToolTip.showText(e.globalPos(), span_tooltip(spans, self.current_version), self.viewport())
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Label hotkeys, Delete and Escape; everything else moves the caret as usual."""
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if e.text() in HOTKEYS and len(e.text()) == 1:
                self.label_key_pressed.emit(e.text())
                e.accept()
                return
            if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_pressed.emit()
                e.accept()
                return
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.enter_pressed.emit()
                e.accept()
                return
            if e.key() == Qt.Key.Key_Escape:
                self.clear_selection()
                self.span_clicked.emit("")
                e.accept()
                return
        super().keyPressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        """A click without a drag selects the span under the mouse (again: the next outer one)."""
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        spans = self._spans_at_point(e.position().toPoint())
        if not spans:
            self.span_clicked.emit("")
            return
        ids = [s.id for s in spans]
        if self._selected in ids:
            self.span_clicked.emit(ids[(ids.index(self._selected) + 1) % len(ids)])
        else:
            self.span_clicked.emit(ids[0])

    def _spans_at_point(self, point: QPoint) -> list[Span]:
        pos = self.char_at_point(point)
        return [] if pos is None else self.index.spans_at_display(pos)

    def char_at_point(self, point: QPoint) -> int | None:
        """The display position of the character under a viewport point, or None over empty space."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        # cursorForPosition gives the nearest gap, even far below the text or right of a line's
        # end: the character hit is the one left or right of that gap whose box holds the point.
        for candidate in (pos - 1, pos):
            if candidate < 0 or candidate >= self.document().characterCount() - 1:
                continue
            left, right = self.textCursor(), self.textCursor()
            left.setPosition(candidate)
            right.setPosition(candidate + 1)
            a, b = self.cursorRect(left), self.cursorRect(right)
            if a.top() != b.top():  # the character ends a line (or is a block break): its box ends there
                b = a.adjusted(self.fontMetrics().averageCharWidth(), 0, 0, 0)
            if a.top() <= point.y() <= a.bottom() and a.x() <= point.x() < max(b.x(), a.x() + 1):
                return candidate
        return None

    # --- painting ----------------------------------------------------------

    def set_relations(self, relations: tuple[Relation, ...]) -> None:
        """The open article's relations, drawn for the selected span."""
        self.overlay.relations = relations
        self.viewport().update()

    def overlay_geometry(self) -> Geometry:
        """What the overlay draws now (viewport coordinates): arcs, connectors, related outlines."""
        return self.overlay.geometry(self.index, Sight.of(self), self._selected)

    def paintEvent(self, e: QPaintEvent) -> None:
        """Paint the text, then overlap bars, the selected span's outline and the overlay in sight."""
        super().paintEvent(e)
        if not len(self.index) and not self.overlay.parts and not self.overlay.hits:
            return
        painter = QPainter(self.viewport())
        try:
            sight = Sight.of(self)
            for block, top in sight.blocks:
                self._paint_bars(painter, block, top)
            selected = self.index.get(self._selected) if self._selected else None
            if selected is not None and selected.origin is not Origin.SUGGESTED:
                self._paint_outline(painter, sight)  # a selected suggestion is drawn by the overlay
            colours = {name: self.highlighter.colour(name) for name in self.highlighter.names()}
            geometry = self.overlay.geometry(self.index, sight, self._selected)
            self.overlay.paint(painter, geometry, self.palette(), colours)
        finally:
            painter.end()

    def _outline_pens(self) -> tuple[QPen, QPen]:
        """The selected span's outline: an outer ring seen on the page, an inner one on the label colour."""
        span = self.index.get(self._selected) if self._selected else None
        colour = self.highlighter.colour(span.label) if span else QColor(FALLBACK_COLOUR)
        # Label colours may be light or dark, and the page light or dark: one ring for each side.
        outer = QPen(self.palette().color(QPalette.ColorRole.Text))
        inner = QPen(
            QColor(OUTLINE_ON_LIGHT) if readable_on(colour).lightness() < 128 else QColor(OUTLINE_ON_DARK)
        )
        outer.setWidthF(OUTLINE_WIDTH)
        inner.setWidthF(OUTLINE_WIDTH)
        return outer, inner

    def _paint_bars(self, painter: QPainter, block: QTextBlock, top: float) -> None:
        number = block.blockNumber()
        if not self.index.block_has_spans(number):
            return
        for seg in self.index.block_segments(number):
            if len(seg.spans) < 2:
                continue
            for rect in line_rects(block, top, seg.start, seg.end):
                for k, span in enumerate(seg.spans[1 : MAX_BARS + 1]):
                    bar = QRectF(
                        rect.left(),
                        rect.bottom() - (k + 1) * (BAR_HEIGHT + 0.4),
                        rect.width(),
                        BAR_HEIGHT,
                    )
                    dim = self.highlighter.dims(span)
                    colour = (
                        self.highlighter.dimmed(span.label) if dim else self.highlighter.colour(span.label)
                    )
                    painter.fillRect(bar, colour if dim else colour.darker(135))

    def _paint_outline(self, painter: QPainter, sight: Sight) -> None:
        assert self._selected is not None
        outer, inner = self._outline_pens()
        half = OUTLINE_WIDTH / 2
        for s, e in self.index.display_pieces(self._selected):
            for rect in sight.rects(s, e):
                painter.setPen(outer)
                painter.drawRect(rect.adjusted(-half, -half, half, half))
                painter.setPen(inner)
                painter.drawRect(rect.adjusted(half, half, -half, -half))
