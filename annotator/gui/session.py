"""What the window has open: the database, the project with its codebook, and who is coding."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.changes import Changes
from annotator.core.types import LabelSchema, ProjectInfo
from annotator.gui import ops
from annotator.gui import settings as cfg
from annotator.gui.runner import DatabaseInfo, OperationRunner


class Session(QObject):
    """The open database and project, read on the worker and kept here for the views.

    Attributes:
        runner: runs every database call.
        database: the open database, or None (none yet, or opening failed).
        opening: the database being opened, or "".
        projects: the projects of the open database.
        project: the open project, or None.
        schema: the open project's codebook.
        codebook_version: the open codebook's version (1 before any change).
        annotator: whose spans and statuses are shown and edited.

    Signals:
        database_will_open(str): a database is being opened (the window shows "Opening ...").
        database_did_open(): another database (or none) is open.
        project_did_change(): another project is open, or its codebook changed.
        annotator_did_change(): someone else is coding.
        error(str): a user-facing error message.
    """

    database_will_open = Signal(str)
    database_did_open = Signal()
    project_did_change = Signal()
    annotator_did_change = Signal()
    error = Signal(str)

    def __init__(self, runner: OperationRunner, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.database: DatabaseInfo | None = None
        self.opening = ""
        self.projects: list[ProjectInfo] = []
        self.project: ProjectInfo | None = None
        self.schema = LabelSchema()
        self.codebook_version = 1
        self.annotator = annotator
        runner.operation_did_execute.connect(self._on_runner_executed)

    @property
    def read_only(self) -> bool:
        """True when the open database refuses changes."""
        return self.database is not None and self.database.read_only

    @property
    def project_id(self) -> int | None:
        """The open project's id, or None."""
        return self.project.id if self.project else None

    def open_database(self, target: str, project: str | None = None, *, read_only: bool = False) -> None:
        """Open a database on the worker (the previous one closes there), then a project in it."""
        self.opening = target
        self.database_will_open.emit(target)

        def opened(info: DatabaseInfo) -> None:
            self.opening = ""
            self.database = info
            cfg.remember_database(info.target)
            self.database_did_open.emit()
            self.open_project(project or cfg.get_str(cfg.project_key(info.target)) or None)

        def failed(error: Exception) -> None:
            self.opening = ""
            if self.database is None:
                self.database_did_open.emit()
            self.runner.report_failure(error)

        self.runner.open_database(target, read_only=read_only, on_done=opened, on_error=failed)

    def open_project(self, name: str | None) -> None:
        """Open a project by name (the first one when None or unknown)."""

        def listed(found: list[ProjectInfo]) -> None:
            self.projects = found
            chosen = next((p for p in found if p.name == name), None) if name else None
            if chosen is None and found:
                if name:
                    self.error.emit(f"no project named {name!r}; opened {found[0].name!r} instead")
                chosen = found[0]
            self._use(chosen)

        self.runner.query(ops.projects(), on_done=listed, key="projects")

    def _use(self, project: ProjectInfo | None) -> None:
        if project is None:
            self.project, self.schema, self.codebook_version = None, LabelSchema(), 1
            self.project_did_change.emit()
            return

        def loaded(codebook: tuple[LabelSchema, int]) -> None:
            self.project, (self.schema, self.codebook_version) = project, codebook
            if self.database is not None:
                cfg.set_value(cfg.project_key(self.database.target), project.name)
            self.project_did_change.emit()

        self.runner.query(ops.schema(project.id), on_done=loaded, key="schema")

    def set_annotator(self, name: str) -> None:
        """Show and edit another coder's spans and statuses."""
        name = name.strip()
        if name and name != self.annotator:
            self.annotator = name
            self.annotator_did_change.emit()

    def _on_runner_executed(self, changes: Changes, _initiator: object) -> None:
        if changes.projects or changes.labels or -1 in changes.documents:
            self.open_project(self.project.name if self.project else None)
