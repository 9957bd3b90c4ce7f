"""Native JSONL statuses are never dropped silently, and an export of nothing says why (issue 15, bug 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.paths import default_annotator
from tests.cli.helpers import run


def _jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "s.sqlite3")
    assert run(capsys, "--db", path, "project", "create", "News")[0] == 0
    return path


def test_statuses_without_annotator_belong_to_the_importing_user(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    source = _jsonl(
        tmp_path / "done.jsonl",
        {"text": "First article.", "status": "done", "spans": [{"start": 0, "end": 5, "label": "CLAIM"}]},
        {"text": "Second article.", "status": "done"},
        {"text": "Third article.", "status": "in_progress"},
    )
    code, out, _ = run(capsys, "--db", db, "import", str(source), "--project", "News")
    assert code == 0 and "not kept" not in out
    code, out, _ = run(capsys, "--db", db, "stats", "--project", "News", "--annotator", default_annotator())
    assert "  done: 2" in out and "  in_progress: 1" in out
    target = tmp_path / "done-out.jsonl"
    code, out, _ = run(
        capsys, "--db", db, "export", "--project", "News", "--status", "done", "-o", str(target)
    )
    assert code == 0 and "exported 2 document(s)" in out and "warning" not in out
    assert [json.loads(x)["status"] for x in target.read_text(encoding="utf-8").splitlines()] == [
        "done",
        "done",
    ]


def test_an_export_of_no_document_warns_why(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", db, "export", "--project", "News", "-o", str(tmp_path / "a.jsonl"))
    assert code == 0 and "warning: wrote 0 documents: the project has no documents" in out
    _jsonl(tmp_path / "todo.jsonl", {"text": "An article nobody finished."}, {"text": "Another one."})
    run(capsys, "--db", db, "import", str(tmp_path / "todo.jsonl"), "--project", "News")
    code, out, _ = run(
        capsys, "--db", db, "export", "--project", "News", "--status", "done", "-o", str(tmp_path / "b.jsonl")
    )
    assert code == 0
    assert "exported 0 document(s)" in out
    assert "warning: wrote 0 documents: no document has status done (2 todo)" in out


def test_the_warning_names_the_annotator_and_the_others_done(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    _jsonl(tmp_path / "alice.jsonl", {"text": "Done by alice.", "status": "done"})
    run(
        capsys,
        "--db",
        db,
        "import",
        str(tmp_path / "alice.jsonl"),
        "--project",
        "News",
        "--annotator",
        "alice",
    )
    bob = {
        "text": "Started by bob.",
        "status": "in_progress",
        "spans": [{"start": 0, "end": 4, "label": "CLAIM"}],
    }
    _jsonl(tmp_path / "bob.jsonl", bob)
    run(capsys, "--db", db, "import", str(tmp_path / "bob.jsonl"), "--project", "News", "--annotator", "bob")
    out_file = tmp_path / "bob-done.jsonl"
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "export",
        "--project",
        "News",
        "--status",
        "done",
        "--annotator",
        "bob",
        "-o",
        str(out_file),
    )
    assert code == 0
    assert (
        "warning: wrote 0 documents: no document has status done for annotator 'bob' (1 todo, 1 in_progress); "
        "1 are done for other annotators (leave out --annotator to export them)"
    ) in out
