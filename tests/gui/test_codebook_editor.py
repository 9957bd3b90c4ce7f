"""The codebook editor in the real window: add, edit, reorder, save as one operation; rename, merge, delete at once; undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.core.codebook import ValueType
from annotator.core.types import LabelKind, LabelSchema, Span
from annotator.gui.codebook_draft import Node
from annotator.project import Workspace
from tests.gui.codebook_data import ARTICLES, CODEBOOK
from tests.gui.conftest import seed
from tests.gui.helpers import wait_idle


def _schema(target: str) -> LabelSchema:
    with Workspace.open(target) as ws:
        return ws.schema("p")


def _editor(qtbot: Any, window: Any) -> Any:
    window.commands.codebook.trigger()
    editor = window.codebook.editor
    assert editor is not None and editor.isVisible()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def _type(qtbot: Any, text: str) -> None:
    """Type into the field that has the keyboard (a new item's name, all of it selected)."""
    widget = QApplication.focusWidget()
    assert widget is not None and widget.objectName() == "nameEdit"
    qtbot.keyClicks(widget, text)


def _select(editor: Any, name: str) -> Node:
    node = Node(next(i for i, lab in enumerate(editor.draft.labels) if lab.name == name))
    editor.tree.setCurrentIndex(editor.model.index_of(node))
    assert editor.current == node
    return node


def _prompt(editor: Any, text: str) -> None:
    """Answer the open text prompt (rename, merge)."""
    dialog = next(d for d in editor.findChildren(QInputDialog) if d.isVisible())
    dialog.setTextValue(text)
    dialog.accept()


def test_editor_adds_a_variable_and_a_value_saved_as_one_undoable_operation(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    editor = _editor(qtbot, window)
    qtmodeltester_model = editor.model
    assert qtmodeltester_model.rowCount() == len(CODEBOOK.labels)

    editor.add_label(LabelKind.DOCUMENT)
    _type(qtbot, "GENRE")
    assert editor.model.data(editor.model.index_of(editor.current)) == "GENRE"
    editor.save()  # a choice without values is refused, with the reason, and the dialog stays
    wait_idle(qtbot, window)
    assert "GENRE" in editor.message.text() and "non-empty list of values" in editor.message.text()
    assert editor.isVisible() and _schema(sqlite_url) == CODEBOOK
    for value in ("news", "opinion"):
        editor.add_value()
        _type(qtbot, value)
    _select(editor, "FRAME")
    editor.add_value()
    _type(qtbot, "security")
    editor.value_form.description.setPlainText("New: <i>security</i> frames.")
    editor.save_button.click()
    wait_idle(qtbot, window)
    assert editor.message.text().startswith("Saved: codebook version")
    stored = _schema(sqlite_url)
    genre = stored.get("GENRE")
    assert genre is not None and genre.spec is not None
    assert genre.spec.type == ValueType.CHOICE and genre.spec.names() == ("news", "opinion")
    frame = stored.get("FRAME")
    assert frame is not None and frame.spec is not None and frame.spec.names()[-1] == "security"
    assert frame.spec.choices[-1].description == "New: <i>security</i> frames."
    assert "GENRE" in window.codebook.document.fields  # the window follows the codebook
    assert not editor.draft.dirty

    window.commands.undo.trigger()  # Edit > Undo in the window: the whole edit at once
    wait_idle(qtbot, window)
    assert _schema(sqlite_url) == CODEBOOK
    assert "GENRE" not in window.codebook.document.fields
    assert [lab.name for lab in editor.draft.labels] == [lab.name for lab in CODEBOOK.labels]


def test_editor_refuses_a_hotkey_clash_naming_the_other_label(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    editor = _editor(qtbot, window)
    _select(editor, "CUE")
    combo = editor.label_form.hotkey
    combo.setCurrentIndex(combo.findData("2"))
    combo.activated.emit(combo.currentIndex())
    editor.label_form.set_colour("#224466")
    editor.save()
    wait_idle(qtbot, window)
    assert "hotkey 2 is already used by 'SOURCE'" in editor.message.text()
    assert editor.isVisible() and editor.draft.dirty
    assert _schema(sqlite_url) == CODEBOOK
    combo.setCurrentIndex(combo.findData("4"))
    combo.activated.emit(combo.currentIndex())
    editor.save()
    wait_idle(qtbot, window)
    cue = _schema(sqlite_url).get("CUE")
    assert cue is not None and (cue.hotkey, cue.colour) == ("4", "#224466")
    assert window.session.schema.by_hotkey("4") == cue


def test_editor_reorders_and_edits_attributes(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    editor = _editor(qtbot, window)
    source = _select(editor, "SOURCE")
    editor.move_current(-1)  # above CLAIM
    assert editor.current == Node(0)
    added = editor.add_attribute()
    assert added == Node(0, 4)
    _type(qtbot, "gender")
    spec = editor.attribute_form.spec
    spec.type.setCurrentIndex(spec.type.findData("multi"))
    spec.type.activated.emit(spec.type.currentIndex())
    editor.add_value()
    _type(qtbot, "woman")
    editor.save()
    wait_idle(qtbot, window)
    stored = _schema(sqlite_url)
    assert [lab.name for lab in stored.span_labels()] == ["SOURCE", "CLAIM", "CUE"]
    label = stored.get("SOURCE")
    assert label is not None and [a.name for a in label.attributes][-1] == "gender"
    assert label.attributes[-1].spec.names() == ("woman",)
    assert source  # the node the test started from


def test_editor_renames_and_deletes_a_label_with_confirmation(qtbot, open_window, sqlite_url, monkeypatch):  # type: ignore[no-untyped-def]
    text = ARTICLES[0][1]
    claims = [
        Span(text.index(word), text.index(word) + len(word), "CLAIM", annotator="alice")
        for word in ("voted", "48 million")
    ]
    seed(sqlite_url, ARTICLES, {0: claims}, schema=CODEBOOK)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    editor = _editor(qtbot, window)
    _select(editor, "CLAIM")
    assert editor.label_form.name.isReadOnly()  # a stored name changes by its own operation
    editor.label_form.rename.click()
    _prompt(editor, "ASSERTION")
    wait_idle(qtbot, window)
    stored = _schema(sqlite_url)
    assert stored.get("CLAIM") is None and stored.get("ASSERTION") is not None
    relation = stored.get("ATTRIBUTED_TO")
    assert relation is not None and relation.head == "ASSERTION"
    with Workspace.open(sqlite_url) as ws:
        assert {s.label for s in ws.spans(doc_id, annotator="alice")} == {"ASSERTION"}
    assert editor.draft.labels[0].name == "ASSERTION" and not editor.draft.dirty

    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    _select(editor, "ASSERTION")
    editor.delete.click()
    wait_idle(qtbot, window)
    assert "ASSERTION carries 2 annotation(s): 2 span(s)" in asked[-1]
    assert _schema(sqlite_url).get("ASSERTION") is not None  # No: nothing happened

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    editor.delete.click()
    wait_idle(qtbot, window)
    stored = _schema(sqlite_url)
    assert stored.get("ASSERTION") is None and stored.get("ATTRIBUTED_TO") is None
    with Workspace.open(sqlite_url) as ws:
        assert ws.spans(doc_id, annotator="alice") == []
    assert "ASSERTION" not in [lab.name for lab in editor.draft.labels]

    window.commands.undo.trigger()
    wait_idle(qtbot, window)
    assert _schema(sqlite_url).get("ASSERTION") is not None
    with Workspace.open(sqlite_url) as ws:
        assert len(ws.spans(doc_id, annotator="alice")) == 2
    assert "ASSERTION" in [lab.name for lab in editor.draft.labels]


def test_editor_merges_a_label_and_renames_a_value(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    text = ARTICLES[0][1]
    mayor = text.index("The mayor")
    spans = [
        Span(mayor, mayor + 9, "SOURCE", annotator="alice", attributes={"type": "official"}),
        Span(text.index("said"), text.index("said") + 4, "CUE", annotator="alice"),
    ]
    seed(sqlite_url, ARTICLES, {0: spans}, schema=CODEBOOK)
    window = open_window(sqlite_url)
    doc_id = window.article.doc_id
    editor = _editor(qtbot, window)
    source = _select(editor, "SOURCE")
    official = Node(source.label, 0, 0)
    editor.tree.setCurrentIndex(editor.model.index_of(official))
    editor.value_form.rename.click()
    _prompt(editor, "office holder")
    wait_idle(qtbot, window)
    with Workspace.open(sqlite_url) as ws:
        found = {s.label: s for s in ws.spans(doc_id, annotator="alice")}
    assert found["SOURCE"].attributes == {"type": "office holder"}

    _select(editor, "CUE")
    editor.label_form.merge.click()
    _prompt(editor, "CLAIM")
    wait_idle(qtbot, window)
    assert _schema(sqlite_url).get("CUE") is None
    with Workspace.open(sqlite_url) as ws:
        assert sorted(s.label for s in ws.spans(doc_id, annotator="alice")) == ["CLAIM", "SOURCE"]
    assert editor.current is not None and editor.draft.label(editor.current).name == "CLAIM"


def test_editor_model_and_unsaved_edits(qtbot, qtmodeltester, open_window, sqlite_url, monkeypatch):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    editor = _editor(qtbot, window)
    qtmodeltester.check(editor.model)
    editor.add_label(LabelKind.SPAN)
    _type(qtbot, "QUOTE")
    qtmodeltester.check(editor.model)
    assert editor.isWindowModified()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    editor.reject()
    assert editor.isVisible()  # kept: the edits are not saved
    editor.revert()
    assert not editor.draft.dirty
    editor.reject()
    assert not editor.isVisible()


@pytest.mark.parametrize("kind", [LabelKind.SPAN, LabelKind.RELATION])
def test_a_new_label_gets_the_next_colour_and_hotkey(qtbot, open_window, sqlite_url, kind):  # type: ignore[no-untyped-def]
    seed(sqlite_url, ARTICLES, schema=CODEBOOK)
    window = open_window(sqlite_url)
    editor = _editor(qtbot, window)
    node = editor.add_label(kind)
    label = editor.draft.label(node)
    assert label.colour not in {lab.colour for lab in CODEBOOK.labels}
    assert label.hotkey == ("4" if kind == LabelKind.SPAN else "")


@pytest.mark.parametrize("what", ["panels", "editor"])
def test_screenshot_with_the_codebook(qapp, tmp_path, what):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from annotator.cli import main

    out = tmp_path / f"{what}.png"
    assert main(["screenshot", str(out), "--codebook", what]) == 0
    image = QImage(str(out))
    assert image.width() == 1280 and image.height() == 800
    colours = {image.pixelColor(x, y).name().upper() for x in range(0, 1280, 3) for y in range(0, 800, 3)}
    assert "#7FC4EC" in colours  # the SOURCE colour: a highlight, or the editor's swatch
