"""Helpers to drive the window like a user: select by QTextCursor, press keys, read the database, see text."""

from __future__ import annotations

from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from annotator.core.types import Span
from annotator.project import Workspace


def view(window: QMainWindow) -> QPlainTextEdit:
    """The article view by its objectName."""
    found = window.findChild(QPlainTextEdit, "articleView")
    assert found is not None
    return found


def select_text(window: QMainWindow, needle: str) -> None:
    """Select the first occurrence of `needle` in the article view, found by Qt itself."""
    editor = view(window)
    cursor = editor.document().find(needle)
    assert not cursor.isNull(), f"{needle!r} not in the shown text"
    editor.setTextCursor(cursor)


def select_display(window: QMainWindow, start: int, end: int) -> None:
    """Select display positions [start, end) with a QTextCursor."""
    editor = view(window)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def wait_idle(qtbot: Any, window: QMainWindow, timeout: int = 15_000) -> None:
    """Wait, on the runner's signal, until the window's worker has nothing queued or running."""
    runner = window.runner  # type: ignore[attr-defined]
    while not runner.idle:
        with qtbot.waitSignal(runner.busy_did_change, timeout=timeout):
            pass


def press(
    qtbot: Any,
    window: QMainWindow,
    key: Qt.Key | str,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key on the article view and wait for the operation it started."""
    editor = view(window)
    editor.setFocus()
    qtbot.keyClick(editor, key, modifier)
    wait_idle(qtbot, window)


def db_spans(target: str, doc_id: int, annotator: str = "alice") -> list[Span]:
    """The spans stored for a document, read through a separate connection."""
    with Workspace.open(target) as ws:
        return ws.spans(doc_id, annotator=annotator)


def shown(text: str) -> str:
    """What a tooltip or an AutoText label displays for `text`, decided the way Qt decides it."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def open_article(qtbot: Any, window: QMainWindow, doc_id: int | None) -> None:
    """Open an article in the window and wait until it is shown."""
    window.article.open(doc_id)  # type: ignore[attr-defined]
    wait_idle(qtbot, window)
