"""`Workspace.relations`: linking spans and storing whole attributions, one line each."""

from __future__ import annotations

from annotator.core.changes import Changes, OpResult
from annotator.core.types import Relation
from annotator.project import relations
from annotator.project.context import Context
from annotator.project.relations import Attribution, Part


class RelationOps:
    """Relations between spans (who said what) and the attribution triple (content, source, cue)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add(self, head: str, tail: str, label: str, *, annotator: str) -> OpResult[Relation]:
        """Link two spans of one article; a label that does not fit their labels is refused naming both."""
        return relations.add_relation(self._ctx, head, tail, label, annotator=annotator)

    def delete(self, relation_id: str) -> Changes:
        """Remove a relation."""
        return relations.delete_relation(self._ctx, relation_id)

    def attribution(
        self,
        document: int,
        content: Part,
        source: Part | None = None,
        cue: Part | None = None,
        *,
        annotator: str,
    ) -> OpResult[Attribution]:
        """Store a content with its source and cue (new spans or existing ones) and their relations, as one step."""
        return relations.add_attribution(self._ctx, document, content, source, cue, annotator=annotator)
