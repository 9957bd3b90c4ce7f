"""A restore checks every row as an import would and refuses a backup, all or nothing, naming the first bad row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, Relation, Span
from annotator.project import Workspace, backup_database, restore_database

TEXT = "The mayor said the wall holds."  # 30 code points


def _source(tmp_path: Path) -> str:
    db = str(tmp_path / "source.sqlite3")
    with Workspace.open(db) as ws:
        ws.create_project("p")
        claim, who = Span(15, 30, "CLAIM", "c1", "alice"), Span(0, 9, "SOURCE", "s1", "alice")
        ws.import_records(
            "p",
            [
                AnnotatedDocument(
                    Document(TEXT, title="Wall"), (claim, who), (Relation("c1", "s1", "ATTRIBUTED_TO"),)
                )
            ],
        )
    return db


def _edit(dump: Path, table: str, change: Callable[[dict[str, Any]], None]) -> int:
    """Apply `change` to the first row of `table` in a dump; returns its line number."""
    lines = dump.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        obj = json.loads(line)
        if obj.get("table") == table:
            change(obj["row"])
            lines[number - 1] = json.dumps(obj)
            dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    raise AssertionError(f"no {table} row")


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        (
            "spans",
            lambda r: r.update(start=50, end=9999),
            "offsets [50, 9999) outside its document's text (length 30)",
        ),
        ("documents", lambda r: r.update(text="Another text entirely."), "does not match its hash"),
        ("relations", lambda r: r.update(head_id="nope"), "refers to span nope, not a span of its document"),
        ("labels", lambda r: r.update(name="MY LABEL"), "must not contain spaces"),
        ("annotators", lambda r: r.update(name="a\x00b"), "must not contain control characters"),
        ("spans", lambda r: r.update(origin="guessed"), "unknown origin 'guessed'"),
        ("document_status", lambda r: r.update(status="finished"), "status 'finished'"),
    ],
)
def test_a_hand_edited_backup_is_refused_naming_its_line(
    tmp_path: Path, table: str, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    db = _source(tmp_path)
    if table == "document_status":
        with Workspace.open(db) as ws:
            doc = ws.first_document("p")
            assert doc is not None
            from annotator.core.types import DocStatus

            ws.set_status(doc, DocStatus.DONE, annotator="alice")
    dump = tmp_path / "backup.jsonl"
    backup_database(db, dump)
    line = _edit(dump, table, change)
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(ValidationError) as info:
        restore_database(dump, str(target))
    assert str(info.value).startswith(f"{dump}: line {line}: ")
    assert message in str(info.value)
    assert not target.exists()


def test_a_sqlite_backup_with_data_postgresql_would_refuse_is_refused_on_every_backend(
    tmp_path: Path, db_url: str
) -> None:
    db = _source(tmp_path)
    copy = tmp_path / "copy.sqlite3"
    backup_database(db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE labels SET name = ? WHERE name = 'CAPTION'", ("C" * 80,))
    with pytest.raises(ValidationError, match=r"copy.sqlite3: table labels, row \d+: .*80 characters long"):
        restore_database(copy, db_url)
    with Workspace.open(db_url) as ws:
        assert ws.projects() == []
