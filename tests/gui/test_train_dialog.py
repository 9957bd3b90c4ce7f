"""Training a suggestion model from the window: off the GUI thread, with progress, its scores, then suggestions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.project import Workspace
from tests.gui.helpers import wait_idle

pytest.importorskip("spacy", reason="training needs the spacy extra")


def test_train_from_done_articles_then_suggest_with_the_model(qtbot, open_window, sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    from tests.suggest.synthetic import synthetic_documents

    with Workspace.open(sqlite_url) as ws:
        ws.create_project("p")
        ws.import_records("p", list(synthetic_documents(24, seed=2)), importer="alice")
        ws.import_records("p", [replace(r, spans=(), status=None) for r in synthetic_documents(3, seed=5)])
    window = open_window(sqlite_url)
    dialog = window.review.open_training()
    assert dialog is not None
    dialog.folder.setText(str(tmp_path / "model"))
    dialog.epochs.setValue(2)
    progress: list[tuple[int, int]] = []
    window.runner.operation_did_progress.connect(lambda d, t: progress.append((d, t)))
    dialog.train_button.click()
    assert not dialog.train_button.isEnabled() and dialog.cancel_button.isEnabled()
    wait_idle(qtbot, window, timeout=120_000)
    assert dialog.report is not None, dialog.output.toPlainText()
    text = dialog.output.toPlainText()
    assert "trained on" in text and "f1" in text.lower()
    assert any((tmp_path / "model").iterdir())
    assert progress, "no progress was reported"
    dialog.suggest_button.click()
    wait_idle(qtbot, window, timeout=120_000)
    assert "Suggested in" in dialog.output.toPlainText()
