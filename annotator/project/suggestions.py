"""Reviewing suggestions: accept, reject, accept or reject all in an article, correct; each one undoable transaction.

Accepting a suggestion removes it and stores the coder's own span in its place (origin
manual, the coder as annotator, the current codebook version, `derived_from` naming the
suggestion); when the coder already has that very span, the suggestion just goes. Its
relations follow it: one whose other end is an annotation becomes the coder's relation,
one whose other end is still a suggestion stays suggested until that end is accepted too.
Rejecting removes the suggestion and its relations and records the rejection (label and
offsets), so no later run suggests it again. Correcting accepts a suggestion with other
edges or another label and records the original as rejected.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from annotator.core.changes import Changes, OpResult
from annotator.core.codebook import check_attributes
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import DocStatus, LabelKind, LabelSchema, Origin, Relation, Span, new_id
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.models import utcnow
from annotator.storage.repo import suggestions as store
from annotator.storage.uow import Session

GONE = "the suggestion no longer exists (accepted or rejected elsewhere, or replaced by a new run)"
PAST = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
Rejection = tuple[str, int, int, str | None, str]
"""(label, start, end, suggester, coder) of a rejected suggestion."""


@dataclass(frozen=True)
class Reviewed:
    """What one review step changed in an article, so a view can patch itself.

    Attributes:
        document: the article.
        accepted: the coder's spans the accepted suggestions became, in their order (a span the
            coder already had, or a new one).
        added: the spans stored (the new ones among `accepted`).
        removed: ids of the spans removed (the suggestions reviewed).
        relations_added: relations stored (the accepted spans' relations, moved over).
        relations_removed: ids of the relations removed.
    """

    document: int
    accepted: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    removed: tuple[str, ...] = ()
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Delta:
    """One review step as data: what goes, what comes; its inverse is its undo."""

    doc_id: int
    spans_out: tuple[Span, ...] = ()
    spans_in: tuple[tuple[Span, str | None], ...] = ()  # with the suggestion each was accepted from
    relations_out: tuple[Relation, ...] = ()
    relations_in: tuple[Relation, ...] = ()
    rejections_in: tuple[Rejection, ...] = ()
    rejections_out: tuple[Rejection, ...] = ()

    def inverse(self) -> _Delta:
        """The step that undoes this one."""
        return _Delta(
            self.doc_id,
            tuple(span for span, _source in self.spans_in),
            tuple((span, None) for span in self.spans_out),
            self.relations_in,
            self.relations_out,
            self.rejections_out,
            self.rejections_in,
        )


def _apply_in(ctx: Context, s: Session, delta: _Delta, coder: str | None = None) -> None:
    """Apply a step in the caller's transaction; a span that changed or went meanwhile refuses it."""
    for span in delta.spans_out:
        found = repo.get_span(s, span.id)
        if found is None:
            raise ConflictError(
                GONE if span.origin == Origin.SUGGESTED else "the annotation no longer exists"
            )
        expected = ctx.versions.get(span.id)
        if expected is not None and found[1].version != expected:
            raise ConflictError("the annotation was changed by someone else since; nothing was changed")
    pid = repo.document_project(s, delta.doc_id)
    ids = repo.label_ids(s, pid)
    repo.delete_relations(s, [r.id for r in delta.relations_out])
    for span in delta.spans_out:
        repo.delete_span(s, span.id)
    now = utcnow()
    there = {sp.id for sp in repo.document_spans(s, delta.doc_id, True)} | {sp.id for sp, _ in delta.spans_in}
    # An undo long after: a relation whose other end has gone since (a new run replaced it) stays gone.
    relations = [r for r in delta.relations_in if r.head in there and r.tail in there]
    store.insert_rows(
        s,
        [
            store.span_tuple(span, delta.doc_id, ids[span.label], ctx.annotator_id(s, span.annotator, create=True),
                             now, source)
            for span, source in delta.spans_in
        ],
        [
            store.relation_tuple(r, delta.doc_id, ids[r.label], ctx.annotator_id(s, r.annotator, create=True))
            for r in relations
        ],
    )  # fmt: skip

    def rows(items: tuple[Rejection, ...]) -> list[tuple[int, int, int, int, str | None, int | None]]:
        return [
            (delta.doc_id, ids[lab], start, end, sug, ctx.annotator_id(s, who, create=True))
            for lab, start, end, sug, who in items
            if lab in ids
        ]

    store.add_rejections(s, rows(delta.rejections_in))
    store.remove_rejections(s, rows(delta.rejections_out))
    if coder is not None:
        aid = ctx.annotator_id(s, coder, create=True)
        if aid is not None and repo.get_status(s, delta.doc_id, aid) == DocStatus.TODO:
            repo.set_status(s, delta.doc_id, aid, DocStatus.IN_PROGRESS)
    ctx.touch(s, pid)


def _done(ctx: Context, delta: _Delta) -> None:
    """Remember the versions the step left, for the conflict check of the next one."""
    for span in delta.spans_out:
        ctx.versions.pop(span.id, None)
    for span, _source in delta.spans_in:
        ctx.versions[span.id] = span.version


def _replay(ctx: Context, delta: _Delta) -> Changes:
    """Apply a step on its own (an undo or redo)."""

    def work(s: Session, again: bool) -> None:
        if again and _applied(s, delta):
            return
        _apply_in(ctx, s, delta)

    ctx.uow.write("the review of the suggestion", work)
    _done(ctx, delta)
    return Changes(spans=frozenset({delta.doc_id}), message="reviewed suggestions")


def _applied(s: Session, delta: _Delta) -> bool:
    """Whether a step is already in the database (its first attempt was committed before a lost connection)."""
    gone = all(repo.get_span(s, span.id) is None for span in delta.spans_out)
    return gone and all(repo.get_span(s, span.id) is not None for span, _ in delta.spans_in)


def _suggestions(s: Session, span_ids: Sequence[str], coder: str) -> tuple[int, list[Span]]:
    """The suggestions named, all of one article and visible to the coder; otherwise a clear refusal."""
    doc_id: int | None = None
    out: list[Span] = []
    for sid in span_ids:
        found = repo.get_span(s, sid)
        if found is None:
            raise ConflictError(GONE)
        doc, span = found
        if span.origin != Origin.SUGGESTED:
            raise ValidationError(
                f"that {span.label} annotation is not a suggestion; there is nothing to review"
            )
        if span.annotator is not None and span.annotator != coder:
            raise ValidationError(f"that suggestion is {span.annotator}'s to review, not {coder}'s")
        if doc_id is not None and doc != doc_id:
            raise ValidationError("suggestions are reviewed one article at a time")
        doc_id = doc
        out.append(span)
    assert doc_id is not None
    return doc_id, out


def _fits(schema: LabelSchema, label: str, head: str | None, tail: str | None) -> bool:
    """Whether a relation label fits the labels of its ends."""
    lab = schema.get(label)
    if lab is None or lab.kind != LabelKind.RELATION or head is None or tail is None:
        return False
    return (not lab.head or lab.head == head) and (not lab.tail or lab.tail == tail)


def _accept_plan(
    ctx: Context, s: Session, doc_id: int, suggestions: list[Span], coder: str, corrected: dict[str, Span]
) -> tuple[_Delta, tuple[Span, ...]]:
    """The step that accepts suggestions (some corrected) for a coder, and the spans they become."""
    pid = repo.document_project(s, doc_id)
    schema = repo.load_schema(s, pid)
    version = repo.codebook_version(s, pid)
    label_ids = repo.label_ids(s, pid)
    aid = ctx.annotator_id(s, coder, create=True)
    keys = repo.span_keys(s, doc_id)
    spans = {sp.id: sp for sp in repo.document_spans(s, doc_id, True)}
    targets: dict[str, Span] = {}
    made: list[tuple[Span, str | None]] = []
    rejected: list[Rejection] = []
    for sug in suggestions:
        new = corrected.get(sug.id, sug)
        label = schema.get(new.label)
        if label is None or label.kind != LabelKind.SPAN:
            raise ValidationError(f"unknown label {new.label!r} (known labels: {', '.join(schema.names())})")
        validate_span(new, ctx.text_length(s, doc_id), where=f"the corrected {new.label}")
        if (new.label, new.pieces()) != (sug.label, sug.pieces()):
            rejected.append((sug.label, sug.start, sug.end, sug.suggester, coder))
        key = (new.start, new.end, label_ids[new.label], aid, new.fragments)
        existing = spans.get(keys.get(key, ""))
        if existing is not None and existing.origin != Origin.SUGGESTED:
            targets[sug.id] = existing  # the coder has that very span already
            continue
        kept = sug.attributes if new.label == sug.label else {}
        attributes = check_attributes(
            label, {k: v for k, v in kept.items() if label.attribute(k)}, label.name
        )
        span = Span(new.start, new.end, new.label, new_id(), coder, sug.note, attributes, Origin.MANUAL, 1,
                    new.fragments, version)  # fmt: skip
        made.append((span, sug.id))
        targets[sug.id] = spans[span.id] = span
        keys[key] = span.id
    going = {sug.id for sug in suggestions}
    relations = repo.relations_for_documents(s, [doc_id])[doc_id]
    out = tuple(r for r in relations if r.head in going or r.tail in going)
    seen = {(r.head, r.tail, r.label) for r in relations if r.id not in {x.id for x in out}}
    come: list[Relation] = []
    for r in out:
        head = targets[r.head] if r.head in targets else spans.get(r.head)
        tail = targets[r.tail] if r.tail in targets else spans.get(r.tail)
        if head is None or tail is None or head.id == tail.id or (head.id, tail.id, r.label) in seen:
            continue
        if not _fits(schema, r.label, head.label, tail.label):
            continue
        seen.add((head.id, tail.id, r.label))
        pending = any(e.origin == Origin.SUGGESTED and e.id not in going for e in (head, tail))
        if pending:
            come.append(replace(r, head=head.id, tail=tail.id))
        else:
            come.append(Relation(head.id, tail.id, r.label, r.id, coder, 1, Origin.MANUAL, version))
    delta = _Delta(doc_id, tuple(suggestions), tuple(made), out, tuple(come), tuple(rejected))
    return delta, tuple(targets[sug.id] for sug in suggestions)


def _reject_plan(s: Session, doc_id: int, suggestions: list[Span], coder: str) -> _Delta:
    """The step that rejects suggestions for a coder: they and their relations go, the rejections stay."""
    going = {sug.id for sug in suggestions}
    relations = repo.relations_for_documents(s, [doc_id])[doc_id]
    out = tuple(r for r in relations if r.head in going or r.tail in going)
    rejected = tuple((sug.label, sug.start, sug.end, sug.suggester, coder) for sug in suggestions)
    return _Delta(doc_id, tuple(suggestions), (), out, (), rejected)


def _review(
    ctx: Context, span_ids: Sequence[str], coder: str, what: str, corrected: dict[str, Span] | None = None,
    document: int | None = None, labels: Collection[str] | None = None, accept: bool = True,
) -> OpResult[Reviewed]:  # fmt: skip
    """Run one review step (accept or reject the suggestions named, or all of a document's) and push its undo."""
    planned: list[tuple[_Delta, tuple[Span, ...]]] = []

    def work(s: Session, again: bool) -> tuple[_Delta, tuple[Span, ...]]:
        if again and planned and _applied(s, planned[0][0]):
            return planned[0]
        aid = ctx.annotator_id(s, coder, create=True)
        if document is not None:
            found = [sp for sp in store.pending(s, document, aid) if labels is None or sp.label in labels]
            if not found:
                return _Delta(document), ()
            doc_id, suggestions = document, found
        else:
            doc_id, suggestions = _suggestions(s, span_ids, coder)
        if accept:
            plan = _accept_plan(ctx, s, doc_id, suggestions, coder, corrected or {})
        else:
            plan = _reject_plan(s, doc_id, suggestions, coder), ()
        _apply_in(ctx, s, plan[0], coder if accept else None)
        planned[:] = [plan]
        return plan

    delta, accepted = ctx.uow.write(f"{what} the suggestion", work)
    if not delta.spans_out:
        return OpResult(Reviewed(delta.doc_id), Changes(message="no suggestions to review here"))
    _done(ctx, delta)
    n = len(delta.spans_out)
    text = f"{what} {delta.spans_out[0].label}" if n == 1 else f"{what} {n} suggestions"
    ctx.history.push(Step(text, undo=lambda: _replay(ctx, delta.inverse()), redo=lambda: _replay(ctx, delta)))
    reviewed = Reviewed(
        delta.doc_id,
        accepted,
        tuple(span for span, _source in delta.spans_in),
        tuple(span.id for span in delta.spans_out),
        delta.relations_in,
        tuple(r.id for r in delta.relations_out),
    )
    status = frozenset({delta.doc_id}) if accept else frozenset()
    message = PAST[what] + text[len(what) :]
    changes = Changes(spans=frozenset({delta.doc_id}), status=status, history=True, message=message)
    return OpResult(reviewed, changes)


def accept(ctx: Context, span_id: str, *, annotator: str) -> OpResult[Reviewed]:
    """Make a suggestion the coder's annotation."""
    return _review(ctx, [span_id], annotator, "accept")


def reject(ctx: Context, span_id: str, *, annotator: str) -> OpResult[Reviewed]:
    """Remove a suggestion and remember that the coder rejected it."""
    return _review(ctx, [span_id], annotator, "reject", accept=False)


def accept_all(
    ctx: Context, doc_id: int, *, annotator: str, labels: Collection[str] | None = None
) -> OpResult[Reviewed]:
    """Accept every suggestion the coder sees in an article (of some labels only, if given)."""
    return _review(ctx, [], annotator, "accept", document=doc_id, labels=labels)


def reject_all(
    ctx: Context, doc_id: int, *, annotator: str, labels: Collection[str] | None = None
) -> OpResult[Reviewed]:
    """Reject every suggestion the coder sees in an article (of some labels only, if given)."""
    return _review(ctx, [], annotator, "reject", document=doc_id, labels=labels, accept=False)


def correct(
    ctx: Context,
    span_id: str,
    *,
    annotator: str,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    fragments: tuple[tuple[int, int], ...] | None = None,
) -> OpResult[Reviewed]:
    """Accept a suggestion with other edges (`start`, `end`, or its pieces) or another label."""

    def corrected(s: Session) -> Span:
        found = repo.get_span(s, span_id)
        if found is None:
            raise ConflictError(GONE)
        return _corrected(found[1], label, start, end, fragments)

    new = ctx.uow.read(corrected)
    return _review(ctx, [span_id], annotator, "correct", corrected={span_id: new})


def _corrected(
    sug: Span,
    label: str | None,
    start: int | None,
    end: int | None,
    fragments: tuple[tuple[int, int], ...] | None,
) -> Span:
    """The suggestion with its corrections applied (the first piece's start and the last piece's end move)."""
    pieces = list(sorted(fragments) if fragments is not None else sug.pieces())
    if not pieces:
        raise ValidationError("a span needs at least one piece")
    if start is not None:
        pieces[0] = (start, pieces[0][1])
    if end is not None:
        pieces[-1] = (pieces[-1][0], end)
    hull_start, hull_end = pieces[0][0], pieces[-1][1]
    return replace(
        sug,
        label=label or sug.label,
        start=hull_start,
        end=hull_end,
        fragments=tuple(pieces) if len(pieces) > 1 else (),
    )
