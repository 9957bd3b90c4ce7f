"""Bulk reads straight from the driver's cursor: rows as plain tuples, each column's own conversion applied column by column.

A read of a few thousand rows through SQLAlchemy's result objects costs more
in Python than the database takes to find them: each row is fetched one by
one and every value passes its type's processor. `rows` compiles the same
statement once (the ids of a batch inlined: they are integers), fetches every
row at once from the session's own connection (so in its transaction and
snapshot), and applies only the conversions the column types have on this
backend (JSON decoding; on PostgreSQL the NUL escape of texts), each over a
whole column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session


def rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """Every row of `query` (whose bound values are numbers) as tuples, converted as SQLAlchemy converts them."""
    conn = session.connection()
    dialect = conn.dialect
    sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, ())
        found = [tuple(r) for r in cursor.fetchall()]
        codes = [d[1] for d in cursor.description or ()]
    finally:
        cursor.close()
    # A column's conversion depends on the type the driver reports (PostgreSQL numerics).
    procs: list[tuple[int, Callable[[Any], Any]]] = []
    for i, (column, code) in enumerate(zip(query.selected_columns, codes, strict=True)):
        proc = column.type._cached_result_processor(dialect, code)
        if proc is not None:
            procs.append((i, proc))
    if not procs or not found:
        return found
    columns: list[Any] = list(zip(*found, strict=True))
    for i, convert in procs:
        columns[i] = map(convert, columns[i])
    return list(zip(*columns, strict=True))
