"""Documents: bulk inserts, lookups, the article list, search and neighbours."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError
from annotator.core.types import (
    DocStatus,
    Document,
    DocumentSummary,
    Origin,
)
from annotator.storage.models import (
    AssignmentRow,
    DocumentRow,
    DocumentStatusRow,
    DocumentValueRow,
    RelationRow,
    SpanRow,
    utcnow,
)
from annotator.storage.repo import raw
from annotator.storage.repo.common import bulk_insert, span_owner_filter, status_expr

# --- documents -----------------------------------------------------------


def lock_project_for_import(session: Session, project_id: int) -> None:
    """Serialise imports into one project until the transaction ends.

    The duplicate check and list positions are read, then written: two imports at once
    would both insert the same text. SQLite's BEGIN IMMEDIATE already serialises
    writers; PostgreSQL takes a transaction-scoped advisory lock on the project.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x616E6E6F00000000 + project_id})


def compress_texts_quickly(session: Session) -> None:
    """PostgreSQL: store this transaction's new texts compressed with lz4 where the server has it.

    The default, pglz, is several times slower to compress (about 0.5 s per 10,000
    articles of an import's server time); each stored value names its own method,
    so older texts read as before. A server built without lz4 keeps pglz.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    known = session.execute(
        text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    if known:
        session.execute(text("SET LOCAL default_toast_compression = 'lz4'"))


def project_hashes(session: Session, project_id: int) -> dict[str, int]:
    """Text hash -> document id for every document in a project (the first, if a text is stored twice)."""
    rows = session.execute(
        select(DocumentRow.text_hash, DocumentRow.id)
        .where(DocumentRow.project_id == project_id)
        .order_by(DocumentRow.id.desc())
    )
    return {digest: doc_id for digest, doc_id in rows}


def project_external_ids(session: Session, project_id: int) -> set[str]:
    """The external ids of every document in a project."""
    query = select(DocumentRow.external_id).where(
        DocumentRow.project_id == project_id, DocumentRow.external_id.is_not(None)
    )
    return set(session.scalars(query))


def _existing_ids(session: Session, column: Any, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    wanted = sorted({i for i in ids if i and len(i) <= 32})
    for start in range(0, len(wanted), 500):
        found.update(session.scalars(select(column).where(column.in_(wanted[start : start + 500]))))
    return found


def existing_span_ids(session: Session, ids: Sequence[str]) -> set[str]:
    """Which of these span ids are already taken."""
    return _existing_ids(session, SpanRow.id, ids)


def existing_relation_ids(session: Session, ids: Sequence[str]) -> set[str]:
    """Which of these relation ids are already taken."""
    return _existing_ids(session, RelationRow.id, ids)


def next_position(session: Session, project_id: int) -> int:
    """The list position after the project's last document."""
    value = session.scalar(
        select(func.coalesce(func.max(DocumentRow.position), -1)).where(DocumentRow.project_id == project_id)
    )
    return int(value if value is not None else -1) + 1


def _allocate_document_ids(session: Session, n: int) -> list[int]:
    """Reserve n new document ids (RETURNING would make SQLite insert row by row)."""
    if session.get_bind().dialect.name == "postgresql":
        sequence = text(
            "SELECT nextval(pg_get_serial_sequence('documents', 'id')) FROM generate_series(1, :n)"
        )
        return [int(v) for v in session.scalars(sequence, {"n": n})]
    # SQLite: the import's write transaction holds the database's write lock (BEGIN IMMEDIATE).
    top = session.scalar(select(func.coalesce(func.max(DocumentRow.id), 0))) or 0
    return list(range(top + 1, top + 1 + n))


def insert_documents(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert documents in bulk; returns their ids in order."""
    if not rows:
        return []
    ids = _allocate_document_ids(session, len(rows))
    now = utcnow()
    bulk_insert(
        session,
        DocumentRow.__table__,
        [{**row, "id": doc_id, "created_at": now} for doc_id, row in zip(ids, rows, strict=True)],
    )
    return ids


def insert_spans(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert spans in bulk."""
    if rows:
        bulk_insert(session, SpanRow.__table__, rows)


def insert_relations(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert relations in bulk."""
    if rows:
        bulk_insert(session, RelationRow.__table__, rows)


def get_document(session: Session, doc_id: int) -> Document:
    """One document by id."""
    row = session.get(DocumentRow, doc_id)
    if row is None:
        raise AnnotatorError(f"document {doc_id} does not exist (it may have been deleted)")
    return _document(row)


def document_project(session: Session, doc_id: int) -> int:
    """The project id of a document."""
    pid = session.scalar(select(DocumentRow.project_id).where(DocumentRow.id == doc_id))
    if pid is None:
        raise AnnotatorError(f"document {doc_id} does not exist (it may have been deleted)")
    return pid


def _document(row: DocumentRow) -> Document:
    return Document(
        text=row.text,
        title=row.title,
        external_id=row.external_id,
        meta=row.meta or {},
        source=row.source,
        id=row.id,
    )


def _search_filter(session: Session, query: Select[Any], search: str) -> Select[Any]:
    """Restrict a documents query to a full-text search."""
    terms = [t for t in search.replace('"', " ").split() if t]
    if not terms:
        return query
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{t}"*' for t in terms)
        return query.where(
            DocumentRow.id.in_(
                select(text("rowid"))
                .select_from(text("documents_fts"))
                .where(text("documents_fts MATCH :match"))
            )
        ).params(match=match)
    tsquery = " & ".join(
        "".join(ch for ch in t if ch.isalnum()) + ":*" for t in terms if any(c.isalnum() for c in t)
    )
    if not tsquery:
        return query
    return query.where(
        # The same expression as the index of migration 0003 (a tsvector holds at most 1 MB).
        text(
            "to_tsvector('simple', left(documents.title || ' ' || documents.text, 500000)) "
            "@@ to_tsquery('simple', :tsq)"
        )
    ).params(tsq=tsquery)


def predating(annotator: int | None, version: int) -> Any:
    """Documents holding the annotator's (or unattributed) spans, relations or document values made under a codebook version before `version`.

    Pending suggestions are not annotations; an annotation whose version was never recorded
    (an import without one) is not counted: nothing says it predates anything.
    """

    def owned(column: Any) -> Any:
        return column.is_(None) if annotator is None else or_(column == annotator, column.is_(None))

    spans = exists().where(
        SpanRow.document_id == DocumentRow.id,
        SpanRow.codebook_version < version,
        SpanRow.origin != Origin.SUGGESTED.value,
        span_owner_filter(annotator),
    )
    relations = exists().where(
        RelationRow.document_id == DocumentRow.id,
        RelationRow.codebook_version < version,
        RelationRow.origin != Origin.SUGGESTED.value,
        owned(RelationRow.annotator_id),
    )
    values = exists().where(
        DocumentValueRow.document_id == DocumentRow.id,
        DocumentValueRow.codebook_version < version,
        owned(DocumentValueRow.annotator_id),
    )
    return or_(spans, relations, values)


def _filtered_documents(
    session: Session,
    columns: Sequence[Any],
    project_id: int,
    annotator: int | None,
    search: str | None,
    status: DocStatus | None,
    assigned_to: int | None = None,
    before_version: int | None = None,
) -> Select[Any]:
    query = select(*columns).where(DocumentRow.project_id == project_id)
    if before_version is not None:
        query = query.where(predating(annotator, before_version))
    if search:
        query = _search_filter(session, query, search)
    if status is not None:
        query = query.where(status_expr(annotator) == status.value)
    if assigned_to is not None:
        # A subquery, so a coder's assignment of any size costs one statement (-1: nobody's).
        mine = select(AssignmentRow.document_id).where(AssignmentRow.annotator_id == assigned_to)
        query = query.where(DocumentRow.id.in_(mine))
    return query


def count_documents(
    session: Session,
    project_id: int,
    annotator: int | None,
    search: str | None = None,
    status: DocStatus | None = None,
    *,
    assigned_to: int | None = None,
    before_version: int | None = None,
) -> int:
    """How many documents match the list's filters (`assigned_to`: only that coder's assignment)."""
    query = _filtered_documents(
        session,
        [func.count(DocumentRow.id)],
        project_id,
        annotator,
        search,
        status,
        assigned_to,
        before_version,
    )
    return int(session.scalar(query) or 0)


def _summary_columns(annotator: int | None) -> list[Any]:
    span_count = (
        select(func.count())  # not count(id): the count reads the index ix_spans_document_owner alone
        .select_from(SpanRow)
        .where(
            SpanRow.document_id == DocumentRow.id,
            span_owner_filter(annotator),
            SpanRow.origin != Origin.SUGGESTED.value,  # the list counts annotations, not pending suggestions
        )
        .scalar_subquery()
    )
    return [DocumentRow.id, DocumentRow.title, status_expr(annotator), span_count, DocumentRow.position]


def list_documents(
    session: Session,
    project_id: int,
    annotator: int | None,
    search: str | None = None,
    status: DocStatus | None = None,
    offset: int = 0,
    limit: int = 200,
    *,
    assigned_to: int | None = None,
    before_version: int | None = None,
) -> list[DocumentSummary]:
    """One page of the article list, in import order (`before_version`: only articles with annotations predating it)."""
    query = _filtered_documents(
        session,
        _summary_columns(annotator),
        project_id,
        annotator,
        search,
        status,
        assigned_to,
        before_version,
    )
    rows = session.connection().execute(
        query.order_by(DocumentRow.position, DocumentRow.id).offset(offset).limit(limit)
    )
    return [DocumentSummary(i, t, DocStatus(s), n, p) for i, t, s, n, p in rows]


def document_summaries(
    session: Session, project_id: int, annotator: int | None, doc_ids: Sequence[int]
) -> list[DocumentSummary]:
    """The list rows of some documents (their status and span count), in list order."""
    out: list[DocumentSummary] = []
    wanted = sorted(set(doc_ids))
    for start in range(0, len(wanted), 500):
        query = select(*_summary_columns(annotator)).where(
            DocumentRow.project_id == project_id, DocumentRow.id.in_(wanted[start : start + 500])
        )
        out += [
            DocumentSummary(i, t, DocStatus(s), n, p) for i, t, s, n, p in session.connection().execute(query)
        ]
    return sorted(out, key=lambda d: (d.position, d.id))


def neighbour_document(
    session: Session,
    project_id: int,
    doc_id: int,
    annotator: int | None,
    *,
    backwards: bool = False,
    skip_finished: bool = False,
    search: str | None = None,
    status: DocStatus | None = None,
    assigned_to: int | None = None,
    before_version: int | None = None,
) -> int | None:
    """The next (or previous) document in list order within the list's filter, optionally not finished."""
    pos = session.scalar(select(DocumentRow.position).where(DocumentRow.id == doc_id))
    if pos is None:
        return None
    where = (project_id, annotator, search, status, assigned_to, before_version)
    query = _filtered_documents(session, [DocumentRow.id], *where)
    if backwards:
        query = query.where(
            or_(DocumentRow.position < pos, and_(DocumentRow.position == pos, DocumentRow.id < doc_id))
        ).order_by(DocumentRow.position.desc(), DocumentRow.id.desc())
    else:
        query = query.where(
            or_(DocumentRow.position > pos, and_(DocumentRow.position == pos, DocumentRow.id > doc_id))
        ).order_by(DocumentRow.position, DocumentRow.id)
    if skip_finished:
        query = query.where(status_expr(annotator).notin_([DocStatus.DONE.value, DocStatus.SKIPPED.value]))
    found = session.scalar(query.limit(1))
    return None if found is None else int(found)


def row_of_document(
    session: Session,
    project_id: int,
    doc_id: int,
    annotator: int | None,
    search: str | None = None,
    status: DocStatus | None = None,
    assigned_to: int | None = None,
    before_version: int | None = None,
) -> int | None:
    """The row of a document in the list as filtered (documents before it), or None when the filter hides it."""
    pos = session.scalar(select(DocumentRow.position).where(DocumentRow.id == doc_id))
    if pos is None:
        return None
    where = (project_id, annotator, search, status, assigned_to, before_version)
    shown = _filtered_documents(session, [DocumentRow.id], *where)
    if session.scalar(shown.where(DocumentRow.id == doc_id).limit(1)) is None:
        return None
    before = _filtered_documents(session, [func.count(DocumentRow.id)], *where)
    before = before.where(
        or_(DocumentRow.position < pos, and_(DocumentRow.position == pos, DocumentRow.id < doc_id))
    )
    return int(session.scalar(before) or 0)


def first_document(session: Session, project_id: int) -> int | None:
    """The first document of a project in list order."""
    return session.scalar(
        select(DocumentRow.id)
        .where(DocumentRow.project_id == project_id)
        .order_by(DocumentRow.position, DocumentRow.id)
        .limit(1)
    )


def export_document_ids(
    session: Session,
    project_id: int,
    annotator: int | None,
    done_only: bool,
) -> Iterator[int]:
    """Ids of the documents to export, in list order, streamed."""
    query = select(DocumentRow.id).where(DocumentRow.project_id == project_id)
    if done_only:
        done = select(DocumentStatusRow.document_id).where(DocumentStatusRow.status == DocStatus.DONE.value)
        if annotator is not None:
            done = done.where(DocumentStatusRow.annotator_id == annotator)
        query = query.where(DocumentRow.id.in_(done))
    query = query.order_by(DocumentRow.position, DocumentRow.id)
    yield from session.scalars(query.execution_options(yield_per=2000))


def documents_by_ids(session: Session, doc_ids: Sequence[int]) -> list[Document]:
    """Documents for a batch of ids, in the order given."""
    columns = (
        DocumentRow.id,
        DocumentRow.text,
        DocumentRow.title,
        DocumentRow.external_id,
        DocumentRow.meta,
        DocumentRow.source,
    )
    rows = {r[0]: r for r in raw.rows(session, select(*columns).where(DocumentRow.id.in_(doc_ids)))}
    return [
        Document(text=r[1], title=r[2], external_id=r[3], meta=r[4] or {}, source=r[5], id=r[0])
        for r in (rows[d] for d in doc_ids if d in rows)
    ]
