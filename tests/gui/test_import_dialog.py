"""File > Import from the window: the "Import options" dialog passes format options to the project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui.import_dialog import AUTO_ENCODING, ImportChoices, ImportOptionsDialog
from annotator.project import Workspace, check_import_options, import_formats
from tests.gui.conftest import seed
from tests.gui.helpers import wait_idle

# Fictional article text with characters Windows-1252 stores in single bytes that are not UTF-8.
BODY = "Café owners “welcomed” the plan – at €5 a week, déjà vu for the council."
TITLE = "Harbour café fees"


def _cp1252_csv(folder: Path) -> Path:
    path = folder / "articles.csv"
    rows = ["id,headline,body", f'a-1,{TITLE},"{BODY}"']
    path.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    return path


def _texts(target: str) -> list[str]:
    with Workspace.open(target) as ws:
        docs = ws.list_documents("p", annotator=None, limit=100)
        return [ws.document(d.id).text for d in docs]


def _open_dialog(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, paths: list[Path]
) -> ImportOptionsDialog:
    """Choose files through File > Import (the file dialog answered) and return the options dialog."""
    offered: list[str] = []

    def fake_open(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        offered.append(filters)
        return [str(p) for p in paths], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_open))
    window.commands.import_files.trigger()
    assert "*.csv" in offered[0] and "*.html" in offered[0]  # the file dialog offers every import format
    dialog = window.findChild(QDialog, "importOptions")
    assert isinstance(dialog, ImportOptionsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _button(dialog: QDialog, which: QDialogButtonBox.StandardButton) -> Any:
    box = dialog.findChild(QDialogButtonBox, "importButtons")
    assert box is not None
    return box.button(which)


def _visible_boxes(window: Any) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_cp1252_csv_with_a_body_column_imports_exactly(qtbot, open_window, sqlite_url, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    seed(sqlite_url, articles=[])
    window = open_window(sqlite_url)
    source = _cp1252_csv(tmp_path)
    dialog = _open_dialog(qtbot, window, monkeypatch, [source])
    assert dialog.format_box.currentData() == "auto" and dialog.csv_group.isEnabled()
    assert dialog.encoding_box.currentText() == AUTO_ENCODING and dialog.skip_invalid.isChecked()
    assert not dialog.add_labels.isChecked()

    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findText("Windows-1252"))
    qtbot.keyClicks(dialog.text_column, "body")
    qtbot.keyClicks(dialog.title_column, "headline")
    qtbot.keyClicks(dialog.id_column, "id")
    qtbot.keyClick(dialog.id_column, Qt.Key.Key_Return)  # Return presses the default button
    wait_idle(qtbot, window)
    assert not window.transfer.running

    assert _texts(sqlite_url) == [BODY]
    with Workspace.open(sqlite_url) as ws:
        (doc,) = ws.list_documents("p", annotator=None)
        stored = ws.document(doc.id)
    assert (stored.title, stored.external_id) == (TITLE, "a-1")
    assert window.articles.model.total == 1
    (box,) = _visible_boxes(window)
    assert "1 document(s) imported" in box.text()
    assert "read as Windows-1252 (as asked)" in box.detailedText()

    again = ImportOptionsDialog([source], ImportChoices.remembered())
    qtbot.addWidget(again)
    assert again.choices() == ImportChoices(
        encoding="Windows-1252", text_column="body", title_column="headline", id_column="id"
    )
    assert again.encoding_box.currentText() == "Windows-1252"


def test_default_choices_refuse_that_csv_and_say_why(qtbot, open_window, sqlite_url, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    seed(sqlite_url, articles=[])
    window = open_window(sqlite_url)
    dialog = _open_dialog(qtbot, window, monkeypatch, [_cp1252_csv(tmp_path)])
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not window.transfer.running
    assert _texts(sqlite_url) == []
    (box,) = _visible_boxes(window)
    assert "0 document(s) imported" in box.text()
    assert "articles.csv: line 2" in box.detailedText() and "is not UTF-8 text" in box.detailedText()


def test_cancel_imports_nothing(qtbot, open_window, sqlite_url, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    dialog = _open_dialog(qtbot, window, monkeypatch, [_cp1252_csv(tmp_path)])
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findText("Windows-1252"))
    dialog.text_column.setText("body")
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and not window.transfer.running
    assert len(_texts(sqlite_url)) == 4 and BODY not in _texts(sqlite_url)
    assert _visible_boxes(window) == []
    assert ImportChoices.remembered() == ImportChoices()  # a cancelled dialog is not remembered


def test_unknown_encoding_shows_the_projects_error_and_imports_nothing(
    qtbot: Any, open_window: Any, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sqlite_url)
    window = open_window(sqlite_url)
    dialog = _open_dialog(qtbot, window, monkeypatch, [_cp1252_csv(tmp_path)])
    typed = dialog.encoding_box.lineEdit()
    assert typed is not None
    typed.clear()
    qtbot.keyClicks(typed, "klingon-8")
    dialog.text_column.setText("body")
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    with pytest.raises(AnnotatorError) as caught:
        check_import_options("auto", {"encoding": "klingon-8", "text_column": "body"})
    (box,) = _visible_boxes(window)
    assert box.text() == str(caught.value) and "'klingon-8'" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert dialog.isVisible()  # left open to correct the name
    box.close()
    dialog.reject()
    wait_idle(qtbot, window)
    assert len(_texts(sqlite_url)) == 4 and not window.transfer.running


def test_start_import_refuses_an_unknown_encoding_before_reading(qtbot, open_window, sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    seed(sqlite_url)
    window = open_window(sqlite_url)
    window.files.start_import([_cp1252_csv(tmp_path)], ImportChoices(encoding="rot13", text_column="body"))
    wait_idle(qtbot, window)
    assert not window.transfer.running
    assert len(_texts(sqlite_url)) == 4
    (box,) = _visible_boxes(window)
    assert box.icon() == QMessageBox.Icon.Warning and "unknown encoding 'rot13'" in box.text()


def test_csv_columns_are_enabled_only_where_csv_may_be_read(qtbot: Any, tmp_path: Path) -> None:
    def dialog(names: list[str], fmt: str) -> ImportOptionsDialog:
        made = ImportOptionsDialog([tmp_path / n for n in names], ImportChoices(format=fmt))
        qtbot.addWidget(made)
        return made

    assert dialog(["a.csv"], "auto").csv_group.isEnabled()
    assert dialog(["a.jsonl", "b.TSV"], "auto").csv_group.isEnabled()
    assert not dialog(["a.jsonl", "b.txt"], "auto").csv_group.isEnabled()
    assert dialog(["a.txt"], "csv").csv_group.isEnabled()
    switched = dialog(["a.csv"], "jsonl")
    assert not switched.csv_group.isEnabled()
    switched.format_box.setCurrentIndex(switched.format_box.findData("csv"))
    assert switched.csv_group.isEnabled()
    names = [switched.format_box.itemData(i) for i in range(switched.format_box.count())]
    assert names == ["auto", *(f.name for f in import_formats())]


def test_choices_map_to_the_clis_option_names() -> None:
    choices = ImportChoices(
        format="csv", encoding=" latin-1 ", text_column="body", id_column="", extra={"delimiter": ";"}
    )
    assert choices.options() == {"encoding": "latin-1", "text_column": "body", "delimiter": ";"}
    assert ImportChoices().options() == {}
