"""Projects, labels, annotators and the revision counter."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.core.types import (
    Label,
    LabelKind,
    LabelSchema,
    ProjectInfo,
)
from annotator.storage.models import (
    AnnotatorRow,
    DocumentRow,
    LabelRow,
    ProjectRow,
    utcnow,
)

# --- projects and labels -------------------------------------------------


def list_projects(session: Session) -> list[ProjectInfo]:
    """All projects with their document counts, by name."""
    counts = (
        select(DocumentRow.project_id, func.count().label("n")).group_by(DocumentRow.project_id).subquery()
    )
    rows = session.execute(
        select(ProjectRow.id, ProjectRow.name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.project_id == ProjectRow.id)
        .order_by(ProjectRow.name)
    )
    return [ProjectInfo(pid, name, n) for pid, name, n in rows]


def find_project(session: Session, name: str) -> ProjectInfo | None:
    """The project of that name, or None."""
    row = session.execute(select(ProjectRow.id).where(ProjectRow.name == name)).first()
    if row is None:
        return None
    count = session.scalar(select(func.count()).where(DocumentRow.project_id == row[0])) or 0
    return ProjectInfo(row[0], name, count)


def create_project(session: Session, name: str, schema: LabelSchema) -> ProjectInfo:
    """Create a project with its labels."""
    project = ProjectRow(name=name, created_at=utcnow())
    session.add(project)
    session.flush()
    add_labels(session, project.id, schema.labels)
    return ProjectInfo(project.id, name, 0)


def add_labels(session: Session, project_id: int, labels: Iterable[Label]) -> None:
    """Append labels to a project's schema."""
    position = session.scalar(
        select(func.coalesce(func.max(LabelRow.position), -1)).where(LabelRow.project_id == project_id)
    )
    pos = int(position if position is not None else -1)
    for lab in labels:
        pos += 1
        session.add(
            LabelRow(
                project_id=project_id,
                name=lab.name,
                kind=lab.kind.value,
                colour=lab.colour,
                hotkey=lab.hotkey,
                description=lab.description,
                head=lab.head,
                tail=lab.tail,
                position=pos,
            )
        )
    session.flush()


def load_schema(session: Session, project_id: int) -> LabelSchema:
    """The project's labels in palette order."""
    rows = session.scalars(
        select(LabelRow).where(LabelRow.project_id == project_id).order_by(LabelRow.position)
    )
    return LabelSchema(
        tuple(
            Label(r.name, LabelKind(r.kind), r.colour, r.hotkey, r.description, r.head, r.tail) for r in rows
        )
    )


def label_ids(session: Session, project_id: int) -> dict[str, int]:
    """Label name -> row id for a project."""
    rows = session.execute(select(LabelRow.name, LabelRow.id).where(LabelRow.project_id == project_id))
    return {name: lid for name, lid in rows}


# --- annotators ----------------------------------------------------------


def annotator_id(session: Session, name: str, *, create: bool = True) -> int | None:
    """The id of an annotator, created on first use."""
    aid = session.scalar(select(AnnotatorRow.id).where(AnnotatorRow.name == name))
    if aid is None and create:
        row = AnnotatorRow(name=name)
        session.add(row)
        session.flush()
        aid = row.id
    return aid


def annotator_names(session: Session) -> dict[int, str]:
    """Annotator id -> name."""
    return {aid: name for aid, name in session.execute(select(AnnotatorRow.id, AnnotatorRow.name))}


def bump_revision(session: Session, project_id: int) -> int:
    """Count one more change to a project, in the caller's write transaction; returns the new revision."""
    session.execute(
        update(ProjectRow).where(ProjectRow.id == project_id).values(revision=ProjectRow.revision + 1)
    )
    return int(session.scalar(select(ProjectRow.revision).where(ProjectRow.id == project_id)) or 0)


def revision(session: Session, project_id: int) -> int:
    """A project's revision counter."""
    return int(session.scalar(select(ProjectRow.revision).where(ProjectRow.id == project_id)) or 0)
