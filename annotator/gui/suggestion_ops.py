"""The window's suggestion operations, one line each: what to run on the Workspace's worker thread.

Review steps return `OpResult[Reviewed]` (what the article gained and lost, to patch the open
article); training and runs take a progress callback that the runner's Cancel can answer with False.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from annotator.core.changes import Changes, OpResult
from annotator.core.types import Span
from annotator.project import Progress, Workspace

if TYPE_CHECKING:
    from annotator.project.suggest_run import SuggestOptions, SuggestReport
    from annotator.project.suggestions import Reviewed
    from annotator.project.training import TrainOptions, TrainReport
    from annotator.suggest.training import EpochInfo

T = TypeVar("T")
Work = Callable[[Workspace], T]


def accept(span_id: str, annotator: str) -> Work[OpResult[Reviewed]]:
    """Accept the suggestion (Enter or A): it becomes the coder's annotation."""
    return lambda ws: ws.suggestions.accept(span_id, annotator=annotator)


def reject(span_id: str, annotator: str) -> Work[OpResult[Reviewed]]:
    """Reject the suggestion (X): removed, and not suggested again."""
    return lambda ws: ws.suggestions.reject(span_id, annotator=annotator)


def accept_all(
    doc_id: int, annotator: str, labels: Collection[str] | None = None
) -> Work[OpResult[Reviewed]]:
    """Accept every suggestion of the article (of some labels only, if given)."""
    return lambda ws: ws.suggestions.accept_all(doc_id, annotator=annotator, labels=labels)


def reject_all(
    doc_id: int, annotator: str, labels: Collection[str] | None = None
) -> Work[OpResult[Reviewed]]:
    """Reject every suggestion of the article (of some labels only, if given)."""
    return lambda ws: ws.suggestions.reject_all(doc_id, annotator=annotator, labels=labels)


def correct(
    span_id: str,
    annotator: str,
    *,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Work[OpResult[Reviewed]]:
    """Accept the suggestion with other edges or another label."""
    return lambda ws: ws.suggestions.correct(span_id, annotator=annotator, label=label, start=start, end=end)


def move_edge(span_id: str, *, start: int | None = None, end: int | None = None) -> Work[Changes]:
    """Move an annotation's start or end (Alt+Ctrl / Alt+Shift + Left/Right, or a drag)."""
    return lambda ws: ws.move_edge(span_id, start=start, end=end)


def pending(doc_id: int, annotator: str) -> Work[list[Span]]:
    """The suggestions the coder has to review in the article."""
    return lambda ws: ws.suggestions.pending(doc_id, annotator=annotator)


def next_document(project: str, doc_id: int | None, annotator: str) -> Work[int | None]:
    """The next article with suggestions for the coder, or None."""
    return lambda ws: ws.suggestions.next_document(project, doc_id, annotator=annotator)


def suggest_rules(
    project: str, options: SuggestOptions | None = None, progress: Progress | None = None
) -> Work[SuggestReport]:
    """Suggest with the built-in rules over the project (progress; False cancels)."""
    return lambda ws: ws.suggestions.rules(project, options, progress)


def suggest_model(
    project: str, model: Path, options: SuggestOptions | None = None, progress: Progress | None = None
) -> Work[SuggestReport]:
    """Suggest with a trained model over the project."""
    return lambda ws: ws.suggestions.model(project, model, options, progress)


def train(
    project: str,
    out: Path,
    options: TrainOptions | None = None,
    progress: Progress | None = None,
    on_epoch: Callable[[EpochInfo], None] | None = None,
) -> Work[TrainReport]:
    """Train from the done articles ("Train from my done articles"), with progress and Cancel."""
    return lambda ws: ws.suggestions.train(project, out, options, progress, on_epoch)
