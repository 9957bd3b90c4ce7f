"""User text in tooltips, prompts, menus and window titles is shown as typed, never read as markup."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QToolTip

from annotator.core.types import Label, LabelSchema, Origin, Span
from annotator.gui.article_view import span_tooltip
from annotator.gui.banner import Banner
from annotator.gui.plain import plain
from tests.gui.conftest import seed
from tests.gui.helpers import db_spans, press, select_text, shown, wait_idle

HOSTILE = "<b>x</b><img src=y>"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;&lt;img src=y&gt;"
BODY = "The council voted to build the wall. Residents cheered loudly."
# Label names may hold markup and ampersands, never spaces.
ODD = "<b>R&D</b>"
SCHEMA = LabelSchema(
    (
        Label(ODD, colour="#F5C26B", hotkey="1", description=HOSTILE),
        Label("SOURCE", colour="#7FC4EC", hotkey="2"),
    )
)


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "a &lt; b and a &amp; b",  # entities read as HTML would show as "<" and "&"
        "<!doctype html><p>page</p>",
        "  two  spaces, kept  ",
        "first line\nsecond <i>line</i>\n\nafter a blank line",
        "tab\tand emoji 👩\u200d👩\u200d👧 and e\u0301",
        "plain words",
    ],
)
def test_plain_is_shown_exactly_as_typed(text: str) -> None:
    assert shown(plain(text)) == text


def test_raw_user_text_would_be_read_as_markup() -> None:
    # The trap the helper exists for: Qt guesses rich text from the first line's tags and entities.
    assert shown(HOSTILE) == "x\ufffc"  # a bold x, then an image (the object replacement character)
    assert shown("a &lt; b") == "a < b"


def test_plain_of_nothing_is_nothing() -> None:
    assert plain("") == ""  # an empty tooltip hides, never shows an empty box


def _tooltip_of(view: Any, index: Any) -> str:
    """Hover an item of a view: the tooltip Qt really shows."""
    point = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def test_article_list_tooltip_shows_the_title_literally(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [(HOSTILE, BODY)])
    window = open_window(sqlite_url)
    model = window.articles.model
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tip and "<b>" not in tip
    assert shown(tip) == HOSTILE
    assert _tooltip_of(window.articles.view, model.index(0, 0)) == tip


def test_annotation_list_tooltip_shows_the_note_literally(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Vote", BODY)], {0: [Span(4, 11, "CLAIM", note=HOSTILE, origin=Origin.IMPORTED)]})
    window = open_window(sqlite_url)
    model = window.annotations.model()
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tip and "<b>" not in tip
    assert shown(tip) == HOSTILE
    assert _tooltip_of(window.annotations, model.index(0, 2)) == tip


def test_palette_tooltip_shows_the_description_literally(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Vote", BODY)], schema=SCHEMA)
    window = open_window(sqlite_url)
    model = window.label_palette.model()
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tip and "<b>" not in tip
    assert shown(tip) == f"{HOSTILE}\nHotkey 1"
    assert shown(model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)) == "Hotkey 2"


def test_span_tooltip_shows_label_and_note_literally() -> None:
    span = Span(0, 3, ODD, annotator="a<i>lice", note=HOSTILE)
    tip = f"{ODD} — a<i>lice\nCodebook version not recorded (imported without one)\nNote: {HOSTILE}"
    assert shown(span_tooltip([span])) == tip
    made = Span(0, 3, ODD, annotator="a<i>lice", codebook_version=1)
    assert (
        shown(span_tooltip([made], current_version=2)) == f"{ODD} — a<i>lice\nMade under codebook v1 (now v2)"
    )


def test_banner_details_tooltip_is_literal(qtbot):  # type: ignore[no-untyped-def]
    banner = Banner("testBanner", "error")
    qtbot.addWidget(banner)
    details = f"cannot open /data/{HOSTILE}.sqlite3\nThe next action tries again."
    banner.show_message("Connection lost", details)
    assert ESCAPED in banner.toolTip() and "<b>" not in banner.toolTip()
    assert shown(banner.toolTip()) == details
    assert banner.details == details
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    banner.dismiss()
    assert banner.toolTip() == "" and banner.details == ""


def _menu_shows(text: str) -> str:
    """What a menu shows for an action's text: "&&" is one "&", a lone "&" marks the shortcut letter."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def test_undo_and_redo_name_an_odd_label_as_typed(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Vote", BODY)], schema=SCHEMA)
    window = open_window(sqlite_url)
    select_text(window, "voted")
    press(qtbot, window, "1")
    undo, redo = window.commands.undo, window.commands.redo
    # The menu entry reads as typed once Qt takes its mnemonic markers out; the toolbar keeps one word.
    assert _menu_shows(undo.text()) == f"Undo add {ODD}"
    assert undo.iconText() == "Undo"
    assert shown(undo.toolTip()) == f"Undo add {ODD}"
    window.coding.undo()
    wait_idle(qtbot, window)
    assert _menu_shows(redo.text()) == f"Redo add {ODD}"
    assert shown(redo.toolTip()) == f"Redo add {ODD}"
    assert shown(undo.toolTip()) == "Undo"


def test_note_prompt_names_an_odd_label_as_typed(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, [("Vote", BODY)], schema=SCHEMA)
    window = open_window(sqlite_url)
    select_text(window, "voted")
    press(qtbot, window, "1")
    # A prompt that blocked (exec) would hang the test: close the modal dialog after a while.
    QTimer.singleShot(10_000, window, lambda: (m := QApplication.activeModalWidget()) and m.close())
    window.commands.note.trigger()
    dialog = window.findChild(QInputDialog, "textPrompt")
    assert dialog is not None and dialog.isVisible()
    (label,) = [w for w in dialog.findChildren(QLabel) if w.text()]
    assert label.textFormat() == Qt.TextFormat.AutoText  # Qt's default here: the text must be escaped
    assert shown(label.text()) == f"Note on this {ODD} annotation:"
    dialog.setTextValue(HOSTILE)
    dialog.accept()
    wait_idle(qtbot, window)
    (span,) = db_spans(sqlite_url, window.article.document.id)
    assert span.note == HOSTILE


def test_window_title_keeps_a_literal_placeholder(open_window, sqlite_url):  # type: ignore[no-untyped-def]
    name = "Desk [*] <b>news</b>"
    seed(sqlite_url, [("Vote", BODY)], project=name)
    window = open_window(sqlite_url, name)
    assert window.windowHandle().title() == f"{name} — Annotator"


def test_recent_databases_menu_shows_the_path_as_typed(open_window, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "R&D <i>desk"
    folder.mkdir()
    target = str(folder / "news.sqlite3")
    seed(target, [("Vote", BODY)])
    window = open_window(target)
    texts = [a.iconText() for a in window.commands.recent_menu.actions()]
    assert target in texts
