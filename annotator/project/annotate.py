"""Span and status operations: each one committed write transaction, its conflict check included, and undoable."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.changes import Changes, OpResult, SpanEdit
from annotator.core.codebook import check_attributes
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
    """The one duplicate rule: no two spans with the same pieces, label and annotator in a document."""
    if repo.span_exists(s, doc_id, span.start, span.end, label_id, aid, span.fragments):
        raise ValidationError(f"that text is already labelled {span.label}; {verb}")


# --- primitives (also the undo and redo of the operations below) -------------


def insert_span(
    ctx: Context, doc_id: int, span: Span, *, new: bool = False, relations: tuple[Relation, ...] = ()
) -> tuple[Span, Changes]:
    """Store a span (and relations that come back with it); returns it as stored.

    A `new` span (not an undo or redo) is stamped with the codebook version it is made
    under, has its attributes checked against its label, and moves a "to do" article on.
    """
    status = frozenset({doc_id}) if new else frozenset()  # only a new span moves a "to do" article on
    done = Changes(spans=frozenset({doc_id}), status=status, message=f"added {span.label}")

    def work(s: Session, again: bool) -> Span:
        if again and (found := repo.get_span(s, span.id)) is not None:
            return found[1]  # the first attempt was committed before the connection broke
        pid = repo.document_project(s, doc_id)
        label_id = _span_label(s, pid, span.label)
        validate_span(span, ctx.text_length(s, doc_id), where=f"span in document {doc_id}")
        stored = span
        if new:
            label = repo.load_schema(s, pid).get(span.label)
            assert label is not None
            attributes = check_attributes(label, span.attributes, f"the new {span.label} annotation")
            stored = replace(span, attributes=attributes, codebook_version=repo.codebook_version(s, pid))
        aid = ctx.annotator_id(s, span.annotator, create=True)
        _refuse_duplicate(s, doc_id, stored, label_id, aid, "nothing was added")
        ids = repo.label_ids(s, pid)
        repo.insert_spans(s, [span_row(stored, doc_id, ids, aid)])
        if relations:
            rows = [
                relation_row(r, doc_id, ids, ctx.annotator_id(s, r.annotator, create=True)) for r in relations
            ]
            repo.insert_relations(s, rows)
        if new and aid is not None and repo.get_status(s, doc_id, aid) == DocStatus.TODO:
            repo.set_status(s, doc_id, aid, DocStatus.IN_PROGRESS)
        ctx.touch(s, pid)
        return stored

    # Safe to retry: the span's id is made by the caller, so a retried insert cannot duplicate it.
    stored = ctx.uow.write(f"the new {span.label} annotation", work)
    if not relations:  # relations coming back are more than an edit of one span: views read again
        done = replace(done, span_edits=(SpanEdit(doc_id, stored.id, stored),))
    return stored, done


def reinsert(ctx: Context, doc_id: int, span: Span, relations: tuple[Relation, ...] = ()) -> Changes:
    """Put a removed span back (undo of a delete, redo of an add), as a newer version."""
    version = ctx.versions.get(span.id, span.version) + 1
    _stored, changes = insert_span(ctx, doc_id, replace(span, version=version), relations=relations)
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
    return Changes(
        spans=frozenset({found[0]}),
        message=f"removed {found[1].label}",
        span_edits=(SpanEdit(found[0], span_id, None),),
    )


EDITABLE = ("label", "note", "attributes", "fragments", "start", "end")
"""What an edit may change; `fragments` comes with the new hull (`start`, `end`)."""


def update_span(ctx: Context, span_id: str, **values: Any) -> tuple[Span, Changes]:
    """Change a span if nobody changed it since the user saw it; returns it as it was (for the undo).

    A new label keeps only the attributes it defines; attributes are checked against the
    label; changed pieces are checked against the text; the duplicate rule holds.
    """
    assert set(values) <= set(EDITABLE), values

    def work(s: Session, again: bool) -> tuple[Span, Changes]:
        found = repo.get_span(s, span_id)
        if found is None:
            raise ConflictError(DELETED)
        doc_id, span = found
        done = Changes(spans=frozenset({doc_id}), message="annotation changed")
        expected = ctx.versions.get(span_id, span.version)
        if again and span.version == expected + 1 and all(getattr(span, k) == v for k, v in values.items()):
            # The first attempt was committed before the connection broke.
            ctx.versions[span_id] = span.version
            return span, done
        pid = repo.document_project(s, doc_id)
        after = replace(span, **values)
        label = repo.load_schema(s, pid).get(after.label)
        if label is None or label.kind != LabelKind.SPAN:
            _span_label(s, pid, after.label)  # raises, listing the known labels
        assert label is not None
        kept = {k: v for k, v in after.attributes.items() if "attributes" in values or label.attribute(k)}
        after = replace(after, attributes=check_attributes(label, kept, f"the {label.name} annotation"))
        row: dict[str, Any] = {k: getattr(after, k) for k in values}
        if after.attributes != span.attributes:
            row["attributes"] = dict(after.attributes)
        if "fragments" in row:
            validate_span(after, ctx.text_length(s, doc_id), where=f"span in document {doc_id}")
            row["fragments"] = [list(p) for p in after.fragments] or None
        if "label" in row or "fragments" in row:
            label_id = repo.label_ids(s, pid)[after.label]
            aid = ctx.annotator_id(s, span.annotator)
            if repo.span_exists(
                s, doc_id, after.start, after.end, label_id, aid, after.fragments, other_than=span_id
            ):
                raise ValidationError(
                    f"that text is already labelled {after.label}; the annotation was not changed"
                )
            row.pop("label", None)
            row["label_id"] = label_id
        if "attributes" in values:
            row["codebook_version"] = repo.codebook_version(s, pid)
        ctx.versions[span_id] = repo.update_span(s, span_id, expected, **row)
        ctx.touch(s, pid)
        stored = repo.get_span(s, span_id)
        assert stored is not None
        return span, replace(done, span_edits=(SpanEdit(doc_id, span_id, stored[1]),))

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
    ctx: Context,
    *,
    document: int,
    start: int,
    end: int,
    label: str,
    annotator: str,
    note: str | None = None,
    fragments: tuple[tuple[int, int], ...] = (),
    attributes: dict[str, Any] | None = None,
) -> OpResult[Span]:
    """Store a new span by the annotator (discontinuous with `fragments`); the result holds it as stored."""
    span = Span(start, end, label, new_id(), annotator, note, attributes or {}, Origin.MANUAL, 1, fragments)
    stored, changes = insert_span(ctx, document, span, new=True)
    ctx.versions[stored.id] = 1
    ctx.history.push(
        Step(
            f"add {label}",
            undo=lambda: _removed(ctx, stored.id),
            redo=lambda: reinsert(ctx, document, stored),
        )
    )
    return OpResult(stored, replace(changes, history=True))


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
    return Changes(
        spans=frozenset({doc_id}),
        history=True,
        message=f"removed {span.label}",
        span_edits=(SpanEdit(doc_id, span_id, None),),
    )


def _edit(ctx: Context, span_id: str, text: str, **new: Any) -> Changes:
    """Change a span undoably; the undo puts back every field the change touched (attributes too)."""
    before, changes = update_span(ctx, span_id, **new)
    old = {k: getattr(before, k) for k in new}
    old["attributes"] = dict(before.attributes)  # a new label may have dropped some
    ctx.history.push(
        Step(
            text.format(old=getattr(before, next(iter(new))), new=next(iter(new.values()))),
            undo=lambda: update_span(ctx, span_id, **old)[1],
            redo=lambda: update_span(ctx, span_id, **new)[1],
        )
    )
    return replace(changes, history=True)


def relabel_span(ctx: Context, span_id: str, label: str) -> Changes:
    """Give a span another label (refused when an identical span with that label exists)."""
    return _edit(ctx, span_id, "relabel {old} as {new}", label=label)


def set_note(ctx: Context, span_id: str, note: str | None) -> Changes:
    """Attach (or clear, with None or "") a note on a span."""
    return _edit(ctx, span_id, "edit note", note=note or None)


def set_attributes(ctx: Context, span_id: str, attributes: dict[str, Any]) -> Changes:
    """Set a span's attributes (a None value: not coded), checked against its label's definitions."""
    return _edit(ctx, span_id, "set attributes", attributes=attributes)


def set_fragments(ctx: Context, span_id: str, fragments: tuple[tuple[int, int], ...]) -> Changes:
    """Make a span discontinuous (its pieces, in order) or, with one piece or none, continuous again."""
    pieces = tuple(sorted(fragments))
    if not pieces:
        raise ValidationError("a span needs at least one piece")
    start, end = pieces[0][0], pieces[-1][1]
    return _edit(
        ctx, span_id, "change pieces", fragments=pieces if len(pieces) > 1 else (), start=start, end=end
    )


def set_status(ctx: Context, doc_id: int, status: DocStatus, *, annotator: str) -> Changes:
    """Set an annotator's status for a document; undo restores the one it had.

    "Done" is refused while a document variable the codebook marks required is not coded.
    """
    if status == DocStatus.DONE:
        from annotator.project.values import missing_required

        missing = missing_required(ctx, doc_id, annotator)
        if missing:
            raise ValidationError(
                f"not marked done: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not coded yet "
                "(the codebook requires every article to have it)"
            )
    old, changes = write_status(ctx, doc_id, status, annotator)
    ctx.history.push(
        Step(
            f"mark {status.value.replace('_', ' ')}",
            undo=lambda: write_status(ctx, doc_id, old, annotator)[1],
            redo=lambda: write_status(ctx, doc_id, status, annotator)[1],
        )
    )
    return replace(changes, history=True)
