"""Document values: one coder's value of a document variable for one article, versioned like spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.core.codebook import DocumentValue
from annotator.core.errors import ConflictError
from annotator.core.types import Origin
from annotator.storage.models import AnnotatorRow, DocumentValueRow, LabelRow, SpanRow, utcnow
from annotator.storage.repo.common import bulk_insert


def _owner(annotator: int | None) -> Any:
    return (
        DocumentValueRow.annotator_id.is_(None)
        if annotator is None
        else DocumentValueRow.annotator_id == annotator
    )


def get_value(session: Session, doc_id: int, annotator: int | None, label_id: int) -> tuple[Any, int] | None:
    """(value, version) of one coder's variable for one article, or None when not coded."""
    row = session.execute(
        select(DocumentValueRow.value, DocumentValueRow.version).where(
            DocumentValueRow.document_id == doc_id, DocumentValueRow.label_id == label_id, _owner(annotator)
        )
    ).first()
    return None if row is None else (row[0], int(row[1]))


def set_value(
    session: Session,
    doc_id: int,
    annotator: int | None,
    label_id: int,
    value: Any,
    codebook_version: int | None,
    expected_version: int | None = None,
) -> int:
    """Store (or replace) a coder's value; returns its new version. A stale `expected_version` raises ConflictError."""
    found = get_value(session, doc_id, annotator, label_id)
    now = utcnow()
    if found is None:
        if expected_version is not None:
            raise ConflictError("the value was removed by someone else since; reload to see it")
        session.add(
            DocumentValueRow(
                document_id=doc_id,
                annotator_id=annotator,
                label_id=label_id,
                value=value,
                codebook_version=codebook_version,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        return 1
    _old, version = found
    if expected_version is not None and version != expected_version:
        raise ConflictError("the value was changed by someone else since; reload to see it")
    session.execute(
        update(DocumentValueRow)
        .where(
            DocumentValueRow.document_id == doc_id, DocumentValueRow.label_id == label_id, _owner(annotator)
        )
        .values(value=value, codebook_version=codebook_version, version=version + 1, updated_at=now)
    )
    return version + 1


def delete_value(session: Session, doc_id: int, annotator: int | None, label_id: int) -> bool:
    """Forget a coder's value (the variable is "not coded" again); False if there was none."""
    result = session.execute(
        delete(DocumentValueRow).where(
            DocumentValueRow.document_id == doc_id, DocumentValueRow.label_id == label_id, _owner(annotator)
        )
    )
    return bool(getattr(result, "rowcount", 0))


def values_for_documents(
    session: Session, doc_ids: Sequence[int], annotator: int | bool | None = True
) -> dict[int, list[DocumentValue]]:
    """The document values of several articles: everyone's (True), or one coder's (an id; None: unattributed)."""
    out: dict[int, list[DocumentValue]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    query = (
        select(
            DocumentValueRow.document_id,
            LabelRow.name,
            DocumentValueRow.value,
            AnnotatorRow.name,
            DocumentValueRow.codebook_version,
        )
        .join(LabelRow, LabelRow.id == DocumentValueRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == DocumentValueRow.annotator_id)
        .where(DocumentValueRow.document_id.in_(doc_ids))
        .order_by(DocumentValueRow.document_id, LabelRow.position, AnnotatorRow.name)
    )
    if annotator is not True:
        owner = annotator if isinstance(annotator, int) else None
        query = query.where(
            DocumentValueRow.annotator_id == owner
            if owner is not None
            else DocumentValueRow.annotator_id.is_(None)
        )
    for doc, label, value, who, version in session.connection().execute(query):
        out[doc].append(DocumentValue(label, value, who, version))
    return out


def insert_values(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert document values in bulk."""
    if rows:
        bulk_insert(session, DocumentValueRow.__table__, rows)


def value_keys(session: Session, doc_id: int) -> set[tuple[int, int | None]]:
    """(label id, annotator id) of the values an article already has."""
    rows = session.execute(
        select(DocumentValueRow.label_id, DocumentValueRow.annotator_id).where(
            DocumentValueRow.document_id == doc_id
        )
    )
    return {(label, who) for label, who in rows}


def attribute_counts(session: Session, project_id: int) -> list[tuple[str, str | None, dict[str, Any], int]]:
    """(label, annotator, attributes, spans) per distinct attribute set of a project's spans that have any.

    Pending suggestions are not annotations: their attributes are not counted.
    """
    rows = session.execute(
        select(LabelRow.name, AnnotatorRow.name, SpanRow.attributes, func.count())
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == SpanRow.annotator_id)
        .where(
            LabelRow.project_id == project_id,
            SpanRow.attributes != {},
            SpanRow.origin != Origin.SUGGESTED.value,
        )
        .group_by(LabelRow.name, AnnotatorRow.name, SpanRow.attributes)
    )
    return [(label, who, attrs or {}, int(n)) for label, who, attrs, n in rows]


def value_counts(
    session: Session, project_label_ids: Sequence[int]
) -> list[tuple[str, str | None, Any, int]]:
    """(variable, annotator, value, articles) for the stats, one row per distinct stored value."""
    if not project_label_ids:
        return []
    rows = session.execute(
        select(LabelRow.name, AnnotatorRow.name, DocumentValueRow.value, func.count())
        .join(LabelRow, LabelRow.id == DocumentValueRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == DocumentValueRow.annotator_id)
        .where(DocumentValueRow.label_id.in_(list(project_label_ids)))
        .group_by(LabelRow.name, AnnotatorRow.name, DocumentValueRow.value)
    )
    return [(label, who, value, int(n)) for label, who, value, n in rows]
