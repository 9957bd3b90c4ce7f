"""`annotator suggest` and `annotator train`: what they print, store and refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.types import DocStatus
from annotator.project import Workspace
from tests.cli.helpers import run
from tests.suggest.synthetic import synthetic_documents

ARTICLE = '"We will not back down," said Mayor Ana Ruiz.\n\nWorkers stack sandbags. (AP Photo/Lee Park)'


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


def test_suggest_takes_articles_nobody_started_by_default(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "more.jsonl"
    source.write_text(
        json.dumps({"text": ARTICLE.replace("Ana Ruiz", "Bo Lind"), "title": "Later"}) + "\n", "utf-8"
    )
    assert run(capsys, "--db", db, "import", str(source), "--project", "NEWS")[0] == 0
    with Workspace.open(db) as ws:
        first = ws.list_documents("NEWS", annotator=None)[0]
        ws.set_status(first.id, DocStatus.DONE, annotator="ana")
    code, out, _err = run(capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin", "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"]["documents"] == 1  # the done article is left alone
    code, out, _err = run(
        capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin", "--status", "all"
    )
    assert code == 0 and "in 2 document(s)" in out


def test_suggest_json_and_quiet(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANNOTATOR_PROGRESS_INTERVAL", "0")
    code, out, err = run(capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin", "--quiet")
    assert code == 0 and err == "" and "4 suggestion(s) and 2 relation(s)" in out
    code, out, _err = run(
        capsys, "--db", db, "suggest", "--project", "NEWS", "--rules", "builtin", "--replace", "--json"
    )
    report = json.loads(out)  # one object, nothing else on stdout
    assert code == 0 and report["command"] == "suggest" and report["ok"] is True
    assert report["suggester"] == "rules 1.0"
    assert report["counts"] == {
        "documents": 1, "suggestions": 4, "relations": 2,
        "by_label": {"CAPTION": 1, "CLAIM": 1, "CUE": 1, "SOURCE": 1},
        "replaced": 4, "already_there": 0, "rejected_before": 0, "below_score": 0,
    }  # fmt: skip
    code, out, _err = run(capsys, "--db", db, "suggest", "--project", "NOPE", "--rules", "builtin", "--json")
    assert code == 1 and json.loads(out)["ok"] is False


def test_train_json_and_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANNOTATOR_PROGRESS_INTERVAL", "0")
    db = str(tmp_path / "train.sqlite3")
    with Workspace.open(db) as ws:
        ws.create_project("NEWS")
        ws.import_records("NEWS", list(synthetic_documents(20, seed=3)), importer="ana")
    model = tmp_path / "model"
    args = ["--db", db, "train", "--project", "NEWS", "-o", str(model), "--epochs", "1"]
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["command"] == "train" and report["ok"] is True and report["model"] == str(model)
    assert report["counts"]["train_documents"] + report["counts"]["dev_documents"] == 20
    assert [e["epoch"] for e in report["epochs"]] == [1]
    assert {s["label"] for s in report["scores"]} >= {"SOURCE", "CUE"} and "f1" in report["overall"]
    code, out, err = run(capsys, *args, "--overwrite", "--quiet")
    assert code == 0 and err == "" and "epoch" not in out and "trained on" in out
