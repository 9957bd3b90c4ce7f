"""Tools > Agreement: inter-coder agreement computed on the worker with progress and Cancel, its table and report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.html_report import render_html
from annotator.core.errors import AnnotatorError, Cancelled
from annotator.gui import ops
from annotator.gui.agreement_options import AgreementOptionsBox
from annotator.gui.agreement_table import AgreementTableModel, uncoded
from annotator.gui.runner import Progress
from annotator.gui.session import Session
from annotator.gui.window_words import for_window
from annotator.project.reliability import AgreementOptions, AgreementResult

READY = "Choose what to compare, then press Compute."


def write_report(path: Path, html: str) -> None:
    """Write the HTML report whole (a temporary file renamed into place)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


class AgreementDialog(QDialog):
    """Options, Compute with a progress bar and Cancel, the table of figures, the HTML report, the drill-down.

    Attributes:
        computed: the last result, or None.
        options: the options it was computed with.
        report_path: where the report was last saved (or written to be opened).
        open_url: opens a URL in the browser (tests replace it).
        show_disagreements: called with the row name and the options (the window opens the drill-down).
    """

    def __init__(
        self, session: Session, gold: str, show_disagreements: Callable[[str, AgreementOptions], object],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Inter-coder agreement")
        self.session, self.runner, self.gold = session, session.runner, gold
        self.show_disagreements = show_disagreements
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.computed: AgreementResult | None = None
        self.options = AgreementOptions(gold=gold)
        self.project = ""
        self.report_path: Path | None = None
        self._progress: Progress | None = None
        self.box = AgreementOptionsBox(self)
        self.compute_button = QPushButton("&Compute", self)
        self.compute_button.setObjectName("agreementCompute")
        self.compute_button.setDefault(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("agreementProgress")
        self.bar.setFormat("%v / %m")
        self.bar.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("agreementCancel")
        self.cancel_button.hide()
        self.summary = QLabel(READY, self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.model = AgreementTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("agreementTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        self.message = QLabel(self)
        self.message.setObjectName("agreementMessage")
        self.message.setWordWrap(True)
        self.drill_button = QPushButton("Show &disagreements…", self)
        self.drill_button.setObjectName("agreementDisagreements")
        self.save_button = QPushButton("&Save report…", self)
        self.save_button.setObjectName("agreementSave")
        self.browser_button = QPushButton("Open in &browser", self)
        self.browser_button.setObjectName("agreementBrowser")
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        self._layout(close)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.drill_button.clicked.connect(self.drill_down)
        self.save_button.clicked.connect(self.choose_save)
        self.browser_button.clicked.connect(self.open_in_browser)
        self.table.doubleClicked.connect(lambda _index: self.drill_down())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        close.clicked.connect(self.close)
        self.runner.operation_did_progress.connect(self._on_runner_progress)
        session.project_did_change.connect(self._on_session_project_changed)
        self.resize(980, 640)
        self._update_buttons()
        self.load_choices()

    def _layout(self, close: QPushButton) -> None:
        run = QHBoxLayout()
        run.addWidget(self.compute_button)
        run.addWidget(self.bar, 1)
        run.addWidget(self.cancel_button)
        run.addStretch(0)
        buttons = QHBoxLayout()
        for button in (self.drill_button, self.save_button, self.browser_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addLayout(run)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def load_choices(self) -> None:
        """Fill the coders (those with an article of the project done or assigned, but gold) and the rows."""
        project = self.session.project_id
        if project is None:
            return

        def listed(names: list[str]) -> None:
            self.box.set_choices([n for n in names if n != self.gold], self.session.schema)

        self.runner.query(ops.project_coders(project), on_done=listed, key="agreement-coders")

    @Slot()
    def _on_session_project_changed(self) -> None:
        """Another project (or codebook): its coders and rows to choose from; the old figures go."""
        if self.session.project is None or self.session.project.name != self.project:
            self.computed = None
            self.model.set_report(None)
            self.summary.setText(READY)
            self.note.hide()
            self._update_buttons()
        self.load_choices()

    # --- computing ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True while the agreement is being computed."""
        return self._progress is not None

    def compute(self) -> None:
        """Compute the agreement with the chosen options on the worker; the bar shows how far it is."""
        project = self.session.project
        if project is None or self.running:
            return
        options = self.box.options(self.gold)
        if options.coders == () or options.labels == ():
            self.summary.setText("Check at least two coders and one variable or label.")
            return
        self._progress = progress = Progress(self.runner)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.compute_button.setEnabled(False)
        self.summary.setText("Reading the coded articles…")

        def done(result: AgreementResult) -> None:
            self._end()
            self.show_result(result, options, project.name)

        def failed(error: Exception) -> None:
            self._end()
            if isinstance(error, Cancelled):
                self.summary.setText("Cancelled: nothing was computed.")
            elif isinstance(error, AnnotatorError):
                self.summary.setText(for_window(str(error)))
            else:
                self.runner.report_failure(error)
                self.summary.setText("The agreement could not be computed (see the message).")

        self.runner.query(ops.agreement(project.id, options, progress), on_done=done, on_error=failed)

    def cancel(self) -> None:
        """Stop the computation at its next progress report."""
        if self._progress is not None:
            self._progress.cancel()
            self.summary.setText("Cancelling…")

    def _end(self) -> None:
        self._progress = None
        self.bar.hide()
        self.cancel_button.hide()
        self.compute_button.setEnabled(True)

    @Slot(int, int)
    def _on_runner_progress(self, done: int, total: int) -> None:
        if self._progress is None or self._progress.cancelled:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def show_result(self, result: AgreementResult, options: AgreementOptions, project: str) -> None:
        """Show a computed result in the table."""
        self.computed, self.options, self.project = result, options, project
        self.report_path = None
        self.message.setText("")
        report = result.report
        coded = "marked done" if result.coded == "done" else "annotated"
        sample = (
            "assigned to several coders" if result.documents == "assigned-to-several" else "of the project"
        )
        draws = (
            f"95% intervals from {report.draws:,} bootstrap draws (seed {report.seed})"
            if report.draws
            else "no intervals (0 draws)"
        )
        self.summary.setText(
            f"{report.documents:,} article(s) {sample} {coded} by at least two of {', '.join(report.coders)} "
            f"({result.population:,} in the project); {draws}. Hover a row for each pair's kappa; "
            "double-click it for the articles where the coders disagree."
        )  # fmt: skip
        self.model.set_report(report)
        left = uncoded(report)
        self.note.setText(f"Not coded by two coders in these articles: {', '.join(left)}" if left else "")
        self.note.setVisible(bool(left))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.computed is not None
        self.save_button.setEnabled(has)
        self.browser_button.setEnabled(has)
        self.drill_button.setEnabled(has and self.selected_row() is not None)

    def selected_row(self) -> str | None:
        """The name of the selected table row."""
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        return row.name if row is not None else None

    # --- the report and the drill-down -------------------------------------------------

    def html(self) -> str:
        """The self-contained HTML report of the last result."""
        assert self.computed is not None
        title = f"Inter-coder agreement: {self.project}"
        return render_html(self.computed.report, title, self.computed.methods_context())

    def choose_save(self) -> None:
        """Ask where to save the HTML report, then save it."""
        if self.computed is None:
            return
        name = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.project) or "agreement"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the agreement report", f"{name}-agreement.html", "HTML (*.html)"
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the HTML report to a file."""
        try:
            write_report(path, self.html())
        except AnnotatorError as exc:
            self.message.setText(for_window(str(exc)))
            return
        self.report_path = path
        self.message.setText(f"Saved the report to {path}.")

    def open_in_browser(self) -> None:
        """Open the report in the browser: the saved file, or else a temporary copy."""
        if self.computed is None:
            return
        path = self.report_path
        if path is None or not path.exists():
            handle, name = tempfile.mkstemp(prefix="annotator-agreement-", suffix=".html")
            os.close(handle)
            path = Path(name)
            write_report(path, self.html())
            self.report_path = path
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.message.setText(f"No browser could be started; the report is in {path}.")
        else:
            self.message.setText(f"Opened {path} in the browser.")

    def drill_down(self) -> None:
        """List the articles where the coders disagree on the selected row."""
        name = self.selected_row()
        if name is not None and self.computed is not None:
            self.show_disagreements(name, self.options)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel a computation still running."""
        self.cancel()
        super().closeEvent(event)
