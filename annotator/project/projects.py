"""Creating projects and adding labels: the codebook's operations."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.changes import Changes
from annotator.core.errors import ValidationError
from annotator.core.schema import DEFAULT_SCHEMA, check_labels
from annotator.core.types import Label, LabelSchema, ProjectInfo
from annotator.core.validation import check_text
from annotator.project.context import Context
from annotator.storage import repo


def create_project(ctx: Context, name: str, schema: LabelSchema = DEFAULT_SCHEMA) -> ProjectInfo:
    """Create a project with a codebook."""
    name = name.strip()
    if not name:
        raise ValidationError("a project needs a name")
    check_text(name, "project name")
    check_labels(schema.labels, f"project {name!r}")

    with ctx.uow.writing(f"project {name!r}") as s:
        if repo.find_project(s, name) is not None:
            raise ValidationError(f"a project named {name!r} already exists")
        return repo.create_project(s, name, schema)


def add_labels(ctx: Context, project: str | int, labels: Sequence[Label]) -> Changes:
    """Add labels to a project's codebook."""
    check_labels(labels, "new labels")
    with ctx.uow.writing("the new labels") as s:
        pid = ctx.project_id(s, project)
        existing = repo.load_schema(s, pid)
        for lab in labels:
            if existing.get(lab.name):
                raise ValidationError(f"label {lab.name!r} already exists")
        repo.add_labels(s, pid, labels)
        ctx.touch(s, pid)
    return Changes(labels=True, message=f"{len(labels)} label(s) added")
