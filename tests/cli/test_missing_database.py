"""A mistyped --db path: commands that only read (or need a project) refuse it; only creating commands make the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main

READERS = [
    ["projects"],
    ["stats", "--project", "News"],
    ["export", "--project", "News", "-o", "{tmp}/out.jsonl"],
    ["validate", "{tmp}/in.jsonl", "--project", "News"],
    ["agreement", "--project", "News"],
    ["assignments", "--project", "News"],
    ["codebook", "show", "--project", "News"],
    ["codebook", "export", "--project", "News", "-o", "{tmp}/codebook.json"],
    ["codebook", "log", "--project", "News"],
    ["codebook", "import", "{tmp}/codebook.json", "--project", "News"],
    ["label", "rename", "CLAIM", "ASSERTION", "--project", "News"],
    ["assign", "--project", "News", "--coders", "a,b"],
    ["gold", "--project", "News", "--strategy", "majority"],
    ["backup", "{tmp}/copy.sqlite3"],
    ["doctor"],
]


@pytest.mark.parametrize("command", READERS, ids=[" ".join(c[:2]) for c in READERS])
def test_a_missing_database_is_refused_naming_it_and_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "A line."}\n', encoding="utf-8")
    (tmp_path / "codebook.json").write_text('[{"name": "CLAIM"}]', encoding="utf-8")
    typo = tmp_path / "typo.sqlite3"
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code = main(["--db", str(typo), *args])
    _out, err = capsys.readouterr()
    assert code == 1
    assert f"{typo}: no such database file" in err
    assert err.count("\n") == 1  # one clear line, no traceback
    assert not typo.exists()
    assert not any(p.name.startswith("typo.sqlite3") for p in tmp_path.iterdir())


def test_creating_commands_still_create_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    created = tmp_path / "new.sqlite3"
    assert main(["--db", str(created), "project", "create", "News"]) == 0
    assert created.exists()
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nBody.\n", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    # import creates the database too (it then names the missing project)
    assert main(["--db", str(other), "import", str(article), "--project", "News"]) == 1
    assert other.exists()
    capsys.readouterr()
    assert main(["--db", str(created), "stats", "--project", "News"]) == 0
