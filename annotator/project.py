"""The Qt-free facade every front end uses: open a database, query it, run operations.

Each operation is one committed transaction and returns `Changes`; the undo
history of the session lives here, so the CLI, the GUI and tests share it.
"""

from __future__ import annotations

import codecs
import itertools
import json
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from annotator import __version__
from annotator.core.changes import Changes
from annotator.core.errors import (
    AnnotatorError,
    ConflictError,
    ConnectionLostError,
    DatabaseError,
    ReadOnlyError,
    ValidationError,
)
from annotator.core.schema import DEFAULT_SCHEMA, check_labels
from annotator.core.spans import validate_span
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Document,
    DocumentSummary,
    InvalidRecord,
    Label,
    LabelKind,
    LabelSchema,
    Origin,
    ProjectInfo,
    ProjectStats,
    Relation,
    Span,
    new_id,
)
from annotator.core.validation import check_annotator_name, check_text
from annotator.formats import exporting, registry
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.output import find_leftovers, recover_leftovers
from annotator.formats.split import PART_NAMES, assign, parse_ratios
from annotator.formats.split import Item as SplitItem
from annotator.importing import Importer, ImportReport, relation_row, span_row
from annotator.paths import default_database_path
from annotator.storage import backup, doctor, repo
from annotator.storage.backup import BackupResult
from annotator.storage.engine import (
    WRITE,
    display_url,
    is_connection_error,
    make_engine,
    resolve_url,
    sqlite_writable,
)
from annotator.storage.migrate import ensure_schema

Progress = Callable[[int, int | None], bool]
"""Called with (done, total or None); returning False cancels the operation."""

_T = TypeVar("_T")

_BATCH = 500


class Cancelled(AnnotatorError):
    """The user cancelled a long operation; nothing of it was kept."""


@dataclass
class ExportReport:
    """What an export did."""

    documents: int = 0
    spans: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class DoctorReport:
    """What `doctor` found and, with repair, what it mended.

    Attributes:
        findings: every problem found, in check order.
        repairs: one line per repair made.
        backup: the copy made before repairing, if any.
    """

    findings: list[doctor.Finding] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    backup: Path | None = None


@dataclass
class _Step:
    text: str
    undo: Callable[[], Changes]
    redo: Callable[[], Changes]


class _Unreachable(ConnectionLostError):
    """The server stayed unreachable through every retry; nothing was sent."""


class _Contended(ConflictError):
    """A write lost a race on a unique row (e.g. two sessions creating one annotator)."""


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _db_error(where: str, exc: Exception) -> DatabaseError:
    """Turn a driver error into one clear line naming the database."""
    return DatabaseError(f"{where}: {_reason(exc)}")


@dataclass(frozen=True)
class ExportFormat:
    """A format the project can be exported to, as a front end lists it."""

    name: str
    description: str
    suffix: str  # "" when the export is a folder


def export_formats() -> list[ExportFormat]:
    """Every export format, native JSONL first."""
    formats = [registry.get_format(name) for name in registry.writer_names()]
    formats.sort(key=lambda f: f.name != "jsonl")
    return [ExportFormat(f.name, f.description, f.suffix) for f in formats]


@dataclass(frozen=True)
class ImportFormat:
    """A format articles can be imported from, as a front end lists it."""

    name: str
    description: str
    extensions: tuple[str, ...]  # file name endings that suggest it, lower case


def import_formats() -> list[ImportFormat]:
    """Every import format, in the order the CLI lists them."""
    formats = [registry.get_format(name) for name in registry.reader_names()]
    return [ImportFormat(f.name, f.description, f.extensions) for f in formats]


def check_import_options(format: str, options: Mapping[str, Any]) -> None:
    """Refuse an unknown import format or encoding before any file is read."""
    if format != "auto":
        registry.get_format(format).bind(ReadContext())  # raises for unknown or export-only formats
    encoding = options.get("encoding")
    if encoding:
        try:
            known = codecs.lookup(str(encoding))._is_text_encoding
        except LookupError:
            known = False
        if not known:
            raise ValidationError(
                f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1, utf-16); nothing was imported"
            )


class Workspace:
    """An open annotator database: queries, operations and the undo history.

    Attributes:
        url: the database location as shown to users (password masked).
        read_only: True when writes are refused (a read-only file or folder, or asked for);
            the GUI shows a banner, and every write raises ReadOnlyError.
        backup_path: the copy made before a schema migration at open, if any.
        retry_delays: seconds to wait before each new attempt to reach a database server
            that dropped the connection; after the last one the operation reports
            ConnectionLostError saying what was not saved.
        read_retry_delays: the same for reads, or None for retry_delays; a front end that
            reads on its GUI thread sets () so an unreachable server fails at once instead
            of freezing the window.
        on_connection_retry: called (on the thread running the operation) with a message
            such as "connection lost, retrying (1/4)" before each wait, so a front end can
            show it.
    """

    retry_delays: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
    read_retry_delays: tuple[float, ...] | None = None

    def __init__(self, engine: Engine, *, read_only: bool, backup_path: Path | None) -> None:
        self._engine = engine
        self.url = display_url(engine.url)
        self.read_only = read_only
        self.backup_path = backup_path
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        # The version of each span as this session last saw it: a change is applied
        # only if nobody changed the span since (optimistic concurrency).
        self._versions: dict[str, int] = {}
        self._lengths: dict[int, int] = {}  # document texts never change, so their lengths can be cached
        self.on_connection_retry: Callable[[str], None] | None = None

    # --- opening -------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path, *, read_only: bool = False) -> Workspace:
        """Open (creating or migrating as needed) the database at a path or URL."""
        url = resolve_url(target)
        where = display_url(url)
        if url.get_backend_name() == "sqlite" and not read_only and url.database:
            path = Path(url.database)
            if path.exists() and not sqlite_writable(path):
                read_only = True
        engine = make_engine(url, read_only=read_only)
        try:
            backup = ensure_schema(engine, read_only=read_only)
        except AnnotatorError:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            if is_connection_error(exc):
                raise ConnectionLostError(
                    f"{where}: cannot reach the database server ({_reason(exc)})"
                ) from None
            raise _db_error(where, exc) from None
        return cls(engine, read_only=read_only, backup_path=backup)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self._engine.url.get_backend_name()

    # --- sessions ------------------------------------------------------------

    def _session(
        self, factory: sessionmaker[Session], what: str, delays: tuple[float, ...] | None = None
    ) -> Session:
        """A session with its transaction begun, retrying while the server is unreachable."""
        delays = self.retry_delays if delays is None else delays
        attempts = len(delays) + 1
        for attempt in range(1, attempts + 1):
            session = factory()
            try:
                # Checks the pooled connection out (pre-ping replaces one the server
                # dropped) and begins the transaction (BEGIN IMMEDIATE for SQLite writes).
                session.connection()
                return session
            except SQLAlchemyError as exc:
                session.close()
                if not is_connection_error(exc):
                    raise
                if attempt == attempts:
                    raise _Unreachable(
                        f"{self.url}: cannot reach the database server ({_reason(exc)}); {what}"
                    ) from None
                delay = delays[attempt - 1]
                if self.on_connection_retry is not None:
                    self.on_connection_retry(
                        f"connection to {self.url} lost, retrying ({attempt}/{attempts - 1})"
                    )
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        session: Session | None = None
        try:
            session = self._session(self._read, "nothing was read", self.read_retry_delays)
            yield session
            session.commit()
        except AnnotatorError:
            raise
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise ConnectionLostError(
                    f"{self.url}: the connection to the database was lost while reading ({_reason(exc)})"
                ) from None
            raise _db_error(self.url, exc) from None
        finally:
            if session is not None:
                session.close()

    @contextmanager
    def _writing(self, what: str = "the change") -> Iterator[Session]:
        """One write transaction; `what` names the change in "... was not saved" messages."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.url}: the database is open read-only; nothing was changed ({what} was not saved)"
            )
        session: Session | None = None
        committing = False
        try:
            session = self._session(self._write, f"{what} was not saved")
            yield session
            committing = True
            session.commit()
        except AnnotatorError:
            raise
        except IntegrityError as exc:
            raise _Contended(
                f"the change conflicts with the database: {_db_error(self.url, exc)}; {what} was not saved"
            ) from None
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                if committing:
                    # The COMMIT may have reached the server before the connection broke.
                    raise ConnectionLostError(
                        f"{self.url}: the connection to the database was lost while saving "
                        f"({_reason(exc)}); {what} may not have been saved"
                    ) from None
                raise ConnectionLostError(
                    f"{self.url}: the connection to the database was lost ({_reason(exc)}); "
                    f"{what} was not saved"
                ) from None
            raise _db_error(self.url, exc) from None
        finally:
            if session is not None:
                session.close()

    def _retrying(self, attempt: Callable[[bool], _T]) -> _T:
        """Run an idempotent write; after a lost connection or a lost race, once more (`attempt(True)`)."""
        try:
            return attempt(False)
        except _Unreachable:
            raise  # already retried for as long as we wait
        except ConnectionLostError as exc:
            if self.on_connection_retry is not None:
                self.on_connection_retry(f"{exc}; retrying")
        except _Contended:
            pass  # the row the other session created is there now
        return attempt(True)

    # --- projects and labels -----------------------------------------------

    def projects(self) -> list[ProjectInfo]:
        """All projects, by name."""
        with self._reading() as s:
            return repo.list_projects(s)

    def project(self, name: str) -> ProjectInfo:
        """The project of that name; the error lists the known ones."""
        with self._reading() as s:
            info = repo.find_project(s, name)
            if info is None:
                known = ", ".join(p.name for p in repo.list_projects(s)) or "none yet"
                raise AnnotatorError(f"no project named {name!r} (projects: {known})")
            return info

    def create_project(self, name: str, schema: LabelSchema = DEFAULT_SCHEMA) -> ProjectInfo:
        """Create a project with a label schema."""
        name = name.strip()
        if not name:
            raise ValidationError("a project needs a name")
        check_text(name, "project name")
        check_labels(schema.labels, f"project {name!r}")
        with self._writing(f"project {name!r}") as s:
            if repo.find_project(s, name) is not None:
                raise ValidationError(f"a project named {name!r} already exists")
            return repo.create_project(s, name, schema)

    def schema(self, project: str | int) -> LabelSchema:
        """The labels of a project."""
        with self._reading() as s:
            return repo.load_schema(s, self._project_id(s, project))

    def add_labels(self, project: str | int, labels: Sequence[Label]) -> Changes:
        """Add labels to a project."""
        check_labels(labels, "new labels")
        with self._writing("the new labels") as s:
            pid = self._project_id(s, project)
            existing = repo.load_schema(s, pid)
            for lab in labels:
                if existing.get(lab.name):
                    raise ValidationError(f"label {lab.name!r} already exists")
            repo.add_labels(s, pid, labels)
        return Changes(labels=True, message=f"{len(labels)} label(s) added")

    def _project_id(self, session: Session, project: str | int) -> int:
        if isinstance(project, int):
            return project
        info = repo.find_project(session, project)
        if info is None:
            known = ", ".join(p.name for p in repo.list_projects(session)) or "none yet"
            raise AnnotatorError(f"no project named {project!r} (projects: {known})")
        return info.id

    def _annotator(self, session: Session, name: str | None, *, create: bool = False) -> int | None:
        if name is None:
            return None
        if create:
            check_annotator_name(name, "annotator")
        return repo.annotator_id(session, name, create=create)

    # --- documents -----------------------------------------------------------

    def count_documents(
        self,
        project: str | int,
        *,
        annotator: str | None,
        search: str | None = None,
        status: DocStatus | None = None,
    ) -> int:
        """How many documents match a search and status filter."""
        with self._reading() as s:
            return repo.count_documents(
                s, self._project_id(s, project), self._annotator(s, annotator), search, status
            )

    def list_documents(
        self,
        project: str | int,
        *,
        annotator: str | None,
        search: str | None = None,
        status: DocStatus | None = None,
        offset: int = 0,
        limit: int = 200,
    ) -> list[DocumentSummary]:
        """One page of the article list."""
        with self._reading() as s:
            return repo.list_documents(
                s,
                self._project_id(s, project),
                self._annotator(s, annotator),
                search,
                status,
                offset,
                limit,
            )

    def document(self, doc_id: int) -> Document:
        """A document with its text."""
        with self._reading() as s:
            document = repo.get_document(s, doc_id)
        self._lengths[doc_id] = len(document.text)
        return document

    def spans(self, doc_id: int, *, annotator: str | bool | None = True) -> list[Span]:
        """A document's spans: everyone's (True), or one annotator's plus unattributed ones."""
        with self._reading() as s:
            if annotator is True or annotator is False:
                everyone = repo.document_spans(s, doc_id, True)
                self._saw(everyone)
                return everyone
            aid = self._annotator(s, annotator)
            if annotator is not None and aid is None:
                aid = -1  # an annotator who has no row yet owns no spans
            found = repo.document_spans(s, doc_id, aid)
        self._saw(found)
        return found

    def _saw(self, spans: Iterable[Span]) -> None:
        """Remember the versions the user is shown, so later edits can detect others' changes."""
        for span in spans:
            self._versions[span.id] = span.version

    def relations(self, doc_id: int) -> list[Relation]:
        """A document's relations."""
        with self._reading() as s:
            return repo.relations_for_documents(s, [doc_id])[doc_id]

    def status(self, doc_id: int, *, annotator: str) -> DocStatus:
        """An annotator's status for a document."""
        with self._reading() as s:
            aid = self._annotator(s, annotator)
            return DocStatus.TODO if aid is None else repo.get_status(s, doc_id, aid)

    def neighbour(
        self,
        doc_id: int,
        *,
        annotator: str | None,
        backwards: bool = False,
        skip_finished: bool = False,
    ) -> int | None:
        """The next (or previous) document in list order, or None at the end."""
        with self._reading() as s:
            pid = repo.document_project(s, doc_id)
            return repo.neighbour_document(
                s,
                pid,
                doc_id,
                self._annotator(s, annotator),
                backwards=backwards,
                skip_finished=skip_finished,
            )

    def first_document(self, project: str | int) -> int | None:
        """The first document of a project."""
        with self._reading() as s:
            return repo.first_document(s, self._project_id(s, project))

    def progress(self, project: str | int, *, annotator: str) -> tuple[int, int]:
        """(done, total) documents for an annotator."""
        with self._reading() as s:
            pid = self._project_id(s, project)
            aid = self._annotator(s, annotator)
            total = repo.count_documents(s, pid, aid)
            done = repo.count_documents(s, pid, aid, status=DocStatus.DONE) if aid else 0
            return done, total

    def stats(self, project: str | int, *, annotator: str | None = None) -> ProjectStats:
        """Documents by status and spans by label."""
        with self._reading() as s:
            pid = self._project_id(s, project)
            aid = self._annotator(s, annotator)
            if annotator is not None and aid is None:
                aid = -1
            by_status = repo.status_counts(s, pid, aid)
            return ProjectStats(sum(by_status.values()), by_status, repo.span_counts_by_label(s, pid))

    def annotators(self) -> list[str]:
        """Names of everyone who has annotated."""
        with self._reading() as s:
            return sorted(repo.annotator_names(s).values())

    # --- operations (undoable) ----------------------------------------------

    def add_span(
        self,
        *,
        document: int,
        start: int,
        end: int,
        label: str,
        annotator: str,
        note: str | None = None,
    ) -> tuple[Span, Changes]:
        """Store a new span; returns it and what changed."""
        span = Span(start, end, label, new_id(), annotator, note, {}, Origin.MANUAL, 1)
        changes = self._insert_span(document, span, new=True)
        self._versions[span.id] = 1
        self._push(
            _Step(
                f"add {label}",
                undo=lambda: self._remove_span(span.id),
                redo=lambda: self._reinsert(document, span),
            )
        )
        return span, changes

    def delete_span(self, span_id: str) -> Changes:
        """Delete a span (and relations that use it)."""
        found = self._get_span(span_id)
        if found is None:
            raise ConflictError("the annotation no longer exists; it was deleted elsewhere")
        doc_id, span = found
        relations = [r for r in self.relations(doc_id) if span_id in (r.head, r.tail)]
        changes = self._remove_span(span_id, expected=self._versions.get(span_id, span.version))

        def restore() -> Changes:
            result = self._reinsert(doc_id, span)
            self._insert_relations(doc_id, relations)
            return result

        self._push(_Step(f"delete {span.label}", undo=restore, redo=lambda: self._remove_span(span_id)))
        return changes

    def relabel_span(self, span_id: str, label: str) -> Changes:
        """Give a span another label."""
        found = self._get_span(span_id)
        if found is None:
            raise ConflictError("the annotation was deleted by someone else; the change was not saved")
        _doc, span = found
        old = span.label
        changes = self._update_span(span_id, label=label)
        self._push(
            _Step(
                f"relabel {old} as {label}",
                undo=lambda: self._update_span(span_id, label=old),
                redo=lambda: self._update_span(span_id, label=label),
            )
        )
        return changes

    def set_note(self, span_id: str, note: str | None) -> Changes:
        """Attach (or clear, with None or "") a note on a span."""
        found = self._get_span(span_id)
        if found is None:
            raise ConflictError("the annotation was deleted by someone else; the note was not saved")
        _doc, span = found
        old = span.note
        new = note or None
        changes = self._update_span(span_id, note=new)
        self._push(
            _Step(
                "edit note",
                undo=lambda: self._update_span(span_id, note=old),
                redo=lambda: self._update_span(span_id, note=new),
            )
        )
        return changes

    def set_status(self, doc_id: int, status: DocStatus, *, annotator: str) -> Changes:
        """Set an annotator's status for a document."""
        old = self.status(doc_id, annotator=annotator)
        changes = self._set_status(doc_id, status, annotator)
        self._push(
            _Step(
                f"mark {status.value.replace('_', ' ')}",
                undo=lambda: self._set_status(doc_id, old, annotator),
                redo=lambda: self._set_status(doc_id, status, annotator),
            )
        )
        return changes

    # --- undo history --------------------------------------------------------

    def _push(self, step: _Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    @property
    def undo_text(self) -> str | None:
        """What Undo would undo, or None."""
        return self._undo[-1].text if self._undo else None

    @property
    def redo_text(self) -> str | None:
        """What Redo would redo, or None."""
        return self._redo[-1].text if self._redo else None

    def undo(self) -> Changes:
        """Undo the last operation of this session."""
        return self._replay(self._undo, self._redo, "undid")

    def redo(self) -> Changes:
        """Redo the last undone operation."""
        return self._replay(self._redo, self._undo, "redid")

    def _replay(self, source: list[_Step], target: list[_Step], verb: str) -> Changes:
        """Run the newest step of one history and move it to the other.

        A step that failed for a lost connection stays where it was, so it can be tried
        again; one refused as a conflict (someone else changed the item) can never
        apply, so it is dropped and the error says why.
        """
        if not source:
            return Changes(message=f"nothing to {'undo' if verb == 'undid' else 'redo'}")
        step = source.pop()
        try:
            changes = step.undo() if verb == "undid" else step.redo()
        except ConnectionLostError:
            source.append(step)
            raise
        target.append(step)
        return replace(changes, message=f"{verb} {step.text}")

    # --- primitive writes ----------------------------------------------------

    def _get_span(self, span_id: str) -> tuple[int, Span] | None:
        with self._reading() as s:
            return repo.get_span(s, span_id)

    def _text_length(self, session: Session, doc_id: int) -> int:
        """The length of a document's text, read once per session of the facade."""
        length = self._lengths.get(doc_id)
        if length is None:
            length = self._lengths[doc_id] = len(repo.get_document(session, doc_id).text)
        return length

    def _insert_span(self, doc_id: int, span: Span, *, new: bool = False) -> Changes:
        """Store a span; a `new` one (not an undo or redo) also moves a "to do" article to "in progress"."""
        # Safe to retry: the span's id is made here, so a retried insert cannot duplicate it.
        return self._retrying(lambda again: self._insert_span_once(doc_id, span, new, again))

    def _insert_span_once(self, doc_id: int, span: Span, new: bool, again: bool) -> Changes:
        done = Changes(spans=frozenset({doc_id}), status=frozenset({doc_id}), message=f"added {span.label}")
        with self._writing(f"the new {span.label} annotation") as s:
            if again and repo.get_span(s, span.id) is not None:
                return done  # the first attempt was committed before the connection broke
            pid = repo.document_project(s, doc_id)
            length = self._text_length(s, doc_id)
            schema = repo.load_schema(s, pid)
            label = schema.get(span.label)
            if label is None or label.kind != LabelKind.SPAN:
                known = ", ".join(schema.names()) or "none"
                raise ValidationError(f"unknown label {span.label!r} (known labels: {known})")
            validate_span(span, length, where=f"span in document {doc_id}")
            aid = self._annotator(s, span.annotator, create=True)
            label_ids = repo.label_ids(s, pid)
            if repo.span_exists(s, doc_id, span.start, span.end, label_ids[span.label], aid):
                raise ValidationError(f"that text is already labelled {span.label}; nothing was added")
            repo.insert_spans(s, [span_row(span, doc_id, label_ids, aid)])
            if new and aid is not None and repo.get_status(s, doc_id, aid) == DocStatus.TODO:
                repo.set_status(s, doc_id, aid, DocStatus.IN_PROGRESS)
        return done

    def _reinsert(self, doc_id: int, span: Span) -> Changes:
        version = self._versions.get(span.id, span.version) + 1
        restored = replace(span, version=version)
        changes = self._insert_span(doc_id, restored)
        self._versions[span.id] = version
        return changes

    def _insert_relations(self, doc_id: int, relations: Sequence[Relation]) -> None:
        if not relations:
            return
        with self._writing("the relations") as s:
            pid = repo.document_project(s, doc_id)
            ids = repo.label_ids(s, pid)
            repo.insert_relations(
                s,
                [
                    relation_row(r, doc_id, ids, self._annotator(s, r.annotator, create=True))
                    for r in relations
                ],
            )

    def _remove_span(self, span_id: str, expected: int | None = None) -> Changes:
        if expected is None:
            expected = self._versions.get(span_id)
        return self._retrying(lambda again: self._remove_span_once(span_id, expected, again))

    def _remove_span_once(self, span_id: str, expected: int | None, again: bool) -> Changes:
        with self._writing("the removal of the annotation") as s:
            found = repo.get_span(s, span_id)
            if found is None:
                if again:  # the first attempt was committed before the connection broke
                    self._versions.pop(span_id, None)
                    return Changes(message="removed the annotation")
                raise ConflictError("the annotation no longer exists; it was deleted elsewhere")
            doc_id, span = found
            if expected is not None and span.version != expected:
                raise ConflictError("the annotation was changed by someone else since; it was not removed")
            repo.delete_span(s, span_id, span.version)
        self._versions.pop(span_id, None)
        return Changes(spans=frozenset({doc_id}), message=f"removed {span.label}")

    def _update_span(self, span_id: str, **values: Any) -> Changes:
        return self._retrying(lambda again: self._update_span_once(span_id, again, dict(values)))

    def _update_span_once(self, span_id: str, again: bool, values: dict[str, Any]) -> Changes:
        with self._writing("the change to the annotation") as s:
            found = repo.get_span(s, span_id)
            if found is None:
                raise ConflictError("the annotation was deleted by someone else; the change was not saved")
            doc_id, span = found
            expected = self._versions.get(span_id, span.version)
            if (
                again
                and span.version == expected + 1
                and all(getattr(span, key) == value for key, value in values.items())
            ):
                # The first attempt was committed before the connection broke.
                self._versions[span_id] = span.version
                return Changes(spans=frozenset({doc_id}), message="annotation changed")
            if "label" in values:
                pid = repo.document_project(s, doc_id)
                schema = repo.load_schema(s, pid)
                label = schema.get(values["label"])
                if label is None or label.kind != LabelKind.SPAN:
                    known = ", ".join(schema.names()) or "none"
                    raise ValidationError(f"unknown label {values['label']!r} (known labels: {known})")
                label_id = repo.label_ids(s, pid)[values.pop("label")]
                aid = self._annotator(s, span.annotator)
                if repo.span_exists(s, doc_id, span.start, span.end, label_id, aid):
                    raise ValidationError(
                        f"that text is already labelled {label.name}; the annotation was not relabelled"
                    )
                values = {"label_id": label_id, **values}
            version = repo.update_span(s, span_id, expected, **values)
        self._versions[span_id] = version
        return Changes(spans=frozenset({doc_id}), message="annotation changed")

    def _set_status(self, doc_id: int, status: DocStatus, annotator: str) -> Changes:
        # Setting a value is idempotent, so safe to retry.
        return self._retrying(lambda _again: self._set_status_once(doc_id, status, annotator))

    def _set_status_once(self, doc_id: int, status: DocStatus, annotator: str) -> Changes:
        with self._writing("the status change") as s:
            repo.get_document(s, doc_id)
            aid = self._annotator(s, annotator, create=True)
            assert aid is not None
            repo.set_status(s, doc_id, aid, status)
        return Changes(status=frozenset({doc_id}), message=f"marked {status.value.replace('_', ' ')}")

    # --- import --------------------------------------------------------------

    def import_paths(
        self,
        project: str,
        paths: Sequence[Path],
        *,
        format: str = "auto",
        annotator: str | None = None,
        add_labels: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> ImportReport:
        """Import files and folders; each file is one transaction.

        `options` are format settings (text_column, title_column, id_column,
        encoding, offsets, ...); with format "auto" each file's format is decided
        from its extension and content, and the report's notes say what was decided.
        """
        report = ImportReport()
        files = list(registry.walk(paths))
        decided: dict[tuple[str, str], int] = {}
        for path, named in files:
            if format == "auto":
                try:
                    fmt, why = registry.detect_with_reason(path)
                except ValidationError:
                    if named:
                        raise
                    report.notes.append(f"{path}: ignored (not a known article format)")
                    continue
                decided[(fmt.name, why)] = decided.get((fmt.name, why), 0) + 1
            else:
                fmt = registry.get_format(format)
            ctx = ReadContext(dict(options or {}))
            reader = fmt.bind(ctx)
            report.files += 1
            try:
                self._import_file(
                    project,
                    path,
                    reader,
                    report,
                    annotator=annotator,
                    add_labels=add_labels,
                    skip_invalid=skip_invalid,
                    progress=progress,
                )
            except ValidationError as exc:
                message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
                if skip_invalid:
                    report.errors.append(f"{message} (nothing from this file was imported)")
                    continue
                done = report.files - 1
                if done:
                    message += f" ({done} file(s) before it were imported; nothing from this one)"
                raise ValidationError(message) from None
            except DatabaseError as exc:
                if str(exc).startswith(str(path)):
                    raise
                raise type(exc)(f"{path}: {exc}") from None
            finally:
                report.notes.extend(ctx.notes)
        for (name, why), n in decided.items():
            report.notes.insert(0, f"{n} file(s) read as {name}: {why}")
        return report

    def import_records(
        self,
        project: str,
        records: Iterable[AnnotatedDocument | InvalidRecord],
        *,
        source: str | None = None,
        annotator: str | None = None,
        add_labels: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import already-read records in one transaction."""
        report = ImportReport()
        self._import_file(
            project,
            Path(source or "records"),
            lambda _p: iter(records),
            report,
            annotator=annotator,
            add_labels=add_labels,
            skip_invalid=skip_invalid,
            progress=progress,
        )
        return report

    def _import_file(
        self,
        project: str,
        path: Path,
        reader: registry.Reader,
        report: ImportReport,
        *,
        annotator: str | None,
        add_labels: bool,
        skip_invalid: bool,
        progress: Progress | None,
    ) -> None:
        with self._writing(f"the import of {path}") as s:
            pid = self._project_id(s, project)
            repo.lock_project_for_import(s, pid)
            schema = repo.load_schema(s, pid)
            label_ids = repo.label_ids(s, pid)
            hashes = repo.project_hashes(s, pid)
            position = repo.next_position(s, pid)
            importer = Importer(s, pid, schema, label_ids, hashes, position, annotator, add_labels)
            count = 0
            records = iter(reader(path))
            while batch := list(itertools.islice(records, _BATCH)):
                good: list[AnnotatedDocument] = []
                for item in batch:
                    if isinstance(item, InvalidRecord):
                        if not skip_invalid:
                            raise ValidationError(item.message)
                        report.errors.append(item.message)
                    else:
                        good.append(item)
                importer.add(good, report, skip_invalid, str(path))
                count += len(batch)
                if progress is not None and not progress(count, None):
                    raise Cancelled(f"import of {path} cancelled; nothing from it was kept")
            importer.flush()
            report.labels_added.extend(importer.labels_added)
            report.notes.extend(importer.notes(str(path)))

    # --- maintenance ---------------------------------------------------------

    def _record_export(self, project: str | int, out: Path, fmt: str, report: ExportReport) -> None:
        """Log an export for `doctor`; a read-only database keeps no log, and the export stands regardless."""
        if self.read_only:
            return
        try:
            with self._writing("the export log") as s:
                pid = self._project_id(s, project)
                doctor.record_export(s, pid, out.absolute(), fmt, report.documents, report.spans)
        except DatabaseError:
            pass  # the log is a convenience; the export itself is complete

    def doctor(self, *, repair: bool = False, progress: Progress | None = None) -> DoctorReport:
        """Check the database (and the folders of recent exports); with `repair`, mend what is safe after a backup."""
        report = DoctorReport()

        def step(done: int, total: int | None) -> None:
            if progress is not None:
                progress(done, total)

        with self._reading() as s:
            report.findings += doctor.sqlite_integrity(s)
            report.findings += doctor.orphans(s)
            report.findings += doctor.texts_and_offsets(s, step)
            targets = doctor.export_targets(s)
        for target in targets:
            report.findings += [
                doctor.Finding(
                    "export leftovers",
                    f"{x.path}: left by an interrupted export to {target}",
                    repairable=True,
                )
                for x in find_leftovers(target)
                if x.stale
            ]
        if not repair or not any(f.repairable for f in report.findings):
            return report
        if self.read_only:
            raise ReadOnlyError(f"{self.url}: the database is open read-only; nothing was repaired")
        report.backup = self._backup_before_repair()
        with self._writing("the repairs") as s:
            report.repairs += doctor.repair_rows(s, report.findings)
        for target in targets:
            report.repairs += recover_leftovers(target)
        return report

    def _backup_before_repair(self) -> Path:
        """A copy of the database beside it (SQLite) or a JSONL dump in the data folder (PostgreSQL)."""
        url = self._engine.url
        if self.backend == "sqlite" and url.database:
            path = Path(url.database)
            out = path.with_name(f"{path.name}.before-repair-{_stamp()}.bak")
        else:
            folder = default_database_path().parent
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / f"postgresql-before-repair-{_stamp()}.jsonl"
        backup.backup(url, out)
        return out

    # --- export ------------------------------------------------------------

    def export_records(
        self,
        project: str | int,
        *,
        status: str,
        annotator: str | None,
        labels: Sequence[str] | None,
        progress: Progress | None,
        documents: Collection[int] | None = None,
    ) -> Iterator[AnnotatedDocument]:
        """Stream a project's documents with spans, relations and status, in batches.

        `documents` limits the export to those document ids (a part of a split).
        """
        if status not in ("all", "done"):
            raise ValidationError(f"--status must be 'all' or 'done', not {status!r}")
        with self._reading() as s:
            pid = self._project_id(s, project)
            schema = repo.load_schema(s, pid)
            if labels:
                unknown = [lab for lab in labels if schema.get(lab) is None]
                if unknown:
                    raise ValidationError(
                        f"unknown label(s) {', '.join(unknown)} (known labels: {', '.join(schema.names())})"
                    )
            aid: int | None = None
            if annotator is not None:
                found = repo.annotator_id(s, annotator, create=False)
                if found is None:
                    known = ", ".join(sorted(repo.annotator_names(s).values())) or "none yet"
                    raise ValidationError(f"no annotator named {annotator!r} (annotators: {known})")
                aid = found
            ids = list(repo.export_document_ids(s, pid, aid, status == "done"))
            if documents is not None:
                ids = [i for i in ids if i in documents]
            wanted = set(labels) if labels else None
            total = len(ids)
            for start in range(0, total, _BATCH):
                chunk = ids[start : start + _BATCH]
                docs = repo.documents_by_ids(s, chunk)
                spans = repo.spans_for_documents(s, chunk, aid if aid is not None else True)
                rels = repo.relations_for_documents(s, chunk)
                statuses = repo.statuses_for_documents(s, chunk, aid)
                for doc in docs:
                    assert doc.id is not None
                    doc_spans = [x for x in spans[doc.id] if wanted is None or x.label in wanted]
                    kept = {x.id for x in doc_spans}
                    doc_rels = [r for r in rels[doc.id] if r.head in kept and r.tail in kept]
                    yield AnnotatedDocument(
                        doc, tuple(doc_spans), tuple(doc_rels), statuses.get(doc.id, DocStatus.TODO)
                    )
                _progress_ok(progress, min(start + _BATCH, total), total)

    def export(
        self,
        project: str | int,
        out: Path,
        *,
        format: str = "jsonl",
        status: str = "all",
        annotator: str | None = None,
        labels: Sequence[str] | None = None,
        progress: Progress | None = None,
        options: Mapping[str, Any] | None = None,
        split: str | Sequence[float] | None = None,
        seed: int = 0,
        group_by: str | None = None,
        overwrite: bool = False,
        include_suggested: bool = False,
    ) -> ExportReport:
        """Write a project's annotations atomically, check what was written, and report.

        With `split` (e.g. "0.8,0.1,0.1"), `out` is a folder that receives
        train/dev(/test) files and an export.json manifest; documents of one
        `group_by` metadata value, and documents with the same text, stay in one part.
        An existing target is replaced only with `overwrite`, and only if it is a file
        or an earlier export; the SQLite database and a folder holding it never are.
        Pending suggestions are left out (and counted) unless `include_suggested`.
        """
        db = self._engine.url.database if self.backend == "sqlite" else None
        protected = [Path(db)] if db and db != ":memory:" else []
        fmt = registry.get_format(format)
        if fmt.write is None:
            raise ValidationError(f"format {fmt.name!r} cannot be exported")
        schema = self.schema(project)
        span_labels = tuple(labels) if labels else schema.names()
        ctx = ExportContext(span_labels, schema.names(LabelKind.RELATION), dict(options or {}), schema)
        filters: dict[str, Any] = {
            "status": status,
            "annotator": annotator,
            "labels": list(labels or []),
            "suggestions": include_suggested,
        }
        left_out = [0]

        def records(ids: Collection[int] | None = None) -> Iterator[AnnotatedDocument]:
            found = self.export_records(
                project, status=status, annotator=annotator, labels=labels, progress=progress, documents=ids
            )
            return found if include_suggested else _without_suggestions(found, left_out)

        if split is None:
            outcome = exporting.export_single(
                fmt, Path(out), ctx, records(), overwrite=overwrite, protected=protected
            )
        else:
            ratios = parse_ratios(split if isinstance(split, str) else ",".join(map(str, split)))
            items = (
                SplitItem(rec.document.id or 0, rec.document.text_hash, _group_of(rec.document, group_by))
                for rec in self.export_records(
                    project, status=status, annotator=annotator, labels=labels, progress=None
                )
            )
            assignment = assign(items, ratios, seed)
            names = PART_NAMES[: len(ratios)]
            by_part: dict[str, set[int]] = {name: set() for name in names}
            for doc_id, part in assignment.items():
                by_part[part].add(doc_id)
            manifest = {
                "tool": "annotator",
                "version": __version__,
                "format": fmt.name,
                "offsets": fmt.unit,
                "seed": seed,
                "ratios": dict(zip(names, ratios, strict=True)),
                "group_by": group_by,
                "duplicate_texts_kept_together": True,
                "filters": filters,
            }
            parts = [(name, records(by_part[name])) for name in names]
            outcome = exporting.export_split(
                fmt, Path(out), ctx, parts, manifest, overwrite=overwrite, protected=protected
            )
        report = ExportReport(
            documents=outcome.stats.documents,
            spans=outcome.stats.spans,
            files=outcome.files,
            notes=outcome.stats.notes(fmt.name) + outcome.notes,
        )
        for name, stats in outcome.parts.items():
            report.notes.append(f"{name}: {stats.documents} document(s), {stats.spans} span(s)")
        self._record_export(project, Path(out), fmt.name, report)
        if left_out[0]:
            report.notes.append(
                f"{left_out[0]} pending suggestion(s) left out (not accepted by a coder; "
                "--include suggested exports them)"
            )
        return report


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _without_suggestions(
    records: Iterable[AnnotatedDocument], left_out: list[int]
) -> Iterator[AnnotatedDocument]:
    """The records without pending suggestions (and relations that use them); counts what was left out."""
    for record in records:
        pending = {s.id for s in record.spans if s.origin == Origin.SUGGESTED}
        if pending:
            left_out[0] += len(pending)
            record = replace(
                record,
                spans=tuple(s for s in record.spans if s.id not in pending),
                relations=tuple(
                    r for r in record.relations if r.head not in pending and r.tail not in pending
                ),
            )
        yield record


def _group_of(doc: Document, key: str | None) -> str | None:
    """The value of a document's grouping key (a metadata key, or "source"), as text."""
    if key is None:
        return None
    value = doc.meta.get(key)
    if value is None and key == "source":
        value = doc.source
    return None if value is None or value == "" else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _progress_ok(progress: Progress | None, done: int, total: int | None) -> None:
    if progress is not None and not progress(done, total):
        raise Cancelled("cancelled; nothing was written")


def backup_database(target: str | Path, out: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy a live database into `out`: a SQLite file, or a JSONL dump (PostgreSQL, or OUT.jsonl)."""
    url = resolve_url(target)
    try:
        return backup.backup(url, Path(out), overwrite=overwrite)
    except SQLAlchemyError as exc:
        if is_connection_error(exc):
            raise ConnectionLostError(
                f"{display_url(url)}: cannot reach the database server ({_reason(exc)}); no backup made"
            ) from None
        raise _db_error(display_url(url), exc) from None


def restore_database(source: Path, target: str | Path) -> BackupResult:
    """Load a backup (SQLite copy or JSONL dump) into a new, empty database, all or nothing."""
    url = resolve_url(target)
    try:
        return backup.restore(Path(source), url)
    except SQLAlchemyError as exc:
        if is_connection_error(exc):
            raise ConnectionLostError(
                f"{display_url(url)}: cannot reach the database server ({_reason(exc)}); nothing restored"
            ) from None
        raise _db_error(display_url(url), exc) from None
