"""Label Studio tasks: code-point offsets, annotations and predictions, relations, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, InvalidRecord, Origin
from annotator.formats import labelstudio
from annotator.formats.base import ReadContext
from annotator.project import Workspace

from .conftest import spans_by_text

TEXT = "Quill 🧱 said: “We will finish the wall.”"


def _region(rid: str, start: int, end: int, label: str) -> dict[str, object]:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
    }


TASK = {
    "id": 3,
    "data": {"text": TEXT, "outlet": "Ledger"},
    "annotations": [
        {
            "id": 9,
            "completed_by": 4,
            "was_cancelled": False,
            "result": [
                _region("a1", 0, 5, "SOURCE"),
                _region("a2", 14, 40, "CLAIM"),
                {
                    "from_id": "a2",
                    "to_id": "a1",
                    "type": "relation",
                    "direction": "right",
                    "labels": ["ATTRIBUTED_TO"],
                },
            ],
        },
        {"id": 10, "completed_by": 5, "was_cancelled": True, "result": [_region("b1", 0, 5, "SOURCE")]},
    ],
    "predictions": [{"model_version": "m1", "score": 0.5, "result": [_region("p1", 6, 7, "CLAIM")]}],
}


def _read(path: Path) -> tuple[list[AnnotatedDocument | InvalidRecord], list[str]]:
    ctx = ReadContext()
    return list(labelstudio.read(path, ctx)), ctx.notes


def test_full_export_array(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([TASK], ensure_ascii=False, indent=2), encoding="utf-8")
    (record,), notes = _read(path)
    assert isinstance(record, AnnotatedDocument)
    got = [(TEXT[s.start : s.end], s.label, s.origin, s.annotator) for s in record.spans]
    assert got == [
        ("Quill", "SOURCE", Origin.IMPORTED, "labelstudio-user-4"),
        ("“We will finish the wall.”", "CLAIM", Origin.IMPORTED, "labelstudio-user-4"),
        ("🧱", "CLAIM", Origin.SUGGESTED, None),  # the emoji is one code point
    ]
    # The prediction's model_version is the suggester, its score the span's (no longer attributes).
    suggestion = record.spans[2]
    assert (suggestion.suggester, suggestion.score, suggestion.attributes) == ("m1", 0.5, {})
    (rel,) = record.relations
    assert (rel.head, rel.tail) == (record.spans[1].id, record.spans[0].id)
    assert record.document.meta == {"outlet": "Ledger"}
    assert any("1 cancelled annotation(s) not imported" in n for n in notes)


def test_jsonl_tasks_and_a_bad_line(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(TASK))
    bad["annotations"][0]["result"][0]["value"]["text"] = "Quil"
    path = tmp_path / "ls.jsonl"
    path.write_text(json.dumps(TASK) + "\n{broken\n" + json.dumps(bad) + "\n", encoding="utf-8")
    records, _ = _read(path)
    assert isinstance(records[0], AnnotatedDocument)
    assert isinstance(records[1], InvalidRecord) and "line 2: not valid JSON" in records[1].message
    assert isinstance(records[2], InvalidRecord)
    assert "line 3, annotation 1, result 1 [0, 5) 'SOURCE': value.text 'Quil' differs" in records[2].message


def test_export_is_a_json_array_label_studio_can_import(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "ls.json"
    filled.export("p", out, format="labelstudio", include_suggested=True)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 7
    first = tasks[0]
    assert first["data"]["text"].startswith("Mayor Ada Quill")
    ann = first["annotations"][0]
    assert isinstance(ann["completed_by"], int)
    for region in (r for r in ann["result"] if r["type"] == "labels"):
        v = region["value"]
        assert first["data"]["text"][v["start"] : v["end"]] == v["text"]
    zwj = tasks[5]
    assert zwj["predictions"][0]["result"][0]["value"]["text"] == "👍🏽 result"


def test_export_reimports_with_annotators_and_origins(
    filled: Workspace, fresh: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "ls.json"
    filled.export("p", out, format="labelstudio", include_suggested=True)
    fresh.import_paths("q", [out])
    assert spans_by_text(fresh, "q") == spans_by_text(filled)
    before = {
        (r.document.text, s.start, s.end, s.label, s.annotator, s.origin)
        for r in filled.export_records("p", status="all", annotator=None, labels=None, progress=None)
        for s in r.spans
    }
    after = {
        (
            r.document.text,
            s.start,
            s.end,
            s.label,
            s.annotator,
            Origin.IMPORTED if s.origin == Origin.IMPORTED else s.origin,
        )
        for r in fresh.export_records("q", status="all", annotator=None, labels=None, progress=None)
        for s in r.spans
    }
    # Annotators survive (bob's copy of the CJK claim too); suggestions stay suggestions.
    assert {x[:5] for x in after} == {x[:5] for x in before}
    assert {x for x in after if x[5] == Origin.SUGGESTED} == {x for x in before if x[5] == Origin.SUGGESTED}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('{"data": {"text": "a"}, "id": ' + "9" * 5000 + "}", "line 1: a number is too long (5000 digits"),
        (
            '{"data": {"text": "a"}, "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "line 1: JSON nested too deeply",
        ),
    ],
)
def test_a_jsonl_task_with_a_too_long_number_or_too_deep_nesting_is_one_invalid_line(
    tmp_path: Path, bad: str, message: str
) -> None:
    path = tmp_path / "tasks.jsonl"
    path.write_text(bad + '\n{"data": {"text": "The ferry is late."}}\n', encoding="utf-8")
    first, second = list(labelstudio.read(path, ReadContext()))
    assert isinstance(first, InvalidRecord) and first.message.startswith(f"{path}: {message}")
    assert isinstance(second, AnnotatedDocument) and second.document.text == "The ferry is late."
