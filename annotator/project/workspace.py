"""`Workspace`: the Qt-free facade every front end uses, one line per operation (like Anki's `Collection`).

Each write is one committed transaction returning `Changes` (or a result with
`.changes`); the undo history of the session lives here. A Workspace is used by
one thread at a time: the window gives it to its worker thread alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.changes import Changes, OpResult
from annotator.core.schema import DEFAULT_SCHEMA
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Document,
    DocumentSummary,
    InvalidRecord,
    Label,
    LabelSchema,
    ProjectInfo,
    ProjectStats,
    Relation,
    Span,
)
from annotator.project import projects, queries
from annotator.project.context import Context
from annotator.project.queries import Article, ListFilter
from annotator.storage.uow import UnitOfWork

# The operation modules load on first use (issue 14): `annotator projects` needs only the queries.
if TYPE_CHECKING:
    from annotator.core.codebook import DocumentValue
    from annotator.core.reports import DoctorReport, ExportReport, ImportReport
    from annotator.project.codebook_ops import CodebookOps
    from annotator.project.progress import Progress
    from annotator.project.relation_ops import RelationOps
    from annotator.project.suggestion_ops import SuggestionOps
    from annotator.project.team_ops import TeamOps


class Workspace:
    """An open annotator database: queries, operations and the undo history.

    Attributes:
        url: the database location as shown to users (password masked).
        read_only: True when writes are refused (a read-only file or folder, or asked for).
        backup_path: the copy made before a schema migration at open, if any.
        codebook: the codebook's operations (edit, rename, merge, delete, versions, log).
        links: relations between spans, and whole attributions (content, source, cue).
        suggestions: running suggesters, training a model, reviewing suggestions.
        team: assignments, agreement, gold and curation, merging offline coders' databases.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._ctx = Context(uow)
        self.url = uow.url
        self.read_only = uow.read_only
        self.backup_path = uow.backup_path

    @classmethod
    def open(cls, target: str | Path, *, read_only: bool = False, create: bool = True) -> Workspace:
        """Open (creating or migrating as needed) the database at a path or URL; `create` False refuses a missing file."""
        return cls(UnitOfWork.open(target, read_only=read_only, create=create))

    def close(self) -> None:
        """Release the database connections."""
        self._ctx.uow.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @functools.cached_property
    def codebook(self) -> CodebookOps:
        """The codebook's operations (made on first use, like the other sub-facades)."""
        from annotator.project.codebook_ops import CodebookOps

        return CodebookOps(self._ctx)

    @functools.cached_property
    def links(self) -> RelationOps:
        """Relations between spans, and whole attributions."""
        from annotator.project.relation_ops import RelationOps

        return RelationOps(self._ctx)

    @functools.cached_property
    def suggestions(self) -> SuggestionOps:
        """Running suggesters, training a model, reviewing suggestions."""
        from annotator.project.suggestion_ops import SuggestionOps

        return SuggestionOps(self._ctx)

    @functools.cached_property
    def team(self) -> TeamOps:
        """Assignments, agreement, gold and curation, merging offline coders' databases."""
        from annotator.project.team_ops import TeamOps

        return TeamOps(self._ctx)

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self._ctx.uow.backend

    def server_version(self) -> str:
        """The database engine and its version ("SQLite 3.46.1", "PostgreSQL 16.4")."""
        return self._ctx.uow.server_version()

    @property
    def uow(self) -> UnitOfWork:
        """The unit of work (its engine, for tests that watch the statements)."""
        return self._ctx.uow

    @property
    def retry_delays(self) -> tuple[float, ...]:
        """Seconds to wait before each new attempt to reach a server that dropped the connection."""
        return self._ctx.uow.retry_delays

    @retry_delays.setter
    def retry_delays(self, delays: tuple[float, ...]) -> None:
        self._ctx.uow.retry_delays = delays

    @property
    def read_retry_delays(self) -> tuple[float, ...] | None:
        """The same for reads, or None for retry_delays."""
        return self._ctx.uow.read_retry_delays

    @read_retry_delays.setter
    def read_retry_delays(self, delays: tuple[float, ...] | None) -> None:
        self._ctx.uow.read_retry_delays = delays

    @property
    def on_connection_retry(self) -> Callable[[str], None] | None:
        """Called (on the thread running the operation) with "connection lost, retrying (1/4)" before each wait."""
        return self._ctx.uow.on_retry

    @on_connection_retry.setter
    def on_connection_retry(self, hook: Callable[[str], None] | None) -> None:
        self._ctx.uow.on_retry = hook

    # --- projects and the codebook ---------------------------------------------

    def projects(self) -> list[ProjectInfo]:
        """All projects, by name."""
        return queries.projects(self._ctx)

    def project(self, name: str) -> ProjectInfo:
        """The project of that name; the error lists the known ones."""
        return queries.project(self._ctx, name)

    def create_project(self, name: str, schema: LabelSchema = DEFAULT_SCHEMA) -> ProjectInfo:
        """Create a project with a codebook."""
        return projects.create_project(self._ctx, name, schema)

    def schema(self, project: str | int) -> LabelSchema:
        """The codebook of a project."""
        return queries.schema(self._ctx, project)

    def add_labels(self, project: str | int, labels: Sequence[Label]) -> Changes:
        """Add labels to a project."""
        return projects.add_labels(self._ctx, project, labels)

    # --- reading ------------------------------------------------------------------

    def count_documents(
        self,
        project: str | int,
        *,
        annotator: str | None,
        search: str | None = None,
        status: DocStatus | None = None,
        assigned_to: str | None = None,
        before_version: int | None = None,
    ) -> int:
        """How many documents match a search and status filter (`before_version`: with coding older than it)."""
        return queries.count_documents(
            self._ctx, project, annotator, search, status, assigned_to, before_version
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
        assigned_to: str | None = None,
        before_version: int | None = None,
    ) -> list[DocumentSummary]:
        """One page of the article list (`before_version`: only articles with annotations predating it)."""
        return queries.list_documents(
            self._ctx, project, annotator, search, status, offset, limit, assigned_to, before_version
        )

    def summaries(
        self, project: str | int, doc_ids: Collection[int], *, annotator: str | None
    ) -> list[DocumentSummary]:
        """The list rows (status, span count) of some documents, in one query."""
        return queries.summaries(self._ctx, project, doc_ids, annotator)

    def row_of(
        self, project: str | int, doc_id: int, *, annotator: str | None, where: ListFilter = ListFilter()
    ) -> int | None:
        """The row of a document in the list as filtered, or None when the filter hides it."""
        return queries.row_of(self._ctx, project, doc_id, annotator, where)

    def document(self, doc_id: int) -> Document:
        """A document with its text."""
        return queries.document(self._ctx, doc_id)

    def article(self, doc_id: int, *, annotator: str) -> Article:
        """A document with the annotator's spans, relations and status, read in one transaction."""
        return queries.article(self._ctx, doc_id, annotator)

    def spans(self, doc_id: int, *, annotator: str | bool | None = True) -> list[Span]:
        """A document's spans: everyone's (True), or one annotator's plus unattributed ones."""
        return queries.spans(self._ctx, doc_id, annotator)

    def relations(self, doc_id: int) -> list[Relation]:
        """A document's relations."""
        return queries.relations(self._ctx, doc_id)

    def status(self, doc_id: int, *, annotator: str) -> DocStatus:
        """An annotator's status for a document."""
        return queries.status(self._ctx, doc_id, annotator)

    def neighbour(
        self,
        doc_id: int,
        *,
        annotator: str | None,
        backwards: bool = False,
        skip_finished: bool = False,
        where: ListFilter | None = None,
    ) -> int | None:
        """The next (or previous) document in list order (within a list filter), or None at the end."""
        return queries.neighbour(
            self._ctx, doc_id, annotator, backwards=backwards, skip_finished=skip_finished, where=where
        )

    def next_unfinished(self, doc_id: int, *, annotator: str) -> int | None:
        """The next article not done or skipped, wrapping around; None when every one is."""
        return queries.next_unfinished(self._ctx, doc_id, annotator)

    def first_document(self, project: str | int) -> int | None:
        """The first document of a project."""
        return queries.first_document(self._ctx, project)

    def progress(self, project: str | int, *, annotator: str) -> tuple[int, int]:
        """(done, total) documents for an annotator."""
        return queries.progress(self._ctx, project, annotator)

    def stats(self, project: str | int, *, annotator: str | None = None) -> ProjectStats:
        """Documents by status and spans by label."""
        return queries.stats(self._ctx, project, annotator)

    def annotators(self) -> list[str]:
        """Names of everyone who has annotated."""
        return queries.annotators(self._ctx)

    def changed_elsewhere(self, project: str | int) -> bool:
        """Whether someone else (another coder, the CLI) changed the project since this session knew it."""
        return queries.changed_elsewhere(self._ctx, project)

    # --- annotating (undoable) -------------------------------------------------------

    def add_span(
        self,
        *,
        document: int,
        start: int,
        end: int,
        label: str,
        annotator: str,
        note: str | None = None,
        fragments: tuple[tuple[int, int], ...] = (),
        attributes: dict[str, Any] | None = None,
    ) -> OpResult[Span]:
        """Store a new span (discontinuous with `fragments`); the result's value is the span as stored."""
        from annotator.project import annotate

        return annotate.add_span(
            self._ctx, document=document, start=start, end=end, label=label, annotator=annotator, note=note,
            fragments=fragments, attributes=attributes,
        )  # fmt: skip

    def load_edits(self) -> None:
        """Load the modules of span and value edits now (they load on first use, so commands start sooner)."""
        from annotator.project import annotate, edges, values  # noqa: F401

    def delete_span(self, span_id: str) -> Changes:
        """Delete a span and the relations that use it."""
        from annotator.project import annotate

        return annotate.delete_span(self._ctx, span_id)

    def relabel_span(self, span_id: str, label: str) -> Changes:
        """Give a span another label."""
        from annotator.project import annotate

        return annotate.relabel_span(self._ctx, span_id, label)

    def set_note(self, span_id: str, note: str | None) -> Changes:
        """Attach (or clear, with None or "") a note on a span."""
        from annotator.project import annotate

        return annotate.set_note(self._ctx, span_id, note)

    def set_status(self, doc_id: int, status: DocStatus, *, annotator: str) -> Changes:
        """Set an annotator's status for a document."""
        from annotator.project import annotate

        return annotate.set_status(self._ctx, doc_id, status, annotator=annotator)

    def set_attributes(self, span_id: str, attributes: dict[str, Any]) -> Changes:
        """Set a span's attributes (a None value: not coded)."""
        from annotator.project import annotate

        return annotate.set_attributes(self._ctx, span_id, attributes)

    def set_fragments(self, span_id: str, fragments: tuple[tuple[int, int], ...]) -> Changes:
        """Give a span its pieces (one piece: a continuous span)."""
        from annotator.project import annotate

        return annotate.set_fragments(self._ctx, span_id, fragments)

    def move_edge(self, span_id: str, *, start: int | None = None, end: int | None = None) -> Changes:
        """Move a span's start and/or end (one undoable step; snapping to words is the caller's)."""
        from annotator.project import edges

        return edges.move_edge(self._ctx, span_id, start=start, end=end)

    def set_value(self, doc_id: int, variable: str, value: Any, *, annotator: str) -> Changes:
        """Code a document variable for a coder (None: not coded)."""
        from annotator.project import values

        return values.set_value(self._ctx, doc_id, variable, value, annotator=annotator)

    def values(self, doc_id: int, *, annotator: str | bool | None = True) -> list[DocumentValue]:
        """An article's document values: everyone's (True), or one coder's."""
        from annotator.project import values

        return values.values(self._ctx, doc_id, annotator)

    # --- history ---------------------------------------------------------------------

    @property
    def undo_text(self) -> str | None:
        """What Undo would undo, or None."""
        return self._ctx.history.undo_text

    @property
    def redo_text(self) -> str | None:
        """What Redo would redo, or None."""
        return self._ctx.history.redo_text

    def undo(self) -> Changes:
        """Undo the last operation of this session."""
        return self._ctx.history.undo()

    def redo(self) -> Changes:
        """Redo the last undone operation."""
        return self._ctx.history.redo()

    # --- import, export, maintenance ------------------------------------------------

    def import_paths(
        self,
        project: str | int,
        paths: Sequence[Path],
        *,
        format: str = "auto",
        annotator: str | None = None,
        add_labels: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        options: Mapping[str, Any] | None = None,
        importer: str | None = None,
    ) -> ImportReport:
        """Import files and folders; each file is one transaction, its format decided and said.

        With `annotator`, the files' unattributed annotations are that coder's; `importer`
        (the user running the import) owns statuses that come without any annotator.
        """
        from annotator.project import imports

        chosen = imports.ImportOptions(annotator, importer, add_labels, skip_invalid)
        return imports.import_paths(
            self._ctx,
            project,
            paths,
            format=format,
            options=chosen,
            progress=progress,
            format_options=options,
        )

    def import_records(
        self,
        project: str | int,
        records: Iterable[AnnotatedDocument | InvalidRecord],
        *,
        source: str | None = None,
        annotator: str | None = None,
        add_labels: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        importer: str | None = None,
    ) -> ImportReport:
        """Import already-read records in one transaction."""
        from annotator.project import imports

        chosen = imports.ImportOptions(annotator, importer, add_labels, skip_invalid)
        return imports.import_records(
            self._ctx, project, records, source=source, options=chosen, progress=progress
        )

    def export_records(
        self,
        project: str | int,
        *,
        status: str = "all",
        annotator: str | None = None,
        labels: Sequence[str] | None = None,
        progress: Progress | None = None,
        documents: Collection[int] | None = None,
    ) -> Iterator[AnnotatedDocument]:
        """Stream a project's documents with their annotations, in batches."""
        from annotator.project import exports

        chosen = exports.Selection(status, annotator, tuple(labels or ()), include_suggested=True)
        return exports.export_records(self._ctx, project, chosen, progress, documents)

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
        codebook_version: int | None = None,
    ) -> ExportReport:
        """Write a project's annotations atomically, check what was written, and report."""
        from annotator.project import exports

        chosen = exports.Selection(
            status, annotator, tuple(labels or ()), include_suggested, codebook_version
        )
        parts = exports.SplitSpec(split, seed, group_by) if split is not None else None
        return exports.export(
            self._ctx, project, out, format=format, chosen=chosen, progress=progress, options=options,
            split=parts, overwrite=overwrite,
        )  # fmt: skip

    def doctor(
        self, *, repair: bool = False, progress: Callable[[int, int | None], bool] | None = None
    ) -> DoctorReport:
        """Check the database; with `repair`, mend what is safe after a backup copy."""
        from annotator.project import maintenance

        return maintenance.run_doctor(self._ctx, repair=repair, progress=progress)
