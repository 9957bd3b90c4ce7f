"""The hand-coded gold sets for the journalism rules are consistent with themselves and with native JSONL.

`gold_rules.jsonl` is the main set (38 articles); `gold_rules_heldout.jsonl` (15 articles) was
written and coded after the rules and scored once before any change to them (the figures are in
tests/benchmarks/test_rules_quality.py). The coding conventions are in data/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.types import AnnotatedDocument
from annotator.formats import jsonl

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold_rules.jsonl"
HELDOUT = DATA / "gold_rules_heldout.jsonl"
SPAN_LABELS = {"CAPTION", "CLAIM", "SOURCE", "CUE", "DATELINE", "BYLINE", "BOILERPLATE"}
RELATION_KINDS = {"ATTRIBUTED_TO": ("CLAIM", "SOURCE"), "CUED_BY": ("CLAIM", "CUE")}


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


RECORDS = _records(GOLD) + _records(HELDOUT)


def test_gold_has_at_least_thirty_documents_and_ids_are_unique_across_both_sets() -> None:
    assert len(_records(GOLD)) >= 30
    ids = [r["id"] for r in RECORDS]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_gold_spans_match_their_text_and_fragments_are_well_formed(record: dict[str, Any]) -> None:
    text = record["text"]
    assert set(record) == {"id", "title", "text", "spans", "relations"}
    span_ids = [s["id"] for s in record["spans"]]
    assert len(set(span_ids)) == len(span_ids)
    for span in record["spans"]:
        start, end = span["start"], span["end"]
        assert 0 <= start < end <= len(text)
        assert span["label"] in SPAN_LABELS
        assert text[start:end] == span["text"]
        fragments = span.get("fragments")
        pieces = [(start, end)] if fragments is None else [tuple(f) for f in fragments]
        if fragments is not None:
            assert len(fragments) >= 2, "a one-piece span has no fragments list"
            assert pieces[0][0] == start and pieces[-1][1] == end
        for (a, b), following in zip(pieces, [*pieces[1:], None], strict=True):
            assert a < b
            if following is not None:
                assert b < following[0], "fragments are ordered and disjoint (and not touching)"
        for a, b in pieces:
            piece = text[a:b]
            assert piece == piece.strip(), f"{span['id']}: fragment {piece!r} has outer white space"


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_gold_relations_join_claims_to_sources_and_cues(record: dict[str, Any]) -> None:
    labels = {s["id"]: s["label"] for s in record["spans"]}
    seen = set()
    for rel in record["relations"]:
        head_kind, tail_kind = RELATION_KINDS[rel["label"]]
        assert labels[rel["head"]] == head_kind
        assert labels[rel["tail"]] == tail_kind
        key = (rel["head"], rel["label"])
        assert key not in seen, "a claim has at most one source and one cue"
        seen.add(key)


@pytest.mark.parametrize("path", [GOLD, HELDOUT], ids=["main", "heldout"])
def test_gold_reads_through_the_native_jsonl_reader(path: Path) -> None:
    records = list(jsonl.read(path))
    assert all(isinstance(r, AnnotatedDocument) for r in records), records
    assert [r.document.external_id for r in records if isinstance(r, AnnotatedDocument)] == [
        r["id"] for r in _records(path)
    ]
