"""Tools > Agreement: computed on the worker with progress and Cancel, the table equal to the report, the drill-down."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from annotator.gui import agreement_dialog
from annotator.gui.agreement_table import agreement_rows
from annotator.gui.disagreements_dialog import DisagreementsDialog
from annotator.project import Workspace
from annotator.project.reliability import AgreementOptions
from tests.gui.helpers import wait_idle
from tests.gui.team_seed import many


@pytest.fixture
def dialog(qtbot, open_window, sqlite_url):  # type: ignore[no-untyped-def]
    many(sqlite_url)
    window = open_window(sqlite_url, "P", "alice")
    window.commands.agreement.trigger()
    found = window.team.agreement
    assert found is not None and found.isVisible()
    wait_idle(qtbot, window)  # the coders to choose from
    return window, found


def _compute(qtbot: Any, window: Any, dialog: Any, draws: int) -> None:
    dialog.box.draws.setValue(draws)
    dialog.compute_button.click()
    wait_idle(qtbot, window)


def test_the_agreement_is_computed_on_the_worker_with_progress(dialog, qtbot, sqlite_url, monkeypatch):  # type: ignore[no-untyped-def]
    window, found = dialog
    coders = [found.box.coders.item(i).text() for i in range(found.box.coders.count())]
    assert coders == ["alice", "bob", "carol"]
    threads: list[str] = []
    real = agreement_dialog.ops.agreement

    def recording(project: int, options: AgreementOptions, progress: Any) -> Any:
        work = real(project, options, progress)

        def run(ws: Workspace) -> Any:
            threads.append(threading.current_thread().name)
            return work(ws)

        return run

    monkeypatch.setattr(agreement_dialog.ops, "agreement", recording)
    seen: list[tuple[int, int]] = []
    window.runner.operation_did_progress.connect(lambda done, total: seen.append((done, total)))
    _compute(qtbot, window, found, 300)
    assert threads and threads[0] != threading.current_thread().name  # the worker, not the GUI thread
    assert seen and seen[-1][0] == seen[-1][1] > 0  # progress up to its total
    assert not found.bar.isVisible() and found.compute_button.isEnabled()

    with Workspace.open(sqlite_url) as ws:
        expected = agreement_rows(ws.team.agreement("P", AgreementOptions(bootstrap=300)).report)
    assert found.model.rows == expected
    names = [found.model.index(r, 0).data() for r in range(found.model.rowCount())]
    assert names == [r.name for r in expected] and "FRAME" in names and "CLAIM" in names
    frame = next(r for r in expected if r.name == "FRAME")
    row = names.index("FRAME")
    assert found.model.index(row, 2).data() == f"{frame.alpha:.3f}"
    assert found.model.index(row, 3).data().startswith("[")  # the 95% interval
    assert "24 article(s)" in found.summary.text() and "alice, bob, carol" in found.summary.text()


def test_the_table_model_passes_the_model_tester(dialog, qtbot, qtmodeltester):  # type: ignore[no-untyped-def]
    window, found = dialog
    _compute(qtbot, window, found, 0)
    assert found.model.rowCount() > 0
    qtmodeltester.check(found.model)


def test_options_choose_coders_and_rows(dialog, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, found = dialog
    from PySide6.QtCore import Qt

    found.box.coders.item(2).setCheckState(Qt.CheckState.Unchecked)  # carol
    labels = found.box.labels
    for i in range(labels.count()):
        if labels.item(i).text() != "FRAME":
            labels.item(i).setCheckState(Qt.CheckState.Unchecked)
    _compute(qtbot, window, found, 50)
    assert found.options.coders == ("alice", "bob") and found.options.labels == ("FRAME",)
    with Workspace.open(sqlite_url) as ws:
        report = ws.team.agreement("P", AgreementOptions(("alice", "bob"), ("FRAME",), bootstrap=50)).report
    assert found.model.rows == agreement_rows(report)
    assert [r.name for r in found.model.rows] == ["FRAME"]


def test_cancel_stops_the_computation(dialog, qtbot):  # type: ignore[no-untyped-def]
    window, found = dialog

    def cancel(_done: int, _total: int) -> None:
        found.cancel()  # at the first progress report

    window.runner.operation_did_progress.connect(cancel)
    _compute(qtbot, window, found, 100_000)
    window.runner.operation_did_progress.disconnect(cancel)
    assert found.summary.text() == "Cancelled: nothing was computed."
    assert found.computed is None and found.model.rowCount() == 0
    assert not found.save_button.isEnabled()
    _compute(qtbot, window, found, 20)  # and it can run again
    assert found.model.rowCount() > 0


def test_too_few_coders_is_said_in_the_dialog(dialog, qtbot):  # type: ignore[no-untyped-def]
    window, found = dialog
    from PySide6.QtCore import Qt

    for i in (1, 2):
        found.box.coders.item(i).setCheckState(Qt.CheckState.Unchecked)
    _compute(qtbot, window, found, 10)
    assert "at least two coders" in found.summary.text()
    assert found.model.rowCount() == 0


def test_the_report_is_saved_and_opened_in_the_browser(dialog, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    window, found = dialog
    _compute(qtbot, window, found, 50)
    opened: list[QUrl] = []
    found.open_url = lambda url: opened.append(url) or True
    found.open_in_browser()  # not saved yet: a temporary copy
    first = Path(opened[0].toLocalFile())
    assert first.exists() and "<svg" in first.read_text(encoding="utf-8")
    out = tmp_path / "report.html"
    found.save_report(out)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Inter-coder agreement: P" in html
    assert "Krippendorff" in html and "<script" not in html
    found.open_in_browser()
    assert Path(opened[1].toLocalFile()) == out
    first.unlink()


def test_show_disagreements_lists_the_right_articles(dialog, qtbot, sqlite_url):  # type: ignore[no-untyped-def]
    window, found = dialog
    _compute(qtbot, window, found, 20)
    names = [r.name for r in found.model.rows]
    for name in ("FRAME", "CLAIM", "SOURCE.type"):
        found.table.selectRow(names.index(name))
        assert found.drill_button.isEnabled()
        found.drill_button.click()
        drill = window.team.drill_downs[-1]
        assert isinstance(drill, DisagreementsDialog) and drill.isVisible()
        wait_idle(qtbot, window)
        with Workspace.open(sqlite_url) as ws:
            expected = ws.team.disagreements("P", name, found.options)
        assert expected and [r.doc_id for r in drill.rows] == [r.doc_id for r in expected]
        assert drill.articles.rowCount() == len(expected)
        first = expected[0]
        assert drill.articles.item(0, 0).text() == first.title
        lanes = drill.lanes
        assert lanes.lanes is not None and lanes.lanes.document.id == first.doc_id
        assert set(lanes.views) == set(lanes.lanes.coders) and {"alice", "bob"} <= set(lanes.views)
        if name == "CLAIM":  # some span has no exact twin: marked in the lanes
            assert any(view.disputed for view in lanes.views.values())
        if name == "FRAME":  # the differing values are tinted in the table
            row = next(r for r in lanes.table.rows if r.name == "FRAME")
            assert not row.agreed
        drill.close()
