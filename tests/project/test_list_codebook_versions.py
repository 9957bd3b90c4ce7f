"""The article list's codebook-version filter: the articles holding a coder's annotations made before a codebook version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.core.types import AnnotatedDocument, Document, Origin, Relation, Span
from annotator.project import ListFilter, Workspace
from tests.project.test_codebook_ops import CODEBOOK

TEXTS = (
    ("Span", "Minister Ana Ruiz said the budget will shrink."),
    ("Value", "The clinic closes at night, nurses said."),
    ("Newer", "A transport expert said the tram could open in 2031."),
    ("Others", "The council voted to build the harbour wall."),
    ("Imported", "The mayor said the wall will cost 48 million euros."),
    ("Linked", "The mayor said the wall will cost 48 million euros!"),
)
CLAIM = Span(15, 51, "CLAIM", origin=Origin.IMPORTED, codebook_version=2)
MAYOR = Span(0, 9, "SOURCE", origin=Origin.IMPORTED, codebook_version=2)
OLD_LINK = Relation(CLAIM.id, MAYOR.id, "ATTRIBUTED_TO", origin=Origin.IMPORTED, codebook_version=1)
SUGGESTED = Span(
    0, 9, "SOURCE", origin=Origin.SUGGESTED, codebook_version=1, suggester="rules 1.0", score=0.5
)


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    with Workspace.open(db_url) as ws:
        ws.create_project("c", CODEBOOK)
        records = [AnnotatedDocument(Document(text, title)) for title, text in TEXTS]
        # An import without a codebook version: nothing says it predates anything.
        records[4] = AnnotatedDocument(records[4].document, (Span(0, 9, "SOURCE", origin=Origin.IMPORTED),))
        # An imported relation older than its spans (unattributed: every coder sees it).
        records[5] = AnnotatedDocument(records[5].document, (CLAIM, MAYOR), (OLD_LINK,))
        records[3] = AnnotatedDocument(records[3].document, (SUGGESTED,))  # a suggestion is no annotation
        ws.import_records("c", records)
        yield ws


def _ids(ws: Workspace) -> dict[str, int]:
    return {s.title: s.id for s in ws.list_documents("c", annotator="ana")}


def _titles(ws: Workspace, before: int | None, annotator: str = "ana") -> list[str]:
    return [s.title for s in ws.list_documents("c", annotator=annotator, before_version=before)]


def test_the_list_keeps_the_articles_coded_before_a_codebook_version(ws: Workspace) -> None:
    doc = _ids(ws)
    ws.add_span(document=doc["Span"], start=0, end=17, label="SOURCE", annotator="ana")
    ws.set_value(doc["Value"], "FRAME", "conflict", annotator="ana")
    ws.add_span(document=doc["Others"], start=0, end=11, label="SOURCE", annotator="ben")  # not ana's
    ws.codebook.rename_label("c", "QUOTE", "CITATION")  # the codebook goes to v2
    ws.add_span(document=doc["Newer"], start=0, end=18, label="SOURCE", annotator="ana")
    ws.add_span(document=doc["Span"], start=23, end=46, label="CLAIM", annotator="ana")  # a newer one too

    assert _titles(ws, 2) == ["Span", "Value", "Linked"]  # "Linked": an imported relation from v1
    assert ws.count_documents("c", annotator="ana", before_version=2) == 3
    assert _titles(ws, 1) == []  # nothing predates the first version
    assert _titles(ws, 3) == ["Span", "Value", "Newer", "Linked"]
    assert _titles(ws, 2, "ben") == ["Others", "Linked"]
    assert _titles(ws, None) == [t for t, _ in TEXTS]
    where = ListFilter(before_version=2)
    assert ws.row_of("c", doc["Value"], annotator="ana", where=where) == 1
    assert ws.row_of("c", doc["Newer"], annotator="ana", where=where) is None
    assert ws.neighbour(doc["Span"], annotator="ana", where=where) == doc["Value"]
    assert ws.neighbour(doc["Value"], annotator="ana", where=where) == doc["Linked"]
    assert ws.neighbour(doc["Linked"], annotator="ana", where=where) is None


def test_a_relation_made_before_the_version_keeps_its_article(ws: Workspace) -> None:
    assert _titles(ws, 2) == ["Linked"]  # its spans are from v2, its relation from v1
    assert _titles(ws, 2, "ben") == ["Linked"]  # unattributed: every coder's
    assert ws.count_documents("c", annotator="ana", before_version=2) == 1


def test_a_new_relation_carries_the_codebook_version_it_was_made_under(ws: Workspace) -> None:
    doc = _ids(ws)["Span"]
    ws.codebook.rename_label("c", "QUOTE", "CITATION")
    claim = ws.add_span(document=doc, start=23, end=46, label="CLAIM", annotator="ana").value
    source = ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana").value
    relation = ws.links.add(claim.id, source.id, "ATTRIBUTED_TO", annotator="ana").value
    assert relation.codebook_version == 2  # the relation returned is the one stored
    assert ws.relations(doc) == [relation]
