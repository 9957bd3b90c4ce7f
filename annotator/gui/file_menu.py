"""The File menu's commands of the main window: projects, databases, import, export, annotator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.gui import settings as cfg
from annotator.gui.import_dialog import ImportChoices, ImportOptionsDialog
from annotator.project import ExportFormat, Workspace, export_formats, import_formats

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class FileCommands(_Base):
    """Mixed into MainWindow: the commands behind File > New project, Open, Import, Export."""

    def new_project(self) -> None:
        """Ask for a name and create a project with the default labels."""
        if self.bench.ws is None or self.bench.refuse_if_read_only():
            return
        name, ok = QInputDialog.getText(self, "New project", "Project name:")
        if ok and name.strip():
            self.create_project(name.strip())

    def create_project(self, name: str) -> None:
        """Create a project with the default labels and open it."""
        ws = self.bench.ws
        if ws is None or self.bench.refuse_if_read_only():
            return
        self.runner.run(lambda: ws.create_project(name), on_done=lambda _info: self.bench.set_project(name))

    def choose_database(self) -> None:
        """Ask for a SQLite file and open it."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Open or create a database",
            str(Path.home()),
            "Annotator databases (*.sqlite3 *.sqlite *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.open_database(path)

    def open_database(self, target: str) -> None:
        """Open a database by path or URL; errors are shown, the current one stays open."""
        try:
            ws = Workspace.open(target)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return
        self.open_workspace(ws, target)

    def choose_import(self) -> None:
        """Ask for files to import into the open project, then how to read them."""
        if self.bench.ws is None or not self.bench.project_name:
            self.show_error("Open or create a project first (File > New project).")
            return
        if self.bench.refuse_if_read_only():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", str(Path.home()), ";;".join(_import_filters())
        )
        if paths:
            self.choose_import_options([Path(p) for p in paths])

    def choose_import_options(self, paths: list[Path]) -> ImportOptionsDialog:
        """Open the "Import options" dialog for chosen files; accepting it starts the import."""
        dialog = ImportOptionsDialog(paths, ImportChoices.remembered(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_import(paths, dialog.choices()))
        dialog.open()
        return dialog

    def start_import(self, paths: list[Path], choices: ImportChoices | None = None) -> None:
        """Import files into the open project off the GUI thread; a summary follows.

        Without `choices`, each file's format is detected and invalid lines are skipped.
        """
        ws = self.bench.ws
        if ws is None or not self.bench.project_name or self.bench.refuse_if_read_only():
            return
        choices = choices if choices is not None else ImportChoices()
        self.transfer.start_import(
            ws,
            self.bench.project_name,
            paths,
            annotator=None,
            format=choices.format,
            options=choices.options(),
            add_labels=choices.add_labels,
            skip_invalid=choices.skip_invalid,
            on_done=lambda _r: self._after_import(),
        )

    def _after_import(self) -> None:
        self._on_operation_executed(Changes(documents=frozenset({-1})), None)

    def choose_export(self) -> None:
        """Ask where, and in which format, to export the open project."""
        if self.bench.ws is None or not self.bench.project_name:
            self.show_error("Open a project first.")
            return
        formats = export_formats()
        filters = [_filter_of(f) for f in formats]
        stem = _safe_file_name(self.bench.project_name)
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export annotations",
            str(Path.home() / f"{stem}{formats[0].suffix}"),
            ";;".join(filters),
            filters[0],
        )
        if not path:
            return
        fmt = formats[filters.index(chosen)] if chosen in filters else formats[0]
        out = Path(path)
        if fmt.suffix and out.suffix.lower() != fmt.suffix:
            out = out.with_name(out.name + fmt.suffix)
        # The save dialog asked before a chosen file is replaced; a folder format, or a name the
        # dialog did not see (its ending added here), is replaced only by the export's own rules.
        self.start_export(out, fmt.name, overwrite=bool(fmt.suffix) and out == Path(path))

    def start_export(self, out: Path, fmt: str = "jsonl", *, overwrite: bool = False) -> None:
        """Export the open project off the GUI thread; `overwrite` once the user confirmed replacing out."""
        if self.bench.ws is not None and self.bench.project_name:
            self.transfer.start_export(
                self.bench.ws, self.bench.project_name, out, fmt=fmt, overwrite=overwrite
            )

    def choose_annotator(self) -> None:
        """Ask who is annotating."""
        name, ok = QInputDialog.getText(self, "Annotator", "Annotate as:", text=self.bench.annotator)
        if ok and name.strip():
            cfg.set_value("annotator", name.strip())
            self.set_annotator(name.strip())


def _filter_of(fmt: ExportFormat) -> str:
    """A file-dialog filter naming the format (a folder format matches any name)."""
    pattern = f"*{fmt.suffix}" if fmt.suffix else "*"
    kind = "" if fmt.suffix else ", a folder"
    return f"{fmt.name}: {fmt.description}{kind} ({pattern})"


def _import_filters() -> list[str]:
    """File-dialog filters: every article file the import formats read, then all files."""
    endings = dict.fromkeys(e for f in import_formats() for e in f.extensions)
    return [f"Articles ({' '.join('*' + e for e in endings)})", "All files (*)"]


def _safe_file_name(name: str) -> str:
    """A project name made safe as a file name (no folders, no hidden file)."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return cleaned or "export"
