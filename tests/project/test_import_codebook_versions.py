"""An import that changes the codebook (--add-labels, a .qdpx's codes) versions and logs it as a codebook edit
does, in the file's own transaction; imported annotations keep the codebook version their file gives them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import parse_schema
from annotator.project import Workspace
from tests.formats.qdpx.builders import NS, coding, cp, sel, zip_qdpx

CODEBOOK = parse_schema(
    [
        {
            "name": "SOURCE",
            "hotkey": "1",
            "attributes": [{"name": "type", "type": "choice", "values": ["official", "expert"]}],
        },
        {"name": "FRAME", "kind": "document", "type": "choice", "values": ["conflict", "economic"]},
    ]
)
TEXT = "Minister Ana Ruiz said the budget will shrink by 4% next year."
OTHER = "Fishers in Elmford said the quota cut came without warning."


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    with Workspace.open(db_url) as ws:
        ws.create_project("c", CODEBOOK)
        yield ws


def _write(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def _growing_line() -> dict[str, object]:
    """A record that brings a new label, a new attribute value, a new variable value and a new variable."""
    return {
        "text": TEXT,
        "spans": [
            {"start": 0, "end": 17, "label": "SOURCE", "annotator": "ana", "attributes": {"type": "witness"}},
            {"start": 18, "end": 62, "label": "CLAIM", "annotator": "ana", "codebook_version": 7},
        ],
        "document_labels": [
            {"label": "FRAME", "value": "morality", "annotator": "ana"},
            {"label": "TOPIC", "value": "budget", "annotator": "ana"},
        ],
    }


def _log(ws: Workspace) -> list[tuple[int, str, str | None]]:
    return [(e.version, e.what, e.who) for e in ws.codebook.log("c")]


def test_add_labels_bumps_the_version_and_logs_each_change_naming_the_file(
    ws: Workspace, tmp_path: Path
) -> None:
    path = _write(tmp_path / "grow.jsonl", [_growing_line()])
    report = ws.import_paths("c", [path], add_labels=True, importer="lee")
    assert ws.codebook.version("c") == 2 and report.codebook_version == 2
    assert f"{path}: codebook version 2 (see annotator codebook log)" in report.notes
    assert report.changes.labels
    made = f"import of {path}: "
    assert _log(ws) == [
        (2, made + "SOURCE: attribute 'type' gained value 'witness'", "lee"),
        (2, made + "FRAME: gained value 'morality'", "lee"),
        (2, made + "CLAIM: new span label", "lee"),
        (2, made + "TOPIC: new document variable (choice)", "lee"),
    ]
    # Imported annotations keep the version their file gives (none, or 7), as every import does.
    doc = ws.first_document("c")
    assert doc is not None
    assert {(s.label, s.codebook_version) for s in ws.spans(doc)} == {("SOURCE", None), ("CLAIM", 7)}
    assert {(v.label, v.codebook_version) for v in ws.values(doc)} == {("FRAME", None), ("TOPIC", None)}
    # What is coded in the tool afterwards is made under the new version.
    assert (
        ws.add_span(document=doc, start=27, end=33, label="CLAIM", annotator="ana").value.codebook_version
        == 2
    )


def test_each_file_is_its_own_version_and_a_file_adding_nothing_none(ws: Workspace, tmp_path: Path) -> None:
    first = _write(tmp_path / "a.jsonl", [_growing_line()])
    plain = {"text": OTHER, "spans": [{"start": 0, "end": 7, "label": "SOURCE", "annotator": "ben"}]}
    second = _write(tmp_path / "b.jsonl", [plain])
    third = _write(
        tmp_path / "c.jsonl",
        [
            {
                **plain,
                "text": OTHER + " Again.",
                "document_labels": [{"label": "FRAME", "value": "scandal", "annotator": "ben"}],
            }
        ],
    )
    report = ws.import_paths("c", [first, second, third], add_labels=True)
    assert ws.codebook.version("c") == 3 and report.codebook_version == 3
    assert {v for v, _w, _who in _log(ws)} == {2, 3}
    assert [w for v, w, _who in _log(ws) if v == 3] == [f"import of {third}: FRAME: gained value 'scandal'"]
    assert not any(str(second) in w for _v, w, _who in _log(ws))


def test_a_later_invalid_line_rolls_the_codebook_change_back_with_the_file(
    ws: Workspace, tmp_path: Path
) -> None:
    bad = {"text": OTHER, "spans": [{"start": 0, "end": 999, "label": "SOURCE", "annotator": "ana"}]}
    path = _write(tmp_path / "half.jsonl", [_growing_line(), bad])
    with pytest.raises(ValidationError, match=r"half.jsonl: line 2"):
        ws.import_paths("c", [path], add_labels=True, importer="lee")
    assert ws.codebook.version("c") == 1
    assert _log(ws) == []
    assert ws.schema("c") == CODEBOOK
    assert ws.first_document("c") is None


ANA = "1a2b3c4d-0000-4000-8000-0000000000a1"
CONFLICT, QUOTE = "c0de0000-0000-4000-8000-000000000101", "c0de0000-0000-4000-8000-000000000102"


def _qdpx(path: Path, *, broken: bool = False) -> Path:
    """A REFI-QDA project with two codes the project lacks; `broken` gives its second source a bad position."""
    first = sel(
        "5e200000-0000-4000-8000-000000000001",
        cp(TEXT, "Minister Ana Ruiz"),
        coding("c2000000-0000-4000-8000-000000000001", QUOTE, ANA),
        user=ANA,
    )
    second = sel(
        "5e200000-0000-4000-8000-000000000002",
        cp(OTHER, "Fishers"),
        coding("c2000000-0000-4000-8000-000000000002", CONFLICT, ANA),
        user=ANA,
    )
    if broken:
        second = second.replace('startPosition="0"', 'startPosition="zero"')
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="Quota study" xmlns="{NS}">
<Users><User guid="{ANA}" name="ana" /></Users>
<CodeBook><Codes>
<Code guid="{CONFLICT}" name="Conflict" isCodable="true" color="#D55E00"><Description>Two sides at odds</Description></Code>
<Code guid="{QUOTE}" name="Quote" isCodable="true" color="#56B4E9" />
</Codes></CodeBook>
<Sources>
<TextSource guid="5a000000-0000-4000-8000-000000000001" name="budget"><PlainTextContent>{TEXT}</PlainTextContent>{first}</TextSource>
<TextSource guid="5a000000-0000-4000-8000-000000000002" name="quota"><PlainTextContent>{OTHER}</PlainTextContent>{second}</TextSource>
</Sources>
</Project>"""
    return zip_qdpx(path, qde, {})


def test_a_qdpx_bringing_codes_bumps_the_version_and_logs_them(ws: Workspace, tmp_path: Path) -> None:
    path = _qdpx(tmp_path / "quota.qdpx")
    report = ws.import_paths("c", [path], importer="lee")
    assert report.labels_added == ["Conflict", "Quote"]
    assert ws.codebook.version("c") == 2
    assert _log(ws) == [
        (2, f"import of {path}: Conflict: new span label", "lee"),
        (2, f"import of {path}: Quote: new span label", "lee"),
    ]
    again = ws.import_paths("c", [_qdpx(tmp_path / "again.qdpx")])
    assert again.codebook_version is None and ws.codebook.version("c") == 2


def test_a_qdpx_failing_part_way_leaves_the_codebook_and_its_version_alone(
    ws: Workspace, tmp_path: Path
) -> None:
    path = _qdpx(tmp_path / "broken.qdpx", broken=True)
    with pytest.raises(ValidationError, match=r"broken.qdpx.*not a whole number"):
        ws.import_paths("c", [path], importer="lee")
    assert ws.codebook.version("c") == 1
    assert _log(ws) == []
    assert ws.schema("c") == CODEBOOK
