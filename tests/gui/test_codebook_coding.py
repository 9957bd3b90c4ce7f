"""Coding span attributes and document variables from the keyboard in the real window, undo, Mark done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.types import DocStatus, LabelSchema, Span
from annotator.project import Workspace
from tests.gui.codebook_data import ARTICLES, CODEBOOK
from tests.gui.conftest import seed
from tests.gui.helpers import press, select_text, shown, view, wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focused() -> Any:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _key(
    qtbot: Any, window: Any, key: Any, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key on the widget that has the keyboard, and wait for what it started."""
    qtbot.keyClick(_focused(), key, modifier)
    wait_idle(qtbot, window)


def _type(qtbot: Any, window: Any, text: str) -> None:
    qtbot.keyClicks(_focused(), text)
    wait_idle(qtbot, window)


def _attributes(target: str, doc_id: int) -> dict[str, Any]:
    with Workspace.open(target) as ws:
        (span,) = ws.spans(doc_id, annotator="alice")
        return dict(span.attributes)


def _values(target: str, doc_id: int, annotator: str = "alice") -> dict[str, Any]:
    with Workspace.open(target) as ws:
        return {v.label: v.value for v in ws.values(doc_id, annotator=annotator)}


def test_attributes_are_coded_from_the_keyboard_and_undone(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    panel = window.codebook.attributes
    assert panel.empty.isVisible() and not panel.fields  # nothing selected yet
    select_text(window, "The mayor")
    press(qtbot, window, "2")  # SOURCE: the new span is selected, its attributes shown
    assert list(panel.fields) == ["type", "named", "quotes", "title"]
    assert panel.header.text() == "SOURCE  “The mayor”"

    press(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    assert _focused() is panel.fields["type"]
    _key(qtbot, window, "1")  # official
    assert _attributes(sqlite_url, doc_id) == {"type": "official"}
    _key(qtbot, window, Qt.Key.Key_Tab)
    _key(qtbot, window, "1")  # named: yes
    _key(qtbot, window, Qt.Key.Key_Tab)
    _type(qtbot, window, "3")
    _key(qtbot, window, Qt.Key.Key_Return)
    _key(qtbot, window, Qt.Key.Key_Tab)
    _type(qtbot, window, "Mayor <of> Eastfield")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _attributes(sqlite_url, doc_id) == {
        "type": "official",
        "named": True,
        "quotes": 3,
        "title": "Mayor <of> Eastfield",
    }
    assert window.commands.undo.text() == "&Undo set attributes"

    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the title, one operation
    assert "title" not in _attributes(sqlite_url, doc_id)
    assert panel.fields["title"].text() == ""
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the number
    assert _attributes(sqlite_url, doc_id) == {"type": "official", "named": True}
    assert panel.fields["quotes"].value_or_none() is None

    press(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    _key(qtbot, window, "0")  # type: not coded
    assert _attributes(sqlite_url, doc_id) == {"named": True}
    _key(qtbot, window, Qt.Key.Key_Escape)  # back to the text
    assert _focused() is view(window)


def test_attributes_panel_follows_the_selection_and_empty_states(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    text = ARTICLES[0][1]
    council, mayor = text.index("council"), text.index("The mayor")
    spans: dict[int, Sequence[Span]] = {
        0: [
            Span(council, council + 7, "CUE"),
            Span(mayor, mayor + 9, "SOURCE", attributes={"type": "expert"}),
        ]
    }
    seed(sqlite_url, ARTICLES, spans, schema=CODEBOOK)
    window = open_window(sqlite_url)
    panel = window.codebook.attributes
    cue, source = sorted(window.article.spans, key=lambda s: s.start)
    window.article.select(source.id)
    assert panel.fields["type"].currentText() == "2  expert"
    assert panel.fields["named"].currentText() == "not coded"
    window.article.select(cue.id)
    assert not panel.fields and panel.empty.text() == "CUE has no attributes."
    window.article.select(None)
    assert panel.empty.text() == "Select an annotation to code its attributes."


def test_document_variables_are_coded_from_the_keyboard_blind_and_undone(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    panel = window.codebook.document
    assert list(panel.fields) == ["FRAME", "TOPICS", "TONE", "SUMMARY"]
    assert panel.names["FRAME"].text() == "FRAME *"  # required

    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert _focused() is panel.fields["FRAME"]
    _key(qtbot, window, "2")  # economic
    _key(qtbot, window, Qt.Key.Key_Tab)
    assert _focused() is panel.fields["TOPICS"]
    _key(qtbot, window, "1")
    _key(qtbot, window, "3")  # politics and health
    _key(qtbot, window, Qt.Key.Key_Tab)
    _type(qtbot, window, "4")
    _key(qtbot, window, Qt.Key.Key_Tab)  # leaving the number commits it
    assert _focused() is panel.fields["SUMMARY"]
    _type(qtbot, window, "The wall <b>is</b> approved.")
    _key(qtbot, window, Qt.Key.Key_Tab)
    assert _values(sqlite_url, doc_id) == {
        "FRAME": "economic",
        "TOPICS": ["politics", "health"],
        "TONE": 4,
        "SUMMARY": "The wall <b>is</b> approved.",
    }
    assert _values(sqlite_url, doc_id, "bob") == {}  # blind: another coder has none
    with Workspace.open(sqlite_url) as ws:
        assert ws.article(doc_id, annotator="alice").status == DocStatus.IN_PROGRESS

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert "SUMMARY" not in _values(sqlite_url, doc_id)
    assert panel.fields["SUMMARY"].text() == ""
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    _key(qtbot, window, "0")  # FRAME: not coded
    _key(qtbot, window, Qt.Key.Key_Tab)
    _key(qtbot, window, "1")  # politics off again
    assert _values(sqlite_url, doc_id) == {"TOPICS": ["health"], "TONE": 4}
    assert panel.fields["FRAME"].currentText() == "not coded"

    window.coding.step(1)  # the next article has values of its own: none
    wait_idle(qtbot, window)
    assert panel.fields["TOPICS"].value() is None
    assert panel.fields["TONE"].value_or_none() is None


def test_a_required_variable_blocks_mark_done_with_a_message(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert "FRAME" in window.statusBar().currentMessage()
    assert "not marked done" in window.statusBar().currentMessage()
    assert window.article.doc_id == doc_id  # it stays open
    assert _focused() is window.codebook.document.fields["FRAME"]
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "messageBox" and w.isVisible()]
    with Workspace.open(sqlite_url) as ws:
        assert ws.article(doc_id, annotator="alice").status == DocStatus.TODO

    _key(qtbot, window, "1")  # conflict
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    with Workspace.open(sqlite_url) as ws:
        assert ws.article(doc_id, annotator="alice").status == DocStatus.DONE
    assert window.article.doc_id != doc_id  # on to the next one


def test_guidelines_are_plain_text_tooltips(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    model = window.label_palette.model()
    cue = shown(model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole))
    assert cue == "The attributing words.\nExamples:\n  • said\n  • according to\nHotkey 3"
    source = shown(model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole))
    assert "Attributes: type, named, quotes, title" in source
    frame = window.codebook.document.fields["FRAME"]
    assert shown(frame.toolTip()).startswith("The article's dominant frame.")
    assert "Required before Mark done." in shown(frame.toolTip())
    assert shown(frame.itemData(1, Qt.ItemDataRole.ToolTipRole) or "") == ""

    select_text(window, "The mayor")
    press(qtbot, window, "2")
    type_field = window.codebook.attributes.fields["type"]
    assert (
        shown(type_field.toolTip())
        == "What kind of source speaks.\nOne of official, expert, citizen, anonymous"
    )
    official = type_field.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert shown(official) == "Speaks for an office.\nExamples:\n  • the mayor"


def test_the_codebook_view_shows_the_guidelines_and_follows_changes(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    text = window.codebook.view.toPlainText()
    for line in (
        "■ SOURCE  key 2",
        "Who a statement is attributed to.",
        "type  choice",
        "1  official — Speaks for an office.",
        "e.g. the mayor",
        "■ ATTRIBUTED_TO  CLAIM → SOURCE",
        "FRAME  choice, required",
        "TONE  number",
        "A number from 1 to 5",
        "checkable  choice, ordinal",
    ):
        assert line in text.splitlines(), line
    assert window.codebook.view.isReadOnly()

    with Workspace.open(sqlite_url) as ws:  # another coder's change, seen on F5
        schema = ws.schema("p")
        labels = [
            replace(lab, description="Said, told, <b>wrote</b>.") if lab.name == "CUE" else lab
            for lab in schema.labels
        ]
        ws.codebook.update("p", LabelSchema(tuple(labels)))
    window.reload_action.trigger()
    wait_idle(qtbot, window)
    assert "Said, told, <b>wrote</b>." in window.codebook.view.toPlainText().splitlines()


def test_typed_text_is_stored_for_the_article_it_was_typed_for(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    first = window.article.doc_id
    select_text(window, "The mayor")
    press(qtbot, window, "2")
    span_id = window.article.selected
    title = window.codebook.attributes.fields["title"]
    title.setFocus()
    qtbot.keyClicks(title, "mayor")
    window.commands.next.trigger()  # PageDown, the text not yet committed
    wait_idle(qtbot, window)
    assert window.article.doc_id != first
    with Workspace.open(sqlite_url) as ws:
        (span,) = ws.spans(first, annotator="alice")
    assert span.id == span_id and span.attributes == {"title": "mayor"}

    window.commands.previous.trigger()
    wait_idle(qtbot, window)
    window.codebook.document.focus_variable("SUMMARY")
    qtbot.keyClicks(window.codebook.document.fields["SUMMARY"], "A wall.")
    window.commands.next.trigger()
    wait_idle(qtbot, window)
    assert _values(sqlite_url, first) == {"SUMMARY": "A wall."}
    assert _values(sqlite_url, window.article.doc_id) == {}


def test_the_document_panel_of_a_codebook_without_variables_says_so_and_nothing_else(
    qtbot, open_window, sqlite_url
):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, {})  # the default codebook: span labels only
    window = open_window(sqlite_url)
    panel = window.codebook.document
    assert not panel.fields
    assert panel.empty.isVisible() and "no document variables" in panel.empty.text()
    assert not panel.hint.isVisible()  # no variable is required, so no footnote about one
