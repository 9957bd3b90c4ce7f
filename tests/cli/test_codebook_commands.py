"""`annotator codebook ...` and `annotator label ...`: what they print, what they change, what they refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.types import AnnotatedDocument, Document
from annotator.paths import default_annotator
from annotator.project import Workspace

CODEBOOK = [
    {
        "name": "SOURCE",
        "hotkey": "2",
        "description": "Who a statement is attributed to.",
        "attributes": [
            {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]},
            {"name": "named", "type": "bool"},
        ],
    },
    {"name": "CLAIM", "hotkey": "1"},
    {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
    {
        "name": "FRAME",
        "kind": "document",
        "type": "choice",
        "values": ["conflict", "economic", "human interest"],
    },
    {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5, "level": "interval"},
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "codebook.json"
    path.write_text(json.dumps(CODEBOOK), encoding="utf-8")
    target = str(tmp_path / "db.sqlite3")
    assert main(["project", "create", "P", "--labels", str(path), "--db", target]) == 0
    return target


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_export_and_import_round_trip(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, out, _ = _run(capsys, "codebook", "show", "--project", "P", "--db", db)
    assert code == 0 and "version 1" in out
    assert "FRAME\tdocument variable, choice, nominal: conflict, economic, human interest" in out
    assert "  .type\tchoice, nominal: official, expert, citizen, anonymous" in out
    exported = tmp_path / "out.json"
    assert _run(capsys, "codebook", "export", "--project", "P", "-o", str(exported), "--db", db)[0] == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert [x["name"] for x in data] == [x["name"] for x in CODEBOOK]
    frame = next(x for x in data if x["name"] == "FRAME")
    frame["values"].append("morality")
    data.append({"name": "QUOTE"})
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data[1:]), encoding="utf-8")  # SOURCE left out: kept, not deleted
    code, out, _ = _run(capsys, "codebook", "import", str(edited), "--project", "P", "--db", db)
    assert code == 0 and "morality" in out and "QUOTE" in out
    assert "codebook version 2" in out
    with Workspace.open(db) as ws:
        schema = ws.schema("P")
        assert schema.get("SOURCE") is not None and schema.get("QUOTE") is not None
        assert "morality" in schema.get("FRAME").spec.names()  # type: ignore[union-attr]
    code, out, _ = _run(capsys, "codebook", "log", "--project", "P", "--db", db)
    assert code == 0 and out.count("\n") >= 2 and out.startswith("2\t")


def test_label_commands_migrate_and_refuse_with_counts(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(db) as ws:
        ws.import_records("P", [AnnotatedDocument(Document("Ana said the wall holds.", "W"))])
        doc = ws.first_document("P")
        assert doc is not None
        ws.add_span(
            document=doc, start=0, end=3, label="SOURCE", annotator="ana", attributes={"type": "expert"}
        )
    capsys.readouterr()
    code, _, err = _run(capsys, "label", "delete", "SOURCE", "--project", "P", "--db", db)
    assert code == 1 and "carries 1 span(s)" in err and "--force" in err and err.count("\n") == 1
    assert _run(capsys, "label", "rename", "SOURCE", "SPEAKER", "--project", "P", "--db", db)[0] == 0
    code, _, err = _run(capsys, "label", "merge", "SPEAKER", "CLAIM", "--project", "P", "--db", db)
    assert code == 1 and "type" in err  # CLAIM has no attribute for SPEAKER's values
    code, out, _ = _run(capsys, "label", "delete", "SPEAKER", "--project", "P", "--db", db, "--force")
    assert code == 0 and "1 span(s)" in out
    with Workspace.open(db) as ws:
        assert ws.spans(doc) == [] and ws.codebook.version("P") == 3
    code, out, _ = _run(capsys, "stats", "--project", "P", "--db", db)
    assert code == 0


def test_an_import_adding_labels_is_in_the_codebook_log(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = {
        "text": "Ana said the wall holds.",
        "spans": [{"start": 0, "end": 3, "label": "WITNESS", "annotator": "ana"}],
        "document_labels": [{"label": "FRAME", "value": "morality", "annotator": "ana"}],
    }
    path = tmp_path / "grow.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    capsys.readouterr()
    code, out, _ = _run(capsys, "import", str(path), "--project", "P", "--add-labels", "--db", db)
    assert code == 0 and f"{path}: codebook version 2 (see annotator codebook log)" in out.splitlines()
    code, out, _ = _run(capsys, "codebook", "log", "--project", "P", "--db", db)
    who = default_annotator()
    assert code == 0
    assert [x.split("\t", 2)[2] for x in out.splitlines()] == [
        f"{who}\timport of {path}: FRAME: gained value 'morality'",
        f"{who}\timport of {path}: WITNESS: new span label",
    ]
    assert all(x.startswith("2\t") for x in out.splitlines())
