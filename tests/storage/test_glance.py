"""`storage.glance`: the projects of an up-to-date SQLite file read without SQLAlchemy, or None for the full path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.types import AnnotatedDocument, Document
from annotator.project import Workspace
from annotator.storage import glance


def _database(path: Path) -> Path:
    with Workspace.open(str(path)) as ws:
        for name, count in (("wire", 2), ("news", 3), ("Archive", 0)):
            ws.create_project(name)
            ws.import_records(
                name, [AnnotatedDocument(Document(f"{name} article {i}.")) for i in range(count)]
            )
    return path


def test_it_lists_what_the_workspace_lists(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite3")
    with Workspace.open(str(db)) as ws:
        expected = ws.projects()
    assert [p.documents for p in expected] == [0, 3, 2]  # by name: Archive, news, wire
    assert glance.projects(str(db)) == expected


def test_anything_unusual_takes_the_full_path(tmp_path: Path) -> None:
    db = _database(tmp_path / "a.sqlite3")
    older = tmp_path / "older.sqlite3"
    older.write_bytes(db.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    empty = tmp_path / "empty.sqlite3"
    Workspace.open(str(empty)).close()
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n", encoding="utf-8")
    for target in (older, empty, foreign, text, tmp_path / "missing.sqlite3", tmp_path):
        assert glance.projects(str(target)) is None, target
    assert glance.projects(f"sqlite:///{db}") is None  # URLs always open a Workspace
    assert glance.projects(str(db)) is not None
