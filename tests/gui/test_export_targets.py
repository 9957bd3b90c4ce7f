"""File > Export: a file the save dialog confirmed is replaced; a refused target is shown as a message."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.gui.conftest import seed
from tests.gui.helpers import wait_idle


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path, fmt: str) -> None:
    """Make the save dialog answer `path` with the filter of format `fmt`."""

    def fake_dialog(parent, caption, start, filters, selected):  # type: ignore[no-untyped-def]
        return str(path), next(f for f in filters.split(";;") if f.startswith(f"{fmt}:"))

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))


def _shown(window: Any) -> list[str]:
    return [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]


def _tree(root: Path) -> dict[str, str]:
    """The hash of every file but the open database's (the window reads it meanwhile)."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("annotator.sqlite3")
    }


def test_a_file_confirmed_in_the_dialog_is_replaced(
    qtbot: Any, open_window: Any, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sqlite_url)
    window = open_window(sqlite_url)
    out = tmp_path / "corpus.jsonl"
    out.write_text("an earlier export\n", encoding="utf-8")
    _choose(monkeypatch, out, "jsonl")
    window.files.choose_export()
    wait_idle(qtbot, window)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert any("Exported 4 document(s)" in t for t in _shown(window))


def test_a_name_the_dialog_did_not_confirm_is_not_replaced(
    qtbot: Any, open_window: Any, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sqlite_url)
    window = open_window(sqlite_url)
    kept = tmp_path / "corpus.jsonl"
    kept.write_text("an earlier export\n", encoding="utf-8")
    _choose(monkeypatch, tmp_path / "corpus", "jsonl")  # the ending is added after the dialog
    window.files.choose_export()
    wait_idle(qtbot, window)
    assert kept.read_text(encoding="utf-8") == "an earlier export\n"
    assert any(t.startswith(f"{kept}: already exists") for t in _shown(window))


def test_a_folder_export_into_the_database_folder_is_shown_as_refused(
    qtbot: Any, open_window: Any, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sqlite_url)
    window = open_window(sqlite_url)
    (tmp_path / "thesis.txt").write_text("mine\n", encoding="utf-8")
    before = _tree(tmp_path)
    _choose(monkeypatch, tmp_path, "brat")
    window.files.choose_export()
    wait_idle(qtbot, window)
    assert any(t.startswith(f"{tmp_path}: holds the database") for t in _shown(window))
    assert _tree(tmp_path) == before and Path(sqlite_url).is_file()
    brat = tmp_path / "brat"
    _choose(monkeypatch, brat, "brat")
    window.files.choose_export()
    wait_idle(qtbot, window)
    assert json.loads((brat / "export.json").read_text(encoding="utf-8"))["format"] == "brat"
