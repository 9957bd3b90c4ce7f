"""Backups of a live database and restoring them.

A SQLite database is copied with SQLite's online backup API (a consistent snapshot,
while other connections keep writing). Any database can also be dumped to JSONL, one
table row a line, read in one snapshot transaction: that is the `pg_dump`-free backup
of a PostgreSQL database, and restores into either backend.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, DateTime, Engine, Integer, Table, func, inspect, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from annotator.core.errors import DatabaseError, ValidationError
from annotator.storage.engine import (
    SQLITE_MAGIC,
    connect_read_only,
    display_url,
    is_connection_error,
    make_engine,
    probe_sqlite,
)
from annotator.storage.models import Base
from annotator.storage.restore_check import RowChecker

DUMP_FORMAT = 1
_BATCH = 1000
# Tables the migrations own outside the models (FTS5 is rebuilt by triggers on insert).
TABLES: tuple[Table, ...] = tuple(Base.metadata.sorted_tables)
_TABLES_BY_NAME = {t.name: t for t in TABLES}


@dataclass
class BackupResult:
    """What a backup or restore did."""

    kind: str  # "sqlite" (a SQLite file) or "jsonl" (a row dump)
    path: Path
    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the terminal."""
        what = "SQLite copy" if self.kind == "sqlite" else "JSONL dump"
        counts = ", ".join(f"{n} {t}" for t, n in self.rows.items() if n)
        return f"{what} {self.path} (schema {self.revision or 'empty'}; {counts or 'no rows'})"


# --- writing files safely -------------------------------------------------------


def _temp_beside(out: Path) -> Path:
    folder = out.parent
    if not folder.is_dir():
        raise DatabaseError(f"{out}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DatabaseError(f"{out}: cannot write here ({exc.strerror})") from None
    os.close(fd)
    return Path(tmp)


def _check_target(out: Path, overwrite: bool) -> None:
    if out.is_dir():
        raise DatabaseError(f"{out}: is a folder; name the backup file to write")
    if out.exists() and not overwrite:
        raise DatabaseError(f"{out}: already exists; choose another name (or pass --overwrite)")


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


# --- SQLite file copies ---------------------------------------------------------


def copy_sqlite(source: Path, out: Path) -> None:
    """Copy a (possibly live) SQLite database into a new self-contained file, atomically."""
    tmp = _temp_beside(out)
    try:
        src = connect_read_only(source)
        try:
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                # One step (pages=-1) copies a single snapshot; WAL writers are not blocked.
                src.backup(dst)
                # The copy is one file, not a WAL database needing side files.
                dst.execute("PRAGMA journal_mode = DELETE").fetchone()
                result = dst.execute("PRAGMA integrity_check").fetchone()
                if result is None or result[0] != "ok":
                    raise DatabaseError(f"{source}: the copy failed its integrity check ({result})")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(tmp)
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{source}: could not be copied to {out} ({exc})") from None
    except OSError as exc:
        raise DatabaseError(
            f"{out}: could not be written ({exc.strerror or exc}); nothing was left"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


# --- JSONL dumps ----------------------------------------------------------------


def _encode(value: Any) -> Any:
    # Times are UTC; SQLite returns them naive, PostgreSQL aware: dump both as naive UTC.
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    return value


def dump_rows(conn: Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of the annotator's tables, parents before children."""
    for table in TABLES:
        order = list(table.primary_key.columns)
        result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
            select(table).order_by(*order)
        )
        for row in result.mappings():
            yield table.name, dict(row)


def _current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def dump_jsonl(engine: Engine, out: Path, *, overwrite: bool = False) -> BackupResult:
    """Write every row of the database to a JSONL file, from one consistent snapshot."""
    from annotator.storage.migrate import head_revision

    _check_target(out, overwrite)
    where = display_url(engine.url)
    tmp = _temp_beside(out)
    counts = {t.name: 0 for t in TABLES}
    try:
        snapshot = engine
        if engine.url.get_backend_name() == "postgresql":
            snapshot = engine.execution_options(isolation_level="REPEATABLE READ")
        with snapshot.connect() as conn, conn.begin():
            revision = _current_revision(conn)
            if revision is None:
                raise DatabaseError(f"{where}: is empty; there is nothing to back up")
            if revision != head_revision():
                raise DatabaseError(
                    f"{where}: is at schema {revision}, this annotator dumps schema {head_revision()}; "
                    "open it with this annotator once (that migrates it), then back it up"
                )
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                _write_line(fh, {"annotator_dump": DUMP_FORMAT, "schema": revision, "source": where})
                for table, row in dump_rows(conn):
                    _write_line(fh, {"table": table, "row": {k: _encode(v) for k, v in row.items()}})
                    counts[table] += 1
                _write_line(fh, {"end": True, "rows": counts})
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, out)
    except SQLAlchemyError as exc:
        if is_connection_error(exc):
            raise
        raise DatabaseError(f"{where}: could not be read for the backup ({_first_line(exc)})") from None
    except OSError as exc:
        raise DatabaseError(
            f"{out}: could not be written ({exc.strerror or exc}); nothing was left"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult("jsonl", out, revision, counts)


def _write_line(fh: IO[str], obj: dict[str, Any]) -> None:
    fh.write(json.dumps(obj, ensure_ascii=True, sort_keys=True, allow_nan=False))
    fh.write("\n")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).strip()
    return text_.splitlines()[0] if text_ else type(orig).__name__


# --- backup ---------------------------------------------------------------------


def backup(url: URL, out: Path, *, overwrite: bool = False) -> BackupResult:
    """Back up the database at `url` into `out`: a SQLite copy, or a JSONL dump (PostgreSQL, or `.jsonl`)."""
    out = Path(out).expanduser().absolute()
    as_dump = url.get_backend_name() != "sqlite" or out.suffix.lower() in (".jsonl", ".ndjson")
    if as_dump and out.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
        raise DatabaseError(
            f"{out}: a PostgreSQL database is backed up as a JSONL dump; name the file .jsonl"
        )
    if not as_dump:
        source = Path(url.database or "")
        if not source.exists():
            raise DatabaseError(f"{source}: no such database file")
        probe_sqlite(source, read_only=True)
        _check_target(out, overwrite)
        if out.exists() and out.samefile(source):
            raise DatabaseError(f"{out}: is the database itself; write the backup elsewhere")
        copy_sqlite(source, out)
        return _describe_sqlite(out)
    engine = make_engine(url, read_only=True)
    try:
        return dump_jsonl(engine, out, overwrite=overwrite)
    finally:
        engine.dispose()


def _describe_sqlite(path: Path) -> BackupResult:
    engine = make_engine(URL.create("sqlite", database=str(path)), read_only=True)
    try:
        with engine.connect() as conn:
            revision = _current_revision(conn)
            names = set(inspect(conn).get_table_names())
            rows = {
                t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for t in TABLES
                if t.name in names
            }
    finally:
        engine.dispose()
    return BackupResult("sqlite", path, revision, rows)


# --- restore --------------------------------------------------------------------


def _read_dump(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a dump file, with clear errors."""
    from annotator.storage.migrate import head_revision

    columns = {t.name: {c.name: c for c in t.columns} for t in TABLES}
    counts = {t.name: 0 for t in TABLES}
    try:
        fh = path.open("r", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    ended = False
    with fh:
        try:
            for number, raw in enumerate(fh, 1):
                where = f"{path}: line {number}"
                try:
                    obj = json.loads(raw)
                except (ValueError, RecursionError):
                    raise ValidationError(f"{where}: not valid JSON; the backup is damaged") from None
                if not isinstance(obj, dict):
                    raise ValidationError(f"{where}: not an annotator backup line")
                if number == 1:
                    if obj.get("annotator_dump") != DUMP_FORMAT:
                        raise ValidationError(
                            f"{path}: is not an annotator backup (neither SQLite nor a dump)"
                        )
                    if obj.get("schema") != head_revision():
                        raise ValidationError(
                            f"{path}: is a backup of schema {obj.get('schema')!r}; this annotator restores "
                            f"schema {head_revision()} dumps (use the annotator version that wrote it)"
                        )
                    continue
                if ended:
                    raise ValidationError(f"{where}: data after the end of the backup")
                if obj.get("end") is True:
                    if obj.get("rows") != counts:
                        raise ValidationError(f"{path}: the row counts do not match; the backup is damaged")
                    ended = True
                    continue
                table, row = obj.get("table"), obj.get("row")
                if table not in columns or not isinstance(row, dict):
                    raise ValidationError(f"{where}: unknown table {table!r}; the backup is damaged")
                unknown = set(row) - set(columns[table])
                if unknown:
                    raise ValidationError(
                        f"{where}: unknown column(s) {', '.join(sorted(unknown))} in {table}"
                    )
                for key, value in row.items():
                    if isinstance(columns[table][key].type, DateTime) and isinstance(value, str):
                        try:
                            row[key] = datetime.fromisoformat(value).replace(tzinfo=UTC)
                        except ValueError:
                            raise ValidationError(f"{where}: {key} {value!r} is not a date") from None
                counts[table] += 1
                yield number, obj
        except UnicodeDecodeError:
            raise ValidationError(f"{path}: is not an annotator backup (not UTF-8 text)") from None
    if not ended:
        raise ValidationError(f"{path}: the backup is incomplete (no end line; was it cut short?)")


def _ensure_empty(conn: Connection, where: str) -> None:
    names = set(inspect(conn).get_table_names())
    ours = [t for t in TABLES if t.name in names]
    for table in ours:
        if conn.scalar(select(func.count()).select_from(table)):
            raise DatabaseError(
                f"{where}: already holds data ({table.name}); restore into a new, empty database"
            )
    if (
        names
        - {t.name for t in TABLES}
        - {"alembic_version"}
        - {n for n in names if n.startswith("documents_fts")}
    ):
        raise DatabaseError(f"{where}: holds other tables; restore into a new, empty database")


def _insert_rows(conn: Connection, rows: Iterator[tuple[str, dict[str, Any], str]]) -> dict[str, int]:
    """Insert the rows of a backup, each checked as an import checks its input; the first bad one stops all."""
    tables = {t.name: t for t in TABLES}
    checker = RowChecker()
    counts = {t.name: 0 for t in TABLES}
    batch: list[dict[str, Any]] = []
    current: str | None = None

    def flush() -> None:
        if current is not None and batch:
            conn.execute(tables[current].insert(), batch)
            batch.clear()

    for table_name, row, where in rows:
        checker.check(table_name, row, where)
        if table_name != current or len(batch) >= _BATCH:
            flush()
            current = table_name
        batch.append(row)
        counts[table_name] += 1
    flush()
    if conn.dialect.name == "postgresql":
        # Rows came with their ids: move each id sequence past them, or the next insert collides.
        for table in TABLES:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer):
                name, column = table.name, pk[0].name
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "
                        f"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {name}"
                    )
                )
    return counts


def _sqlite_rows(path: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Rows of a SQLite backup file, migrated to the current schema in a temporary copy."""
    from annotator.storage.migrate import ensure_schema

    with tempfile.TemporaryDirectory(prefix="annotator-restore-") as folder:
        work = Path(folder) / "restore.sqlite3"
        copy_sqlite(path, work)
        engine = make_engine(URL.create("sqlite", database=str(work)))
        try:
            ensure_schema(engine, backup=False)
            with engine.connect() as conn:
                for table, row in dump_rows(conn):
                    key = ", ".join(str(row[c.name]) for c in _TABLES_BY_NAME[table].primary_key.columns)
                    yield table, row, f"{path}: table {table}, row {key}"
        finally:
            engine.dispose()


def restore(source: Path, url: URL) -> BackupResult:
    """Load a backup (a SQLite copy or a JSONL dump) into an empty database at `url`, all or nothing."""
    from annotator.storage.migrate import head_revision, upgrade_connection

    source = Path(source).expanduser().absolute()
    if source.is_dir():
        raise ValidationError(f"{source}: is a folder, not a backup file")
    try:
        with source.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ValidationError(f"{source}: cannot be read ({exc.strerror})") from None
    where = display_url(url)
    if url.get_backend_name() == "sqlite" and Path(url.database or "") == source:
        raise DatabaseError(f"{where}: is the backup itself; restore into another database")
    if head == SQLITE_MAGIC:
        probe_sqlite(source, read_only=True)
        rows: Iterator[tuple[str, dict[str, Any], str]] = _sqlite_rows(source)
        kind = "sqlite"
    else:
        rows = ((obj["table"], obj["row"], f"{source}: line {n}") for n, obj in _read_dump(source))
        kind = "jsonl"
    # A new SQLite target is built beside its final name and renamed into place only
    # when complete, so a failed restore leaves no file behind.
    final: Path | None = None
    target_url = url
    if url.get_backend_name() == "sqlite":
        target = Path(url.database or "")
        probe_sqlite(target)
        if not target.exists():
            final = target
            target_url = URL.create("sqlite", database=str(_temp_beside(target)))
    engine = make_engine(target_url)
    try:
        with engine.connect() as conn, conn.begin():
            _ensure_empty(conn, where)
            revision = _current_revision(conn)
            if revision is None:
                upgrade_connection(conn)
            elif revision != head_revision():
                raise DatabaseError(f"{where}: is at another schema version; restore into a new database")
            counts = _insert_rows(conn, rows)
        engine.dispose()
        if final is not None:
            assert target_url.database is not None
            os.replace(target_url.database, final)
            final = None
    except SQLAlchemyError as exc:
        if is_connection_error(exc):
            raise
        raise DatabaseError(
            f"{where}: the restore failed and nothing was kept ({_first_line(exc)})"
        ) from None
    finally:
        engine.dispose()
        if isinstance(rows, Generator):
            rows.close()
        if final is not None and target_url.database:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(target_url.database + suffix).unlink(missing_ok=True)
    return BackupResult(kind, source, head_revision(), counts)


def backup_database(target: str | Path, out: Path, *, overwrite: bool = False) -> BackupResult:
    """Back up the database at a path or URL; storage errors become the project's error types."""
    from annotator.storage.engine import resolve_url
    from annotator.storage.uow import translate

    url = resolve_url(target)
    try:
        return backup(url, Path(out), overwrite=overwrite)
    except SQLAlchemyError as exc:
        raise translate(display_url(url), "no backup made", exc) from None


def restore_database(source: Path, target: str | Path) -> BackupResult:
    """Restore a backup into the database at a path or URL, all or nothing."""
    from annotator.storage.engine import resolve_url
    from annotator.storage.uow import translate

    url = resolve_url(target)
    try:
        return restore(Path(source), url)
    except SQLAlchemyError as exc:
        raise translate(display_url(url), "nothing restored", exc) from None
