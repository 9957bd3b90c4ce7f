"""Logging: the user sees one line, the rotating log file in the log folder keeps the traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import logs
from annotator.cli import main
from annotator.project import Workspace


def test_an_unexpected_error_is_one_line_for_the_user_and_a_traceback_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(logs.LOG_ENV, str(tmp_path / "logs"))
    db = str(tmp_path / "db.sqlite3")
    Workspace.open(db).close()

    def broken(self: Workspace) -> None:
        raise RuntimeError("a bug in the annotator")

    monkeypatch.setattr(Workspace, "projects", broken)
    assert main(["projects", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "unexpected error: RuntimeError: a bug in the annotator" in err
    log = (tmp_path / "logs" / "annotator.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "a bug in the annotator" in log
    assert str(tmp_path / "logs" / "annotator.log") in err


def test_debug_logs_the_layers_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(logs.LOG_ENV, str(tmp_path / "logs"))
    db = str(tmp_path / "db.sqlite3")
    assert main(["--debug", "project", "create", "P", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "DEBUG annotator.cli" in err and "INFO annotator.storage.uow" in err
    assert main(["stats", "--project", "P", "--db", db]) == 0
    assert "annotator.cli" not in capsys.readouterr().err  # without --debug nothing on stderr
    logs.setup()  # back to the quiet default for the other tests
