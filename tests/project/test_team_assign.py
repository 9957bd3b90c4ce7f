"""Assignments: plans deterministic whatever the database order, stable on re-run, the overlap share, progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import combinations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus
from annotator.project import ListFilter, Workspace
from annotator.project.assign_plan import Candidate, make_plan, plan_spec
from tests.project.team_data import CODEBOOK, Coded, add_articles, code, text

CODERS = ("alice", "bob", "carol")


def _candidates(n: int) -> list[Candidate]:
    return [Candidate(i, f"hash-{i}") for i in range(n)]


def test_the_same_seed_deals_the_same_plan_whatever_the_order() -> None:
    spec = plan_spec(CODERS, overlap=0.2, seed=7)
    forward = make_plan(_candidates(100), {}, spec).assignments
    backward = make_plan(list(reversed(_candidates(100))), {}, spec).assignments
    assert forward == backward
    other = make_plan(_candidates(100), {}, plan_spec(CODERS, overlap=0.2, seed=8)).assignments
    assert other != forward


def test_the_overlap_share_goes_to_several_coders_and_the_work_stays_even() -> None:
    plan = make_plan(_candidates(100), {}, plan_spec(CODERS, overlap=0.2, seed=1))
    sizes = Counter(len(c) for c in plan.assignments.values())
    assert sizes == {1: 80, 2: 20} and plan.shared == 20
    loads = Counter(c for coders in plan.assignments.values() for c in coders)
    assert sum(loads.values()) == 120 and max(loads.values()) - min(loads.values()) <= 1
    pairs = Counter(pair for coders in plan.assignments.values() if len(coders) == 2 for pair in [coders])
    assert set(pairs) == set(combinations(CODERS, 2))  # every pair of coders shares articles
    assert max(pairs.values()) - min(pairs.values()) <= 1


def test_per_doc_alone_gives_every_article_to_that_many_coders() -> None:
    plan = make_plan(_candidates(30), {}, plan_spec(CODERS, per_doc=3))
    assert all(c == CODERS for c in plan.assignments.values())
    plan = make_plan(_candidates(30), {}, plan_spec(CODERS, overlap=0.5, per_doc=3))
    assert Counter(len(c) for c in plan.assignments.values()) == {3: 15, 1: 15}


def test_no_overlap_and_the_requests_refused() -> None:
    plan = make_plan(_candidates(9), {}, plan_spec(CODERS, overlap=0))
    assert Counter(len(c) for c in plan.assignments.values()) == {1: 9}
    assert make_plan(_candidates(4), {}, plan_spec(["solo"])).shared == 0
    for bad in (
        lambda: plan_spec([]),
        lambda: plan_spec(["a", "a"]),
        lambda: plan_spec(CODERS, overlap=1.5),
        lambda: plan_spec(CODERS, per_doc=4),
        lambda: plan_spec(["solo"], overlap=0.5),
    ):
        with pytest.raises(ValidationError):
            bad()


def test_a_rerun_deals_only_new_articles_and_keeps_the_share() -> None:
    spec = plan_spec(CODERS, overlap=0.2, seed=3)
    first = make_plan(_candidates(50), {}, spec)
    existing = {d: set(c) for d, c in first.assignments.items()}
    again = make_plan(_candidates(50), existing, spec)
    assert again.assignments == {} and again.kept == 50
    more = make_plan(_candidates(100), existing, spec)
    assert set(more.assignments) == set(range(50, 100))
    shared = sum(len(c) > 1 for c in [*first.assignments.values(), *more.assignments.values()])
    assert shared == 20
    dave = make_plan(
        _candidates(130), {**existing, **more.assignments}, plan_spec((*CODERS, "dave"), 0.2, seed=3)
    )
    assert Counter(c for cs in dave.assignments.values() for c in cs)["dave"] > 20  # the new coder catches up


@pytest.fixture
def team(db_url: str) -> Iterator[Workspace]:
    with Workspace.open(db_url) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 20)
        yield ws


def test_assign_stores_the_plan_once_and_undo_removes_it(team: Workspace) -> None:
    ws = team
    result = ws.team.assign("P", list(CODERS), overlap=0.25, seed=5)
    assert len(result.value.assignments) == 20 and result.value.shared == 5
    assert result.changes.documents == {-1} and result.changes.history
    rows = {r.coder: r for r in ws.team.assignments("P")}
    assert sum(r.assigned for r in rows.values()) == 25
    assert sum(r.shared for r in rows.values()) == 10
    assert ws.team.assign("P", list(CODERS), overlap=0.25, seed=5).value.assignments == {}
    add_articles(ws, "P", 4, first=20)
    added = ws.team.assign("P", list(CODERS), overlap=0.25, seed=5).value
    assert len(added.assignments) == 4 and added.kept == 20
    assert sum(r.assigned for r in ws.team.assignments("P")) == 30  # 24 articles, 6 of them shared
    ws.undo()
    assert sum(r.assigned for r in ws.team.assignments("P")) == 25
    ws.redo()
    assert sum(r.assigned for r in ws.team.assignments("P")) == 30


def test_the_plan_depends_on_the_texts_not_the_database_order(db_url: str, sqlite_url: str) -> None:
    def plan(url: str, order: list[int]) -> dict[str, tuple[str, ...]]:
        with Workspace.open(url) as ws:
            ws.create_project("P", CODEBOOK)
            for i in order:
                add_articles(ws, "P", 1, first=i)
            ws.team.assign("P", list(CODERS), overlap=0.3, seed=11)
            return {
                ws.document(d.id).text: tuple(sorted(_coders_of(ws, d.id)))
                for d in ws.list_documents("P", annotator=None, limit=100)
            }

    assert plan(db_url, list(range(12))) == plan(
        sqlite_url.replace(".sqlite3", "-2.sqlite3"), list(range(11, -1, -1))
    )


def _coders_of(ws: Workspace, doc_id: int) -> list[str]:
    return [
        c for c in CODERS if ws.row_of("P", doc_id, annotator=c, where=ListFilter(assigned_to=c)) is not None
    ]


def test_status_limits_the_articles_and_progress_counts_the_assignment(team: Workspace) -> None:
    ws = team
    code(ws, "P", "dave", {0: Coded(status=DocStatus.DONE), 1: Coded(status=DocStatus.IN_PROGRESS)})
    plan = ws.team.assign("P", ["alice", "bob"], overlap=0, status=DocStatus.TODO).value
    assert len(plan.assignments) == 18
    assert all(ws.document(d).text not in (text(0), text(1)) for d in plan.assignments)
    mine = [d for d, c in plan.assignments.items() if c == ("alice",)]
    assert ws.team.progress("P", annotator="alice") == (0, len(mine))
    code(ws, "P", "alice", {i: Coded() for i in range(20) if _id(ws, i) in mine[:3]})
    assert ws.team.progress("P", annotator="alice") == (3, len(mine))
    row = next(r for r in ws.team.assignments("P") if r.coder == "alice")
    assert (row.assigned, row.done, row.in_progress, row.shared) == (len(mine), 3, 0, 0)
    assert ws.team.progress("P", annotator="nobody") == (0, 0)


def _id(ws: Workspace, i: int) -> int:
    for row in ws.list_documents("P", annotator=None, limit=500):
        if ws.document(row.id).text == text(i):
            return row.id
    raise AssertionError(i)


def test_the_article_list_shows_a_coders_assignment(team: Workspace) -> None:
    ws = team
    plan = ws.team.assign("P", ["alice", "bob"], overlap=0.5, seed=2).value
    mine = sorted(d for d, c in plan.assignments.items() if "alice" in c)
    where = ListFilter(assigned_to="alice")
    assert ws.count_documents("P", annotator="alice", assigned_to="alice") == len(mine)
    listed = ws.list_documents("P", annotator="alice", assigned_to="alice", limit=500)
    assert sorted(d.id for d in listed) == mine
    first, second = listed[0].id, listed[1].id
    assert ws.neighbour(first, annotator="alice", where=where) == second
    assert ws.row_of("P", second, annotator="alice", where=where) == 1
    others = [d for d, c in plan.assignments.items() if "alice" not in c]
    assert ws.row_of("P", others[0], annotator="alice", where=where) is None
    assert ws.count_documents("P", annotator="zoe", assigned_to="zoe") == 0
    ws.set_status(second, DocStatus.DONE, annotator="alice")
    assert ws.team.next_unfinished(first, annotator="alice") == listed[2].id
    assert ws.team.next_unfinished(listed[-1].id, annotator="alice") == first  # wraps within the assignment
    assert ws.count_documents("P", annotator="alice") == 20
