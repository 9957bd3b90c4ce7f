"""`annotator doctor`: finds what is wrong without changing anything; --repair mends what is safe, after a backup."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.types import AnnotatedDocument, Document, Relation, Span
from annotator.formats.stages import new_tag, stage_name
from annotator.project import Workspace

TEXT = "The mayor said the wall holds."


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "work.sqlite3"
    with Workspace.open(str(db)) as ws:
        ws.create_project("p")
        claim, who = Span(15, 30, "CLAIM", "c1", "alice"), Span(0, 9, "SOURCE", "s1", "alice")
        ws.import_records(
            "p",
            [
                AnnotatedDocument(
                    Document(TEXT), (claim, who), (Relation("c1", "s1", "ATTRIBUTED_TO", "r1"),)
                ),
                AnnotatedDocument(Document("Another article.", title="B"), (Span(0, 7, "CLAIM", "c2"),)),
            ],
        )
    return db


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def _doctor(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> tuple[int, str]:
    code = main(["doctor", "--db", str(db), *extra])
    return code, capsys.readouterr().out


def test_a_sound_database_passes_and_is_left_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    before = _digest(db)
    code, out = _doctor(capsys, db)
    assert code == 0 and "no problems found" in out
    assert _digest(db) == before


def test_spans_outside_their_text_and_altered_texts_are_found_not_repaired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE spans SET \"end\" = 9999 WHERE id = 'c1'")
        conn.execute("UPDATE documents SET title = 'x', text = 'Changed.' WHERE title = 'B'")
    before = _digest(db)
    code, out = _doctor(capsys, db)
    assert code == 1
    assert "offsets: span c1 of document" in out and "[15, 9999) is outside its text (length 30)" in out
    assert "texts: document" in out and "does not match its stored hash" in out
    assert _digest(db) == before
    code, out = _doctor(capsys, db, "--repair")
    assert code == 1 and "repaired:" not in out  # nothing here can be mended without guessing


def test_repair_removes_rows_no_operation_writes_after_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    with sqlite3.connect(db) as conn:
        other = conn.execute("SELECT id FROM documents WHERE title = 'B'").fetchone()[0]
        conn.execute("UPDATE relations SET document_id = ?", (other,))  # links spans of another document
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO document_status VALUES (424242, 1, 'done', '2026-01-01')")
    code, out = _doctor(capsys, db)
    assert code == 1 and "(repairable)" in out
    assert "relation r1 links spans of another document" in out
    assert "document_status row" in out
    code, out = _doctor(capsys, db, "--repair")
    assert code == 0, out
    assert "backed up to" in out and "repaired: deleted 1 relation(s)" in out
    backups = list(tmp_path.glob("work.sqlite3.before-repair-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT count(*) FROM relations").fetchone() == (1,)
    code, out = _doctor(capsys, db)
    assert code == 0 and "no problems found" in out


def test_leftovers_of_an_interrupted_export_are_found_and_cleaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "corpus"
    assert main(["export", "--db", str(db), "--project", "p", "--format", "brat", "-o", str(target)]) == 0
    capsys.readouterr()
    dead = new_tag(pid=2**22 + 12345)  # no such process
    stale = out_dir / stage_name("corpus", dead, "tmp")
    stale.mkdir()
    (stale / "1.ann").write_text("T1\tCLAIM 0 3\tThe\n", encoding="utf-8")
    code, out = _doctor(capsys, db)
    assert code == 1 and f"{stale}: left by an interrupted export to {target}" in out
    assert stale.exists()
    code, out = _doctor(capsys, db, "--repair")
    assert code == 0, out
    assert not stale.exists() and (target / "export.json").exists()
