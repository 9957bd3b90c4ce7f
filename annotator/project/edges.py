"""Moving a span's edges: its start or its end, one undoable operation (snapping to words is the caller's)."""

from __future__ import annotations

from annotator.core.changes import Changes
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.types import Origin
from annotator.project.annotate import GONE, update_span
from annotator.project.context import Context
from annotator.project.history import Step
from annotator.storage import repo


def move_edge(ctx: Context, span_id: str, *, start: int | None = None, end: int | None = None) -> Changes:
    """Move a span's start (its first piece's) and/or end (its last piece's); the undo moves them back.

    A suggestion is not edited in place: correcting it (`ws.suggestions.correct`) makes it the coder's.
    """
    found = ctx.uow.read(lambda s: repo.get_span(s, span_id))
    if found is None:
        raise ConflictError(GONE)
    span = found[1]
    if span.origin == Origin.SUGGESTED:
        raise ValidationError(
            "that is a suggestion: correct it to make it yours (its edges are the suggester's)"
        )
    pieces = list(span.pieces())
    if start is not None:
        pieces[0] = (start, pieces[0][1])
    if end is not None:
        pieces[-1] = (pieces[-1][0], end)
    if len(pieces) == 1 and pieces[0][0] >= pieces[0][1]:
        raise ValidationError("the start must stay before the end")
    new = tuple(pieces) if len(pieces) > 1 else ()
    if (pieces[0][0], pieces[-1][1], new) == (span.start, span.end, span.fragments):
        return Changes(message="the edges did not move")
    values = {"fragments": new, "start": pieces[0][0], "end": pieces[-1][1]}
    old = {"fragments": span.fragments, "start": span.start, "end": span.end}
    ctx.versions.setdefault(span_id, span.version)
    _before, changes = update_span(ctx, span_id, **values)
    ctx.history.push(
        Step(
            f"move the edges of {span.label}",
            undo=lambda: update_span(ctx, span_id, **old)[1],
            redo=lambda: update_span(ctx, span_id, **values)[1],
        )
    )
    return Changes(spans=changes.spans, history=True, message=f"moved the edges of {span.label}")
