"""Line rectangles of display ranges, against what Qt itself says of each position."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from annotator.gui.span_geometry import line_rects


def _wrapped_view(qtbot) -> QPlainTextEdit:  # type: ignore[no-untyped-def]
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.resize(220, 400)
    words = " ".join(f"word{i}" for i in range(60))
    view.setPlainText(words)
    view.show()
    qtbot.waitExposed(view)
    return view


def _line_holding(layout, position: int) -> int | None:  # type: ignore[no-untyped-def]
    """The number of the line whose text holds `position` (None: past the last line's text)."""
    line = layout.lineForTextPosition(position)
    return line.lineNumber() if position < line.textStart() + line.textLength() else None


def test_one_rectangle_per_line_the_range_touches(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _wrapped_view(qtbot)
    block = view.document().firstBlock()
    layout = block.layout()
    assert layout.lineCount() > 4, "the paragraph must wrap for this test to mean anything"
    length = block.length() - 1
    edges = {layout.lineAt(n).textStart() + d for n in range(layout.lineCount()) for d in (-1, 0, 1)}
    points = sorted({p for p in edges | set(range(0, length + 1, 7)) if 0 <= p <= length})
    for start in points:
        for end in (p for p in points if p > start):
            rects = line_rects(block, 0.0, start, end)
            held = {_line_holding(layout, p) for p in range(start, end)}
            lines = {n for n in held if n is not None}
            assert len(rects) == len(lines), (start, end)
            tops = [layout.lineAt(n).y() + layout.position().y() for n in sorted(lines)]
            assert [r.top() for r in rects] == tops


def test_a_range_past_the_laid_out_text_has_no_rectangles(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _wrapped_view(qtbot)
    block = view.document().firstBlock()
    assert line_rects(block, 0.0, block.length() + 5, block.length() + 9) == []
    assert line_rects(block, 0.0, 3, 3) == []
