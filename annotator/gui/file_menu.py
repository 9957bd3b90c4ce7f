"""The File menu's commands: projects, databases, import, export, who is annotating."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from annotator.gui import ops
from annotator.gui import settings as cfg
from annotator.gui.coding import READ_ONLY_REASON
from annotator.gui.dialogs import show_error
from annotator.gui.import_dialog import ImportChoices, ImportOptionsDialog
from annotator.gui.session import Session
from annotator.gui.transfer import Transfer
from annotator.project import ExportFormat, export_formats, import_formats

DATABASES = "Annotator databases (*.sqlite3 *.sqlite *.db);;All files (*)"


class FileMenu(QObject):
    """The commands behind File > New project, Open, Import, Export and Switch annotator.

    Attributes:
        window: the window whose dialogs these are (their parent).
        session: the open database and project.
        transfer: runs imports and exports with a progress dialog.
    """

    def __init__(self, window: QWidget, session: Session, transfer: Transfer) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.transfer = transfer

    def _refuse(self) -> bool:
        if self.session.read_only:
            show_error(self.window, READ_ONLY_REASON)
        return self.session.read_only

    def new_project(self) -> None:
        """Ask for a name and create a project with the default labels."""
        if self.session.database is None or self._refuse():
            return
        name, ok = QInputDialog.getText(self.window, "New project", "Project name:")
        if ok and name.strip():
            self.create_project(name.strip())

    def create_project(self, name: str) -> None:
        """Create a project with the default labels and open it."""
        if self.session.database is None or self._refuse():
            return
        self.session.runner.run(
            ops.create_project(name),
            on_done=lambda _info: self.session.open_project(name),
            broadcast=False,
        )

    def choose_database(self) -> None:
        """Ask for a SQLite file and open it."""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a database", str(Path.home()), DATABASES)
        if path:
            self.session.open_database(path)

    def choose_new_database(self) -> None:
        """Ask where to create a new SQLite database, then open it (empty: File > New project next)."""
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "New database",
            str(Path.home() / "annotations.sqlite3"),
            DATABASES,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.create_database(Path(path))

    def create_database(self, path: Path) -> None:
        """Create and open a database file; an existing file is refused (File > Open opens it)."""
        if not path.suffix:
            path = path.with_suffix(".sqlite3")
        if path.exists():
            show_error(
                self.window,
                f"{path} already exists; nothing was changed. Use File > Open database to open it, "
                "or choose another name for the new database.",
            )
            return
        self.session.open_database(str(path))

    def import_dropped(self, paths: list[Path]) -> None:
        """Files dropped on the window: into the open project, through the import options dialog."""
        if self.session.project is None:
            show_error(
                self.window, "Open or create a project first (File > New project), then drop the files again."
            )
            return
        if not self._refuse():
            self.choose_import_options(paths)

    def choose_import(self) -> None:
        """Ask for files to import into the open project, then how to read them."""
        if self.session.project is None:
            show_error(self.window, "Open or create a project first (File > New project).")
            return
        if self._refuse():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import articles", str(Path.home()), ";;".join(_import_filters())
        )
        if paths:
            self.choose_import_options([Path(p) for p in paths])

    def choose_import_options(self, paths: list[Path]) -> ImportOptionsDialog:
        """Open the "Import options" dialog for chosen files; accepting it starts the import."""
        dialog = ImportOptionsDialog(paths, ImportChoices.remembered(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_import(paths, dialog.choices()))
        dialog.open()
        return dialog

    def start_import(self, paths: list[Path], choices: ImportChoices | None = None) -> None:
        """Import files into the open project off the GUI thread; a summary follows.

        Without `choices`, each file's format is detected and invalid lines are skipped.
        """
        project = self.session.project
        if project is None or self._refuse():
            return
        choices = choices if choices is not None else ImportChoices()
        self.transfer.start_import(
            project.name,
            paths,
            annotator=None,
            importer=self.session.annotator,
            format=choices.format,
            options=choices.options(),
            add_labels=choices.add_labels,
            skip_invalid=choices.skip_invalid,
        )

    def choose_export(self) -> None:
        """Ask where, and in which format, to export the open project."""
        project = self.session.project
        if project is None:
            show_error(self.window, "Open a project first.")
            return
        formats = export_formats()
        filters = [_filter_of(f) for f in formats]
        stem = _safe_file_name(project.name)
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
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
        # The save dialog asked before returning an existing file's name; a name with an added
        # ending it never saw, and a folder format's target it never asked about.
        self.start_export(out, fmt.name, overwrite=bool(fmt.suffix) and out == Path(path))

    def start_export(self, out: Path, fmt: str = "jsonl", *, overwrite: bool = False) -> None:
        """Export the open project off the GUI thread; `overwrite` when the user confirmed replacing a file."""
        if self.session.project is not None:
            self.transfer.start_export(self.session.project.name, out, fmt=fmt, overwrite=overwrite)

    def choose_annotator(self) -> None:
        """Ask who is annotating."""
        name, ok = QInputDialog.getText(self.window, "Annotator", "Annotate as:", text=self.session.annotator)
        if ok and name.strip():
            cfg.set_value("annotator", name.strip())
            self.session.set_annotator(name.strip())


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
