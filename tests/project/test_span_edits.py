"""Span edits in an operation's `Changes`: exactly what is stored, and only when they tell the whole change."""

from __future__ import annotations

from annotator.core.changes import Changes, SpanEdit
from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.project import Workspace

TEXT = "The mayor said the wall will hold; the council doubts it."


def _doc(ws: Workspace) -> int:
    ws.import_records("p", [AnnotatedDocument(Document(TEXT, "Wall"))])
    doc = ws.first_document("p")
    assert doc is not None
    return doc


def _add(ws: Workspace, doc: int, phrase: str, label: str) -> Span:
    start = TEXT.index(phrase)
    return ws.add_span(document=doc, start=start, end=start + len(phrase), label=label, annotator="ana").value


def _shown(ws: Workspace, doc: int) -> dict[str, Span]:
    return {s.id: s for s in ws.article(doc, annotator="ana").spans}


def _check(ws: Workspace, doc: int, changes: Changes) -> None:
    """Every edit equals what a fresh read of the article shows (a removed span is gone)."""
    edits = changes.edits_for(doc)
    assert edits is not None
    shown = _shown(ws, doc)
    for edit in edits:
        assert shown.get(edit.span_id) == edit.now


def test_undo_and_redo_of_an_add_a_relabel_and_a_delete_list_the_span_as_stored(workspace: Workspace) -> None:
    doc = _doc(workspace)
    claim = _add(workspace, doc, "the wall will hold", "CLAIM")
    workspace.relabel_span(claim.id, "SOURCE")
    workspace.delete_span(claim.id)
    for _ in range(3):
        _check(workspace, doc, workspace.undo())  # delete, relabel, add
    for _ in range(3):
        _check(workspace, doc, workspace.redo())
    assert workspace.undo().span_edits == (SpanEdit(doc, claim.id, _shown(workspace, doc)[claim.id]),)


def test_an_undo_that_brings_relations_back_lists_no_edits(workspace: Workspace) -> None:
    doc = _doc(workspace)
    claim, source = (
        _add(workspace, doc, "the wall will hold", "CLAIM"),
        _add(workspace, doc, "The mayor", "SOURCE"),
    )
    workspace.links.add(claim.id, source.id, "ATTRIBUTED_TO", annotator="ana")
    removed = workspace.delete_span(claim.id)
    _check(workspace, doc, removed)  # the removal took the relation with it
    back = workspace.undo()
    assert back.spans == {doc} and back.edits_for(doc) is None  # read the article again


def test_merged_changes_keep_edits_only_when_both_tell_everything() -> None:
    edit = SpanEdit(1, "a", None)
    exact = Changes(spans=frozenset({1}), span_edits=(edit,))
    assert exact.merge(Changes(status=frozenset({2}))).span_edits == (edit,)
    assert exact.merge(Changes(spans=frozenset({2}))).span_edits == ()
    assert exact.merge(Changes(spans=frozenset({3}), span_edits=(SpanEdit(3, "b", None),))).edits_for(3)
    assert Changes(spans=frozenset({1}), values=frozenset({1}), span_edits=(edit,)).edits_for(1) is None
    assert Changes(spans=frozenset({1}), documents=frozenset({-1}), span_edits=(edit,)).edits_for(1) is None
    assert exact.edits_for(2) is None
