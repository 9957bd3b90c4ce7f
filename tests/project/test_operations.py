"""Facade operations: each is committed, returns what changed, and is undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, ConflictError, ValidationError
from annotator.core.types import AnnotatedDocument, DocStatus, Document
from annotator.project import Workspace

TEXT = "Minister Ana Ruiz said unemployment fell to 4.1% 📉 in May.\r\nMore text."


def _doc(ws: Workspace, text: str = TEXT) -> int:
    ws.import_records("p", [AnnotatedDocument(Document(text=text, title="T"))])
    doc_id = ws.first_document("p")
    assert doc_id is not None
    return doc_id


def test_add_span_is_committed_and_visible_to_another_connection(workspace: Workspace, db_url: str) -> None:
    doc = _doc(workspace)
    start = TEXT.index("unemployment")
    result = workspace.add_span(
        document=doc,
        start=start,
        end=start + len("unemployment fell to 4.1%"),
        label="CLAIM",
        annotator="ana",
    )
    span = result.value
    assert result.changes.spans == {doc}
    other = Workspace.open(db_url)
    try:
        [stored] = other.spans(doc, annotator="ana")
        assert (stored.start, stored.end, stored.label, stored.annotator) == (
            span.start,
            span.end,
            "CLAIM",
            "ana",
        )
        assert TEXT[stored.start : stored.end] == "unemployment fell to 4.1%"
        assert other.status(doc, annotator="ana") == DocStatus.IN_PROGRESS
    finally:
        other.close()


def test_undo_redo_across_add_relabel_note_delete(workspace: Workspace) -> None:
    doc = _doc(workspace)
    span = workspace.add_span(document=doc, start=0, end=8, label="SOURCE", annotator="ana").value
    workspace.relabel_span(span.id, "CLAIM")
    workspace.set_note(span.id, "check the ministry's release")
    workspace.delete_span(span.id)
    assert workspace.spans(doc, annotator="ana") == []
    assert workspace.undo_text == "delete CLAIM"

    workspace.undo()  # delete
    [s] = workspace.spans(doc, annotator="ana")
    assert (s.id, s.label, s.note) == (span.id, "CLAIM", "check the ministry's release")
    workspace.undo()  # note
    workspace.undo()  # relabel
    [s] = workspace.spans(doc, annotator="ana")
    assert (s.label, s.note) == ("SOURCE", None)
    workspace.undo()  # add
    assert workspace.spans(doc, annotator="ana") == []
    assert workspace.undo_text is None
    assert workspace.undo().message == "nothing to undo"

    workspace.redo()
    workspace.redo()
    [s] = workspace.spans(doc, annotator="ana")
    assert (s.id, s.label) == (span.id, "CLAIM")
    assert workspace.redo_text == "edit note"


def test_new_operation_clears_redo(workspace: Workspace) -> None:
    doc = _doc(workspace)
    workspace.add_span(document=doc, start=0, end=8, label="SOURCE", annotator="ana")
    workspace.undo()
    assert workspace.redo_text == "add SOURCE"
    workspace.add_span(document=doc, start=9, end=12, label="SOURCE", annotator="ana")
    assert workspace.redo_text is None


def test_bad_spans_are_refused_and_nothing_changes(workspace: Workspace) -> None:
    doc = _doc(workspace)
    for start, end, label, message in [
        (5, 5, "CLAIM", "must be before"),
        (0, 10_000, "CLAIM", "outside the text"),
        (0, 4, "NOPE", "unknown label 'NOPE'"),
        (0, 4, "ATTRIBUTED_TO", "unknown label"),
    ]:
        with pytest.raises(ValidationError, match=message):
            workspace.add_span(document=doc, start=start, end=end, label=label, annotator="ana")
    workspace.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana")
    with pytest.raises(ValidationError, match="already labelled CLAIM"):
        workspace.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana")
    assert len(workspace.spans(doc)) == 1


def test_relabel_of_a_span_deleted_elsewhere_is_refused(workspace: Workspace, db_url: str) -> None:
    doc = _doc(workspace)
    span = workspace.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana").value
    other = Workspace.open(db_url)
    try:
        other.delete_span(span.id)
    finally:
        other.close()
    with pytest.raises(ConflictError, match="deleted by someone else"):
        workspace.relabel_span(span.id, "SOURCE")
    assert workspace.spans(doc) == []


def test_relabel_over_a_newer_change_is_refused(workspace: Workspace, db_url: str) -> None:
    doc = _doc(workspace)
    span = workspace.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana").value
    other = Workspace.open(db_url)
    try:
        other.relabel_span(span.id, "CAPTION")
    finally:
        other.close()
    with pytest.raises(ConflictError, match="changed by someone else"):
        workspace.undo()  # would delete a span someone else has since relabelled
    [s] = workspace.spans(doc)
    assert s.label == "CAPTION"


def test_blind_coding_each_annotator_sees_own_and_imported_spans(workspace: Workspace) -> None:
    doc = _doc(workspace)
    workspace.add_span(document=doc, start=0, end=8, label="SOURCE", annotator="ana")
    workspace.add_span(document=doc, start=9, end=17, label="SOURCE", annotator="ben")
    assert [s.annotator for s in workspace.spans(doc, annotator="ana")] == ["ana"]
    assert [s.annotator for s in workspace.spans(doc, annotator="ben")] == ["ben"]
    assert workspace.spans(doc, annotator="carla") == []
    assert len(workspace.spans(doc)) == 2
    assert workspace.list_documents("p", annotator="ana")[0].span_count == 1


def test_status_flow_and_neighbours(workspace: Workspace) -> None:
    records = [AnnotatedDocument(Document(text=f"article number {i}", title=f"A{i}")) for i in range(4)]
    workspace.import_records("p", records)
    ids = [d.id for d in workspace.list_documents("p", annotator="ana")]
    workspace.set_status(ids[1], DocStatus.DONE, annotator="ana")
    workspace.set_status(ids[2], DocStatus.SKIPPED, annotator="ana")
    assert workspace.neighbour(ids[0], annotator="ana", skip_finished=True) == ids[3]
    assert workspace.neighbour(ids[0], annotator="ana") == ids[1]
    assert workspace.neighbour(ids[3], annotator="ana", backwards=True) == ids[2]
    assert workspace.neighbour(ids[3], annotator="ana") is None
    assert workspace.progress("p", annotator="ana") == (1, 4)
    assert workspace.progress("p", annotator="ben") == (0, 4)
    assert [d.id for d in workspace.list_documents("p", annotator="ana", status=DocStatus.DONE)] == [ids[1]]
    assert workspace.count_documents("p", annotator="ana", status=DocStatus.TODO) == 2
    workspace.undo()
    assert workspace.status(ids[2], annotator="ana") == DocStatus.TODO
    stats = workspace.stats("p", annotator="ana")
    assert stats.documents == 4 and stats.by_status["done"] == 1


def test_full_text_search(workspace: Workspace) -> None:
    workspace.import_records(
        "p",
        [
            AnnotatedDocument(Document(text="The harbour wall will cost 48 million.", title="Flood wall")),
            AnnotatedDocument(Document(text="Rail strike ends after nine days.", title="Strike over")),
            AnnotatedDocument(Document(text="Café owners protest waste rules.", title="Cafés")),
        ],
    )
    titles = lambda q: [d.title for d in workspace.list_documents("p", annotator="a", search=q)]  # noqa: E731
    assert titles("harbour") == ["Flood wall"]
    assert titles("strike") == ["Strike over"]
    assert titles("caf") == ["Cafés"]  # prefix search
    assert titles("wall million") == ["Flood wall"]
    assert titles('"; DROP TABLE documents; --') == []
    assert workspace.count_documents("p", annotator="a", search="rules") == 1
    assert workspace.count_documents("p", annotator="a") == 3


def test_unknown_project_lists_known_ones(workspace: Workspace) -> None:
    with pytest.raises(AnnotatorError, match=r"no project named 'x' \(projects: p\)"):
        workspace.schema("x")
    with pytest.raises(ValidationError, match="already exists"):
        workspace.create_project("p")


def test_nul_and_escape_characters_survive_storage(workspace: Workspace) -> None:
    text = "a\x00b\uffffc\uffff0d"
    doc = _doc(workspace, text)
    assert workspace.document(doc).text == text
    _span = workspace.add_span(document=doc, start=1, end=4, label="CLAIM", annotator="a").value
    assert workspace.spans(doc)[0].start == 1


def test_read_only_workspace_refuses_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "ro.sqlite3")
    Workspace.open(path).close()
    ws = Workspace.open(path, read_only=True)
    try:
        assert ws.read_only
        with pytest.raises(AnnotatorError, match="read-only; nothing was changed"):
            ws.create_project("x")
    finally:
        ws.close()


def test_undo_that_loses_the_connection_can_be_tried_again(
    sqlite_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.core.errors import ConnectionLostError

    ws = sqlite_workspace
    doc = _doc(ws)
    _span = ws.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana").value

    def broken(*args: object, **kwargs: object) -> object:
        raise ConnectionLostError("connection lost; the removal was not saved")

    with monkeypatch.context() as patched:
        patched.setattr(ws.uow, "write", broken)  # every write transaction fails as if the server were gone
        with pytest.raises(ConnectionLostError):
            ws.undo()
    assert ws.undo_text == "add CLAIM" and ws.redo_text is None
    ws.undo()
    assert ws.spans(doc) == [] and ws.redo_text == "add CLAIM"


def test_undo_refused_as_a_conflict_is_dropped(sqlite_workspace: Workspace, sqlite_url: str) -> None:
    ws = sqlite_workspace
    doc = _doc(ws)
    span = ws.add_span(document=doc, start=0, end=8, label="CLAIM", annotator="ana").value
    other = Workspace.open(sqlite_url)
    try:
        other.delete_span(span.id)
    finally:
        other.close()
    with pytest.raises(ConflictError):
        ws.undo()
    assert ws.undo_text is None and ws.redo_text is None


def test_a_long_varied_transcript_imports_and_is_searchable(workspace: Workspace) -> None:
    # On PostgreSQL a tsvector holds at most 1 MB; a 2.5 MB text of varied words exceeded it.
    import random

    rng = random.Random(3)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12)))
        for _ in range(60_000)
    ]
    text = "Hansard opening zanzibarquorum " + " ".join(rng.choice(words) for _ in range(300_000))
    report = workspace.import_records("p", [AnnotatedDocument(Document(text=text, title="Night session"))])
    assert report.imported == 1
    assert [d.title for d in workspace.list_documents("p", annotator="a", search="zanzibarquorum")] == [
        "Night session"
    ]
