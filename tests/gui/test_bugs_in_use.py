"""Regressions for the bugs seen in use (issue 15): clicks, shortcuts, toolbar widths."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from annotator.core.types import Origin, Span
from annotator.gui.actions import _action
from tests.gui.conftest import seed
from tests.gui.helpers import db_spans, open_article, press, select_text, view, wait_idle

TEXT = "Short first line.\r\nThe council voted to build the wall"
LAST = Span(TEXT.index("the wall"), len(TEXT), "CLAIM", origin=Origin.IMPORTED)
FIRST = Span(0, 5, "SOURCE", origin=Origin.IMPORTED)


def _point(editor, display_pos: int) -> QPoint:  # type: ignore[no-untyped-def]
    cursor = editor.textCursor()
    cursor.setPosition(display_pos)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def test_a_click_on_empty_space_clears_the_span_selection(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Wall", TEXT)], spans={0: (FIRST, LAST)})
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    editor = view(window)
    viewport = editor.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_point(editor, 1))
    assert window.article.selected_span().label == "SOURCE"
    # Below the text, as a person clicks to get rid of a selection.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(40, viewport.height() - 10))
    assert window.article.selected is None
    press(qtbot, window, Qt.Key.Key_Delete)
    assert len(db_spans(sqlite_url, window.article.doc_id, annotator=None)) == 2
    # Right of a short line's end, level with it.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_point(editor, 1))
    end_of_first = _point(editor, len("Short first line."))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(end_of_first.x() + 60, end_of_first.y()))
    assert window.article.selected is None
    # A click on the last span still selects it.
    s, _e = editor.index.display_range(next(sp.id for sp in window.article.spans if sp.label == "CLAIM"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_point(editor, s + 2))
    assert window.article.selected_span().label == "CLAIM"


def test_an_action_given_the_same_key_twice_binds_it_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Under xcb StandardKey.Quit is Ctrl+Q: the quit action listed both and Qt called it ambiguous.
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    action = _action(parent, "Quit", None, (QKeySequence("Ctrl+Q"), "Ctrl+Q"), name="actionQuit")
    assert [k.toString() for k in action.shortcuts()] == ["Ctrl+Q"]


def test_no_two_actions_of_the_window_share_a_key(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    keys: Counter[str] = Counter()
    for action in window.findChildren(QAction):
        own = [k.toString() for k in action.shortcuts() if not k.isEmpty()]
        assert len(own) == len(set(own)), f"{action.objectName()} lists a key twice: {own}"
        keys.update(own)
    # Under xcb StandardKey.Quit adds Ctrl+Q: count it as every platform that has it would.
    shared = {k: n for k, n in keys.items() if n > 1}
    assert shared == {}, f"keys bound to more than one action: {shared}"


def _tool_button(window, action: QAction) -> QToolButton:  # type: ignore[no-untyped-def]
    button = window.commands.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    return button


def test_undo_and_redo_buttons_keep_their_width_and_the_project_box_stays_put(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(3))
    undo, redo = (_tool_button(window, a) for a in (window.commands.undo, window.commands.redo))
    before = (undo.width(), redo.width(), window.projects.x())
    select_text(window, "ministry")
    press(qtbot, window, "1")
    window.article.select(window.article.spans[0].id)
    press(qtbot, window, "3")  # relabel CLAIM as CAPTION: a long undo text
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    qtbot.wait(10)
    assert (
        "relabel" in window.commands.undo.toolTip().lower()
        or "relabel" in window.commands.redo.toolTip().lower()
    )
    assert (undo.width(), redo.width(), window.projects.x()) == before
    assert undo.text() == "Undo" and redo.text() == "Redo"
