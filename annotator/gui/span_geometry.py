"""Where spans sit on the article view's viewport: line rectangles of display ranges in the blocks in sight.

Only blocks in sight are laid out and measured, so a paint costs what the screen
shows, not what the article holds; a range out of sight gets an anchor on the
viewport's top or bottom edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextEdit


def _x(found: object) -> float:
    """The x of QTextLine.cursorToX, which PySide returns as (x, position)."""
    assert isinstance(found, tuple)
    return float(found[0])


def line_rects(block: QTextBlock, top: float, start: int, end: int) -> list[QRectF]:
    """Rectangles covering block-relative display range `[start, end)`, one per line, at block top `top`."""
    layout = block.layout()
    first = layout.lineForTextPosition(start)  # Qt finds the line in C++: a paint asks for thousands
    if not first.isValid():
        return []
    pos = layout.position()
    rects = []
    for i in range(first.lineNumber(), layout.lineCount()):
        line = layout.lineAt(i)
        ls, ll = line.textStart(), line.textLength()
        if ls >= end:
            break
        s, t = max(start, ls), min(end, ls + ll)
        if s >= t:
            continue
        x1 = _x(line.cursorToX(s))
        x2 = _x(line.cursorToX(t))
        rects.append(QRectF(pos.x() + x1, top + pos.y() + line.y(), x2 - x1, line.height()))
    return rects


@dataclass
class Sight:
    """The blocks in sight, with their top on the viewport, and the display positions they cover.

    Attributes:
        blocks: (block, top) in order.
        first, last: display positions of the first block's start and the last block's end.
        height: the viewport's height.
    """

    blocks: list[tuple[QTextBlock, float]]
    first: int
    last: int
    height: float

    @staticmethod
    def of(view: QPlainTextEdit) -> Sight:
        """The blocks of `view` in sight now."""
        offset = view.contentOffset()
        height = float(view.viewport().height())
        blocks: list[tuple[QTextBlock, float]] = []
        block = view.firstVisibleBlock()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            if block.isVisible():
                blocks.append((block, top))
            block = block.next()
        if not blocks:
            return Sight([], 0, -1, height)
        last_block = blocks[-1][0]
        return Sight(blocks, blocks[0][0].position(), last_block.position() + last_block.length(), height)

    def rects(self, start: int, end: int) -> list[QRectF]:
        """Line rectangles of display range `[start, end)` where it is in sight."""
        out: list[QRectF] = []
        if end <= self.first or start >= self.last:
            return out
        for block, top in self.blocks:
            base = block.position()
            if base >= end:
                break
            if base + block.length() <= start:
                continue
            out += line_rects(block, top, max(0, start - base), end - base)
        return out

    def above(self, pos: int) -> bool:
        """Whether display position `pos` lies above the blocks in sight."""
        return pos < self.first

    def edge_point(self, pos: int, x: float) -> QPointF:
        """A point on the top or bottom edge standing for a position out of sight."""
        return QPointF(x, -4.0 if self.above(pos) else self.height + 4.0)
