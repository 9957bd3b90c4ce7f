"""`Workspace.team`: assignments, agreement, gold, curation and merging, one line each (as Anki's `col.models`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.changes import Changes, OpResult
from annotator.core.types import DocStatus, Relation, Span
from annotator.project import coded, curation, merge, queries, team
from annotator.project.assign_plan import Plan, plan_spec
from annotator.project.coded import CodedArticle
from annotator.project.context import Context
from annotator.project.curation import Lanes
from annotator.project.gold import GoldReport, build_gold
from annotator.project.gold_settle import Strategy
from annotator.project.merge import MergeReport
from annotator.project.progress import Progress
from annotator.project.team import CoderProgress

if TYPE_CHECKING:  # the agreement engine (numpy) loads when agreement is computed, not with every command
    from annotator.project.reliability import AgreementOptions, AgreementResult, DisagreementRow


class TeamOps:
    """Team work on a project: who codes what, how well they agree, the gold version, offline coders."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- assignments ---------------------------------------------------------------

    def assign(
        self,
        project: str | int,
        coders: Sequence[str],
        *,
        overlap: float | None = None,
        per_doc: int | None = None,
        seed: int = 0,
        status: DocStatus | None = None,
    ) -> OpResult[Plan]:
        """Deal the articles nobody has yet over the coders, a share (or all, with per_doc) to several."""
        return team.assign(self._ctx, project, plan_spec(coders, overlap, per_doc, seed), status)

    def assignments(self, project: str | int) -> list[CoderProgress]:
        """Per coder: articles assigned, done, in progress, and shared with another coder."""
        return team.assignments(self._ctx, project)

    def progress(self, project: str | int, *, annotator: str) -> tuple[int, int]:
        """(done, assigned) of the coder's assignment (the status bar's figure); (0, 0) without one."""
        return team.assigned_progress(self._ctx, project, annotator)

    def next_unfinished(self, doc_id: int, *, annotator: str) -> int | None:
        """The next article of the coder's assignment not done or skipped, wrapping around; None when none is left."""
        return queries.next_unfinished(self._ctx, doc_id, annotator, assigned_to=annotator)

    # --- agreement -----------------------------------------------------------------

    def agreement(
        self,
        project: str | int,
        options: AgreementOptions | None = None,
        progress: Progress | None = None,
    ) -> AgreementResult:
        """Every agreement figure of the coders, with 95% bootstrap intervals; progress can cancel."""
        from annotator.project import reliability

        return reliability.agreement(self._ctx, project, options or reliability.AgreementOptions(), progress)

    def disagreements(
        self, project: str | int, name: str, options: AgreementOptions | None = None
    ) -> list[DisagreementRow]:
        """The articles where the coders disagree on one row of the agreement table, with each one's values."""
        from annotator.project import reliability

        return reliability.disagreements(self._ctx, project, name, options or reliability.AgreementOptions())

    def article(self, doc_id: int) -> CodedArticle:
        """An article with every annotator's spans, relations, values and status."""
        return coded.article(self._ctx, doc_id)

    def lanes(self, doc_id: int, coders: Sequence[str] | None = None, *, gold: str = "gold") -> Lanes:
        """Each coder's and gold's annotations of an article side by side, agreement marked."""
        return curation.lanes(self._ctx, doc_id, coders, gold)

    # --- gold and curation ------------------------------------------------------------

    def build_gold(
        self,
        project: str | int,
        strategy: str,
        *,
        min_coders: int = 2,
        gold: str = "gold",
        coders: Sequence[str] | None = None,
        coded: str = "done",
        progress: Progress | None = None,
    ) -> GoldReport:
        """Settle gold where majority, unanimous or coder:NAME decides it; never replaces a gold annotation."""
        return build_gold(
            self._ctx, project, Strategy.parse(strategy), min_coders=min_coders, gold=gold, coders=coders,
            coded=coded, progress=progress,
        )  # fmt: skip

    def accept_span(self, span_id: str, *, gold: str = "gold") -> OpResult[Span]:
        """Copy a coder's span into gold."""
        return curation.accept_span(self._ctx, span_id, gold)

    def accept_relation(self, relation_id: str, *, gold: str = "gold") -> OpResult[Relation]:
        """Copy a coder's relation into gold (with the spans it links where gold lacks them)."""
        return curation.accept_relation(self._ctx, relation_id, gold)

    def accept_value(self, doc_id: int, variable: str, coder: str, *, gold: str = "gold") -> Changes:
        """Make a coder's value of a document variable gold's."""
        return curation.accept_value(self._ctx, doc_id, variable, coder, gold)

    def accept_agreeing(
        self, doc_id: int, *, gold: str = "gold", coders: Sequence[str] | None = None
    ) -> OpResult[int]:
        """Accept into gold everything all the article's coders agree on."""
        return curation.accept_agreeing(self._ctx, doc_id, gold, coders)

    def set_curation_status(self, doc_id: int, status: DocStatus, *, gold: str = "gold") -> Changes:
        """Set an article's curation status (gold's status for it: done when curated)."""
        return curation.set_curation_status(self._ctx, doc_id, status, gold)

    # --- offline coders ---------------------------------------------------------------

    def merge(
        self,
        project: str | int,
        source: Path,
        *,
        from_project: str | None = None,
        prefer: str | None = None,
        progress: Progress | None = None,
    ) -> MergeReport:
        """Bring another coder's SQLite database or JSONL backup into the project, per annotator."""
        return merge.merge(
            self._ctx, project, source, from_project=from_project, prefer=prefer, progress=progress
        )
