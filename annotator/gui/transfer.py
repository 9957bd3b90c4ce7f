"""Import and export from the window: off the GUI thread, with progress, Cancel and a summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.dialogs import show_error, show_info
from annotator.gui.runner import OperationRunner, Progress
from annotator.gui.window_words import for_window
from annotator.project import Cancelled, ExportReport, ImportReport, Workspace, check_import_options


def import_summary(report: ImportReport) -> tuple[str, str]:
    """The summary line and the details (errors with file and line, notes) of an import."""
    details = [*report.notes]
    if report.labels_added:
        details.append(f"labels added: {', '.join(report.labels_added)}")
    details += [f"skipped: {e}" for e in report.errors]
    return for_window(f"Import finished: {report.summary()}."), for_window("\n".join(details))


class Transfer(QObject):
    """Runs one import or export with a progress dialog; shows the summary or error at the end."""

    def __init__(self, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._parent = parent
        self.dialog: QProgressDialog | None = None
        self._progress: Progress | None = None
        runner.operation_did_progress.connect(self._on_runner_progress)

    @property
    def running(self) -> bool:
        """True while an import or export runs."""
        return self._progress is not None

    def start_import(
        self,
        project: str,
        paths: list[Path],
        *,
        annotator: str | None,
        importer: str | None = None,
        format: str = "auto",
        options: Mapping[str, Any] | None = None,
        add_labels: bool = False,
        skip_invalid: bool = True,
        on_done: Callable[[ImportReport], None] | None = None,
    ) -> None:
        """Import files and folders into a project, reading them with a format and its options."""
        progress = self._begin("Importing…")
        chosen = dict(options or {})

        def work(ws: Workspace) -> Any:
            check_import_options(format, chosen)
            return ws.import_paths(
                project,
                paths,
                format=format,
                annotator=annotator,
                add_labels=add_labels,
                skip_invalid=skip_invalid,
                progress=progress,
                options=chosen,
                importer=importer,
            )

        def done(report: ImportReport) -> None:
            self._end()
            text, details = import_summary(report)
            # Skipped records are a warning, not news: the user decides whether to import them again.
            show = show_error if report.errors else show_info
            show(self._parent, text, details)
            if on_done is not None:
                on_done(report)

        self._runner.run(work, on_done=done, on_error=self._failed)

    def start_export(self, project: str, out: Path, *, fmt: str = "jsonl", overwrite: bool = False) -> None:
        """Export a project's annotations to a file; `overwrite` when the user confirmed replacing it."""
        progress = self._begin("Exporting…")

        def done(report: ExportReport) -> None:
            self._end()
            lines = [f"Exported {report.documents} document(s), {report.spans} span(s) to {out}."]
            lines += report.notes
            show_info(self._parent, for_window("\n".join(lines)))

        self._runner.run(
            lambda ws: ws.export(project, out, format=fmt, progress=progress, overwrite=overwrite),
            on_done=done,
            on_error=self._failed,
        )

    def cancel(self) -> None:
        """Cancel the running import or export."""
        if self._progress is not None:
            self._progress.cancel()

    def _begin(self, title: str) -> Progress:
        self._progress = Progress(self._runner)
        dialog = QProgressDialog(title, "Cancel", 0, 0, self._parent)
        dialog.setObjectName("transferProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        return self._progress

    def _end(self) -> None:
        self._progress = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _failed(self, error: Exception) -> None:
        self._end()
        if isinstance(error, Cancelled):
            show_info(self._parent, str(error))
        elif isinstance(error, AnnotatorError):
            show_error(self._parent, for_window(str(error)))
        else:
            show_error(self._parent, f"unexpected error: {type(error).__name__}: {error}")

    @Slot(int, int)
    def _on_runner_progress(self, done: int, total: int) -> None:
        if self.dialog is None:
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        self.dialog.setLabelText(f"{self.dialog.labelText().split(':')[0]}: {done} record(s)")
