"""Codebook operations: edit, rename, merge, delete, rename a value; each versioned, logged, undoable, one transaction.

Every change bumps the project's codebook version and records one line per change
(what, who, when). A change that would break stored annotations is refused with
their count, except deleting a label when asked to (its annotations go with it,
and undo brings both back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from annotator.core.changes import Changes, OpResult
from annotator.core.codebook_diff import CodebookChange, breaking_changes, diff_codebooks
from annotator.core.codebook_edit import merge_labels, rename_label, rename_value
from annotator.core.errors import ValidationError
from annotator.core.schema import check_schema
from annotator.core.types import Label, LabelSchema
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.importer import relation_row, span_row
from annotator.storage.uow import Session

M = TypeVar("M")


@dataclass(frozen=True)
class LogEntry:
    """One line of the codebook's change log."""

    version: int
    what: str
    who: str | None
    when: datetime


def log(ctx: Context, project: str | int) -> list[LogEntry]:
    """Every codebook change of a project, oldest first."""
    return ctx.uow.read(
        lambda s: [LogEntry(*row) for row in repo.codebook_log(s, ctx.project_id(s, project))]
    )


def usage(ctx: Context, project: str | int, name: str) -> tuple[int, int, int]:
    """How many spans, relations and document values carry a label."""

    def work(s: Session) -> tuple[int, int, int]:
        ids = repo.label_ids(s, ctx.project_id(s, project))
        if name not in ids:
            raise ValidationError(f"no label named {name!r}")
        return repo.label_usage(s, ids[name])

    return ctx.uow.read(work)


def version(ctx: Context, project: str | int) -> int:
    """The project's codebook version."""
    return ctx.uow.read(lambda s: repo.codebook_version(s, ctx.project_id(s, project)))


def record_import(s: Session, pid: int, before: LabelSchema, source: str, who: str | None) -> int | None:
    """Version and log what an import added to the codebook, in the import's transaction; the new version or None."""
    lines = [f"import of {source}: {c.text}" for c in diff_codebooks(before, repo.load_schema(s, pid))]
    return repo.bump_codebook(s, pid, lines, who) if lines else None


def _store(
    ctx: Context, s: Session, pid: int, old: LabelSchema, new: LabelSchema, who: str | None, lines: list[str]
) -> int:
    check_schema(new, "the codebook")
    repo.replace_labels(s, pid, new)
    ctx.touch(s, pid)
    return repo.codebook_version(s, pid) if not lines else repo.bump_codebook(s, pid, lines, who)


def _refuse_breaking(
    s: Session, old: LabelSchema, changes: list[CodebookChange], label_ids: dict[str, int]
) -> None:
    """Refuse a breaking change that stored annotations depend on, naming what and how many."""
    for change in breaking_changes(changes):
        lab = old.get(change.label) if change.label else None
        if lab is None or change.label not in label_ids:
            continue
        lid = label_ids[change.label]
        if change.attribute and change.value:
            used = repo.value_usage(s, lid, change.attribute, change.value)
        elif change.value and not change.attribute:
            used = repo.value_usage(s, lid, None, change.value)
        elif change.attribute:
            used = repo.attribute_usage(s, lid, change.attribute)
        else:
            used = sum(repo.label_usage(s, lid))
        if used:
            raise ValidationError(
                f"{change.text}: refused, {used} stored annotation(s) depend on it "
                "(rename or merge instead, or delete the label with its annotations)"
            )


def update_codebook(
    ctx: Context, project: str | int, new: LabelSchema, *, who: str | None
) -> OpResult[list[CodebookChange]]:
    """Replace the codebook (add, edit, reorder labels and their attributes); returns what changed."""

    def work(s: Session, _again: bool) -> tuple[LabelSchema, list[CodebookChange], int]:
        pid = ctx.project_id(s, project)
        old = repo.load_schema(s, pid)
        changes = diff_codebooks(old, new)
        order_changed = old.names() != new.names() or [lab.name for lab in old.labels] != [
            lab.name for lab in new.labels
        ]
        if not changes and not order_changed:
            return old, [], repo.codebook_version(s, pid)
        _refuse_breaking(s, old, changes, repo.label_ids(s, pid))
        lines = [c.text for c in changes] or ["labels reordered"]
        return old, changes, _store(ctx, s, pid, old, new, who, lines)

    old, changes, now = ctx.uow.write("the codebook change", work)
    if old == new:
        return OpResult([], Changes(message="the codebook is unchanged"))
    ctx.history.push(
        Step(
            "codebook change",
            undo=lambda: _put(ctx, project, old, who, "undone"),
            redo=lambda: _put(ctx, project, new, who, "redone"),
        )
    )
    return OpResult(changes, _said(f"codebook version {now}: {len(changes) or 1} change(s)"))


def _said(message: str) -> Changes:
    return Changes(labels=True, documents=frozenset({-1}), history=True, message=message)


def _put(ctx: Context, project: str | int, schema: LabelSchema, who: str | None, verb: str) -> Changes:
    """Store a whole codebook again (the undo and redo of an edit)."""

    def work(s: Session, _again: bool) -> int:
        pid = ctx.project_id(s, project)
        old = repo.load_schema(s, pid)
        lines = [f"{verb}: {c.text}" for c in diff_codebooks(old, schema)] or [f"{verb}: labels reordered"]
        return _store(ctx, s, pid, old, schema, who, lines)

    return _said(f"codebook version {ctx.uow.write('the codebook change', work)}")


def _edit(
    ctx: Context,
    project: str | int,
    text: str,
    build: Callable[[LabelSchema], LabelSchema],
    migrate: Callable[[Session, int, dict[str, int]], M],
    who: str | None,
) -> tuple[LabelSchema, M]:
    """One transaction: the new codebook from `build`, the stored annotations moved by `migrate`, a version bump."""

    def work(s: Session, _again: bool) -> tuple[LabelSchema, M]:
        pid = ctx.project_id(s, project)
        old = repo.load_schema(s, pid)
        new = build(old)
        check_schema(new, "the codebook")
        ids = repo.label_ids(s, pid)
        moved = migrate(s, pid, ids)
        repo.replace_labels(s, pid, new)
        repo.bump_codebook(s, pid, [text], who)
        ctx.touch(s, pid)
        return old, moved

    return ctx.uow.write(f"the codebook change ({text})", work)


def _rename(ctx: Context, project: str | int, old: str, new: str, who: str | None) -> Changes:
    text = f"label {old!r} renamed to {new!r}"

    def migrate(s: Session, pid: int, _ids: dict[str, int]) -> None:
        repo.rename_label_row(s, pid, old, new)

    _edit(ctx, project, text, lambda sc: rename_label(sc, old, new), migrate, who)
    return _said(text)


def rename(ctx: Context, project: str | int, old: str, new: str, *, who: str | None) -> Changes:
    """Rename a label; every annotation carrying it carries the new name."""
    changes = _rename(ctx, project, old, new, who)
    ctx.history.push(
        Step(
            f"rename {old}",
            undo=lambda: _rename(ctx, project, new, old, who),
            redo=lambda: _rename(ctx, project, old, new, who),
        )
    )
    return changes


def _merge(ctx: Context, project: str | int, source: str, into: str, who: str | None) -> tuple[Changes, Step]:
    text = f"label {source!r} merged into {into!r}"

    def migrate(s: Session, _pid: int, ids: dict[str, int]) -> tuple[list[str], repo.Removed]:
        if source not in ids or into not in ids:
            raise ValidationError(f"no label named {source if source not in ids else into!r}")
        return repo.move_label(s, ids[source], ids[into])

    old, result = _edit(ctx, project, text, lambda sc: merge_labels(sc, source, into), migrate, who)
    moved, removed = result
    label = old.get(source)
    assert label is not None
    step = Step(
        f"merge {source} into {into}",
        undo=lambda: _unmerge(ctx, project, old, label, moved, removed, who),
        redo=lambda: _remerge(ctx, project, source, into, who, step),
    )
    return _said(f"{text}: {len(moved)} span(s) moved, {len(removed.spans)} duplicate(s) folded"), step


def _remerge(
    ctx: Context, project: str | int, source: str, into: str, who: str | None, step: Step
) -> Changes:
    """Redo a merge; the step learns the new merge's undo (which spans moved this time)."""
    changes, fresh = _merge(ctx, project, source, into, who)
    step.undo = fresh.undo
    return changes


def merge(ctx: Context, project: str | int, source: str, into: str, *, who: str | None) -> Changes:
    """Merge a label into another: every annotation of `source` becomes `into`, duplicates folded into their twins."""
    changes, step = _merge(ctx, project, source, into, who)
    ctx.history.push(step)
    return changes


def _unmerge(
    ctx: Context,
    project: str | int,
    old: LabelSchema,
    label: Label,
    moved: list[str],
    removed: repo.Removed,
    who: str | None,
) -> Changes:
    def work(s: Session, _again: bool) -> None:
        pid = ctx.project_id(s, project)
        repo.replace_labels(s, pid, old)
        ids = repo.label_ids(s, pid)
        repo.set_label(s, moved, ids[label.name])
        _restore(ctx, s, ids, removed)
        repo.bump_codebook(s, pid, [f"undone: label {label.name!r} merged"], who)
        ctx.touch(s, pid)

    ctx.uow.write("the undo of the merge", work)
    return _said(f"label {label.name} is back")


def _restore(ctx: Context, s: Session, ids: dict[str, int], removed: repo.Removed) -> None:
    """Put removed annotations back (spans before the relations that use them)."""
    repo.insert_spans(
        s,
        [
            span_row(span, doc, ids, ctx.annotator_id(s, span.annotator, create=True))
            for doc, span in removed.spans
        ],
    )
    repo.insert_relations(
        s,
        [
            relation_row(rel, doc, ids, ctx.annotator_id(s, rel.annotator, create=True))
            for doc, rel in removed.relations
        ],
    )
    for doc, value in removed.values:
        aid = ctx.annotator_id(s, value.annotator, create=True)
        repo.set_value(s, doc, aid, ids[value.label], value.value, value.codebook_version)


def _delete(
    ctx: Context, project: str | int, name: str, force: bool, who: str | None
) -> tuple[Changes, Step]:
    text = f"label {name!r} deleted"

    def migrate(s: Session, _pid: int, ids: dict[str, int]) -> repo.Removed:
        if name not in ids:
            raise ValidationError(f"no label named {name!r}")
        spans, relations, values = repo.label_usage(s, ids[name])
        if (spans or relations or values) and not force:
            raise ValidationError(
                f"label {name!r} carries {spans} span(s), {relations} relation(s) and {values} document value(s); "
                "deleting it deletes them too (confirm with --force)"
            )
        return repo.remove_label_annotations(s, ids[name])

    def build(schema: LabelSchema) -> LabelSchema:
        kept = tuple(lab for lab in schema.labels if lab.name != name)
        return LabelSchema(tuple(lab for lab in kept if name not in (lab.head, lab.tail)))

    old, result = _edit(ctx, project, text, build, migrate, who)
    removed = result

    def undo() -> Changes:
        def work(s: Session, _again: bool) -> None:
            pid = ctx.project_id(s, project)
            repo.replace_labels(s, pid, old)
            _restore(ctx, s, repo.label_ids(s, pid), removed)
            repo.bump_codebook(s, pid, [f"undone: {text}"], who)
            ctx.touch(s, pid)

        ctx.uow.write("the undo of the deletion", work)
        return _said(f"label {name} is back")

    def redo() -> Changes:
        changes, fresh = _delete(ctx, project, name, True, who)
        step.undo = fresh.undo
        return changes

    step = Step(f"delete label {name}", undo=undo, redo=redo)
    counts = (
        f"{len(removed.spans)} span(s), {len(removed.relations)} relation(s), {len(removed.values)} value(s)"
    )
    return _said(f"{text} with {counts}"), step


def delete(ctx: Context, project: str | int, name: str, *, force: bool, who: str | None) -> Changes:
    """Delete a label; one with annotations only with `force`, and its annotations go with it (undo restores)."""
    changes, step = _delete(ctx, project, name, force, who)
    ctx.history.push(step)
    return changes


def _rename_choice(
    ctx: Context, project: str | int, label: str, attribute: str | None, old: str, new: str, who: str | None
) -> Changes:
    where = f"{label}.{attribute}" if attribute else label
    text = f"value {old!r} of {where} renamed to {new!r}"

    def migrate(s: Session, _pid: int, ids: dict[str, int]) -> int:
        if label not in ids:
            raise ValidationError(f"no label named {label!r}")
        if attribute is None:
            return repo.rename_variable_value(s, ids[label], old, new)
        return repo.rename_attribute_value(s, ids[label], attribute, old, new)

    _edit(ctx, project, text, lambda sc: rename_value(sc, label, attribute, old, new), migrate, who)
    return _said(text)


def rename_choice(
    ctx: Context,
    project: str | int,
    label: str,
    attribute: str | None,
    old: str,
    new: str,
    *,
    who: str | None,
) -> Changes:
    """Rename a choice of an attribute (or of a document variable, attribute None) in the codebook and every annotation."""
    changes = _rename_choice(ctx, project, label, attribute, old, new, who)
    ctx.history.push(
        Step(
            f"rename value {old}",
            undo=lambda: _rename_choice(ctx, project, label, attribute, new, old, who),
            redo=lambda: _rename_choice(ctx, project, label, attribute, old, new, who),
        )
    )
    return changes
