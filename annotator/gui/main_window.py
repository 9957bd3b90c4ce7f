"""The main window: article list (left), the article (centre), labels and annotations (right)."""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QWidget,
)

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError, ConnectionLostError
from annotator.core.types import DocStatus
from annotator.gui import settings as cfg
from annotator.gui.actions import build_actions
from annotator.gui.annotation_list import AnnotationList
from annotator.gui.article_list import STATUS_TEXT, ArticleListPanel
from annotator.gui.article_pane import ArticlePane
from annotator.gui.banner import Banner
from annotator.gui.connection import ConnectionWatch
from annotator.gui.dialogs import ShortcutsDialog, about_text, ask_text, show_error, show_info
from annotator.gui.errors import report_exception
from annotator.gui.file_commands import FileCommands
from annotator.gui.operations import OperationRunner
from annotator.gui.palette import LabelPalette
from annotator.gui.plain import menu_text, plain, window_title
from annotator.gui.theme import apply_theme
from annotator.gui.transfer import Transfer
from annotator.gui.workbench import READ_ONLY_REASON, Workbench
from annotator.paths import default_annotator
from annotator.project import Workspace

MIN_ZOOM, MAX_ZOOM = -6, 20
CANNOT_SHOW = (
    "This article cannot be shown: the database holds an annotation that does not fit its text. "
    "Run `annotator doctor` on the database to see what is wrong."
)
RETRYING = "Connection to the database lost – retrying{attempt}…"
LOST = "Connection to the database lost. The next action tries again."
LOST_DETAILS = "This banner goes when the database answers again."
READ_ONLY_DETAILS = (
    "You can read and export the annotations, but not add, change or delete them, "
    "import articles, or mark articles done or skipped."
)


def _dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(area, dock)
    return dock


def _status_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class MainWindow(FileCommands, QMainWindow):
    """The annotation workbench.

    Attributes:
        runner: runs operations off the GUI thread.
        bench: what is open and the operations on it.
        articles, pane, palette, annotations: the panels.
        actions: the menu and toolbar actions.
        read_only_banner: above the article while the database is open read-only.
        connection_banner: above the article while the connection is lost.
        watch: forwards the workspace's connection-retry reports to the GUI thread.
    """

    def __init__(self, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Annotator")
        self.runner = OperationRunner(self)
        self.bench = Workbench(self.runner, annotator, self)
        self.transfer = Transfer(self.runner, self)
        self.pane = ArticlePane(self)
        self.setCentralWidget(self.pane)
        self.read_only_banner = Banner("readOnlyBanner", "warning", self.pane)
        self.connection_banner = Banner("connectionBanner", "error", self.pane)
        self.pane.add_banner(self.read_only_banner)
        self.pane.add_banner(self.connection_banner)
        self.watch = ConnectionWatch(self)
        self.articles = ArticleListPanel(self)
        self.label_palette = LabelPalette(self)
        self.annotations = AnnotationList(self)
        self.docks = {
            "articles": _dock(
                self, "Articles", "articlesDock", self.articles, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "labels": _dock(
                self, "Labels", "labelsDock", self.label_palette, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "annotations": _dock(
                self,
                "Annotations",
                "annotationsDock",
                self.annotations,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
        }
        self.resizeDocks(
            [self.docks["articles"], self.docks["labels"]], [330, 330], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["labels"], self.docks["annotations"]], [140, 600], Qt.Orientation.Vertical
        )
        self.commands = build_actions(
            self,
            {
                "new_project": self.new_project,
                "open_database": self.choose_database,
                "import_files": self.choose_import,
                "export": self.choose_export,
                "switch_annotator": self.choose_annotator,
                "undo": self.bench.undo,
                "redo": self.bench.redo,
                "delete": self.bench.delete_selected,
                "note": self.edit_note,
                "done_next": self.bench.finish_and_next,
                "skip": lambda: self.bench.finish_and_next(DocStatus.SKIPPED),
                "find": self.focus_search,
                "previous": lambda: self.step(-1),
                "next": lambda: self.step(1),
                "zoom_in": lambda: self.zoom(1),
                "zoom_out": lambda: self.zoom(-1),
                "zoom_reset": lambda: self.zoom(0),
                "dark": self.set_dark,
                "snap": self.set_snap,
                "shortcuts": lambda: ShortcutsDialog(self).open(),
                "about": lambda: show_info(self, about_text()),
            },
        )
        self.projects = QComboBox(self)
        self.projects.setObjectName("projectChooser")
        self.projects.setMinimumContentsLength(12)
        self.commands.toolbar.addSeparator()
        self.commands.toolbar.addWidget(QLabel(" Project: ", self))
        self.commands.toolbar.addWidget(self.projects)
        self._status = {
            "article": _status_label("statusArticle", self),
            "progress": _status_label("statusProgress", self),
            "annotator": _status_label("statusAnnotator", self),
            "database": _status_label("statusDatabase", self),
        }
        for label in self._status.values():
            self.statusBar().addPermanentWidget(label)
        self._zoom = 0
        self._wire()

    # --- wiring --------------------------------------------------------------

    def _wire(self) -> None:
        b, view = self.bench, self.pane.view
        b.project_did_change.connect(self._on_bench_project_changed)
        b.document_did_open.connect(self._on_bench_document_opened)
        b.spans_did_change.connect(self._on_bench_spans_changed)
        b.span_selection_did_change.connect(self._on_bench_span_selected)
        b.status_did_change.connect(self._update_status_bar)
        b.progress_did_change.connect(self._on_bench_progress)
        b.message.connect(self._on_message)
        b.error.connect(self.show_error)
        self.runner.operation_did_execute.connect(self._on_operation_executed)
        self.runner.busy_did_change.connect(self._update_history_actions)
        self.runner.operation_did_finish.connect(self._on_operation_finished)
        # Queued: the facade reports retries on the worker thread; widgets change on this one.
        self.watch.connection_will_retry.connect(
            self._on_connection_retry, Qt.ConnectionType.QueuedConnection
        )
        view.label_key_pressed.connect(self._on_view_label_key)
        view.delete_pressed.connect(b.delete_selected)
        view.span_clicked.connect(b.select_span)
        self.label_palette.label_chosen.connect(self.apply_label)
        self.annotations.span_selected.connect(b.select_span)
        self.articles.document_activated.connect(b.open_document)
        self.projects.activated.connect(self._on_projects_activated)

    # --- opening -------------------------------------------------------------

    def open_workspace(self, ws: Workspace | None, target: str, project: str | None = None) -> None:
        """Show a database (None: none) and a project in it."""
        if ws is not None:
            cfg.remember_database(target)
            if project is None:
                project = cfg.get_str(cfg.project_key(target)) or None
        self.watch.watch(ws)
        self.connection_banner.dismiss()
        self.bench.set_workspace(ws, target, project)
        self._fill_recent()

    def set_annotator(self, name: str) -> None:
        """Annotate as someone else."""
        self.bench.set_annotator(name)

    # --- slots: workbench ----------------------------------------------------

    @Slot()
    def _on_bench_project_changed(self) -> None:
        b = self.bench
        self.projects.clear()
        if b.ws is not None:
            for info in b.ws.projects():
                self.projects.addItem(info.name)
            self.projects.setCurrentText(b.project_name)
            if b.project_name:
                cfg.set_value(cfg.project_key(b.target), b.project_name)
        self.pane.view.set_schema(b.schema)
        self.label_palette.model_.set_schema(b.schema)
        self.annotations.model_.set_schema(b.schema)
        self.articles.model.configure(
            b.ws,
            b.project_id,
            b.annotator,
            search=self.articles.search.text(),
            status=self.articles.status_filter(),
        )
        title = f"{b.project_name} — Annotator" if b.project_name else "Annotator"
        self.setWindowTitle(window_title(title))
        self._update_read_only()
        self._update_status_bar()

    @Slot()
    def _on_bench_document_opened(self) -> None:
        b = self.bench
        if b.document is None:
            if b.ws is None:
                message = "No database open. Use File > Open database."
            elif b.project_id is None:
                message = "This database has no project yet. Use File > New project, then File > Import."
            else:
                message = "This project has no articles yet. Use File > Import to add some."
            self.pane.show_empty(message)
            self.annotations.model_.set_article("", [])
            self.label_palette.model_.set_spans([])
        else:
            try:
                self.pane.show_document(b.document, b.spans)
            except Exception as exc:
                # A damaged row (`annotator doctor` finds it) must neither leave a silent empty
                # view nor escape into the caller (PySide re-raises it from the emit).
                self.pane.show_empty(CANNOT_SHOW)
                report_exception(self, exc)
                return
            self.annotations.model_.set_article(b.document.text, b.spans)
            self.label_palette.model_.set_spans(b.spans)
            assert b.document.id is not None
            self.articles.select_document(b.document.id)
            self.pane.view.setFocus()
        self._update_status_bar()
        self._update_history_actions()

    @Slot()
    def _on_bench_spans_changed(self) -> None:
        spans = self.bench.spans
        self.pane.view.set_spans(spans)
        self.annotations.model_.set_spans(spans)
        self.label_palette.model_.set_spans(spans)

    @Slot(str)
    def _on_bench_span_selected(self, span_id: str) -> None:
        self.pane.view.set_selected_span(span_id or None, scroll=not self.pane.view.hasFocus())
        self.annotations.select_span(span_id or None)

    @Slot(int, int)
    def _on_bench_progress(self, done: int, total: int) -> None:
        self._status["progress"].setText(f"{done} / {total} done" if total else "no articles")

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(str)
    def _on_connection_retry(self, message: str) -> None:
        attempt = re.search(r"\(\d+/\d+\)\s*$", message)
        self.connection_banner.show_message(
            RETRYING.format(attempt=f" {attempt.group().strip()}" if attempt else ""), message
        )

    @Slot(object)
    def _on_operation_finished(self, error: Exception | None) -> None:
        if error is None:
            self.connection_banner.dismiss()  # the database answered again
        elif isinstance(error, ConnectionLostError):
            self.connection_banner.show_message(LOST, f"{error}\n{LOST_DETAILS}")

    @Slot(object, object)
    def _on_operation_executed(self, changes: Changes, _initiator: object) -> None:
        if changes.documents or changes.projects or changes.labels:
            self._on_bench_project_changed()
            if self.bench.document is None and self.bench.ws and self.bench.project_id:
                self.bench.open_document(self.bench.ws.first_document(self.bench.project_id))
        else:
            touched = set(changes.spans | changes.status)
            if touched:
                self.articles.model.refresh_documents(touched)
        if changes.status or changes.documents:
            self.bench.refresh_progress()
        self._update_history_actions()

    # --- slots: widgets -------------------------------------------------------

    @Slot(str)
    def _on_view_label_key(self, key: str) -> None:
        label = self.bench.schema.by_hotkey(key)
        if label is None:
            self._on_message(f"No label has the key {key}.")
            return
        self.apply_label(label.name)

    @Slot(str)
    def apply_label(self, name: str) -> None:
        """Label the text selection, or relabel the selected annotation."""
        if self.bench.apply_label(name, self.pane.view.selected_range()):
            self.pane.view.clear_selection()

    @Slot(int)
    def _on_projects_activated(self, _index: int) -> None:
        name = self.projects.currentText()
        if name and name != self.bench.project_name:
            self.bench.set_project(name)

    # --- commands ------------------------------------------------------------

    def step(self, delta: int) -> None:
        """Open the next (1) or previous (-1) article of the list."""
        b = self.bench
        if b.document is None or b.document.id is None or b.ws is None:
            return
        target = self.articles.neighbour(b.document.id, delta)
        if target is None and self.articles.model.row_of(b.document.id) is None:
            target = b.ws.neighbour(b.document.id, annotator=b.annotator, backwards=delta < 0)
        if target is None:
            self._on_message("No more articles in that direction.")
        else:
            b.open_document(target)

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.docks["articles"].show()
        self.articles.search.setFocus()
        self.articles.search.selectAll()

    def zoom(self, delta: int) -> None:
        """Zoom the text in (1), out (-1) or back (0)."""
        target = 0 if delta == 0 else max(MIN_ZOOM, min(MAX_ZOOM, self._zoom + delta))
        change = target - self._zoom
        if change > 0:
            self.pane.view.zoomIn(change)
        elif change < 0:
            self.pane.view.zoomOut(-change)
        self._zoom = target

    def set_dark(self, dark: bool) -> None:
        """Switch the light/dark theme."""
        apply_theme(dark)
        self.pane.view.viewport().update()

    def set_snap(self, snap: bool) -> None:
        """Snap selections to word boundaries, or not."""
        self.bench.snap = snap

    def edit_note(self) -> None:
        """Ask for the selected annotation's note."""
        if self.bench.refuse_if_read_only():
            return
        span = self.bench.selected()
        if span is None:
            self._on_message("Click an annotation first to attach a note.")
            return

        def save(text: str) -> None:
            if self.bench.selected_span != span.id:  # the article was reloaded meanwhile
                self._on_message("That annotation is no longer selected; the note was not saved.")
            else:
                self.bench.set_note(text)

        ask_text(
            self, "Note", f"Note on this {span.label} annotation:", span.note or "", save, multiline=True
        )

    def show_error(self, text: str) -> None:
        """Show a user-facing error as a plain-text dialog."""
        show_error(self, text)

    # --- status bar, actions, settings ----------------------------------------

    def _update_status_bar(self) -> None:
        b = self.bench
        self._status["article"].setText(f"this article: {STATUS_TEXT[b.status]}" if b.document else "")
        self._status["annotator"].setText(f"annotator: {b.annotator}")
        self._status["database"].setText(b.ws.url if b.ws else "no database")

    def _update_read_only(self) -> None:
        """The banner and the actions that write, for the open database."""
        b = self.bench
        if b.ws is not None and b.read_only:
            self.read_only_banner.show_message(f"{READ_ONLY_REASON}\nDatabase: {b.ws.url}", READ_ONLY_DETAILS)
        else:
            self.read_only_banner.dismiss()
        a = self.commands
        for action in (a.new_project, a.import_files, a.delete, a.note, a.done_next, a.skip):
            action.setEnabled(not b.read_only)
        self._update_history_actions()

    @Slot()
    def _update_history_actions(self, *_args: object) -> None:
        ws = self.bench.ws if not self.bench.read_only else None
        undo = ws.undo_text if ws else None
        redo = ws.redo_text if ws else None
        # The step names carry label names from the user's schema; the toolbar shows them as tooltips.
        for action, verb, step in ((self.commands.undo, "Undo", undo), (self.commands.redo, "Redo", redo)):
            action.setText(f"&{verb} {menu_text(step)}" if step else f"&{verb}")
            action.setToolTip(plain(f"{verb} {step}" if step else verb))
        self.commands.undo.setEnabled(bool(undo))
        self.commands.redo.setEnabled(bool(redo))

    def _fill_recent(self) -> None:
        menu = self.commands.recent_menu
        menu.clear()
        for target in cfg.recent_databases():
            action = menu.addAction(menu_text(target))
            action.triggered.connect(lambda _=False, t=target: self.open_database(t))
        menu.setEnabled(not menu.isEmpty())

    def restore_settings(self) -> None:
        """Restore geometry, dock layout, theme, zoom and snapping."""
        s = cfg.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.commands.dark.setChecked(cfg.get_bool("view/dark", False))
        self.commands.snap.setChecked(cfg.get_bool("view/snap", True))
        self.bench.snap = self.commands.snap.isChecked()
        level = max(MIN_ZOOM, min(MAX_ZOOM, cfg.get_int("view/zoom", 0)))
        for _ in range(abs(level)):
            self.zoom(1 if level > 0 else -1)

    def save_settings(self) -> None:
        """Store geometry, dock layout, theme, zoom and snapping."""
        s = cfg.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/dark", self.commands.dark.isChecked())
        s.setValue("view/snap", self.commands.snap.isChecked())
        s.setValue("view/zoom", self._zoom)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save settings, finish pending work and close the database."""
        self.save_settings()
        self.watch.watch(None)
        self.runner.shutdown()
        if self.bench.ws is not None:
            with contextlib.suppress(AnnotatorError):
                self.bench.ws.close()
        super().closeEvent(event)


def build_main_window(db_url: str, project: str | None = None, annotator: str | None = None) -> QMainWindow:
    """Build the window for a database and project without showing any dialog (the testing contract)."""
    window = MainWindow(annotator or default_annotator())
    window.restore_settings()
    window.open_workspace(Workspace.open(db_url), db_url, project)
    return window
