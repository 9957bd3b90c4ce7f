"""Query pieces shared by the repositories: bulk inserts and the status and ownership filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select
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
    """executemany of rows with the columns' own type conversions, without per-row statement compilation."""
    conn = session.connection()
    dialect = conn.dialect
    names = list(rows[0])
    procs = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    columns = []
    for name, proc in zip(names, procs, strict=True):
        values = [row[name] for row in rows]
        if proc is not None:
            first = values[0]
            if all(v is first for v in values):  # e.g. one timestamp for a whole batch
                values = [proc(first)] * len(values)
            else:
                values = [proc(v) for v in values]
        columns.append(values)
    conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


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
