"""Crash safety: SIGKILL the annotating application at random moments; nothing acknowledged is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration import crash_harness


def _gui_available() -> bool:
    try:
        import annotator.gui as gui
    except ImportError:
        return False
    return hasattr(gui, "build_main_window")


def test_sigkill_loses_no_acknowledged_annotation(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    db = tmp_path / "crash.sqlite3"
    crash_harness.prepare(db)
    report = crash_harness.run(db, kills=50, seed=5)
    print(report.summary())
    record_property("crash_summary", report.summary())
    assert not report.problems, "\n".join(report.problems)
    # The real window drives the test whenever it exists; the facade only stands in without it.
    assert report.mode == ("gui" if _gui_available() else "facade")
    assert report.kills == 50
    assert report.acknowledged > 50, "the kills came too early to test anything"
    assert report.lost == []
