"""`Changes`: what one operation changed, so each view refreshes only that; `OpResult` pairs it with a value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # `annotator --help` loads this module: no need for the types behind it
    from annotator.core.types import Span

T = TypeVar("T")


@dataclass(frozen=True)
class SpanEdit:
    """One span as an operation left it: `now` is the span as stored, or None when it was removed."""

    document: int
    span_id: str
    now: Span | None


@dataclass(frozen=True)
class Changes:
    """What an operation changed.

    Attributes:
        documents: ids of documents added or removed (-1: any, the list must be read again).
        spans: ids of documents whose spans or relations changed.
        values: ids of documents whose document variables changed.
        status: ids of documents whose status changed.
        labels: the codebook (labels, attributes, variables) of a project changed.
        projects: projects were added or removed.
        history: the undo/redo history changed.
        message: a short summary for the status bar.
        span_edits: when not empty, everything the operation did to the spans of the documents
            they name (a removed span took its relations with it; nothing else changed there),
            so a view of such a document can apply them instead of reading it again.
    """

    documents: frozenset[int] = field(default_factory=frozenset)
    spans: frozenset[int] = field(default_factory=frozenset)
    values: frozenset[int] = field(default_factory=frozenset)
    status: frozenset[int] = field(default_factory=frozenset)
    labels: bool = False
    projects: bool = False
    history: bool = False
    message: str = ""
    span_edits: tuple[SpanEdit, ...] = ()

    def merge(self, other: Changes) -> Changes:
        """Return the union of two change sets (the later message wins)."""
        return Changes(
            documents=self.documents | other.documents,
            spans=self.spans | other.spans,
            values=self.values | other.values,
            status=self.status | other.status,
            labels=self.labels or other.labels,
            projects=self.projects or other.projects,
            history=self.history or other.history,
            message=other.message or self.message,
            span_edits=self.span_edits + other.span_edits if self._exact() and other._exact() else (),
        )

    def _exact(self) -> bool:
        """True when the span edits tell everything about the spans changed (none changed counts)."""
        return {e.document for e in self.span_edits} == self.spans

    def edits_for(self, document: int) -> tuple[SpanEdit, ...] | None:
        """The span edits of one document when they are all that changed there (None: read it again)."""
        if -1 in self.documents or document in self.documents | self.values | self.status:
            return None
        found = tuple(e for e in self.span_edits if e.document == document)
        return found or None

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (
            self.documents
            or self.spans
            or self.values
            or self.status
            or self.labels
            or self.projects
            or self.history
        )

    def touched(self) -> frozenset[int]:
        """Every document whose annotations, values or status changed."""
        return self.spans | self.values | self.status

    @property
    def changes(self) -> Changes:
        """Itself: every operation's result has a `changes`."""
        return self


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """An operation's result: what it made (`value`) and what changed (`changes`)."""

    value: T
    changes: Changes
