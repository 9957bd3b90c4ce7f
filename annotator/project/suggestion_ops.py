"""`Workspace.suggestions`: running suggesters, training a model, and reviewing suggestions, one line each."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.changes import Changes, OpResult
from annotator.core.types import Span
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage.repo import suggestions as store

if TYPE_CHECKING:  # the suggesters and spaCy's wrappers load on first use, not with every command
    from annotator.project.suggest_run import SuggestOptions, SuggestReport
    from annotator.project.suggestions import Reviewed
    from annotator.project.training import TrainOptions, TrainReport
    from annotator.suggest.base import Suggester
    from annotator.suggest.training import EpochInfo


class SuggestionOps:
    """Suggestions: stored apart from annotations (origin suggested) until a coder accepts them.

    Runs and training stream and report progress (returning False cancels); each review
    step (accept, reject, accept or reject all, correct) is one transaction and one undo step.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- running suggesters ------------------------------------------------------------

    def run(
        self, project: str | int, suggester: Suggester, options: SuggestOptions | None = None,
        progress: Progress | None = None,
    ) -> SuggestReport:  # fmt: skip
        """Run any suggester over the project's documents and store its suggestions."""
        from annotator.project import suggest_run

        return suggest_run.run(
            self._ctx, project, suggester, options or suggest_run.SuggestOptions(), progress
        )

    def rules(
        self, project: str | int, options: SuggestOptions | None = None, progress: Progress | None = None
    ) -> SuggestReport:
        """Suggest with the built-in journalism rules, under the labels the codebook gives their roles."""
        from annotator.project import suggest_run

        labels = options.labels if options is not None else ()
        return self.run(project, suggest_run.builtin(self._ctx, project, labels), options, progress)

    def patterns(
        self, project: str | int, path: Path, *, label: str | None = None, lang: str = "en",
        options: SuggestOptions | None = None, progress: Progress | None = None,
    ) -> SuggestReport:  # fmt: skip
        """Suggest what spaCy patterns (a .jsonl file) or a list of names (under `label`) match."""
        from annotator.suggest.patterns import PatternSuggester

        return self.run(project, PatternSuggester(path, label, lang), options, progress)

    def model(
        self, project: str | int, path: Path, options: SuggestOptions | None = None,
        progress: Progress | None = None,
    ) -> SuggestReport:  # fmt: skip
        """Suggest with a model `train` saved (scores from its span categorizer; `min_score` is its threshold)."""
        from annotator.suggest.spancat import ModelSuggester

        min_score = options.min_score if options is not None else None
        return self.run(project, ModelSuggester(path, min_score), options, progress)

    def train(
        self, project: str | int, out: Path, options: TrainOptions | None = None,
        progress: Progress | None = None, on_epoch: Callable[[EpochInfo], None] | None = None,
    ) -> TrainReport:  # fmt: skip
        """Train a span categorizer on the done documents (a dev part held out by outlet) and save it."""
        from annotator.project import training

        return training.train(self._ctx, project, out, options or training.TrainOptions(), progress, on_epoch)

    def clear(
        self, project: str | int, *, suggester: str | None = None, annotator: str | None = None
    ) -> Changes:
        """Remove pending suggestions (one suggester's, e.g. "rules " for every rules version); not undoable."""
        from annotator.project import suggest_run

        return suggest_run.clear(self._ctx, project, suggester, annotator)

    # --- reading -----------------------------------------------------------------------

    def pending(self, doc_id: int, *, annotator: str) -> list[Span]:
        """The suggestions a coder has to review in an article, in text order."""
        return self._ctx.uow.read(lambda s: store.pending(s, doc_id, self._ctx.annotator_id(s, annotator)))

    def next_document(self, project: str | int, doc_id: int | None, *, annotator: str) -> int | None:
        """The next article (after `doc_id`, in list order) with suggestions for the coder, or None."""
        return self._ctx.uow.read(
            lambda s: store.next_with_pending(
                s, self._ctx.project_id(s, project), doc_id, self._ctx.annotator_id(s, annotator)
            )
        )

    def counts(self, project: str | int, *, annotator: str | None = None) -> dict[str, int]:
        """Pending suggestions per label (those for every coder, plus the coder's own when named)."""
        return self._ctx.uow.read(
            lambda s: store.pending_counts(
                s, self._ctx.project_id(s, project), self._ctx.annotator_id(s, annotator)
            )
        )

    # --- reviewing (undoable) ------------------------------------------------------------

    def accept(self, span_id: str, *, annotator: str) -> OpResult[Reviewed]:
        """Make a suggestion the coder's annotation (origin manual, derived from the suggestion)."""
        from annotator.project import suggestions

        return suggestions.accept(self._ctx, span_id, annotator=annotator)

    def reject(self, span_id: str, *, annotator: str) -> OpResult[Reviewed]:
        """Remove a suggestion; the rejection is kept so it is not suggested again."""
        from annotator.project import suggestions

        return suggestions.reject(self._ctx, span_id, annotator=annotator)

    def accept_all(
        self, doc_id: int, *, annotator: str, labels: Collection[str] | None = None
    ) -> OpResult[Reviewed]:
        """Accept every suggestion of an article the coder sees (of some labels only, if given)."""
        from annotator.project import suggestions

        return suggestions.accept_all(self._ctx, doc_id, annotator=annotator, labels=labels)

    def reject_all(
        self, doc_id: int, *, annotator: str, labels: Collection[str] | None = None
    ) -> OpResult[Reviewed]:
        """Reject every suggestion of an article the coder sees (of some labels only, if given)."""
        from annotator.project import suggestions

        return suggestions.reject_all(self._ctx, doc_id, annotator=annotator, labels=labels)

    def correct(
        self, span_id: str, *, annotator: str, label: str | None = None, start: int | None = None,
        end: int | None = None, fragments: tuple[tuple[int, int], ...] | None = None,
    ) -> OpResult[Reviewed]:  # fmt: skip
        """Accept a suggestion with other edges or another label (the original is recorded as rejected)."""
        from annotator.project import suggestions

        return suggestions.correct(
            self._ctx, span_id, annotator=annotator, label=label, start=start, end=end, fragments=fragments
        )
