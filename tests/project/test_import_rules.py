"""Import rules: a document is a duplicate, its annotations are not; names and strings are checked alike on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import DEFAULT_SCHEMA
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Label, Relation, Span
from annotator.project import Workspace

TEXT = "Councillor Mira Holt said the bridge will reopen in May."


def _spans(ws: Workspace, annotator: str | bool | None = True) -> set[tuple[int, int, str, str | None]]:
    doc = ws.first_document("p")
    assert doc is not None
    return {(s.start, s.end, s.label, s.annotator) for s in ws.spans(doc, annotator=annotator)}


def _write(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def _prodigy_task(session: str, start: int, end: int, label: str) -> dict[str, object]:
    return {
        "text": TEXT,
        "_input_hash": 1,
        "_task_hash": 2,
        "_session_id": session,
        "answer": "accept",
        "spans": [{"start": start, "end": end, "label": label}],
    }


def test_second_annotator_of_the_same_text_in_one_prodigy_file_is_kept(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "db-out.jsonl",
        [_prodigy_task("news-alice", 11, 20, "SOURCE"), _prodigy_task("news-bob", 0, 20, "SOURCE")],
    )
    report = workspace.import_paths("p", [path], format="prodigy")
    assert (report.imported, report.duplicates, report.spans) == (1, 1, 2)
    assert _spans(workspace) == {(11, 20, "SOURCE", "news-alice"), (0, 20, "SOURCE", "news-bob")}


def test_annotations_of_a_document_already_in_the_project_are_added(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = [{"text": TEXT, "spans": [{"start": 11, "end": 20, "label": "SOURCE", "annotator": "alice"}]}]
    workspace.import_paths("p", [_write(tmp_path / "a.jsonl", first)])
    second = [
        {
            "text": TEXT,
            "status": "done",
            "spans": [
                {"start": 11, "end": 20, "label": "SOURCE", "annotator": "alice"},  # alice has it already
                {"start": 25, "end": 55, "label": "CLAIM", "annotator": "bob"},
            ],
        }
    ]
    report = workspace.import_paths("p", [_write(tmp_path / "b.jsonl", second)])
    assert (report.imported, report.duplicates, report.spans) == (0, 1, 1)
    assert any("1 duplicate span(s) dropped" in n for n in report.notes)
    assert any("annotations added to 1 document(s)" in n for n in report.notes)
    assert _spans(workspace) == {(11, 20, "SOURCE", "alice"), (25, 55, "CLAIM", "bob")}
    doc = workspace.first_document("p")
    assert doc is not None
    assert workspace.status(doc, annotator="bob") == DocStatus.DONE
    # The same file once more changes nothing.
    again = workspace.import_paths("p", [_write(tmp_path / "c.jsonl", second)])
    assert (again.imported, again.spans) == (0, 0)
    assert len(_spans(workspace)) == 2


def test_relation_to_a_dropped_duplicate_points_at_its_kept_twin(workspace: Workspace) -> None:
    a = Span(0, 20, "SOURCE", "a", "alice")
    b = Span(0, 20, "SOURCE", "b", "alice")  # identical to a
    c = Span(25, 55, "CLAIM", "c", "alice")
    record = AnnotatedDocument(
        Document(TEXT), (a, b, c), (Relation("c", "b", "ATTRIBUTED_TO", "r", "alice"),)
    )
    report = workspace.import_records("p", [record])
    assert report.relations == 1
    doc = workspace.first_document("p")
    assert doc is not None
    [relation] = workspace.relations(doc)
    kept = {s.id: s for s in workspace.spans(doc)}
    assert (kept[relation.head].label, kept[relation.tail].label) == ("CLAIM", "SOURCE")
    assert relation.tail in kept


def test_relation_that_cannot_be_kept_is_named(workspace: Workspace) -> None:
    record = AnnotatedDocument(
        Document(TEXT), (Span(0, 20, "SOURCE", "a"),), (Relation("a", "zz", "ATTRIBUTED_TO", "r9"),)
    )
    report = workspace.import_records("p", [record], source="in.jsonl")
    assert any("relation r9 (ATTRIBUTED_TO)" in n and "not imported" in n for n in report.notes)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (AnnotatedDocument(Document(TEXT, title="bad \ud800 title")), "title: holds a lone surrogate"),
        (
            AnnotatedDocument(Document(TEXT, meta={"outlet": "x\udcff"})),
            "meta.outlet: holds a lone surrogate",
        ),
        (AnnotatedDocument(Document(TEXT, meta={"k\ud800": 1})), "meta, key"),
        (
            AnnotatedDocument(Document(TEXT), (Span(0, 5, "SOURCE", annotator="a\x00b"),)),
            "annotator name 'a\\x00b' must not contain control characters",
        ),
        (
            AnnotatedDocument(Document(TEXT), (Span(0, 5, "SOURCE", annotator="x" * 201),)),
            "is 201 characters long (at most 200)",
        ),
        (
            AnnotatedDocument(Document(TEXT), (Span(0, 5, "SOURCE", note="n\udc80"),)),
            "note: holds a lone surrogate",
        ),
    ],
)
def test_strings_and_names_are_refused_alike_on_both_backends(
    workspace: Workspace, record: AnnotatedDocument, message: str
) -> None:
    with pytest.raises(ValidationError, match="in.jsonl.*" + _re(message)):
        workspace.import_records("p", [record], source="in.jsonl")
    assert workspace.count_documents("p", annotator=None) == 0


def _re(text: str) -> str:
    import re

    return re.escape(text)


@pytest.mark.parametrize("name", ["MY LABEL", "TAB\tLBL", "NL\nLBL", "", "L" * 300, "NUL\x00"])
def test_add_labels_keeps_the_schema_name_rule(workspace: Workspace, name: str) -> None:
    record = AnnotatedDocument(Document(TEXT), (Span(0, 5, name),))
    with pytest.raises(ValidationError, match="label"):
        workspace.import_records("p", [record], add_labels=True)
    assert workspace.schema("p").names() == DEFAULT_SCHEMA.names()


@pytest.mark.parametrize("name", ["MY LABEL", "", "L" * 65, "A\x00"])
def test_every_path_that_creates_a_label_checks_its_name(workspace: Workspace, name: str) -> None:
    with pytest.raises(ValidationError):
        workspace.add_labels("p", [Label(name)])
    with pytest.raises(ValidationError):
        workspace.create_project("q", workspace.schema("p").__class__((Label(name),)))
