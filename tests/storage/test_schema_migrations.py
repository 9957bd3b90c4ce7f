"""Schema creation and migration: head matches the models, older is migrated, newer refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from annotator.core.errors import DatabaseError
from annotator.project import Workspace
from annotator.storage.engine import make_engine, resolve_url
from annotator.storage.migrate import current_revision, head_revision, upgrade
from annotator.storage.models import Base


def test_new_database_is_at_head_and_matches_the_models(db_url: str) -> None:
    ws = Workspace.open(db_url)
    ws.close()
    engine = make_engine(resolve_url(db_url))
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, *_: (
                        not (name or "").startswith(("documents_fts", "ix_documents_search"))
                    ),
                },
            )
            diff = compare_metadata(ctx, Base.metadata)
        assert diff == []  # what `alembic check` would report
    finally:
        engine.dispose()


def test_sqlite_pragmas_are_set(sqlite_url: str) -> None:
    engine = make_engine(resolve_url(sqlite_url))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        engine.dispose()


def test_older_database_is_migrated_after_a_backup(sqlite_url: str) -> None:
    engine = make_engine(resolve_url(sqlite_url))
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO projects (name, created_at) VALUES ('old', '2026-01-01')"))
    engine.dispose()
    ws = Workspace.open(sqlite_url)
    try:
        assert ws.backup_path is not None and ws.backup_path.exists()
        assert [p.name for p in ws.projects()] == ["old"]
    finally:
        ws.close()
    backup = sqlite3.connect(ws.backup_path)
    try:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT name FROM projects").fetchall() == [("old",)]
    finally:
        backup.close()


def test_newer_database_is_refused(db_url: str) -> None:
    Workspace.open(db_url).close()
    engine = make_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer version of the annotator"):
        Workspace.open(db_url)


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    fake = tmp_path / "notes.db"
    fake.write_text("just some notes\n" * 20)
    with pytest.raises(DatabaseError, match="notes.db: is not an annotator database"):
        Workspace.open(str(fake))
    assert fake.read_text().startswith("just some notes")


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "db.sqlite3"
    with pytest.raises(DatabaseError, match="does not exist"):
        Workspace.open(str(target))
    assert not target.parent.exists()


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not an annotator database"):
        Workspace.open(str(other))


def test_unreachable_postgres_names_the_url_with_password_masked() -> None:
    with pytest.raises(DatabaseError) as info:
        Workspace.open("postgresql://coder:s3cret@127.0.0.1:9/annotations")
    message = str(info.value)
    assert "s3cret" not in message
    assert "postgresql+psycopg://coder:***@127.0.0.1:9/annotations" in message


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
def test_foreign_sqlite_database_is_left_byte_for_byte_unchanged(tmp_path: Path, journal: str) -> None:
    other = tmp_path / "contacts.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE contacts (id INTEGER, name TEXT)")
    conn.execute("INSERT INTO contacts VALUES (1, 'Ada')")
    conn.commit()
    conn.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="contacts.sqlite3: is not an annotator database"):
        Workspace.open(str(other))
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    assert other.read_bytes()[18:20] == (b"\x02\x02" if journal == "WAL" else b"\x01\x01")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite3"]
