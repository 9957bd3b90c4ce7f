"""Opening databases: the probe refuses what is not one, read-only files open read-only."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, DatabaseError, ReadOnlyError
from annotator.project import Workspace, backup_database
from annotator.storage import migrate
from annotator.storage.engine import make_engine, resolve_url
from tests.integration.as_nobody import run_as_nobody


def _db_with_project(path: Path) -> None:
    with Workspace.open(str(path)) as ws:
        ws.create_project("p")


def test_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\nmilk\n")
    with pytest.raises(DatabaseError, match=r"notes\.txt: is not an annotator database"):
        Workspace.open(str(path))
    assert path.read_text() == "shopping list\nmilk\n"


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite3"
    _db_with_project(path)
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[:5000])
    with pytest.raises(DatabaseError, match="truncated"):
        Workspace.open(str(path))
    path.write_bytes(data[:60])
    with pytest.raises(DatabaseError, match="truncated"):
        Workspace.open(str(path))


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Workspace.open(str(tmp_path))


def test_missing_file_in_existing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with Workspace.open(str(path)) as ws:
        assert ws.projects() == []
    assert path.is_file()


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "db.sqlite3"
    with pytest.raises(DatabaseError, match="does not exist"):
        Workspace.open(str(path))
    assert not (tmp_path / "no").exists()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    _db_with_project(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseError, match="newer version of the annotator"):
        Workspace.open(str(path))
    with sqlite3.connect(path) as conn:  # refused without being touched
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9999_from_the_future",)
        ]


@pytest.mark.parametrize("name", ["odd?name#1%20.sqlite3", "spaces and ünïcode.sqlite3"])
def test_read_only_open_of_awkward_file_names(tmp_path: Path, name: str) -> None:
    # A "?" or "#" in the name must not cut the SQLite URI short and open (or create) another file.
    path = tmp_path / name
    _db_with_project(path)
    with Workspace.open(str(path), read_only=True) as ws:
        assert [p.name for p in ws.projects()] == ["p"]
    allowed = {name, f"{name}-wal", f"{name}-shm"}  # WAL side files of that very database
    assert {p.name for p in tmp_path.iterdir()} <= allowed


def test_read_only_open_of_rollback_journal_database(tmp_path: Path) -> None:
    # PRAGMA journal_mode=WAL is a write; on a read-only connection it must not be attempted.
    path = tmp_path / "classic.sqlite3"
    _db_with_project(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    with Workspace.open(str(path), read_only=True) as ws:
        assert ws.read_only
        assert [p.name for p in ws.projects()] == ["p"]
        with pytest.raises(ReadOnlyError, match="read-only"):
            ws.create_project("q")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_writes_begin_immediate_so_a_second_writer_waits(tmp_path: Path) -> None:
    # The engine's write transactions hold SQLite's write lock from BEGIN on.
    path = tmp_path / "lock.sqlite3"
    _db_with_project(path)
    engine = make_engine(resolve_url(str(path)))
    try:
        with engine.execution_options(annotator_write=True).connect() as conn, conn.begin():
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
        with engine.connect() as conn, conn.begin():  # a read transaction takes no write lock
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
            finally:
                other.close()
    finally:
        engine.dispose()


def test_migration_from_0001_keeps_an_openable_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(resolve_url(str(path)))
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO projects (id, name, created_at) VALUES (1, 'kept', '2026-01-01')"
            )
        assert migrate.current_revision(engine) == "0001"
    finally:
        engine.dispose()
    with Workspace.open(str(path)) as ws:
        assert ws.backup_path is not None
        assert [p.name for p in ws.projects()] == ["kept"]
        backup = ws.backup_path
    assert backup.is_file() and backup.parent == tmp_path
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert conn.execute("SELECT name FROM projects").fetchall() == [("kept",)]
    engine = make_engine(resolve_url(str(path)))
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
    # The backup is itself a database the annotator opens (migrating a copy of it in turn).
    copy = tmp_path / "from-backup.sqlite3"
    shutil.copy(backup, copy)
    with Workspace.open(str(copy)) as ws:
        assert [p.name for p in ws.projects()] == ["kept"]


# --- really read-only files: as root chmod does not bite, so drop to "nobody" -------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private (0700) tmp tree, which the user nobody can reach."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for child in folder.rglob("*"):
            child.chmod(0o755)
        shutil.rmtree(folder)


def _check_as_nobody(db: Path) -> str:
    """Open the database and try a write, reporting what happened, one fact a line."""
    lines = []
    ws = Workspace.open(str(db))
    lines.append(f"read_only {ws.read_only}")
    lines.append(f"projects {[p.name for p in ws.projects()]}")
    try:
        ws.create_project("q")
        lines.append("write ok")
    except AnnotatorError as exc:
        lines.append(f"refused {type(exc).__name__} {exc}")
    ws.close()
    return "\n".join(lines)


def _run_as_nobody(db: Path) -> str:
    Workspace.open(str(db), read_only=True).close()  # load every module the child needs
    return run_as_nobody(lambda: _check_as_nobody(db))


def test_read_only_file_opens_read_only_for_a_user_who_cannot_write(shared_dir: Path) -> None:
    db = shared_dir / "ro.sqlite3"
    _db_with_project(db)
    db.chmod(0o444)
    shared_dir.chmod(0o555)
    out = _run_as_nobody(db)
    assert "read_only True" in out
    assert "projects ['p']" in out
    assert "refused ReadOnlyError" in out and "nothing was changed" in out


def test_read_only_folder_with_wal_database_opens_read_only(shared_dir: Path) -> None:
    # A WAL database whose -shm file is gone cannot be opened "ro" in a folder nobody can write.
    db = shared_dir / "wal.sqlite3"
    _db_with_project(db)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    db.chmod(0o644)  # the file is writable by its owner, root; the folder is not nobody's
    shared_dir.chmod(0o555)
    out = _run_as_nobody(db)
    assert "read_only True" in out
    assert "projects ['p']" in out
    assert "refused ReadOnlyError" in out


def test_opening_read_only_never_creates_a_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite3"
    with pytest.raises(AnnotatorError, match="no such database file"):
        Workspace.open(str(path), read_only=True)
    assert not path.exists()


def test_backup_of_a_wal_database_in_a_read_only_folder(shared_dir: Path) -> None:
    db = shared_dir / "data" / "wal.sqlite3"
    db.parent.mkdir()
    _db_with_project(db)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    out = shared_dir / "out"
    out.mkdir()
    out.chmod(0o777)
    db.parent.chmod(0o555)
    backup_database(str(db), out / "warmup.sqlite3")  # load every module the child needs
    (out / "warmup.sqlite3").unlink()
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)

    def backup() -> str:
        return backup_database(str(db), out / "copy.sqlite3").summary()

    assert "1 projects" in run_as_nobody(backup)
    with sqlite3.connect(out / "copy.sqlite3") as conn:
        assert conn.execute("SELECT name FROM projects").fetchall() == [("p",)]
