"""doccano and the codebook: document variables as cats (read back), relations, and what doccano cannot hold, counted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.codebook import DocumentValue, check_value
from annotator.core.coerce import typed_record
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import doccano
from annotator.formats.base import ExportContext, ReadContext

from .codebook_corpus import SECOND, SPLIT, at, context, corpus, schema, split_quote, two_coders


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _read(path: Path, ctx: ReadContext | None = None) -> list[AnnotatedDocument]:
    records = list(doccano.read(path, ctx or ReadContext()))
    assert all(isinstance(r, AnnotatedDocument) for r in records), records
    return [r for r in records if isinstance(r, AnnotatedDocument)]


def test_document_variables_are_cats_in_doccanos_intent_shape(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    stats = doccano.write(corpus(), out, context())
    first, second = _lines(out)
    # doccano's intent-detection export: entities as [start, end, label] triples beside a sorted cats list.
    assert "label" not in first and isinstance(first["entities"][0], list)
    assert first["cats"] == ["BREAKING=false", "FRAME=conflict", "TOPICS=politics", "TOPICS=transport"]
    # The coders agree on FRAME and TOPICS, not on BREAKING: it is left out, and counted.
    assert second["cats"] == ["FRAME=economic", "TOPICS=economy", "TOPICS=transport"]
    notes = stats.notes("doccano")
    assert any(n.startswith("doccano: dropped 1 BREAKING item(s): doccano holds one value") for n in notes)
    for name in ("TONE", "SUMMARY"):
        assert (
            f"doccano: dropped 1 {name} item(s): doccano's cats hold categories only, not number or text variables"
            in notes
        )
    assert doccano.validate(out, ReadContext(), None).problems == []


def test_cats_read_back_as_the_same_values_without_an_annotator(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    doccano.write([split_quote()], out, context())
    (record,) = _read(out)
    raw = {v.label: v.value for v in record.values}
    assert raw == {"FRAME": "conflict", "TOPICS": ["politics", "transport"], "BREAKING": "false"}
    assert {v.annotator for v in record.values} == {None}
    # Typed by the codebook, every value passes the import's check and equals what was coded.
    typed = {v.label: v.value for v in typed_record(record, schema()).values}
    assert typed == {"FRAME": "conflict", "TOPICS": ["politics", "transport"], "BREAKING": False}
    for label, value in typed.items():
        spec = schema().get(label).spec  # type: ignore[union-attr]
        assert spec is not None and check_value(spec, value, label) == value


def test_relations_form_keeps_cats_and_one_piece_relations(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    stats = doccano.write([split_quote()], out, context(relations="true"))
    (line,) = _lines(out)
    assert line["cats"] == ["BREAKING=false", "FRAME=conflict", "TOPICS=politics", "TOPICS=transport"]
    units = SPLIT.encode("utf-16-le")  # doccano counts UTF-16 units: the wave emoji is two
    texts = {
        e["id"]: units[2 * e["start_offset"] : 2 * e["end_offset"]].decode("utf-16-le")
        for e in line["entities"]
    }
    pairs = sorted((texts[r["from_id"]], r["type"], texts[r["to_id"]]) for r in line["relations"])
    assert pairs == [
        ("will meet again in May", "ATTRIBUTED_TO", "its chair Noor Vessel"),
        ("will meet again in May", "CUED_BY", "according to"),
    ]
    # The split quote has no place in doccano: it is left out with both its relations, and said.
    assert '"We will not back down,"' not in texts.values()
    assert sum(n for (lab, why), n in stats.dropped.items() if lab == "CLAIM" and "discontinuous" in why) == 1
    assert sum(n for (lab, _), n in stats.dropped.items() if lab in ("ATTRIBUTED_TO", "CUED_BY")) == 2
    # Attributes have no place either: each is counted by LABEL.attribute.
    assert stats.dropped[("SOURCE.type", "doccano holds no span attributes")] == 1
    assert stats.dropped[("SOURCE.named", "doccano holds no span attributes")] == 2
    (record,) = _read(out)
    assert len(record.relations) == 2 and {v.label for v in record.values} == {"FRAME", "TOPICS", "BREAKING"}
    assert doccano.validate(out, ReadContext(), None).problems == []


def test_a_codebook_without_variables_keeps_the_label_form(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    doccano.write([replace(split_quote(), values=())], out, ExportContext(options={}))
    (line,) = _lines(out)
    assert "cats" not in line and isinstance(line["label"], list)


def test_doccanos_own_intent_and_classification_exports_are_read(tmp_path: Path) -> None:
    path = tmp_path / "doccano.jsonl"
    start, end = at(SECOND, "Officials")
    lines = [
        # As doccano's intent-detection export writes it (offsets in UTF-16: no astral character before them).
        {
            "id": 1,
            "text": SECOND,
            "entities": [[start, end, "SOURCE"]],
            "cats": ["FRAME=economic", "TOPICS=transport"],
        },
        # A text-classification export: its categories under "label"; one is not VARIABLE=value.
        {"id": 2, "text": "Short note.", "label": ["BREAKING=true", "positive"], "Comments": []},
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    ctx = ReadContext()
    intent, classified = _read(path, ctx)
    assert [(s.start, s.end, s.label) for s in intent.spans] == [(start, end, "SOURCE")]
    assert intent.values == (DocumentValue("FRAME", "economic"), DocumentValue("TOPICS", "transport"))
    assert "cats" not in intent.document.meta
    assert classified.values == (DocumentValue("BREAKING", "true"),) and classified.spans == ()
    assert any(
        "1 categor(y/ies) not of the form VARIABLE=value" in n and "'positive'" in n for n in ctx.notes
    )
    assert doccano.validate(path, ReadContext(), None).problems == []


def test_a_category_of_the_wrong_type_is_an_invalid_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "cats": ["FRAME=conflict", 3]}) + "\n", encoding="utf-8")
    (bad,) = list(doccano.read(path, ReadContext()))
    assert (
        isinstance(bad, InvalidRecord) and "line 1, category 2: must be non-empty text, got 3" in bad.message
    )
    assert doccano.validate(path, ReadContext(), None).problems


def test_two_coders_who_disagree_on_a_multi_leave_it_out(tmp_path: Path) -> None:
    record = two_coders()
    disagreeing = AnnotatedDocument(
        record.document,
        values=(DocumentValue("TOPICS", ["economy"], "alice"), DocumentValue("TOPICS", ["transport"], "bob")),
    )
    stats = doccano.write([disagreeing], tmp_path / "d.jsonl", context())
    assert _lines(tmp_path / "d.jsonl")[0]["cats"] == []
    assert sum(n for (lab, _), n in stats.dropped.items() if lab == "TOPICS") == 1
