"""Document variables: one coder's value for one article (FRAME = conflict), coded blind, undoable."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.changes import Changes
from annotator.core.codebook import DocumentValue, check_document_value
from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus, LabelKind
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.uow import Session


def _variable_id(s: Session, pid: int, name: str) -> tuple[int, Any]:
    schema = repo.load_schema(s, pid)
    label = schema.get(name)
    if label is None or label.kind != LabelKind.DOCUMENT:
        known = ", ".join(schema.names(LabelKind.DOCUMENT)) or "none"
        raise ValidationError(f"no document variable named {name!r} (variables: {known})")
    return repo.label_ids(s, pid)[name], label


def write_value(ctx: Context, doc_id: int, variable: str, value: Any, annotator: str) -> tuple[Any, Changes]:
    """Store a coder's value (None: not coded, the value is removed); returns the value it had (None: none)."""

    def work(s: Session, _again: bool) -> Any:
        pid = repo.document_project(s, doc_id)
        label_id, label = _variable_id(s, pid, variable)
        aid = ctx.annotator_id(s, annotator, create=True)
        found = repo.get_value(s, doc_id, aid, label_id)
        old = None if found is None else found[0]
        if value is None:
            repo.delete_value(s, doc_id, aid, label_id)
        else:
            stored = check_document_value(label, value, f"{variable} of document {doc_id}")
            repo.set_value(s, doc_id, aid, label_id, stored, repo.codebook_version(s, pid))
            if aid is not None and repo.get_status(s, doc_id, aid) == DocStatus.TODO:
                repo.set_status(s, doc_id, aid, DocStatus.IN_PROGRESS)
        ctx.touch(s, pid)
        return old

    # Setting a value is idempotent, so safe to retry.
    old = ctx.uow.write(f"the value of {variable}", work)
    said = f"{variable}: {value}" if value is not None else f"{variable}: not coded"
    return old, Changes(values=frozenset({doc_id}), status=frozenset({doc_id}), message=said)


def set_value(ctx: Context, doc_id: int, variable: str, value: Any, *, annotator: str) -> Changes:
    """Code a document variable for the coder (None clears it); undo restores the value it had."""
    old, changes = write_value(ctx, doc_id, variable, value, annotator)
    ctx.history.push(
        Step(
            f"set {variable}",
            undo=lambda: write_value(ctx, doc_id, variable, old, annotator)[1],
            redo=lambda: write_value(ctx, doc_id, variable, value, annotator)[1],
        )
    )
    return replace(changes, history=True)


def values(ctx: Context, doc_id: int, annotator: str | bool | None) -> list[DocumentValue]:
    """An article's document values: everyone's (True), or one coder's."""

    def work(s: Session) -> list[DocumentValue]:
        if annotator is True or annotator is False:
            return repo.values_for_documents(s, [doc_id], True)[doc_id]
        aid = ctx.annotator_id(s, annotator) if isinstance(annotator, str) else None
        if isinstance(annotator, str) and aid is None:
            return []
        return repo.values_for_documents(s, [doc_id], aid)[doc_id]

    return ctx.uow.read(work)


def missing_required(ctx: Context, doc_id: int, annotator: str) -> list[str]:
    """The required document variables the coder has not coded for the article."""

    def work(s: Session) -> list[str]:
        pid = repo.document_project(s, doc_id)
        required = [lab.name for lab in repo.load_schema(s, pid).document_labels() if lab.required]
        if not required:
            return []
        aid = ctx.annotator_id(s, annotator)
        coded = (
            {v.label for v in repo.values_for_documents(s, [doc_id], aid)[doc_id]}
            if aid is not None
            else set()
        )
        return [name for name in required if name not in coded]

    return ctx.uow.read(work)
