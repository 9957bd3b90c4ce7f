"""A long article title takes at most three lines, cut with an ellipsis; the full title stays at hand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from annotator.core.types import AnnotatedDocument, Document
from annotator.gui.clamped_label import ELLIPSIS
from annotator.project import Workspace
from tests.gui.conftest import seed
from tests.gui.helpers import shown

WORDS = "Council approves the harbour wall after a night of debate while fishermen, residents and the mayor "
LONG = (WORDS * 4)[:300].rstrip()
BODY = "The council voted to build the wall. Residents cheered loudly."


def _title(window: Any) -> Any:
    title = window.findChild(QLabel, "articleTitle")
    assert title is not None
    return title


def _narrow(qtbot: Any, window: Any, width: int) -> None:
    """Give the article pane `width` pixels (docks and all), and let the layout settle."""
    window.resize(window.width() - window.pane.width() + width, window.height())
    qtbot.waitUntil(lambda: abs(window.pane.width() - width) <= 2)


def _line_count(title: Any) -> int:
    return title.text().count("\n") + 1


def test_long_title_takes_at_most_three_lines(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [(LONG, BODY)])
    window = open_window(sqlite_url)
    title = _title(window)
    _narrow(qtbot, window, 320)
    spacing = QFontMetrics(title.font()).lineSpacing()
    assert title.height() <= 3 * spacing
    assert _line_count(title) == 3 and title.text().endswith(ELLIPSIS)
    for line in title.text().split("\n"):  # every line fits the label's width (trailing spaces hang)
        assert QFontMetrics(title.font()).horizontalAdvance(line.rstrip()) <= title.contentsRect().width()
    # The text starts right below the title and the metadata line, not lines further down.
    view = window.findChild(QPlainTextEdit, "articleView")
    meta = window.findChild(QLabel, "articleMeta")
    assert view.geometry().top() <= title.geometry().top() + 3 * spacing + meta.height() + 3 * 8
    # The whole title: kept, in the tooltip (shown literally), and for assistive technology.
    assert title.full_text() == LONG
    assert shown(title.toolTip()) == LONG
    assert title.accessibleName() == LONG
    # The shown lines are the title's own beginning.
    assert LONG.startswith(title.text().removesuffix(ELLIPSIS).replace("\n", "").rstrip())


def test_title_is_wrapped_again_when_the_pane_is_resized(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [(LONG, BODY)])
    window = open_window(sqlite_url)
    title = _title(window)
    spacing = QFontMetrics(title.font()).lineSpacing()
    _narrow(qtbot, window, 300)
    narrow = title.text()
    _narrow(qtbot, window, 560)
    wide = title.text()
    assert len(wide) > len(narrow)  # more of the title fits
    assert title.height() <= 3 * spacing
    window.resize(3000, window.height())  # wider than the screen: the whole title fits
    qtbot.waitUntil(lambda: not title.is_cut())
    assert title.text().replace("\n", "") == LONG and title.toolTip() == ""
    _narrow(qtbot, window, 300)
    assert title.text() == narrow and title.is_cut()


def test_copying_gives_the_full_title(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [(LONG, BODY)])
    window = open_window(sqlite_url)
    title = _title(window)
    _narrow(qtbot, window, 320)
    assert title.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    clipboard = QGuiApplication.clipboard()

    title.setSelection(0, len(title.text()))  # all of it, ellipsis included (ASCII title: units = chars)
    qtbot.keyClick(title, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == LONG

    title.setSelection(8, 8)  # inside the first line: just that
    qtbot.keyClick(title, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == LONG[8:16]

    second = title.text().index("\n") + 1  # from the second line through the ellipsis: the rest
    title.setSelection(second, len(title.text()) - second)
    qtbot.keyClick(title, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == LONG[len(title.text().split("\n")[0]) :]

    clipboard.clear()
    title.setSelection(0, 0)
    menu = title.context_menu()
    (copy_all,) = [a for a in menu.actions() if a.text() == "Copy &full text"]
    copy_all.trigger()
    assert clipboard.text() == LONG
    menu.deleteLater()


def test_short_title_is_shown_whole_without_a_tooltip(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Harbour vote passes", BODY)])
    window = open_window(sqlite_url)
    title = _title(window)
    _narrow(qtbot, window, 400)
    assert title.text() == "Harbour vote passes" and not title.is_cut()
    assert title.toolTip() == ""
    assert title.height() <= QFontMetrics(title.font()).lineSpacing()


def test_unbreakable_title_with_line_breaks_and_emoji(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    # A run-together headline breaks anywhere (never widening the window); line breaks in a
    # title read as spaces; emoji sequences are never split.
    family = "👩\u200d👩\u200d👧"
    title_text = "First\nline " + "x" * 40 + family * 30 + "\u2028end"
    seed(sqlite_url, [(title_text, BODY)])
    window = open_window(sqlite_url)
    title = _title(window)
    _narrow(qtbot, window, 300)
    assert window.pane.width() <= 302  # the title did not force the pane wider
    assert title.height() <= 3 * QFontMetrics(title.font()).lineSpacing()
    assert title.text().replace("\n", "").startswith("First line " + "x" * 40 + family) and title.is_cut()
    assert title.full_text() == title_text
    for line in title.text().removesuffix(ELLIPSIS).split("\n"):  # no family split across lines
        assert not line.endswith(("👩", "\u200d")) and not line.startswith(("\u200d", "👧"))
    title.setSelection(0, len(title.text().encode("utf-16-le")) // 2)
    qtbot.keyClick(title, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == title_text


def test_long_url_in_the_metadata_neither_widens_the_window_nor_takes_the_page(
    qtbot, sqlite_url, open_window
):  # type: ignore[no-untyped-def]
    url = "https://example.org/news/" + "harbour-wall-vote-" * 20 + "?ref=" + "x" * 60
    with Workspace.open(sqlite_url) as ws:
        ws.create_project("p")
        ws.import_records(
            "p",
            [AnnotatedDocument(Document(BODY, "Vote", meta={"outlet": "Test Gazette", "url": url}), ())],
            source="fixture.jsonl",
        )
    window = open_window(sqlite_url)
    meta = window.findChild(QLabel, "articleMeta")
    _narrow(qtbot, window, 320)
    assert window.pane.minimumSizeHint().width() < 320  # a URL does not force the pane wider
    assert meta.height() <= 2 * QFontMetrics(meta.font()).lineSpacing()
    assert meta.is_cut() and meta.text().endswith(ELLIPSIS)
    assert meta.full_text() == f"Test Gazette  ·  {url}"
    assert shown(meta.toolTip()) == meta.full_text()
