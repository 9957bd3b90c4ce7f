"""Prodigy and the codebook: choice options and accept, relations by token_end, attributes, fragments counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.types import AnnotatedDocument
from annotator.formats import prodigy
from annotator.formats.base import ReadContext, WriteStats
from annotator.formats.export_tokens import ExportTokenizer

from .codebook_corpus import SPLIT, context, corpus, split_quote


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, *tasks: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    return path


def _read(path: Path, ctx: ReadContext | None = None) -> list[AnnotatedDocument]:
    records = list(prodigy.read(path, ctx or ReadContext()))
    assert all(isinstance(r, AnnotatedDocument) for r in records), records
    return [r for r in records if isinstance(r, AnnotatedDocument)]


def test_variables_are_choice_options_with_the_chosen_ids_accepted(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    stats = prodigy.write(corpus(), out, context())
    first, second = _lines(out)
    # Prodigy's choice interface: options of {"id", "text"}, answer ids in "accept".
    assert [o["id"] for o in first["options"]] == [
        "FRAME=conflict",
        "FRAME=economic",
        "FRAME=human interest",
        "TOPICS=politics",
        "TOPICS=economy",
        "TOPICS=transport",
        "BREAKING=true",
        "BREAKING=false",
    ]
    assert all(set(o) == {"id", "text"} for o in first["options"])
    assert first["accept"] == ["BREAKING=false", "FRAME=conflict", "TOPICS=politics", "TOPICS=transport"]
    assert second["accept"] == ["FRAME=economic", "TOPICS=economy", "TOPICS=transport"]  # BREAKING: disagreed
    assert ("TONE", prodigy._NOT_OPTIONS) in stats.dropped and (
        "SUMMARY",
        prodigy._NOT_OPTIONS,
    ) in stats.dropped
    assert prodigy.validate(out, ReadContext(), None).problems == []


def test_accepted_choices_are_read_back_as_the_annotators_values(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    prodigy.write([split_quote()], out, context())
    (task,) = _lines(out)
    task["_annotator_id"] = "news-alice"
    (record,) = _read(_write(tmp_path / "db-out.jsonl", task))
    assert list(record.values) == [
        DocumentValue("BREAKING", "false", "news-alice"),
        DocumentValue("FRAME", "conflict", "news-alice"),
        DocumentValue("TOPICS", ["politics", "transport"], "news-alice"),
    ]


def test_relation_head_and_child_are_the_last_token_of_each_span(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    prodigy.write([split_quote()], out, context())
    (task,) = _lines(out)
    tokens = task["tokens"]
    rels = {(r["head_span"]["text"], r["child_span"]["text"]): r for r in task["relations"]}
    rel = rels[("will meet again in May", "its chair Noor Vessel")]
    # Both spans are several tokens long, so first and last token differ: the index is the last one.
    for key, span_key in (("head", "head_span"), ("child", "child_span")):
        span = rel[span_key]
        assert span["token_start"] < span["token_end"] == rel[key]
        assert (
            tokens[rel[key]]["end"] == span["end"] and tokens[span["token_start"]]["start"] == span["start"]
        )


def test_a_relation_named_by_token_indices_only_is_resolved_through_its_spans(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    prodigy.write([split_quote()], out, context())
    (task,) = _lines(out)
    for rel in task["relations"]:
        del rel["head_span"], rel["child_span"]
    task["relations"].append({"head": 0, "child": 1, "label": "punct"})  # a dependency arc between tokens
    ctx = ReadContext()
    (record,) = _read(_write(tmp_path / "arcs.jsonl", task), ctx)
    text = {s.id: SPLIT[s.start : s.end] for s in record.spans}
    assert sorted((text[r.head], r.label, text[r.tail]) for r in record.relations) == [
        ("will meet again in May", "ATTRIBUTED_TO", "its chair Noor Vessel"),
        ("will meet again in May", "CUED_BY", "according to"),
    ]
    assert any("1 relation(s) between tokens that end no span" in n for n in ctx.notes)


def test_the_validator_refuses_a_head_that_is_not_the_spans_token_end(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    prodigy.write([split_quote()], out, context())
    (task,) = _lines(out)
    rel = next(r for r in task["relations"] if r["head_span"]["token_start"] != r["head_span"]["token_end"])
    rel["head"] = rel["head_span"]["token_start"]
    problems = [
        str(p) for p in prodigy.validate(_write(tmp_path / "bad.jsonl", task), ReadContext(), None).problems
    ]
    assert any("head_span" in p and "is not the span's token_end" in p for p in problems), problems


def test_span_attributes_ride_along_and_come_back(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    prodigy.write([split_quote()], out, context())
    (task,) = _lines(out)
    assert {s["text"]: s.get("attributes") for s in task["spans"] if s["label"] == "SOURCE"} == {
        "she": {"type": "official", "named": False},
        "The harbour 🌊 board": None,
        "its chair Noor Vessel": {"named": True},
    }
    (record,) = _read(out)
    assert {SPLIT[s.start : s.end]: dict(s.attributes) for s in record.spans if s.attributes} == {
        "she": {"type": "official", "named": False},
        "its chair Noor Vessel": {"named": True},
    }


def test_the_split_quote_is_left_out_with_its_relations_and_counted() -> None:
    stats = WriteStats()
    task = prodigy.task(split_quote(), stats, ExportTokenizer({}))
    assert '"We will not back down,"' not in {s["text"] for s in task["spans"]}
    assert '"We will not back down,"' not in json.dumps(task["relations"], ensure_ascii=False)
    dropped = {label: why for (label, why) in stats.dropped}
    assert "no discontinuous spans" in dropped["CLAIM"]
    assert sum(n for (label, _), n in stats.dropped.items() if label in ("ATTRIBUTED_TO", "CUED_BY")) == 2
    assert (stats.spans, stats.relations) == (6, 2)


def test_each_written_line_is_json_dumps_of_the_task(tmp_path: Path) -> None:
    # The writer lays the token objects out by hand for speed; the bytes must stay json.dumps's.
    from annotator.core.types import Document, Span

    texts = [
        'The mayor said "no" \\ twice.\tTabs, “curly” quotes and 👍🏽 emoji.',
        "Plain words only",
        "",
    ]
    records = [
        AnnotatedDocument(Document(t, f"T{i}", id=i), (Span(0, 3, "CLAIM"),) if t else ())
        for i, t in enumerate(texts)
    ]
    out = tmp_path / "p.jsonl"
    prodigy.write(records, out, context())
    lines = out.read_text(encoding="utf-8").splitlines()
    for line, record in zip(lines, records, strict=True):
        expected = prodigy.task(record, WriteStats(), ExportTokenizer({}))
        chosen = {k: v for k, v in json.loads(line).items() if k in ("options", "accept")}
        assert line == json.dumps(expected | chosen, ensure_ascii=False)
