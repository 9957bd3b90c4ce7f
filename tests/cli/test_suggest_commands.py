"""`annotator suggest` and `annotator train`: what they print, store and refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Workspace
from tests.suggest.synthetic import synthetic_documents

ARTICLE = '"We will not back down," said Mayor Ana Ruiz.\n\nWorkers stack sandbags. (AP Photo/Lee Park)'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": ARTICLE, "title": "Flood"}) + "\n", encoding="utf-8")
    assert run(capsys, "--db", path, "project", "create", "NEWS")[0] == 0
    assert run(capsys, "--db", path, "import", str(source), "--project", "NEWS")[0] == 0
    return path


def test_suggest_rules_prints_counts_per_label(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin")
    assert code == 0
    assert "CAPTION\t1" in out and "CLAIM\t1" in out and "SOURCE\t1" in out and "CUE\t1" in out
    assert "4 suggestion(s) and 2 relation(s) by rules 1.0 in 1 document(s)" in out
    code, out, _err = run(capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin")
    assert "4 left out: already there" in out
    code, out, _err = run(
        capsys,
        "--db",
        db,
        "suggest",
        "--project",
        "NEWS",
        "--rules",
        "builtin",
        "--replace",
        "--labels",
        "CAPTION",
    )
    assert "1 earlier pending suggestion(s) of rules 1.0 replaced" in out and "CAPTION\t1" in out
    code, out, _err = run(
        capsys, "--db", db, "export", "--project", "NEWS", "-o", str(Path(db).with_name("o.jsonl"))
    )
    assert "4 pending suggestion(s) left out" in out and "exported 1 document(s), 0 span(s)" in out


def test_suggest_needs_one_suggester(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", db, "suggest", "--project", "NEWS"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["--db", db, "suggest", "--project", "NEWS", "--rules", "builtin", "--model", "m"])
    capsys.readouterr()


def test_suggest_patterns_names_with_a_label(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "people.txt"
    names.write_text("Ana Ruiz\nLee Park\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", db, "suggest", "--project", "NEWS", "--patterns", str(names))
    assert code == 1 and "needs --label" in err and "Traceback" not in err
    code, out, _err = run(
        capsys, "--db", db, "suggest", "--project", "NEWS", "--patterns", str(names), "--label", "SOURCE"
    )
    assert code == 0 and "SOURCE\t2" in out and "by patterns people" in out


def test_train_then_suggest_with_the_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "train.sqlite3")
    with Workspace.open(db) as ws:
        ws.create_project("NEWS")
        ws.import_records("NEWS", list(synthetic_documents(30, seed=3)), importer="ana")
        ws.import_records("NEWS", [r.__class__(r.document) for r in synthetic_documents(4, seed=99)])
    model = tmp_path / "model"
    code, out, err = run(capsys, "--db", db, "train", "--project", "NEWS", "-o", str(model), "--epochs", "2")
    assert code == 0, err
    assert "trained on" in out and "SOURCE" in out and "CUE" in out and "F1" in out
    assert "epoch 2/2" in out
    assert (model / "meta.json").is_file()
    code, _out, err = run(capsys, "--db", db, "train", "--project", "NEWS", "-o", str(model), "--epochs", "1")
    assert code == 1 and "--overwrite" in err
    code, out, err = run(
        capsys, "--db", db, "suggest", "--project", "NEWS", "--model", str(model), "--status", "todo"
    )
    assert code == 0, err
    assert "by model model in 4 document(s)" in out
