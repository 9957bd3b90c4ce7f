"""Moving stored annotations when the codebook changes: counts of use, merges, value renames, deletions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.core.codebook import DocumentValue
from annotator.core.types import Relation, Span
from annotator.storage.models import AnnotatorRow, DocumentValueRow, LabelRow, RelationRow, SpanRow, utcnow
from annotator.storage.repo.spans import get_span, relations_for_documents


@dataclass
class Removed:
    """Annotations taken out of the database, kept so an undo can put them back."""

    spans: list[tuple[int, Span]] = field(default_factory=list)
    relations: list[tuple[int, Relation]] = field(default_factory=list)
    values: list[tuple[int, DocumentValue]] = field(default_factory=list)


def label_usage(session: Session, label_id: int) -> tuple[int, int, int]:
    """How many spans, relations and document values carry a label."""
    spans = session.scalar(select(func.count()).select_from(SpanRow).where(SpanRow.label_id == label_id))
    relations = session.scalar(
        select(func.count()).select_from(RelationRow).where(RelationRow.label_id == label_id)
    )
    values = session.scalar(
        select(func.count()).select_from(DocumentValueRow).where(DocumentValueRow.label_id == label_id)
    )
    return int(spans or 0), int(relations or 0), int(values or 0)


def attribute_usage(session: Session, label_id: int, attribute: str) -> int:
    """How many spans of a label carry a value for an attribute."""
    rows = session.scalars(select(SpanRow.attributes).where(SpanRow.label_id == label_id))
    return sum(1 for attrs in rows if attrs and attribute in attrs)


def _span_rows_of(session: Session, label_id: int) -> list[tuple[int, Span]]:
    ids = list(session.scalars(select(SpanRow.id).where(SpanRow.label_id == label_id)))
    found = [get_span(session, sid) for sid in ids]
    return [f for f in found if f is not None]


def remove_label_annotations(session: Session, label_id: int) -> Removed:
    """Delete every span, relation and value carrying a label (and the relations using those spans)."""
    removed = Removed(spans=_span_rows_of(session, label_id), values=_values_of(session, label_id))
    of_label = select(SpanRow.id).where(SpanRow.label_id == label_id)
    touching = (
        (RelationRow.label_id == label_id)
        | RelationRow.head_id.in_(of_label)
        | RelationRow.tail_id.in_(of_label)
    )
    docs = list(session.scalars(select(RelationRow.document_id).where(touching).distinct()))
    ids = set(session.scalars(select(RelationRow.id).where(touching)))
    for doc, rels in relations_for_documents(session, docs).items():
        removed.relations += [(doc, r) for r in rels if r.id in ids]
    session.execute(delete(RelationRow).where(touching))
    session.execute(delete(SpanRow).where(SpanRow.label_id == label_id))
    session.execute(delete(DocumentValueRow).where(DocumentValueRow.label_id == label_id))
    return removed


def _values_of(session: Session, label_id: int) -> list[tuple[int, DocumentValue]]:
    rows = session.execute(
        select(
            DocumentValueRow.document_id,
            LabelRow.name,
            DocumentValueRow.value,
            AnnotatorRow.name,
            DocumentValueRow.codebook_version,
        )
        .join(LabelRow, LabelRow.id == DocumentValueRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == DocumentValueRow.annotator_id)
        .where(DocumentValueRow.label_id == label_id)
    )
    return [(doc, DocumentValue(label, value, who, version)) for doc, label, value, who, version in rows]


def move_label(session: Session, source_id: int, into_id: int) -> tuple[list[str], Removed]:
    """Give every annotation of one label another; returns the moved span ids and the duplicates removed.

    A span that becomes identical to one already carrying the target label (same pieces
    and annotator) is a duplicate: it is removed and its relations point at its twin.
    """
    removed = Removed()
    moved: list[str] = []
    targets = {
        (doc, start, end, who, str(frags)): sid
        for sid, doc, start, end, who, frags in session.execute(
            select(
                SpanRow.id,
                SpanRow.document_id,
                SpanRow.start,
                SpanRow.end,
                SpanRow.annotator_id,
                SpanRow.fragments,
            ).where(SpanRow.label_id == into_id)
        )
    }
    for sid, doc, start, end, who, frags in session.execute(
        select(
            SpanRow.id,
            SpanRow.document_id,
            SpanRow.start,
            SpanRow.end,
            SpanRow.annotator_id,
            SpanRow.fragments,
        ).where(SpanRow.label_id == source_id)
    ).all():
        twin = targets.get((doc, start, end, who, str(frags)))
        if twin is None:
            moved.append(sid)
            continue
        found = get_span(session, sid)
        assert found is not None
        removed.spans.append(found)
        removed.relations += [
            (doc, r) for r in relations_for_documents(session, [doc])[doc] if sid in (r.head, r.tail)
        ]
        session.execute(update(RelationRow).where(RelationRow.head_id == sid).values(head_id=twin))
        session.execute(update(RelationRow).where(RelationRow.tail_id == sid).values(tail_id=twin))
        session.execute(delete(SpanRow).where(SpanRow.id == sid))
    if moved:
        session.execute(
            update(SpanRow)
            .where(SpanRow.id.in_(moved))
            .values(label_id=into_id, version=SpanRow.version + 1, updated_at=utcnow())
        )
    session.execute(update(RelationRow).where(RelationRow.label_id == source_id).values(label_id=into_id))
    session.execute(
        update(DocumentValueRow).where(DocumentValueRow.label_id == source_id).values(label_id=into_id)
    )
    return moved, removed


def set_label(session: Session, span_ids: Sequence[str], label_id: int) -> None:
    """Give these spans a label (the undo of a merge)."""
    if span_ids:
        session.execute(
            update(SpanRow)
            .where(SpanRow.id.in_(list(span_ids)))
            .values(label_id=label_id, version=SpanRow.version + 1, updated_at=utcnow())
        )


def rename_attribute_value(session: Session, label_id: int, attribute: str, old: str, new: str) -> int:
    """Rename a choice in every span attribute that holds it; returns how many spans changed."""
    changed = 0
    for sid, attrs in session.execute(
        select(SpanRow.id, SpanRow.attributes).where(SpanRow.label_id == label_id)
    ).all():
        value = (attrs or {}).get(attribute)
        renamed = _renamed(value, old, new)
        if renamed is not value:
            session.execute(
                update(SpanRow)
                .where(SpanRow.id == sid)
                .values(
                    attributes={**attrs, attribute: renamed}, version=SpanRow.version + 1, updated_at=utcnow()
                )
            )
            changed += 1
    return changed


def rename_variable_value(session: Session, label_id: int, old: str, new: str) -> int:
    """Rename a choice in every stored value of a document variable; returns how many values changed."""
    changed = 0
    for vid, value in session.execute(
        select(DocumentValueRow.id, DocumentValueRow.value).where(DocumentValueRow.label_id == label_id)
    ).all():
        renamed = _renamed(value, old, new)
        if renamed is not value:
            session.execute(
                update(DocumentValueRow)
                .where(DocumentValueRow.id == vid)
                .values(value=renamed, version=DocumentValueRow.version + 1, updated_at=utcnow())
            )
            changed += 1
    return changed


def _renamed(value: Any, old: str, new: str) -> Any:
    """The value with the choice `old` called `new` (the same object when it does not hold it)."""
    if value == old:
        return new
    if isinstance(value, list) and old in value:
        return [new if v == old else v for v in value]
    return value


def value_usage(session: Session, label_id: int, attribute: str | None, value: str) -> int:
    """How many spans (attribute) or document values (variable) hold a choice."""
    if attribute is None:
        rows: Any = session.scalars(
            select(DocumentValueRow.value).where(DocumentValueRow.label_id == label_id)
        )
        return sum(1 for v in rows if v == value or (isinstance(v, list) and value in v))
    rows = session.scalars(select(SpanRow.attributes).where(SpanRow.label_id == label_id))
    return sum(
        1
        for a in rows
        if a and (a.get(attribute) == value or (isinstance(a.get(attribute), list) and value in a[attribute]))
    )
