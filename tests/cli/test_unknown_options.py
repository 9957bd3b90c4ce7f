"""An --option key the format does not read is refused (exit 1, one line) before anything is imported or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.project import Workspace
from tests.cli.helpers import run


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "--db", path, "project", "create", "P")[0] == 0
    return path


def _documents(db: str) -> int:
    with Workspace.open(db) as ws:
        return ws.stats("P").documents


def test_import_refuses_a_key_the_detected_format_does_not_read(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"text": "An article about the harbour."}) + "\n", encoding="utf-8")
    code, out, err = run(
        capsys, "--db", db, "import", str(source), "--project", "P", "--option", "text_colum=body"
    )
    assert code == 1 and out == ""
    assert err == (
        "annotator: error: --option text_colum: the jsonl import reads no such option "
        "(its options: encoding); nothing was imported\n"
    )
    assert _documents(db) == 0
    code, out, _err = run(
        capsys, "--db", db, "import", str(source), "--project", "P", "--option", "encoding=utf-8"
    )
    assert code == 0 and _documents(db) == 1


def test_import_with_json_gives_the_refusal_as_its_object(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.csv"
    source.write_text("text\nAn article.\n", encoding="utf-8")
    code, out, _err = run(
        capsys, "--db", db, "import", str(source), "--project", "P", "--format", "csv", "--option", "offsets=utf16",
        "--json",
    )  # fmt: skip
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and "the csv import reads no such option" in report["error"]


def test_export_refuses_a_mistyped_key_and_writes_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "out.spacy"
    code, out, err = run(
        capsys, "--db", db, "export", "--project", "P", "--format", "spacy", "-o", str(out_path),
        "--option", "shard_doc=10",
    )  # fmt: skip
    assert code == 1 and out == "" and "Traceback" not in err
    assert err == (
        "annotator: error: --option shard_doc: the spacy export reads no such option "
        "(its options: spans_key, lang, shard_docs, cats); nothing was written\n"
    )
    assert list(tmp_path.iterdir()) == [Path(db)]
    code, _out, err = run(
        capsys,
        "--db",
        db,
        "export",
        "--project",
        "P",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--option",
        "relations=true",
    )
    assert code == 1 and "the jsonl export reads no such option (its options: none)" in err
