"""Read operations: projects, the article list, one article with what the window shows of it, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.errors import AnnotatorError
from annotator.core.types import (
    DocStatus,
    Document,
    DocumentSummary,
    LabelSchema,
    ProjectInfo,
    ProjectStats,
    Relation,
    Span,
)
from annotator.project.context import Context
from annotator.storage import repo
from annotator.storage.uow import Session


@dataclass(frozen=True)
class Article:
    """One article as a coder sees it, read in one transaction.

    Attributes:
        document: the article with its text.
        spans: the coder's spans (plus unattributed imported ones).
        relations: the relations between those spans.
        status: the coder's status for it.
        values: the coder's document values (plus unattributed imported ones).
    """

    document: Document
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    status: DocStatus
    values: tuple[DocumentValue, ...] = ()


@dataclass(frozen=True)
class ListFilter:
    """What the article list shows: a full-text search, a status (None: any), one coder's assignment, older coding.

    Attributes:
        search: full-text search terms, or None.
        status: the coder's status, or None for any.
        assigned_to: only the articles assigned to this coder (None: all articles).
        before_version: only the articles holding the coder's annotations (spans, relations,
            document values) made under a codebook version before this one (None: any).
    """

    search: str | None = None
    status: DocStatus | None = None
    assigned_to: str | None = None
    before_version: int | None = None


def projects(ctx: Context) -> list[ProjectInfo]:
    """All projects, by name."""
    return ctx.uow.read(repo.list_projects)


def project(ctx: Context, name: str) -> ProjectInfo:
    """The project of that name; the error lists the known ones."""

    def work(s: Session) -> ProjectInfo:
        info = repo.find_project(s, name)
        if info is None:
            known = ", ".join(p.name for p in repo.list_projects(s)) or "none yet"
            raise AnnotatorError(f"no project named {name!r} (projects: {known})")
        return info

    return ctx.uow.read(work)


def schema(ctx: Context, project: str | int) -> LabelSchema:
    """The codebook of a project."""
    return ctx.uow.read(lambda s: repo.load_schema(s, ctx.project_id(s, project)))


def _owner(ctx: Context, s: Session, annotator: str | None) -> int | None:
    """The annotator's id for reads; -1 for a name without a row yet (who owns nothing)."""
    aid = ctx.annotator_id(s, annotator)
    return -1 if annotator is not None and aid is None else aid


def _assigned(ctx: Context, s: Session, coder: str | None) -> int | None:
    """The coder's id for the assignment filter; -1 for a name without a row (who has no assignment)."""
    return None if coder is None else _owner(ctx, s, coder)


def count_documents(
    ctx: Context,
    project: str | int,
    annotator: str | None,
    search: str | None,
    status: DocStatus | None,
    assigned_to: str | None = None,
    before_version: int | None = None,
) -> int:
    """How many documents match a search and status filter (and one coder's assignment, older coding)."""
    return ctx.uow.read(
        lambda s: repo.count_documents(
            s,
            ctx.project_id(s, project),
            _owner(ctx, s, annotator),
            search,
            status,
            assigned_to=_assigned(ctx, s, assigned_to),
            before_version=before_version,
        )
    )


def list_documents(
    ctx: Context,
    project: str | int,
    annotator: str | None,
    search: str | None,
    status: DocStatus | None,
    offset: int,
    limit: int,
    assigned_to: str | None = None,
    before_version: int | None = None,
) -> list[DocumentSummary]:
    """One page of the article list (`assigned_to`: only that coder's assignment)."""
    return ctx.uow.read(
        lambda s: repo.list_documents(
            s,
            ctx.project_id(s, project),
            _owner(ctx, s, annotator),
            search,
            status,
            offset,
            limit,
            assigned_to=_assigned(ctx, s, assigned_to),
            before_version=before_version,
        )
    )


def summaries(
    ctx: Context, project: str | int, doc_ids: Collection[int], annotator: str | None
) -> list[DocumentSummary]:
    """The list rows (status, span count) of some documents, in one query."""
    return ctx.uow.read(
        lambda s: repo.document_summaries(
            s, ctx.project_id(s, project), _owner(ctx, s, annotator), list(doc_ids)
        )
    )


def row_of(
    ctx: Context, project: str | int, doc_id: int, annotator: str | None, where: ListFilter
) -> int | None:
    """The row of a document in the list as filtered, or None when the filter hides it."""
    return ctx.uow.read(
        lambda s: repo.row_of_document(
            s,
            ctx.project_id(s, project),
            doc_id,
            _owner(ctx, s, annotator),
            where.search,
            where.status,
            _assigned(ctx, s, where.assigned_to),
            where.before_version,
        )
    )


def document(ctx: Context, doc_id: int) -> Document:
    """A document with its text."""
    found = ctx.uow.read(lambda s: repo.get_document(s, doc_id))
    ctx.lengths[doc_id] = len(found.text)
    return found


def _spans(ctx: Context, s: Session, doc_id: int, annotator: str | bool | None) -> list[Span]:
    if annotator is True or annotator is False:
        found = repo.document_spans(s, doc_id, True)
    else:
        found = repo.document_spans(s, doc_id, _owner(ctx, s, annotator))
    ctx.saw(found)
    return found


def spans(ctx: Context, doc_id: int, annotator: str | bool | None) -> list[Span]:
    """A document's spans: everyone's (True), or one annotator's plus unattributed ones."""
    return ctx.uow.read(lambda s: _spans(ctx, s, doc_id, annotator))


def relations(ctx: Context, doc_id: int) -> list[Relation]:
    """A document's relations."""
    return ctx.uow.read(lambda s: repo.relations_for_documents(s, [doc_id])[doc_id])


def _status(ctx: Context, s: Session, doc_id: int, annotator: str) -> DocStatus:
    aid = ctx.annotator_id(s, annotator)
    return DocStatus.TODO if aid is None else repo.get_status(s, doc_id, aid)


def status(ctx: Context, doc_id: int, annotator: str) -> DocStatus:
    """An annotator's status for a document."""
    return ctx.uow.read(lambda s: _status(ctx, s, doc_id, annotator))


def article(ctx: Context, doc_id: int, annotator: str) -> Article:
    """An article with the coder's spans, their relations, status and document values, in one read."""

    def work(s: Session) -> Article:
        doc = repo.get_document(s, doc_id)
        ctx.lengths[doc_id] = len(doc.text)
        found = _spans(ctx, s, doc_id, annotator)
        rels = repo.relations_for_documents(s, [doc_id])[doc_id]
        if rels:
            ids = {x.id for x in found}
            rels = [r for r in rels if r.head in ids and r.tail in ids]
        aid = ctx.annotator_id(s, annotator)
        coded = repo.values_for_documents(s, [doc_id], aid)[doc_id] if aid is not None else []
        imported = repo.values_for_documents(s, [doc_id], None)[doc_id]
        return Article(
            doc, tuple(found), tuple(rels), _status(ctx, s, doc_id, annotator), tuple(coded + imported)
        )

    return ctx.uow.read(work)


def neighbour(
    ctx: Context,
    doc_id: int,
    annotator: str | None,
    *,
    backwards: bool = False,
    skip_finished: bool = False,
    where: ListFilter | None = None,
) -> int | None:
    """The next (or previous) document in list order (within a list filter), or None at the end."""
    where = where or ListFilter()

    def work(s: Session) -> int | None:
        pid = repo.document_project(s, doc_id)
        return repo.neighbour_document(
            s,
            pid,
            doc_id,
            _owner(ctx, s, annotator),
            backwards=backwards,
            skip_finished=skip_finished,
            search=where.search,
            status=where.status,
            assigned_to=_assigned(ctx, s, where.assigned_to),
            before_version=where.before_version,
        )

    return ctx.uow.read(work)


def next_unfinished(ctx: Context, doc_id: int, annotator: str, assigned_to: str | None = None) -> int | None:
    """The next article after `doc_id` not done or skipped, wrapping around to the start; None when none is left.

    With `assigned_to`, only among the articles assigned to that coder.
    """

    def work(s: Session) -> int | None:
        pid = repo.document_project(s, doc_id)
        owner = _owner(ctx, s, annotator)
        mine = _assigned(ctx, s, assigned_to)
        found = repo.neighbour_document(s, pid, doc_id, owner, skip_finished=True, assigned_to=mine)
        if found is not None:
            return found
        if mine is None:
            first = repo.first_document(s, pid)
        else:
            rows = repo.list_documents(s, pid, owner, limit=1, assigned_to=mine)
            first = rows[0].id if rows else None
        if first is None or first == doc_id:
            return None
        if _status(ctx, s, first, annotator) not in (DocStatus.DONE, DocStatus.SKIPPED):
            return first
        found = repo.neighbour_document(s, pid, first, owner, skip_finished=True, assigned_to=mine)
        return None if found == doc_id else found

    return ctx.uow.read(work)


def first_document(ctx: Context, project: str | int) -> int | None:
    """The first document of a project."""
    return ctx.uow.read(lambda s: repo.first_document(s, ctx.project_id(s, project)))


def progress(ctx: Context, project: str | int, annotator: str) -> tuple[int, int]:
    """(done, total) documents for an annotator."""

    def work(s: Session) -> tuple[int, int]:
        pid = ctx.project_id(s, project)
        aid = ctx.annotator_id(s, annotator)
        total = repo.count_documents(s, pid, aid)
        done = repo.count_documents(s, pid, aid, status=DocStatus.DONE) if aid else 0
        return done, total

    return ctx.uow.read(work)


def stats(ctx: Context, project: str | int, annotator: str | None) -> ProjectStats:
    """Documents by status and spans by label."""

    def work(s: Session) -> ProjectStats:
        pid = ctx.project_id(s, project)
        by_status = repo.status_counts(s, pid, _owner(ctx, s, annotator))
        counts: Counter[tuple[str, str, str | None]] = Counter()
        for label, who, attrs, n in repo.attribute_counts(s, pid):
            for name, value in attrs.items():
                for one in value if isinstance(value, list) else [value]:
                    counts[(f"{label}.{name}", _shown(one), who)] += n
        ids = [lid for name, lid in repo.label_ids(s, pid).items()]
        for label, who, value, n in repo.value_counts(s, ids):
            for one in value if isinstance(value, list) else [value]:
                counts[(label, _shown(one), who)] += n
        if annotator is not None:
            counts = Counter({k: n for k, n in counts.items() if k[2] in (annotator, None)})
        rows = tuple((what, value, who, n) for (what, value, who), n in sorted(counts.items(), key=_order))
        return ProjectStats(sum(by_status.values()), by_status, repo.span_counts_by_label(s, pid), rows)

    return ctx.uow.read(work)


def _shown(value: Any) -> str:
    """A value as the stats print it (true/false for a bool)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _order(item: tuple[tuple[str, str, str | None], int]) -> tuple[str, str, str]:
    (what, value, who), _n = item
    return what, who or "", value


def annotators(ctx: Context) -> list[str]:
    """Names of everyone who has annotated."""
    return ctx.uow.read(lambda s: sorted(repo.annotator_names(s).values()))


def changed_elsewhere(ctx: Context, project: str | int) -> bool:
    """Whether anyone else wrote to the project since this session last knew it (a cheap poll)."""

    def work(s: Session) -> bool:
        pid = ctx.project_id(s, project)
        current = repo.revision(s, pid)
        known = ctx.revisions.get(pid)
        ctx.revisions[pid] = current
        return known is not None and known != current

    return ctx.uow.read(work)
