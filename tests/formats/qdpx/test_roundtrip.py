"""Round trips: records -> qdpx -> records, and another tool's qdpx -> records -> qdpx -> records."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from annotator.core.types import AnnotatedDocument, LabelKind, LabelSchema
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.qdpx import read, read_codebook, write

from . import foreign, refi_rules
from .foreign import Expected
from .study import SCHEMA, coded, context


def back(path: Path, **options: str) -> list[AnnotatedDocument]:
    out = list(read(path, ReadContext(dict(options))))
    assert all(isinstance(r, AnnotatedDocument) for r in out), out
    return [r for r in out if isinstance(r, AnnotatedDocument)]


def spans_of(record: AnnotatedDocument, drop: str = "") -> dict[str, tuple[Any, ...]]:
    def kept(attrs: Any) -> dict[str, Any]:
        return {k: v for k, v in attrs.items() if k != drop}

    return {s.id: (s.start, s.end, s.label, s.annotator, s.note, kept(s.attributes)) for s in record.spans}


@pytest.mark.parametrize("unit", ["codepoints", "utf16"])
def test_records_come_back_exactly(tmp_path: Path, unit: str) -> None:
    out = tmp_path / "study.qdpx"
    written = coded()
    write(written, out, context(positions=unit))
    read_back = back(out, positions=unit)
    assert len(read_back) == len(written)
    for before, after in zip(written, read_back, strict=True):
        doc = before.document
        assert after.document.text == doc.text
        assert (after.document.title, after.document.external_id) == (doc.title, doc.external_id)
        agreed = (
            {v.label: v.value for v in before.values} if len({v.value for v in before.values}) == 1 else {}
        )
        assert after.document.meta == {**doc.meta, **agreed}  # document variables come back as metadata
        # A number attribute has no REFI-QDA form: the one span that has it comes back without it.
        expected = spans_of(before, drop="quote_words")
        whole = {k: v for k, v in expected.items() if not any(s.fragments for s in before.spans if s.id == k)}
        got = spans_of(after)
        assert {k: got[k] for k in whole} == whole  # ids, offsets, labels, coders, notes, attributes
        assert {(r.id, r.head, r.tail, r.label, r.annotator) for r in after.relations} == {
            (r.id, r.head, r.tail, r.label, r.annotator) for r in before.relations
        }


def test_a_discontinuous_span_comes_back_as_its_fragments(tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    written = coded()
    write(written, out, context())
    [split] = [s for s in written[2].spans if s.fragments]
    pieces = {
        (s.start, s.end, s.label, s.annotator, s.note) for s in back(out)[2].spans if s.note == "two pieces"
    }
    assert pieces == {(a, b, "CLAIM", "alice", "two pieces") for a, b in split.fragments}


def test_the_codebook_comes_back_with_attributes_and_relations(tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    write(coded(), out, context())
    schema = read_codebook(out)
    assert schema.names() == ("CLAIM", "SOURCE")
    for label in schema.span_labels():
        original = SCHEMA.get(label.name)
        assert original is not None
        assert (label.colour, label.description) == (original.colour, original.description)
    source = schema.get("SOURCE")
    assert source is not None
    assert [(a.name, a.spec.type.value, a.spec.names(), a.description) for a in source.attributes] == [
        ("type", "choice", ("official", "expert", "witness"), "What kind of source"),
        ("named", "bool", (), "Named in the text"),
        ("topics", "multi", ("flood", "budget"), ""),  # some span carries two topics: a multi
    ]
    assert source.attributes[0].spec.choices[0].description == "Holds an office"
    assert schema.names(LabelKind.RELATION) == ("ATTRIBUTED_TO",)
    assert schema.relation_labels()[0].colour == "#555555"


SHAPES: dict[str, Callable[[Path], tuple[Path, Expected]]] = {
    "qualcoder": foreign.qualcoder,
    "maxqda": foreign.maxqda,
    "nvivo": foreign.nvivo,
    "atlas": foreign.atlas,
}


def code_tree(path: Path) -> list[Any]:
    root = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    codes = root.find(f"{{{refi_rules.PROJECT}}}CodeBook/{{{refi_rules.PROJECT}}}Codes")

    def tree(el: Any) -> list[Any]:
        return [(c.get("name"), tree(c)) for c in el if etree.QName(c).localname == "Code"]

    return tree(codes)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_another_tools_project_survives_annotator_and_back(tmp_path: Path, shape: str) -> None:
    original, _ = SHAPES[shape](tmp_path / f"{shape}.qdpx")
    first = back(original)
    schema = read_codebook(original)
    again = tmp_path / "again.qdpx"
    relations = tuple(schema.names(LabelKind.RELATION))
    write(first, again, ExportContext(schema.names(), relations, {}, schema))
    assert refi_rules.problems(zipfile.ZipFile(again).read("project.qde")) == []
    second = back(again)

    def seen(records: list[AnnotatedDocument]) -> list[Any]:
        return [
            (
                r.document.title,
                r.document.text,
                sorted((s.start, s.end, s.label, s.annotator, s.note) for s in r.spans),
            )
            for r in records
        ]

    assert seen(second) == seen(first)  # texts, codes and selections
    assert read_codebook(again) == LabelSchema((*schema.span_labels(), *schema.relation_labels()))


def test_the_code_tree_goes_back_under_its_parents_with_its_original_names(tmp_path: Path) -> None:
    original, _ = foreign.qualcoder(tmp_path / "qc.qdpx")
    schema = read_codebook(original)
    again = tmp_path / "again.qdpx"
    write(back(original), again, ExportContext(schema.names(), (), {}, schema))
    assert code_tree(again) == [("Claim", []), ("Sources", [("Official", []), ("Eye witness", [])])]
    maxqda, _ = foreign.maxqda(tmp_path / "mx.qdpx")
    schema = read_codebook(maxqda)
    write(back(maxqda), again.with_name("mx2.qdpx"), ExportContext(schema.names(), (), {}, schema))
    assert code_tree(again.with_name("mx2.qdpx")) == [
        ("Frames", [("Conflict", [("Blame", [])])]),
        ("Budget / money", []),
    ]
