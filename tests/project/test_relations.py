"""Relations and whole attributions as operations: fit to the codebook, one transaction, one undo step."""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, Label, LabelKind, LabelSchema, Origin, Role
from annotator.project import Workspace
from annotator.project.relations import Part

TEXT = "“We will not back down 💪,” the mayor said,\r\n“not this year.” The council agreed."


def _at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    with Workspace.open(str(tmp_path / "r.sqlite3")) as workspace:
        workspace.create_project("p")
        workspace.import_records("p", [AnnotatedDocument(Document(TEXT, "t"))], source="t.jsonl")
        yield workspace


def _doc(ws: Workspace) -> int:
    doc = ws.first_document("p")
    assert doc is not None
    return doc


def _add(ws: Workspace, needle: str, label: str, who: str = "alice") -> str:
    start, end = _at(needle)
    return ws.add_span(document=_doc(ws), start=start, end=end, label=label, annotator=who).value.id


def test_a_relation_fits_the_codebook_or_is_refused_naming_both_labels(ws: Workspace) -> None:
    claim, source = _add(ws, "We will not back down", "CLAIM"), _add(ws, "the mayor", "SOURCE")
    relation = ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="alice").value
    article = ws.article(_doc(ws), annotator="alice")
    assert [(r.head, r.label, r.tail, r.annotator, r.origin) for r in article.relations] == [
        (claim, "ATTRIBUTED_TO", source, "alice", Origin.MANUAL)
    ]
    assert article.relations[0].codebook_version == ws.codebook.version("p")
    with pytest.raises(ValidationError, match="ATTRIBUTED_TO links CLAIM to SOURCE, not SOURCE to CLAIM"):
        ws.links.add(source, claim, "ATTRIBUTED_TO", annotator="alice")
    with pytest.raises(ValidationError, match="already linked"):
        ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="alice")
    ws.undo()
    assert ws.article(_doc(ws), annotator="alice").relations == ()
    ws.redo()
    assert [r.id for r in ws.article(_doc(ws), annotator="alice").relations] == [relation.id]


def test_deleting_a_span_deletes_its_relations_and_undo_brings_both_back(ws: Workspace) -> None:
    claim, source = _add(ws, "We will not back down", "CLAIM"), _add(ws, "the mayor", "SOURCE")
    ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="alice")
    ws.delete_span(source)
    article = ws.article(_doc(ws), annotator="alice")
    assert [s.id for s in article.spans] == [claim] and article.relations == ()
    ws.undo()
    article = ws.article(_doc(ws), annotator="alice")
    assert {s.id for s in article.spans} == {claim, source}
    assert [(r.head, r.tail) for r in article.relations] == [(claim, source)]


def test_an_attribution_is_one_transaction_and_one_undo_step(ws: Workspace) -> None:
    doc = _doc(ws)
    content = Part(pieces=(_at("We will not back down 💪,"), _at("not this year.")))
    result = ws.links.attribution(
        doc, content, Part(pieces=(_at("the mayor"),)), Part(pieces=(_at("said"),)), annotator="alice"
    ).value
    assert result.content.fragments == (_at("We will not back down 💪,"), _at("not this year."))
    assert result.source is not None and result.source.text_in(TEXT) == "the mayor"
    assert result.cue is not None and result.cue.text_in(TEXT) == "said"
    assert sorted(r.label for r in result.relations) == ["ATTRIBUTED_TO", "CUED_BY"]
    assert ws.status(doc, annotator="alice").value == "in_progress"
    article = ws.article(doc, annotator="alice")
    assert len(article.spans) == 3 and len(article.relations) == 2
    ws.undo()
    article = ws.article(doc, annotator="alice")
    assert article.spans == () and article.relations == ()
    ws.redo()
    assert len(ws.article(doc, annotator="alice").relations) == 2


def test_an_attribution_reuses_a_source_and_a_failure_changes_nothing(ws: Workspace) -> None:
    doc = _doc(ws)
    source = _add(ws, "the mayor", "SOURCE")
    first = ws.links.attribution(
        doc, Part(pieces=(_at("We will not back down"),)), Part(span_id=source), None, annotator="alice"
    ).value
    assert first.source is not None and first.source.id == source and first.cue is None
    with pytest.raises(ValidationError, match="already labelled CLAIM"):
        ws.links.attribution(
            doc, Part(pieces=(_at("We will not back down"),)), Part(span_id=source), None, annotator="alice"
        )
    article = ws.article(doc, annotator="alice")
    assert [s.label for s in article.spans].count("SOURCE") == 1
    assert len(article.relations) == 1


def test_a_project_calls_its_content_quote_and_the_roles_lead_the_workflow(tmp_path) -> None:  # type: ignore[no-untyped-def]
    schema = LabelSchema(
        (
            Label("QUOTE", colour="#F5C26B", hotkey="1", role=Role.CONTENT),
            Label("SPEAKER", colour="#7FC4EC", hotkey="2", role=Role.SOURCE),
            Label("SAID_BY", LabelKind.RELATION, "#555555", head="QUOTE", tail="SPEAKER"),
        )
    )
    with Workspace.open(str(tmp_path / "q.sqlite3")) as ws:
        ws.create_project("p", schema)
        ws.import_records("p", [AnnotatedDocument(Document(TEXT, "t"))], source="t.jsonl")
        doc = _doc(ws)
        done = ws.links.attribution(
            doc, Part(pieces=(_at("not this year."),)), Part(pieces=(_at("the mayor"),)), None, annotator="bo"
        ).value
        assert (done.content.label, done.source.label if done.source else None) == ("QUOTE", "SPEAKER")
        assert [r.label for r in done.relations] == ["SAID_BY"]
        with pytest.raises(ValidationError, match="no label with the role cue"):
            ws.links.attribution(
                doc, Part(pieces=(_at("The council"),)), None, Part(pieces=(_at("said"),)), annotator="bo"
            )


def test_blind_coding_applies_to_relations(ws: Workspace) -> None:
    claim, source = _add(ws, "We will not back down", "CLAIM"), _add(ws, "the mayor", "SOURCE")
    ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="alice")
    theirs = ws.article(_doc(ws), annotator="bo")
    assert theirs.spans == () and theirs.relations == ()
