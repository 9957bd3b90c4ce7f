"""The crash test at scale: many SIGKILLs, reporting kills survived and annotations lost.

Run with `pytest tests/benchmarks/test_crash_large.py -m benchmark -s`; CRASH_KILLS sets the count.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.integration import crash_harness


def test_many_sigkills(tmp_path: Path, record_property: pytest.RecordProperty) -> None:
    kills = int(os.environ.get("CRASH_KILLS", "300"))
    db = tmp_path / "crash.sqlite3"
    crash_harness.prepare(db)
    report = crash_harness.run(db, kills=kills, seed=2026, max_after_ready=1.0)
    print(report.summary())
    record_property("crash_summary", report.summary())
    assert not report.problems, "\n".join(report.problems)
    assert report.lost == []
