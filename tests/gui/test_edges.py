"""Moving a span's edges in the window: by word and by character from the keyboard, by dragging with the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from annotator.core.types import Origin, Span
from annotator.gui.edges import next_character
from tests.gui.conftest import seed
from tests.gui.helpers import db_spans, open_article, press, view, wait_idle

TEXT = "The harbour 🌊 wall will cost Cafe\u0301 owners 48 million euros."
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
ALT_CTRL = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier


def _span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle), "CLAIM", origin=Origin.IMPORTED)


def _open(qtbot, open_window, target, needle="wall"):  # type: ignore[no-untyped-def]
    seed(target, [("Edges", TEXT)], spans={0: [_span(needle)]})
    window = open_window(target)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    window.article.select(window.article.spans[0].id)
    return window


def _stored(target: str, window) -> str:  # type: ignore[no-untyped-def]
    (span,) = db_spans(target, window.article.doc_id, annotator=None)
    return span.text_in(TEXT)


def test_keys_move_the_end_and_the_start_by_a_word_and_undo_as_one(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    press(qtbot, window, Qt.Key.Key_Right, ALT_SHIFT)
    assert _stored(sqlite_url, window) == "wall will"
    press(qtbot, window, Qt.Key.Key_Left, ALT_CTRL)
    assert _stored(sqlite_url, window) == "harbour 🌊 wall will"
    press(qtbot, window, Qt.Key.Key_Left, ALT_SHIFT)
    assert _stored(sqlite_url, window) == "harbour 🌊 wall"
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    assert _stored(sqlite_url, window) == "harbour 🌊 wall will"
    assert window.article.spans[0].text_in(TEXT) == "harbour 🌊 wall will"


def test_without_snapping_a_key_moves_one_character_never_off_its_accent(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url, needle="Caf")
    window.commands.snap.setChecked(False)
    press(qtbot, window, Qt.Key.Key_Right, ALT_SHIFT)
    assert _stored(sqlite_url, window) == "Cafe\u0301"  # the e and its combining accent together
    assert next_character(TEXT, TEXT.index("e\u0301") + 2, -1) == TEXT.index("e\u0301")


def test_dragging_the_end_edge_moves_it_to_the_word_where_the_mouse_is_released(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    window = _open(qtbot, open_window, sqlite_url)
    editor = view(window)
    viewport = editor.viewport()
    span = window.article.spans[0]
    _s, e = editor.index.display_range(span.id)

    def at(pos: int) -> QPoint:
        cursor = editor.textCursor()
        cursor.setPosition(pos)
        rect = editor.cursorRect(cursor)
        return QPoint(rect.x(), rect.center().y())

    assert window.annotate.edges.edge_at(at(e)) == "end"
    target = editor.index.positions.to_display(TEXT.index("cost") + 2)  # inside "cost": snaps to its end
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(e))
    qtbot.mouseMove(viewport, at(target))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(target))
    wait_idle(qtbot, window)
    assert _stored(sqlite_url, window) == "wall will cost"
    assert window.article.selected == span.id
