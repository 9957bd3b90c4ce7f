"""PostgreSQL connection faults: the facade reconnects, retries what is safe, reports what is not saved.

Faults are made without touching the shared server: backends are killed with
pg_terminate_backend from another connection, and a small TCP relay in front of the
server is cut (server unreachable) and restored (server back after a restart).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from annotator.core.errors import ConnectionLostError
from annotator.core.types import AnnotatedDocument, Document
from annotator.project import Workspace
from annotator.storage import repo
from tests.conftest import pg_base_url

pytestmark = pytest.mark.postgres


class Relay:
    """A TCP relay to the PostgreSQL server that can be cut and restored on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.delay = 0.0  # seconds every answer of the server is held back (a slow server or network)
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        """Accept connections (again)."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Drop every connection and stop listening: the server looks gone."""
        with self._lock:
            if self._listener is not None:
                # shutdown() first: close() alone does not wake a thread blocked in accept().
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b, late in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pump, args=(a, b, late), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, late: bool) -> None:
        try:
            while data := src.recv(65536):
                if late and self.delay:
                    time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)


@pytest.fixture
def tagged_pg_url(pg_url: str) -> str:
    """The test schema's URL with an application_name that marks only this test's connections."""
    return f"{pg_url}&application_name=annotator-{uuid.uuid4().hex[:10]}"


def _admin() -> str:
    base = pg_base_url()
    assert base is not None
    return base.replace("postgresql+psycopg://", "postgresql://")


def _terminate(app_name: str) -> int:
    """Kill this test's backends from another connection; returns how many."""
    import psycopg

    with psycopg.connect(_admin(), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (app_name,),
        ).fetchall()
    return len(rows)


def _app_name(url: str) -> str:
    return url.rsplit("application_name=", 1)[1]


def _setup(url: str) -> tuple[Workspace, int]:
    ws = Workspace.open(url)
    ws.retry_delays = (0.05, 0.1, 0.2)
    ws.create_project("p")
    ws.import_records("p", [AnnotatedDocument(Document(text="Mayor denies the ferry report.", title="t"))])
    doc = ws.first_document("p")
    assert doc is not None
    return ws, doc


def test_connections_killed_while_idle_are_replaced(tagged_pg_url: str) -> None:
    ws, doc = _setup(tagged_pg_url)
    try:
        ws.add_span(document=doc, start=0, end=5, label="SOURCE", annotator="alice")
        assert _terminate(_app_name(tagged_pg_url)) >= 1
        ws.add_span(document=doc, start=6, end=12, label="CLAIM", annotator="alice")
        assert [(s.start, s.end) for s in ws.spans(doc)] == [(0, 5), (6, 12)]
    finally:
        ws.close()


@contextlib.contextmanager
def _kill_during(monkeypatch: pytest.MonkeyPatch, name: str, app: str, times: int = 1) -> Iterator[list[int]]:
    """Make repo.<name> find its own connection killed by another one, the first `times` calls."""
    real = getattr(repo, name)
    calls: list[int] = []

    def killing(session: Session, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) <= times:
            assert _terminate(app) >= 1
        return real(session, *args, **kwargs)

    monkeypatch.setattr(repo, name, killing)
    yield calls


def test_connection_lost_mid_insert_is_retried_without_duplicates(
    tagged_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, doc = _setup(tagged_pg_url)
    messages: list[str] = []
    ws.on_connection_retry = messages.append
    try:
        with _kill_during(monkeypatch, "insert_spans", _app_name(tagged_pg_url)) as calls:
            span = ws.add_span(document=doc, start=6, end=12, label="CLAIM", annotator="alice").value
        assert len(calls) == 2
        assert any("retrying" in m for m in messages)
        assert [s.id for s in ws.spans(doc)] == [span.id]
    finally:
        ws.close()


def test_commit_whose_reply_was_lost_is_not_duplicated(
    tagged_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The COMMIT reaches the server, then the connection dies before the reply: the retry
    # finds the span by its client-made id instead of inserting it twice.
    ws, doc = _setup(tagged_pg_url)
    real_commit = Session.commit
    commits: list[int] = []

    def commit_then_die(self: Session) -> None:
        real_commit(self)
        commits.append(1)
        if len(commits) == 1:
            import psycopg
            from sqlalchemy.exc import OperationalError

            error = OperationalError("COMMIT", {}, psycopg.OperationalError("server closed the connection"))
            error.connection_invalidated = True
            raise error

    monkeypatch.setattr(Session, "commit", commit_then_die)
    try:
        span = ws.add_span(document=doc, start=0, end=5, label="SOURCE", annotator="alice").value
        monkeypatch.undo()
        assert [s.id for s in ws.spans(doc)] == [span.id]
    finally:
        ws.close()


def test_import_interrupted_by_a_lost_connection_is_reported_not_saved(
    tagged_pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ws, _doc = _setup(tagged_pg_url)
    source = tmp_path / "more.jsonl"
    source.write_text('{"text": "Ferry timetable cut again."}\n{"text": "Harbour dues to rise."}\n')
    try:
        before = ws.count_documents("p", annotator=None)
        with (
            _kill_during(monkeypatch, "insert_documents", _app_name(tagged_pg_url), times=1),
            pytest.raises(ConnectionLostError, match=r"more\.jsonl was not saved"),
        ):
            ws.import_paths("p", [source])
        monkeypatch.undo()
        assert ws.count_documents("p", annotator=None) == before
        ws.import_paths("p", [source])  # the connection is back: importing again works
        assert ws.count_documents("p", annotator=None) == before + 2
    finally:
        ws.close()


def test_closed_port_is_reported_clearly() -> None:
    with pytest.raises(ConnectionLostError, match="cannot reach the database server"):
        Workspace.open("postgresql+psycopg://postgres@127.0.0.1:1/test")


def _relay_url(pg_url: str, relay: Relay) -> str:
    return pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}", 1)


def test_server_gone_mid_session_reports_what_was_not_saved(pg_url: str) -> None:
    if "127.0.0.1:5432" not in pg_url:
        pytest.skip("the relay test expects the server at 127.0.0.1:5432")
    relay = Relay("127.0.0.1", 5432)
    ws, doc = _setup(_relay_url(pg_url, relay))
    messages: list[str] = []
    ws.on_connection_retry = messages.append
    try:
        relay.cut()
        with pytest.raises(ConnectionLostError, match="the new CLAIM annotation was not saved"):
            ws.add_span(document=doc, start=6, end=12, label="CLAIM", annotator="alice")
        assert len(messages) == len(ws.retry_delays) and "retrying" in messages[0]
        relay.restore()
        assert ws.spans(doc) == []  # nothing half-saved
        ws.add_span(document=doc, start=6, end=12, label="CLAIM", annotator="alice")
        assert len(ws.spans(doc)) == 1
    finally:
        relay.cut()
        ws.close()


def test_server_restart_during_an_operation_is_ridden_out(pg_url: str) -> None:
    if "127.0.0.1:5432" not in pg_url:
        pytest.skip("the relay test expects the server at 127.0.0.1:5432")
    relay = Relay("127.0.0.1", 5432)
    ws, doc = _setup(_relay_url(pg_url, relay))
    messages: list[str] = []

    def back_up(message: str) -> None:
        messages.append(message)
        relay.restore()  # the server comes back while the facade waits to retry

    ws.on_connection_retry = back_up
    try:
        relay.cut()
        span = ws.add_span(document=doc, start=6, end=12, label="CLAIM", annotator="alice").value
        assert len(messages) == 1
        assert [s.id for s in ws.spans(doc)] == [span.id]
    finally:
        relay.cut()
        ws.close()


def test_reads_can_fail_at_once_instead_of_waiting_through_the_retries(pg_url: str) -> None:
    if "127.0.0.1:5432" not in pg_url:
        pytest.skip("the relay test expects the server at 127.0.0.1:5432")
    relay = Relay("127.0.0.1", 5432)
    ws, doc = _setup(_relay_url(pg_url, relay))
    messages: list[str] = []
    ws.on_connection_retry = messages.append
    try:
        relay.cut()
        ws.read_retry_delays = ()  # what the window sets: its reads run on the GUI thread
        with pytest.raises(ConnectionLostError, match="nothing was read"):
            ws.spans(doc)
        assert messages == []  # no waiting, no retry announced
        ws.read_retry_delays = None  # back to the write policy: every wait is announced
        with pytest.raises(ConnectionLostError, match="nothing was read"):
            ws.spans(doc)
        assert len(messages) == len(ws.retry_delays)
    finally:
        relay.cut()
        ws.close()


def test_import_cut_off_during_copy_is_reported_not_saved(
    tagged_pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Enough articles that their rows go by COPY, past SQLAlchemy: a lost connection still reads as lost."""
    ws, _doc = _setup(tagged_pg_url)
    source = tmp_path / "many.jsonl"
    count = repo.common.COPY_FROM + 10
    source.write_text("".join(f'{{"text": "Ferry timetable note {i}."}}\n' for i in range(count)))
    try:
        before = ws.count_documents("p", annotator=None)
        real, copies = repo.common._copy, []

        def killing(*args: object) -> None:
            copies.append(1)
            if len(copies) == 1:
                assert _terminate(_app_name(tagged_pg_url)) >= 1
            real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(repo.common, "_copy", killing)
        with pytest.raises(ConnectionLostError, match=r"many\.jsonl was not saved"):
            ws.import_paths("p", [source])
        assert copies == [1], "the connection was cut at the documents' COPY, nothing was sent after it"
        monkeypatch.undo()
        assert ws.count_documents("p", annotator=None) == before
        ws.import_paths("p", [source])
        assert ws.count_documents("p", annotator=None) == before + count
    finally:
        ws.close()


def test_a_constraint_broken_by_copy_is_reported_as_a_conflict(pg_url: str) -> None:
    from annotator.core.errors import Contended
    from annotator.storage.models import AnnotatorRow

    ws = Workspace.open(pg_url)
    try:
        rows = [{"name": f"coder{i}"} for i in range(repo.common.COPY_FROM)]
        with ws._ctx.uow.writing("the first coders") as s:
            repo.common.bulk_insert(s, AnnotatorRow.__table__, rows)
        with (
            pytest.raises(Contended, match="conflicts with the database"),
            ws._ctx.uow.writing("the same coders again") as s,
        ):
            repo.common.bulk_insert(s, AnnotatorRow.__table__, rows)
        with ws._ctx.uow.reading() as s:
            names = {n for (n,) in s.execute(sa.select(AnnotatorRow.name))}
        assert names >= {r["name"] for r in rows}
    finally:
        ws.close()
