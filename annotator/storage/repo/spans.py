"""Spans and relations: reads in bulk, the duplicate rule, versioned updates."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    delete,
    func,
    literal_column,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from annotator.core.bulk import paused_gc
from annotator.core.errors import ConflictError
from annotator.core.types import (
    Origin,
    Relation,
    Span,
)
from annotator.storage.models import (
    AnnotatorRow,
    LabelRow,
    RelationRow,
    SpanRow,
    utcnow,
)
from annotator.storage.repo import raw
from annotator.storage.repo.common import span_owner_filter

# --- spans and relations -------------------------------------------------


# Bulk reads take label and annotator ids and name them from two small maps (`_named`): a
# join made a new string of the label's name for every row.
_BULK_COLUMNS: tuple[Any, ...] = (
    SpanRow.id,
    SpanRow.start,
    SpanRow.end,
    SpanRow.label_id,
    SpanRow.annotator_id,
    SpanRow.note,
    # Read as text and decoded by the builder; "{}", nearly every span's, comes as NULL (no string made).
    func.nullif(type_coerce(SpanRow.attributes, Text), "{}"),
    SpanRow.origin,
    SpanRow.version,
    type_coerce(SpanRow.fragments, Text),
    SpanRow.codebook_version,
    SpanRow.suggester,
    SpanRow.score,
    SpanRow.document_id,
)


def _bulk_query() -> Select[Any]:
    return select(*_BULK_COLUMNS)


_ORIGINS = {o.value: o for o in Origin}


def pieces(stored: Any) -> tuple[tuple[int, int], ...]:
    """A stored fragments column as the Span field ((), or pairs)."""
    return tuple((int(s), int(e)) for s, e in stored) if stored else ()


_new = object.__new__
_set = object.__setattr__
_loads = json.loads


def _builder(labels: dict[int, str], annotators: dict[int | None, str | None]) -> Callable[[Any], Span]:
    """A function making the Span of one bulk row, naming its label and annotator from the maps given."""

    def build(row: Any) -> Span:
        sid, start, end, label, who, note, attrs, origin, version, frags, cb, suggester, score, _doc = row
        span = _new(Span)
        # A frozen dataclass's __init__ sets each field through object.__setattr__; setting the
        # whole __dict__ at once builds a read span in half the time (200,000 of them per transcript).
        _set(span, "__dict__", {
            "start": start, "end": end, "label": labels[label], "id": sid, "annotator": annotators[who],
            "note": note, "attributes": {} if attrs is None else _loads(attrs),
            "origin": _ORIGINS[origin], "version": version,
            "fragments": pieces(_loads(frags)) if frags else (),
            "codebook_version": cb, "suggester": suggester, "score": score,
        })  # fmt: skip
        return span

    return build


def _named(session: Session, rows: list[Any]) -> tuple[list[Any], Callable[[Any], Span]]:
    """Bulk rows and the builder of their spans, with the label and annotator names read after the rows.

    Read after them, every name a row refers to is there (on PostgreSQL each
    statement has its own snapshot), as in the join this replaces: a row whose
    label was deleted meanwhile is dropped, a deleted annotator reads as None.
    """
    labels = {lid: name for lid, name in session.execute(select(LabelRow.id, LabelRow.name))}
    annotators: dict[int | None, str | None] = {None: None}
    for aid, name in session.execute(select(AnnotatorRow.id, AnnotatorRow.name)):
        annotators[aid] = name
    if not labels.keys() >= set(map(_LABEL_ID, rows)):
        rows = [r for r in rows if r[3] in labels]
    for gone in set(map(_ANNOTATOR_ID, rows)) - annotators.keys():
        annotators[gone] = None
    return rows, _builder(labels, annotators)


_LABEL_ID, _ANNOTATOR_ID = itemgetter(3), itemgetter(4)


def document_spans(session: Session, doc_id: int, annotator: int | bool | None = True) -> list[Span]:
    """A document's spans: all (annotator=True), or one annotator's plus unattributed ones."""
    query = _bulk_query().where(_in_document(session, doc_id))
    if annotator is not True:
        query = query.where(span_owner_filter(annotator if isinstance(annotator, int) else None))
    with paused_gc():
        rows, build = _named(
            session, raw.rows(session, query.order_by(SpanRow.start, SpanRow.end, SpanRow.id))
        )
        return list(map(build, rows))


_ROWID: ColumnClause[int] = literal_column("spans.rowid", Integer)
_RANGE_FROM = 1_000  # spans: below this the index is as quick


def _in_document(session: Session, doc_id: int) -> ColumnElement[bool]:
    """The filter for one document's spans; on SQLite a stretch of rows when they lie together.

    An article's spans are mostly imported at once, so they sit side by side in
    the table. Reading that stretch in row order is about twice as quick as
    following the `(document_id, start)` index, which visits the rows in text
    order, one seek each. Rows of other documents inside the stretch are
    filtered out; `+ 0` keeps SQLite from choosing the index again.
    """
    mine = SpanRow.document_id == doc_id
    if session.get_bind().dialect.name != "sqlite":
        return mine
    lo, hi, count = session.execute(
        select(func.min(_ROWID), func.max(_ROWID), func.count()).where(mine)
    ).one()
    if count < _RANGE_FROM or hi - lo + 1 > 2 * count:
        return mine
    return and_(_ROWID.between(lo, hi), SpanRow.document_id + 0 == doc_id)


def spans_for_documents(
    session: Session, doc_ids: Sequence[int], annotator: int | bool | None = True
) -> dict[int, list[Span]]:
    """Spans of several documents at once, keyed by document id."""
    out: dict[int, list[Span]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    query = _bulk_query().where(SpanRow.document_id.in_(doc_ids))
    if annotator is not True:
        query = query.where(SpanRow.annotator_id == annotator)
    rows, build = _named(
        session, raw.rows(session, query.order_by(SpanRow.document_id, SpanRow.start, SpanRow.end))
    )
    for row in rows:
        out[row[-1]].append(build(row))
    return out


def relations_for_documents(session: Session, doc_ids: Sequence[int]) -> dict[int, list[Relation]]:
    """Relations of several documents, keyed by document id."""
    out: dict[int, list[Relation]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    rows = session.connection().execute(
        select(
            RelationRow.document_id,
            RelationRow.id,
            RelationRow.head_id,
            RelationRow.tail_id,
            LabelRow.name,
            AnnotatorRow.name,
            RelationRow.version,
            RelationRow.origin,
            RelationRow.codebook_version,
        )
        .join(LabelRow, LabelRow.id == RelationRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == RelationRow.annotator_id)
        .where(RelationRow.document_id.in_(doc_ids))
        .order_by(RelationRow.document_id, RelationRow.id)
    )
    for doc, rid, head, tail, label, who, version, origin, cb in rows:
        out[doc].append(Relation(head, tail, label, rid, who, version, _ORIGINS[origin], cb))
    return out


def span_exists(
    session: Session,
    doc_id: int,
    start: int,
    end: int,
    label_id: int,
    annotator: int | None,
    fragments: tuple[tuple[int, int], ...] = (),
    other_than: str | None = None,
) -> bool:
    """Whether the document already has that span (same pieces, label and annotator): the duplicate rule."""
    owner = SpanRow.annotator_id.is_(None) if annotator is None else SpanRow.annotator_id == annotator
    shape = (
        SpanRow.fragments.is_(None) if not fragments else SpanRow.fragments == [list(p) for p in fragments]
    )
    query = select(SpanRow.id).where(
        SpanRow.document_id == doc_id,
        SpanRow.start == start,
        SpanRow.end == end,
        SpanRow.label_id == label_id,
        owner,
        shape,
    )
    if other_than is not None:
        query = query.where(SpanRow.id != other_than)
    return session.execute(query.limit(1)).first() is not None


SpanKey = tuple[int, int, int, int | None, tuple[tuple[int, int], ...]]


def span_keys(session: Session, doc_id: int) -> dict[SpanKey, str]:
    """(start, end, label id, annotator id, fragments) -> span id: what makes a span a duplicate."""
    rows = session.execute(
        select(
            SpanRow.start, SpanRow.end, SpanRow.label_id, SpanRow.annotator_id, SpanRow.fragments, SpanRow.id
        ).where(SpanRow.document_id == doc_id)
    )
    return {(start, end, label, who, pieces(frags)): sid for start, end, label, who, frags, sid in rows}


def relation_keys(session: Session, doc_id: int) -> set[tuple[str, str, int, int | None]]:
    """(head, tail, label id, annotator id) of a document's relations."""
    rows = session.execute(
        select(
            RelationRow.head_id, RelationRow.tail_id, RelationRow.label_id, RelationRow.annotator_id
        ).where(RelationRow.document_id == doc_id)
    )
    return {(head, tail, label, who) for head, tail, label, who in rows}


def get_span(session: Session, span_id: str) -> tuple[int, Span] | None:
    """A span and its document id, or None if it no longer exists."""
    query = (
        select(*_BULK_COLUMNS, LabelRow.name, AnnotatorRow.name)
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == SpanRow.annotator_id)
        .where(SpanRow.id == span_id)
    )
    row = session.execute(query).first()
    if row is None:
        return None
    *fields, label, who = row
    build = _builder({fields[3]: label}, {fields[4]: who})
    return fields[-1], build(fields)


def delete_span(session: Session, span_id: str, expected_version: int | None = None) -> bool:
    """Delete a span; False if it was already gone. A stale version raises ConflictError."""
    query = delete(SpanRow).where(SpanRow.id == span_id)
    if expected_version is not None:
        query = query.where(SpanRow.version == expected_version)
    result = session.execute(query)
    if result.rowcount == 0:  # type: ignore[attr-defined]
        if expected_version is not None and session.get(SpanRow, span_id) is not None:
            raise ConflictError("the annotation was changed by someone else; reload to see it")
        return False
    return True


def update_span(session: Session, span_id: str, expected_version: int, **values: Any) -> int:
    """Update a span if nobody changed it since `expected_version`; returns the new version."""
    result = session.execute(
        update(SpanRow)
        .where(SpanRow.id == span_id, SpanRow.version == expected_version)
        .values(version=SpanRow.version + 1, updated_at=utcnow(), **values)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        if session.get(SpanRow, span_id) is None:
            raise ConflictError("the annotation was deleted by someone else; the change was not saved")
        raise ConflictError("the annotation was changed by someone else; reload to see it")
    return expected_version + 1


def relation_document(session: Session, relation_id: str) -> int | None:
    """The document of a relation, or None when it no longer exists."""
    found = session.scalar(select(RelationRow.document_id).where(RelationRow.id == relation_id))
    return None if found is None else int(found)


def delete_relations(session: Session, relation_ids: Sequence[str]) -> None:
    """Delete relations by id."""
    if relation_ids:
        session.execute(delete(RelationRow).where(RelationRow.id.in_(list(relation_ids))))
