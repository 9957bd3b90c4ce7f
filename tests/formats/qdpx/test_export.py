"""Exporting REFI-QDA: a .qdpx that conforms to the standard, with positions in its unit, and a .qdc codebook."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from annotator.core.errors import ValidationError
from annotator.core.types import LabelSchema
from annotator.formats import registry
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.exporting import export_single
from annotator.formats.qdpx import qdc, validate, write

from . import refi_rules
from .foreign import cp, utf16
from .study import SCHEMA, coded, context

NS = {"q": refi_rules.PROJECT}


def export(tmp_path: Path, **options: str) -> tuple[Path, Any, Any]:
    out = tmp_path / "study.qdpx"
    stats = write(coded(), out, context(**options))
    root = etree.fromstring(zipfile.ZipFile(out).read("project.qde"))
    return out, stats, root


def selection(root: Any, name: str) -> Any:
    [found] = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("name") == name]
    return found


def test_the_project_conforms_to_the_standard_schema(tmp_path: Path) -> None:
    out, _, _ = export(tmp_path)
    assert refi_rules.problems(zipfile.ZipFile(out).read("project.qde")) == []


def test_the_checker_itself_catches_departures(tmp_path: Path) -> None:
    out, _, _ = export(tmp_path)
    good = zipfile.ZipFile(out).read("project.qde").decode()
    swapped = good.replace("<Users>", "<Users><User guid='not-a-guid'/>", 1)
    assert refi_rules.problems(swapped.encode()) == ["line 2 <User>: guid='not-a-guid' is not a guid"]
    misordered = good.replace(
        "<Sources>",
        "<Notes><Note guid='0a2c5bb9-0739-5f20-beb6-9f1538a2ff60' plainTextPath='x'/></Notes><Sources>",
        1,
    )
    assert any(
        "<Sources>: not allowed at this place in <Project>" in p
        for p in refi_rules.problems(misordered.encode())
    )


def test_every_document_is_a_utf8_text_in_sources_byte_for_byte(tmp_path: Path) -> None:
    out, _, root = export(tmp_path)
    box = zipfile.ZipFile(out)
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(coded())
    by_title = {r.document.title: r.document.text for r in coded()}
    for source in sources:
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        data = box.read(f"sources/{path.removeprefix('internal://')}")
        assert data == by_title[source.get("name")].encode("utf-8")  # no BOM, CRLF kept
    assert sorted(box.namelist()) == sorted(
        ["project.qde", *(f"sources/{s.get('guid')}.txt" for s in sources)]
    )


@pytest.mark.parametrize("unit", ["codepoints", "utf16"])
def test_positions_are_in_the_unit_asked_emoji_and_crlf_included(tmp_path: Path, unit: str) -> None:
    _, _, root = export(tmp_path, positions=unit)
    docs = {r.document.external_id: r.document.text for r in coded()}
    convert = (lambda t, i: i) if unit == "codepoints" else utf16
    for doc, part in (
        ("emoji-1", "the 🧱 wall will hold"),
        ("crlf-1", "budget doubled.\r\nLine two"),
        ("zwj-1", "👍🏽 result"),
    ):
        text = docs[doc]
        a, b = cp(text, part)
        sel = selection(root, part)
        assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (
            convert(text, a),
            convert(text, b),
        )


def test_users_are_the_annotators_with_stable_guids(tmp_path: Path) -> None:
    _, _, root = export(tmp_path)
    users = {u.get("name"): u.get("guid") for u in root.iterfind("q:Users/q:User", NS)}
    assert set(users) == {"alice", "bob"}
    again = tmp_path / "again"
    again.mkdir()
    _, _, root2 = export(again)
    assert {u.get("name"): u.get("guid") for u in root2.iterfind("q:Users/q:User", NS)} == users
    both = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("name") == "工程将于明年完工"]
    by_guid = {g: n for n, g in users.items()}
    assert sorted(by_guid[s.get("creatingUser")] for s in both) == ["alice", "bob"]  # one selection each


def test_labels_are_codes_and_choice_attributes_their_subcodes(tmp_path: Path) -> None:
    _, _, root = export(tmp_path)
    codes = root.find("q:CodeBook/q:Codes", NS)
    top = [(c.get("name"), c.get("isCodable"), c.get("color")) for c in codes.iterfind("q:Code", NS)]
    assert top == [("CLAIM", "true", "#F5C26B"), ("SOURCE", "true", "#7FC4EC")]
    source = codes.find("q:Code[@name='SOURCE']", NS)
    assert source.findtext("q:Description", namespaces=NS) == "Who a statement is attributed to."
    tree = {
        f.get("name"): (f.get("isCodable"), [v.get("name") for v in f.iterfind("q:Code", NS)])
        for f in source.iterfind("q:Code", NS)
    }
    assert tree == {
        "type": ("false", ["official", "expert", "witness"]),
        "named": ("false", ["true", "false"]),
        "topics": ("false", ["flood", "budget"]),
    }  # quote_words is a number: no code can hold it


def test_a_span_codes_its_label_and_its_attribute_values_by_its_coder(tmp_path: Path) -> None:
    _, stats, root = export(tmp_path)
    names = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    sel = selection(root, "Mayor Ada Quill")
    codings = sel.findall("q:Coding", NS)
    assert sorted(names[c.find("q:CodeRef", NS).get("targetGUID")] for c in codings) == [
        "SOURCE",
        "budget",
        "flood",
        "official",
        "true",
    ]
    assert {users[c.get("creatingUser")] for c in codings} == {"alice"} == {users[sel.get("creatingUser")]}
    assert (
        stats.dropped[
            ("SOURCE.quote_words", "attribute value left out: text or number (no REFI-QDA code holds it)")
        ]
        == 1
    )


def test_notes_relations_and_document_variables(tmp_path: Path) -> None:
    _, stats, root = export(tmp_path)
    nested = selection(root, "🧱 wall")
    [ref] = nested.findall("q:NoteRef", NS)
    note = root.find(f"q:Notes/q:Note[@guid='{ref.get('targetGUID')}']", NS)
    assert note.findtext("q:PlainTextContent", namespaces=NS) == "nested in the claim"
    [link] = root.findall("q:Links/q:Link", NS)
    assert (link.get("name"), link.get("direction")) == ("ATTRIBUTED_TO", "OneWay")
    assert link.get("originGUID") == selection(root, "the 🧱 wall will hold").get("guid")
    assert link.get("targetGUID") == selection(root, "Mayor Ada Quill").get("guid")
    variables = {
        v.get("name"): (v.get("guid"), v.get("typeOfVariable"))
        for v in root.iterfind("q:Variables/q:Variable", NS)
    }
    assert variables["FRAME"][1] == "Text"
    frames = [
        vv.findtext("q:TextValue", namespaces=NS)
        for vv in root.iterfind(".//q:TextSource/q:VariableValue", NS)
        if vv.find("q:VariableRef", NS).get("targetGUID") == variables["FRAME"][0]
    ]
    assert frames == ["conflict"]  # the article both coders agree on; the other is left out and counted
    reason = "document value left out: coders disagree (a REFI-QDA source variable has one value)"
    assert stats.dropped[("FRAME", reason)] == 1


def test_a_discontinuous_span_is_one_selection_per_fragment(tmp_path: Path) -> None:
    _, stats, root = export(tmp_path)
    first, second = selection(root, "ראש"), selection(root, "החומה")
    assert first.get("guid") != second.get("guid")
    assert first.find("q:NoteRef", NS).get("targetGUID") == second.find("q:NoteRef", NS).get("targetGUID")
    assert stats.adjusted[("CLAIM", "a discontinuous span is written as one selection per fragment")] == 1


def test_the_export_runs_through_its_self_check(tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    outcome = export_single(registry.get_format("qdpx"), out, context(), coded())
    assert outcome.files == [out]
    result = validate(out, ReadContext(), SCHEMA.names())
    assert result.ok, result.problems
    assert (result.documents, result.spans) == (outcome.stats.documents, outcome.stats.spans)


def _tampered(tmp_path: Path, old: str, new: str) -> Path:
    out, _, _ = export(tmp_path)
    box = zipfile.ZipFile(out)
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as zf:
        for name in box.namelist():
            data = box.read(name)
            zf.writestr(name, data.replace(old.encode(), new.encode(), 1) if name == "project.qde" else data)
    return bad


def test_the_validator_finds_a_selection_outside_its_text(tmp_path: Path) -> None:
    bad = _tampered(tmp_path, 'endPosition="15"', 'endPosition="150"')
    result = validate(bad, ReadContext(), None)
    assert any("positions [0, 150) are not a range inside the text" in p.message for p in result.problems)


def test_the_validator_finds_positions_that_miss_their_text(tmp_path: Path) -> None:
    bad = _tampered(
        tmp_path,
        'name="Mayor Ada Quill" startPosition="0" endPosition="15"',
        'name="Mayor Ada Quill" startPosition="1" endPosition="16"',
    )
    result = validate(bad, ReadContext(), None)
    assert [p.message for p in result.problems if "is not its name" in p.message] != []


def test_the_codebook_alone_conforms_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    qdc.write([], out, context())
    assert refi_rules.problems(out.read_bytes(), root="CodeBook") == []
    assert qdc.validate(out, ReadContext(), None).ok
    back = qdc.read_qdc(out)
    assert [(lab.name, lab.colour, lab.description) for lab in back.labels] == [
        (lab.name, lab.colour, lab.description) for lab in SCHEMA.span_labels()
    ]
    source = back.get("SOURCE")
    assert source is not None
    assert [(a.name, a.spec.type.value, a.spec.names()) for a in source.attributes] == [
        ("type", "choice", ("official", "expert", "witness")),
        ("named", "bool", ()),
        ("topics", "choice", ("flood", "budget")),  # a codebook alone cannot tell multi from choice
    ]


def test_a_codebook_without_span_labels_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="has no span labels"):
        qdc.write([], tmp_path / "c.qdc", ExportContext(schema=LabelSchema()))


def test_annotator_validate_tells_both_formats_from_their_extension(tmp_path: Path) -> None:
    from annotator.formats.validate import validate_file

    out, _, _ = export(tmp_path)
    book = tmp_path / "codebook.qdc"
    qdc.write([], book, context())
    result, decided = validate_file(out)
    assert result.ok and decided.startswith(f"{out}: checked as qdpx (the extension .qdpx)")
    result, decided = validate_file(book)
    assert result.ok and decided == f"{book}: checked as qdc (the extension .qdc)"
