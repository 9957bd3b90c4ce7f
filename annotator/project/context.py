"""What every operation on an open workspace shares: the unit of work, the history, and what the user saw."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.errors import AnnotatorError
from annotator.core.types import Span
from annotator.core.validation import check_annotator_name
from annotator.project.history import History
from annotator.storage import repo
from annotator.storage.uow import Session, UnitOfWork


@dataclass
class Context:
    """The state behind one Workspace; only the thread that owns the Workspace touches it.

    Attributes:
        uow: sessions on the database.
        history: the undo and redo steps of this session.
        versions: span id -> the version the user was last shown, so an edit over
            someone else's newer change is refused (optimistic concurrency).
        lengths: document id -> text length (texts never change after import).
        revisions: project id -> the last revision this session knows all changes up to.
    """

    uow: UnitOfWork
    history: History = field(default_factory=History)
    versions: dict[str, int] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    revisions: dict[int, int] = field(default_factory=dict)

    def project_id(self, s: Session, project: str | int) -> int:
        """The id of a project given by id or name; the error lists the known ones."""
        if isinstance(project, int):
            return project
        info = repo.find_project(s, project)
        if info is None:
            known = ", ".join(p.name for p in repo.list_projects(s)) or "none yet"
            raise AnnotatorError(f"no project named {project!r} (projects: {known})")
        return info.id

    def annotator_id(self, s: Session, name: str | None, *, create: bool = False) -> int | None:
        """The id of an annotator (None for None), created on first use when `create`."""
        if name is None:
            return None
        if create:
            check_annotator_name(name, "annotator")
        return repo.annotator_id(s, name, create=create)

    def saw(self, spans: Iterable[Span]) -> None:
        """Remember the versions the user is shown, so later edits can detect others' changes."""
        for span in spans:
            self.versions[span.id] = span.version

    def text_length(self, s: Session, doc_id: int) -> int:
        """The length of a document's text, read once per session."""
        length = self.lengths.get(doc_id)
        if length is None:
            length = self.lengths[doc_id] = len(repo.get_document(s, doc_id).text)
        return length

    def touch(self, s: Session, project_id: int) -> None:
        """Count a change to the project in this write; a gap means someone else wrote meanwhile."""
        new = repo.bump_revision(s, project_id)
        if self.revisions.get(project_id) == new - 1:
            self.revisions[project_id] = new
