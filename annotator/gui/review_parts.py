"""The window's suggestion parts: the Suggestions menu and list, running the built-in rules, the training dialog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QProgressDialog

from annotator.core.errors import AnnotatorError
from annotator.core.types import Origin
from annotator.gui import review_ops
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding
from annotator.gui.dialogs import show_error, show_info
from annotator.gui.review import Review
from annotator.gui.runner import Progress
from annotator.gui.suggestion_list import SuggestionList
from annotator.gui.train_dialog import TrainDialog
from annotator.project import Cancelled

if TYPE_CHECKING:
    from annotator.project.suggest_run import SuggestReport

SHORTCUTS = (
    ("Enter / A", "Accept the selected suggestion (or the one under the caret)"),
    ("X", "Reject it; it is not suggested again"),
    ("Shift+A / Shift+X", "Accept / reject every suggestion of the article"),
    ("N", "Next suggestion in the article, round to its first; the next article with some once none is left"),
    ("1 … 9 on a suggestion", "Accept it with that label; the edge keys accept it with that edge"),
)


@dataclass
class ReviewActions:
    """The Suggestions menu's actions."""

    accept: QAction
    reject: QAction
    accept_all: QAction
    reject_all: QAction
    next: QAction
    rules: QAction
    train: QAction
    menu: QMenu


class ReviewParts(QObject):
    """Creates the review commands, the suggestion list and the Suggestions menu, and keeps the list current.

    Attributes:
        review: the review commands.
        list: the suggestion list (for its dock).
        actions: the menu's actions.
    """

    def __init__(self, window: QMainWindow, coding: Coding, view: ArticleView) -> None:
        super().__init__(window)
        self.window = window
        self.coding = coding
        self.article = coding.article
        self.session = coding.session
        self.view = view
        self.review = Review(coding, view, self)
        self.list = SuggestionList(window)
        self.dialog: TrainDialog | None = None
        self.actions = self._build(window)
        a = self.article
        a.article_did_open.connect(self.refresh)
        a.spans_did_change.connect(self._on_article_spans_changed)
        a.selection_did_change.connect(lambda sid: self.list.select_span(sid or None))
        self.list.span_selected.connect(self._on_list_selected)
        self.session.project_did_change.connect(lambda: self.list.model_.set_schema(self.session.schema))
        view.enter_pressed.connect(self._on_enter)

    def _action(self, text: str, keys: tuple[str, ...], name: str, slot: object, *, on_view: bool) -> QAction:
        action = QAction(text, self.view if on_view else self.window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        if on_view:  # letters act in the text only, never in a search box
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        action.triggered.connect(lambda _=False, call=slot: call())
        return action

    def _build(self, window: QMainWindow) -> ReviewActions:
        r = self.review
        a = ReviewActions(
            accept=self._action(
                "&Accept suggestion", ("A",), "actionAcceptSuggestion", r.accept, on_view=True
            ),
            reject=self._action(
                "&Reject suggestion", ("X",), "actionRejectSuggestion", r.reject, on_view=True
            ),
            accept_all=self._action(
                "Accept a&ll in this article", ("Shift+A",), "actionAcceptAll", r.accept_all, on_view=True
            ),
            reject_all=self._action(
                "Reject all in t&his article", ("Shift+X",), "actionRejectAll", r.reject_all, on_view=True
            ),
            next=self._action("&Next suggestion", ("N",), "actionNextSuggestion", r.next, on_view=True),
            rules=self._action(
                "Suggest with the &built-in rules", (), "actionSuggestRules", self.run_rules, on_view=False
            ),
            train=self._action(
                "&Train from my done articles…", (), "actionTrain", self.open_training, on_view=False
            ),
            menu=QMenu("&Suggestions", window),
        )
        menu = a.menu
        menu.setObjectName("suggestionsMenu")
        for item in (a.accept, a.reject, a.accept_all, a.reject_all, a.next, None, a.rules, a.train):
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        return a

    def install_menu(self) -> None:
        """Put the Suggestions menu in the menu bar, before Help (once the window's menus exist)."""
        bar = self.window.menuBar()
        help_menu = next((m.menuAction() for m in bar.findChildren(QMenu) if m.title() == "&Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.actions.menu)
        else:
            bar.addMenu(self.actions.menu)

    def set_writable(self, writable: bool) -> None:
        """Enable the commands that change annotations."""
        for action in (*self._review_actions(), self.actions.rules, self.actions.train):
            action.setEnabled(writable)

    def _review_actions(self) -> tuple[QAction, ...]:
        a = self.actions
        return (a.accept, a.reject, a.accept_all, a.reject_all)

    # --- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the open article's suggestions in the list (and their count in the dock title)."""
        document = self.article.document
        pending = self.article.suggestions
        self.list.model_.set_suggestions(document.text if document else "", pending)
        self.list.select_span(self.article.selected)
        dock = self.list.parentWidget()
        if dock is not None and hasattr(dock, "setWindowTitle"):
            dock.setWindowTitle(f"Suggestions ({len(pending)})" if pending else "Suggestions")

    def _on_article_spans_changed(self) -> None:
        delta = self.article.delta
        if delta is None or delta.involves(Origin.SUGGESTED):  # else the pending suggestions stay as listed
            self.refresh()

    def _on_list_selected(self, span_id: str) -> None:
        self.article.select(span_id)
        self.view.set_selected_span(span_id, scroll=True)

    def _on_enter(self) -> None:
        if self.review.current() is not None:
            self.review.accept()

    # --- running suggesters -------------------------------------------------------------

    def run_rules(self) -> None:
        """Run the built-in journalism rules over the project's articles, with progress and Cancel."""
        project = self.session.project_id
        if project is None or self.coding.refuse_if_read_only():
            return
        progress = Progress(self.coding.runner)
        dialog = QProgressDialog("Suggesting with the built-in rules…", "Cancel", 0, 0, self.window)
        dialog.setObjectName("suggestProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(progress.cancel)
        runner = self.coding.runner

        def moved(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        runner.operation_did_progress.connect(moved)

        def finish() -> None:
            runner.operation_did_progress.disconnect(moved)
            dialog.reset()
            dialog.deleteLater()

        def done(report: SuggestReport) -> None:
            finish()
            counts = ", ".join(f"{label} {n}" for label, n in sorted(report.by_label.items())) or "none"
            show_info(self.window, f"Suggested in {report.documents} article(s): {counts}.")

        def failed(error: Exception) -> None:
            finish()
            if isinstance(error, Cancelled | AnnotatorError):
                show_error(self.window, str(error))
            else:
                runner.report_failure(error)

        runner.run(review_ops.run_rules(project, progress), on_done=done, on_error=failed)

    def open_training(self) -> TrainDialog | None:
        """Open the training dialog."""
        if self.session.project is None:
            show_error(self.window, "Open a project first.")
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = TrainDialog(self.session, self.window)
        dialog.destroyed.connect(lambda _=None: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.show()
        return dialog
