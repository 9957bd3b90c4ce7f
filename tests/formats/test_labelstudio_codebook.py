"""Label Studio with the codebook: fragment regions, per-region attributes, relations, document variables, the config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.core.coerce import typed_record
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord, Origin
from annotator.formats import labelstudio
from annotator.formats.base import ExportContext, ReadContext

from .codebook_fixtures import RELATION_LABELS, SCHEMA, SPAN_LABELS, TEXT, at, quote_record, suggestion

CTX = ExportContext(labels=SPAN_LABELS, relation_labels=RELATION_LABELS, schema=SCHEMA)


def _export(tmp_path: Path, *records: AnnotatedDocument, ctx: ExportContext = CTX) -> tuple[Path, list[Any]]:
    out = tmp_path / "tasks.json"
    labelstudio.write(records, out, ctx)
    return out, json.loads(out.read_text(encoding="utf-8"))


def _one_task(tmp_path: Path) -> dict[str, Any]:
    record = quote_record()
    record = replace(record, spans=(*record.spans, suggestion()))
    _, [task] = _export(tmp_path, record)
    assert isinstance(task, dict)
    return task


def test_a_discontinuous_span_is_one_region_per_fragment_linked_to_the_first(tmp_path: Path) -> None:
    results = _one_task(tmp_path)["annotations"][0]["result"]
    first, second = at("We will not back down,"), at("not this year.")
    regions = [r for r in results if r["type"] == "labels" and r["value"]["labels"] == ["CLAIM"]]
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["text"]) for r in regions] == [
        (*first, "We will not back down,"),
        (*second, "not this year."),
    ]
    link = {"from_id": regions[1]["id"], "to_id": regions[0]["id"], "type": "relation", "direction": "right"}
    assert dict(link, labels=["fragment_of"]) in results
    # The attribution relations start from the first fragment's region.
    source = next(
        r["id"] for r in results if r["type"] == "labels" and r["value"]["text"] == "Mayor Ada Quill"
    )
    assert dict(link, from_id=regions[0]["id"], to_id=source, labels=["ATTRIBUTED_TO"]) in results


def test_attributes_are_per_region_results_with_the_region_id(tmp_path: Path) -> None:
    results = _one_task(tmp_path)["annotations"][0]["result"]
    source = next(r for r in results if r["type"] == "labels" and r["value"]["text"] == "Mayor Ada Quill")
    start, end = at("Mayor Ada Quill")
    per_region = [r for r in results if r["type"] != "labels" and r.get("id") == source["id"]]
    assert [(r["from_name"], r["to_name"], r["type"], r["value"]) for r in per_region] == [
        (
            "SOURCE.type",
            "text",
            "choices",
            {"start": start, "end": end, "text": "Mayor Ada Quill", "choices": ["press office"]},
        ),
        (
            "SOURCE.named",
            "text",
            "choices",
            {"start": start, "end": end, "text": "Mayor Ada Quill", "choices": ["yes"]},
        ),
        (
            "SOURCE.rank",
            "text",
            "number",
            {"start": start, "end": end, "text": "Mayor Ada Quill", "number": 2},
        ),
    ]
    office = next(r for r in results if r["type"] == "labels" and r["value"]["text"].startswith("The city"))
    [role] = [r for r in results if r.get("from_name") == "SOURCE.role"]
    # A per-region textarea's value.text is the typed text, as Label Studio saves it.
    assert (role["id"], role["type"], role["value"]["text"]) == (office["id"], "textarea", ["engineers"])


def test_document_variables_are_classifications_of_the_whole_text(tmp_path: Path) -> None:
    results = _one_task(tmp_path)["annotations"][0]["result"]
    whole = [
        (r["from_name"], r["type"], r["value"])
        for r in results
        if "start" not in r.get("value", {"start": 0})
    ]
    assert whole == [
        ("FRAME", "choices", {"choices": ["human interest"]}),
        ("TOPICS", "choices", {"choices": ["politics", "economy"]}),
        ("TONE", "number", {"number": 4}),
        ("SUMMARY", "textarea", {"text": ["The mayor will not back down.\nThe office confirms."]}),
        ("VERIFIED", "choices", {"choices": ["no"]}),
    ]


def test_a_suggestion_is_a_prediction_with_its_model_version_and_score(tmp_path: Path) -> None:
    [prediction] = _one_task(tmp_path)["predictions"]
    assert prediction["model_version"] == "rules 1.2"
    [region, certainty] = prediction["result"]
    assert (region["type"], region["score"], region["value"]["text"]) == ("labels", 0.75, "the cost")
    assert (certainty["from_name"], certainty["value"]["choices"]) == ("CLAIM.certainty", ["low"])


def test_the_tasks_read_back_to_the_same_spans_relations_attributes_and_values(tmp_path: Path) -> None:
    record = quote_record()
    record = replace(record, spans=(*record.spans, suggestion()))
    out, _ = _export(tmp_path, record)
    [back] = list(labelstudio.read(out, ReadContext()))
    assert isinstance(back, AnnotatedDocument), back
    back = typed_record(back, SCHEMA)

    def content(r: AnnotatedDocument) -> list[tuple[Any, ...]]:
        return sorted(
            (s.pieces(), s.label, s.annotator, sorted(s.attributes.items()), s.suggester, s.score)
            for s in r.spans
        )

    assert content(back) == content(record)
    assert {s.origin for s in back.spans} == {Origin.IMPORTED, Origin.SUGGESTED}
    pieces = {s.id: (s.pieces(), s.label) for s in back.spans}
    original = {s.id: (s.pieces(), s.label) for s in record.spans}
    assert sorted((pieces[r.head], pieces[r.tail], r.label, r.annotator) for r in back.relations) == sorted(
        (original[r.head], original[r.tail], r.label, r.annotator) for r in record.relations
    )
    assert [(v.label, v.value, v.annotator) for v in back.values] == [
        (v.label, v.value, v.annotator) for v in record.values
    ]
    assert labelstudio.validate(out, ReadContext(), SPAN_LABELS).ok


def test_the_labeling_config_is_written_beside_the_tasks(tmp_path: Path) -> None:
    _one_task(tmp_path)
    root = ET.fromstring((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    labels = root.find("Labels")
    assert labels is not None and (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert [(e.get("value"), e.get("background")) for e in labels] == [
        ("CLAIM", "#F5C26B"),
        ("SOURCE", "#9AD0F5"),
        ("CUE", "#B8E0B0"),
    ]
    text = root.find("Text")
    assert text is not None and text.get("value") == "$text"
    assert [e.get("value") for e in root.iter("Relation")] == ["ATTRIBUTED_TO", "CUED_BY", "fragment_of"]
    controls = {e.get("name"): e for e in root.iter() if e.get("toName") == "text" and e.tag != "Labels"}
    kind = controls["SOURCE.type"]
    assert (kind.tag, kind.get("perRegion"), kind.get("choice"), kind.get("whenLabelValue")) == (
        "Choices",
        "true",
        "single",
        "SOURCE",
    )
    assert [c.get("value") for c in kind] == ["official", "expert", "citizen", "anonymous", "press office"]
    assert [c.get("value") for c in controls["SOURCE.named"]] == ["yes", "no"]
    assert (
        controls["SOURCE.rank"].tag,
        controls["SOURCE.rank"].get("min"),
        controls["SOURCE.rank"].get("max"),
    ) == (
        "Number",
        "1",
        "5",
    )
    assert controls["SOURCE.role"].tag == "TextArea"
    assert controls["CLAIM.themes"].get("choice") == "multiple"
    frame = controls["FRAME"]
    assert (frame.tag, frame.get("perRegion"), frame.get("choice")) == ("Choices", None, "single")
    assert controls["TOPICS"].get("choice") == "multiple"
    assert [controls[n].tag for n in ("TONE", "SUMMARY", "VERIFIED")] == ["Number", "TextArea", "Choices"]


def test_the_config_can_be_left_out(tmp_path: Path) -> None:
    ctx = replace(CTX, options={"config": "false"})
    _export(tmp_path, quote_record(), ctx=ctx)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.json"]


def test_the_report_names_the_fragment_link(tmp_path: Path) -> None:
    stats = labelstudio.write([quote_record()], tmp_path / "t.json", CTX)
    assert stats.notes("labelstudio") == [
        "labelstudio: changed 1 CLAIM span(s): discontinuous, written as one region per fragment "
        "linked to the first by 'fragment_of' relations"
    ]


def test_a_fragment_link_named_like_a_relation_label_is_refused(tmp_path: Path) -> None:
    ctx = replace(CTX, options={"fragment_relation": "CUED_BY"})
    with pytest.raises(ValidationError, match="the fragment link 'CUED_BY' is a label of the project"):
        labelstudio.write([quote_record()], tmp_path / "t.json", ctx)


def test_another_fragment_link_name_reads_back_with_the_same_option(tmp_path: Path) -> None:
    ctx = replace(CTX, options={"fragment_relation": "continues"})
    out, [task] = _export(tmp_path, quote_record(), ctx=ctx)
    assert any(r.get("labels") == ["continues"] for r in task["annotations"][0]["result"])
    [back] = list(labelstudio.read(out, ReadContext({"fragment_relation": "continues"})))
    assert isinstance(back, AnnotatedDocument)
    assert [s.fragments for s in back.spans if s.label == "CLAIM"] == [quote_record().spans[0].fragments]
    assert labelstudio.validate(out, ReadContext({"fragment_relation": "continues"}), None).ok


def _task(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": {"text": TEXT}, "annotations": [{"completed_by": 1, "result": results}]}


def _labels(rid: str, part: str, label: str = "CLAIM", nth: int = 0) -> dict[str, Any]:
    start, end = at(part, nth)
    value = {"start": start, "end": end, "text": part, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _link(a: str, b: str, label: str = "fragment_of") -> dict[str, Any]:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [label]}


def test_a_chain_of_fragment_links_in_any_order_is_one_span(tmp_path: Path) -> None:
    results = [
        _labels("c", "the cost"),
        _labels("a", "We will"),
        _labels("b", "this year"),
        _link("a", "b"),
        _link("c", "b"),
        {
            "id": "a",
            "from_name": "CLAIM.certainty",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["low"]},
        },
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps([_task(results)]), encoding="utf-8")
    [record] = list(labelstudio.read(path, ReadContext()))
    assert isinstance(record, AnnotatedDocument), record
    [span] = record.spans
    assert span.fragments == (at("We will"), at("this year"), at("the cost"))
    assert span.attributes == {"certainty": "low"}
    result = labelstudio.validate(path, ReadContext(), None)
    assert (result.ok, result.spans) == (True, 1)


@pytest.mark.parametrize(
    ("results", "message"),
    [
        (
            [_labels("a", "We will"), _labels("b", "will not"), _link("a", "b")],
            "fragment 2 [4, 12) must start after the previous one ends (8)",
        ),
        (
            [_labels("a", "We will"), _labels("b", "this year", "SOURCE"), _link("a", "b")],
            "are linked as fragments of one span but carry different labels",
        ),
    ],
)
def test_bad_fragment_links_are_refused_naming_the_result(
    tmp_path: Path, results: list[Any], message: str
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps([_task(results)]), encoding="utf-8")
    [record] = list(labelstudio.read(path, ReadContext()))
    assert isinstance(record, InvalidRecord)
    assert record.message.startswith(f"{path}: task 1 (line 1), annotation 1, result 1"), record.message
    assert message in record.message
    problems = labelstudio.validate(path, ReadContext(), None).problems
    assert len(problems) == 1 and message in problems[0].message


def test_a_foreign_per_region_control_keeps_its_name_and_a_prediction_classification_is_not_a_value(
    tmp_path: Path,
) -> None:
    results = [
        _labels("a", "Mayor Ada Quill", "SOURCE"),
        {
            "id": "a",
            "from_name": "kind",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["expert"]},
        },
        {
            "id": "z",
            "from_name": "FRAME",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["economic"]},
        },
    ]
    task = _task(results)
    task["predictions"] = [{"model_version": "m", "result": [results[2]]}]
    path = tmp_path / "t.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    ctx = ReadContext()
    [record] = list(labelstudio.read(path, ctx))
    assert isinstance(record, AnnotatedDocument), record
    assert [s.attributes for s in record.spans] == [{"kind": "expert"}]
    assert [(v.label, v.value, v.annotator) for v in record.values] == [
        ("FRAME", "economic", "labelstudio-user-1")
    ]
    assert ctx.notes == [f"{path}: 1 document-level prediction result(s) not imported"]
