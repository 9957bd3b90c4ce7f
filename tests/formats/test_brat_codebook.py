"""brat with the codebook: discontinuous T lines, A lines declared in annotation.conf, relations, what brat cannot hold."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.coerce import typed_record
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord, Origin, Span
from annotator.formats import brat
from annotator.formats.base import ExportContext, ReadContext, WriteStats

from .codebook_fixtures import RELATION_LABELS, SCHEMA, SPAN_LABELS, TEXT, at, quote_record

CTX = ExportContext(labels=SPAN_LABELS, relation_labels=RELATION_LABELS, schema=SCHEMA)


def _export(tmp_path: Path, *records: AnnotatedDocument) -> tuple[Path, WriteStats]:
    out = tmp_path / "brat"
    return out, brat.write(records, out, CTX)


def _read_one(path: Path) -> AnnotatedDocument:
    [record] = list(brat.read(path, ReadContext()))
    assert isinstance(record, AnnotatedDocument), record
    return record


def test_the_ann_file_holds_fragments_attributes_relations_and_notes(tmp_path: Path) -> None:
    out, stats = _export(tmp_path, quote_record())
    lines = (out / "quote-1.ann").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "T1\tCLAIM 1 23;50 64\tWe will not back down, not this year.",
        "A1\tcertainty T1 high",
        "A2\tthemes T1 politics",
        "A3\tthemes T1 climate",
        "T2\tCUE 25 29\tsaid",
        "T3\tSOURCE 30 45\tMayor Ada Quill",
        "A4\ttype T3 press_office",
        "A5\tnamed T3",
        "A6\trank T3 2",
        "T4\tSOURCE 67 96\tThe city\u2019s engineering office",
        "A7\ttype T4 official",
        "A8\trole T4 engineers",
        "#4\tAnnotatorNotes T4\tthe office, not a person",
        "R1\tATTRIBUTED_TO Arg1:T1 Arg2:T3",
        "R2\tCUED_BY Arg1:T1 Arg2:T2",
    ]
    assert (stats.spans, stats.relations) == (4, 2)
    # brat has no document variables: the report counts each one as dropped.
    notes = stats.notes("brat")
    for variable in ("FRAME", "TOPICS", "TONE", "SUMMARY", "VERIFIED"):
        assert f"brat: dropped 1 {variable} item(s): brat holds no document variables" in notes
    assert brat.validate(out, ReadContext(), SPAN_LABELS).ok


def test_annotation_conf_declares_the_codebook_attributes(tmp_path: Path) -> None:
    out, _ = _export(tmp_path, quote_record())
    conf = (out / "annotation.conf").read_text(encoding="utf-8").split("\n")
    attributes = conf[conf.index("[attributes]") + 1 :]
    assert [line for line in attributes if line] == [
        "certainty\tArg:CLAIM, Value:low|high",
        "themes\tArg:CLAIM, Value:politics|economy|health|climate",
        "type\tArg:SOURCE, Value:official|expert|citizen|anonymous|press_office",
        "named\tArg:SOURCE",
        "rank\tArg:SOURCE, Value:1|2|3|4|5",
        "role\tArg:SOURCE, Value:engineers",
    ]
    assert "CUED_BY\tArg1:CLAIM, Arg2:CUE" in conf


def test_the_folder_reads_back_to_the_same_spans_attributes_and_relations(tmp_path: Path) -> None:
    record = quote_record(annotator=None)
    out, _ = _export(tmp_path, record)
    back = typed_record(_read_one(out / "quote-1.ann"), SCHEMA)

    def content(r: AnnotatedDocument) -> list[tuple[object, ...]]:
        return sorted((s.pieces(), s.label, sorted(s.attributes.items()), s.note) for s in r.spans)

    assert content(back) == content(record)
    assert all(s.origin == Origin.IMPORTED for s in back.spans)
    by_id = {s.id: (s.pieces(), s.label) for s in back.spans}
    original = {s.id: (s.pieces(), s.label) for s in record.spans}
    assert sorted((by_id[r.head], by_id[r.tail], r.label) for r in back.relations) == sorted(
        (original[r.head], original[r.tail], r.label) for r in record.relations
    )
    assert back.values == ()


def test_a_polnear_style_file_with_unordered_fragments_reads_as_one_span(tmp_path: Path) -> None:
    text = "\u201cIt will hold,\u201d Ines Oduya said, \u201cfor a century.\u201d"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    first, second = (1, 14), (text.index("for"), text.index("for") + len("for a century."))
    (tmp_path / "a.ann").write_text(
        f"T1\tContent {second[0]} {second[1]};{first[0]} {first[1]}\tfor a century. It will hold,\n"
        "T2\tSource 16 26\tInes Oduya\n"
        "A1\tNamed T2\n"
        "A2\tKind T2 official\n"
        "E1\tAttribution:T1 Source:T2\n",
        encoding="utf-8",
    )
    ctx = ReadContext()
    [record] = list(brat.read(tmp_path / "a.ann", ctx))
    assert isinstance(record, AnnotatedDocument), record
    content, source = record.spans
    assert (content.start, content.end, content.fragments) == (first[0], second[1], (first, second))
    assert source.attributes == {"Named": True, "Kind": "official"}
    assert ctx.notes == [f"{tmp_path / 'a.ann'}: 1 E line(s) not imported"]
    assert brat.validate(tmp_path / "a.ann", ReadContext(), None).ok


def test_fragments_separated_by_a_line_break_only_are_said_to_come_back_joined(tmp_path: Path) -> None:
    text = "First line of the quote\nsecond line, and more."
    joined = Span(0, 34, "CLAIM", fragments=((0, 23), (24, 34)))  # the gap is the line break alone
    apart = Span(0, 45, "CLAIM", fragments=((0, 10), (24, 45)))
    record = AnnotatedDocument(Document(text, external_id="lines"), (joined, apart))
    out, stats = _export(tmp_path, record)
    assert stats.notes("brat") == [
        "brat: changed 1 CLAIM span(s): fragments separated by line breaks only, read back as one piece"
    ]
    back = _read_one(out / "lines.ann")
    assert sorted(s.pieces() for s in back.spans) == [((0, 10), (24, 45)), ((0, 34),)]


def test_what_brat_cannot_hold_is_counted(tmp_path: Path) -> None:
    span = Span(
        *at("Mayor Ada Quill"),
        "SOURCE",
        attributes={"named": False, "role": "city press office", "extra": {"nested": 1}},
    )
    record = AnnotatedDocument(Document(TEXT, external_id="q"), (span,))
    out, stats = _export(tmp_path, record)
    assert stats.notes("brat") == [
        "brat: dropped 1 SOURCE item(s): attribute 'extra' holds an object, which brat cannot write",
        "brat: dropped 1 SOURCE item(s): attribute 'named' false (a brat flag is set or absent, never false)",
        "brat: changed 1 SOURCE span(s): attribute 'role': white space in a value written as '_' "
        "(a brat value is one word)",
    ]
    assert "A1\trole T1 city_press_office" in (out / "q.ann").read_text(encoding="utf-8")


def test_spans_with_the_same_hull_but_other_fragments_are_both_written(tmp_path: Path) -> None:
    one = Span(1, 64, "CLAIM", annotator="alice", fragments=((1, 23), (50, 64)))
    other = Span(1, 64, "CLAIM", annotator="bob", fragments=((1, 10), (50, 64)))
    twin = replace(one, id="twin", annotator="bob")
    _, stats = _export(tmp_path, AnnotatedDocument(Document(TEXT, external_id="q"), (one, other, twin)))
    assert stats.spans == 2
    assert stats.notes("brat") == [
        "brat: dropped 1 CLAIM item(s): the same text with the same label by another annotator (merged)"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A1\ttype T9 official", "line 2: attribute 'type' names T9, which is no T line"),
        ("A1\ttype T1 official extra", "line 2: an attribute line is 'A1<TAB>name T1' or"),
        ("A1\ttype", "line 2: an attribute line is 'A1<TAB>name T1' or"),
    ],
)
def test_a_bad_attribute_line_is_refused_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "a.txt").write_text("Ada Quill said so.", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text(f"T1\tSOURCE 0 9\tAda Quill\n{line}\n", encoding="utf-8")
    [record] = list(brat.read(ann, ReadContext()))
    assert isinstance(record, InvalidRecord)
    assert record.message.startswith(f"{ann}: {message}"), record.message
    assert [p.where for p in brat.validate(ann, ReadContext(), None).problems] == [f"{ann}: line 2"]


def test_a_bad_fragment_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ada Quill said so.", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tSOURCE 0 3;40 49\tAda Quill\n", encoding="utf-8")
    [record] = list(brat.read(ann, ReadContext()))
    assert isinstance(record, InvalidRecord)
    assert record.message.startswith(f"{ann}: line 1 T1 'SOURCE': "), record.message
