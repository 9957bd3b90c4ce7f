"""Query pieces shared by the repositories: bulk inserts, the deferred search index, the status and ownership filters."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from annotator.core.types import (
    DocStatus,
)
from annotator.storage.models import (
    DocumentRow,
    DocumentStatusRow,
    SpanRow,
)


def bulk_insert(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as dicts (all with the same keys), as `bulk_insert_rows` does."""
    if rows:
        names = list(rows[0])
        bulk_insert_rows(session, table, names, [tuple(row[n] for n in names) for row in rows])


COPY_FROM = 50
"""The fewest rows PostgreSQL is sent by COPY rather than executemany."""


def _target(dialect: Any, table: Any, names: Sequence[str]) -> str:
    """`"table" ("a", "b")`: the table and columns an INSERT or a COPY names."""
    quote = dialect.identifier_preparer.quote
    return f"{quote(table.name)} ({', '.join(quote(n) for n in names)})"


def _insert_sql(dialect: Any, table: Any, names: Sequence[str]) -> str:
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    return f"INSERT INTO {_target(dialect, table, names)} VALUES ({', '.join([mark] * len(names))})"


def _copy(conn: Connection, table: Any, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows in one COPY, which the server takes faster than as many INSERTs.

    COPY goes past SQLAlchemy to the driver, so a driver error is raised as SQLAlchemy
    would raise it (a lost connection invalidated and flagged), for the unit of work
    to report or retry as it does any statement's.
    """
    dialect = conn.dialect
    sql = f"COPY {_target(dialect, table, names)} FROM STDIN"
    raw: Any = conn.connection.dbapi_connection  # psycopg's, whose cursor has copy()
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, raw, None)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            sql, None, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
        ) from None


def bulk_insert_rows(
    session: Session, table: Any, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert rows given as tuples in the order of `names`, with the columns' own type conversions.

    Only the columns that have a conversion are touched; a value shared by every row
    (one timestamp for a batch) is converted once. SQLite takes them by executemany;
    PostgreSQL by COPY from COPY_FROM rows up (COPY costs a round trip more than a
    one-row INSERT, which a coder's key press on a distant server would feel).
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    procs = [(i, table.c[n].type._cached_bind_processor(dialect)) for i, n in enumerate(names)]
    procs = [(i, p) for i, p in procs if p is not None]
    if procs:
        columns = list(zip(*rows, strict=True))
        for i, proc in procs:
            values = columns[i]
            first = values[0]
            if all(v is first for v in values):
                columns[i] = (proc(first),) * len(values)
            else:
                columns[i] = tuple(map(proc, values))
        rows = list(zip(*columns, strict=True))
    elif not isinstance(rows, list):
        rows = list(rows)
    if dialect.name == "postgresql" and dialect.driver == "psycopg" and len(rows) >= COPY_FROM:
        _copy(conn, table, names, rows)
    else:
        conn.exec_driver_sql(_insert_sql(dialect, table, names), rows)


def existing_ids(session: Session, table: Any, ids: Sequence[str]) -> set[str]:
    """Which of these ids are already in the table's `id` column (statements made once, not compiled per batch)."""
    wanted = sorted({i for i in ids if i and len(i) <= 32})
    if not wanted:
        return set()
    conn = session.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    found: set[str] = set()
    if dialect.name == "postgresql":
        # One array parameter: the statement's text stays the same, so the driver prepares it once
        # (a 500-placeholder IN list was parsed again for every chunk).
        sql = f"SELECT id FROM {quote(table.name)} WHERE id = ANY(%s)"
        for start in range(0, len(wanted), 5_000):
            found.update(r[0] for r in conn.exec_driver_sql(sql, (wanted[start : start + 5_000],)))
        return found
    step = 500
    for start in range(0, len(wanted), step):
        chunk = wanted[start : start + step]
        sql = f"SELECT id FROM {quote(table.name)} WHERE id IN ({', '.join([mark] * len(chunk))})"
        found.update(r[0] for r in conn.exec_driver_sql(sql, tuple(chunk)))
    return found


@contextlib.contextmanager
def deferred_search_index(session: Session) -> Iterator[None]:
    """Within one write transaction, fill SQLite's FTS5 index once for every document inserted, not row by row.

    The insert trigger is dropped for the duration and made again from its own SQL,
    in the same transaction (the write lock is held, so no other writer sees it gone;
    a rollback restores it too). Other backends index as they insert.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    found = session.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_fts_insert'")
    ).scalar()
    if found is None:
        yield
        return
    top = session.scalar(select(func.coalesce(func.max(DocumentRow.id), 0))) or 0
    session.execute(text("DROP TRIGGER documents_fts_insert"))
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):  # the rollback that follows restores it in any case
            session.execute(text(found))
        raise
    session.execute(
        text(
            "INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents WHERE id > :top"
        ),
        {"top": top},
    )
    session.execute(text(found))


def status_expr(annotator: int | None) -> Any:
    sub = (
        select(DocumentStatusRow.status)
        .where(
            DocumentStatusRow.document_id == DocumentRow.id,
            DocumentStatusRow.annotator_id == (annotator if annotator is not None else -1),
        )
        .scalar_subquery()
    )
    return func.coalesce(sub, DocStatus.TODO.value)


def span_owner_filter(annotator: int | None) -> Any:
    if annotator is None:
        return SpanRow.annotator_id.is_(None)
    return or_(SpanRow.annotator_id == annotator, SpanRow.annotator_id.is_(None))
