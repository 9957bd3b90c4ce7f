"""Two writers at once: no "database is locked", no lost update, conflicting changes refused."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ConflictError
from annotator.core.types import AnnotatedDocument, DocStatus, Document
from annotator.project import Workspace
from tests.integration.crash_harness import REPO

TEXT = " ".join(f"t{i}" for i in range(400))


def _setup(url: str) -> int:
    with Workspace.open(url) as ws:
        ws.create_project("p")
        ws.import_records("p", [AnnotatedDocument(Document(text=TEXT, title="Council budget"))])
        doc = ws.first_document("p")
        assert doc is not None
        return doc


_WRITER = r"""
import sys, time
from pathlib import Path
from annotator.project import Workspace
from annotator.core.types import DocStatus
db, who, go, n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
ws = Workspace.open(db)
doc = ws.first_document("p")
text = ws.document(doc).text
offset = 0 if who == "alice" else 1
while not go.exists():
    time.sleep(0.001)
for i in range(n):
    start = 2 * (3 * i + offset)
    ws.add_span(document=doc, start=start, end=start + 1, label="CLAIM", annotator=who)
    if i % 10 == 0:
        ws.set_status(doc, DocStatus.IN_PROGRESS, annotator=who)
ws.set_status(doc, DocStatus.DONE, annotator=who)
print("finished", who)
"""


def test_two_processes_annotate_one_sqlite_file(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.sqlite3")
    doc = _setup(db)
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, db, who, str(go), "60"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("alice", "bob")
    ]
    go.touch()
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert "locked" not in err, err
        assert proc.returncode == 0, err
        assert out.startswith("finished")
    with Workspace.open(db) as ws:
        spans = ws.spans(doc)
        assert len(spans) == 120
        assert {s.annotator for s in spans} == {"alice", "bob"}
        assert ws.status(doc, annotator="alice") == DocStatus.DONE
        assert ws.status(doc, annotator="bob") == DocStatus.DONE


def test_a_write_that_starts_as_a_read_is_the_busy_snapshot_trap(tmp_path: Path) -> None:
    # The trap itself, with plain sqlite3: a deferred transaction that read, then tries to
    # write after another connection committed, fails at once; the busy timeout cannot help.
    db = tmp_path / "trap.sqlite3"
    _setup(str(db))
    a = sqlite3.connect(db, timeout=5, isolation_level=None)
    b = sqlite3.connect(db, timeout=5, isolation_level=None)
    try:
        a.execute("BEGIN")
        a.execute("SELECT count(*) FROM projects").fetchone()
        b.execute("INSERT INTO annotators (name) VALUES ('bob')")
        with pytest.raises(sqlite3.OperationalError) as caught:
            a.execute("INSERT INTO annotators (name) VALUES ('alice')")
        assert caught.value.sqlite_errorname == "SQLITE_BUSY_SNAPSHOT"
    finally:
        a.close()
        b.close()


def test_facade_writes_do_not_fall_into_the_busy_snapshot_trap(tmp_path: Path) -> None:
    # The same sequence through the facade: the write transaction that reads first holds
    # the write lock from BEGIN IMMEDIATE, so the other writer waits instead of one failing.
    db = str(tmp_path / "no-trap.sqlite3")
    doc = _setup(db)
    first, second = Workspace.open(db), Workspace.open(db)
    errors: list[BaseException] = []
    began = threading.Event()

    def other_writer() -> None:
        began.wait()
        try:
            second.add_span(document=doc, start=0, end=2, label="SOURCE", annotator="bob")
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        with first.uow.writing("a test change") as session:
            from annotator.storage import repo

            assert repo.get_document(session, doc).text == TEXT  # the transaction reads first
            began.set()
            thread.join(timeout=0.5)
            assert thread.is_alive(), "the other writer got in while a write transaction was open"
            repo.annotator_id(session, "alice", create=True)  # ... then writes
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert errors == []
        assert [s.annotator for s in first.spans(doc)] == ["bob"]
        assert "alice" in first.annotators()
    finally:
        began.set()
        thread.join(timeout=120)
        first.close()
        second.close()


# --- two coders on one database (SQLite and PostgreSQL) -----------------------------


def _two(url: str) -> tuple[int, Workspace, Workspace]:
    doc = _setup(url)
    return doc, Workspace.open(url), Workspace.open(url)


def test_two_coders_adding_at_once_lose_nothing(db_url: str) -> None:
    doc, alice, bob = _two(db_url)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def annotate(ws: Workspace, who: str, offset: int) -> None:
        barrier.wait()
        try:
            for i in range(25):
                start = 2 * (3 * i + offset)
                ws.add_span(document=doc, start=start, end=start + 1, label="CLAIM", annotator=who)
            ws.set_status(doc, DocStatus.DONE, annotator=who)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=annotate, args=(alice, "alice", 0)),
        threading.Thread(target=annotate, args=(bob, "bob", 1)),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert errors == []
        spans = alice.spans(doc)
        assert len(spans) == 50
        assert sorted(s.annotator or "" for s in spans).count("bob") == 25
        assert bob.status(doc, annotator="alice") == DocStatus.DONE
        assert alice.status(doc, annotator="bob") == DocStatus.DONE
    finally:
        alice.close()
        bob.close()


def test_the_same_new_coder_on_two_machines_at_once(db_url: str) -> None:
    # Both sessions create the annotator row for "carol" on first use; the loser retries.
    doc, one, two = _two(db_url)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def annotate(ws: Workspace, start: int) -> None:
        barrier.wait()
        try:
            ws.add_span(document=doc, start=start, end=start + 2, label="CLAIM", annotator="carol")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=annotate, args=(ws, n * 10)) for n, ws in enumerate((one, two))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        assert len(one.spans(doc, annotator="carol")) == 2
    finally:
        one.close()
        two.close()


def test_relabelling_a_span_another_coder_changed_is_refused(db_url: str) -> None:
    doc, alice, bob = _two(db_url)
    try:
        span = alice.add_span(document=doc, start=0, end=2, label="CLAIM", annotator="alice").value
        assert [s.id for s in bob.spans(doc)] == [span.id]  # bob sees version 1
        alice.relabel_span(span.id, "SOURCE")
        with pytest.raises(ConflictError, match="changed by someone else"):
            bob.relabel_span(span.id, "CAPTION")
        with pytest.raises(ConflictError, match="changed by someone else"):
            bob.delete_span(span.id)
        with pytest.raises(ConflictError, match="changed by someone else"):
            bob.set_note(span.id, "bob's note")
        (stored,) = alice.spans(doc)
        assert (stored.label, stored.note, stored.version) == ("SOURCE", None, 2)
        # Having seen the new version, bob's change goes through.
        assert bob.spans(doc)[0].version == 2
        bob.relabel_span(span.id, "CAPTION")
        assert alice.spans(doc)[0].label == "CAPTION"
    finally:
        alice.close()
        bob.close()


def test_relabelling_a_span_another_coder_deleted_is_refused(db_url: str) -> None:
    doc, alice, bob = _two(db_url)
    try:
        span = alice.add_span(document=doc, start=4, end=6, label="CLAIM", annotator="alice").value
        bob.spans(doc)
        alice.delete_span(span.id)
        with pytest.raises(ConflictError, match="deleted"):
            bob.relabel_span(span.id, "SOURCE")
        with pytest.raises(ConflictError, match="deleted"):
            bob.set_note(span.id, "too late")
        with pytest.raises(ConflictError):
            bob.delete_span(span.id)
        assert alice.spans(doc) == []
        # alice's undo of her delete brings it back; bob's stale relabel still cannot apply.
        alice.undo()
        with pytest.raises(ConflictError):
            bob.relabel_span(span.id, "SOURCE")
        assert [s.label for s in alice.spans(doc)] == ["CLAIM"]
    finally:
        alice.close()
        bob.close()


def test_simultaneous_relabels_exactly_one_wins(db_url: str) -> None:
    doc, alice, bob = _two(db_url)
    try:
        span = alice.add_span(document=doc, start=8, end=10, label="CLAIM", annotator="alice").value
        alice.spans(doc)
        bob.spans(doc)
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def relabel(ws: Workspace, who: str, label: str) -> None:
            barrier.wait()
            try:
                ws.relabel_span(span.id, label)
                outcomes[who] = label
            except ConflictError:
                outcomes[who] = "refused"

        threads = [
            threading.Thread(target=relabel, args=(alice, "alice", "SOURCE")),
            threading.Thread(target=relabel, args=(bob, "bob", "CAPTION")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert sorted(outcomes.values()).count("refused") == 1, outcomes
        winner = next(v for v in outcomes.values() if v != "refused")
        (stored,) = alice.spans(doc)
        assert (stored.label, stored.version) == (winner, 2)
    finally:
        alice.close()
        bob.close()


def test_two_imports_of_the_same_file_at_once_store_each_text_once(db_url: str, tmp_path: Path) -> None:
    # Each import reads the project's texts, then inserts: without a lock, two at once both insert.
    source = tmp_path / "wire.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": f"Wire story {i}: the port reopened after the storm."}) + "\n"
            for i in range(400)
        ),
        encoding="utf-8",
    )
    first = Workspace.open(db_url)
    first.create_project("wire")
    second = Workspace.open(db_url)
    barrier = threading.Barrier(2)
    reports: list[object] = []
    errors: list[BaseException] = []

    def run(ws: Workspace) -> None:
        barrier.wait()
        try:
            reports.append(ws.import_paths("wire", [source]))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(ws,)) for ws in (first, second)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert errors == []
        assert first.count_documents("wire", annotator=None) == 400
        assert sorted((r.imported, r.duplicates) for r in reports) == [(0, 400), (400, 0)]  # type: ignore[attr-defined]
    finally:
        first.close()
        second.close()


def _open_at_once(url: str, barrier: Any, results: Any) -> None:
    try:
        barrier.wait()
        with Workspace.open(url) as ws:
            ws.projects()
        results.put("ok")
    except BaseException as exc:  # reported by the parent
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.postgres
@pytest.mark.parametrize("round_", range(3))
def test_four_coders_opening_a_fresh_postgresql_database_at_once(pg_url: str, round_: int) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(4), ctx.Queue()
    coders = [ctx.Process(target=_open_at_once, args=(pg_url, barrier, results)) for _ in range(4)]
    for p in coders:
        p.start()
    outcomes = [results.get(timeout=120) for _ in coders]
    for p in coders:
        p.join()
    assert outcomes == ["ok"] * 4
