"""Team work: assignments, who coded which article, per-coder statuses, and removing one coder's annotations."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import case, delete, func, insert, select, union
from sqlalchemy.orm import Session

from annotator.core.types import DocStatus, Origin
from annotator.storage.models import (
    AnnotatorRow,
    AssignmentRow,
    DocumentRow,
    DocumentStatusRow,
    DocumentValueRow,
    RelationRow,
    SpanRow,
)

_CHUNK = 500


# --- assignments -----------------------------------------------------------------


def assignment_candidates(
    session: Session, project_id: int, status: DocStatus | None = None
) -> list[tuple[int, str]]:
    """(document id, text hash) of a project's documents; with `status`, those whose status is it.

    A document's status here is the most advanced of anyone's (done, in progress, skipped, to do),
    so `todo` means nobody has started it.
    """
    query = select(DocumentRow.id, DocumentRow.text_hash).where(DocumentRow.project_id == project_id)
    if status is not None:
        rank = case(
            (DocumentStatusRow.status == DocStatus.DONE.value, 3),
            (DocumentStatusRow.status == DocStatus.IN_PROGRESS.value, 2),
            (DocumentStatusRow.status == DocStatus.SKIPPED.value, 1),
            else_=0,
        )
        best = (
            select(DocumentStatusRow.document_id, func.max(rank).label("rank"))
            .group_by(DocumentStatusRow.document_id)
            .subquery()
        )
        wanted = {DocStatus.DONE: 3, DocStatus.IN_PROGRESS: 2, DocStatus.SKIPPED: 1, DocStatus.TODO: 0}[
            status
        ]
        query = query.outerjoin(best, best.c.document_id == DocumentRow.id).where(
            func.coalesce(best.c.rank, 0) == wanted
        )
    return [(int(i), h) for i, h in session.execute(query.order_by(DocumentRow.id))]


def project_assignments(session: Session, project_id: int) -> dict[int, set[str]]:
    """Document id -> the names of the coders it is assigned to, for a whole project."""
    rows = session.execute(
        select(AssignmentRow.document_id, AnnotatorRow.name)
        .join(AnnotatorRow, AnnotatorRow.id == AssignmentRow.annotator_id)
        .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
        .where(DocumentRow.project_id == project_id)
    )
    out: dict[int, set[str]] = {}
    for doc, name in rows:
        out.setdefault(int(doc), set()).add(name)
    return out


def insert_assignments(session: Session, pairs: Iterable[tuple[int, int]]) -> int:
    """Assign documents to coders ((document id, annotator id) pairs); returns how many."""
    rows = [{"document_id": d, "annotator_id": a} for d, a in pairs]
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(AssignmentRow), rows[start : start + _CHUNK])
    return len(rows)


def delete_assignments(session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Remove assignments ((document id, annotator id) pairs)."""
    by_coder: dict[int, list[int]] = {}
    for doc, aid in pairs:
        by_coder.setdefault(aid, []).append(doc)
    for aid, docs in by_coder.items():
        for start in range(0, len(docs), _CHUNK):
            session.execute(
                delete(AssignmentRow).where(
                    AssignmentRow.annotator_id == aid,
                    AssignmentRow.document_id.in_(docs[start : start + _CHUNK]),
                )
            )


def assignment_counts(session: Session, project_id: int) -> list[tuple[str, int, int, int, int]]:
    """Per assigned coder: (name, assigned, done, in progress, shared with another coder), by name."""
    shared = (
        select(AssignmentRow.document_id)
        .group_by(AssignmentRow.document_id)
        .having(func.count(AssignmentRow.annotator_id) > 1)
        .subquery()
    )
    status = DocumentStatusRow.status
    rows = session.execute(
        select(
            AnnotatorRow.name,
            func.count(AssignmentRow.document_id),
            func.sum(case((status == DocStatus.DONE.value, 1), else_=0)),
            func.sum(case((status == DocStatus.IN_PROGRESS.value, 1), else_=0)),
            func.sum(case((shared.c.document_id.is_not(None), 1), else_=0)),
        )
        .select_from(AssignmentRow)
        .join(AnnotatorRow, AnnotatorRow.id == AssignmentRow.annotator_id)
        .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
        .outerjoin(
            DocumentStatusRow,
            (DocumentStatusRow.document_id == AssignmentRow.document_id)
            & (DocumentStatusRow.annotator_id == AssignmentRow.annotator_id),
        )
        .outerjoin(shared, shared.c.document_id == AssignmentRow.document_id)
        .where(DocumentRow.project_id == project_id)
        .group_by(AnnotatorRow.name)
        .order_by(AnnotatorRow.name)
    )
    return [(name, int(n), int(d or 0), int(p or 0), int(s or 0)) for name, n, d, p, s in rows]


def shared_documents(session: Session, project_id: int) -> set[int]:
    """Documents of a project assigned to at least two coders (the planned reliability sample)."""
    rows = session.scalars(
        select(AssignmentRow.document_id)
        .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
        .where(DocumentRow.project_id == project_id)
        .group_by(AssignmentRow.document_id)
        .having(func.count(AssignmentRow.annotator_id) > 1)
    )
    return {int(d) for d in rows}


# --- who coded what ----------------------------------------------------------------


def coded_documents(session: Session, project_id: int, annotated: bool = False) -> dict[int, dict[int, str]]:
    """Document id -> {annotator id: name} of the coders who coded it, in list order of the documents.

    A coder coded a document when their status for it is done; with `annotated`, when they have
    any span (not a pending suggestion) or document value in it.
    """
    if annotated:
        spans = (
            select(SpanRow.document_id.label("doc"), SpanRow.annotator_id.label("aid"))
            .join(DocumentRow, DocumentRow.id == SpanRow.document_id)
            .where(
                DocumentRow.project_id == project_id,
                SpanRow.annotator_id.is_not(None),
                SpanRow.origin != Origin.SUGGESTED.value,
            )
        )
        values = (
            select(DocumentValueRow.document_id.label("doc"), DocumentValueRow.annotator_id.label("aid"))
            .join(DocumentRow, DocumentRow.id == DocumentValueRow.document_id)
            .where(DocumentRow.project_id == project_id, DocumentValueRow.annotator_id.is_not(None))
        )
        pairs = union(spans, values).subquery()
        query = (
            select(pairs.c.doc, pairs.c.aid, AnnotatorRow.name, DocumentRow.position)
            .join(AnnotatorRow, AnnotatorRow.id == pairs.c.aid)
            .join(DocumentRow, DocumentRow.id == pairs.c.doc)
        )
    else:
        query = (
            select(
                DocumentStatusRow.document_id,
                DocumentStatusRow.annotator_id,
                AnnotatorRow.name,
                DocumentRow.position,
            )
            .join(AnnotatorRow, AnnotatorRow.id == DocumentStatusRow.annotator_id)
            .join(DocumentRow, DocumentRow.id == DocumentStatusRow.document_id)
            .where(DocumentRow.project_id == project_id, DocumentStatusRow.status == DocStatus.DONE.value)
        )
    out: dict[int, dict[int, str]] = {}
    for doc, aid, name, _position in session.execute(query.order_by(DocumentRow.position, DocumentRow.id)):
        out.setdefault(int(doc), {})[int(aid)] = name
    return out


def statuses_by_annotator(session: Session, doc_ids: Sequence[int]) -> dict[int, dict[str, DocStatus]]:
    """Document id -> annotator name -> status, for every annotator with a status row."""
    out: dict[int, dict[str, DocStatus]] = {d: {} for d in doc_ids}
    for start in range(0, len(doc_ids), _CHUNK):
        rows = session.execute(
            select(DocumentStatusRow.document_id, AnnotatorRow.name, DocumentStatusRow.status)
            .join(AnnotatorRow, AnnotatorRow.id == DocumentStatusRow.annotator_id)
            .where(DocumentStatusRow.document_id.in_(list(doc_ids[start : start + _CHUNK])))
        )
        for doc, name, status in rows:
            out[int(doc)][name] = DocStatus(status)
    return out


def annotators_by_name(session: Session, names: Collection[str]) -> dict[str, int]:
    """Name -> id of those of the names that have annotated (or been assigned) before."""
    if not names:
        return {}
    rows = session.execute(
        select(AnnotatorRow.name, AnnotatorRow.id).where(AnnotatorRow.name.in_(list(names)))
    )
    return {name: int(aid) for name, aid in rows}


# --- removing one coder's annotations ---------------------------------------------------


def delete_coder_annotations(session: Session, doc_id: int, annotator: int | None) -> None:
    """Delete a coder's spans (their relations go with them), relations and values in one document."""
    span_owner = SpanRow.annotator_id.is_(None) if annotator is None else SpanRow.annotator_id == annotator
    rel_owner = (
        RelationRow.annotator_id.is_(None) if annotator is None else RelationRow.annotator_id == annotator
    )
    value_owner = (
        DocumentValueRow.annotator_id.is_(None)
        if annotator is None
        else DocumentValueRow.annotator_id == annotator
    )
    spans = select(SpanRow.id).where(SpanRow.document_id == doc_id, span_owner)
    session.execute(
        delete(RelationRow).where(
            RelationRow.document_id == doc_id,
            rel_owner | RelationRow.head_id.in_(spans) | RelationRow.tail_id.in_(spans),
        )
    )
    session.execute(delete(SpanRow).where(SpanRow.document_id == doc_id, span_owner))
    session.execute(delete(DocumentValueRow).where(DocumentValueRow.document_id == doc_id, value_owner))


def delete_status(session: Session, doc_id: int, annotator: int) -> None:
    """Forget a coder's status for a document (it reads as "to do" again)."""
    session.execute(
        delete(DocumentStatusRow).where(
            DocumentStatusRow.document_id == doc_id, DocumentStatusRow.annotator_id == annotator
        )
    )


def assigned_progress(session: Session, project_id: int, annotator: int) -> tuple[int, int]:
    """(done, assigned) documents of one coder's assignment in a project."""
    row = session.execute(
        select(
            func.sum(case((DocumentStatusRow.status == DocStatus.DONE.value, 1), else_=0)),
            func.count(AssignmentRow.document_id),
        )
        .select_from(AssignmentRow)
        .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
        .outerjoin(
            DocumentStatusRow,
            (DocumentStatusRow.document_id == AssignmentRow.document_id)
            & (DocumentStatusRow.annotator_id == AssignmentRow.annotator_id),
        )
        .where(DocumentRow.project_id == project_id, AssignmentRow.annotator_id == annotator)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)
