"""Assignments: spreading articles over coders with a double-coded share, and each coder's progress on theirs."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.changes import Changes, OpResult
from annotator.core.types import DocStatus
from annotator.project.assign_plan import Candidate, Plan, PlanSpec, make_plan
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo
from annotator.storage.uow import Session


@dataclass(frozen=True)
class CoderProgress:
    """One coder's assignment and how far they are with it.

    Attributes:
        coder: the coder's name.
        assigned: articles assigned to them.
        done: of those, the ones they marked done.
        in_progress: of those, the ones they started.
        shared: of those, the ones also assigned to another coder (the reliability sample).
    """

    coder: str
    assigned: int
    done: int
    in_progress: int
    shared: int


def assign(
    ctx: Context, project: str | int, spec: PlanSpec, status: DocStatus | None = None
) -> OpResult[Plan]:
    """Assign the articles nobody has yet to the coders (one transaction; undo removes what it added)."""
    added: list[tuple[int, int]] = []

    def work(s: Session, _again: bool) -> tuple[Plan, int]:
        added.clear()
        pid = ctx.project_id(s, project)
        candidates = [Candidate(d, h) for d, h in repo.assignment_candidates(s, pid, status)]
        existing = repo.project_assignments(s, pid)
        plan = make_plan(candidates, existing, spec)
        if plan.assignments:
            ids = {c: ctx.annotator_id(s, c, create=True) for c in spec.coders}
            added.extend((d, ids[c] or 0) for d, coders in plan.assignments.items() for c in coders)
            repo.insert_assignments(s, added)
            ctx.touch(s, pid)
        return plan, pid

    # The plan is read and written in one transaction, so a retry deals only what is still unassigned.
    plan, pid = ctx.uow.write("the assignment", work)
    message = f"assigned {len(plan.assignments)} article(s), {plan.shared} to several coders"
    if not plan.assignments:
        return OpResult(plan, Changes(message=message))
    pairs = list(added)
    ctx.history.push(
        Step(
            "assign articles",
            undo=lambda: _write_pairs(ctx, pid, pairs, remove=True),
            redo=lambda: _write_pairs(ctx, pid, pairs, remove=False),
        )
    )
    return OpResult(plan, Changes(documents=frozenset({-1}), history=True, message=message))


def _write_pairs(ctx: Context, pid: int, pairs: list[tuple[int, int]], *, remove: bool) -> Changes:
    def work(s: Session, _again: bool) -> None:
        repo.delete_assignments(s, pairs)  # also makes a retried re-insert safe
        if not remove:
            repo.insert_assignments(s, pairs)
        ctx.touch(s, pid)

    ctx.uow.write("the assignment", work)
    return Changes(documents=frozenset({-1}), message="assignments changed")


def assignments(ctx: Context, project: str | int) -> list[CoderProgress]:
    """Per coder with an assignment: articles assigned, done, started and shared, by name."""
    rows = ctx.uow.read(lambda s: repo.assignment_counts(s, ctx.project_id(s, project)))
    return [CoderProgress(*row) for row in rows]


def assigned_progress(ctx: Context, project: str | int, annotator: str) -> tuple[int, int]:
    """(done, assigned) of one coder's assignment; (0, 0) for a coder without one."""

    def work(s: Session) -> tuple[int, int]:
        pid = ctx.project_id(s, project)
        aid = ctx.annotator_id(s, annotator)
        return (0, 0) if aid is None else repo.assigned_progress(s, pid, aid)

    return ctx.uow.read(work)
