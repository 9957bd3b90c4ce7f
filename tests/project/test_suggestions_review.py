"""Reviewing suggestions: accept, reject, accept all, reject all, correct; each undoable, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from annotator.core.errors import ConflictError, ValidationError
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Origin
from annotator.project import Workspace

TEXT = (
    '"We will not back down," said Mayor Ana Ruiz on Monday.\n\n'
    "Workers stack sandbags on the quay. (AP Photo/Lee Park)\n\n"
    "The council meets again in June."
)


def _doc(ws: Workspace, text: str = TEXT) -> int:
    ws.import_records("p", [AnnotatedDocument(Document(text=text, title="T", meta={"outlet": "Ledger"}))])
    doc_id = ws.first_document("p")
    assert doc_id is not None
    return doc_id


def _suggested(ws: Workspace) -> int:
    doc = _doc(ws)
    report = ws.suggestions.rules("p")
    assert report.stored >= 4 and report.relations >= 2
    return doc


def _by_label(ws: Workspace, doc: int, label: str, annotator: str = "ana") -> str:
    return next(s.id for s in ws.suggestions.pending(doc, annotator=annotator) if s.label == label)


def test_suggestions_are_stored_apart_and_not_annotations(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    article = workspace.article(doc, annotator="ana")
    pending = [s for s in article.spans if s.origin == Origin.SUGGESTED]
    assert pending and len(pending) == len(article.spans)  # every coder sees them; none is anyone's
    assert all(s.annotator is None and s.suggester == "rules 1.0" and s.score is not None for s in pending)
    assert {s.label for s in pending} >= {"CLAIM", "SOURCE", "CUE", "CAPTION"}
    claim = next(s for s in pending if s.label == "CLAIM")
    assert TEXT[claim.start : claim.end] == "We will not back down"
    assert workspace.article(doc, annotator="bob").spans == article.spans
    assert workspace.status(doc, annotator="ana") == DocStatus.TODO
    assert workspace.undo_text is None  # a run is not an undo step
    assert workspace.suggestions.counts("p")["CLAIM"] == 1
    assert sum(workspace.stats("p").spans_by_label.values()) == 0  # not counted as annotations
    workspace.suggestions.accept(claim.id, annotator="ana")
    assert workspace.stats("p").spans_by_label["CLAIM"] == 1


def test_accept_makes_the_coders_annotation_and_undo_brings_the_suggestion_back(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    sid = _by_label(workspace, doc, "CAPTION")
    result = workspace.suggestions.accept(sid, annotator="ana")
    [span] = result.value.accepted
    assert result.value.removed == (sid,) and result.value.added == (span,)
    assert (span.origin, span.annotator, span.suggester, span.score) == (Origin.MANUAL, "ana", None, None)
    assert span.codebook_version == workspace.codebook.version("p")
    assert result.changes.spans == {doc} and result.changes.history
    assert workspace.undo_text == "accept CAPTION"
    spans = {s.id: s for s in workspace.spans(doc)}
    assert sid not in spans and spans[span.id].origin == Origin.MANUAL
    assert workspace.status(doc, annotator="ana") == DocStatus.IN_PROGRESS
    workspace.undo()
    spans = {s.id: s for s in workspace.spans(doc)}
    assert sid in spans and span.id not in spans and spans[sid].origin == Origin.SUGGESTED
    workspace.redo()
    assert [s.origin for s in workspace.spans(doc) if s.id == span.id] == [Origin.MANUAL]


def test_accepting_both_ends_makes_the_relation_the_coders(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    claim, source = _by_label(workspace, doc, "CLAIM"), _by_label(workspace, doc, "SOURCE")
    new_claim = workspace.suggestions.accept(claim, annotator="ana").value.accepted[0]
    [link] = [r for r in workspace.relations(doc) if r.label == "ATTRIBUTED_TO"]
    assert (link.head, link.origin) == (new_claim.id, Origin.SUGGESTED)  # its other end is still pending
    new_source = workspace.suggestions.accept(source, annotator="ana").value.accepted[0]
    [link] = [r for r in workspace.relations(doc) if r.label == "ATTRIBUTED_TO"]
    assert (link.head, link.tail, link.origin, link.annotator) == (
        new_claim.id,
        new_source.id,
        Origin.MANUAL,
        "ana",
    )
    workspace.undo()
    [link] = [r for r in workspace.relations(doc) if r.label == "ATTRIBUTED_TO"]
    assert (link.head, link.tail, link.origin) == (new_claim.id, source, Origin.SUGGESTED)


def test_reject_removes_it_and_it_is_not_suggested_again(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    sid = _by_label(workspace, doc, "SOURCE")
    result = workspace.suggestions.reject(sid, annotator="ana")
    assert result.value.removed == (sid,) and not result.value.accepted
    assert not [r for r in workspace.relations(doc) if r.label == "ATTRIBUTED_TO"]  # its relation went too
    assert workspace.undo_text == "reject SOURCE"
    again = workspace.suggestions.rules("p", progress=None)
    assert again.stored == 0 and again.rejected == 1
    replaced = workspace.suggestions.rules("p", options=_replace())
    assert "SOURCE" not in replaced.by_label and replaced.rejected == 1
    workspace.undo()  # the suggestion is back (its relation's other end was replaced meanwhile) ...
    assert "SOURCE" in {s.label for s in workspace.suggestions.pending(doc, annotator="ana")}
    workspace.suggestions.clear("p")
    assert workspace.suggestions.pending(doc, annotator="ana") == []
    assert workspace.suggestions.rules("p").by_label["SOURCE"] == 1  # ... and its rejection forgotten


def _replace():  # type: ignore[no-untyped-def]
    from annotator.project.suggest_run import SuggestOptions

    return SuggestOptions(replace=True)


def test_accept_all_and_reject_all_are_one_step_each(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    pending = workspace.suggestions.pending(doc, annotator="ana")
    result = workspace.suggestions.accept_all(doc, annotator="ana", labels={"CLAIM", "SOURCE", "CUE"})
    assert len(result.value.accepted) == len([s for s in pending if s.label != "CAPTION"])
    assert {r.origin for r in workspace.relations(doc)} == {Origin.MANUAL}
    assert [s.label for s in workspace.suggestions.pending(doc, annotator="ana")] == ["CAPTION"]
    rejected = workspace.suggestions.reject_all(doc, annotator="ana")
    assert len(rejected.value.removed) == 1
    assert workspace.suggestions.pending(doc, annotator="ana") == []
    assert (
        workspace.suggestions.reject_all(doc, annotator="ana").changes.message
        == "no suggestions to review here"
    )
    workspace.undo()
    workspace.undo()
    assert len(workspace.suggestions.pending(doc, annotator="ana")) == len(pending)
    assert all(s.origin == Origin.SUGGESTED for s in workspace.spans(doc))


def test_correct_accepts_the_corrected_span_and_rejects_the_original(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    sid = _by_label(workspace, doc, "SOURCE")
    original = next(s for s in workspace.spans(doc) if s.id == sid)
    assert TEXT[original.start : original.end] == "Mayor Ana Ruiz"
    start = TEXT.index("Ana Ruiz")
    [span] = workspace.suggestions.correct(sid, annotator="ana", start=start).value.accepted
    assert TEXT[span.start : span.end] == "Ana Ruiz" and span.origin == Origin.MANUAL
    [link] = [r for r in workspace.relations(doc) if r.label == "ATTRIBUTED_TO"]
    assert link.tail == span.id
    again = workspace.suggestions.rules("p")
    assert "SOURCE" not in again.by_label and again.rejected == 1
    relabelled = workspace.suggestions.correct(
        _by_label(workspace, doc, "CUE"), annotator="ana", label="CLAIM"
    )
    assert relabelled.value.accepted[0].label == "CLAIM"
    assert not [r for r in workspace.relations(doc) if r.label == "CUED_BY"]  # CLAIM -> CLAIM does not fit
    workspace.undo()
    workspace.undo()
    assert sid in {s.id for s in workspace.suggestions.pending(doc, annotator="ana")}


def test_review_refusals(workspace: Workspace) -> None:
    doc = _suggested(workspace)
    mine = workspace.add_span(document=doc, start=0, end=4, label="CLAIM", annotator="ana").value
    with pytest.raises(ValidationError, match="not a suggestion"):
        workspace.suggestions.accept(mine.id, annotator="ana")
    sid = _by_label(workspace, doc, "CAPTION")
    workspace.suggestions.reject(sid, annotator="bob")
    with pytest.raises(ConflictError, match="no longer exists"):
        workspace.suggestions.accept(sid, annotator="ana")
    with pytest.raises(ValidationError, match="a suggestion: correct it"):
        workspace.move_edge(_by_label(workspace, doc, "CLAIM"), end=10)


def test_a_coders_own_suggestions_are_hers_alone(workspace: Workspace) -> None:
    from annotator.project.suggest_run import SuggestOptions

    doc = _doc(workspace)
    workspace.suggestions.rules("p", options=SuggestOptions(annotator="ana", labels=("CAPTION",)))
    [sug] = workspace.suggestions.pending(doc, annotator="ana")
    assert sug.annotator == "ana" and workspace.suggestions.pending(doc, annotator="bob") == []
    with pytest.raises(ValidationError, match="ana's to review"):
        workspace.suggestions.accept(sug.id, annotator="bob")
    workspace.suggestions.reject(sug.id, annotator="ana")
    # Ana's rejection holds for a run for Ana; a run for every coder may suggest it to the others.
    assert (
        workspace.suggestions.rules(
            "p", options=SuggestOptions(annotator="ana", labels=("CAPTION",))
        ).rejected
        == 1
    )
    assert (
        workspace.suggestions.rules("p", options=SuggestOptions(annotator="bob", labels=("CAPTION",))).stored
        == 1
    )


def test_what_is_annotated_the_same_is_not_suggested(workspace: Workspace) -> None:
    doc = _doc(workspace)
    start = TEXT.index("Mayor")
    workspace.add_span(
        document=doc, start=start, end=start + len("Mayor Ana Ruiz"), label="SOURCE", annotator="ana"
    )
    report = workspace.suggestions.rules("p")
    assert report.existing == 1 and "SOURCE" not in report.by_label
    claim = _by_label(workspace, doc, "CLAIM")
    workspace.suggestions.accept(claim, annotator="ana")
    [link] = [r for r in workspace.relations(doc) if r.label == "CUED_BY"]
    assert link.origin == Origin.SUGGESTED  # the cue is still pending


def test_accepting_what_the_coder_has_already_just_removes_the_suggestion(workspace: Workspace) -> None:
    from annotator.project.suggest_run import SuggestOptions

    doc = _doc(workspace)
    workspace.suggestions.rules("p", options=SuggestOptions(labels=("CAPTION",)))
    [sug] = workspace.suggestions.pending(doc, annotator="ana")
    mine = workspace.add_span(
        document=doc, start=sug.start, end=sug.end, label="CAPTION", annotator="ana"
    ).value
    result = workspace.suggestions.accept(sug.id, annotator="ana")
    assert result.value.accepted == (mine,) and result.value.added == ()
    assert [s.id for s in workspace.spans(doc)] == [mine.id]


def test_move_edge_is_one_undoable_step(workspace: Workspace) -> None:
    doc = _doc(workspace)
    start = TEXT.index("Mayor")
    span = workspace.add_span(document=doc, start=start, end=start + 9, label="SOURCE", annotator="ana").value
    changes = workspace.move_edge(span.id, end=start + len("Mayor Ana Ruiz"))
    assert changes.history and workspace.undo_text == "move the edges of SOURCE"
    [moved] = workspace.spans(doc)
    assert TEXT[moved.start : moved.end] == "Mayor Ana Ruiz"
    workspace.move_edge(span.id, start=start + len("Mayor "))
    assert TEXT[workspace.spans(doc)[0].start : workspace.spans(doc)[0].end] == "Ana Ruiz"
    with pytest.raises(ValidationError, match="before the end"):
        workspace.move_edge(span.id, start=start + 40)
    workspace.undo()
    workspace.undo()
    [back] = workspace.spans(doc)
    assert (back.start, back.end) == (start, start + 9)
