"""Curation: every coder's annotations of an article side by side, and accepting them into gold, undoably.

Each accept is one transaction returning what changed. Gold is an annotator like any
other (`gold` by default): the curator's own edits and additions are ordinary operations
with `annotator="gold"`, and the article's curation status is gold's status for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.types import DocStatus, Document, Origin, Relation, Span, new_id
from annotator.project import annotate, values
from annotator.project.coded import CodedArticle, Coding, article, read_articles
from annotator.project.context import Context
from annotator.project.gold import Target, Written, apply, replay, write_settlement
from annotator.project.gold_settle import SpanKey, Strategy, canonical, settle, span_key
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.importer import relation_row, span_row
from annotator.storage.uow import Session

GONE = "the annotation no longer exists; it was deleted elsewhere"


@dataclass(frozen=True)
class Lanes:
    """An article as the curator sees it: each coder's lane and gold's, with what agrees marked.

    Attributes:
        document: the article.
        coders: the coders shown (everyone with annotations in it but gold, unless chosen).
        codings: coder -> their coding (spans, relations, values, status).
        gold: gold's coding so far (its status is the curation status).
    """

    document: Document
    coders: tuple[str, ...]
    codings: dict[str, Coding]
    gold: Coding

    def supporters(self, span: Span) -> tuple[str, ...]:
        """The coders who have this span (same label and pieces)."""
        key = span_key(span)
        return tuple(c for c in self.coders if any(span_key(x) == key for x in self.codings[c].decided()))

    def agreed(self, span: Span) -> bool:
        """Every coder has this span."""
        return len(self.supporters(span)) == len(self.coders)

    def in_gold(self, span: Span) -> bool:
        """Gold already has this span."""
        return any(span_key(x) == span_key(span) for x in self.gold.decided())

    def span_keys(self) -> dict[SpanKey, tuple[str, ...]]:
        """Every coder's span (label, pieces) -> the coders who have it, in text order."""
        keys: dict[SpanKey, list[str]] = {}
        for coder in self.coders:
            for span in self.codings[coder].decided():
                names = keys.setdefault(span_key(span), [])
                if coder not in names:
                    names.append(coder)
        return {k: tuple(v) for k, v in sorted(keys.items(), key=lambda kv: (kv[0][1], kv[0][0]))}

    def relation_supporters(self, relation: Relation) -> tuple[str, ...]:
        """The coders who have this relation (same label, between spans with the same labels and pieces)."""
        key = self._relation_key(relation)
        return tuple(
            c for c in self.coders if any(self._relation_key(r) == key for r in self.codings[c].relations)
        )

    def _relation_key(self, relation: Relation) -> tuple[str, SpanKey | None, SpanKey | None]:
        spans = {s.id: span_key(s) for c in (*self.codings.values(), self.gold) for s in c.spans}
        return relation.label, spans.get(relation.head), spans.get(relation.tail)

    def values_of(self, variable: str) -> dict[str, Any]:
        """Coder -> their value of a document variable (coders who coded it)."""
        found = {c: self.codings[c].value_of(variable) for c in self.coders}
        return {c: v for c, v in found.items() if v is not None}

    def value_agreed(self, variable: str) -> bool:
        """Every coder coded the variable, all with the same value."""
        found = self.values_of(variable)
        return len(found) == len(self.coders) and len({canonical(v) for v in found.values()}) == 1


def lanes(ctx: Context, doc_id: int, coders: Sequence[str] | None = None, gold: str = "gold") -> Lanes:
    """Each coder's and gold's annotations of an article, in one read."""
    found = article(ctx, doc_id)
    chosen = tuple(coders) if coders else _coders_of(found, gold)
    return Lanes(found.document, chosen, {c: found.coding(c) for c in chosen}, found.coding(gold))


def _coders_of(found: CodedArticle, gold: str) -> tuple[str, ...]:
    """Everyone with a span, relation or value in the article, but gold and unattributed imports."""
    return tuple(
        sorted(
            c
            for c, coding in found.codings.items()
            if c is not None and c != gold and (coding.decided() or coding.relations or coding.values)
        )
    )


def _gold_id(ctx: Context, s: Session, gold: str) -> int:
    aid = ctx.annotator_id(s, gold, create=True)
    assert aid is not None
    return aid


def _copy(span: Span, gold: str, version: int) -> Span:
    """A coder's span as a new gold span (no note: the note was the coder's)."""
    return replace(
        span, id=new_id(), annotator=gold, note=None, origin=Origin.MANUAL, version=1, codebook_version=version,
        suggester=None, score=None,
    )  # fmt: skip


def accept_span(ctx: Context, span_id: str, gold: str = "gold") -> OpResult[Span]:
    """Copy one coder's span (with its attributes) into gold; refused when gold already has it."""

    def work(s: Session, _again: bool) -> tuple[int, int, Span, Written]:
        found = repo.get_span(s, span_id)
        if found is None:
            raise ConflictError(GONE)
        doc_id, span = found
        if span.annotator == gold:
            raise ValidationError(f"that span is already {gold}'s")
        pid = repo.document_project(s, doc_id)
        gold_id = _gold_id(ctx, s, gold)
        ids = repo.label_ids(s, pid)
        copy = _copy(span, gold, repo.codebook_version(s, pid))
        if repo.span_exists(s, doc_id, copy.start, copy.end, ids[copy.label], gold_id, copy.fragments):
            raise ValidationError(f"{gold} already has that {copy.label} span; nothing was added")
        written = Written(spans=[span_row(copy, doc_id, ids, gold_id)])
        repo.insert_spans(s, written.spans)
        _started(s, doc_id, gold_id, gold, written)
        ctx.touch(s, pid)
        return pid, gold_id, copy, written

    pid, gold_id, copy, written = ctx.uow.write("the accepted span", work)
    ctx.versions[copy.id] = 1
    _push(ctx, pid, gold_id, written, f"accept {copy.label} into {gold}")
    return OpResult(copy, _changes(written, f"accepted {copy.label} into {gold}"))


def _started(s: Session, doc_id: int, gold_id: int, gold: str, written: Written) -> None:
    """Move gold's status for the article from "to do" to "in progress", recorded in `written` for the undo."""
    if repo.get_status(s, doc_id, gold_id) == DocStatus.TODO:
        had_row = gold in repo.statuses_by_annotator(s, [doc_id])[doc_id]
        written.statuses.append((doc_id, DocStatus.TODO if had_row else None, DocStatus.IN_PROGRESS))
        repo.set_status(s, doc_id, gold_id, DocStatus.IN_PROGRESS)


def _push(ctx: Context, pid: int, gold_id: int, written: Written, text: str) -> None:
    ctx.history.push(
        Step(
            text,
            undo=lambda: replay(ctx, pid, gold_id, written, undo=True),
            redo=lambda: replay(ctx, pid, gold_id, written, undo=False),
        )
    )


def _changes(written: Written, message: str) -> Changes:
    docs = written.documents
    return Changes(spans=docs, values=docs, status=docs, history=True, message=message)


def accept_relation(ctx: Context, relation_id: str, gold: str = "gold") -> OpResult[Relation]:
    """Copy one coder's relation into gold, with the spans it links where gold lacks them."""

    def work(s: Session, _again: bool) -> tuple[int, int, Relation, Written]:
        doc_id = repo.relation_document(s, relation_id)
        if doc_id is None:
            raise ConflictError("the relation no longer exists; it was deleted elsewhere")
        relation = next(r for r in repo.relations_for_documents(s, [doc_id])[doc_id] if r.id == relation_id)
        if relation.annotator == gold:
            raise ValidationError(f"that relation is already {gold}'s")
        pid = repo.document_project(s, doc_id)
        gold_id = _gold_id(ctx, s, gold)
        ids = repo.label_ids(s, pid)
        version = repo.codebook_version(s, pid)
        mine = {span_key(x): x.id for x in repo.document_spans(s, doc_id, True) if x.annotator == gold}
        written = Written()
        ends = []
        for end_id in (relation.head, relation.tail):
            found = repo.get_span(s, end_id)
            if found is None:
                raise ConflictError(GONE)
            key = span_key(found[1])
            if key not in mine:
                twin = _copy(found[1], gold, version)
                written.spans.append(span_row(twin, doc_id, ids, gold_id))
                mine[key] = twin.id
            ends.append(mine[key])
        if (ends[0], ends[1], ids[relation.label], gold_id) in repo.relation_keys(s, doc_id):
            raise ValidationError(f"{gold} already has that {relation.label} relation; nothing was added")
        copy = Relation(ends[0], ends[1], relation.label, new_id(), gold, 1, Origin.MANUAL, version)
        written.relations.append(relation_row(copy, doc_id, ids, gold_id))
        repo.insert_spans(s, written.spans)
        repo.insert_relations(s, written.relations)
        _started(s, doc_id, gold_id, gold, written)
        ctx.touch(s, pid)
        return pid, gold_id, copy, written

    pid, gold_id, copy, written = ctx.uow.write("the accepted relation", work)
    for row in written.spans:
        ctx.versions[row["id"]] = 1
    _push(ctx, pid, gold_id, written, f"accept {copy.label} into {gold}")
    return OpResult(copy, _changes(written, f"accepted {copy.label} into {gold}"))


def accept_value(ctx: Context, doc_id: int, variable: str, coder: str, gold: str = "gold") -> Changes:
    """Make one coder's value of a document variable gold's, in one transaction (undo restores gold's own)."""

    def work(s: Session, _again: bool) -> tuple[Any, Any]:
        aid = ctx.annotator_id(s, coder)
        pid = repo.document_project(s, doc_id)
        label_id = repo.label_ids(s, pid).get(variable)
        found = None if aid is None or label_id is None else repo.get_value(s, doc_id, aid, label_id)
        if found is None or label_id is None:
            raise ValidationError(f"{coder} has not coded {variable} for document {doc_id}")
        gold_id = _gold_id(ctx, s, gold)
        had = repo.get_value(s, doc_id, gold_id, label_id)
        repo.set_value(s, doc_id, gold_id, label_id, found[0], repo.codebook_version(s, pid))
        if repo.get_status(s, doc_id, gold_id) == DocStatus.TODO:
            repo.set_status(s, doc_id, gold_id, DocStatus.IN_PROGRESS)
        ctx.touch(s, pid)
        return found[0], None if had is None else had[0]

    value, old = ctx.uow.write(f"the value of {variable}", work)
    ctx.history.push(
        Step(
            f"accept {coder}'s {variable}",
            undo=lambda: values.write_value(ctx, doc_id, variable, old, gold)[1],
            redo=lambda: values.write_value(ctx, doc_id, variable, value, gold)[1],
        )
    )
    done = frozenset({doc_id})
    return Changes(
        values=done, status=done, history=True, message=f"{variable}: {coder}'s value accepted into {gold}"
    )


def accept_agreeing(
    ctx: Context, doc_id: int, gold: str = "gold", coders: Sequence[str] | None = None
) -> OpResult[int]:
    """Accept into gold everything all the coders agree on in an article; the value is how many annotations."""

    def work(s: Session, _again: bool) -> tuple[int, int, Written]:
        found = article_in(s, doc_id)
        chosen = tuple(coders) if coders else _coders_of(found, gold)
        if len(chosen) < 2:
            raise ValidationError(f"document {doc_id} has fewer than two coders to agree")
        pid = repo.document_project(s, doc_id)
        gold_id = _gold_id(ctx, s, gold)
        target = Target.of(s, pid, gold_id, gold)
        settled = settle(found, chosen, Strategy("unanimous"), gold, target.version)
        written = Written()
        write_settlement(target, found, settled, written, mark_done=False)
        apply(s, gold_id, written)
        if not written.empty:
            ctx.touch(s, pid)
        return pid, gold_id, written

    pid, gold_id, written = ctx.uow.write("the accepted annotations", work)
    count = len(written.spans) + len(written.relations) + len(written.values)
    if written.empty:
        return OpResult(0, Changes(message="nothing new that all coders agree on"))
    _push(ctx, pid, gold_id, written, "accept what all coders agree on")
    return OpResult(count, _changes(written, f"accepted {count} annotation(s) all coders agree on"))


def article_in(s: Session, doc_id: int) -> CodedArticle:
    """One article with everyone's codings, in the caller's transaction."""
    found = read_articles(s, [doc_id])
    if not found:
        raise ConflictError(f"document {doc_id} does not exist (it may have been deleted)")
    return found[0]


def set_curation_status(ctx: Context, doc_id: int, status: DocStatus, gold: str = "gold") -> Changes:
    """Set an article's curation status (gold's status; done is refused while a required variable is missing)."""
    return annotate.set_status(ctx, doc_id, status, annotator=gold)
