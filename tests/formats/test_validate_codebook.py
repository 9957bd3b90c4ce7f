"""`validate` with a project's codebook checks span attributes and document values as an import does, listing all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.formats import brat
from annotator.formats.base import ExportContext
from annotator.formats.jsonl import record_to_json
from annotator.formats.validate import validate_file
from annotator.project import Workspace

from .codebook_fixtures import RELATION_LABELS, SCHEMA, SPAN_LABELS, quote_record


def _jsonl(path: Path, *objects: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def _broken() -> dict[str, object]:
    """The fixture article with a SOURCE type that is no choice, an unknown attribute and TONE out of range."""
    obj = record_to_json(quote_record())
    spans: list[dict[str, object]] = obj["spans"]  # type: ignore[assignment]
    spans[1]["attributes"] = {"type": "minister", "named": True, "seniority": "high"}
    for item in obj["document_labels"]:  # type: ignore[attr-defined]
        if item["label"] == "TONE":
            item["value"] = 9
    return obj


def test_every_attribute_and_value_problem_is_listed_with_line_span_and_attribute(tmp_path: Path) -> None:
    good = record_to_json(quote_record())
    path = _jsonl(tmp_path / "coded.jsonl", good, _broken())
    assert validate_file(path)[0].ok  # without a codebook the shapes are all fine
    result, _ = validate_file(path, schema=SCHEMA)
    where = f"{path}: line 2"
    assert [str(p) for p in result.problems] == [
        f"{where}, span 2: attribute 'type' of SOURCE: 'minister' is not one of official, expert, citizen, "
        "anonymous, press office",
        f"{where}, span 2: label 'SOURCE' has no attribute 'seniority' (its attributes: type, named, rank, role)",
        f"{where}, document label 3: TONE: 9 is above the maximum 5",
    ]


def test_an_import_refuses_what_validate_reports(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "coded.jsonl", _broken())
    ws = Workspace.open(str(tmp_path / "p.sqlite3"))
    try:
        ws.create_project("p", SCHEMA)
        with pytest.raises(ValidationError, match="'minister' is not one of"):
            ws.import_paths("p", [path])
        result, _ = validate_file(path, schema=ws.schema("p"))
    finally:
        ws.close()
    assert not result.ok and "'minister' is not one of" in result.problems[0].message


def test_unknown_variables_and_relation_labels_are_named(tmp_path: Path) -> None:
    obj = record_to_json(quote_record())
    obj["document_labels"] = [{"label": "MOOD", "value": "grim"}, {"label": "CLAIM", "value": "x"}]
    obj["relations"][0]["label"] = "QUOTES"  # type: ignore[index]
    path = _jsonl(tmp_path / "coded.jsonl", obj)
    result, _ = validate_file(path, schema=SCHEMA)
    messages = [p.message for p in result.problems]
    assert messages == [
        "unknown label 'QUOTES' (known labels: ATTRIBUTED_TO, CUED_BY)",
        "unknown label 'MOOD' (known labels: FRAME, TOPICS, TONE, SUMMARY, VERIFIED)",
        "label 'CLAIM' is a span label, not a document label",
    ]


def test_a_brat_attribute_is_typed_by_the_codebook_then_checked(tmp_path: Path) -> None:
    out = tmp_path / "brat"
    brat.write([quote_record()], out, ExportContext(SPAN_LABELS, RELATION_LABELS, schema=SCHEMA))
    assert validate_file(out, schema=SCHEMA)[0].ok
    ann = out / "quote-1.ann"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(
        text.replace("rank T3 2", "rank T3 9").replace("type T4 official", "type T4 minister"), "utf-8"
    )
    result, _ = validate_file(out, schema=SCHEMA)
    assert [p.message for p in result.problems] == [
        "attribute 'rank' of SOURCE: 9 is above the maximum 5",
        "attribute 'type' of SOURCE: 'minister' is not one of official, expert, citizen, anonymous, press office",
    ]
