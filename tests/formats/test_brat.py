"""brat standoff: a folder of .txt/.ann pairs in code points, relations and notes, re-import."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import brat
from annotator.formats.base import ReadContext
from annotator.project import Workspace

from .conftest import spans_by_text


def test_export_folder_golden_lines(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    report = filled.export("p", out, format="brat", include_suggested=True)
    assert sorted(p.name for p in out.iterdir())[:3] == ["annotation.conf", "cjk-1.ann", "cjk-1.txt"]
    text = (out / "emoji-1.txt").read_text(encoding="utf-8")
    assert text.startswith("Mayor Ada Quill 😀")
    ann = (out / "emoji-1.ann").read_text(encoding="utf-8").splitlines()
    assert ann == [
        "T1\tSOURCE 0 15\tMayor Ada Quill",
        "T2\tCLAIM 23 43\tthe 🧱 wall will hold",
        "T3\tCLAIM 27 33\t🧱 wall",
        "#3\tAnnotatorNotes T3\tnested in the claim",
        "T4\tSOURCE 45 65\tCritics from Elmford",
        "R1\tATTRIBUTED_TO Arg1:T2 Arg2:T1",
    ]
    # CRLF is kept byte for byte; a span across the line break becomes two fragments.
    crlf = (out / "crlf-1.txt").read_bytes()
    assert b"\r\n" in crlf
    assert "T2\tCLAIM 18 33;35 43\tbudget doubled. Line two" in (out / "crlf-1.ann").read_text(
        encoding="utf-8"
    )
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "ATTRIBUTED_TO\tArg1:CLAIM, Arg2:SOURCE" in conf
    assert report.spans == 15  # bob's copy of the CJK claim is merged: brat has no annotator


def test_folder_reimports_to_identical_spans_and_notes(
    filled: Workspace, fresh: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    filled.export("p", out, format="brat", include_suggested=True)
    report = fresh.import_paths("q", [out])
    assert report.imported == 7
    assert spans_by_text(fresh, "q") == spans_by_text(filled)
    notes = {
        s.note
        for r in fresh.export_records("q", status="all", annotator=None, labels=None, progress=None)
        for s in r.spans
        if s.note
    }
    assert notes == {"nested in the claim"}


@pytest.mark.parametrize("offsets", ["\u00b2 5", "0 \u0665", "\uff10 5", "0 5;\u00b9 9", "0x0 5", "0 5 7"])
def test_offsets_must_be_ascii_digits_in_the_reader_and_the_validator(tmp_path: Path, offsets: str) -> None:
    (tmp_path / "a.txt").write_text("Ada Quill said so.", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text(f"T1\tSOURCE 0 9\tAda Quill\nT2\tCLAIM {offsets}\tAda Q\n", encoding="utf-8")
    [record] = list(brat.read(ann, ReadContext()))
    assert isinstance(record, InvalidRecord)
    assert record.message.startswith(f"{ann}: line 2: offsets {offsets!r} are not 'start end[;start end]'")
    result = brat.validate(ann, ReadContext(), None)
    assert [p.where for p in result.problems] == [f"{ann}: line 2"]


def test_a_folder_read_with_an_encoding_says_so_once_per_kind(tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"d{i}.txt").write_bytes(f"Caf\u00e9 {i} opens.".encode("cp1252"))
        (tmp_path / f"d{i}.ann").write_bytes("T1\tX 0 4\tCaf\u00e9\n".encode("cp1252"))
    ctx = ReadContext({"encoding": "cp1252"})
    records = list(brat.read(tmp_path, ctx))
    assert all(isinstance(r, AnnotatedDocument) and r.document.text.startswith("Caf\u00e9") for r in records)
    assert ctx.notes == [f"{tmp_path}: 8 file(s) read as cp1252 (as asked)"]


@pytest.mark.parametrize(
    "ann",
    [
        "T1\tSOURCE 1 10\tAda Quill\nT2\tCLAIM 11 15;16 18\tsaid so\n",  # brat counts the mark
        "T1\tSOURCE 0 9\tAda Quill\nT2\tCLAIM 10 14;15 17\tsaid so\n",  # a tool that dropped it
    ],
    ids=["mark counted", "mark not counted"],
)
def test_a_txt_with_a_byte_order_mark_keeps_its_spans_either_way(tmp_path: Path, ann: str) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8 + b"Ada Quill said so.")
    (tmp_path / "a.ann").write_text(ann, encoding="utf-8")
    [record] = list(brat.read(tmp_path / "a.ann", ReadContext()))
    assert isinstance(record, AnnotatedDocument), record
    assert record.document.text == "Ada Quill said so."
    assert sorted((s.start, s.end, s.label) for s in record.spans) == [(0, 9, "SOURCE"), (10, 17, "CLAIM")]
    result = brat.validate(tmp_path / "a.ann", ReadContext(), None)
    assert result.ok, result.problems
