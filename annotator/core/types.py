"""Frozen value types: documents, spans, relations, labels and label schemas."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from annotator.core.codebook import Attribute, DocumentValue, ValueSpec
from annotator.core.errors import ValidationError


class DocStatus(StrEnum):
    """Where an annotator stands with one document."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class Origin(StrEnum):
    """How a span came to be."""

    MANUAL = "manual"
    IMPORTED = "imported"
    SUGGESTED = "suggested"


class LabelKind(StrEnum):
    """What a label applies to."""

    SPAN = "span"
    RELATION = "relation"
    DOCUMENT = "document"


def new_id() -> str:
    """Return a fresh client-generated id for a span or relation (128 random bits, hex)."""
    return os.urandom(16).hex()


def text_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the text's UTF-8 bytes."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"text has a lone surrogate at code point {exc.start} and cannot be stored"
        ) from None
    return hashlib.sha256(data).hexdigest()


class Role(StrEnum):
    """What a span label stands for in the attribution workflow and for the built-in suggesters."""

    NONE = ""
    CONTENT = "content"
    SOURCE = "source"
    CUE = "cue"
    CAPTION = "caption"
    DATELINE = "dateline"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Label:
    """A label a span, relation or document can carry: one entry of the codebook.

    Attributes:
        name: the label's name, as exported (e.g. "CLAIM").
        kind: span, relation or document label.
        colour: "#RRGGBB" background colour for highlights.
        hotkey: "1".."9" or "" for none.
        description: the guideline text, shown as tooltip and in the Codebook view.
        head: for relation labels, the span label a relation starts from ("" for any).
        tail: for relation labels, the span label a relation points to ("" for any).
        attributes: for span labels, the attributes a span may carry.
        spec: for document labels, the variable's type, values and level.
        examples: a few short example texts for the guidelines.
        role: for span labels, the attribution or suggester role it plays ("" for none).
        required: for document labels, whether "Mark done" needs it coded.
    """

    name: str
    kind: LabelKind = LabelKind.SPAN
    colour: str = "#999999"
    hotkey: str = ""
    description: str = ""
    head: str = ""
    tail: str = ""
    attributes: tuple[Attribute, ...] = ()
    spec: ValueSpec | None = None
    examples: tuple[str, ...] = ()
    role: Role = Role.NONE
    required: bool = False

    def attribute(self, name: str) -> Attribute | None:
        """The attribute of that name, or None."""
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True)
class LabelSchema:
    """The labels of one project, in palette order."""

    labels: tuple[Label, ...] = ()

    def span_labels(self) -> tuple[Label, ...]:
        """The labels a span may carry."""
        return tuple(lab for lab in self.labels if lab.kind == LabelKind.SPAN)

    def relation_labels(self) -> tuple[Label, ...]:
        """The labels a relation may carry."""
        return tuple(lab for lab in self.labels if lab.kind == LabelKind.RELATION)

    def names(self, kind: LabelKind = LabelKind.SPAN) -> tuple[str, ...]:
        """The names of the labels of one kind."""
        return tuple(lab.name for lab in self.labels if lab.kind == kind)

    def get(self, name: str) -> Label | None:
        """The label of that name, or None."""
        for lab in self.labels:
            if lab.name == name:
                return lab
        return None

    def document_labels(self) -> tuple[Label, ...]:
        """The document variables."""
        return tuple(lab for lab in self.labels if lab.kind == LabelKind.DOCUMENT)

    def by_role(self, role: Role) -> Label | None:
        """The first span label playing that role, or None."""
        return next((lab for lab in self.span_labels() if lab.role == role), None)

    def by_hotkey(self, key: str) -> Label | None:
        """The span label bound to that hotkey, or None."""
        for lab in self.span_labels():
            if lab.hotkey and lab.hotkey == key:
                return lab
        return None


@dataclass(frozen=True)
class Span:
    """A labelled range `[start, end)` in code points of a document's text.

    Attributes:
        start: first code point of the span.
        end: one past the last code point.
        label: the label's name.
        id: a client-generated unique id (hex UUID).
        annotator: who made it, or None for unattributed imports.
        note: a free-text note, or None.
        attributes: extra key/value data (JSON-compatible).
        origin: manual, imported or suggested.
        version: bumped on every edit; used to refuse stale edits.
        fragments: for a discontinuous span, its pieces `[s, e)` in order (the first starts
            at `start`, the last ends at `end`); empty for a span of one piece.
        codebook_version: the codebook version it was made under, or None when unknown.
        suggester: for a suggestion, the suggester's name and version (e.g. "rules 1.0").
        score: for a suggestion, the suggester's confidence, or None.
    """

    start: int
    end: int
    label: str
    id: str = field(default_factory=new_id)
    annotator: str | None = None
    note: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    origin: Origin = Origin.MANUAL
    version: int = 1
    fragments: tuple[tuple[int, int], ...] = ()
    codebook_version: int | None = None
    suggester: str | None = None
    score: float | None = None

    def text_in(self, text: str) -> str:
        """The span's text within the document text (the hull, for a discontinuous span)."""
        return text[self.start : self.end]

    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The span's pieces: its fragments, or its one range."""
        return self.fragments or ((self.start, self.end),)


_new = object.__new__
_set = object.__setattr__


def span_from_fields(fields: dict[str, Any]) -> Span:
    """A Span from a dict of all its fields, already checked, without the dataclass's __init__.

    A frozen dataclass's __init__ sets each field through object.__setattr__; setting
    the whole __dict__ at once takes a fifth of the time, which counts where a file's
    spans are read by the million. (The storage layer's span builder inlines the same
    two lines: a call per span would add to a 200,000-span article's open.)
    """
    span = _new(Span)
    _set(span, "__dict__", fields)
    return span


@dataclass(frozen=True)
class Relation:
    """A labelled, directed link from a head span to a tail span (e.g. CLAIM -> ATTRIBUTED_TO -> SOURCE)."""

    head: str
    tail: str
    label: str
    id: str = field(default_factory=new_id)
    annotator: str | None = None
    version: int = 1
    origin: Origin = Origin.MANUAL
    codebook_version: int | None = None


@dataclass(frozen=True)
class Document:
    """An article: its immutable text and what we know about it.

    Attributes:
        text: the article text; never changes after import.
        title: a display title.
        external_id: the id the document had in its source, or None.
        meta: metadata such as outlet, date, url, author.
        source: where it was imported from (a file name).
        id: the database id, or None before it is stored.
    """

    text: str
    title: str = ""
    external_id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    id: int | None = None

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text."""
        return text_hash(self.text)


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document with its spans, relations and status, as read from or written to a file."""

    document: Document
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    status: DocStatus | None = None
    line: int | None = None
    values: tuple[DocumentValue, ...] = ()


@dataclass(frozen=True)
class InvalidRecord:
    """A record a reader could not accept; the message names the file and line."""

    message: str


@dataclass(frozen=True)
class ProjectInfo:
    """A project as listed: its id, name and document count."""

    id: int
    name: str
    documents: int = 0


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the article list."""

    id: int
    title: str
    status: DocStatus
    span_count: int
    position: int


@dataclass(frozen=True)
class ProjectStats:
    """Counts of a project: documents by status, spans by label, coded values by coder.

    Attributes:
        values: (what, value, annotator, count) rows: what is a span attribute
            ("SOURCE.type") or a document variable ("FRAME"); a multi value counts once
            per value it holds.
    """

    documents: int
    by_status: Mapping[str, int]
    spans_by_label: Mapping[str, int]
    values: tuple[tuple[str, str, str | None, int], ...] = ()
