"""The open database, project, annotator and article, and the user's operations on them.

Reads of what is shown run on the GUI thread (they are small); every change runs
through the `OperationRunner` off the GUI thread and comes back as `Changes`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.core.changes import Changes
from annotator.core.errors import ConflictError, ConnectionLostError
from annotator.core.spans import clean_selection
from annotator.core.types import DocStatus, Document, LabelSchema, Span
from annotator.gui.operations import OperationRunner
from annotator.project import Workspace

FINISHED = (DocStatus.DONE, DocStatus.SKIPPED)
READ_ONLY_REASON = "The database is open read-only: changes are not possible."
RELOADED = "The article now shows what is saved in the database."


class Workbench(QObject):
    """State of the window that is not a widget: what is open, and the operations on it.

    Attributes:
        ws: the open Workspace, or None.
        target: the database as the user named it.
        project_id, project_name, schema: the open project (None/""/empty when none).
        annotator: whose spans and statuses are shown and edited.
        document: the open article, or None; spans: its spans; status: its status.
        selected_span: the id of the selected span, or None.
        snap: whether selections snap to word boundaries.
        read_only: whether the open database refuses changes.

    Signals:
        project_did_change(): the database, project or annotator changed; views reload.
        document_did_open(): another article (or none) is open.
        spans_did_change(): the open article's spans changed.
        span_selection_did_change(str): the selected span ("" for none).
        status_did_change(): the open article's status changed.
        progress_did_change(int, int): done and total documents of the annotator.
        message(str): a line for the status bar.
        error(str): a user-facing error message.
    """

    project_did_change = Signal()
    document_did_open = Signal()
    spans_did_change = Signal()
    span_selection_did_change = Signal(str)
    status_did_change = Signal()
    progress_did_change = Signal(int, int)
    message = Signal(str)
    error = Signal(str)

    def __init__(self, runner: OperationRunner, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws: Workspace | None = None
        self.target = ""
        self.project_id: int | None = None
        self.project_name = ""
        self.schema = LabelSchema()
        self.annotator = annotator
        self.document: Document | None = None
        self.spans: list[Span] = []
        self.status = DocStatus.TODO
        self.selected_span: str | None = None
        self.snap = True
        runner.operation_did_fail.connect(self.error)

    @property
    def read_only(self) -> bool:
        """True when the open database refuses changes."""
        return self.ws is not None and self.ws.read_only

    def refuse_if_read_only(self) -> bool:
        """True (and the reason in the status bar) when the database refuses changes."""
        if self.read_only:
            self.message.emit(READ_ONLY_REASON)
        return self.read_only

    # --- opening -------------------------------------------------------------

    def set_workspace(self, ws: Workspace | None, target: str, project: str | None) -> None:
        """Use another database (closing the previous one) and open a project in it."""
        if self.ws is not None and self.ws is not ws:
            old = self.ws
            self.runner.run(old.close)
        if ws is not None:
            # Reads run on the GUI thread: an unreachable server must fail at once, not
            # freeze the window through the write retries' waits.
            ws.read_retry_delays = ()
        self.ws, self.target = ws, target
        self.set_project(project)

    def set_project(self, name: str | None) -> None:
        """Open a project by name (the first one when None or unknown)."""
        self.project_id, self.project_name, self.schema = None, "", LabelSchema()
        if self.ws is not None:
            projects = self.ws.projects()
            chosen = next((p for p in projects if p.name == name), None) if name else None
            if chosen is None and projects:
                if name:
                    self.error.emit(f"no project named {name!r}; opened {projects[0].name!r} instead")
                chosen = projects[0]
            if chosen is not None:
                self.project_id, self.project_name = chosen.id, chosen.name
                self.schema = self.ws.schema(chosen.id)
        self.document = None
        self.project_did_change.emit()
        self.refresh_progress()
        first = self.ws.first_document(self.project_id) if self.ws and self.project_id else None
        self.open_document(first)

    def set_annotator(self, name: str) -> None:
        """Show and edit another annotator's spans and statuses."""
        name = name.strip()
        if not name or name == self.annotator:
            return
        self.annotator = name
        current = self.document.id if self.document else None
        self.project_did_change.emit()
        self.refresh_progress()
        self.open_document(current)

    def open_document(self, doc_id: int | None) -> None:
        """Open an article (None: no article)."""
        self.selected_span = None
        if self.ws is None or doc_id is None:
            self.document, self.spans, self.status = None, [], DocStatus.TODO
        else:
            self.document = self.ws.document(doc_id)
            self.spans = self.ws.spans(doc_id, annotator=self.annotator)
            self.status = self.ws.status(doc_id, annotator=self.annotator)
        self.document_did_open.emit()

    def refresh_progress(self) -> None:
        """Recount done/total for the annotator, off the GUI thread."""
        ws, pid, who = self.ws, self.project_id, self.annotator
        if ws is None or pid is None:
            self.progress_did_change.emit(0, 0)
            return

        def done(result: tuple[int, int]) -> None:
            if self.ws is ws and self.project_id == pid and self.annotator == who:
                self.progress_did_change.emit(*result)

        self.runner.run(lambda: ws.progress(pid, annotator=who), on_done=done)

    def reload(self) -> None:
        """Read the open article's spans and status again, off the GUI thread."""
        if self.ws is None or self.document is None or self.document.id is None:
            return
        ws, doc_id, who = self.ws, self.document.id, self.annotator

        def done(result: tuple[list[Span], DocStatus]) -> None:
            document = self.document
            if self.ws is ws and document is not None and document.id == doc_id and self.annotator == who:
                self._apply(*result)

        self.runner.run(
            lambda: (ws.spans(doc_id, annotator=who), ws.status(doc_id, annotator=who)),
            on_done=done,
            on_error=lambda error: self.message.emit(f"Could not reload the article: {error}"),
        )

    def _failed(self, error: Exception) -> None:
        """Say why an operation failed; when another coder or a lost connection is why, show what is saved."""
        if isinstance(error, ConflictError | ConnectionLostError):
            self.error.emit(f"{error}\n\n{RELOADED}")
            self.reload()
        else:
            self.runner.report_failure(error)

    # --- span operations -----------------------------------------------------

    def _doc_op(
        self,
        work: Callable[[Workspace, int], Any],
        after: Callable[[Any], None] | None = None,
        patch: Callable[[list[Span], Any], list[Span]] | None = None,
    ) -> None:
        """Run an operation on the open article; its spans and status come back with the result.

        With `patch`, the new spans are computed from the old ones and the operation's
        result instead of being read again (adding one span to 20,000 stays quick).
        """
        if self.ws is None or self.document is None or self.document.id is None:
            self.message.emit("Open an article first.")
            return
        if self.refuse_if_read_only():
            return
        ws, doc_id, who = self.ws, self.document.id, self.annotator

        def run() -> tuple[Changes, Any, list[Span] | None, DocStatus]:
            changes, extra = work(ws, doc_id)
            spans = None if patch is not None else ws.spans(doc_id, annotator=who)
            return changes, extra, spans, ws.status(doc_id, annotator=who)

        def done(result: tuple[Changes, Any, list[Span] | None, DocStatus]) -> None:
            changes, extra, spans, status = result
            if self.document is not None and self.document.id == doc_id and self.annotator == who:
                if spans is None and patch is not None:
                    spans = patch(self.spans, extra)
                assert spans is not None
                self._apply(spans, status)
            if changes.message:
                self.message.emit(changes.message)
            if after is not None:
                after(extra)

        self.runner.run(run, on_done=done, on_error=self._failed, initiator=self)

    def _apply(self, spans: list[Span], status: DocStatus) -> None:
        if spans != self.spans:
            self.spans = spans
            if self.selected_span and not any(s.id == self.selected_span for s in spans):
                self.select_span(None)
            self.spans_did_change.emit()
        if status != self.status:
            self.status = status
            self.status_did_change.emit()

    def apply_label(self, label: str, selection: tuple[int, int] | None) -> bool:
        """Label the selection (code points), or relabel the selected span; False if there was nothing to do."""
        if self.document is None:
            self.message.emit("Open an article first.")
            return False
        if self.schema.get(label) is None:
            self.error.emit(f"unknown label {label!r}")
            return False
        if self.refuse_if_read_only():
            return False
        if selection is not None and selection[0] != selection[1]:
            start, end = clean_selection(self.document.text, *selection, snap=self.snap)
            if start >= end:
                self.message.emit("Nothing to label: the selection is only white space.")
                return False
            who = self.annotator
            self._doc_op(
                lambda ws, d: ws.add_span(document=d, start=start, end=end, label=label, annotator=who)[::-1],
                after=lambda span: self.select_span(span.id) if span is not None else None,
                patch=lambda spans, span: [*spans, span],
            )
            return True
        if self.selected_span:
            current = next((s for s in self.spans if s.id == self.selected_span), None)
            if current is not None and current.label != label:
                sid = current.id
                self._doc_op(lambda ws, _d: (ws.relabel_span(sid, label), None))
                return True
            return False
        self.message.emit("Select some text first, then press a label's key.")
        return False

    def delete_selected(self) -> None:
        """Delete the selected span."""
        if self.refuse_if_read_only():
            return
        if not self.selected_span:
            self.message.emit("Click an annotation first, then press Delete.")
            return
        sid = self.selected_span
        self.select_span(None)
        self._doc_op(
            lambda ws, _d: (ws.delete_span(sid), None),
            patch=lambda spans, _none: [s for s in spans if s.id != sid],
        )

    def set_note(self, note: str) -> None:
        """Attach a note to the selected span (empty text removes it)."""
        if self.refuse_if_read_only():
            return
        if not self.selected_span:
            self.message.emit("Click an annotation first to attach a note.")
            return
        sid = self.selected_span
        self._doc_op(lambda ws, _d: (ws.set_note(sid, note.strip() or None), None))

    def select_span(self, span_id: str | None) -> None:
        """Select a span (None or "" for none)."""
        span_id = span_id or None
        if span_id is not None and not any(s.id == span_id for s in self.spans):
            span_id = None
        if span_id != self.selected_span:
            self.selected_span = span_id
            self.span_selection_did_change.emit(span_id or "")

    def selected(self) -> Span | None:
        """The selected span."""
        return next((s for s in self.spans if s.id == self.selected_span), None)

    # --- flow ----------------------------------------------------------------

    def finish_and_next(self, status: DocStatus = DocStatus.DONE) -> None:
        """Mark the open article done (or skipped) and open the next one not yet finished."""
        who, pid = self.annotator, self.project_id

        def work(ws: Workspace, doc_id: int) -> tuple[Changes, int | None]:
            changes = ws.set_status(doc_id, status, annotator=who)
            return changes, _next_unfinished(ws, pid, doc_id, who)

        def after(next_id: int | None) -> None:
            if next_id is None:
                self.message.emit("Every article is done or skipped.")
            else:
                self.open_document(next_id)

        self._doc_op(work, after)

    def undo(self) -> None:
        """Undo the last operation of this session."""
        self._history(lambda ws: ws.undo())

    def redo(self) -> None:
        """Redo the last undone operation."""
        self._history(lambda ws: ws.redo())

    def _history(self, step: Callable[[Workspace], Changes]) -> None:
        ws, who = self.ws, self.annotator
        if ws is None or self.refuse_if_read_only():
            return
        current = self.document.id if self.document else None

        def run() -> tuple[Changes, list[Span] | None, DocStatus | None]:
            changes = step(ws)
            if current is not None and current in (changes.spans | changes.status):
                return changes, ws.spans(current, annotator=who), ws.status(current, annotator=who)
            return changes, None, None

        def done(result: tuple[Changes, list[Span] | None, DocStatus | None]) -> None:
            changes, spans, status = result
            self.message.emit(changes.message)
            touched = changes.spans | changes.status
            if spans is not None and status is not None and self.document and self.document.id == current:
                self._apply(spans, status)
            elif len(touched) == 1 and self.ws is ws:
                # The undone change was in another article: show it there.
                self.open_document(next(iter(touched)))

        self.runner.run(run, on_done=done, on_error=self._failed, initiator=self)


def _next_unfinished(ws: Workspace, project: int | None, doc_id: int, who: str) -> int | None:
    """The next article after `doc_id` not done or skipped, wrapping around to the start."""
    found = ws.neighbour(doc_id, annotator=who, skip_finished=True)
    if found is not None or project is None:
        return found
    first = ws.first_document(project)
    if first is None or first == doc_id:
        return None
    if ws.status(first, annotator=who) not in FINISHED:
        return first
    found = ws.neighbour(first, annotator=who, skip_finished=True)
    return None if found == doc_id else found
