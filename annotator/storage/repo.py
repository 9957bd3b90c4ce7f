"""Repository functions: each takes an open Session and returns core values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, ConflictError
from annotator.core.types import (
    DocStatus,
    Document,
    DocumentSummary,
    Label,
    LabelKind,
    LabelSchema,
    Origin,
    ProjectInfo,
    Relation,
    Span,
)
from annotator.storage.models import (
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    ProjectRow,
    RelationRow,
    SpanRow,
    utcnow,
)

# --- projects and labels -------------------------------------------------


def list_projects(session: Session) -> list[ProjectInfo]:
    """All projects with their document counts, by name."""
    counts = (
        select(DocumentRow.project_id, func.count().label("n")).group_by(DocumentRow.project_id).subquery()
    )
    rows = session.execute(
        select(ProjectRow.id, ProjectRow.name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.project_id == ProjectRow.id)
        .order_by(ProjectRow.name)
    )
    return [ProjectInfo(pid, name, n) for pid, name, n in rows]


def find_project(session: Session, name: str) -> ProjectInfo | None:
    """The project of that name, or None."""
    row = session.execute(select(ProjectRow.id).where(ProjectRow.name == name)).first()
    if row is None:
        return None
    count = session.scalar(select(func.count()).where(DocumentRow.project_id == row[0])) or 0
    return ProjectInfo(row[0], name, count)


def create_project(session: Session, name: str, schema: LabelSchema) -> ProjectInfo:
    """Create a project with its labels."""
    project = ProjectRow(name=name, created_at=utcnow())
    session.add(project)
    session.flush()
    add_labels(session, project.id, schema.labels)
    return ProjectInfo(project.id, name, 0)


def add_labels(session: Session, project_id: int, labels: Iterable[Label]) -> None:
    """Append labels to a project's schema."""
    position = session.scalar(
        select(func.coalesce(func.max(LabelRow.position), -1)).where(LabelRow.project_id == project_id)
    )
    pos = int(position if position is not None else -1)
    for lab in labels:
        pos += 1
        session.add(
            LabelRow(
                project_id=project_id,
                name=lab.name,
                kind=lab.kind.value,
                colour=lab.colour,
                hotkey=lab.hotkey,
                description=lab.description,
                head=lab.head,
                tail=lab.tail,
                position=pos,
            )
        )
    session.flush()


def load_schema(session: Session, project_id: int) -> LabelSchema:
    """The project's labels in palette order."""
    rows = session.scalars(
        select(LabelRow).where(LabelRow.project_id == project_id).order_by(LabelRow.position)
    )
    return LabelSchema(
        tuple(
            Label(r.name, LabelKind(r.kind), r.colour, r.hotkey, r.description, r.head, r.tail) for r in rows
        )
    )


def label_ids(session: Session, project_id: int) -> dict[str, int]:
    """Label name -> row id for a project."""
    rows = session.execute(select(LabelRow.name, LabelRow.id).where(LabelRow.project_id == project_id))
    return {name: lid for name, lid in rows}


# --- annotators ----------------------------------------------------------


def annotator_id(session: Session, name: str, *, create: bool = True) -> int | None:
    """The id of an annotator, created on first use."""
    aid = session.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))
    if aid is None and create:
        row = AnnotatorRow(name=name)
        session.add(row)
        session.flush()
        aid = row.id
    return aid


def annotator_names(session: Session) -> dict[int, str]:
    """Annotator id -> name."""
    return {aid: name for aid, name in session.execute(select(AnnotatorRow.id, AnnotatorRow.name))}


# --- documents -----------------------------------------------------------


def lock_project_for_import(session: Session, project_id: int) -> None:
    """Serialise imports into one project until the transaction ends.

    The duplicate check and list positions are read, then written: two imports at once
    would both insert the same text. SQLite's BEGIN IMMEDIATE already serialises
    writers; PostgreSQL takes a transaction-scoped advisory lock on the project.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x616E6E6F00000000 + project_id})


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


def _bulk_insert(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
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


def insert_documents(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert documents in bulk; returns their ids in order."""
    if not rows:
        return []
    ids = _allocate_document_ids(session, len(rows))
    now = utcnow()
    _bulk_insert(
        session,
        DocumentRow.__table__,
        [{**row, "id": doc_id, "created_at": now} for doc_id, row in zip(ids, rows, strict=True)],
    )
    return ids


def insert_spans(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert spans in bulk."""
    if rows:
        _bulk_insert(session, SpanRow.__table__, rows)


def insert_relations(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert relations in bulk."""
    if rows:
        _bulk_insert(session, RelationRow.__table__, rows)


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


def _status_expr(annotator: int | None) -> Any:
    sub = (
        select(DocumentStatusRow.status)
        .where(
            DocumentStatusRow.document_id == DocumentRow.id,
            DocumentStatusRow.annotator_id == (annotator if annotator is not None else -1),
        )
        .scalar_subquery()
    )
    return func.coalesce(sub, DocStatus.TODO.value)


def _span_owner_filter(annotator: int | None) -> Any:
    if annotator is None:
        return SpanRow.annotator_id.is_(None)
    return or_(SpanRow.annotator_id == annotator, SpanRow.annotator_id.is_(None))


def _filtered_documents(
    session: Session,
    columns: Sequence[Any],
    project_id: int,
    annotator: int | None,
    search: str | None,
    status: DocStatus | None,
) -> Select[Any]:
    query = select(*columns).where(DocumentRow.project_id == project_id)
    if search:
        query = _search_filter(session, query, search)
    if status is not None:
        query = query.where(_status_expr(annotator) == status.value)
    return query


def count_documents(
    session: Session,
    project_id: int,
    annotator: int | None,
    search: str | None = None,
    status: DocStatus | None = None,
) -> int:
    """How many documents match the list's filters."""
    query = _filtered_documents(session, [func.count(DocumentRow.id)], project_id, annotator, search, status)
    return int(session.scalar(query) or 0)


def list_documents(
    session: Session,
    project_id: int,
    annotator: int | None,
    search: str | None = None,
    status: DocStatus | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[DocumentSummary]:
    """One page of the article list, in import order."""
    span_count = (
        select(func.count(SpanRow.id))
        .where(SpanRow.document_id == DocumentRow.id, _span_owner_filter(annotator))
        .scalar_subquery()
    )
    query = _filtered_documents(
        session,
        [DocumentRow.id, DocumentRow.title, _status_expr(annotator), span_count, DocumentRow.position],
        project_id,
        annotator,
        search,
        status,
    )
    rows = session.connection().execute(
        query.order_by(DocumentRow.position, DocumentRow.id).offset(offset).limit(limit)
    )
    return [DocumentSummary(i, t, DocStatus(s), n, p) for i, t, s, n, p in rows]


def neighbour_document(
    session: Session,
    project_id: int,
    doc_id: int,
    annotator: int | None,
    *,
    backwards: bool = False,
    skip_finished: bool = False,
) -> int | None:
    """The next (or previous) document in list order, optionally skipping done and skipped ones."""
    pos = session.scalar(select(DocumentRow.position).where(DocumentRow.id == doc_id))
    if pos is None:
        return None
    query = select(DocumentRow.id).where(DocumentRow.project_id == project_id)
    if backwards:
        query = query.where(
            or_(DocumentRow.position < pos, and_(DocumentRow.position == pos, DocumentRow.id < doc_id))
        ).order_by(DocumentRow.position.desc(), DocumentRow.id.desc())
    else:
        query = query.where(
            or_(DocumentRow.position > pos, and_(DocumentRow.position == pos, DocumentRow.id > doc_id))
        ).order_by(DocumentRow.position, DocumentRow.id)
    if skip_finished:
        query = query.where(_status_expr(annotator).notin_([DocStatus.DONE.value, DocStatus.SKIPPED.value]))
    return session.scalar(query.limit(1))


def first_document(session: Session, project_id: int) -> int | None:
    """The first document of a project in list order."""
    return session.scalar(
        select(DocumentRow.id)
        .where(DocumentRow.project_id == project_id)
        .order_by(DocumentRow.position, DocumentRow.id)
        .limit(1)
    )


# --- spans and relations -------------------------------------------------

_SPAN_COLUMNS = (
    SpanRow.id,
    SpanRow.start,
    SpanRow.end,
    LabelRow.name,
    AnnotatorRow.name,
    SpanRow.note,
    SpanRow.attributes,
    SpanRow.origin,
    SpanRow.version,
    SpanRow.document_id,
)


def _span_query() -> Select[Any]:
    return (
        select(*_SPAN_COLUMNS)
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == SpanRow.annotator_id)
    )


_ORIGINS = {o.value: o for o in Origin}


def _span(row: Any) -> Span:
    sid, start, end, label, who, note, attrs, origin, version, _doc = row
    return Span(start, end, label, sid, who, note, attrs or {}, _ORIGINS[origin], version)


def document_spans(session: Session, doc_id: int, annotator: int | bool | None = True) -> list[Span]:
    """A document's spans: all (annotator=True), or one annotator's plus unattributed ones."""
    query = _span_query().where(SpanRow.document_id == doc_id)
    if annotator is not True:
        query = query.where(_span_owner_filter(annotator if isinstance(annotator, int) else None))
    return [
        _span(r) for r in session.connection().execute(query.order_by(SpanRow.start, SpanRow.end, SpanRow.id))
    ]


def spans_for_documents(
    session: Session, doc_ids: Sequence[int], annotator: int | bool | None = True
) -> dict[int, list[Span]]:
    """Spans of several documents at once, keyed by document id."""
    out: dict[int, list[Span]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    query = _span_query().where(SpanRow.document_id.in_(doc_ids))
    if annotator is not True:
        query = query.where(SpanRow.annotator_id == annotator)
    for row in session.connection().execute(query.order_by(SpanRow.document_id, SpanRow.start, SpanRow.end)):
        out[row[-1]].append(_span(row))
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
        )
        .join(LabelRow, LabelRow.id == RelationRow.label_id)
        .outerjoin(AnnotatorRow, AnnotatorRow.id == RelationRow.annotator_id)
        .where(RelationRow.document_id.in_(doc_ids))
        .order_by(RelationRow.document_id, RelationRow.id)
    )
    for doc, rid, head, tail, label, who, version in rows:
        out[doc].append(Relation(head, tail, label, rid, who, version))
    return out


def span_exists(
    session: Session, doc_id: int, start: int, end: int, label_id: int, annotator: int | None
) -> bool:
    """Whether the document already has that span (same offsets, label and annotator)."""
    owner = SpanRow.annotator_id.is_(None) if annotator is None else SpanRow.annotator_id == annotator
    query = select(SpanRow.id).where(
        SpanRow.document_id == doc_id,
        SpanRow.start == start,
        SpanRow.end == end,
        SpanRow.label_id == label_id,
        owner,
    )
    return session.execute(query.limit(1)).first() is not None


def span_keys(session: Session, doc_id: int) -> dict[tuple[int, int, int, int | None], str]:
    """(start, end, label id, annotator id) -> span id for a document's spans: what makes a span a duplicate."""
    rows = session.execute(
        select(SpanRow.start, SpanRow.end, SpanRow.label_id, SpanRow.annotator_id, SpanRow.id).where(
            SpanRow.document_id == doc_id
        )
    )
    return {(start, end, label, who): sid for start, end, label, who, sid in rows}


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
    row = session.execute(_span_query().where(SpanRow.id == span_id)).first()
    if row is None:
        return None
    return row[-1], _span(row)


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
    """Set an annotator's status for a document."""
    row = session.get(DocumentStatusRow, (doc_id, annotator))
    if row is None:
        session.add(
            DocumentStatusRow(
                document_id=doc_id, annotator_id=annotator, status=status.value, updated_at=utcnow()
            )
        )
    else:
        row.status = status.value
        row.updated_at = utcnow()
    session.flush()


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
    """Spans per label in a project (labels without spans count 0)."""
    rows = session.execute(
        select(LabelRow.name, func.count(SpanRow.id))
        .outerjoin(SpanRow, SpanRow.label_id == LabelRow.id)
        .where(LabelRow.project_id == project_id, LabelRow.kind == LabelKind.SPAN.value)
        .group_by(LabelRow.name, LabelRow.position)
        .order_by(LabelRow.position)
    )
    return {name: n for name, n in rows}


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
    rows = {
        r[0]: r for r in session.connection().execute(select(*columns).where(DocumentRow.id.in_(doc_ids)))
    }
    return [
        Document(text=r[1], title=r[2], external_id=r[3], meta=r[4] or {}, source=r[5], id=r[0])
        for r in (rows[d] for d in doc_ids if d in rows)
    ]
