"""Importing projects in the shapes QualCoder, MAXQDA, NVivo and ATLAS.ti write: texts and codings exact."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import check_labels
from annotator.core.types import AnnotatedDocument, InvalidRecord, LabelKind
from annotator.core.validation import check_label_name
from annotator.formats import registry
from annotator.formats.base import ReadContext
from annotator.formats.qdpx import read, read_codebook, validate

from . import foreign
from .foreign import Expected

SHAPES: dict[str, Callable[[Path], tuple[Path, Expected]]] = {
    "qualcoder": foreign.qualcoder,
    "maxqda": foreign.maxqda,
    "nvivo": foreign.nvivo,
    "atlas": foreign.atlas,
}


def records(path: Path, ctx: ReadContext | None = None) -> list[AnnotatedDocument]:
    out = list(read(path, ctx or ReadContext()))
    assert all(isinstance(r, AnnotatedDocument) for r in out), [
        r for r in out if isinstance(r, InvalidRecord)
    ]
    return [r for r in out if isinstance(r, AnnotatedDocument)]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_text_and_coding_is_exact(tmp_path: Path, shape: str) -> None:
    path, expected = SHAPES[shape](tmp_path / f"{shape}.qdpx")
    found = records(path)
    assert {r.document.title: r.document.text for r in found} == expected.texts
    for r in found:
        got = {(s.start, s.end, s.label, s.annotator, s.note) for s in r.spans}
        assert got == expected.spans[r.document.title]
        for s in r.spans:
            assert r.document.text[s.start : s.end]  # every span covers text


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_codebook_gives_every_label_the_spans_use_with_valid_names(tmp_path: Path, shape: str) -> None:
    path, expected = SHAPES[shape](tmp_path / f"{shape}.qdpx")
    schema = read_codebook(path)
    check_labels(schema.labels)
    for label in schema.labels:
        check_label_name(label.name, "test")
    used = {span[2] for spans in expected.spans.values() for span in spans}
    assert used <= set(schema.names(LabelKind.SPAN))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_validator_passes_them_and_counts_what_the_reader_reads(tmp_path: Path, shape: str) -> None:
    path, expected = SHAPES[shape](tmp_path / f"{shape}.qdpx")
    result = validate(path, ReadContext(), None)
    assert result.ok, result.problems
    assert result.documents == len(expected.texts)
    assert result.spans == sum(len(s) for s in expected.spans.values())


def test_qualcoder_hierarchy_colours_descriptions_and_variables(tmp_path: Path) -> None:
    path, _ = foreign.qualcoder(tmp_path / "qc.qdpx")
    schema = read_codebook(path)
    assert schema.names() == ("Claim", "Sources/Official", "Sources/Eye_witness")
    claim, official, witness = schema.labels
    assert (claim.colour, claim.description) == ("#F5C26B", "A checkable factual assertion")
    assert official.colour == "#7FC4EC"
    assert official.description == "REFI-QDA code: Sources > Official"  # the parent is named
    assert witness.colour == "#AABBCC"  # #abc widened
    assert witness.description == "REFI-QDA code: Sources > Eye witness"  # the original name is kept
    [doc] = records(path)
    assert doc.document.meta == {
        "description": "From the council beat",
        "Outlet": "Coastal Ledger",
        "Word count": 12,
        "Region": "North",  # from the Case holding the source
    }


def test_qualcoder_bom_is_not_counted_and_skips_are_told(tmp_path: Path) -> None:
    path, _ = foreign.qualcoder(tmp_path / "qc.qdpx")
    ctx = ReadContext()
    [doc] = records(path, ctx)
    assert not doc.document.text.startswith("\ufeff")
    assert f"{path}: 1 picture source(s) skipped (only plain text is imported)" in ctx.notes
    assert f"{path}: 1 note(s) on a text range without a code (not imported)" in ctx.notes


def test_maxqda_crlf_counts_two_and_source_variables_are_typed(tmp_path: Path) -> None:
    path, _ = foreign.maxqda(tmp_path / "mx.qdpx")
    [doc] = records(path)
    assert "\r\n" in doc.document.text  # the text is kept byte for byte
    assert doc.document.meta == {"Year": 2024, "Online": True}
    spans = {s.label: s for s in doc.spans}
    crossing = spans["Frames/Conflict"]
    assert doc.document.text[crossing.start : crossing.end] == "budget doubled 👍🏽.\r\nLine two"
    schema = read_codebook(path)
    assert schema.get("Frames/Conflict/Blame") is not None
    assert schema.get("Frames/Conflict/Blame").colour == "#993333"  # type: ignore[union-attr]  # its parent's
    assert schema.get("Budget_money").description == "REFI-QDA code: Budget / money"  # type: ignore[union-attr]


def test_nvivo_positions_are_read_as_utf16_units(tmp_path: Path) -> None:
    path, _ = foreign.nvivo(tmp_path / "nv.qdpx")
    ctx = ReadContext()
    records(path, ctx)
    assert (
        f"{path}: selection positions read as UTF-16 code units (NVivo counts UTF-16 code units)" in ctx.notes
    )
    assert f"{path}: 1 audio source(s) skipped (only plain text is imported)" in ctx.notes


def test_nvivo_read_as_code_points_when_asked_lands_elsewhere(tmp_path: Path) -> None:
    path, _ = foreign.nvivo(tmp_path / "nv.qdpx")
    [doc] = records(path, ReadContext({"positions": "codepoints"}))
    texts = {doc.document.text[s.start : s.end] for s in doc.spans}
    # Three astral characters (and a ZWJ emoji's two) come before the second selection: it shifts.
    assert "🧪 lab director, Oren Pike" not in texts


def test_atlas_crlf_counts_once_and_the_qde_may_be_named_otherwise(tmp_path: Path) -> None:
    path, _ = foreign.atlas(tmp_path / "at.qdpx")
    ctx = ReadContext()
    records(path, ctx)
    assert (
        f"{path}: its project file is named 'Harbour study.qde', not 'project.qde' (read anyway)" in ctx.notes
    )
    assert any("ATLAS.ti counts a CRLF line break once" in n for n in ctx.notes)
    for told in (
        "1 PDF source(s) skipped (only plain text is imported)",
        "1 video source(s) skipped (only plain text is imported)",
        "1 text source(s) without a plain-text form skipped (only rich text)",
        "1 coding(s) of a whole source (no span to hold them) left out",
        "1 selection(s) without a code left out",
        "1 link(s) not between two coded selections of one text left out",
    ):
        assert f"{path}: {told}" in ctx.notes


def test_atlas_read_with_crlf_two_shifts_and_is_caught(tmp_path: Path) -> None:
    path, _ = foreign.atlas(tmp_path / "at.qdpx")
    [doc] = records(path, ReadContext({"crlf": "two"}))
    # Counted as two, ATLAS.ti's positions land one character early per line break before them.
    texts = {doc.document.text[s.start : s.end] for s in doc.spans}
    assert "harbour 🚢 plan" in texts  # before any line break: unchanged
    assert "Councillor Ruth Vale voted against it.\r\nShe called it rushed." not in texts


def test_auto_detection_picks_qdpx_by_extension(tmp_path: Path) -> None:
    path, _ = foreign.maxqda(tmp_path / "mx.qdpx")
    fmt, why = registry.detect_with_reason(path)
    assert (fmt.name, why) == ("qdpx", "the extension .qdpx")


def test_a_selection_past_the_text_is_an_invalid_record_naming_it(tmp_path: Path) -> None:
    t = "😀😀😀 ab"
    qde = f"""<Project xmlns="{foreign.NS}" name="p"><Sources>
<TextSource guid="11111111-1111-4111-8111-111111111111" name="emoji" plainTextPath="internal://a.txt">
{foreign.sel("22222222-2222-4222-8222-222222222222", (0, foreign.utf16(t, len(t))), "")}
</TextSource></Sources></Project>"""
    path = foreign.zip_qdpx(tmp_path / "p.qdpx", qde, {"sources/a.txt": t.encode()})
    [bad] = list(read(path, ReadContext()))
    assert isinstance(bad, InvalidRecord)
    assert bad.message.startswith(f"{path}: project.qde line 3: TextSource 'emoji', PlainTextSelection")
    assert "positions [0, 9) are not a range inside the text (6 code points)" in bad.message
    assert "counted as positions=utf16 they fit" in bad.message


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"readme.txt": b"hi"}, "holds no project.qde"),
        (
            {"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'><Sources>"},
            "project.qde line 1: not well-formed XML",
        ),
        (
            {"project.qde": b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"},
            "is not a REFI-QDA project (its root is <CodeBook>",
        ),
    ],
)
def test_a_broken_container_is_refused_with_one_message(
    tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    path = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    with pytest.raises(ValidationError, match=re.escape(message)):
        list(read(path, ReadContext()))


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "study.qdpx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"is not a REFI-QDA project \(\.qdpx is a zip file\)"):
        list(read(path, ReadContext()))


def test_entities_are_not_expanded_nor_files_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    qde = f"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY leak SYSTEM "file://{secret}">]>
<Project xmlns="{foreign.NS}" name="p"><Sources>
<TextSource guid="11111111-1111-4111-8111-111111111111" name="x"><PlainTextContent>a &leak; b</PlainTextContent></TextSource>
</Sources></Project>"""
    path = foreign.zip_qdpx(tmp_path / "p.qdpx", qde, {})
    [doc] = records(path)
    assert "TOPSECRET" not in doc.document.text


def test_a_link_between_two_selections_is_a_relation(tmp_path: Path) -> None:
    path, _ = foreign.atlas(tmp_path / "at.qdpx")
    [doc] = records(path)
    [rel] = doc.relations
    spans = {s.id: s for s in doc.spans}
    head, tail = spans[rel.head], spans[rel.tail]
    text = doc.document.text
    assert (rel.label, rel.annotator) == ("argues_against", "Enid Moss")
    assert text[head.start : head.end].startswith("Councillor Ruth Vale")
    assert text[tail.start : tail.end] == "harbour 🚢 plan"
    relations = read_codebook(path).relation_labels()
    assert [(r.name, r.colour) for r in relations] == [("argues_against", "#CC3300")]


def test_code_names_map_to_valid_unique_label_names_keeping_the_original(tmp_path: Path) -> None:
    from annotator.formats.qdpx.qdc import read_qdc

    long = "A very long code name that goes on and on well past what a label may hold"
    book = tmp_path / "codes.qdc"
    book.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="{{5215cc69-b628-4e02-afb9-9beeaee55808}}" name="Eye witness" isCodable="true"/>
<Code guid="{{d7aa29da-519b-4946-9b90-253b6db8fd0a}}" name="Eye  witness" isCodable="true"/>
<Code guid="{{0dcef2f5-e55c-49da-8c33-9b0803c7aeb4}}" name="{long}" isCodable="true"/>
<Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Yes/No" isCodable="true"/>
</Codes></CodeBook>""",
        encoding="utf-8",
    )
    schema = read_qdc(book)
    names = schema.names()
    assert names[:2] == ("Eye_witness", "Eye_witness~2")
    assert len(names[2]) == 64 and names[2].startswith("A_very_long_code_name") and names[2][-7] == "~"
    assert names[3] == "Yes_No"
    check_labels(schema.labels)
    assert schema.labels[1].description == "REFI-QDA code: Eye  witness"
    assert schema.labels[2].description == f"REFI-QDA code: {long}"
