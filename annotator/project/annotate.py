"""Span and status operations: each one committed write transaction, its conflict check included, and undoable."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import DocStatus, LabelKind, LabelSchema, Origin, Relation, Span, new_id
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.importer import relation_row, span_row
from annotator.storage.uow import Session

GONE = "the annotation no longer exists; it was deleted elsewhere"
DELETED = "the annotation was deleted by someone else; the change was not saved"


def _span_label(s: Session, pid: int, name: str) -> int:
    """The row id of a span label of the project, or a clear error listing the known ones."""
    schema: LabelSchema = repo.load_schema(s, pid)
    label = schema.get(name)
    if label is None or label.kind != LabelKind.SPAN:
        known = ", ".join(schema.names()) or "none"
        raise ValidationError(f"unknown label {name!r} (known labels: {known})")
    return repo.label_ids(s, pid)[name]


def _refuse_duplicate(s: Session, doc_id: int, span: Span, label_id: int, aid: int | None, verb: str) -> None:
    """The one duplicate rule: no two spans with the same offsets, label and annotator in a document."""
    if repo.span_exists(s, doc_id, span.start, span.end, label_id, aid):
        raise ValidationError(f"that text is already labelled {span.label}; {verb}")


# --- primitives (also the undo and redo of the operations below) -------------


def insert_span(
    ctx: Context, doc_id: int, span: Span, *, new: bool = False, relations: tuple[Relation, ...] = ()
) -> Changes:
    """Store a span (and relations that come back with it); a `new` one also moves a "to do" article on."""
    done = Changes(spans=frozenset({doc_id}), status=frozenset({doc_id}), message=f"added {span.label}")

    def work(s: Session, again: bool) -> Changes:
        if again and repo.get_span(s, span.id) is not None:
            return done  # the first attempt was committed before the connection broke
        pid = repo.document_project(s, doc_id)
        label_id = _span_label(s, pid, span.label)
        validate_span(span, ctx.text_length(s, doc_id), where=f"span in document {doc_id}")
        aid = ctx.annotator_id(s, span.annotator, create=True)
        _refuse_duplicate(s, doc_id, span, label_id, aid, "nothing was added")
        ids = repo.label_ids(s, pid)
        repo.insert_spans(s, [span_row(span, doc_id, ids, aid)])
        if relations:
            rows = [
                relation_row(r, doc_id, ids, ctx.annotator_id(s, r.annotator, create=True)) for r in relations
            ]
            repo.insert_relations(s, rows)
        if new and aid is not None and repo.get_status(s, doc_id, aid) == DocStatus.TODO:
            repo.set_status(s, doc_id, aid, DocStatus.IN_PROGRESS)
        ctx.touch(s, pid)
        return done

    # Safe to retry: the span's id is made by the caller, so a retried insert cannot duplicate it.
    return ctx.uow.write(f"the new {span.label} annotation", work)


def reinsert(ctx: Context, doc_id: int, span: Span, relations: tuple[Relation, ...] = ()) -> Changes:
    """Put a removed span back (undo of a delete, redo of an add), as a newer version."""
    version = ctx.versions.get(span.id, span.version) + 1
    changes = insert_span(ctx, doc_id, replace(span, version=version), relations=relations)
    ctx.versions[span.id] = version
    return changes


def remove_span(ctx: Context, span_id: str) -> tuple[int, Span, tuple[Relation, ...]] | None:
    """Delete a span and its relations in one transaction; returns what was removed (None: already gone)."""
    expected = ctx.versions.get(span_id)

    def work(s: Session, again: bool) -> tuple[int, Span, tuple[Relation, ...]] | None:
        found = repo.get_span(s, span_id)
        if found is None:
            if again:  # the first attempt was committed before the connection broke
                return None
            raise ConflictError(GONE)
        doc_id, span = found
        if expected is not None and span.version != expected:
            raise ConflictError("the annotation was changed by someone else since; it was not removed")
        related = tuple(
            r for r in repo.relations_for_documents(s, [doc_id])[doc_id] if span_id in (r.head, r.tail)
        )
        repo.delete_span(s, span_id, span.version)  # its relations go with it (ON DELETE CASCADE)
        ctx.touch(s, repo.document_project(s, doc_id))
        return doc_id, span, related

    removed = ctx.uow.write("the removal of the annotation", work)
    ctx.versions.pop(span_id, None)
    return removed


def _removed(ctx: Context, span_id: str) -> Changes:
    found = remove_span(ctx, span_id)
    if found is None:
        return Changes(message="removed the annotation")
    return Changes(spans=frozenset({found[0]}), message=f"removed {found[1].label}")


def update_span(ctx: Context, span_id: str, **values: Any) -> tuple[Span, Changes]:
    """Change a span's label or note if nobody changed it since the user saw it; returns it as it was."""

    def work(s: Session, again: bool) -> tuple[Span, Changes]:
        found = repo.get_span(s, span_id)
        if found is None:
            raise ConflictError(DELETED)
        doc_id, span = found
        done = Changes(spans=frozenset({doc_id}), message="annotation changed")
        expected = ctx.versions.get(span_id, span.version)
        if again and span.version == expected + 1 and all(getattr(span, k) == v for k, v in values.items()):
            ctx.versions[span_id] = (
                span.version
            )  # the first attempt was committed before the connection broke
            return span, done
        pid = repo.document_project(s, doc_id)
        row = dict(values)
        if "label" in row:
            label_id = _span_label(s, pid, row["label"])
            moved = replace(span, label=row.pop("label"))
            aid = ctx.annotator_id(s, span.annotator)
            _refuse_duplicate(s, doc_id, moved, label_id, aid, "the annotation was not relabelled")
            row["label_id"] = label_id
        ctx.versions[span_id] = repo.update_span(s, span_id, expected, **row)
        ctx.touch(s, pid)
        return span, done

    return ctx.uow.write("the change to the annotation", work)


def write_status(ctx: Context, doc_id: int, status: DocStatus, annotator: str) -> tuple[DocStatus, Changes]:
    """Set an annotator's status for a document; returns the status it had."""

    def work(s: Session, _again: bool) -> tuple[DocStatus, Changes]:
        pid = repo.document_project(s, doc_id)
        aid = ctx.annotator_id(s, annotator, create=True)
        assert aid is not None
        old = repo.get_status(s, doc_id, aid)
        repo.set_status(s, doc_id, aid, status)
        ctx.touch(s, pid)
        return old, Changes(status=frozenset({doc_id}), message=f"marked {status.value.replace('_', ' ')}")

    # Setting a value is idempotent, so safe to retry.
    return ctx.uow.write("the status change", work)


# --- the operations ------------------------------------------------------------------


def add_span(
    ctx: Context, *, document: int, start: int, end: int, label: str, annotator: str, note: str | None = None
) -> OpResult[Span]:
    """Store a new span by the annotator; the result holds it."""
    span = Span(start, end, label, new_id(), annotator, note, {}, Origin.MANUAL, 1)
    changes = insert_span(ctx, document, span, new=True)
    ctx.versions[span.id] = 1
    ctx.history.push(
        Step(f"add {label}", undo=lambda: _removed(ctx, span.id), redo=lambda: reinsert(ctx, document, span))
    )
    return OpResult(span, replace(changes, history=True))


def delete_span(ctx: Context, span_id: str) -> Changes:
    """Delete a span and the relations that use it; undo brings both back."""
    removed = remove_span(ctx, span_id)
    if removed is None:
        raise ConflictError(GONE)
    doc_id, span, related = removed
    ctx.history.push(
        Step(
            f"delete {span.label}",
            undo=lambda: reinsert(ctx, doc_id, span, related),
            redo=lambda: _removed(ctx, span_id),
        )
    )
    return Changes(spans=frozenset({doc_id}), history=True, message=f"removed {span.label}")


def _edit(ctx: Context, span_id: str, field: str, new: Any, text: str) -> Changes:
    before, changes = update_span(ctx, span_id, **{field: new})
    old = getattr(before, field)
    ctx.history.push(
        Step(
            text.format(old=old, new=new),
            undo=lambda: update_span(ctx, span_id, **{field: old})[1],
            redo=lambda: update_span(ctx, span_id, **{field: new})[1],
        )
    )
    return replace(changes, history=True)


def relabel_span(ctx: Context, span_id: str, label: str) -> Changes:
    """Give a span another label (refused when an identical span with that label exists)."""
    return _edit(ctx, span_id, "label", label, "relabel {old} as {new}")


def set_note(ctx: Context, span_id: str, note: str | None) -> Changes:
    """Attach (or clear, with None or "") a note on a span."""
    return _edit(ctx, span_id, "note", note or None, "edit note")


def set_status(ctx: Context, doc_id: int, status: DocStatus, *, annotator: str) -> Changes:
    """Set an annotator's status for a document; undo restores the one it had."""
    old, changes = write_status(ctx, doc_id, status, annotator)
    ctx.history.push(
        Step(
            f"mark {status.value.replace('_', ' ')}",
            undo=lambda: write_status(ctx, doc_id, old, annotator)[1],
            redo=lambda: write_status(ctx, doc_id, status, annotator)[1],
        )
    )
    return replace(changes, history=True)
