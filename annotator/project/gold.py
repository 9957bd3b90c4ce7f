"""Gold built automatically: what a strategy settles is stored under the gold annotator, the rest left for curation.

One transaction for the whole project, undoable as one step. Gold never loses anything it
has: a span, relation or value gold already holds is kept as it is. An article where
nothing is left to settle (and every required variable is coded) is marked done for gold,
which is its curation status; one that received something but still needs a curator is
"in progress".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from annotator.core.changes import Changes
from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus
from annotator.core.validation import check_annotator_name
from annotator.project.coded import BATCH, CodedArticle, read_articles
from annotator.project.context import Context
from annotator.project.gold_settle import Settlement, Strategy, settle
from annotator.project.history import Step
from annotator.project.progress import Progress
from annotator.project.progress import report as tell
from annotator.storage import repo
from annotator.storage.importer import relation_row, span_row
from annotator.storage.uow import Session


@dataclass
class GoldReport:
    """What building gold did.

    Attributes:
        strategy: the strategy, as given.
        gold: the gold annotator.
        documents: articles coded by enough coders to be settled.
        settled: annotations added to gold (spans, attributes, relations, values).
        remaining: annotations left for curation.
        already: annotations gold already had (kept as they were).
        curated: articles with nothing left, marked done for gold by this run.
        spans, relations, values, attributes: the settled annotations by kind.
        changes: what changed, for the views.
    """

    strategy: str
    gold: str
    documents: int = 0
    settled: int = 0
    remaining: int = 0
    already: int = 0
    curated: int = 0
    spans: int = 0
    relations: int = 0
    values: int = 0
    attributes: int = 0
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        """One line for the terminal or status bar."""
        return (
            f"{self.settled} annotation(s) settled as {self.gold} ({self.spans} span(s), {self.attributes} "
            f"attribute(s), {self.relations} relation(s), {self.values} value(s)) in {self.documents} "
            f"article(s); {self.remaining} left for curation; {self.curated} article(s) complete"
        )


@dataclass
class Written:
    """The rows one gold write added, to undo and redo it."""

    spans: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[tuple[int, DocStatus | None, DocStatus]] = field(default_factory=list)

    @property
    def documents(self) -> frozenset[int]:
        """The articles touched."""
        rows = [*self.spans, *self.relations, *self.values]
        return frozenset({r["document_id"] for r in rows} | {d for d, _o, _n in self.statuses})

    @property
    def empty(self) -> bool:
        """Nothing written."""
        return not (self.spans or self.relations or self.values or self.statuses)


@dataclass(frozen=True)
class Target:
    """Where gold goes: the project, the gold annotator, and what its rows need."""

    pid: int
    gold_id: int
    gold: str
    label_ids: dict[str, int]
    version: int
    required: tuple[str, ...]

    @classmethod
    def of(cls, s: Session, pid: int, gold_id: int, gold: str) -> Target:
        """Read what gold rows of a project need."""
        required = tuple(lab.name for lab in repo.load_schema(s, pid).document_labels() if lab.required)
        return cls(pid, gold_id, gold, repo.label_ids(s, pid), repo.codebook_version(s, pid), required)


def write_settlement(
    target: Target, article: CodedArticle, found: Settlement, written: Written, *, mark_done: bool = True
) -> bool:
    """Queue one article's settled annotations and its gold status; True when this makes it complete.

    Without `mark_done` a complete article is left for the curator to mark done.
    """
    doc_id = article.document.id
    assert doc_id is not None
    ids, gold_id = target.label_ids, target.gold_id
    now = datetime.now(UTC)
    written.spans += [span_row(x, doc_id, ids, gold_id, now) for x in found.spans]
    written.relations += [relation_row(r, doc_id, ids, gold_id) for r in found.relations]
    written.values += [
        {
            "document_id": doc_id, "annotator_id": gold_id, "label_id": ids[name], "value": value,
            "codebook_version": target.version, "version": 1, "created_at": now, "updated_at": now,
        }
        for name, value in found.values.items()
    ]  # fmt: skip
    gold = article.coding(target.gold)
    coded = {v.label for v in gold.values} | set(found.values)
    complete = mark_done and found.remaining == 0 and all(name in coded for name in target.required)
    old = gold.status
    new = DocStatus.DONE if complete else old
    if not complete and found.settled and old == DocStatus.TODO:
        new = DocStatus.IN_PROGRESS
    if new != old:
        had_row = target.gold in article.codings
        written.statuses.append((doc_id, old if had_row else None, new))
    return complete and new != old


def apply(s: Session, gold_id: int, written: Written) -> None:
    """Insert the queued rows and set the statuses, in the caller's transaction."""
    repo.insert_spans(s, written.spans)
    repo.insert_relations(s, written.relations)
    repo.insert_values(s, written.values)
    for doc_id, _old, new in written.statuses:
        repo.set_status(s, doc_id, gold_id, new)


def revert(s: Session, gold_id: int, written: Written) -> None:
    """Remove what `apply` added and put the statuses back, in the caller's transaction."""
    repo.delete_relations(s, [r["id"] for r in written.relations])
    for row in written.spans:
        repo.delete_span(s, row["id"])
    for row in written.values:
        repo.delete_value(s, row["document_id"], gold_id, row["label_id"])
    for doc_id, old, _new in written.statuses:
        if old is None:
            repo.delete_status(s, doc_id, gold_id)
        else:
            repo.set_status(s, doc_id, gold_id, old)


def replay(ctx: Context, pid: int, gold_id: int, written: Written, *, undo: bool) -> Changes:
    """Undo (or redo) a gold write in one transaction."""

    def work(s: Session, _again: bool) -> None:
        revert(s, gold_id, written)  # first, so a retried redo cannot insert twice
        if not undo:
            apply(s, gold_id, written)
        ctx.touch(s, pid)

    ctx.uow.write("the gold annotations", work)
    docs = written.documents
    return Changes(spans=docs, values=docs, status=docs, message="gold changed")


def build_gold(
    ctx: Context,
    project: str | int,
    strategy: Strategy,
    *,
    min_coders: int = 2,
    gold: str = "gold",
    coders: Sequence[str] | None = None,
    coded: str = "done",
    progress: Progress | None = None,
) -> GoldReport:
    """Settle gold where the strategy can, for every article coded by at least `min_coders` coders."""
    check_annotator_name(gold, "--gold-annotator")
    if min_coders < 1:
        raise ValidationError(f"--min-coders must be 1 or more, not {min_coders}")
    report = GoldReport(str(strategy), gold)
    written = Written()

    def work(s: Session, _again: bool) -> int:
        nonlocal report, written
        report, written = GoldReport(str(strategy), gold), Written()
        pid = ctx.project_id(s, project)
        members = _members(s, pid, strategy, min_coders, gold, coders, coded)
        report.documents = len(members)
        if not members:
            raise _Unchanged
        gold_id = ctx.annotator_id(s, gold, create=True)
        assert gold_id is not None
        target = Target.of(s, pid, gold_id, gold)
        docs = list(members)
        for start in range(0, len(docs), BATCH):
            for article in read_articles(s, docs[start : start + BATCH]):
                assert article.document.id is not None
                found = settle(article, members[article.document.id], strategy, gold, target.version)
                report.curated += write_settlement(target, article, found, written)
                _count(report, found)
            tell(progress, min(start + BATCH, len(docs)), len(docs), "no gold annotation was kept")
        if written.empty:
            raise _Unchanged  # rolls back the gold annotator's row, if this run made it
        apply(s, gold_id, written)
        ctx.touch(s, pid)
        return pid

    try:
        pid = ctx.uow.write("the gold annotations", work)
    except _Unchanged:
        report.changes = Changes(message=report.summary())
        return report
    gold_id = ctx.uow.read(lambda s: ctx.annotator_id(s, gold))
    assert gold_id is not None
    done = written
    ctx.history.push(
        Step(
            f"build gold ({strategy})",
            undo=lambda: replay(ctx, pid, gold_id, done, undo=True),
            redo=lambda: replay(ctx, pid, gold_id, done, undo=False),
        )
    )
    docs = written.documents
    report.changes = Changes(spans=docs, values=docs, status=docs, history=True, message=report.summary())
    return report


class _Unchanged(Exception):
    """Nothing to write: leaves the transaction without committing it."""


def _count(report: GoldReport, found: Settlement) -> None:
    report.settled += found.settled
    report.remaining += found.remaining
    report.already += found.already
    report.spans += len(found.spans)
    report.relations += len(found.relations)
    report.values += len(found.values)
    report.attributes += found.attributes


def _members(
    s: Session,
    pid: int,
    strategy: Strategy,
    min_coders: int,
    gold: str,
    coders: Sequence[str] | None,
    coded: str,
) -> dict[int, tuple[str, ...]]:
    """Article id -> the compared coders who coded it, for the articles the strategy can settle."""
    found = repo.coded_documents(s, pid, annotated=coded == "annotated")
    everyone = sorted({n for names in found.values() for n in names.values()} - {gold})
    chosen = list(coders) if coders else everyone
    if strategy.kind == "coder":
        if strategy.coder == gold:
            raise ValidationError(f"coder:{gold} names the gold annotator itself")
        if strategy.coder not in everyone:
            raise ValidationError(
                f"{strategy.coder} has not coded any article of the project (coders: {', '.join(everyone) or 'none'})"
            )
        if strategy.coder not in chosen:
            chosen.append(strategy.coder or "")
    out: dict[int, tuple[str, ...]] = {}
    for doc, names in found.items():
        mine = tuple(c for c in chosen if c in names.values())
        if len(mine) >= min_coders and (strategy.kind != "coder" or strategy.coder in mine):
            out[doc] = mine
    return out
