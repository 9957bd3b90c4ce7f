"""Reviewing suggestions: accept (Enter, A), reject (X), all of an article, the next one (N), correct.

A suggestion is the selected one, or else the one under the caret. After a step the
next suggestion is selected, so a coder reviews an article with one key per suggestion.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator.core.changes import OpResult
from annotator.core.types import DocStatus, Origin, Span
from annotator.gui import review_ops
from annotator.gui.article import OpenArticle
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding
from annotator.gui.ops import Work
from annotator.project.suggestions import Reviewed


def apply_reviewed(article: OpenArticle, reviewed: Reviewed) -> None:
    """Patch the open article with what a review step changed."""
    if article.doc_id != reviewed.document:
        return
    for span_id in reviewed.removed:
        article.patch(remove=span_id)
    have = {s.id for s in article.spans}
    for span in reviewed.added:
        if span.id not in have:
            article.patch(add=span)
    for relation_id in reviewed.relations_removed:
        article.patch(unlink=relation_id)
    for relation in reviewed.relations_added:
        article.patch(link=relation)
    if reviewed.accepted and article.status == DocStatus.TODO:
        article.patch(status=DocStatus.IN_PROGRESS)


class Review(QObject):
    """The review commands on the open article's suggestions."""

    def __init__(self, coding: Coding, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coding = coding
        self.article = coding.article
        self.session = coding.session
        self.view = view
        coding.correct_suggestion = self.correct

    def current(self) -> Span | None:
        """The selected suggestion, or the one under the caret."""
        span = self.article.selected_span()
        if span is not None and span.origin is Origin.SUGGESTED:
            return span
        caret = self.view.caret()
        return next((s for s in self.article.suggestions if any(a <= caret < b for a, b in s.pieces())), None)

    def _target(self) -> Span | None:
        if self.coding.refuse_if_read_only():
            return None
        span = self.current()
        if span is None:
            self.coding.message.emit("No suggestion selected: N goes to the next one.")
        return span

    def _run(self, work: Work[OpResult[Reviewed]], after: Span | None) -> None:
        def done(result: OpResult[Reviewed]) -> None:
            apply_reviewed(self.article, result.value)
            self.coding.said(result.changes)
            following = self._after(after) if after is not None else None
            if following is not None:
                self._select(following)
            elif result.value.accepted:
                self.article.select(result.value.accepted[0].id)

        self.coding.runner.run(work, on_done=done, on_error=self.coding.report, initiator=self.article)

    # --- one suggestion -------------------------------------------------------------------

    def accept(self) -> None:
        """Make the current suggestion the coder's annotation."""
        span = self._target()
        if span is not None:
            self._run(review_ops.accept(span.id, self.session.annotator), span)

    def reject(self) -> None:
        """Reject the current suggestion; it is not suggested again."""
        span = self._target()
        if span is not None:
            self._run(review_ops.reject(span.id, self.session.annotator), span)

    def correct(
        self, span: Span, *, label: str | None = None, start: int | None = None, end: int | None = None
    ) -> None:
        """Accept a suggestion with another label or edges (the label keys and edge keys on a suggestion)."""
        if self.coding.refuse_if_read_only():
            return
        work = review_ops.correct(span.id, self.session.annotator, label=label, start=start, end=end)
        self._run(work, None)

    # --- the whole article -----------------------------------------------------------------

    def accept_all(self) -> None:
        """Accept every suggestion of the open article."""
        self._all(review_ops.accept_all)

    def reject_all(self) -> None:
        """Reject every suggestion of the open article."""
        self._all(review_ops.reject_all)

    def _all(self, make: object) -> None:
        doc_id = self.article.doc_id
        if doc_id is None or self.coding.refuse_if_read_only():
            return
        if not self.article.suggestions:
            self.coding.message.emit("This article has no suggestions to review.")
            return
        assert callable(make)
        self._run(make(doc_id, self.session.annotator), None)

    # --- moving ----------------------------------------------------------------------------

    def _after(self, span: Span) -> Span | None:
        later = [
            s for s in self.article.suggestions if (s.start, s.end, s.id) > (span.start, span.end, span.id)
        ]
        return later[0] if later else (self.article.suggestions[0] if self.article.suggestions else None)

    def _select(self, span: Span) -> None:
        self.article.select(span.id)
        self.view.set_selected_span(span.id, scroll=True)

    def next(self) -> None:
        """Select the next suggestion in the article, or open the next article that has some."""
        pending = self.article.suggestions
        current = self.current()
        if current is not None:
            following = [
                s for s in pending if (s.start, s.end, s.id) > (current.start, current.end, current.id)
            ]
        else:
            caret = self.view.caret()
            following = [s for s in pending if s.start >= caret]
        if following or pending:
            self._select((following or pending)[0])
            return
        project, doc_id = self.session.project_id, self.article.doc_id
        if project is None:
            return
        who = self.session.annotator
        self.article.go(
            lambda ws, current_doc: review_ops.next_document(project, current_doc or doc_id, who)(ws),
            nothing="No more suggestions to review in this project.",
        )
