"""The import fills the search index once per file (SQLite: FTS5 after the rows, trigger restored), on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.project import Workspace


def _titles(ws: Workspace, query: str) -> list[str]:
    return sorted(d.title for d in ws.list_documents("p", annotator="a", search=query))


def test_imported_documents_are_searchable_and_later_ones_too(db_url: str) -> None:
    ws = Workspace.open(db_url)
    try:
        ws.create_project("p")
        ws.import_records("p", [AnnotatedDocument(Document(text="The harbour wall", title="one"))])
        ws.import_records(
            "p",
            [
                AnnotatedDocument(Document(text="A harbour strike", title="two")),
                AnnotatedDocument(Document(text="Rail strike ends", title="three")),
            ],
        )
        assert _titles(ws, "harbour") == ["one", "two"]
        assert _titles(ws, "strike") == ["three", "two"]
    finally:
        ws.close()


def test_a_refused_import_leaves_the_index_and_its_trigger_as_they_were(db_url: str) -> None:
    ws = Workspace.open(db_url)
    try:
        ws.create_project("p")
        ws.import_records("p", [AnnotatedDocument(Document(text="first harbour", title="one"))])
        bad = [
            AnnotatedDocument(Document(text="second harbour", title="two")),
            AnnotatedDocument(Document(text="x"), (Span(0, 1, "UNKNOWN"),)),
        ]
        with pytest.raises(ValidationError):
            ws.import_records("p", bad)
        assert _titles(ws, "harbour") == ["one"]
        ws.import_records("p", [AnnotatedDocument(Document(text="third harbour", title="three"))])
        assert _titles(ws, "harbour") == ["one", "three"]
    finally:
        ws.close()


def test_sqlite_keeps_its_fts_trigger_and_a_consistent_index(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    ws = Workspace.open(str(db))
    try:
        ws.create_project("p")
        ws.import_records("p", [AnnotatedDocument(Document(text=f"article {i} harbour")) for i in range(50)])
    finally:
        ws.close()
    conn = sqlite3.connect(db)
    try:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "documents_fts_insert" in triggers
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        (found,) = conn.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'harbour'"
        ).fetchone()
        assert found == 50
    finally:
        conn.close()
