"""The window when the database refuses: read-only banner, lost connection, another coder's change."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from annotator.core.errors import ConnectionLostError
from annotator.core.types import DocStatus, Origin, Span
from annotator.gui.coding import READ_ONLY_REASON, RELOADED
from annotator.gui.highlighter import LABELS_PROPERTY
from annotator.gui.main_window import MainWindow
from annotator.gui.status import LOST
from annotator.project import Workspace
from tests.gui.conftest import ARTICLES, seed
from tests.gui.helpers import db_spans, press, select_text, shown, view, wait_idle


def _window_on(qtbot: Any, target: str, *, read_only: bool = False) -> MainWindow:
    """A shown window on a database, opened as the app opens it (on the worker)."""
    window = MainWindow("alice")
    qtbot.addWidget(window)
    window.restore_settings()
    window.open_database(target, read_only=read_only)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    return window


def _take_dialogs(window: QMainWindow) -> list[str]:
    """The texts of the visible message boxes, which are then closed."""
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    for box in boxes:
        assert box.textFormat() == Qt.TextFormat.PlainText
    texts = [b.text() for b in boxes]
    for box in boxes:
        box.close()
    return texts


def _highlighted_labels(window: MainWindow) -> set[str]:
    """The labels the highlighter put on the article's text."""
    labels = set()
    block = view(window).document().firstBlock()
    while block.isValid():
        labels |= {r.format.property(LABELS_PROPERTY) for r in block.layout().formats()}
        block = block.next()
    return labels


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- read-only ------------------------------------------------------------------


def test_read_only_database_shows_a_banner_and_refuses_every_change(qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    text = ARTICLES[0][1]
    imported = Span(text.index("Residents"), text.index("Residents") + 9, "SOURCE", origin=Origin.IMPORTED)
    seed(sqlite_url, spans={0: [imported]})
    before = _digest(Path(sqlite_url))
    window = _window_on(qtbot, sqlite_url, read_only=True)  # a mode=ro SQLite connection: writes fail
    ws = window.runner.workspace
    assert ws.read_only and window.session.read_only
    doc_id = window.article.document.id

    banner = window.findChild(type(window.read_only_banner), "readOnlyBanner")
    assert banner is not None and banner.isVisible()
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    assert "open read-only" in banner.text() and "changes are not possible" in banner.text()
    assert f"Database: {ws.url}" in banner.text() and sqlite_url in banner.text()
    assert banner.geometry().bottom() < view(window).geometry().top()  # above the article text
    assert not window.connection_banner.isVisible()
    a = window.commands
    for action in (a.import_files, a.new_project, a.done_next, a.skip, a.delete, a.note, a.undo, a.redo):
        assert not action.isEnabled(), action.objectName()
    assert a.export.isEnabled() and a.next.isEnabled()

    # A label key with a selection: no span, the reason in the status bar, the selection kept.
    select_text(window, "voted")
    press(qtbot, window, "1")
    assert window.statusBar().currentMessage() == READ_ONLY_REASON
    assert view(window).textCursor().selectedText() == "voted"
    assert [s.label for s in window.article.spans] == ["SOURCE"]
    # A click in the palette does no more.
    window.statusBar().clearMessage()
    palette = window.label_palette
    qtbot.mouseClick(
        palette.viewport(),
        Qt.MouseButton.LeftButton,
        pos=palette.visualRect(palette.model().index(0, 0)).center(),
    )
    assert window.statusBar().currentMessage() == READ_ONLY_REASON
    # Nor Delete on a selected span, nor marking the article done.
    window.article.select(window.article.spans[0].id)
    window.statusBar().clearMessage()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == READ_ONLY_REASON
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.article.document.id == doc_id

    assert _take_dialogs(window) == []  # non-modal: no dialog in the way
    assert _digest(Path(sqlite_url)) == before
    assert [(s.start, s.end, s.label) for s in db_spans(sqlite_url, doc_id)] == [
        (imported.start, imported.end, "SOURCE")
    ]
    with Workspace.open(sqlite_url) as check:
        assert check.status(doc_id, annotator="alice") == DocStatus.TODO


def test_writable_database_shows_no_banner(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    assert not window.read_only_banner.isVisible()
    assert not window.connection_banner.isVisible()
    assert window.commands.import_files.isEnabled() and window.commands.done_next.isEnabled()


# --- lost connection ---------------------------------------------------------------


def _lost(ws: Workspace, what: str) -> ConnectionLostError:
    return ConnectionLostError(
        f"{ws.url}: cannot reach the database server (server closed the connection unexpectedly); {what}"
    )


def test_lost_connection_shows_a_banner_then_says_what_was_not_saved(
    qtbot, open_window, sqlite_url, monkeypatch
):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    ws = window.runner.workspace  # patched while the worker is idle, to play the server going away
    doc_id = window.article.document.id
    retrying = threading.Event()
    release = threading.Event()
    threads: list[str] = []

    def add_span(**_kwargs: object) -> None:
        threads.append(threading.current_thread().name)
        # What the facade does while the server is gone: report each retry on this (worker) thread.
        ws.on_connection_retry(f"connection to {ws.url} lost, retrying (1/4)")
        retrying.set()
        assert release.wait(10)
        raise _lost(ws, "the new CLAIM annotation was not saved")

    def article(*_args: object, **_kwargs: object) -> None:
        raise _lost(ws, "nothing was read")  # the server is still gone when the view reloads

    monkeypatch.setattr(ws, "add_span", add_span)
    monkeypatch.setattr(ws, "article", article)
    select_text(window, "voted")
    qtbot.keyClick(view(window), "1")
    banner = window.connection_banner
    qtbot.waitUntil(banner.isVisible)  # shown while the operation is still retrying
    assert retrying.is_set() and not window.runner.idle
    assert banner.text() == "Connection to the database lost – retrying (1/4)…"
    assert banner.details == f"connection to {ws.url} lost, retrying (1/4)"
    assert shown(banner.toolTip()) == banner.details  # a URL is user data: shown literally
    assert threads and threads[0].startswith("annotator-op")  # the hook really ran off the GUI thread
    release.set()
    wait_idle(qtbot, window)

    (message,) = _take_dialogs(window)
    assert "the new CLAIM annotation was not saved" in message and RELOADED in message
    assert banner.isVisible() and banner.text() == LOST
    assert "nothing was read" in banner.details  # the reload failed too: still no connection
    assert "Could not reload the article" in window.statusBar().currentMessage()
    assert window.article.spans == () and window.pane.view.index.spans() == []
    assert window.annotations.model().rowCount() == 0
    assert _highlighted_labels(window) == set()
    assert db_spans(sqlite_url, doc_id) == []

    # The server is back: the next operation succeeds and the banner goes.
    monkeypatch.undo()
    select_text(window, "Residents")
    press(qtbot, window, "2")
    assert not banner.isVisible()
    assert [(s.label, s.text_in(ARTICLES[0][1])) for s in db_spans(sqlite_url, doc_id)] == [
        ("SOURCE", "Residents")
    ]


def test_change_that_may_have_been_saved_is_shown_as_the_database_has_it(
    qtbot, open_window, sqlite_url, monkeypatch
):  # type: ignore[no-untyped-def]
    # The COMMIT reached the database, then the connection broke before the reply: the
    # view must not guess; it reloads and shows what the database holds.
    seed(sqlite_url)
    window = open_window(sqlite_url)
    ws = window.runner.workspace  # patched while the worker is idle
    doc_id = window.article.document.id
    real_add = ws.add_span

    def add_span(**kwargs: Any) -> None:
        real_add(**kwargs)
        raise _lost(ws, "the new CLAIM annotation may not have been saved")

    monkeypatch.setattr(ws, "add_span", add_span)
    select_text(window, "voted")
    press(qtbot, window, "1")
    wait_idle(qtbot, window)
    (message,) = _take_dialogs(window)
    assert "may not have been saved" in message
    (stored,) = db_spans(sqlite_url, doc_id)
    assert window.article.spans == (stored,)
    assert _highlighted_labels(window) == {"CLAIM"}
    assert not window.connection_banner.isVisible()  # the reload reached the database


@pytest.mark.postgres
def test_server_gone_on_postgresql_shows_banner_and_saves_nothing(qtbot, open_window, pg_url):  # type: ignore[no-untyped-def]
    from tests.integration.test_connection_faults import Relay

    if "127.0.0.1:5432" not in pg_url:
        pytest.skip("the relay expects the server at 127.0.0.1:5432")
    relay = Relay("127.0.0.1", 5432)
    target = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}", 1)
    try:
        seed(target)
        window = open_window(target)
        window.runner.workspace.retry_delays = (0.05, 0.1)
        doc_id = window.article.document.id
        seen: list[str] = []
        window.runner.connection_will_retry.connect(seen.append)
        relay.cut()
        select_text(window, "voted")
        press(qtbot, window, "1")
        wait_idle(qtbot, window)
        assert any("retrying" in m for m in seen)
        messages = _take_dialogs(window)
        assert any("the new CLAIM annotation was not saved" in m for m in messages)
        assert window.connection_banner.isVisible()
        assert window.article.spans == () and _highlighted_labels(window) == set()
        relay.restore()
        window.watcher.reload_now()
        wait_idle(qtbot, window)
        assert not window.connection_banner.isVisible()
        with Workspace.open(pg_url) as ws:
            assert ws.spans(doc_id, annotator=True) == []
    finally:
        relay.cut()


def test_retry_hook_is_removed_on_close_and_harmless_after_deletion(qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    import shiboken6

    seed(sqlite_url)
    window = _window_on(qtbot, sqlite_url)
    ws = window.runner.workspace
    assert ws.on_connection_retry is not None
    window.close()
    assert ws.on_connection_retry is None

    # A window deleted without closing (its parent went) while a worker still retries.
    window = MainWindow("alice")
    window.open_database(sqlite_url)
    wait_idle(qtbot, window)
    hook = window.runner.workspace.on_connection_retry
    assert hook is not None
    window.runner.shutdown()
    shiboken6.delete(window)
    hook("connection to the database lost, retrying (1/4)")  # no RuntimeError


# --- another coder ------------------------------------------------------------------


def test_conflict_with_another_coder_is_shown_and_the_article_reloaded(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    doc_id = window.article.document.id
    select_text(window, "council")
    press(qtbot, window, "1")
    (mine,) = db_spans(sqlite_url, doc_id)
    assert window.article.selected == mine.id

    with Workspace.open(sqlite_url) as other:  # another coder on the same file
        other.spans(doc_id, annotator=True)
        other.delete_span(mine.id)
        press(qtbot, window, "2")  # relabel what is no longer there
        (message,) = _take_dialogs(window)
        assert "deleted by someone else" in message and RELOADED in message
        assert window.article.spans == () and window.article.selected is None
        assert window.annotations.model().rowCount() == 0 and _highlighted_labels(window) == set()

        select_text(window, "Residents")
        press(qtbot, window, "1")
        (second,) = db_spans(sqlite_url, doc_id)
        other.spans(doc_id, annotator=True)
        other.relabel_span(second.id, "SOURCE")
        window.article.select(second.id)
        press(qtbot, window, Qt.Key.Key_Delete)  # delete what someone else changed since
        (message,) = _take_dialogs(window)
        assert "changed by someone else" in message
        assert [s.label for s in window.article.spans] == ["SOURCE"]
        assert [s.label for s in db_spans(sqlite_url, doc_id)] == ["SOURCE"]
        assert "SOURCE" in _highlighted_labels(window)


def test_a_span_outside_its_text_shows_a_message_not_a_silent_empty_view(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from annotator.core.types import Span
    from tests.gui.conftest import seed

    seed(sqlite_url, [("Wall", "The mayor said the wall holds.")], spans={0: [Span(0, 9, "SOURCE")]})
    with sqlite3.connect(sqlite_url) as conn:
        conn.execute('UPDATE spans SET start = 50, "end" = 9999')
    window = open_window(sqlite_url)
    assert window.pane.empty.isVisible()
    assert "cannot be shown" in window.pane.empty.text() and "annotator doctor" in window.pane.empty.text()
    texts = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("IndexError" in t and "offset 50" in t for t in texts)
