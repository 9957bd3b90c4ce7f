"""Relations and whole attributions: who said what, each one undoable transaction.

A relation's label names the head and tail labels it fits (ATTRIBUTED_TO: CLAIM ->
SOURCE); one that does not fit is refused naming both. An attribution stores its
content, source and cue (new spans, or spans already there) and the relations that
tie them, in one transaction, undone as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.links import fits, misfit_message
from annotator.core.roles import attribution_relation
from annotator.core.spans import validate_span
from annotator.core.types import DocStatus, LabelKind, LabelSchema, Origin, Relation, Role, Span, new_id
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.importer import relation_row, span_row
from annotator.storage.uow import Session


def _fit(schema: LabelSchema, label: str, head: Span, tail: Span) -> None:
    """Refuse a relation whose label does not fit its ends, naming both."""
    lab = schema.get(label)
    if lab is None or lab.kind != LabelKind.RELATION:
        known = ", ".join(schema.names(LabelKind.RELATION)) or "none"
        raise ValidationError(f"unknown relation {label!r} (relations: {known})")
    if not fits(lab, head.label, tail.label):
        raise ValidationError(misfit_message(lab, head.label, tail.label))


def _insert(ctx: Context, s: Session, doc_id: int, pid: int, relations: Sequence[Relation]) -> None:
    ids = repo.label_ids(s, pid)
    version = repo.codebook_version(s, pid)
    rows = [
        relation_row(
            replace(r, codebook_version=r.codebook_version or version),
            doc_id,
            ids,
            ctx.annotator_id(s, r.annotator, create=True),
        )
        for r in relations
    ]
    repo.insert_relations(s, rows)


def add_relation(ctx: Context, head: str, tail: str, label: str, *, annotator: str) -> OpResult[Relation]:
    """Link two spans of one article with a relation label."""
    relation = Relation(head, tail, label, new_id(), annotator, 1, Origin.MANUAL)

    def work(s: Session, again: bool) -> tuple[int, Relation]:
        first, second = repo.get_span(s, head), repo.get_span(s, tail)
        if first is None or second is None:
            raise ConflictError("the annotation no longer exists; it was deleted elsewhere")
        doc_id = first[0]
        if second[0] != doc_id:
            raise ValidationError("a relation links two spans of the same article")
        if head == tail:
            raise ValidationError("a relation links two different spans")
        pid = repo.document_project(s, doc_id)
        # The relation as stored, with the codebook version it is made under (the window shows it).
        stamped = replace(relation, codebook_version=repo.codebook_version(s, pid))
        if again and any(r.id == relation.id for r in repo.relations_for_documents(s, [doc_id])[doc_id]):
            return doc_id, stamped
        _fit(repo.load_schema(s, pid), label, first[1], second[1])
        label_id = repo.label_ids(s, pid)[label]
        aid = ctx.annotator_id(s, annotator, create=True)
        if (head, tail, label_id, aid) in repo.relation_keys(s, doc_id):
            raise ValidationError(f"those spans are already linked by {label}")
        _insert(ctx, s, doc_id, pid, [stamped])
        ctx.touch(s, pid)
        return doc_id, stamped

    doc_id, relation = ctx.uow.write(f"the new {label} relation", work)
    ctx.history.push(
        Step(
            f"link {label}",
            undo=lambda: _unlink(ctx, [relation.id]),
            redo=lambda: _relink(ctx, doc_id, [relation]),
        )
    )
    return OpResult(relation, Changes(spans=frozenset({doc_id}), history=True, message=f"linked {label}"))


def _unlink(ctx: Context, relation_ids: Sequence[str], spans: Sequence[str] = ()) -> Changes:
    """Remove relations (and spans an attribution made), in one transaction."""

    def work(s: Session, _again: bool) -> int | None:
        doc = repo.relation_document(s, relation_ids[0]) if relation_ids else None
        if doc is None and spans:
            found = repo.get_span(s, spans[0])
            doc = found[0] if found else None
        repo.delete_relations(s, relation_ids)
        for sid in spans:
            repo.delete_span(s, sid)
            ctx.versions.pop(sid, None)
        if doc is not None:
            ctx.touch(s, repo.document_project(s, doc))
        return doc

    doc = ctx.uow.write("the removal of the relation", work)
    return Changes(spans=frozenset({doc}) if doc is not None else frozenset(), message="unlinked")


def _relink(ctx: Context, doc_id: int, relations: Sequence[Relation], spans: Sequence[Span] = ()) -> Changes:
    def work(s: Session, _again: bool) -> None:
        pid = repo.document_project(s, doc_id)
        ids = repo.label_ids(s, pid)
        repo.insert_spans(
            s, [span_row(sp, doc_id, ids, ctx.annotator_id(s, sp.annotator, create=True)) for sp in spans]
        )
        _insert(ctx, s, doc_id, pid, relations)
        ctx.touch(s, pid)

    ctx.uow.write("the relation", work)
    return Changes(spans=frozenset({doc_id}), message="linked")


def delete_relation(ctx: Context, relation_id: str) -> Changes:
    """Remove one relation; undo brings it back."""

    def work(s: Session, _again: bool) -> tuple[int, Relation]:
        doc = repo.relation_document(s, relation_id)
        if doc is None:
            raise ConflictError("the relation no longer exists; it was deleted elsewhere")
        relation = next(r for r in repo.relations_for_documents(s, [doc])[doc] if r.id == relation_id)
        repo.delete_relations(s, [relation_id])
        ctx.touch(s, repo.document_project(s, doc))
        return doc, relation

    doc, relation = ctx.uow.write("the removal of the relation", work)
    ctx.history.push(
        Step(
            f"unlink {relation.label}",
            undo=lambda: _relink(ctx, doc, [relation]),
            redo=lambda: _unlink(ctx, [relation_id]),
        )
    )
    return Changes(spans=frozenset({doc}), history=True, message=f"unlinked {relation.label}")


@dataclass(frozen=True)
class Part:
    """One part of an attribution: a span already there (`span_id`), or a new one (its pieces)."""

    span_id: str | None = None
    pieces: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Attribution:
    """What one attribution stored: the content, source and cue spans and the relations that tie them."""

    content: Span
    source: Span | None
    cue: Span | None
    relations: tuple[Relation, ...]


def add_attribution(
    ctx: Context, document: int, content: Part, source: Part | None, cue: Part | None, *, annotator: str
) -> OpResult[Attribution]:
    """Store a whole attribution in one transaction: the spans it needs and its relations (one undo step)."""

    def work(s: Session, _again: bool) -> tuple[Attribution, list[Span]]:
        pid = repo.document_project(s, document)
        schema = repo.load_schema(s, pid)
        made: list[Span] = []
        version = repo.codebook_version(s, pid)

        def span_of(part: Part, role: Role) -> Span:
            if part.span_id is not None:
                found = repo.get_span(s, part.span_id)
                if found is None or found[0] != document:
                    raise ConflictError("the annotation no longer exists; it was deleted elsewhere")
                return found[1]
            label = schema.by_role(role)
            if label is None:
                raise ValidationError(
                    f"the codebook has no label with the role {role.value} (see `role` in the codebook)"
                )
            pieces = tuple(sorted(part.pieces))
            span = Span(
                pieces[0][0], pieces[-1][1], label.name, new_id(), annotator, None, {}, Origin.MANUAL, 1,
                pieces if len(pieces) > 1 else (), version,
            )  # fmt: skip
            validate_span(span, ctx.text_length(s, document), where=f"the new {label.name}")
            aid = ctx.annotator_id(s, annotator, create=True)
            if repo.span_exists(
                s, document, span.start, span.end, repo.label_ids(s, pid)[label.name], aid, span.fragments
            ):
                raise ValidationError(
                    f"that text is already labelled {label.name}; select that span to reuse it"
                )
            made.append(span)
            return span

        head = span_of(content, Role.CONTENT)
        ends = [
            (span_of(p, role), role) for p, role in ((source, Role.SOURCE), (cue, Role.CUE)) if p is not None
        ]
        ids = repo.label_ids(s, pid)
        repo.insert_spans(
            s, [span_row(sp, document, ids, ctx.annotator_id(s, annotator, create=True)) for sp in made]
        )
        links: list[Relation] = []
        for tail, role in ends:
            rel = attribution_relation(schema, role)
            if rel is None:
                raise ValidationError(f"the codebook has no relation from the content to the {role.value}")
            _fit(schema, rel.name, head, tail)
            links.append(Relation(head.id, tail.id, rel.name, new_id(), annotator, 1, Origin.MANUAL, version))
        _insert(ctx, s, document, pid, links)
        aid = ctx.annotator_id(s, annotator, create=True)
        if aid is not None and repo.get_status(s, document, aid) == DocStatus.TODO:
            repo.set_status(s, document, aid, DocStatus.IN_PROGRESS)
        ctx.touch(s, pid)
        by_role = dict((role, sp) for sp, role in ends)
        return Attribution(head, by_role.get(Role.SOURCE), by_role.get(Role.CUE), tuple(links)), made

    result, made = ctx.uow.write("the attribution", work)
    for span in made:
        ctx.versions[span.id] = 1
    links = list(result.relations)
    ctx.history.push(
        Step(
            "attribution",
            undo=lambda: _unlink(ctx, [r.id for r in links], [sp.id for sp in made]),
            redo=lambda: _relink(ctx, document, links, made),
        )
    )
    changes = Changes(
        spans=frozenset({document}), status=frozenset({document}), history=True, message="attribution added"
    )
    return OpResult(result, changes)
