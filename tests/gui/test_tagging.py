"""Tagging by keyboard in the real window: offsets, relabel, delete, undo/redo, notes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core.types import DocStatus
from annotator.project import Workspace
from tests.gui.conftest import ARTICLES, seed
from tests.gui.helpers import db_spans, open_article, press, select_text, view, wait_idle

CASES = [
    (0, "voted"),  # after an emoji with a skin-tone modifier (two astral code points)
    (0, "Residents"),  # after a CRLF
    (1, "Cafe\u0301"),  # a combining acute accent
    (1, "spokesperson"),  # after two CRLFs
    (2, "family"),  # after a flag and a ZWJ family
]


@pytest.mark.parametrize(("article", "needle"), CASES)
def test_hotkey_on_selection_stores_code_point_offsets(qtbot, open_window, sqlite_url, article, needle):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(article))
    text = ARTICLES[article][1]
    select_text(window, needle)
    press(qtbot, window, "1")
    doc_id = window.article.document.id
    stored = db_spans(sqlite_url, doc_id)
    assert [(s.start, s.end, s.label) for s in stored] == [
        (text.index(needle), text.index(needle) + len(needle), "CLAIM")
    ]
    assert stored[0].text_in(text) == needle
    assert stored[0].annotator == "alice"


def test_selection_snaps_to_words_and_trims_white_space(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(3))
    select_text(window, "nistry said broadb")
    press(qtbot, window, "2")
    text = ARTICLES[3][1]
    (span,) = db_spans(sqlite_url, window.article.document.id)
    assert span.text_in(text) == "ministry said broadband"
    assert span.label == "SOURCE"

    window.commands.snap.setChecked(False)
    select_text(window, " nine in te")
    press(qtbot, window, "3")
    texts = sorted(s.text_in(text) for s in db_spans(sqlite_url, window.article.document.id))
    assert texts == ["ministry said broadband", "nine in te"]


def test_relabel_delete_undo_redo(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    doc_id = window.article.document.id
    select_text(window, "council")
    press(qtbot, window, "1")
    (span,) = db_spans(sqlite_url, doc_id)
    # The new span is selected: another hotkey relabels it.
    assert window.article.selected == span.id
    press(qtbot, window, "2")
    assert [s.label for s in db_spans(sqlite_url, doc_id)] == ["SOURCE"]
    assert window.commands.undo.text() == "&Undo relabel CLAIM as SOURCE"

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.label for s in db_spans(sqlite_url, doc_id)] == ["CLAIM"]
    assert [s.label for s in window.article.spans] == ["CLAIM"]
    press(
        qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [s.label for s in db_spans(sqlite_url, doc_id)] == ["SOURCE"]

    window.article.select(span.id)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert db_spans(sqlite_url, doc_id) == []
    assert window.article.spans == ()
    assert window.annotations.model().rowCount() == 0
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.label for s in db_spans(sqlite_url, doc_id)] == ["SOURCE"]
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert db_spans(sqlite_url, doc_id) == []


def test_click_on_a_highlight_selects_it_and_syncs_the_list(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    for needle, key in (("council", "1"), ("Residents", "2")):
        select_text(window, needle)
        press(qtbot, window, key)
    editor = view(window)
    cursor = editor.document().find("Residents")
    cursor.setPosition(cursor.selectionStart() + 2)
    point = editor.cursorRect(cursor).center()
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    selected = window.article.selected_span()
    assert selected is not None and selected.label == "SOURCE"
    current = window.annotations.currentIndex()
    assert window.annotations.model().span_at(current.row()).id == selected.id

    # Choosing a row in the list selects that span in the text.
    window.annotations.setCurrentIndex(window.annotations.model().index(0, 0))
    assert window.article.selected_span().label == "CLAIM"
    assert editor.selected_span == window.article.selected


def test_note_is_stored_and_shown_in_tooltip_as_plain_text(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    from annotator.gui.article_view import span_tooltip

    seed(sqlite_url)
    window = open_window(sqlite_url)
    select_text(window, "council")
    press(qtbot, window, "1")
    window.coding.set_note(window.article.selected, "<b>check</b> the minutes")
    wait_idle(qtbot, window)
    (span,) = db_spans(sqlite_url, window.article.document.id)
    assert span.note == "<b>check</b> the minutes"
    tip = span_tooltip(window.article.spans)
    assert "&lt;b&gt;check&lt;/b&gt;" in tip and "<b>" not in tip
    assert "CLAIM" in tip and "alice" in tip


def test_done_and_skip_open_the_next_unfinished(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    ids = [window.articles.model.doc_id(i) for i in range(4)]
    assert window.article.document.id == ids[0]
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.article.document.id == ids[1]
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.article.document.id == ids[2]
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(ids[0], annotator="alice") == DocStatus.DONE
        assert ws.status(ids[1], annotator="alice") == DocStatus.SKIPPED
        assert ws.progress("p", annotator="alice") == (1, 4)
    qtbot.waitUntil(lambda: window.findChild(QLabel, "statusProgress").text() == "1 / 4 done")
    assert window.articles.model.data(window.articles.model.index(0, 1)) == "done"
    # Page navigation follows the list.
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.article.document.id == ids[3]
    press(qtbot, window, Qt.Key.Key_PageUp)
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert window.article.document.id == ids[1]
    # Finishing the last unfinished ones wraps around to the first not done.
    open_article(qtbot, window, ids[3])
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.article.document.id == ids[2]
