"""Suggestions: documents to run a suggester over, what is already there or rejected, pending ones, rejections."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from annotator.core.types import DocStatus, Origin, Relation, Span
from annotator.storage.models import (
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    RejectedSuggestionRow,
    RelationRow,
    SpanRow,
    utcnow,
)
from annotator.storage.repo.common import bulk_insert, bulk_insert_rows
from annotator.storage.repo.spans import document_spans, pieces

SUGGESTED = Origin.SUGGESTED.value
IN_CHUNK = 500  # ids per IN (...) list, well under every driver's parameter limit

ShapeKey = tuple[int, int, int, int, tuple[tuple[int, int], ...]]
"""(document id, label id, start, end, fragments): a span's shape, whoever made it."""
Holder = tuple[int | None, bool, str]
"""(annotator id, is a pending suggestion, span id): one span of a shape."""


def suggestion_ids() -> Iterator[str]:
    """New 128-bit hex ids that start with the time and count up, so a large run appends to the id index."""
    prefix = f"{time.time_ns() // 1000:014x}{os.urandom(5).hex()}"
    return (f"{prefix}{n:08x}" for n in itertools.count())


def document_ids(
    session: Session, project_id: int, status: DocStatus | None, annotator: int | None
) -> list[int]:
    """The project's documents in list order, optionally those in one status (one coder's, or anyone's)."""
    query = select(DocumentRow.id).where(DocumentRow.project_id == project_id)
    if status is not None:
        marked = select(DocumentStatusRow.document_id)
        if annotator is not None:
            marked = marked.where(DocumentStatusRow.annotator_id == annotator)
        if status == DocStatus.TODO:
            # To do: nobody (or that coder) has moved it on.
            query = query.where(
                DocumentRow.id.notin_(marked.where(DocumentStatusRow.status != DocStatus.TODO.value))
            )
        else:
            query = query.where(DocumentRow.id.in_(marked.where(DocumentStatusRow.status == status.value)))
    return list(session.scalars(query.order_by(DocumentRow.position, DocumentRow.id)))


def texts(session: Session, doc_ids: Sequence[int]) -> dict[int, str]:
    """Document id -> its text, for a batch of ids."""
    out: dict[int, str] = {}
    conn = session.connection()
    for at in range(0, len(doc_ids), IN_CHUNK):
        chunk = list(doc_ids[at : at + IN_CHUNK])
        rows = conn.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk)))
        out.update((int(doc), str(text)) for doc, text in rows)
    return out


def span_shapes(session: Session, doc_ids: Sequence[int]) -> dict[ShapeKey, list[Holder]]:
    """Every span of some documents by shape: who holds each (suggestions included)."""
    out: dict[ShapeKey, list[Holder]] = {}
    conn = session.connection()
    columns = (
        SpanRow.document_id,
        SpanRow.label_id,
        SpanRow.start,
        SpanRow.end,
        SpanRow.fragments,
        SpanRow.annotator_id,
        SpanRow.origin,
        SpanRow.id,
    )
    for at in range(0, len(doc_ids), IN_CHUNK):
        chunk = list(doc_ids[at : at + IN_CHUNK])
        for doc, label, start, end, frags, who, origin, sid in conn.execute(
            select(*columns).where(SpanRow.document_id.in_(chunk))
        ):
            out.setdefault((doc, label, start, end, pieces(frags)), []).append(
                (who, origin == SUGGESTED, sid)
            )
    return out


def rejected(session: Session, doc_ids: Sequence[int]) -> dict[tuple[int, int, int, int], set[int | None]]:
    """(document, label id, start, end) of the rejected suggestions of some documents -> who rejected them."""
    out: dict[tuple[int, int, int, int], set[int | None]] = {}
    conn = session.connection()
    r = RejectedSuggestionRow
    for at in range(0, len(doc_ids), IN_CHUNK):
        chunk = list(doc_ids[at : at + IN_CHUNK])
        rows = conn.execute(
            select(r.document_id, r.label_id, r.start, r.end, r.annotator_id).where(r.document_id.in_(chunk))
        )
        for doc, label, start, end, who in rows:
            out.setdefault((doc, label, start, end), set()).add(who)
    return out


def _suggester_filter(family: str) -> Any:
    """Stored suggesters `family` names: equal to it, or every one starting with it when it ends with a space."""
    if family.endswith(" "):
        return func.substr(SpanRow.suggester, 1, len(family)) == family
    return SpanRow.suggester == family


def _owner(annotator: int | None) -> Any:
    return SpanRow.annotator_id.is_(None) if annotator is None else SpanRow.annotator_id == annotator


def delete_pending(
    session: Session,
    doc_ids: Sequence[int],
    family: str | None,
    annotator: int | None,
    label_ids: Sequence[int] | None = None,
) -> int:
    """Delete pending suggestions of some documents (of one suggester family, or any; of some labels) and their relations."""
    removed = 0
    for at in range(0, len(doc_ids), IN_CHUNK):
        chunk = list(doc_ids[at : at + IN_CHUNK])
        where = [SpanRow.document_id.in_(chunk), SpanRow.origin == SUGGESTED, _owner(annotator)]
        if family is not None:
            where.append(_suggester_filter(family))
        if label_ids is not None:
            where.append(SpanRow.label_id.in_(list(label_ids)))
        doomed = select(SpanRow.id).where(*where)
        # Relations first and explicitly: the cascade would look each span up in relations.
        session.execute(
            delete(RelationRow).where(
                RelationRow.document_id.in_(chunk),
                or_(RelationRow.head_id.in_(doomed), RelationRow.tail_id.in_(doomed)),
            )
        )
        result = session.execute(delete(SpanRow).where(*where))
        removed += int(result.rowcount)  # type: ignore[attr-defined]
    return removed


SPAN_COLUMNS = (
    "id", "document_id", "annotator_id", "label_id", "start", "end", "note", "attributes", "origin",
    "version", "created_at", "updated_at", "fragments", "codebook_version", "suggester", "score",
    "derived_from",
)  # fmt: skip
"""The columns of a span row as `span_tuple` orders them."""
RELATION_COLUMNS = (
    "id", "document_id", "head_id", "tail_id", "label_id", "annotator_id", "version", "origin",
    "codebook_version",
)  # fmt: skip
"""The columns of a relation row as `relation_tuple` orders them."""


def span_tuple(
    span: Span,
    doc_id: int,
    label_id: int,
    annotator: int | None,
    now: datetime,
    derived_from: str | None = None,
) -> tuple[Any, ...]:
    """The spans-table row of a span (SPAN_COLUMNS), with the suggestion it was accepted from (if any)."""
    return (
        span.id, doc_id, annotator, label_id, span.start, span.end, span.note, dict(span.attributes),
        span.origin.value, span.version, now, now, [list(p) for p in span.fragments] or None,
        span.codebook_version, span.suggester, span.score, derived_from,
    )  # fmt: skip


def relation_tuple(relation: Relation, doc_id: int, label_id: int, annotator: int | None) -> tuple[Any, ...]:
    """The relations-table row of a relation (RELATION_COLUMNS)."""
    return (
        relation.id, doc_id, relation.head, relation.tail, label_id, annotator, relation.version,
        relation.origin.value, relation.codebook_version,
    )  # fmt: skip


def insert_rows(
    session: Session, spans: Sequence[tuple[Any, ...]], relations: Sequence[tuple[Any, ...]] = ()
) -> None:
    """Insert span rows (SPAN_COLUMNS) and relation rows (RELATION_COLUMNS) in bulk."""
    if spans:
        bulk_insert_rows(session, SpanRow.__table__, SPAN_COLUMNS, spans)
    if relations:
        bulk_insert_rows(session, RelationRow.__table__, RELATION_COLUMNS, relations)


def pending(session: Session, doc_id: int, annotator: int | None) -> list[Span]:
    """A document's pending suggestions a coder sees: unattributed ones and that coder's own."""
    return [s for s in document_spans(session, doc_id, annotator if annotator is not None else -1)
            if s.origin == Origin.SUGGESTED]  # fmt: skip


def derived_from(session: Session, span_ids: Sequence[str]) -> dict[str, str]:
    """Span id -> the suggestion it was accepted from, for those that were."""
    rows = session.execute(
        select(SpanRow.id, SpanRow.derived_from).where(
            SpanRow.id.in_(list(span_ids)), SpanRow.derived_from.is_not(None)
        )
    )
    return {sid: str(source) for sid, source in rows}


def add_rejections(
    session: Session, rows: Sequence[tuple[int, int, int, int, str | None, int | None]]
) -> None:
    """Record rejected suggestions: (document, label id, start, end, suggester, annotator id)."""
    if rows:
        now = utcnow()
        bulk_insert(
            session,
            RejectedSuggestionRow.__table__,
            [
                {"document_id": d, "label_id": lab, "start": s, "end": e, "suggester": sug,
                 "annotator_id": who, "created_at": now}
                for d, lab, s, e, sug, who in rows
            ],
        )  # fmt: skip


def remove_rejections(
    session: Session, rows: Sequence[tuple[int, int, int, int, str | None, int | None]]
) -> None:
    """Forget rejections (the undo of a reject): the newest matching row of each."""
    r = RejectedSuggestionRow
    for doc, label, start, end, _suggester, who in rows:
        owner = r.annotator_id.is_(None) if who is None else r.annotator_id == who
        newest = session.scalar(
            select(func.max(r.id)).where(
                r.document_id == doc, r.label_id == label, r.start == start, r.end == end, owner
            )
        )
        if newest is not None:
            session.execute(delete(r).where(r.id == newest))


def pending_counts(session: Session, project_id: int, annotator: int | None) -> dict[str, int]:
    """Pending suggestions per label in a project (a coder's view: unattributed and their own)."""
    owner: Any = SpanRow.annotator_id.is_(None)
    if annotator is not None:
        owner = or_(owner, SpanRow.annotator_id == annotator)
    rows = session.execute(
        select(LabelRow.name, func.count(SpanRow.id))
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .where(LabelRow.project_id == project_id, SpanRow.origin == SUGGESTED, owner)
        .group_by(LabelRow.name)
    )
    return {name: int(n) for name, n in rows}


def next_with_pending(
    session: Session, project_id: int, doc_id: int | None, annotator: int | None
) -> int | None:
    """The first document after `doc_id` in list order (from the start with None) with suggestions for a coder."""
    owner: Any = SpanRow.annotator_id.is_(None)
    if annotator is not None:
        owner = or_(owner, SpanRow.annotator_id == annotator)
    has = exists().where(SpanRow.document_id == DocumentRow.id, SpanRow.origin == SUGGESTED, owner)
    query = select(DocumentRow.id).where(DocumentRow.project_id == project_id, has)
    if doc_id is not None:
        pos = session.scalar(select(DocumentRow.position).where(DocumentRow.id == doc_id))
        if pos is not None:
            query = query.where(
                or_(DocumentRow.position > pos, and_(DocumentRow.position == pos, DocumentRow.id > doc_id))
            )
    found = session.scalar(query.order_by(DocumentRow.position, DocumentRow.id).limit(1))
    return None if found is None else int(found)
