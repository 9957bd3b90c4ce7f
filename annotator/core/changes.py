"""`Changes`: what one operation changed, so views refresh only that."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """What an operation changed.

    Attributes:
        documents: ids of documents whose text, title or metadata changed or that were added.
        spans: ids of documents whose spans or relations changed.
        status: ids of documents whose status changed.
        labels: the label set of a project changed.
        projects: projects were added or removed.
        message: a short summary for the status bar.
    """

    documents: frozenset[int] = field(default_factory=frozenset)
    spans: frozenset[int] = field(default_factory=frozenset)
    status: frozenset[int] = field(default_factory=frozenset)
    labels: bool = False
    projects: bool = False
    message: str = ""

    def merge(self, other: Changes) -> Changes:
        """Return the union of two change sets."""
        return Changes(
            documents=self.documents | other.documents,
            spans=self.spans | other.spans,
            status=self.status | other.status,
            labels=self.labels or other.labels,
            projects=self.projects or other.projects,
            message=other.message or self.message,
        )

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (self.documents or self.spans or self.status or self.labels or self.projects)
