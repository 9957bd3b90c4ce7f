"""The coder's commands: label, relabel, delete, note, mark done or skipped, undo, redo, move between articles.

Each command is one operation on the worker (one write transaction); the open
article applies what its own operations did, and every other view refreshes
itself from the broadcast `Changes`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import ConflictError, ConnectionLostError, ValidationError
from annotator.core.pieces import merge_pieces, piece_at, without_piece
from annotator.core.spans import clean_selection
from annotator.core.types import DocStatus, Origin, Span
from annotator.gui import ops
from annotator.gui.article import OpenArticle
from annotator.project import ListFilter, Workspace

READ_ONLY_REASON = "The database is open read-only: changes are not possible."
RELOADED = "The article now shows what is saved in the database."


class Coding(QObject):
    """Turns the coder's keys and clicks into operations on the open article.

    Attributes:
        article: the open article (and through it the session and the runner).
        snap: whether selections snap to word boundaries.
        list_filter: the article list's filter, which PageDown/PageUp follow.
        correct_suggestion: how a label key on a selected suggestion accepts it corrected.

    Signals:
        message(str): a line for the status bar.
        error(str): a user-facing error message.
        done_refused(str): "Mark done" was refused (a required variable is not coded); why.
    """

    message = Signal(str)
    error = Signal(str)
    done_refused = Signal(str)

    def __init__(self, article: OpenArticle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.article = article
        self.session = article.session
        self.runner = article.runner
        self.snap = True
        self.list_filter: Callable[[], ListFilter] = ListFilter
        # Set by the review commands: a label or edge key on a selected suggestion accepts it corrected.
        self.correct_suggestion: Callable[..., None] | None = None

    def refuse_if_read_only(self) -> bool:
        """True (and the reason in the status bar) when the database refuses changes."""
        if self.session.read_only:
            self.message.emit(READ_ONLY_REASON)
        return self.session.read_only

    def _failed(self, error: Exception) -> None:
        """Say why an operation failed; when another coder or a lost connection is why, show what is saved."""
        if isinstance(error, ConflictError | ConnectionLostError):
            self.error.emit(f"{error}\n\n{RELOADED}")
            self.article.reload()
        else:
            self.runner.report_failure(error)

    def report(self, error: Exception) -> None:
        """Say why an operation of a coding mode failed (as for the coder's own commands)."""
        self._failed(error)

    def said(self, changes: Changes) -> None:
        """Put an operation's message in the status bar."""
        if changes.message:
            self.message.emit(changes.message)

    # --- spans ---------------------------------------------------------------------

    def apply_label(self, label: str, selection: tuple[int, int] | None) -> bool:
        """Label the selection (code points), or relabel the selected span; False if there was nothing to do."""
        document = self.article.document
        if document is None or document.id is None:
            self.message.emit("Open an article first.")
            return False
        if self.session.schema.get(label) is None:
            self.error.emit(f"unknown label {label!r}")
            return False
        if self.refuse_if_read_only():
            return False
        if selection is not None and selection[0] != selection[1]:
            start, end = clean_selection(document.text, *selection, snap=self.snap)
            if start >= end:
                self.message.emit("Nothing to label: the selection is only white space.")
                return False
            self._add(document.id, start, end, label)
            return True
        current = self.article.selected_span()
        if current is not None and current.origin is Origin.SUGGESTED and self.correct_suggestion is not None:
            self.correct_suggestion(
                current, label=label
            )  # a label key on a suggestion accepts it so labelled
            return True
        if current is not None and current.label != label:
            self._relabel(current, label)
            return True
        if current is None:
            self.message.emit("Select some text first, then press a label's key.")
        return False

    def _add(self, doc_id: int, start: int, end: int, label: str) -> None:
        def done(result: OpResult[Span]) -> None:
            if self.article.doc_id == doc_id:
                status = DocStatus.IN_PROGRESS if self.article.status == DocStatus.TODO else None
                self.article.patch(add=result.value, status=status)
                self.article.select(result.value.id)  # a second key press relabels it
            self.said(result.changes)

        work = ops.add_span(
            document=doc_id, start=start, end=end, label=label, annotator=self.session.annotator
        )
        self.runner.run(work, on_done=done, on_error=self._failed, initiator=self.article)

    def _relabel(self, span: Span, label: str) -> None:
        def done(changes: Changes) -> None:
            self.article.patch(change=self.article.as_stored(changes, replace(span, label=label)))
            self.said(changes)

        self.runner.run(
            ops.relabel_span(span.id, label), on_done=done, on_error=self._failed, initiator=self.article
        )

    def delete_selected(self) -> None:
        """Delete the selected relation, or else the selected span (and its relations)."""
        if self.refuse_if_read_only():
            return
        relation = self.article.selected_relation_item()
        if relation is not None:
            self.delete_relation(relation.id)
            return
        span = self.article.selected_span()
        if span is None:
            self.message.emit("Click an annotation first, then press Delete.")
            return
        self.article.select(None)

        def done(changes: Changes) -> None:
            self.article.patch(remove=span.id)
            self.said(changes)

        self.runner.run(ops.delete_span(span.id), on_done=done, on_error=self._failed, initiator=self.article)

    def delete_relation(self, relation_id: str) -> None:
        """Delete one relation."""
        if self.refuse_if_read_only():
            return
        self.article.select_relation(None)

        def done(changes: Changes) -> None:
            self.article.patch(unlink=relation_id)
            self.said(changes)

        self.runner.run(
            ops.delete_relation(relation_id), on_done=done, on_error=self._failed, initiator=self.article
        )

    # --- pieces of a discontinuous span ------------------------------------------------

    def add_fragment(self, selection: tuple[int, int] | None) -> bool:
        """Add the text selection (code points) as another piece of the selected span; False if nothing to do."""
        span, document = self.article.selected_span(), self.article.document
        if span is None or document is None or selection is None or selection[0] == selection[1]:
            self.message.emit("Select an annotation, then Ctrl+select more text and press + to add it.")
            return False
        if self.refuse_if_read_only():
            return False
        start, end = clean_selection(document.text, *selection, snap=self.snap)
        if start >= end:
            self.message.emit("Nothing to add: the selection is only white space.")
            return False
        pieces = merge_pieces((*span.pieces(), (start, end)))
        if pieces == span.pieces():
            self.message.emit("That text is already part of the annotation.")
            return False
        self._set_pieces(span, pieces, f"{span.label} now has {len(pieces)} pieces.")
        return True

    def remove_fragment(self, position: int) -> None:
        """Remove the piece of the selected span under the caret (code points)."""
        span = self.article.selected_span()
        if span is None:
            self.message.emit("Select an annotation of several pieces, put the caret in one, then press -.")
            return
        if self.refuse_if_read_only():
            return
        pieces = span.pieces()
        found = piece_at(pieces, position)
        if len(pieces) < 2:
            self.message.emit("The annotation has one piece: press Delete to remove it.")
            return
        if found is None:
            self.message.emit("Put the caret in the piece to remove, then press -.")
            return
        rest = without_piece(pieces, found)
        left = f"{len(rest)} pieces" if len(rest) > 1 else "one piece"
        self._set_pieces(span, rest, f"{span.label} now has {left}.")

    def _set_pieces(self, span: Span, pieces: tuple[tuple[int, int], ...], said: str) -> None:
        fresh = replace(
            span, start=pieces[0][0], end=pieces[-1][1], fragments=pieces if len(pieces) > 1 else ()
        )

        def done(changes: Changes) -> None:
            self.article.patch(change=self.article.as_stored(changes, fresh))
            self.message.emit(said)

        self.runner.run(
            ops.set_fragments(span.id, pieces), on_done=done, on_error=self._failed, initiator=self.article
        )

    def set_note(self, span_id: str, note: str) -> None:
        """Attach a note to a span (empty text removes it)."""
        span = self.article.span(span_id)
        if self.refuse_if_read_only() or span is None:
            return
        text = note.strip() or None

        def done(changes: Changes) -> None:
            self.article.patch(change=self.article.as_stored(changes, replace(span, note=text)))
            self.said(changes)

        self.runner.run(
            ops.set_note(span.id, text), on_done=done, on_error=self._failed, initiator=self.article
        )

    # --- the article's status and moving on ------------------------------------------

    def finish(self, status: DocStatus = DocStatus.DONE) -> None:
        """Mark the open article done (or skipped) and open the next one not yet finished.

        When the project refuses (a required document variable is not coded), the article
        stays open and `done_refused` says why.
        """
        doc_id, who = self.article.doc_id, self.session.annotator
        if doc_id is None:
            self.message.emit("Open an article first.")
            return
        if self.refuse_if_read_only():
            return
        refused = threading.Event()  # set on the worker, read there by the move queued behind it

        def work(ws: Workspace) -> Changes:
            try:
                return ops.set_status(doc_id, status, who)(ws)
            except Exception:
                refused.set()
                raise

        def done(changes: Changes) -> None:
            if self.article.doc_id == doc_id:
                self.article.patch(status=status)
            self.said(changes)

        def failed(error: Exception) -> None:
            if isinstance(error, ValidationError) and status == DocStatus.DONE:
                self.done_refused.emit(str(error))
            else:
                self._failed(error)

        self.runner.run(work, on_done=done, on_error=failed, initiator=self.article)
        self.article.go(
            lambda ws, current: (
                None if refused.is_set() else ws.next_unfinished(current or doc_id, annotator=who)
            ),
            nothing=lambda: "" if refused.is_set() else "Every article is done or skipped.",
        )

    def step(self, delta: int) -> None:
        """Open the next (1) or previous (-1) article of the list as filtered."""
        if self.article.doc_id is None:
            return
        who, where = self.session.annotator, self.list_filter()

        def target(ws: Workspace, current: int | None) -> int | None:
            if current is None:
                return None
            return ws.neighbour(current, annotator=who, backwards=delta < 0, where=where)

        self.article.go(target, nothing="No more articles in that direction.")

    # --- history -------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last operation of this session."""
        self._history(ops.undo())

    def redo(self) -> None:
        """Redo the last undone operation."""
        self._history(ops.redo())

    def _history(self, work: ops.Work[Changes]) -> None:
        if self.refuse_if_read_only():
            return

        def done(changes: Changes) -> None:
            self.article.apply_changes(changes)  # at once; the other views hear of it a moment later
            self.said(changes)
            touched = changes.touched()
            current = self.article.doc_id
            if len(touched) == 1 and current not in touched:
                self.article.open(next(iter(touched)))  # the undone change was in another article: show it

        self.runner.run(work, on_done=done, on_error=self._failed, initiator=self.article)
