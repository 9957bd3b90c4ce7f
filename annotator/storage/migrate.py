"""Bring a database to the current schema: create, migrate after a backup, or refuse."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import IntegrityError, ProgrammingError

from annotator.core.errors import DatabaseError
from annotator.storage.engine import display_url
from annotator.storage.revisions import MIGRATIONS, newest_file_revision

if TYPE_CHECKING:  # Alembic loads only when a database is created or migrated, not at every open
    from alembic.config import Config

_SCHEMA_LOCK = 0x616E6E6F5343484D  # "annoSCHM": one schema creation or migration at a time


def alembic_config() -> Config:
    """An Alembic config pointing at the annotator's migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the annotator knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` on the engine's database."""
    with engine.begin() as conn:
        upgrade_connection(conn, revision)


def upgrade_connection(conn: Connection, revision: str = "head") -> None:
    """Run the migrations up to `revision` inside the caller's transaction."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def ensure_schema(engine: Engine, *, read_only: bool = False, backup: bool = True) -> Path | None:
    """Create or migrate the schema; returns the backup made before a migration, if any.

    On PostgreSQL several coders may open a fresh database at once: the check and the
    migration run under an advisory lock, and a migration that still collides with one
    made by another session is tried once more (it then finds the schema in place).
    """
    if engine.url.get_backend_name() != "postgresql":
        return _ensure(engine, read_only=read_only, backup=backup)
    try:
        return _ensure_locked(engine, read_only=read_only, backup=backup)
    except (IntegrityError, ProgrammingError):
        return _ensure_locked(engine, read_only=read_only, backup=backup)


def _ensure_locked(engine: Engine, *, read_only: bool, backup: bool) -> Path | None:
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK})
        conn.commit()
        try:
            return _ensure(engine, read_only=read_only, backup=backup)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK})
            conn.commit()


def _ensure(engine: Engine, *, read_only: bool, backup: bool) -> Path | None:
    where = display_url(engine.url)
    current = current_revision(engine)
    if current is not None and current == newest_file_revision():
        return None  # up to date: the common case, decided without loading Alembic
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current == head:
        return None
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables - {"alembic_version"}:
            raise DatabaseError(f"{where}: holds tables that are not an annotator database")
        if read_only:
            raise DatabaseError(f"{where}: is empty and read-only; nothing to open")
        upgrade(engine)
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseError(
            f"{where}: was written by a newer version of the annotator (schema {current}); "
            "upgrade the annotator to open it"
        )
    if read_only:
        raise DatabaseError(f"{where}: needs a schema upgrade but is read-only")
    copy = backup_before_migration(engine, current) if backup else None
    upgrade(engine)
    return copy


def backup_before_migration(engine: Engine, revision: str) -> Path | None:
    """Copy a SQLite database aside before migrating it; PostgreSQL is left to the DBA's backups."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    from annotator.storage.backup import copy_sqlite

    path = Path(engine.url.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    copy_sqlite(path, target)
    return target
