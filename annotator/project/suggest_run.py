"""Running a suggester over a project: documents streamed in batches, suggestions stored with origin suggested.

A suggestion is a span with origin `suggested`, the suggester's name and version and its
score; it is unattributed (every coder sees it) unless the run is for one coder. It is
not stored when the same span (label and pieces) is already there (annotated by a coder,
imported, or suggested before) or when a coder rejected it (same label and offsets; for a
run for one coder, when that coder did). Each batch of documents is one transaction, so a
cancelled run keeps the batches it finished; `replace` first removes, batch by batch, the
pending suggestions of the same suggester, of the labels it stores, in the documents it covers.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from annotator.core.changes import Changes
from annotator.core.errors import ValidationError
from annotator.core.roles import SUGGESTER_ROLES, suggester_labels, suggester_relations
from annotator.core.types import DocStatus, LabelSchema, Origin
from annotator.project import progress as step
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage import repo
from annotator.storage.models import utcnow
from annotator.storage.repo import suggestions as store
from annotator.storage.uow import Session
from annotator.suggest.base import Proposal, RulesSuggester, Suggester
from annotator.suggest.worker import Worker

BATCH = 1000


@dataclass(frozen=True)
class SuggestOptions:
    """Which documents a run covers and which suggestions it keeps.

    Attributes:
        status: only documents in this status (the coder's with `annotator`, else anyone's furthest).
        labels: only these labels (empty: every label the suggester proposes).
        min_score: leave out suggestions scored below this (those without a score are kept).
        replace: first remove the suggester's earlier pending suggestions (of the labels the run
            stores) in these documents.
        annotator: suggestions for this coder alone (None: for every coder).
    """

    status: DocStatus | None = None
    labels: tuple[str, ...] = ()
    min_score: float | None = None
    replace: bool = False
    annotator: str | None = None


@dataclass
class SuggestReport:
    """What a run stored: suggestions per label, relations, and what it left out and why."""

    suggester: str
    documents: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    existing: int = 0
    rejected: int = 0
    below_score: int = 0
    replaced: int = 0
    changes: Changes = field(default_factory=Changes)

    @property
    def stored(self) -> int:
        """How many suggestions were stored."""
        return sum(self.by_label.values())

    def lines(self) -> list[str]:
        """The report as printed: one line per label, then what was left out."""
        out = [f"{label}\t{n}" for label, n in sorted(self.by_label.items())]
        out.append(
            f"{self.stored} suggestion(s) and {self.relations} relation(s) by {self.suggester} "
            f"in {self.documents} document(s)"
        )
        if self.replaced:
            out.append(f"{self.replaced} earlier pending suggestion(s) of {self.suggester} replaced")
        if self.existing:
            out.append(f"{self.existing} left out: already there (annotated the same, or suggested before)")
        if self.rejected:
            out.append(f"{self.rejected} left out: rejected by a coder before")
        if self.below_score:
            out.append(f"{self.below_score} left out: scored below --min-score")
        return out


def check_labels(schema: LabelSchema, suggester: Suggester, options: SuggestOptions) -> frozenset[str]:
    """The labels the run stores; unknown ones are refused with the project's labels."""
    known = set(schema.names())
    asked = [lab for lab in options.labels if lab not in known]
    if asked:
        raise ValidationError(
            f"unknown label(s) {', '.join(asked)} (known labels: {', '.join(schema.names())})"
        )
    wanted = [lab for lab in suggester.labels if not options.labels or lab in options.labels]
    missing = [lab for lab in wanted if lab not in known]
    if missing:
        raise ValidationError(
            f"{suggester.name} suggests label(s) the project does not have: {', '.join(missing)} "
            f"(project labels: {', '.join(schema.names())}; add them to the codebook or pass --labels)"
        )
    if not wanted:
        raise ValidationError(f"{suggester.name} suggests none of the labels asked for")
    return frozenset(wanted)


def run(
    ctx: Context,
    project: str | int,
    suggester: Suggester,
    options: SuggestOptions = SuggestOptions(),
    progress: Progress | None = None,
) -> SuggestReport:
    """Run a suggester over a project's documents and store what it proposes (see the module)."""

    def prepare(s: Session) -> tuple[int, frozenset[str], list[int]]:
        pid = ctx.project_id(s, project)
        wanted = check_labels(repo.load_schema(s, pid), suggester, options)
        aid = ctx.annotator_id(s, options.annotator)
        owner = -1 if options.annotator is not None and aid is None else aid
        return pid, wanted, store.document_ids(s, pid, options.status, owner)

    pid, wanted, doc_ids = ctx.uow.read(prepare)
    report = SuggestReport(suggester.name)
    touched: set[int] = set()
    step.report(progress, 0, len(doc_ids))

    def save(order: list[int], lengths: list[int], proposals: list[Proposal]) -> None:
        batch = ctx.uow.write(
            "the suggestions",
            lambda s, _again: _store(ctx, s, pid, order, proposals, lengths, wanted, suggester, options),
        )
        touched.update(batch.touched)
        report.by_label.update(batch.counts)
        report.relations += batch.relations
        report.existing += batch.left["existing"]
        report.rejected += batch.left["rejected"]
        report.below_score += batch.left["score"]
        report.replaced += batch.replaced
        report.documents += len(order)
        kept = f"the suggestions of {report.documents} document(s) are kept"
        step.report(progress, report.documents, len(doc_ids), kept)

    worker = _worker(suggester, len(doc_ids))
    try:
        # While one batch is written, the worker process suggests the next one.
        waiting: tuple[list[int], list[str], bool] | None = None
        for at in range(0, len(doc_ids), BATCH):
            chunk = doc_ids[at : at + BATCH]
            found = ctx.uow.read(lambda s, chunk=chunk: store.texts(s, chunk))  # type: ignore[misc]
            order = [d for d in chunk if d in found]
            texts = [found[d] for d in order]
            ready = (
                None if waiting is None else (waiting[0], waiting[1], _collect(worker, suggester, waiting))
            )
            waiting = order, texts, worker is not None and worker.send(suggester, texts)
            if ready is not None:
                save(ready[0], [len(x) for x in ready[1]], ready[2])
        if waiting is not None:
            save(waiting[0], [len(x) for x in waiting[1]], _collect(worker, suggester, waiting))
    finally:
        if worker is not None:
            worker.close()
    report.changes = Changes(
        spans=frozenset(touched), message=f"{report.stored} suggestion(s) by {suggester.name}"
    )
    return report


def _worker(suggester: Suggester, documents: int) -> Worker | None:
    """A second process for a pure-Python suggester over more than one batch, when there is a core to spare."""
    if not getattr(suggester, "parallel", False) or documents <= BATCH or (os.cpu_count() or 1) < 2:
        return None
    try:
        return Worker()
    except OSError:  # no processes allowed here: suggest in this one
        return None


def _collect(
    worker: Worker | None, suggester: Suggester, waiting: tuple[list[int], list[str], bool]
) -> list[Proposal]:
    """The proposals of a batch: from the worker it was sent to, or made here."""
    _order, texts, sent = waiting
    found = worker.receive() if sent and worker is not None else None
    return found if found is not None else suggester.suggest(texts)


@dataclass
class _Batch:
    """What one batch stored and left out."""

    touched: set[int] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    replaced: int = 0


def _store(
    ctx: Context,
    s: Session,
    pid: int,
    order: list[int],
    proposals: list[Proposal],
    lengths: list[int],
    wanted: frozenset[str],
    suggester: Suggester,
    options: SuggestOptions,
) -> _Batch:
    """Store one batch's proposals in the caller's transaction."""
    aid = ctx.annotator_id(s, options.annotator, create=True)
    label_ids = repo.label_ids(s, pid)
    version = repo.codebook_version(s, pid)
    out = _Batch()
    if options.replace:
        out.replaced = store.delete_pending(s, order, suggester.family, aid, [label_ids[x] for x in wanted])
        if out.replaced:
            out.touched.update(order)
    shapes = store.span_shapes(s, order)
    rejections = store.rejected(s, order)
    now = utcnow()
    empty: dict[str, object] = {}  # one object for every row: converted once
    spans: list[tuple[object, ...]] = []
    relations: list[tuple[object, ...]] = []
    new_ids = store.suggestion_ids()
    origin, name, min_score = Origin.SUGGESTED.value, suggester.name, options.min_score
    for doc, proposal, length in zip(order, proposals, lengths, strict=True):
        ids: list[str | None] = [None] * len(proposal.spans)
        fresh: set[int] = set()
        for i, p in enumerate(proposal.spans):
            start, end = p.fragments[0][0], p.fragments[-1][1]
            if p.label not in wanted or not (0 <= start < end <= length):
                continue
            if min_score is not None and p.score is not None and p.score < min_score:
                out.left["score"] += 1
                continue
            lid = label_ids[p.label]
            frags = p.fragments if len(p.fragments) > 1 else ()
            key = (doc, lid, start, end, frags)
            holders = shapes.get(key)
            if holders and (aid is None or any(h[0] in (None, aid) for h in holders)):
                ids[i] = next((h[2] for h in holders if h[1] and (aid is None or h[0] in (None, aid))), None)
                out.left["existing"] += 1
                continue
            who = rejections.get((doc, lid, start, end))
            if who and (aid is None or aid in who):
                out.left["rejected"] += 1
                continue
            sid = next(new_ids)
            ids[i] = sid
            fresh.add(i)
            shapes.setdefault(key, []).append((aid, True, sid))
            spans.append((
                sid, doc, aid, lid, start, end, None, empty, origin, 1, now, now,
                [list(f) for f in frags] or None, version, name, p.score, None,
            ))  # fmt: skip
            out.counts[p.label] += 1
        for r in proposal.relations:
            head, tail = ids[r.head], ids[r.tail]
            # A relation between two suggestions stored before was stored with them.
            if head and tail and (r.head in fresh or r.tail in fresh) and r.label in label_ids:
                relations.append(
                    (next(new_ids), doc, head, tail, label_ids[r.label], aid, 1, origin, version)
                )
        if fresh:
            out.touched.add(doc)
    store.insert_rows(s, spans, relations)
    ctx.touch(s, pid)
    out.relations = len(relations)
    return out


def builtin(ctx: Context, project: str | int, labels: tuple[str, ...] = ()) -> RulesSuggester:
    """The built-in rules under the project's labels (by their roles); refused when no label has a role they fill."""
    schema = ctx.uow.read(lambda s: repo.load_schema(s, ctx.project_id(s, project)))
    mapped = suggester_labels(schema)
    if not mapped:
        roles = ", ".join(sorted({r.value for r in SUGGESTER_ROLES.values()}))
        raise ValidationError(
            f"no label of the codebook plays a role the rules fill ({roles}); give labels a role "
            "(`role` in the codebook JSON) to suggest with the rules"
        )
    return RulesSuggester(mapped, suggester_relations(schema), labels or None)


def clear(
    ctx: Context, project: str | int, family: str | None = None, annotator: str | None = None
) -> Changes:
    """Remove pending suggestions (of one suggester, or all) for every coder, or one coder's; not undoable."""

    def work(s: Session, _again: bool) -> tuple[int, set[int]]:
        pid = ctx.project_id(s, project)
        aid = ctx.annotator_id(s, annotator)
        if annotator is not None and aid is None:
            return 0, set()
        ids = store.document_ids(s, pid, None, None)
        removed = 0
        touched: set[int] = set()
        for at in range(0, len(ids), BATCH):
            chunk = ids[at : at + BATCH]
            n = store.delete_pending(s, chunk, family, aid)
            if n:
                removed += n
                touched.update(chunk)
        ctx.touch(s, pid)
        return removed, touched

    removed, touched = ctx.uow.write("the removal of the suggestions", work)
    return Changes(spans=frozenset(touched), message=f"removed {removed} pending suggestion(s)")
