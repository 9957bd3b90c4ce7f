"""Projects, labels, annotators and the revision counter."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.core.schema import label_to_json, parse_schema
from annotator.core.types import (
    Label,
    LabelKind,
    LabelSchema,
    ProjectInfo,
)
from annotator.storage.models import (
    AnnotatorRow,
    CodebookChangeRow,
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


def _label_row(project_id: int, lab: Label, position: int) -> LabelRow:
    return LabelRow(
        project_id=project_id,
        name=lab.name,
        kind=lab.kind.value,
        colour=lab.colour,
        hotkey=lab.hotkey,
        description=lab.description,
        head=lab.head,
        tail=lab.tail,
        position=position,
        definition=label_to_json(lab),
    )


def add_labels(session: Session, project_id: int, labels: Iterable[Label]) -> None:
    """Append labels to a project's codebook."""
    position = session.scalar(
        select(func.coalesce(func.max(LabelRow.position), -1)).where(LabelRow.project_id == project_id)
    )
    pos = int(position if position is not None else -1)
    for lab in labels:
        pos += 1
        session.add(_label_row(project_id, lab, pos))
    session.flush()


def load_schema(session: Session, project_id: int) -> LabelSchema:
    """The project's codebook in palette order."""
    rows = session.execute(
        select(
            LabelRow.name,
            LabelRow.kind,
            LabelRow.colour,
            LabelRow.hotkey,
            LabelRow.description,
            LabelRow.head,
            LabelRow.tail,
            LabelRow.definition,
        )
        .where(LabelRow.project_id == project_id)
        .order_by(LabelRow.position)
    ).all()
    if not rows:
        return LabelSchema()
    return parse_schema([r.definition or _legacy(r) for r in rows], f"the codebook of project {project_id}")


def _legacy(row: Any) -> dict[str, Any]:
    """The codebook entry of a label stored before labels had definitions (only its columns)."""
    item: dict[str, Any] = {"name": row.name, "kind": row.kind, "description": row.description}
    if row.kind == LabelKind.DOCUMENT.value:
        item["type"] = "text"  # the old schema had no variable types
    else:
        item.update(colour=row.colour, hotkey=row.hotkey)
    if row.kind == LabelKind.RELATION.value:
        item.update(head=row.head, tail=row.tail)
    return item


def replace_labels(session: Session, project_id: int, schema: LabelSchema) -> None:
    """Make the stored codebook equal `schema`: labels kept by name are updated in place (their ids stay)."""
    rows = {r.name: r for r in session.scalars(select(LabelRow).where(LabelRow.project_id == project_id))}
    wanted = {lab.name for lab in schema.labels}
    for name, gone in rows.items():
        if name not in wanted:
            session.delete(gone)
    session.flush()
    for position, lab in enumerate(schema.labels):
        row = rows.get(lab.name)
        fresh = _label_row(project_id, lab, position)
        if row is None:
            session.add(fresh)
        else:
            for column in (
                "kind",
                "colour",
                "hotkey",
                "description",
                "head",
                "tail",
                "position",
                "definition",
            ):
                setattr(row, column, getattr(fresh, column))
    session.flush()


def rename_label_row(session: Session, project_id: int, old: str, new: str) -> None:
    """Rename a label in place, so every annotation carrying it carries the new name."""
    session.execute(
        update(LabelRow).where(LabelRow.project_id == project_id, LabelRow.name == old).values(name=new)
    )


def codebook_version(session: Session, project_id: int) -> int:
    """The project's codebook version (1 for the codebook it was created with)."""
    return int(session.scalar(select(ProjectRow.codebook_version).where(ProjectRow.id == project_id)) or 1)


def bump_codebook(session: Session, project_id: int, what: list[str], who: str | None) -> int:
    """Record a codebook change (one line per change) under a new version; returns that version."""
    session.execute(
        update(ProjectRow)
        .where(ProjectRow.id == project_id)
        .values(codebook_version=ProjectRow.codebook_version + 1)
    )
    version = codebook_version(session, project_id)
    now = utcnow()
    for line in what:
        session.add(
            CodebookChangeRow(project_id=project_id, version=version, what=line, who=who, created_at=now)
        )
    session.flush()
    return version


def codebook_log(session: Session, project_id: int) -> list[tuple[int, str, str | None, datetime]]:
    """Every recorded codebook change: (version, what, who, when), oldest first."""
    rows = session.execute(
        select(
            CodebookChangeRow.version,
            CodebookChangeRow.what,
            CodebookChangeRow.who,
            CodebookChangeRow.created_at,
        )
        .where(CodebookChangeRow.project_id == project_id)
        .order_by(CodebookChangeRow.id)
    )
    return [(v, w, who, at) for v, w, who, at in rows]


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
