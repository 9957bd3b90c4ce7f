"""The worker calls of reviewing, running and training suggesters: each returns `lambda ws: ...`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.changes import OpResult
from annotator.gui.ops import Work

if TYPE_CHECKING:
    from annotator.project.progress import Progress
    from annotator.project.suggest_run import SuggestReport
    from annotator.project.suggestions import Reviewed
    from annotator.project.training import TrainOptions, TrainReport


def accept(span_id: str, annotator: str) -> Work[OpResult[Reviewed]]:
    """Make a suggestion the coder's annotation."""
    return lambda ws: ws.suggestions.accept(span_id, annotator=annotator)


def reject(span_id: str, annotator: str) -> Work[OpResult[Reviewed]]:
    """Reject a suggestion (it is not suggested again)."""
    return lambda ws: ws.suggestions.reject(span_id, annotator=annotator)


def accept_all(doc_id: int, annotator: str) -> Work[OpResult[Reviewed]]:
    """Accept every suggestion of an article."""
    return lambda ws: ws.suggestions.accept_all(doc_id, annotator=annotator)


def reject_all(doc_id: int, annotator: str) -> Work[OpResult[Reviewed]]:
    """Reject every suggestion of an article."""
    return lambda ws: ws.suggestions.reject_all(doc_id, annotator=annotator)


def correct(
    span_id: str,
    annotator: str,
    *,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Work[OpResult[Reviewed]]:
    """Accept a suggestion with another label or other edges."""
    return lambda ws: ws.suggestions.correct(span_id, annotator=annotator, label=label, start=start, end=end)


def next_document(project: int, doc_id: int | None, annotator: str) -> Work[int | None]:
    """The next article with suggestions for the coder."""
    return lambda ws: ws.suggestions.next_document(project, doc_id, annotator=annotator)


def run_rules(project: int, progress: Progress) -> Work[SuggestReport]:
    """Suggest with the built-in rules over the project's articles."""
    return lambda ws: ws.suggestions.rules(project, None, progress)


def run_model(project: int, model: Path, progress: Progress) -> Work[SuggestReport]:
    """Suggest with a trained model."""
    return lambda ws: ws.suggestions.model(project, model, None, progress)


def train(project: int, out: Path, options: TrainOptions, progress: Progress) -> Work[TrainReport]:
    """Train a span categorizer on the done articles."""
    return lambda ws: ws.suggestions.train(project, out, options, progress)
