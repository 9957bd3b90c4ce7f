"""The `annotator` command: subcommands, messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from tests.cli.helpers import run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


def test_help_lists_every_subcommand() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--help"], capture_output=True, text=True, check=True
    )
    for name in ("projects", "project", "import", "export", "stats", "gui"):
        assert name in result.stdout


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("annotator")
    if not exe.exists():
        pytest.skip("the package is not installed with its console script (pip install -e .)")
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("annotator ")


def test_project_import_stats_export_flow(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    (articles / "nested").mkdir(parents=True)
    (articles / "one.txt").write_bytes(
        "\ufeffFirst headline\r\n\r\nBody line one.\r\nBody line two.\r\n".encode()
    )
    (articles / "nested" / "two.txt").write_bytes(b"\n\nSecond headline\rText with old Mac line ends.\r")
    (articles / "photo.jpg").write_bytes(b"\xff\xd8\xff")

    assert run(capsys, "--db", db, "project", "create", "News")[0] == 0
    code, out, _ = run(capsys, "import", str(articles), "--project", "News", "--db", db)
    assert code == 0
    assert "2 document(s) imported, 0 skipped as duplicates" in out
    assert "photo.jpg: ignored" in out
    code, out, _ = run(capsys, "import", str(articles), "--project", "News", "--db", db)
    assert "0 document(s) imported, 2 skipped as duplicates" in out

    code, out, _ = run(capsys, "stats", "--project", "News", "--db", db)
    assert code == 0 and "documents: 2" in out and "todo: 2" in out and "CLAIM: 0" in out

    out_file = tmp_path / "out.jsonl"
    code, out, _ = run(
        capsys, "export", "--project", "News", "--format", "jsonl", "-o", str(out_file), "--db", db
    )
    assert code == 0 and "exported 2 document(s)" in out
    records = [json.loads(x) for x in out_file.read_text(encoding="utf-8").splitlines()]
    assert [(r["title"], r["text"]) for r in records] == [
        ("Second headline", "Text with old Mac line ends."),
        ("First headline", "Body line one.\nBody line two."),
    ]

    code, out, _ = run(
        capsys,
        "export",
        "--project",
        "News",
        "--status",
        "done",
        "-o",
        str(out_file),
        "--db",
        db,
        "--overwrite",
    )
    assert "exported 0 document(s)" in out and out_file.read_text() == ""


def test_undecodable_text_file_is_named_with_its_likely_encoding(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Überschrift\n\nDie Bürgermeisterin sagte, die Straße werde gesperrt.\n".encode("cp1252"))
    run(capsys, "--db", db, "project", "create", "P")
    code, _, err = run(capsys, "--db", db, "import", str(bad), "--project", "P")
    assert code == 1
    assert f"{bad}: line 1: byte 0xdc is not UTF-8" in err
    assert "convert it to UTF-8" in err
    assert "Traceback" not in err
    assert run(capsys, "--db", db, "stats", "--project", "P")[1].startswith("documents: 0")


def test_user_errors_exit_1_with_one_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", db, "stats", "--project", "Nope")
    assert (
        code == 1
        and err
        == f"annotator: error: {db}: no such database file (check the path; this command creates none)\n"
    )
    run(capsys, "--db", db, "project", "create", "Other")
    code, _, err = run(capsys, "--db", db, "stats", "--project", "Nope")
    assert code == 1 and err == "annotator: error: no project named 'Nope' (projects: Other)\n"
    notdb = tmp_path / "notes.txt"
    notdb.write_text("hello")
    code, _, err = run(capsys, "--db", str(notdb), "projects")
    assert code == 1 and "is not an annotator database" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--db", "postgresql://u:pw@127.0.0.1:9/x", "projects")
    assert code == 1 and "u:***@127.0.0.1:9/x" in err and "pw@" not in err
    schema = tmp_path / "labels.json"
    schema.write_text('[{"name": "A", "hotkey": "1"}, {"name": "B", "hotkey": "1"}]')
    code, _, err = run(capsys, "--db", db, "project", "create", "X", "--labels", str(schema))
    assert code == 1 and "hotkey 1 is already used by 'A'" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "--project"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_env_variable_selects_the_database(
    capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", db)
    run(capsys, "project", "create", "FromEnv")
    assert Path(db).exists()
    assert "FromEnv" in run(capsys, "projects")[1]


def test_default_database_starts_with_the_demo_project(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, _ = run(capsys, "projects")
    assert code == 0 and out.startswith("Demo\t5 document(s)")
    code, out, _ = run(capsys, "stats", "--project", "Demo")
    assert "CAPTION:" in out and "spans: 0" not in out
    assert (tmp_path / "data" / "annotator" / "annotator.sqlite3").exists()
