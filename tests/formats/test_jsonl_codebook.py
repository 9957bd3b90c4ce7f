"""Native JSONL with the codebook: attributes, fragments, codebook versions, suggestions, relations, document labels."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.core.types import AnnotatedDocument, InvalidRecord, Origin
from annotator.formats import jsonl, native_check
from annotator.formats.base import ReadContext

from .codebook_fixtures import TEXT, at, quote_record, suggestion


def _written(*records: AnnotatedDocument) -> list[dict[str, Any]]:
    fh = io.StringIO()
    jsonl.write(records, fh)
    return [json.loads(line) for line in fh.getvalue().splitlines()]


def _read(path: Path) -> list[AnnotatedDocument | InvalidRecord]:
    return list(jsonl.read(path))


def test_a_discontinuous_span_keeps_its_hull_and_lists_its_fragments() -> None:
    record = quote_record()
    [line] = _written(record)
    claim, source = line["spans"][0], line["spans"][1]
    first, second = at("We will not back down,"), at("not this year.")
    assert (claim["start"], claim["end"]) == (first[0], second[1])
    assert claim["text"] == TEXT[first[0] : second[1]]
    assert claim["fragments"] == [list(first), list(second)]
    assert claim["attributes"] == {"certainty": "high", "themes": ["politics", "climate"]}
    assert claim["codebook_version"] == 3
    assert "fragments" not in source  # a span of one piece has none
    assert source["attributes"] == {"type": "press office", "named": True, "rank": 2}
    assert "suggester" not in source and "score" not in source  # only suggestions carry them
    assert line["relations"][0]["origin"] == "manual"
    assert line["relations"][0]["codebook_version"] == 3
    assert line["document_labels"] == [
        {"label": "FRAME", "value": "human interest", "annotator": "alice", "codebook_version": 3},
        {"label": "TOPICS", "value": ["politics", "economy"], "annotator": "alice", "codebook_version": 3},
        {"label": "TONE", "value": 4, "annotator": "alice", "codebook_version": 3},
        {
            "label": "SUMMARY",
            "value": "The mayor will not back down.\nThe office confirms.",
            "annotator": "alice",
            "codebook_version": 2,
        },
        {"label": "VERIFIED", "value": False, "annotator": "alice", "codebook_version": 3},
    ]


def test_a_suggestion_carries_its_suggester_and_score() -> None:
    record = quote_record()
    record = replace(record, spans=(*record.spans, suggestion()))
    [line] = _written(record)
    suggested = line["spans"][-1]
    assert (suggested["origin"], suggested["suggester"], suggested["score"]) == (
        "suggested",
        "rules 1.2",
        0.75,
    )


def test_the_round_trip_keeps_every_field(tmp_path: Path) -> None:
    record = quote_record()
    record = replace(record, spans=(*record.spans, suggestion()))
    unattributed = quote_record(annotator=None)
    path = tmp_path / "out.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        jsonl.write([record, unattributed], fh)
    back = _read(path)
    assert [replace(r, line=None) for r in back if isinstance(r, AnnotatedDocument)] == [record, unattributed]
    assert native_check.validate(path, ReadContext(), None).ok


GOOD_SPAN = {"id": "c1", "start": 1, "end": 64, "label": "CLAIM"}


@pytest.mark.parametrize(
    ("fragments", "message"),
    [
        ([[1, 23], [20, 64]], "fragment 2 [20, 64) must start after the previous one ends (23)"),
        ([[50, 64], [1, 23]], "fragment 2 [1, 23) must start after the previous one ends (64)"),
        ([[1, 23], [23, 64]], "fragment 2 [23, 64) must start after the previous one ends (23)"),
        ([[1, 23], [50, 70]], "fragments must run from start 1 to end 64 (they run from 1 to 70)"),
        ([[2, 23], [50, 64]], "fragments must run from start 1 to end 64 (they run from 2 to 64)"),
        ([[1, 64]], "fragments must list two or more pieces"),
        ([[1, 23], [50]], "fragment 2 must be a pair [start, end]"),
        ([[1, 23], [50.0, 64]], "fragment 2 offsets must be whole numbers"),
        ([[1, 23], [40, 30], [50, 64]], "fragment 2 [40, 30) is empty or reversed"),
        ("1-23,50-64", "'fragments' must be a list of [start, end] pairs"),
    ],
)
def test_bad_fragments_are_refused_naming_line_and_span(
    tmp_path: Path, fragments: object, message: str
) -> None:
    good = {"text": TEXT, "spans": [dict(GOOD_SPAN, fragments=[[1, 23], [50, 64]])]}
    spans: list[dict[str, Any]] = [
        {"start": 25, "end": 29, "label": "CUE"},
        dict(GOOD_SPAN, fragments=fragments),
    ]
    bad = {"id": "quote-2", "text": TEXT, "spans": spans}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, AnnotatedDocument) and first.spans[0].fragments == ((1, 23), (50, 64))
    assert isinstance(second, InvalidRecord)
    assert second.message.startswith(f"{path}: line 2 (document quote-2), span 2 (c1): "), second.message
    assert message in second.message
    # validate reports the same span, and passes the good line.
    problems = native_check.validate(path, ReadContext(), None).problems
    assert [p.where.split(" [")[0] for p in problems] == [f"{path}: line 2, span 2"]
    assert message.split(" (")[0].split(" [")[0] in problems[0].message


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([{"label": "FRAME"}], "document label 1 (FRAME): 'value' is missing"),
        ([{"label": "FRAME", "value": None}], "document label 1 (FRAME): 'value' is missing"),
        ([{"label": "FRAME", "value": {"a": 1}}], "'value' must be text, a number, true or false, or a list"),
        ([{"label": "TOPICS", "value": ["politics", 3]}], "'value' must be a list of texts, holding 3"),
        ([{"value": "conflict"}], "document label 1: 'label' is missing"),
        ([{"label": "FRAME", "value": "conflict", "codebook_version": -1}], "must not be negative"),
        (
            [{"label": "FRAME", "value": "conflict", "codebook_version": "3"}],
            "'codebook_version' must be a whole",
        ),
        (
            [{"label": "FRAME", "value": "conflict"}, {"label": "FRAME", "value": "economic"}],
            "document label 2: FRAME by no annotator is given twice",
        ),
        ("FRAME=conflict", "'document_labels' must be a list"),
    ],
)
def test_bad_document_labels_are_refused_with_their_line(
    tmp_path: Path, labels: object, message: str
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "document_labels": labels}) + "\n", encoding="utf-8")
    [record] = _read(path)
    assert isinstance(record, InvalidRecord)
    assert record.message.startswith(f"{path}: line 1"), record.message
    assert message in record.message, record.message
    assert not native_check.validate(path, ReadContext(), None).ok


def test_values_keep_their_json_types_and_two_coders_may_code_one_variable(tmp_path: Path) -> None:
    labels = [
        {"label": "FRAME", "value": "conflict", "annotator": "alice"},
        {"label": "FRAME", "value": "economic", "annotator": "bob", "codebook_version": 4},
        {"label": "TONE", "value": 2.5},
        {"label": "VERIFIED", "value": True},
        {"label": "TOPICS", "value": []},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "document_labels": labels}) + "\n", encoding="utf-8")
    [record] = _read(path)
    assert isinstance(record, AnnotatedDocument)
    assert [(v.label, v.value, v.annotator, v.codebook_version) for v in record.values] == [
        ("FRAME", "conflict", "alice", None),
        ("FRAME", "economic", "bob", 4),
        ("TONE", 2.5, None, None),
        ("VERIFIED", True, None, None),
        ("TOPICS", [], None, None),
    ]
    assert native_check.validate(path, ReadContext(), None).ok


def test_a_line_without_the_new_fields_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    span = {"start": 25, "end": 29, "label": "CUE"}
    relation_less = {"text": TEXT, "spans": [dict(span, id="a"), dict(span, id="b", label="SOURCE")]}
    relation_less["relations"] = [{"head": "a", "tail": "b", "label": "R"}]
    path.write_text(json.dumps(relation_less) + "\n", encoding="utf-8")
    [record] = _read(path)
    assert isinstance(record, AnnotatedDocument)
    assert [(s.fragments, s.codebook_version, s.suggester, s.score) for s in record.spans] == [
        ((), None, None, None)
    ] * 2
    assert (record.relations[0].origin, record.relations[0].codebook_version) == (Origin.IMPORTED, None)
    assert record.values == ()


def test_fragmented_spans_differing_only_in_fragments_are_not_duplicates(tmp_path: Path) -> None:
    base = {"start": 1, "end": 64, "label": "CLAIM", "annotator": "alice"}
    spans = [
        dict(base, fragments=[[1, 23], [50, 64]]),
        dict(base, fragments=[[1, 10], [50, 64]]),
        dict(base, fragments=[[1, 23], [50, 64]]),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "spans": spans}) + "\n", encoding="utf-8")
    problems = native_check.validate(path, ReadContext(), None).problems
    assert [(re.sub(r" \[.*", "", p.where), p.kind) for p in problems] == [
        (f"{path}: line 1, span 3", "duplicate")
    ]
