"""Per-annotator document status and the counts built on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.types import (
    DocStatus,
    LabelKind,
    Origin,
)
from annotator.storage.models import (
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
    utcnow,
)

# --- status --------------------------------------------------------------


def get_status(session: Session, doc_id: int, annotator: int) -> DocStatus:
    """An annotator's status for a document."""
    value = session.scalar(
        select(DocumentStatusRow.status).where(
            DocumentStatusRow.document_id == doc_id, DocumentStatusRow.annotator_id == annotator
        )
    )
    return DocStatus(value) if value else DocStatus.TODO


def set_status(session: Session, doc_id: int, annotator: int, status: DocStatus) -> None:
    """Set an annotator's status for a document (two Core statements: the ORM's flush cost a first add 6 ms)."""
    conn = session.connection()
    values = {"status": status.value, "updated_at": utcnow()}
    mine = and_(DocumentStatusRow.document_id == doc_id, DocumentStatusRow.annotator_id == annotator)
    if conn.execute(update(DocumentStatusRow).where(mine).values(**values)).rowcount == 0:
        conn.execute(insert(DocumentStatusRow).values(document_id=doc_id, annotator_id=annotator, **values))


def statuses_for_documents(
    session: Session, doc_ids: Sequence[int], annotator: int | None
) -> dict[int, DocStatus]:
    """Status per document: one annotator's, or the most advanced of anyone's."""
    if not doc_ids:
        return {}
    query = select(DocumentStatusRow.document_id, DocumentStatusRow.status).where(
        DocumentStatusRow.document_id.in_(doc_ids)
    )
    if annotator is not None:
        query = query.where(DocumentStatusRow.annotator_id == annotator)
    rank = {DocStatus.TODO: 0, DocStatus.SKIPPED: 1, DocStatus.IN_PROGRESS: 2, DocStatus.DONE: 3}
    out: dict[int, DocStatus] = {}
    for doc, value in session.connection().execute(query):
        status = DocStatus(value)
        if doc not in out or rank[status] > rank[out[doc]]:
            out[doc] = status
    return out


def status_counts(session: Session, project_id: int, annotator: int | None) -> dict[str, int]:
    """Documents per status for one annotator (or the most advanced status of anyone), in one query."""
    counts = {s.value: 0 for s in DocStatus}
    if annotator is not None:
        status = (
            select(DocumentStatusRow.document_id, DocumentStatusRow.status.label("status"))
            .where(DocumentStatusRow.annotator_id == annotator)
            .subquery()
        )
        value: Any = status.c.status
    else:
        # The most advanced status of anyone: done, then in progress, then skipped.
        rank = case(
            (DocumentStatusRow.status == DocStatus.DONE.value, 3),
            (DocumentStatusRow.status == DocStatus.IN_PROGRESS.value, 2),
            (DocumentStatusRow.status == DocStatus.SKIPPED.value, 1),
            else_=0,
        )
        status = (
            select(DocumentStatusRow.document_id, func.max(rank).label("rank"))
            .group_by(DocumentStatusRow.document_id)
            .subquery()
        )
        value = status.c.rank
    rows = session.execute(
        select(value, func.count())
        .select_from(DocumentRow)
        .outerjoin(status, status.c.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == project_id)
        .group_by(value)
    )
    names = {3: DocStatus.DONE.value, 2: DocStatus.IN_PROGRESS.value, 1: DocStatus.SKIPPED.value}
    for key, n in rows:
        name = (names.get(key, DocStatus.TODO.value) if annotator is None else key) or DocStatus.TODO.value
        counts[name] += n
    return counts


def span_counts_by_label(session: Session, project_id: int) -> dict[str, int]:
    """Annotations per label in a project (labels without any count 0); pending suggestions are not annotations."""
    annotation = and_(SpanRow.label_id == LabelRow.id, SpanRow.origin != Origin.SUGGESTED.value)
    rows = session.execute(
        select(LabelRow.name, func.count(SpanRow.id))
        .outerjoin(SpanRow, annotation)
        .where(LabelRow.project_id == project_id, LabelRow.kind == LabelKind.SPAN.value)
        .group_by(LabelRow.name, LabelRow.position)
        .order_by(LabelRow.position)
    )
    return {name: n for name, n in rows}
