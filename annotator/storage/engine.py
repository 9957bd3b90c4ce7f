"""Engines for a database URL: SQLite pragmas, probing, write transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from annotator.core.errors import DatabaseError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
WRITE = {"annotator_write": True}


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


def probe_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database, before SQLite opens it lazily."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: the folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        return
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise DatabaseError(f"{path}: is not an annotator database (not a SQLite file)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    size = path.stat().st_size
    if page_size and pages and size < page_size * pages:
        raise DatabaseError(
            f"{path}: the database file is truncated ({size} bytes, expected {page_size * pages})"
        )


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from pysqlite so writes can begin IMMEDIATE.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = FULL")
    mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
    del mode  # a read-only file stays in its journal mode
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
        probe_sqlite(path)
        if read_only:
            url = URL.create(
                "sqlite",
                database=f"file:{path}?mode=ro",
                query={"uri": "true"},
            )
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 5},
    )
