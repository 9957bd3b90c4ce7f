"""Engines for a database URL: SQLite pragmas, probing, write transactions, connection faults."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from annotator.core.errors import DatabaseError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
WRITE = {"annotator_write": True}
# SQLSTATE classes that mean the server or the connection went away (not a bad statement).
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def resolve_url(target: str | Path) -> URL:
    """Turn a path or URL into a SQLAlchemy URL; a plain path means SQLite."""
    text = str(target)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
    try:
        url = make_url(text)
    except ArgumentError:
        raise DatabaseError(f"{text!r} is neither a file path nor a database URL") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"{display_url(url)}: only SQLite files and postgresql+psycopg:// URLs are supported"
        )
    return url


def display_url(url: URL) -> str:
    """The URL as shown to a user: the password masked, a SQLite URL shown as its path."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def sqlite_writable(path: Path) -> bool:
    """Whether SQLite can write this database: the file, and its folder (for the -wal and -shm files)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def probe_sqlite(path: Path, *, read_only: bool = False) -> None:
    """Refuse what is not a SQLite database before SQLite opens it lazily (or creates it)."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: the folder {path.parent} does not exist")
        if read_only:
            raise DatabaseError(f"{path}: no such database file (opening read-only creates nothing)")
        if not os.access(path.parent, os.W_OK):
            raise DatabaseError(f"{path}: no such database, and the folder {path.parent} is read-only")
        return
    if not path.is_file():
        raise DatabaseError(f"{path}: is not a regular file, so not a database")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        return  # an empty file is an empty database, as SQLite itself treats it
    if not head.startswith(SQLITE_MAGIC[: len(head)]):
        raise DatabaseError(f"{path}: is not an annotator database (not a SQLite file)")
    if len(head) < 100:
        raise DatabaseError(f"{path}: the database file is truncated ({len(head)} bytes)")
    _check_size(path, head)
    _refuse_foreign(path, wal=head[18:20] == b"\x02\x02")


def _check_size(path: Path, head: bytes) -> None:
    """Refuse a file shorter than its header says (a truncated copy)."""
    # A crash during a checkpoint (WAL) or a rollback (hot journal) can leave the main
    # file shorter than its header says; SQLite repairs that from the side file, so
    # only judge the size when there is no side file.
    if _has_content(Path(f"{path}-wal")) or _has_content(Path(f"{path}-journal")):
        return
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The in-header size is only valid when "version-valid-for" matches the change counter.
    if head[24:28] != head[92:96]:
        return
    size = path.stat().st_size
    if page_size and pages and size < page_size * pages:
        raise DatabaseError(
            f"{path}: the database file is truncated ({size} bytes, expected {page_size * pages})"
        )


def _refuse_foreign(path: Path, *, wal: bool) -> None:
    """Refuse another program's SQLite database, read-only and before any pragma could change the file."""
    uri = _sqlite_uri(path, "ro")
    if wal and not _has_content(Path(f"{path}-wal")):
        # Nothing is pending in a WAL file: read the main file as it is, without creating -shm/-wal.
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return  # SQLite itself reports what is wrong when the real connection opens
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return
    finally:
        conn.close()
    if names and "alembic_version" not in names:
        raise DatabaseError(f"{path}: is not an annotator database (it holds another program's tables)")


def _sqlite_uri(path: Path, mode: str) -> str:
    # Percent-encode the path: a "?" or "#" in a file name would otherwise start the
    # URI's query and SQLite would open (or create) a different file.
    return f"file:{quote(str(path), safe='/')}?mode={mode}"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A raw read-only connection, also to a WAL database in a folder nobody may write."""
    try:
        conn = sqlite3.connect(
            _sqlite_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL database in a read-only folder without its -shm file cannot be
        # opened "ro"; as nobody can write there, reading it as immutable is safe.
        return sqlite3.connect(
            _sqlite_uri(path, "ro") + "&immutable=1",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )


def _sqlite_connector(path: Path, read_only: bool) -> Any:
    """A function making raw SQLite connections with the annotator's settings."""

    def connect() -> sqlite3.Connection:
        if read_only:
            conn = connect_read_only(path)
        else:
            # "rw" after the first connection: a database deleted or moved while open must
            # fail loudly, not be silently recreated empty.
            mode = "rw" if path.exists() else "rwc"
            conn = sqlite3.connect(
                _sqlite_uri(path, mode), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        # Take transaction control from pysqlite so writes can begin IMMEDIATE.
        conn.isolation_level = None
        _apply_pragmas(conn, read_only)
        return conn

    return connect


def _apply_pragmas(conn: sqlite3.Connection, read_only: bool) -> None:
    cur = conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if read_only:
            return  # journal_mode=WAL would be a write: "attempt to write a readonly database"
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        cur.close()


def _on_sqlite_begin(conn: Any) -> None:
    # A write that starts as a read fails with SQLITE_BUSY_SNAPSHOT, which the busy
    # timeout does not retry; so write transactions take the write lock up front.
    if conn.get_execution_options().get("annotator_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(url: URL, *, read_only: bool = False) -> Engine:
    """Create an engine with the annotator's settings for that backend."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        probe_sqlite(path, read_only=read_only)
        engine = create_engine(
            URL.create("sqlite", database=str(path)), creator=_sqlite_connector(path, read_only)
        )
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    # pre-ping: a connection the server dropped while idle (a restart) is replaced at checkout.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def is_connection_error(exc: BaseException) -> bool:
    """True when a database error means the server or connection was lost, not a bad statement."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    module = type(orig).__module__
    if not module.startswith("psycopg"):
        return False
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is None:
        # psycopg raises OperationalError without a SQLSTATE when it cannot connect at all.
        return type(orig).__name__ in ("OperationalError", "InterfaceError")
    return str(sqlstate).startswith(_CONNECTION_SQLSTATES)
