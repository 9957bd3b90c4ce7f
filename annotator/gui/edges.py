"""Moving a selected span's edges: from the keyboard (by word, or by character with snapping off) and by dragging.

The view reports an edge drag as (span, side, position); the keys ask for the next
word edge. Either is one `move_edge` operation, undone as one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QCursor, QMouseEvent

from annotator.core.changes import Changes
from annotator.core.spans import next_word_edge, snap_to_words
from annotator.core.types import Origin, Span
from annotator.gui import ops
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding

GRAB = 4  # pixels either side of an edge where a press grabs it


def next_character(text: str, pos: int, direction: int) -> int:
    """The position one character away, never between a letter and its combining marks."""
    step = 1 if direction > 0 else -1
    at = max(0, min(len(text), pos + step))
    while 0 < at < len(text) and unicodedata.category(text[at]).startswith("M"):
        at += step
    return at


class EdgeEditor(QObject):
    """Moves the selected span's start or end, by key or by a drag on the edge in the text."""

    def __init__(self, coding: Coding, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coding = coding
        self.article = coding.article
        self.view = view
        self._drag: tuple[str, str] | None = None  # (span id, "start" | "end") while dragging
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)

    # --- keys --------------------------------------------------------------------------

    def step(self, side: str, direction: int) -> None:
        """Move the selected span's start or end one word (one character with snapping off)."""
        span, document = self.article.selected_span(), self.article.document
        if span is None or document is None:
            self.coding.message.emit("Select an annotation first, then move its edges.")
            return
        text, now = document.text, span.start if side == "start" else span.end
        if self.coding.snap:
            target = next_word_edge(text, now, direction, edge=side)
        else:
            target = next_character(text, now, direction)
        self.move(span, side, target)

    def move(self, span: Span, side: str, target: int) -> None:
        """Move one edge of a span to `target` (code points), as one operation."""
        if self.coding.refuse_if_read_only():
            return
        if span.origin == Origin.SUGGESTED:
            if self.coding.correct_suggestion is not None:  # moving a suggestion's edge accepts it corrected
                self.coding.correct_suggestion(
                    span, **({"start": target} if side == "start" else {"end": target})
                )
            return
        pieces = list(span.pieces())
        if side == "start":
            pieces[0] = (target, pieces[0][1])
        else:
            pieces[-1] = (pieces[-1][0], target)
        if pieces[0][0] >= pieces[0][1] or pieces[-1][0] >= pieces[-1][1]:
            self.coding.message.emit("An annotation keeps at least one character.")
            return
        if (pieces[0][0], pieces[-1][1]) == (span.start, span.end):
            return
        fresh = replace(
            span, start=pieces[0][0], end=pieces[-1][1], fragments=tuple(pieces) if len(pieces) > 1 else ()
        )
        work = ops.move_edge(span.id, **({"start": target} if side == "start" else {"end": target}))

        def done(changes: Changes) -> None:
            self.article.patch(change=self.article.as_stored(changes, fresh))
            self.coding.said(changes)

        self.coding.runner.run(work, on_done=done, on_error=self.coding.report, initiator=self.article)

    # --- the mouse -----------------------------------------------------------------------

    def edge_at(self, point: QPoint) -> str | None:
        """ "start" or "end" when a viewport point is on the selected span's first or last edge."""
        span_id = self.article.selected
        if span_id is None or self.view.index.get(span_id) is None:
            return None
        pieces = self.view.index.display_pieces(span_id)
        for side, pos in (("start", pieces[0][0]), ("end", pieces[-1][1])):
            cursor = self.view.textCursor()
            cursor.setPosition(pos)
            rect = self.view.cursorRect(cursor)
            if abs(point.x() - rect.x()) <= GRAB and rect.top() <= point.y() <= rect.bottom():
                return side
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A press on an edge starts a drag; the release there moves the edge."""
        if not isinstance(event, QMouseEvent) or watched is not self._viewport:
            return False
        point = event.position().toPoint()
        kind = event.type()
        if kind == QEvent.Type.MouseMove and self._drag is None:
            shape = Qt.CursorShape.SizeHorCursor if self.edge_at(point) else Qt.CursorShape.IBeamCursor
            self.view.viewport().setCursor(QCursor(shape))
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            side = self.edge_at(point)
            if side is not None and self.article.selected is not None:
                self._drag = (self.article.selected, side)
                return True
        if kind == QEvent.Type.MouseMove and self._drag is not None:
            self._preview(*self._drag, point)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            span_id, side = self._drag
            self._drag = None
            self.view.clear_selection()
            self._drop(span_id, side, point)
            return True
        return False

    def _preview(self, span_id: str, side: str, point: QPoint) -> None:
        """Show where the edge would go as the text selection from the other edge to the mouse."""
        if self.view.index.get(span_id) is None:
            return
        pieces = self.view.index.display_pieces(span_id)
        anchor = pieces[-1][1] if side == "start" else pieces[0][0]
        cursor = self.view.textCursor()
        cursor.setPosition(anchor)
        cursor.setPosition(self.view.cursorForPosition(point).position(), cursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def _drop(self, span_id: str, side: str, point: QPoint) -> None:
        span, document = self.article.selected_span(), self.article.document
        if span is None or span.id != span_id or document is None:
            return
        gap = self.view.cursorForPosition(point).position()
        target = self.view.index.positions.to_code_point(gap)
        if self.coding.snap:
            start, end = snap_to_words(document.text, target, target)
            target = start if side == "start" else end
        self.move(span, side, target)
