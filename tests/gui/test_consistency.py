"""The views never disagree with the database: keys pressed without waiting, changes made elsewhere, a slow server."""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import Qt

from annotator.core.types import AnnotatedDocument, Document
from annotator.gui.palette import COUNT_ROLE
from annotator.project import Workspace
from tests.gui.conftest import ARTICLES, seed
from tests.gui.helpers import select_display, view, wait_idle
from tests.gui.test_threads import record_threads

WORDS = ("council", "voted", "wall", "Residents", "owners", "rules", "costs", "Fans", "family", "ministry")


def _stored(target: str, doc_id: int) -> set[tuple[str, int, int, str]]:
    with Workspace.open(target) as ws:
        return {(s.id, s.start, s.end, s.label) for s in ws.spans(doc_id, annotator="alice")}


def _check_every_view(window: Any, target: str) -> None:
    """The text view, the annotation list, the palette counts and the article list all equal the database."""
    doc_id = window.article.doc_id
    stored = _stored(target, doc_id)
    assert {(s.id, s.start, s.end, s.label) for s in window.article.spans} == stored
    with Workspace.open(target) as ws:
        coded = {s.id: (s.note, dict(s.attributes), s.fragments) for s in ws.spans(doc_id, annotator="alice")}
    assert {s.id: (s.note, dict(s.attributes), s.fragments) for s in window.article.spans} == coded
    assert {(s.id, s.start, s.end, s.label) for s in view(window).index.spans()} == stored
    rows = window.annotations.model()
    listed = [rows.span_at(r) for r in range(rows.rowCount())]
    assert sorted(s.id for s in listed if s is not None) == sorted(x[0] for x in stored)
    palette = window.label_palette.model()
    shown = {
        palette.label(r).name: palette.data(palette.index(r, 0), COUNT_ROLE)
        for r in range(palette.rowCount())
    }
    counted = Counter(x[3] for x in stored)
    assert {name: n for name, n in shown.items() if n} == dict(counted)
    model = window.articles.model
    with Workspace.open(target) as ws:
        truth = {d.id: d.span_count for d in ws.list_documents("p", annotator="alice")}
    for row in range(model.rowCount()):
        summary = model.summary(row)
        if summary is not None:
            assert summary.span_count == truth[summary.id], summary


def _press(qtbot: Any, window: Any, rng: random.Random) -> None:
    """One random key press of a coder in a hurry: nothing waits for the previous one."""
    editor = view(window)
    editor.setFocus()
    choice = rng.random()
    if choice < 0.45 and window.article.document is not None:
        text = window.article.document.text
        present = [w for w in WORDS if w in text]
        if present:
            cursor = editor.document().find(rng.choice(present))
            editor.setTextCursor(cursor)
        qtbot.keyClick(editor, rng.choice("123"))
    elif choice < 0.6:
        qtbot.keyClick(editor, "z", Qt.KeyboardModifier.ControlModifier)
    elif choice < 0.72:
        qtbot.keyClick(editor, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    elif choice < 0.85:
        if window.article.spans:
            window.article.select(rng.choice(window.article.spans).id)
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    else:
        qtbot.keyClick(editor, rng.choice([Qt.Key.Key_PageDown, Qt.Key.Key_PageUp]))


@pytest.mark.parametrize("seed_value", range(6))
def test_keys_pressed_without_waiting_end_with_every_view_equal_to_the_database(
    qtbot, open_window, sqlite_url, seed_value
):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    rng = random.Random(seed_value)
    for _ in range(30):
        _press(qtbot, window, rng)
    wait_idle(qtbot, window)
    _check_every_view(window, sqlite_url)


def _undo_key(qtbot: Any, editor: Any, *, redo: bool = False) -> None:
    """Ctrl+Z (undo), or Ctrl+Shift+Z (redo), without waiting."""
    mods = Qt.KeyboardModifier.ControlModifier
    if redo:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor, "z", mods)


def test_the_reported_sequence_label_redo_undo_redo(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    editor = view(window)
    editor.setTextCursor(editor.document().find("voted"))
    qtbot.keyClick(editor, "1")
    wait_idle(qtbot, window)
    for keys in ("zs", "z", "zs"):
        _undo_key(qtbot, editor, redo="s" in keys)
    wait_idle(qtbot, window)
    _check_every_view(window, sqlite_url)
    assert len(window.article.spans) == 1


def test_undo_and_redo_apply_their_span_edits_without_reading_the_article_again(
    qtbot, open_window, sqlite_url, monkeypatch
):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    reads: list[int | None] = []
    reload = window.article.reload
    monkeypatch.setattr(window.article, "reload", lambda: (reads.append(window.article.doc_id), reload()))
    editor = view(window)
    editor.setTextCursor(editor.document().find("voted"))
    qtbot.keyClick(editor, "1")  # add CLAIM
    wait_idle(qtbot, window)
    qtbot.keyClick(editor, "2")  # the new span is selected: relabel it SOURCE
    wait_idle(qtbot, window)
    for keys in ("z", "z", "zs", "zs", "z"):  # undo the relabel, the add; redo both; undo the relabel
        _undo_key(qtbot, editor, redo="s" in keys)
        wait_idle(qtbot, window)
        _check_every_view(window, sqlite_url)
    assert reads == []
    assert [s.label for s in window.article.spans] == ["CLAIM"]


def test_a_key_pressed_while_an_undo_waits_on_the_worker_shows_the_span_as_stored(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    editor = view(window)
    editor.setTextCursor(editor.document().find("voted"))
    qtbot.keyClick(editor, "1")  # add CLAIM; the new span is selected
    wait_idle(qtbot, window)
    window.coding.set_note(window.article.selected, "check the minutes")
    wait_idle(qtbot, window)
    gate = threading.Event()
    window.runner.run(lambda _ws: gate.wait(10))  # the worker is busy: a slow read, a slow server
    _undo_key(qtbot, editor)  # undo the note
    qtbot.keyClick(editor, "2")  # relabel the span, as the window held it (with its note)
    gate.set()
    wait_idle(qtbot, window)
    _check_every_view(window, sqlite_url)
    (span,) = window.article.spans
    assert (span.label, span.note) == ("SOURCE", None)


def test_changes_made_elsewhere_appear_on_the_next_poll_and_on_f5(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    text = ARTICLES[0][1]
    with Workspace.open(sqlite_url) as cli:  # another program (the CLI, another coder) writes
        cli.add_span(
            document=doc_id,
            start=text.index("wall"),
            end=text.index("wall") + 4,
            label="CLAIM",
            annotator="alice",
        )
        cli.import_records("p", [AnnotatedDocument(Document("A new article arrived.", "New"))])
    assert window.article.spans == ()
    window.watcher.timer.timeout.emit()  # the poll, without waiting its few seconds
    wait_idle(qtbot, window)
    assert [s.label for s in window.article.spans] == ["CLAIM"]
    assert window.articles.model.total == len(ARTICLES) + 1
    _check_every_view(window, sqlite_url)
    with Workspace.open(sqlite_url) as cli:
        cli.add_span(document=doc_id, start=0, end=3, label="SOURCE", annotator="alice")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    wait_idle(qtbot, window)
    assert sorted(s.label for s in window.article.spans) == ["CLAIM", "SOURCE"]
    # The window's own changes are not taken for changes made elsewhere.
    select_display(window, 0, 3)
    window.coding.undo()
    wait_idle(qtbot, window)
    seen: list[object] = []
    window.runner.operation_did_execute.connect(lambda changes, _who: seen.append(changes))
    window.watcher.timer.timeout.emit()
    wait_idle(qtbot, window)
    assert seen == []


@pytest.mark.postgres
def test_the_window_keeps_painting_while_postgresql_answers_late(qtbot, open_window, pg_url):  # type: ignore[no-untyped-def]
    from tests.integration.test_connection_faults import Relay

    if "127.0.0.1:5432" not in pg_url:
        pytest.skip("the relay expects the server at 127.0.0.1:5432")
    seed(pg_url)
    relay = Relay("127.0.0.1", 5432)
    try:
        window = open_window(pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}", 1))
        relay.delay = 0.3  # every answer of the server now comes 300 ms late
        threads = record_threads(window)
        editor = view(window)
        editor.setFocus()
        editor.setTextCursor(editor.document().find("voted"))
        qtbot.keyClick(editor, "1")
        qtbot.keyClick(editor, Qt.Key.Key_PageDown)
        qtbot.keyClicks(window.articles.search, "rules")  # the search box answers at once
        assert window.articles.search.text() == "rules"
        assert not window.runner.idle  # the operations are still waiting for the server
        wait_idle(qtbot, window, timeout=60_000)
        relay.delay = 0.0
        # No statement waited for the late server on the GUI thread (no wall-clock bound: the load varies).
        assert threads and threading.main_thread().name not in threads
        assert window.article.document is not None and window.articles.model.total == 1
    finally:
        relay.cut()
