"""The main window: article list (left), the article (centre), labels and annotations (right).

It composes the parts and wires them once; after that each part refreshes itself:
the session, the open article and the list from the runner's broadcast `Changes`,
the views from the session's and the article's signals.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QWidget

from annotator import logs
from annotator.core.changes import Changes
from annotator.core.types import DocStatus
from annotator.gui import settings as cfg
from annotator.gui.about import AboutDialog
from annotator.gui.actions import build_actions
from annotator.gui.annotate_menu import AnnotateCommands
from annotator.gui.annotation_list import AnnotationList
from annotator.gui.article import OpenArticle
from annotator.gui.article_list import ArticleListPanel
from annotator.gui.article_pane import ArticlePane
from annotator.gui.codebook_parts import CodebookParts
from annotator.gui.coding import Coding
from annotator.gui.context_menus import ContextMenus
from annotator.gui.dialogs import ShortcutsDialog, ask_text, show_error, show_info
from annotator.gui.errors import report_exception
from annotator.gui.file_drop import FileDrop
from annotator.gui.file_menu import FileMenu
from annotator.gui.palette import LabelPalette
from annotator.gui.plain import menu_text, plain, window_title
from annotator.gui.review_parts import ReviewParts
from annotator.gui.runner import OperationRunner
from annotator.gui.search_hits import SearchHits
from annotator.gui.session import Session
from annotator.gui.status import WindowStatus
from annotator.gui.team_parts import TeamParts
from annotator.gui.transfer import Transfer
from annotator.gui.version_filter import VersionFilter
from annotator.gui.view_prefs import ViewPrefs
from annotator.gui.watcher import ChangeWatcher
from annotator.gui.window_layout import build_docks
from annotator.gui.window_words import for_window
from annotator.paths import default_annotator

CANNOT_SHOW = (
    "This article cannot be shown: the database holds an annotation that does not fit its text. "
    "Run `annotator doctor` on the database to see what is wrong."
)


class MainWindow(QMainWindow):
    """The annotation workbench.

    Attributes:
        runner: runs every database call on its worker thread.
        session: the open database, project and coder.
        article: the open article.
        coding: the coder's commands on it.
        files: the File menu's commands.
        articles, pane, label_palette, annotations: the panels.
        commands: the menu and toolbar actions.
    """

    def __init__(self, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Annotator")
        self.runner = OperationRunner(self)
        self.session = Session(self.runner, annotator, self)
        self.article = OpenArticle(self.session, self)
        self.coding = Coding(self.article, self)
        self.transfer = Transfer(self.runner, self)
        self.files = FileMenu(self, self.session, self.transfer)
        self.watcher = ChangeWatcher(self.session, self)
        self.pane = ArticlePane(self)
        self.setCentralWidget(self.pane)
        self.status = WindowStatus(self, self.pane, self.article)
        self.read_only_banner = self.status.read_only_banner
        self.connection_banner = self.status.connection_banner
        self.articles = ArticleListPanel(self.runner, self)
        self.coding.list_filter = self.articles.list_filter
        self.label_palette = LabelPalette(self)
        self.annotations = AnnotationList(self)
        self.versions = VersionFilter(self)  # the annotation list under its codebook-version filter
        self.codebook = CodebookParts(self, self.coding)
        self.review = ReviewParts(self, self.coding, self.pane.view)
        self.docks = build_docks(
            self,
            {
                "articles": ("Articles", self.articles),
                "labels": ("Labels", self.label_palette),
                "attributes": ("Attributes", self.codebook.attributes),
                "document": ("Document", self.codebook.document),
                "annotations": ("Annotations", self.versions),
                "suggestions": ("Suggestions", self.review.list),
                "codebook": ("Codebook", self.codebook.view),
            },
        )
        self.codebook.docks = self.docks
        self.commands = build_actions(
            self,
            {
                "new_project": self.files.new_project,
                "new_database": self.files.choose_new_database,
                "open_database": self.files.choose_database,
                "import_files": self.files.choose_import,
                "export": self.files.choose_export,
                "codebook": self.codebook.open_editor,
                "switch_annotator": self.files.choose_annotator,
                "undo": self.coding.undo,
                "redo": self.coding.redo,
                "delete": self.coding.delete_selected,
                "note": self.edit_note,
                "done_next": lambda: self.team.mark_done(),  # within the coder's assignment, if shown
                "skip": lambda: self.team.finish(DocStatus.SKIPPED),
                "find": self.focus_search,
                "find_next": lambda: self.search_hits.step(1),
                "find_previous": lambda: self.search_hits.step(-1),
                "focus_document": self.codebook.focus_document,
                "focus_attributes": self.codebook.focus_attributes,
                "previous": lambda: self.coding.step(-1),
                "next": lambda: self.coding.step(1),
                "zoom_in": lambda: self.zoom(1),
                "zoom_out": lambda: self.zoom(-1),
                "zoom_reset": lambda: self.zoom(0),
                "dark": lambda dark: self.prefs.set_dark(dark),
                "snap": lambda snap: self.prefs.set_snap(snap),
                "reading": lambda: self.prefs.choose_reading(),
                "shortcuts": lambda: ShortcutsDialog(self).open(),
                "log_folder": self.open_log_folder,
                "about": self.show_about,
            },
        )
        self.annotate = AnnotateCommands(self, self.coding, self.pane)
        self.review.install_menu()
        self.prefs = ViewPrefs(self, self.pane.view, self.coding, self.commands)
        self.search_hits = SearchHits(self.pane.view, self)
        self.drops = FileDrop(self, self.files)
        self.team = TeamParts(self)  # assignments, Tools > Agreement, View > Curation
        menu_commands = {"note": self.edit_note, "delete": self.coding.delete_selected}
        menu_commands |= {"link": self.annotate.links.toggle, "quotation": self.annotate.select_quotation}
        self.menus = ContextMenus(
            self, self.coding, self.pane.view, self.articles.view, menu_commands, self.apply_label
        )
        self.reload_action = QAction("Re&load", self)
        self.reload_action.setObjectName("actionReload")
        self.reload_action.setShortcut(QKeySequence("F5"))
        self.reload_action.triggered.connect(self.watcher.reload_now)
        self.addAction(self.reload_action)
        for dock in self.docks.values():
            self.commands.panels_menu.addAction(dock.toggleViewAction())
        self.projects = QComboBox(self)
        self.projects.setObjectName("projectChooser")
        self.projects.setMinimumContentsLength(12)
        self.commands.toolbar.addSeparator()
        self.commands.toolbar.addWidget(QLabel(" Project: ", self))
        self.commands.toolbar.addWidget(self.projects)
        self._article_project: int | None = None  # the project the open article belongs to
        self._article_shown = False  # the views show the open article (not a damaged one's message)
        self._wire()
        self._on_session_database_opened()

    # --- wiring ----------------------------------------------------------------------

    def _wire(self) -> None:
        s, a, view, runner = self.session, self.article, self.pane.view, self.runner
        s.database_will_open.connect(self._on_session_database_will_open)
        s.database_did_open.connect(self._on_session_database_opened)
        s.project_did_change.connect(self._on_session_project_changed)
        s.annotator_did_change.connect(self._on_session_annotator_changed)
        s.error.connect(self.show_error)
        a.article_did_open.connect(self._on_article_opened)
        a.spans_did_change.connect(self._on_article_spans_changed)
        a.status_did_change.connect(self.status.update)
        a.selection_did_change.connect(self._on_article_selection_changed)
        a.relation_selection_did_change.connect(self._on_article_relation_selection_changed)
        a.message.connect(self._on_message)
        self.coding.message.connect(self._on_message)
        self.coding.error.connect(self.show_error)
        self.codebook.values.message.connect(self._on_message)
        self.codebook.values.error.connect(self.show_error)
        self.search_hits.message.connect(self._on_message)
        self.articles.filter_did_change.connect(lambda: self.search_hits.refresh(self.articles.search.text()))
        runner.operation_did_execute.connect(self._on_runner_executed)
        runner.operation_did_fail.connect(self.show_error)
        runner.history_did_change.connect(self._on_runner_history_changed)
        view.label_key_pressed.connect(self._on_view_label_key)
        view.delete_pressed.connect(self.coding.delete_selected)
        view.span_clicked.connect(a.select)
        self.label_palette.label_chosen.connect(self.apply_label)
        self.annotations.span_selected.connect(a.select)
        self.annotations.relation_selected.connect(a.select_relation)
        self.articles.document_activated.connect(a.open)
        self.projects.activated.connect(self._on_projects_activated)

    def open_database(self, target: str, project: str | None = None, *, read_only: bool = False) -> None:
        """Open a database (on the worker) and a project in it; the window shows "Opening ..." meanwhile."""
        self.session.open_database(target, project, read_only=read_only)

    # --- the session -------------------------------------------------------------------

    @Slot(str)
    def _on_session_database_will_open(self, target: str) -> None:
        self.pane.show_empty(f"Opening {target}…")

    @Slot()
    def _on_session_database_opened(self) -> None:
        self._fill_recent()
        self._update_read_only()
        self.status.update()
        if self.session.database is None:
            self._show_no_article()

    @Slot()
    def _on_session_project_changed(self) -> None:
        s = self.session
        self.projects.clear()
        for info in s.projects:
            self.projects.addItem(info.name)
        if s.project is not None:
            self.projects.setCurrentText(s.project.name)
        self.pane.view.set_schema(s.schema)
        self.label_palette.model_.set_schema(s.schema)
        self.annotations.model_.set_schema(s.schema)
        self.articles.configure(s.project_id, s.annotator)
        title = f"{s.project.name} — Annotator" if s.project else "Annotator"
        self.setWindowTitle(window_title(title))
        document = self.article.document
        if s.project is None:
            self.article.open(None)
        elif document is None or document.id is None or not self.article_belongs_to_project():
            project = s.project.id
            self.article.go(lambda ws, _current: ws.first_document(project), allow_none=True)
        self.status.refresh_progress()
        self._update_read_only()
        self.status.update()

    def article_belongs_to_project(self) -> bool:
        """Whether the open article is one of the open project's (its list counts it)."""
        return self._article_project == self.session.project_id

    @Slot()
    def _on_session_annotator_changed(self) -> None:
        self.articles.configure(self.session.project_id, self.session.annotator)
        self.article.open(self.article.doc_id)
        self.status.refresh_progress()
        self.status.update()

    # --- the article ---------------------------------------------------------------

    @Slot()
    def _on_article_opened(self) -> None:
        document = self.article.document
        if document is None:
            self._show_no_article()
        else:
            self._article_project = self.session.project_id
            spans = list(self.article.spans)  # the view shows suggestions too (outlined); the lists apart
            try:
                self.pane.show_document(document, spans)
            except Exception as exc:
                # A damaged row (`annotator doctor` finds it) must neither leave a silent empty
                # view nor escape into the caller (PySide re-raises it from the emit).
                self.pane.show_empty(CANNOT_SHOW)
                self._clear_lists()
                report_exception(self, exc)
                return
            self._article_shown = True
            self.annotations.model_.set_article(
                document.text, self.article.annotations, self.article.relations
            )
            self.pane.view.set_relations(self.article.relations)
            self.label_palette.model_.set_spans(self.article.annotations)
            self.articles.select_document(document.id)
            self.search_hits.refresh(self.articles.search.text())
            self.pane.view.setFocus()
        self.status.update()

    def _show_no_article(self) -> None:
        s = self.session
        if s.opening:
            message = f"Opening {s.opening}…"
        elif s.database is None:
            message = "No database open. Use File > Open database."
        elif s.project is None:
            message = "This database has no project yet. Use File > New project, then File > Import."
        else:
            message = "This project has no articles yet. Use File > Import to add some."
        self.pane.show_empty(message)
        self._clear_lists()
        self.pane.view.set_relations(())
        self.articles.select_document(None)

    def _clear_lists(self) -> None:
        """Empty the annotation list and the label counts; changes of the article no longer reach them."""
        self._article_shown = False
        self.annotations.model_.set_article("", [])
        self.label_palette.model_.set_spans([])

    @Slot()
    def _on_article_spans_changed(self) -> None:
        a = self.article
        if not self._article_shown:  # a damaged article: its message stays
            return
        if a.delta is None:  # not sent so, but a full refresh is always right
            self.pane.view.set_spans(list(a.spans))
            self.pane.view.set_relations(a.relations)
            self.annotations.set_spans(a.annotations, a.relations)
            self.label_palette.model_.set_spans(a.annotations)
            return
        # Each view applies what changed: at 200,000 spans, diffing every list is what a change costs.
        self.pane.view.apply_spans(a.delta)
        self.pane.view.set_relations(a.relations)
        annotations = a.delta.annotations()
        self.annotations.apply(annotations, a.relations)
        self.label_palette.model_.apply(annotations)

    @Slot(str)
    def _on_article_selection_changed(self, span_id: str) -> None:
        self.pane.view.set_selected_span(span_id or None, scroll=not self.pane.view.hasFocus())
        self.annotations.select_span(span_id or None)

    @Slot(str)
    def _on_article_relation_selection_changed(self, relation_id: str) -> None:
        self.pane.view.overlay.selected_relation = relation_id or None
        self.pane.view.viewport().update()
        if relation_id:
            self.annotations.select_relation(relation_id)
        else:
            self.annotations.select_span(self.article.selected, keep_relation=False)

    # --- the runner ------------------------------------------------------------------

    @Slot(object, object)
    def _on_runner_executed(self, changes: Changes, _initiator: object) -> None:
        if changes.status or changes.documents:
            self.status.refresh_progress()
        if changes.message and _initiator is None:
            self._on_message(changes.message)

    @Slot(object, object)
    def _on_runner_history_changed(self, undo: str | None, redo: str | None) -> None:
        if self.session.read_only:
            undo = redo = None
        # The step names carry label names from the user's schema; the toolbar shows them as tooltips.
        # Both stay enabled while the database is writable: what they undo is known on the worker,
        # so keys pressed in quick succession apply in order even before this text catches up.
        for action, verb, step in ((self.commands.undo, "Undo", undo), (self.commands.redo, "Redo", redo)):
            action.setText(f"&{verb} {menu_text(step)}" if step else f"&{verb}")
            action.setToolTip(plain(f"{verb} {step}" if step else verb))
            action.setEnabled(self.session.database is not None and not self.session.read_only)

    # --- widgets -----------------------------------------------------------------------

    @Slot(str)
    def _on_view_label_key(self, key: str) -> None:
        label = self.session.schema.by_hotkey(key)
        if label is None:
            self._on_message(f"No label has the key {key}.")
            return
        self.apply_label(label.name)

    @Slot(str)
    def apply_label(self, name: str) -> None:
        """Label the text selection, or relabel the selected annotation."""
        if self.coding.apply_label(name, self.pane.view.selected_range()):
            self.pane.view.clear_selection(until_change=True)

    @Slot(int)
    def _on_projects_activated(self, _index: int) -> None:
        name = self.projects.currentText()
        if name and (self.session.project is None or name != self.session.project.name):
            self.session.open_project(name)

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def show_error(self, text: str) -> None:
        """Show a user-facing error as a plain-text dialog, in the window's words."""
        show_error(self, for_window(text))

    def show_about(self) -> AboutDialog:
        """Help > About: versions and paths, copyable for a bug report."""
        database = self.session.database
        dialog = AboutDialog(database.url if database else "", database.server if database else "", self)
        dialog.open()
        return dialog

    # --- commands ----------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.docks["articles"].show()
        self.articles.search.setFocus()
        self.articles.search.selectAll()

    def zoom(self, delta: int) -> None:
        """Zoom the text in (1), out (-1) or back (0)."""
        self.prefs.zoom(delta)

    def open_log_folder(self) -> None:
        """Show the folder of the log file (the tracebacks of unexpected errors) in the file manager."""
        folder = logs.log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            show_info(self, f"The log file is in {folder}")

    def set_dark(self, dark: bool) -> None:
        """Switch the light/dark theme."""
        self.prefs.set_dark(dark)

    def edit_note(self) -> None:
        """Ask for the selected annotation's note."""
        if self.coding.refuse_if_read_only():
            return
        span = self.article.selected_span()
        if span is None:
            self._on_message("Click an annotation first to attach a note.")
            return

        def save(text: str) -> None:
            if self.article.selected != span.id:  # the article was reloaded meanwhile
                self._on_message("That annotation is no longer selected; the note was not saved.")
            else:
                self.coding.set_note(span.id, text)

        ask_text(
            self, "Note", f"Note on this {span.label} annotation:", span.note or "", save, multiline=True
        )

    # --- status bar, actions, settings --------------------------------------------------

    def _update_read_only(self) -> None:
        """The banner and the actions that write, for the open database."""
        s = self.session
        self.status.update_read_only()
        a = self.commands
        for action in (a.new_project, a.import_files, a.delete, a.note, a.done_next, a.skip, a.codebook):
            action.setEnabled(not s.read_only)
        self.annotate.set_writable(not s.read_only)
        self.review.set_writable(not s.read_only)
        if s.read_only:
            self._on_runner_history_changed(None, None)

    def _fill_recent(self) -> None:
        menu = self.commands.recent_menu
        menu.clear()
        for target in cfg.recent_databases():
            action = menu.addAction(menu_text(target))
            action.triggered.connect(lambda _=False, t=target: self.open_database(t))
        menu.setEnabled(not menu.isEmpty())

    def restore_settings(self) -> None:
        """Restore geometry, dock layout, theme, zoom, snapping and the reading view."""
        self.prefs.restore()

    def save_settings(self) -> None:
        """Store geometry, dock layout, theme, zoom and snapping."""
        self.prefs.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save settings, finish the running operation and close the database on the worker."""
        self.save_settings()
        self.watcher.timer.stop()
        self.runner.shutdown()
        super().closeEvent(event)


def build_main_window(db_url: str, project: str | None = None, annotator: str | None = None) -> QMainWindow:
    """Build the window for a database and project without showing any dialog (the testing contract).

    The database opens on the worker thread; `window.runner.busy_did_change(False)` says when it is open.
    """
    window = MainWindow(annotator or default_annotator())
    window.restore_settings()
    window.open_database(db_url, project)
    return window
