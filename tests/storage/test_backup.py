"""Backups of live databases, and restoring them (SQLite copies and JSONL dumps)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.types import AnnotatedDocument, Document
from annotator.project import Workspace, backup_database, restore_database
from tests.conftest import pg_base_url
from tests.integration.crash_harness import REPO

TEXT = " ".join(f"n{i}" for i in range(600))


def _fill(url: str) -> int:
    with Workspace.open(url) as ws:
        ws.create_project("p")
        ws.import_records(
            "p",
            [AnnotatedDocument(Document(text=TEXT, title="Budget", meta={"outlet": "The Fictional Bugle"}))],
        )
        doc = ws.first_document("p")
        assert doc is not None
        span = ws.add_span(document=doc, start=0, end=2, label="CLAIM", annotator="alice").value
        ws.set_note(span.id, "nul \x00 and \uffff kept")
        return doc


def _data_lines(dump: Path) -> list[str]:
    """A dump without its header line (which names the source)."""
    return dump.read_text().splitlines()[1:]


class Writer:
    """A thread adding spans to a document until stopped."""

    def __init__(self, url: str, doc: int) -> None:
        self.ws = Workspace.open(url)
        self.doc = doc
        self.added = 0
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        i = 1
        while not self._stop.is_set() and i < 290:
            try:
                self.ws.add_span(
                    document=self.doc, start=2 * i + 1, end=2 * i + 2, label="SOURCE", annotator="bob"
                )
                self.added += 1
            except BaseException as exc:
                self.errors.append(exc)
                return
            i += 1

    def __enter__(self) -> Writer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=120)
        self.ws.close()


def test_sqlite_backup_while_another_connection_writes(tmp_path: Path) -> None:
    db = str(tmp_path / "live.sqlite3")
    doc = _fill(db)
    copies = []
    with Writer(db, doc) as writer:
        while writer.added < 5 and not writer.errors:
            threading.Event().wait(0.01)
        for n in range(3):
            out = tmp_path / f"copy{n}.sqlite3"
            result = backup_database(db, out)
            assert result.kind == "sqlite"
            copies.append(out)
    assert writer.errors == []
    counts = []
    for out in copies:
        with sqlite3.connect(out) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
            counts.append(conn.execute("SELECT count(*) FROM spans").fetchone()[0])
        assert not Path(f"{out}-wal").exists()
    assert counts == sorted(counts) and counts[0] >= 1 and counts[-1] <= writer.added + 1
    # Restoring the copy gives back exactly what the copy holds.
    restored = tmp_path / "restored.sqlite3"
    restore_database(copies[-1], str(restored))
    backup_database(str(copies[-1]), tmp_path / "copy.jsonl")
    backup_database(str(restored), tmp_path / "restored.jsonl")
    assert _data_lines(tmp_path / "copy.jsonl") == _data_lines(tmp_path / "restored.jsonl")
    with Workspace.open(str(restored)) as ws:
        notes = [s.note for s in ws.spans(doc) if s.note]
        assert notes == ["nul \x00 and \uffff kept"]
        ws.add_span(document=doc, start=590, end=592, label="CLAIM", annotator="carol")  # still writable


@pytest.fixture
def second_pg_url(pg_url: str) -> Iterator[str]:
    """Another fresh PostgreSQL schema on the same server, to restore into."""
    import psycopg

    base = pg_base_url()
    assert base is not None
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield pg_url.rsplit("%3D", 1)[0] + f"%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.postgres
def test_postgresql_dump_while_writing_restores_identically(
    pg_url: str, second_pg_url: str, tmp_path: Path
) -> None:
    doc = _fill(pg_url)
    dump = tmp_path / "team.jsonl"
    with Writer(pg_url, doc) as writer:
        while writer.added < 5 and not writer.errors:
            threading.Event().wait(0.01)
        result = backup_database(pg_url, dump)
    assert writer.errors == [] and result.kind == "jsonl"
    assert 1 < result.rows["spans"] <= writer.added + 1
    # Into another PostgreSQL schema and into a SQLite file: both give the same rows back.
    restore_database(dump, second_pg_url)
    restore_database(dump, str(tmp_path / "laptop.sqlite3"))
    backup_database(second_pg_url, tmp_path / "again-pg.jsonl")
    backup_database(str(tmp_path / "laptop.sqlite3"), tmp_path / "again-sqlite.jsonl")
    assert _data_lines(tmp_path / "again-pg.jsonl") == _data_lines(dump)
    assert _data_lines(tmp_path / "again-sqlite.jsonl") == _data_lines(dump)
    with Workspace.open(second_pg_url) as ws:  # id sequences moved past the restored rows
        ws.import_records("p", [AnnotatedDocument(Document(text="A new article after the restore."))])
        assert ws.count_documents("p", annotator=None) == 2
        assert len(ws.spans(doc)) == result.rows["spans"]


def test_restore_refuses_a_database_that_holds_data(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    _fill(db)
    backup_database(db, tmp_path / "a.jsonl")
    other = str(tmp_path / "b.sqlite3")
    _fill(other)
    with pytest.raises(AnnotatorError, match="already holds data"):
        restore_database(tmp_path / "a.jsonl", other)


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (lambda lines: lines[:-1], "incomplete"),
        (lambda lines: [*lines[:3], "{not json", *lines[3:]], "not valid JSON"),
        (lambda lines: lines[:-2] + lines[-1:], "row counts"),
        (lambda lines: lines[:2] + lines[3:], "nothing was kept|not in the backup|no project of the backup"),
        (lambda lines: ['{"annotator_dump": 1, "schema": "9999"}', *lines[1:]], "schema"),
        (lambda lines: ['{"text": "an article, not a backup"}'], "not an annotator backup"),
        (lambda lines: [], "incomplete"),
    ],
)
def test_damaged_dump_restores_nothing(tmp_path: Path, damage, fragment: str) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "a.sqlite3")
    _fill(db)
    dump = tmp_path / "a.jsonl"
    backup_database(db, dump)
    dump.write_text("".join(line + "\n" for line in damage(dump.read_text().splitlines())))
    target = tmp_path / "new.sqlite3"
    with pytest.raises(AnnotatorError, match=fragment):
        restore_database(dump, str(target))
    # No half-restored database and no temporary file; only the source and its dump remain.
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("a.")] == []


def test_backup_never_overwrites_without_asking(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    _fill(db)
    out = tmp_path / "b.sqlite3"
    out.write_bytes(b"precious")
    with pytest.raises(AnnotatorError, match="already exists"):
        backup_database(db, out)
    assert out.read_bytes() == b"precious"
    with pytest.raises(AnnotatorError):
        backup_database(db, Path(db), overwrite=True)
    backup_database(db, out, overwrite=True)
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT name FROM projects").fetchall() == [("p",)]


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    _fill(db)
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env
        )

    done = cli("backup", "--db", db, str(tmp_path / "b.sqlite3"))
    assert done.returncode == 0, done.stderr
    assert "1 projects" in done.stdout and "spans" in done.stdout
    done = cli("restore", str(tmp_path / "b.sqlite3"), "--db", str(tmp_path / "c.sqlite3"))
    assert done.returncode == 0, done.stderr
    again = cli("restore", str(tmp_path / "b.sqlite3"), "--db", str(tmp_path / "c.sqlite3"))
    assert again.returncode == 1 and "already holds data" in again.stderr
    assert cli("stats", "--db", str(tmp_path / "c.sqlite3"), "--project", "p").stdout.startswith(
        "documents: 1"
    )
    missing = cli("restore", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "d.sqlite3"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert not (tmp_path / "d.sqlite3").exists()


def test_postgres_backup_to_a_sqlite_name_is_refused(pg_url: str, tmp_path: Path) -> None:
    from annotator.core.errors import DatabaseError
    from annotator.project import Workspace, backup_database

    Workspace.open(pg_url).close()
    with pytest.raises(
        DatabaseError, match=r"pg.sqlite3: a PostgreSQL database is backed up as a JSONL dump"
    ):
        backup_database(pg_url, tmp_path / "pg.sqlite3")
    assert not (tmp_path / "pg.sqlite3").exists()
