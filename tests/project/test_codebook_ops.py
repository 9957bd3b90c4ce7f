"""The codebook's operations: attributes and document values coded and undone, labels renamed, merged and
deleted with their annotations migrated in the same transaction, versions recorded everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import parse_schema, schema_to_json
from annotator.core.types import AnnotatedDocument, DocStatus, Document
from annotator.project import Workspace

CODEBOOK = parse_schema(
    [
        {"name": "CLAIM", "hotkey": "1"},
        {
            "name": "SOURCE",
            "hotkey": "2",
            "attributes": [
                {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]},
                {"name": "named", "type": "bool"},
            ],
        },
        {"name": "QUOTE", "hotkey": "3"},
        {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "values": ["conflict", "economic", "morality"],
        },
        {"name": "TOPICS", "kind": "document", "type": "multi", "values": ["politics", "economy", "health"]},
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5, "required": True},
    ]
)
TEXT = "Minister Ana Ruiz said the budget will shrink by 4% next year."


@pytest.fixture
def coded(db_url: str) -> Iterator[Workspace]:
    with Workspace.open(db_url) as ws:
        ws.create_project("c", CODEBOOK)
        ws.import_records("c", [AnnotatedDocument(Document(TEXT, "Budget"))])
        yield ws


def _doc(ws: Workspace) -> int:
    doc = ws.first_document("c")
    assert doc is not None
    return doc


def test_attributes_are_checked_stored_and_undone(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    span = ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana").value
    assert span.codebook_version == 1
    ws.set_attributes(span.id, {"type": "official", "named": True})
    [stored] = ws.spans(doc, annotator="ana")
    assert stored.attributes == {"type": "official", "named": True}
    with pytest.raises(
        ValidationError, match="'minister' is not one of official, expert, citizen, anonymous"
    ):
        ws.set_attributes(span.id, {"type": "minister"})
    with pytest.raises(ValidationError, match="has no attribute 'rank'"):
        ws.set_attributes(span.id, {"rank": 3})
    ws.undo()
    assert ws.spans(doc, annotator="ana")[0].attributes == {}
    ws.redo()
    assert ws.spans(doc, annotator="ana")[0].attributes["type"] == "official"
    # Relabelling keeps only the attributes the new label defines, and undo brings them back.
    ws.relabel_span(span.id, "QUOTE")
    assert ws.spans(doc, annotator="ana")[0].attributes == {}
    ws.undo()
    assert ws.spans(doc, annotator="ana")[0].attributes == {"type": "official", "named": True}


def test_document_values_are_blind_typed_undoable_and_required_for_done(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    ws.set_value(doc, "FRAME", "conflict", annotator="ana")
    ws.set_value(doc, "TOPICS", ["health", "politics"], annotator="ana")
    ws.set_value(doc, "FRAME", "economic", annotator="ben")
    assert {(v.label, json.dumps(v.value)) for v in ws.values(doc, annotator="ana")} == {
        ("FRAME", '"conflict"'),
        ("TOPICS", '["politics", "health"]'),  # in the codebook's order
    }
    assert [v.value for v in ws.values(doc, annotator="ben")] == ["economic"]
    with pytest.raises(ValidationError, match="7 is above the maximum 5"):
        ws.set_value(doc, "TONE", 7, annotator="ana")
    with pytest.raises(ValidationError, match="not marked done: TONE is not coded yet"):
        ws.set_status(doc, DocStatus.DONE, annotator="ana")
    ws.set_value(doc, "TONE", 4, annotator="ana")
    ws.set_status(doc, DocStatus.DONE, annotator="ana")
    ws.undo()  # done
    ws.undo()  # tone
    assert "TONE" not in {v.label for v in ws.values(doc, annotator="ana")}
    ws.set_value(doc, "FRAME", None, annotator="ana")  # not coded again
    assert "FRAME" not in {v.label for v in ws.values(doc, annotator="ana")}
    assert all(v.codebook_version == 1 for v in ws.values(doc))


def test_rename_and_merge_migrate_annotations_in_one_transaction(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    claim = ws.add_span(document=doc, start=18, end=62, label="CLAIM", annotator="ana").value
    source = ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana").value
    quote = ws.add_span(
        document=doc, start=18, end=62, label="QUOTE", annotator="ana"
    ).value  # CLAIM's twin after a merge
    other = ws.add_span(document=doc, start=23, end=29, label="QUOTE", annotator="ana").value
    ws.codebook.rename_label("c", "SOURCE", "SPEAKER")
    assert {s.label for s in ws.spans(doc)} == {"CLAIM", "SPEAKER", "QUOTE"}
    assert ws.schema("c").get("ATTRIBUTED_TO").tail == "SPEAKER"  # type: ignore[union-attr]
    assert ws.codebook.version("c") == 2
    ws.codebook.merge_labels("c", "QUOTE", "CLAIM")
    spans = {s.id: s for s in ws.spans(doc)}
    assert quote.id not in spans and spans[other.id].label == "CLAIM"  # the duplicate folded into its twin
    assert ws.schema("c").get("QUOTE") is None and ws.codebook.version("c") == 3
    ws.undo()
    spans = {s.id: s for s in ws.spans(doc)}
    assert spans[quote.id].label == "QUOTE" and spans[other.id].label == "QUOTE"
    ws.undo()
    assert {s.label for s in ws.spans(doc)} == {"CLAIM", "SOURCE", "QUOTE"}
    assert {s.id for s in ws.spans(doc)} == {claim.id, source.id, quote.id, other.id}
    lines = [(e.version, e.what) for e in ws.codebook.log("c")]
    assert lines[0] == (2, "label 'SOURCE' renamed to 'SPEAKER'")
    assert [what for _v, what in lines[-2:]] == [
        "undone: label 'QUOTE' merged",
        "label 'SPEAKER' renamed to 'SOURCE'",
    ]


def test_deleting_a_label_with_annotations_needs_force_and_undo_restores_them(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    claim = ws.add_span(document=doc, start=18, end=62, label="CLAIM", annotator="ana").value
    ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana")
    ws.set_value(doc, "FRAME", "conflict", annotator="ana")
    with pytest.raises(ValidationError, match=r"'CLAIM' carries 1 span\(s\).*--force"):
        ws.codebook.delete_label("c", "CLAIM")
    ws.codebook.delete_label("c", "CLAIM", force=True)
    assert [s.label for s in ws.spans(doc)] == ["SOURCE"]
    assert ws.schema("c").get("CLAIM") is None and ws.schema("c").get("ATTRIBUTED_TO") is None
    ws.codebook.delete_label("c", "FRAME", force=True)
    assert ws.values(doc) == []
    ws.undo()
    ws.undo()
    assert {s.id for s in ws.spans(doc)} >= {claim.id}
    assert [v.value for v in ws.values(doc)] == ["conflict"]
    assert ws.schema("c").names() == CODEBOOK.names()


def test_renaming_a_value_renames_it_in_every_annotation(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    span = ws.add_span(
        document=doc, start=0, end=17, label="SOURCE", annotator="ana", attributes={"type": "expert"}
    ).value
    ws.set_value(doc, "TOPICS", ["economy", "health"], annotator="ana")
    ws.codebook.rename_value("c", "SOURCE", "type", "expert", "academic")
    ws.codebook.rename_value("c", "TOPICS", None, "economy", "finance")
    assert ws.spans(doc)[0].attributes == {"type": "academic"}
    assert ws.values(doc)[0].value == ["finance", "health"]
    assert "academic" in ws.schema("c").get("SOURCE").attribute("type").spec.names()  # type: ignore[union-attr]
    ws.undo()
    assert ws.values(doc)[0].value == ["economy", "health"]
    assert span.id == ws.spans(doc)[0].id


def test_a_breaking_edit_is_refused_while_annotations_use_it(coded: Workspace) -> None:
    ws, doc = coded, _doc(coded)
    ws.add_span(
        document=doc, start=0, end=17, label="SOURCE", annotator="ana", attributes={"type": "citizen"}
    )
    data = schema_to_json(ws.schema("c"))
    source = next(x for x in data if x["name"] == "SOURCE")
    source["attributes"][0]["values"] = ["official", "expert", "anonymous"]  # drop the used "citizen"
    with pytest.raises(ValidationError, match=r"refused, 1 stored annotation\(s\) depend on it"):
        ws.codebook.update("c", parse_schema(data))
    source["attributes"][0]["values"] = ["official", "expert", "citizen", "anonymous", "witness"]
    source["description"] = "Who a statement is attributed to."
    result = ws.codebook.update("c", parse_schema(data), who="ana")
    assert {c.text for c in result.value} >= {"SOURCE: attribute 'type' gained value 'witness'"}
    assert ws.codebook.version("c") == 2 and ws.codebook.log("c")[-1].who == "ana"
    ws.undo()
    assert "witness" not in ws.schema("c").get("SOURCE").attribute("type").spec.names()  # type: ignore[union-attr]


def test_attributes_and_values_survive_a_native_round_trip(coded: Workspace, tmp_path: Path) -> None:
    ws, doc = coded, _doc(coded)
    ws.add_span(
        document=doc,
        start=0,
        end=17,
        label="SOURCE",
        annotator="ana",
        attributes={"type": "official", "named": True},
    )
    ws.set_value(doc, "TOPICS", ["politics"], annotator="ana")
    ws.set_value(doc, "TONE", 2, annotator="ana")
    out = tmp_path / "out.jsonl"
    ws.export("c", out)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["spans"][0]["attributes"] == {"type": "official", "named": True}
    assert line["spans"][0]["codebook_version"] == 1
    assert {(v["label"], json.dumps(v["value"])) for v in line["document_labels"]} == {
        ("TOPICS", '["politics"]'),
        ("TONE", "2"),
    }
    with Workspace.open(str(tmp_path / "other.sqlite3")) as other:
        other.create_project("c", CODEBOOK)
        report = other.import_paths("c", [out])
        assert report.values == 2
        back = other.first_document("c")
        assert back is not None
        assert other.spans(back)[0].attributes == {"type": "official", "named": True}
        assert {(v.label, v.annotator) for v in other.values(back)} == {("TOPICS", "ana"), ("TONE", "ana")}
        bad = tmp_path / "bad.jsonl"
        line["spans"][0]["attributes"] = {"type": "minister"}
        line.pop("text_sha256")
        line.pop("id")
        line["text"] = "Another text: " + line["text"]
        line["spans"][0]["start"] += 14
        line["spans"][0]["end"] += 14
        line["spans"][0]["text"] = line["text"][line["spans"][0]["start"] : line["spans"][0]["end"]]
        bad.write_text(json.dumps(line) + "\n", encoding="utf-8")
        with pytest.raises(ValidationError, match=r"bad.jsonl: line 1.*'minister' is not one of"):
            other.import_paths("c", [bad])
        grown = other.import_paths("c", [bad], add_labels=True)
        assert any("values added to the codebook: SOURCE.type=minister" in n for n in grown.notes)


def test_export_by_codebook_version_finds_annotations_made_before_a_change(
    coded: Workspace, tmp_path: Path
) -> None:
    ws, doc = coded, _doc(coded)
    ws.add_span(document=doc, start=18, end=62, label="CLAIM", annotator="ana")
    ws.codebook.rename_label("c", "QUOTE", "CITATION")
    ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana")
    out = tmp_path / "v1.jsonl"
    report = ws.export("c", out, codebook_version=1)
    assert report.spans == 1
    assert [s["label"] for s in json.loads(out.read_text(encoding="utf-8"))["spans"]] == ["CLAIM"]


def test_export_by_codebook_version_filters_relations_by_their_own_version(
    coded: Workspace, tmp_path: Path
) -> None:
    ws, doc = coded, _doc(coded)
    claim = ws.add_span(document=doc, start=18, end=62, label="CLAIM", annotator="ana").value.id
    source = ws.add_span(document=doc, start=0, end=17, label="SOURCE", annotator="ana").value.id
    kept = ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="ana").value
    ws.codebook.rename_label("c", "QUOTE", "CITATION")
    later = ws.links.add(claim, source, "ATTRIBUTED_TO", annotator="ben").value  # version 2, spans of 1
    assert {(r.id, r.codebook_version) for r in ws.relations(doc)} == {(kept.id, 1), (later.id, 2)}
    out = tmp_path / "v1.jsonl"
    report = ws.export("c", out, codebook_version=1)
    relations = json.loads(out.read_text(encoding="utf-8"))["relations"]
    assert [r["id"] for r in relations] == [kept.id]
    assert (
        "1 relation(s) left out: made under another codebook version, though both their spans are of version 1"
        in report.notes
    )
    report = ws.export("c", tmp_path / "v2.jsonl", codebook_version=2)  # its spans are of version 1
    assert json.loads((tmp_path / "v2.jsonl").read_text(encoding="utf-8"))["relations"] == []
    assert not any("relation(s) left out" in note for note in report.notes)
    report = ws.export("c", tmp_path / "all.jsonl")
    assert len(json.loads((tmp_path / "all.jsonl").read_text(encoding="utf-8"))["relations"]) == 2
    assert not any("relation(s) left out" in note for note in report.notes)
