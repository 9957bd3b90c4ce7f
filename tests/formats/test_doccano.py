"""doccano JSONL: UTF-16 offsets both ways, both record forms, surrogate errors, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import doccano
from annotator.formats.base import ReadContext
from annotator.project import Workspace

from .conftest import spans_by_text


def _lines(path: Path, *objs: object) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


def _read(path: Path, **options: str) -> list[AnnotatedDocument | InvalidRecord]:
    return list(doccano.read(path, ReadContext(options)))


def test_utf16_offsets_are_converted_to_code_points(tmp_path: Path) -> None:
    text = "Ok 😀 Ada said hi 👩\u200d🔬 Bo."
    # As doccano's browser counts: the emoji is 2 units, the ZWJ sequence 5.
    path = _lines(
        tmp_path / "d.jsonl", {"id": 7, "text": text, "label": [[6, 9, "SOURCE"], [24, 26, "SOURCE"]]}
    )
    (record,) = _read(path)
    assert isinstance(record, AnnotatedDocument)
    assert [record.document.text[s.start : s.end] for s in record.spans] == ["Ada", "Bo"]
    assert record.document.external_id == "7"
    # The same file read as code points is wrong past the emoji: the unit matters.
    (shifted,) = _read(path, offsets="codepoints")
    assert isinstance(shifted, InvalidRecord)
    assert "label 2: offsets [24, 26) are outside the text (length 24)" in shifted.message


def test_an_offset_that_splits_a_surrogate_pair_names_line_and_span(tmp_path: Path) -> None:
    path = _lines(tmp_path / "d.jsonl", {"text": "fine"}, {"text": "Ok 😀 Ada", "label": [[4, 9, "SOURCE"]]})
    records = _read(path)
    assert isinstance(records[0], AnnotatedDocument)
    bad = records[1]
    assert isinstance(bad, InvalidRecord)
    assert "d.jsonl: line 2, label 1: span [4, 9) in UTF-16 units" in bad.message
    assert "surrogate pair" in bad.message


def test_entities_and_relations_form(tmp_path: Path) -> None:
    text = "Ada 😀 said the wall holds."
    path = _lines(
        tmp_path / "d.jsonl",
        {
            "text": text,
            "outlet": "Ledger",
            "entities": [
                {"id": 1, "start_offset": 0, "end_offset": 3, "label": "SOURCE"},
                {"id": 2, "start_offset": 12, "end_offset": 27, "label": "CLAIM"},
            ],
            "relations": [{"id": 5, "from_id": 2, "to_id": 1, "type": "ATTRIBUTED_TO"}],
        },
    )
    (record,) = _read(path)
    assert isinstance(record, AnnotatedDocument)
    assert [text[s.start : s.end] for s in record.spans] == ["Ada", "the wall holds."]
    (rel,) = record.relations
    assert (rel.head, rel.tail, rel.label) == (record.spans[1].id, record.spans[0].id, "ATTRIBUTED_TO")
    assert record.document.meta == {"outlet": "Ledger"}


def test_export_writes_utf16_offsets(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out, format="doccano")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = rows[0]
    text = first["text"]
    units = text.encode("utf-16-le")
    for start, end, _label in first["label"]:
        # Slicing the UTF-16 encoding at the written offsets gives the span's characters.
        assert units[2 * start : 2 * end].decode("utf-16-le") in (
            "Mayor Ada Quill",
            "the 🧱 wall will hold",
            "🧱 wall",
            "Critics from Elmford",
        )
    assert first["outlet"] == "Coastal Ledger" and first["title"] == "Flood wall"
    cjk = rows[1]
    assert len(cjk["label"]) == 2  # alice's and bob's identical span merged: doccano has no annotator


def test_export_reimports_to_identical_spans(filled: Workspace, fresh: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = filled.export("p", out, format="doccano", include_suggested=True)
    assert any("same text with the same label" in n for n in report.notes)
    fresh.import_paths("q", [out], format="doccano")
    assert spans_by_text(fresh, "q") == spans_by_text(filled)


def test_relations_export_with_the_option(filled: Workspace, fresh: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out, format="doccano", options={"relations": "true"})
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["relations"][0]["type"] == "ATTRIBUTED_TO"
    fresh.import_paths("q", [out], format="doccano")
    doc_id = fresh.first_document("q")
    assert doc_id is not None
    (rel,) = fresh.relations(doc_id)
    spans = {s.id: s for s in fresh.spans(doc_id)}
    text = fresh.document(doc_id).text
    assert spans[rel.head].text_in(text) == "the 🧱 wall will hold"
    assert spans[rel.tail].text_in(text) == "Mayor Ada Quill"


def test_without_the_option_relations_are_reported_not_silently_lost(
    filled: Workspace, tmp_path: Path
) -> None:
    report = filled.export("p", tmp_path / "o.jsonl", format="doccano")
    assert any("ATTRIBUTED_TO" in n and "relations=true" in n for n in report.notes)


def test_bad_offsets_option(tmp_path: Path) -> None:
    path = _lines(tmp_path / "d.jsonl", {"text": "x"})
    with pytest.raises(ValidationError, match="grapheme"):
        _read(path, offsets="graphemes")
