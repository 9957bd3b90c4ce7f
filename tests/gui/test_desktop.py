"""The desktop side of the window: reading view, search hits, context menus, About, new database, dropped files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from annotator.core.types import DocStatus, Origin, Span
from annotator.gui.import_dialog import ImportOptionsDialog
from annotator.gui.reading import Reading
from annotator.gui.window_words import for_window
from annotator.project import Workspace
from tests.gui.conftest import ARTICLES, seed
from tests.gui.helpers import db_spans, open_article, press, select_text, view, wait_idle


def _point(editor, display_pos: int) -> QPoint:  # type: ignore[no-untyped-def]
    cursor = editor.textCursor()
    cursor.setPosition(display_pos)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


# --- the reading view ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "reading",
    [Reading(1.0, 0.0, 0, "sans"), Reading(1.8, 1.5, 40, "serif"), Reading(1.4, 0.5, 80, "sans")],
)
def test_offsets_and_clicks_stay_exact_under_every_reading_setting(qtbot, open_window, sqlite_url, reading):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(1))
    window.prefs.set_reading(reading)
    qtbot.wait(10)
    text = ARTICLES[1][1]
    select_text(window, "spokesperson")
    press(qtbot, window, "2")
    (span,) = db_spans(sqlite_url, window.article.doc_id)
    assert span.text_in(text) == "spokesperson"
    editor = view(window)
    window.article.select(None)
    s, _e = editor.index.display_range(span.id)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=_point(editor, s + 3))
    assert window.article.selected == span.id
    qtbot.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, editor.viewport().height() - 5)
    )
    assert window.article.selected is None


def test_the_reading_view_spaces_lines_and_centres_a_measure_and_is_remembered(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Long", "Word " * 400 + "\n" + "Another paragraph " * 30)])
    window = open_window(sqlite_url)
    window.resize(1280, 760)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    editor = view(window)
    window.prefs.set_reading(Reading(1.0, 0.0, 0, "sans"))
    block = editor.document().firstBlock()
    plain_height = editor.blockBoundingRect(block).height()
    full_width = editor.viewport().width()
    dialog = window.prefs.choose_reading()
    dialog.line_height.setValue(1.8)
    dialog.max_chars.setValue(60)
    dialog.font_choice.setCurrentIndex(dialog.font_choice.findData("serif"))
    qtbot.wait(10)
    assert editor.blockBoundingRect(block).height() > plain_height * 1.5
    assert editor.viewport().width() < full_width
    left = editor.viewport().geometry().left()
    right = editor.width() - editor.viewport().geometry().right()
    assert abs(left - right) <= editor.verticalScrollBar().width() + 4  # centred
    assert editor.font().styleHint() == editor.font().StyleHint.Serif
    ini = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator")
    assert float(ini.value("reading/line_height")) == pytest.approx(1.8)
    assert int(ini.value("reading/max_chars")) == 60 and ini.value("reading/font") == "serif"
    assert Reading.load() == Reading(1.8, 0.0, 60, "serif")


@pytest.mark.parametrize("change", ["opened", "setting", "resize"])
def test_a_measured_column_wraps_its_lines_inside_the_view(qtbot, open_window, sqlite_url, change):  # type: ignore[no-untyped-def]
    # The column's margins shrink the viewport; the lines must wrap to it, not to the full width.
    seed(sqlite_url, [("Long", "Word " * 400)])
    if change == "opened":
        Reading(1.4, 0.5, 60, "sans").save()  # remembered: the window starts with it
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    editor = view(window)
    if change == "setting":
        window.prefs.set_reading(Reading(1.4, 0.5, 60, "sans"))
    elif change == "resize":
        window.prefs.set_reading(Reading(1.4, 0.5, 50, "sans"))
        window.resize(1400, 800)
        qtbot.wait(10)
        window.resize(1100, 800)
    qtbot.wait(10)
    assert editor.viewportMargins().left() > 0
    assert editor.horizontalScrollBar().maximum() == 0
    line = editor.document().firstBlock().layout().lineAt(0)
    assert line.naturalTextWidth() <= editor.viewport().width()


# --- search hits --------------------------------------------------------------------------


def test_search_hits_are_outlined_and_f3_moves_between_them(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    text = "Harbour news 🌊: the harbour wall.\r\nHarbourside residents cheered; no harbours flooded."
    seed(sqlite_url, [("Harbour", text)])
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    window.articles.search.setText("harbour")
    window.articles.apply_filter()
    wait_idle(qtbot, window)
    editor = view(window)
    words = ["Harbour", "harbour", "Harbourside", "harbours"]
    pm = editor.index.positions
    expected = []
    start = 0
    for word in words:
        at = text.index(word, start)
        expected.append(pm.span_to_display(at, at + len(word)))
        start = at + len(word)
    assert editor.overlay.hits == expected
    geometry = editor.overlay_geometry()
    assert len(geometry.hits) == 4 and not any(current for _r, current in geometry.hits)
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_F3)
    assert editor.textCursor().selectedText() == "Harbour"
    qtbot.keyClick(editor, Qt.Key.Key_F3)
    assert editor.textCursor().selectedText() == "harbour"
    assert "Hit 2 of 4" in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "Harbour"
    press(qtbot, window, "2")  # a hit is a selection: its label key codes it
    (span,) = db_spans(sqlite_url, window.article.doc_id)
    assert (span.start, span.end, span.label) == (0, 7, "SOURCE")
    window.articles.search.setText("")
    window.articles.apply_filter()
    wait_idle(qtbot, window)
    assert editor.overlay.hits == []


def test_a_search_hit_is_drawn_unlike_a_span(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Harbour", "The harbour wall is in the harbour.")])
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    window.search_hits.refresh("harbour")
    editor = view(window)
    (rect, _current), _second = editor.overlay_geometry().hits
    image = editor.viewport().grab().toImage()
    base = editor.palette().color(editor.palette().ColorRole.Base)
    # No fill inside the outline (a span's mark is its fill) ...
    inside = image.pixelColor(QPointF(rect.center().x(), rect.top() + 1).toPoint())
    assert (
        inside in (base, editor.palette().color(editor.palette().ColorRole.Text)) or inside.lightness() > 200
    )
    # ... and an outline in the selection colour around it.
    accent = editor.palette().color(editor.palette().ColorRole.Highlight)
    ring = [image.pixelColor(int(rect.left()) - 2, int(rect.center().y()) + d) for d in range(-3, 4)]
    assert any(abs(c.hue() - accent.hue()) < 25 and c.saturation() > 60 for c in ring)


# --- context menus ------------------------------------------------------------------------


def test_the_span_menu_relabels_and_copies_the_text_with_offsets(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    text = ARTICLES[0][1]
    start = text.index("voted")
    seed(sqlite_url, spans={0: [Span(start, start + 5, "CLAIM", origin=Origin.IMPORTED)]})
    window = open_window(sqlite_url)
    open_article(qtbot, window, window.articles.model.doc_id(0))
    editor = view(window)
    s, _e = editor.index.display_range(window.article.spans[0].id)
    menu = window.menus.view_menu(_point(editor, s + 1))
    titles = [a.text() for a in menu.actions() if a.text()]
    assert titles[:4] == [
        "&Relabel as",
        "Edit &note…",
        "&Link to another annotation\tR",
        "&Delete annotation\tDelete",
    ]
    copy = next(a for a in menu.actions() if a.text() == "Copy text with &offsets")
    copy.trigger()
    assert QGuiApplication.clipboard().text() == f'CLAIM [{start}, {start + 5}) "voted"'
    relabel = next(a for a in menu.actions() if a.text() == "&Relabel as").menu()
    source = next(a for a in relabel.actions() if a.text().startswith("SOURCE"))
    assert not next(a for a in relabel.actions() if a.text().startswith("CLAIM")).isEnabled()
    source.trigger()
    wait_idle(qtbot, window)
    assert [sp.label for sp in db_spans(sqlite_url, window.article.doc_id, annotator=None)] == ["SOURCE"]
    # On plain text with a selection: label it.
    select_text(window, "wall")
    menu = window.menus.view_menu(_point(editor, editor.textCursor().selectionStart() + 1))
    label_as = next(a for a in menu.actions() if a.text() == "&Label as").menu()
    print(
        "DBG", window.pane.view.selected_range(), [a.text() for a in label_as.actions()], label_as.isEnabled()
    )
    next(a for a in label_as.actions() if a.text().startswith("CAPTION")).trigger()
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        stored = ws.article(window.article.doc_id, annotator="alice").spans
    assert sorted(sp.label for sp in stored) == [
        "CAPTION",
        "SOURCE",
    ]


def test_the_article_list_menu_marks_an_article_done_without_opening_it(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    table = window.articles.view
    row_rect = table.visualRect(table.model().index(2, 0))
    menu = window.menus.list_menu(row_rect.center())
    assert [a.text() for a in menu.actions() if a.text()] == ["&Open", "Mark &done", "&Skip", "Mark &to do"]
    opened = window.article.doc_id
    next(a for a in menu.actions() if a.text() == "Mark &done").trigger()
    wait_idle(qtbot, window)
    doc = window.articles.model.doc_id(2)
    with Workspace.open(sqlite_url) as ws:
        assert ws.status(doc, annotator="alice") == DocStatus.DONE
    assert window.article.doc_id == opened
    assert window.menus.list_menu(QPoint(5, table.viewport().height() - 2)) is None


# --- About, new database, dropped files, messages -----------------------------------------


def test_about_names_the_versions_and_paths_and_copies_them(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    import sqlite3

    from PySide6.QtCore import qVersion

    seed(sqlite_url)
    window = open_window(sqlite_url)
    dialog = window.show_about()
    report = dialog.report.toPlainText()
    assert f"Qt {qVersion()}" in report and f"SQLite library {sqlite3.sqlite_version}" in report
    assert sqlite_url in report and "(SQLite " in report and "Log folder:" in report
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report
    dialog.close()


def test_new_database_creates_a_file_and_refuses_an_existing_one(qtbot, open_window, sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    fresh = tmp_path / "fresh"
    window.files.create_database(fresh)
    wait_idle(qtbot, window)
    assert (tmp_path / "fresh.sqlite3").exists()
    assert window.session.database is not None and window.session.database.target.endswith("fresh.sqlite3")
    window.files.create_database(Path(sqlite_url))
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "already exists" in boxes[-1].text()


def test_dropped_files_open_the_import_options_dialog(qtbot, open_window, sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    article = tmp_path / "dropped.txt"
    article.write_text("A dropped article about the harbour.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    # As Qt delivers a drag from the file manager: it enters (and is accepted), then drops.
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QGuiApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QGuiApplication.sendEvent(window, drop)
    dialog = window.findChild(ImportOptionsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.paths == [article]
    dialog.accept()
    wait_idle(qtbot, window)
    assert window.articles.model.rowCount() == len(ARTICLES) + 1


def test_cli_flags_are_told_as_the_windows_options() -> None:
    message = (
        "a.csv: line 3: byte 0xe9 is not UTF-8 text; it may be cp1252: pass --encoding cp1252, or convert it"
    )
    assert for_window(message) == (
        'a.csv: line 3: byte 0xe9 is not UTF-8 text; it may be cp1252: choose cp1252 under "Encoding" '
        "in the Import options dialog, or convert it"
    )
    assert "--" not in for_window("x: unknown label 'FOO' (known labels: A; use --add-labels to add it)")
    assert "--" not in for_window("cannot tell which JSON format; pass --format (one of jsonl, brat)")


def test_an_import_with_skipped_lines_shows_a_warning(qtbot, open_window, sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    data = tmp_path / "broken.jsonl"
    data.write_text('{"text": "A fine article."}\n{"text": 5}\n', encoding="utf-8")
    window.files.start_import([data])
    wait_idle(qtbot, window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and boxes[-1].icon() == QMessageBox.Icon.Warning
    assert "Import finished" in boxes[-1].text()
