"""`Workspace.codebook`: the codebook's operations, one line each (as Anki's `col.models`)."""

from __future__ import annotations

from annotator.core.changes import Changes, OpResult
from annotator.core.codebook_diff import CodebookChange
from annotator.core.types import LabelSchema
from annotator.project import codebook
from annotator.project.context import Context


class CodebookOps:
    """Edit, rename, merge and delete labels, rename values; each versioned, logged and undoable."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def update(
        self, project: str | int, schema: LabelSchema, *, who: str | None = None
    ) -> OpResult[list[CodebookChange]]:
        """Replace the codebook (add, edit, reorder); a change that breaks stored annotations is refused."""
        return codebook.update_codebook(self._ctx, project, schema, who=who)

    def rename_label(self, project: str | int, old: str, new: str, *, who: str | None = None) -> Changes:
        """Rename a label, its annotations with it."""
        return codebook.rename(self._ctx, project, old, new, who=who)

    def merge_labels(self, project: str | int, source: str, into: str, *, who: str | None = None) -> Changes:
        """Make every annotation of `source` one of `into`, and remove `source`."""
        return codebook.merge(self._ctx, project, source, into, who=who)

    def delete_label(
        self, project: str | int, name: str, *, force: bool = False, who: str | None = None
    ) -> Changes:
        """Delete a label; one carrying annotations only with `force` (they go with it)."""
        return codebook.delete(self._ctx, project, name, force=force, who=who)

    def rename_value(
        self,
        project: str | int,
        label: str,
        attribute: str | None,
        old: str,
        new: str,
        *,
        who: str | None = None,
    ) -> Changes:
        """Rename a choice of an attribute (or a document variable) and in every annotation holding it."""
        return codebook.rename_choice(self._ctx, project, label, attribute, old, new, who=who)

    def usage(self, project: str | int, name: str) -> tuple[int, int, int]:
        """How many spans, relations and document values carry a label."""
        return codebook.usage(self._ctx, project, name)

    def version(self, project: str | int) -> int:
        """The project's codebook version."""
        return codebook.version(self._ctx, project)

    def log(self, project: str | int) -> list[codebook.LogEntry]:
        """Every codebook change, oldest first."""
        return codebook.log(self._ctx, project)
