"""Merging another coder's database: idempotent, refusing conflicts with nothing changed, --prefer, both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus
from annotator.project import Workspace, backup_database
from tests.project.team_data import CODEBOOK, Coded, add_articles, code, text
from tests.project.team_rows import table_rows

CLAIM, SOURCE = (0, 9, "CLAIM", {}), (13, 21, "SOURCE", {"type": "expert"})


def _theirs(path: Path) -> Path:
    """Bob's offline file: articles 0-4 (also in ours) and 5-7 (new), all coded by bob; alice's article 0."""
    with Workspace.open(path) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 8)
        code(
            ws,
            "P",
            "bob",
            {
                i: Coded([CLAIM, SOURCE], {"FRAME": "conflict"}, relations=[(0, 1, "ATTRIBUTED_TO")])
                for i in range(8)
            },
        )
        code(ws, "P", "alice", {0: Coded([CLAIM])})
    return path


@pytest.fixture
def ours(db_url: str) -> Iterator[Workspace]:
    with Workspace.open(db_url) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 5)
        code(ws, "P", "alice", {i: Coded([CLAIM]) for i in range(5)})
        yield ws


def _by_text(ws: Workspace) -> dict[str, int]:
    return {ws.document(d.id).text: d.id for d in ws.list_documents("P", annotator=None, limit=500)}


@pytest.mark.parametrize("kind", ["sqlite", "jsonl"])
def test_merge_adds_per_annotator_and_a_second_run_changes_nothing(
    ours: Workspace, tmp_path: Path, kind: str
) -> None:
    source = _theirs(tmp_path / "bob.sqlite3")
    if kind == "jsonl":
        backup_database(source, tmp_path / "bob.jsonl")
        source = tmp_path / "bob.jsonl"
    report = ours.team.merge("P", source)
    assert (report.added, report.matched, report.documents) == (3, 5, 8)
    assert (report.spans, report.relations, report.values) == (16, 8, 8)
    assert report.statuses == 8 and report.changes.documents == {-1}
    ids = _by_text(ours)
    assert len(ids) == 8
    for i in range(8):
        doc = ids[text(i)]
        assert ours.status(doc, annotator="bob") == DocStatus.DONE
        assert [(s.label, s.start) for s in ours.spans(doc, annotator="bob") if s.annotator == "bob"] == [
            ("CLAIM", 0),
            ("SOURCE", 13),
        ]
        assert {v.label: v.value for v in ours.values(doc, annotator="bob")} == {"FRAME": "conflict"}
        assert len(ours.relations(doc)) == 1
    assert [s.annotator for s in ours.spans(ids[text(0)], annotator="alice")] == ["alice"]  # not doubled
    before = table_rows(ours)
    again = ours.team.merge("P", source)
    assert not again.changed and "nothing to merge" in again.summary()
    assert table_rows(ours) == before


def test_a_superset_of_ours_adds_only_what_is_missing(ours: Workspace, tmp_path: Path) -> None:
    source = _theirs(tmp_path / "bob.sqlite3")
    ours.team.merge("P", source)
    with Workspace.open(source) as theirs:
        code(theirs, "P", "bob", {0: Coded([(30, 40, "CLAIM", {})], {"TONE": 4})})
    report = ours.team.merge("P", source)
    assert (report.spans, report.values, report.relations) == (1, 1, 0)
    assert len(ours.spans(_by_text(ours)[text(0)], annotator="bob")) == 3


def test_a_conflict_stops_the_merge_with_nothing_changed(ours: Workspace, tmp_path: Path) -> None:
    source = _theirs(tmp_path / "bob.sqlite3")
    code(
        ours,
        "P",
        "bob",
        {1: Coded([(0, 10, "CLAIM", {})]), 2: Coded([CLAIM, (13, 21, "SOURCE", {"type": "official"})])},
    )
    before = table_rows(ours)
    with pytest.raises(ValidationError) as caught:
        ours.team.merge("P", source)
    message = str(caught.value)
    assert "different annotations" in message and "2 article(s)" in message
    assert "'Title 1'" in message and "'Title 2'" in message and "bob" in message and "--prefer" in message
    assert table_rows(ours) == before
    kept = ours.team.merge("P", source, prefer="ours")
    assert kept.kept_ours == 2 and kept.added == 3
    ids = _by_text(ours)
    assert [(s.start, s.end) for s in ours.spans(ids[text(1)], annotator="bob") if s.annotator == "bob"] == [
        (0, 10)
    ]
    took = ours.team.merge("P", source, prefer="theirs")
    assert took.took_theirs == 2 and took.changed
    for i in (1, 2):
        bob = [s for s in ours.spans(ids[text(i)], annotator="bob") if s.annotator == "bob"]
        assert [(s.label, s.start, s.end, dict(s.attributes)) for s in bob] == [
            ("CLAIM", 0, 9, {}),
            ("SOURCE", 13, 21, {"type": "expert"}),
        ]
    before = table_rows(ours)
    assert not ours.team.merge("P", source).changed
    assert table_rows(ours) == before


def test_statuses_move_forward_and_the_other_project_can_be_named(ours: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "carol.sqlite3"
    with Workspace.open(path) as theirs:
        theirs.create_project("Q", CODEBOOK)
        add_articles(theirs, "Q", 2)
        code(theirs, "Q", "alice", {0: Coded([CLAIM], status=DocStatus.DONE)})
    doc = _by_text(ours)[text(0)]
    ours.set_status(doc, DocStatus.IN_PROGRESS, annotator="alice")
    with pytest.raises(ValidationError, match="has no project named 'P'"):
        ours.team.merge("P", path)
    report = ours.team.merge("P", path, from_project="Q")
    assert report.statuses == 1 and report.spans == 0
    assert ours.status(doc, annotator="alice") == DocStatus.DONE


def test_what_cannot_be_merged_is_refused(ours: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        ours.team.merge("P", tmp_path / "missing.sqlite3")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not a backup\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        ours.team.merge("P", junk)
    with pytest.raises(ValidationError, match="--prefer"):
        ours.team.merge("P", junk, prefer="both")
    if ours.uow.sqlite_path is not None:
        with pytest.raises(ValidationError, match="this database itself"):
            ours.team.merge("P", ours.uow.sqlite_path)
