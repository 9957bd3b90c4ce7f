"""Every database call of the window runs on its worker thread; one key press, one write transaction."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import event

from tests.gui.conftest import seed
from tests.gui.helpers import press, select_text, view, wait_idle


def record_threads(window: Any) -> list[str]:
    """The thread of every statement the window's database connection executes, from now on."""
    names: list[str] = []
    engine = window.runner.workspace.uow.engine

    def before(*_args: object) -> None:
        names.append(threading.current_thread().name)

    event.listen(engine, "before_cursor_execute", before)
    return names


def test_no_statement_runs_on_the_gui_thread(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    threads = record_threads(window)
    press(qtbot, window, Qt.Key.Key_PageDown)  # the next article
    select_text(window, "owners")
    press(qtbot, window, "1")  # tag
    press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)  # undo
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # mark done, next
    qtbot.keyClicks(window.articles.search, "broadband")  # search
    window.articles.apply_filter()
    wait_idle(qtbot, window)
    assert window.articles.model.total == 1
    window.watcher.reload_now()
    wait_idle(qtbot, window)
    assert threads, "the window ran no statement at all"
    assert set(threads) != {threading.main_thread().name}
    assert threading.main_thread().name not in threads
    assert all(name.startswith("annotator-op") for name in threads)


def test_a_label_key_press_runs_one_write_transaction(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    writes: list[str] = []
    engine = window.runner.workspace.uow.engine

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):  # how every SQLite write transaction begins
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    select_text(window, "voted")
    press(qtbot, window, "1")
    assert len(window.article.spans) == 1
    assert writes == ["BEGIN IMMEDIATE"]
    assert view(window).index.spans()[0].label == "CLAIM"
