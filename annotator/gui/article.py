"""The open article: its text, the coder's spans and status, the selected span; kept equal to the database.

It is read on the worker. Changes it made itself it applies at once from the
operation's result; so does a change made elsewhere in the window whose result lists
its span edits (an undo or redo of one span's add, edit or removal). Any other change
that touches it (an undo that brings relations back, another window, another coder)
makes it read the article again, queued behind that change, so what it shows always
ends equal to what is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter

from PySide6.QtCore import QObject, Signal

from annotator.core.bulk import paused_gc
from annotator.core.changes import Changes, SpanEdit
from annotator.core.codebook import DocumentValue
from annotator.core.types import DocStatus, Document, Origin, Relation, Span
from annotator.gui.runner import OperationRunner
from annotator.gui.session import Session
from annotator.gui.span_delta import SpanDelta, diff
from annotator.project import Article, Workspace

_SUGGESTED = Origin.SUGGESTED
_ORIGIN = attrgetter("origin")


def _id_map(spans: tuple[Span, ...]) -> dict[str, Span]:
    """Spans by id: what the article's edits look spans up in."""
    return {s.id: s for s in spans}


Target = Callable[[Workspace, int | None], int | None]
"""Given the Workspace and the article open (or heading to), which article to open (None: stay)."""


class _Heading:
    """The article the worker last opened or is opening: PageDown pressed twice moves two articles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.doc: int | None = None

    def move(self, doc: int | None) -> None:
        with self._lock:
            self.doc = doc


class OpenArticle(QObject):
    """The article shown, as the coder sees it.

    Attributes:
        session: the open database, project and coder.
        article: the open article, or None.
        selected: the id of the selected span, or None.
        selected_relation: the id of the selected relation (one of the selected span's), or None.
        delta: what the last `spans_did_change` changed, for views that update by it; None
            after an article opens (views then take the spans in full).

    Signals:
        article_did_open(): another article (or none) is open.
        spans_did_change(): the open article's spans or relations changed.
        status_did_change(): the open article's status changed.
        selection_did_change(str): the selected span ("" for none).
        relation_selection_did_change(str): the selected relation ("" for none).
        values_did_change(): the open article's document values changed.
        message(str): a line for the status bar ("No more articles in that direction.").
    """

    article_did_open = Signal()
    spans_did_change = Signal()
    status_did_change = Signal()
    selection_did_change = Signal(str)
    relation_selection_did_change = Signal(str)
    values_did_change = Signal()
    message = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner: OperationRunner = session.runner
        self.article: Article | None = None
        self.selected: str | None = None
        self.selected_relation: str | None = None
        self.delta: SpanDelta | None = None
        self._heading = _Heading()
        self._split: tuple[Article | None, tuple[Span, ...], tuple[Span, ...]] | None = None
        self._by_id: tuple[Article | None, dict[str, Span]] | None = None
        self.runner.operation_did_execute.connect(self._on_runner_executed)

    # --- what is open ------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        """The open article's document."""
        return self.article.document if self.article else None

    @property
    def doc_id(self) -> int | None:
        """The open article's id."""
        return self.article.document.id if self.article else None

    @property
    def spans(self) -> tuple[Span, ...]:
        """The open article's spans (the coder's and unattributed ones)."""
        return self.article.spans if self.article else ()

    @property
    def annotations(self) -> list[Span]:
        """The open article's spans that are annotations (not pending suggestions)."""
        return list(self._parts()[1])

    @property
    def suggestions(self) -> list[Span]:
        """The open article's pending suggestions for the coder, by position."""
        return sorted(self._parts()[2], key=lambda s: (s.start, s.end, s.id))

    def _parts(self) -> tuple[Article | None, tuple[Span, ...], tuple[Span, ...]]:
        """The open article's annotations and suggestions, parted once per state (several views ask)."""
        article = self.article
        if self._split is None or self._split[0] is not article:
            spans = self.spans
            if _SUGGESTED in set(map(_ORIGIN, spans)):
                self._split = (
                    article,
                    tuple(s for s in spans if s.origin is not _SUGGESTED),
                    tuple(s for s in spans if s.origin is _SUGGESTED),
                )
            else:
                self._split = (article, spans, ())
        return self._split

    @property
    def relations(self) -> tuple[Relation, ...]:
        """The relations between those spans."""
        return self.article.relations if self.article else ()

    @property
    def values(self) -> tuple[DocumentValue, ...]:
        """The coder's document values of the open article (and unattributed imported ones)."""
        return self.article.values if self.article else ()

    @property
    def status(self) -> DocStatus:
        """The coder's status for the open article."""
        return self.article.status if self.article else DocStatus.TODO

    def span(self, span_id: str | None) -> Span | None:
        """The open article's span with that id, or None."""
        return self._span_map().get(span_id) if span_id else None

    def selected_span(self) -> Span | None:
        """The selected span."""
        return self.span(self.selected)

    def _span_map(self) -> dict[str, Span]:
        article = self.article
        if self._by_id is None or self._by_id[0] is not article:
            # Built once per opened or reloaded article; a change made here updates it in place.
            self._by_id = (article, _id_map(self.spans))
        return self._by_id[1]

    # --- opening -------------------------------------------------------------------

    def open(self, doc_id: int | None) -> None:
        """Open an article (None: none)."""
        self.go(lambda _ws, _current: doc_id, allow_none=True)

    def go(self, target: Target, *, allow_none: bool = False, nothing: str | Callable[[], str] = "") -> None:
        """Open the article `target` picks on the worker, from the one open or being opened.

        `nothing` is what the status bar says when it picks none (a function: asked then).
        """
        who, heading = self.session.annotator, self._heading

        def work(ws: Workspace) -> tuple[bool, Article | None, dict[str, Span]]:
            found = target(ws, heading.doc)
            if found is None and not allow_none:
                return False, None, {}
            heading.move(found)
            if found is None:
                return True, None, {}
            article = ws.article(found, annotator=who)
            # The id map the first change looks spans up in, made here rather than on that key press.
            return True, article, _id_map(article.spans)

        def done(result: tuple[bool, Article | None, dict[str, Span]]) -> None:
            moved, article, by_id = result
            if not moved:
                said = nothing() if callable(nothing) else nothing
                if said:
                    self.message.emit(said)
                return
            if who == self.session.annotator:
                self._show(article, by_id)

        self.runner.query(work, on_done=done, key="article")

    def reload(self) -> None:
        """Read the open article again (after a change made elsewhere)."""
        doc_id, who = self.doc_id, self.session.annotator
        if doc_id is None:
            return

        def done(article: Article) -> None:
            if self.doc_id == doc_id and who == self.session.annotator:
                self._replace(article)

        self.runner.query(
            lambda ws: ws.article(doc_id, annotator=who),
            on_done=done,
            on_error=lambda error: self.message.emit(f"Could not reload the article: {error}"),
            key="article",
        )

    def _show(self, article: Article | None, by_id: dict[str, Span]) -> None:
        self.article = article
        self._by_id = (article, by_id)
        self.delta = None
        self.selected = None
        self.selected_relation = None
        with paused_gc():  # the views index every span: no cycles to find, only pauses
            self.article_did_open.emit()

    def _replace(self, article: Article, delta: SpanDelta | None = None) -> None:
        """Show a new state of the open article; `delta` is what changed in its spans, if known."""
        old = self.article
        if delta is None:
            delta = diff(old.spans if old else (), article.spans)
        self.article = article
        if delta or old is None or old.relations != article.relations:
            self.delta = delta
            if self.selected and self.span(self.selected) is None:
                self.select(None)
            if self.selected_relation and not any(r.id == self.selected_relation for r in article.relations):
                self.select_relation(None)
            self.spans_did_change.emit()
        if old is None or old.status != article.status:
            self.status_did_change.emit()
        if old is None or old.values != article.values:
            self.values_did_change.emit()

    # --- changes it made itself ----------------------------------------------------

    def patch(
        self,
        *,
        add: Span | None = None,
        remove: str | None = None,
        change: Span | None = None,
        status: DocStatus | None = None,
        link: Relation | None = None,
        unlink: str | None = None,
        value: DocumentValue | None = None,
        unset: str | None = None,
    ) -> None:
        """Apply what an operation of this article did, without reading the article again.

        `link`/`unlink` add or remove a relation (by id); `value` sets a document value of
        the coder, `unset` removes the coder's value of that variable.
        """
        if self.article is None:
            return
        put = [add] if add is not None else []
        if change is not None and self.span(change.id) is not None:  # a change of a span gone is dropped
            put.append(change)
        gone = {remove} if remove else set()
        spans, delta = self._spans_with(gone, put)
        relations = [r for r in self._relations_without(gone) if r.id != unlink]
        if link is not None:
            relations.append(link)
        values = list(self.article.values)
        if value is not None or unset is not None:
            name = value.label if value is not None else unset
            values = [v for v in values if not (v.label == name and v.annotator == self.session.annotator)]
            if value is not None:
                values.append(value)
        fresh = replace(
            self.article,
            spans=spans,
            relations=tuple(relations),
            status=status or self.status,
            values=tuple(values),
        )
        self._replace_spans(fresh, delta)

    def _relations_without(self, gone: set[str]) -> list[Relation]:
        """The open article's relations but those of removed spans (they go with them, as in the database)."""
        return [r for r in self.relations if r.head not in gone and r.tail not in gone]

    def _spans_with(self, gone: set[str], put: list[Span]) -> tuple[tuple[Span, ...], SpanDelta]:
        """The open article's spans without `gone` (ids) and with `put` (new, or replacing theirs)."""
        assert self.article is not None
        by_id = self._span_map()
        removed = tuple(by_id[i] for i in gone if i in by_id)
        changed = tuple((by_id[s.id], s) for s in put if s.id in by_id)
        added = tuple(s for s in put if s.id not in by_id)
        spans = self.article.spans
        # By identity, not equality: a frozen dataclass's == builds two tuples per comparison.
        if len(removed) + len(changed) == 1:
            old, new = (removed[0], None) if removed else changed[0]
            spans = tuple(
                [s for s in spans if s is not old] if new is None else [new if s is old else s for s in spans]
            )
        elif removed or changed:
            drop, swap = {id(s) for s in removed}, {id(old): new for old, new in changed}
            spans = tuple([swap.get(id(s), s) for s in spans if id(s) not in drop])
        # `+` copies the pointers once; `(*spans, *added)` built a list first (2 to 5x slower).
        return spans + added, SpanDelta(added, removed, changed)

    def _replace_spans(self, fresh: Article, delta: SpanDelta) -> None:
        """Show a state of the article made here from the one shown, keeping the id map current."""
        by_id = self._span_map()
        for span in delta.removed:
            del by_id[span.id]
        for span in delta.after():
            by_id[span.id] = span
        self._by_id = (fresh, by_id)
        self._replace(fresh, delta)

    def _apply_edits(self, edits: tuple[SpanEdit, ...]) -> None:
        """Apply what another part of the window did to the open article's spans (an undo, a redo)."""
        assert self.article is not None
        shown, who = self._span_map(), self.session.annotator
        gone = {e.span_id for e in edits if e.now is None}
        # A span the article does not show (another coder's) stays unshown.
        put = [
            e.now
            for e in edits
            if e.now is not None and (e.span_id in shown or e.now.annotator in (who, None))
        ]
        spans, delta = self._spans_with(gone, put)
        fresh = replace(self.article, spans=spans, relations=tuple(self._relations_without(gone)))
        self._replace_spans(fresh, delta)

    def as_stored(self, changes: Changes, span: Span) -> Span:
        """The span as the operation stored it (its `span_edits`), else `span` as the window expected it.

        A change patched from the copy the window held when the key was pressed would undo
        an undo that ran on the worker just before it (a note put back, old pieces).
        """
        stored = next((e.now for e in changes.span_edits if e.span_id == span.id and e.now is not None), None)
        return stored or span

    def select(self, span_id: str | None) -> None:
        """Select a span (None or "" for none)."""
        span_id = span_id or None
        if span_id is not None and self.span(span_id) is None:
            span_id = None
        if span_id != self.selected:
            self.select_relation(None)
            self.selected = span_id
            self.selection_did_change.emit(span_id or "")

    def selected_relation_item(self) -> Relation | None:
        """The selected relation."""
        return next((r for r in self.relations if r.id == self.selected_relation), None)

    def select_relation(self, relation_id: str | None) -> None:
        """Select a relation (and its head span), or none."""
        relation = next((r for r in self.relations if r.id == relation_id), None)
        if relation is not None and relation.head != self.selected:
            self.select(relation.head)
        found = relation.id if relation else None
        if found != self.selected_relation:
            self.selected_relation = found
            self.relation_selection_did_change.emit(found or "")

    def _on_runner_executed(self, changes: Changes, initiator: object) -> None:
        if initiator is not self:
            self.apply_changes(changes)

    def apply_changes(self, changes: Changes) -> None:
        """Show what an operation changed in the open article: from its span edits when it lists them all."""
        doc_id = self.doc_id
        if doc_id is None:
            return
        if -1 in changes.documents or doc_id in changes.touched():
            edits = changes.edits_for(doc_id)
            if edits is None:
                self.reload()
            else:  # every edit is known: no need to read 200,000 spans again
                self._apply_edits(edits)
