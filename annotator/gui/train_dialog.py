"""Suggestions > Train from my done articles: a span categorizer trained off the GUI thread, with progress and Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.gui import review_ops
from annotator.gui.runner import OperationRunner, Progress
from annotator.gui.session import Session
from annotator.paths import default_database_path
from annotator.project import Cancelled

if TYPE_CHECKING:  # training loads spaCy: only when the coder trains
    from annotator.project.suggest_run import SuggestReport
    from annotator.project.training import TrainReport


def default_model_folder(project: str) -> Path:
    """Where a project's model goes unless the coder chooses: beside the default database."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in project) or "project"
    return default_database_path().parent / "models" / safe


class TrainDialog(QDialog):
    """Options, a progress bar with Cancel, the scores when done, and a button that suggests with the model.

    Attributes:
        report: the training's report once it finished.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainDialog")
        self.setWindowTitle("Train a suggestion model")
        self.session = session
        self.runner: OperationRunner = session.runner
        self.report: TrainReport | None = None
        self._progress: Progress | None = None
        project = session.project.name if session.project else ""
        self.folder = QLineEdit(str(default_model_folder(project)), self)
        self.folder.setObjectName("modelFolder")
        self.epochs = QSpinBox(self)
        self.epochs.setObjectName("trainEpochs")
        self.epochs.setRange(1, 200)
        self.epochs.setValue(10)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("trainProgress")
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.output = QPlainTextEdit(self)
        self.output.setObjectName("trainReport")
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(
            "Trains on the articles marked done (a part held out by outlet to score it) and prints "
            "precision, recall and F1 per label. Nothing is downloaded."
        )
        form = QFormLayout()
        form.addRow("Model &folder:", self.folder)
        form.addRow("&Epochs:", self.epochs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.train_button = QPushButton("&Train", self)
        self.train_button.setObjectName("trainButton")
        self.cancel_button = QPushButton("&Cancel training", self)
        self.cancel_button.setEnabled(False)
        self.suggest_button = QPushButton("&Suggest with this model", self)
        self.suggest_button.setObjectName("suggestWithModel")
        self.suggest_button.setEnabled(False)
        for button in (self.train_button, self.cancel_button, self.suggest_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.train_button.clicked.connect(self.train)
        self.cancel_button.clicked.connect(self.cancel)
        self.suggest_button.clicked.connect(self.suggest)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 380)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.runner.operation_did_progress.connect(self._on_runner_progress)

    def _busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.train_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.suggest_button.setEnabled(not busy and self.report is not None)

    def train(self) -> None:
        """Start training on the worker."""
        project = self.session.project_id
        if project is None or self._progress is not None:
            return
        from annotator.project.training import TrainOptions

        self._progress = Progress(self.runner)
        options = TrainOptions(epochs=self.epochs.value(), overwrite=True)
        self.output.setPlainText("Training…")
        self._busy(True)
        work = review_ops.train(project, Path(self.folder.text()).expanduser(), options, self._progress)
        self.runner.run(work, on_done=self._trained, on_error=self._failed, broadcast=False)

    def cancel(self) -> None:
        """Stop the training at its next progress report."""
        if self._progress is not None:
            self._progress.cancel()

    def _trained(self, report: TrainReport) -> None:
        self._progress = None
        self.report = report
        self.output.setPlainText("\n".join(report.lines()))
        self._busy(False)

    def _failed(self, error: Exception) -> None:
        self._progress = None
        self._busy(False)
        if isinstance(error, Cancelled):
            self.output.setPlainText("Training cancelled; no model was saved.")
        elif isinstance(error, AnnotatorError):
            self.output.setPlainText(str(error))
        else:
            self.runner.report_failure(error)

    def suggest(self) -> None:
        """Suggest with the model just trained over the project's articles."""
        project = self.session.project_id
        if project is None or self.report is None or self._progress is not None:
            return
        self._progress = Progress(self.runner)
        self._busy(True)
        work = review_ops.run_model(project, self.report.model, self._progress)
        self.runner.run(work, on_done=self._suggested, on_error=self._failed)

    def _suggested(self, report: SuggestReport) -> None:
        self._progress = None
        self._busy(False)
        counts = ", ".join(f"{label} {n}" for label, n in sorted(report.by_label.items())) or "none"
        self.output.appendPlainText(f"\nSuggested in {report.documents} article(s): {counts}.")

    @Slot(int, int)
    def _on_runner_progress(self, done: int, total: int) -> None:
        if self._progress is None:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
