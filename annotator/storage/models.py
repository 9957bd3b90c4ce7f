"""Typed SQLAlchemy models of the annotator's tables."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# PostgreSQL text cannot hold NUL; there NUL and the escape character itself are
# escaped reversibly, so offsets computed on the decoded text stay exact.
_ESC = "\uffff"
_UNESCAPE = re.compile(_ESC + "(.)", re.DOTALL)


class SafeText(TypeDecorator[str]):
    """Text that round-trips every code point, NUL included, on every backend."""

    impl = Text
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        """No conversion at all outside PostgreSQL (bulk imports pass millions of values)."""
        return super().bind_processor(dialect) if dialect.name == "postgresql" else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """No conversion at all outside PostgreSQL."""
        return super().result_processor(dialect, coltype) if dialect.name == "postgresql" else None

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Escape NUL for PostgreSQL."""
        if value is None or dialect.name != "postgresql":
            return value
        if "\x00" not in value and _ESC not in value:
            return value
        return value.replace(_ESC, _ESC + "e").replace("\x00", _ESC + "0")

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Undo the PostgreSQL escape."""
        if value is None or dialect.name != "postgresql" or _ESC not in value:
            return value
        return _UNESCAPE.sub(lambda m: _ESC if m.group(1) == "e" else "\x00", value)


class JsonText(TypeDecorator[Any]):
    """JSON stored as ASCII text, identical on SQLite and PostgreSQL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Serialise to JSON."""
        if value is None:
            return None
        if not value and isinstance(value, dict):
            return "{}"
        return json.dumps(value, ensure_ascii=True, sort_keys=True, allow_nan=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        """Parse JSON."""
        if value is None:
            return None
        return {} if value == "{}" else json.loads(value)


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class ProjectRow(Base):
    """A named collection of documents with its own labels."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    codebook_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class LabelRow(Base):
    """A label of a project (span, relation or document kind)."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="span")
    colour: Mapped[str] = mapped_column(String(7), default="#999999")
    hotkey: Mapped[str] = mapped_column(String(1), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    head: Mapped[str] = mapped_column(String(64), default="")
    tail: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    definition: Mapped[Any] = mapped_column(JsonText, nullable=True)  # the whole codebook entry


class DocumentRow(Base):
    """An imported article; its text never changes."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_project_hash", "project_id", "text_hash"),
        Index("ix_documents_project_position", "project_id", "position"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(SafeText, nullable=True)
    title: Mapped[str] = mapped_column(SafeText, default="")
    text: Mapped[str] = mapped_column(SafeText)
    text_hash: Mapped[str] = mapped_column(String(64))
    meta: Mapped[Any] = mapped_column(JsonText, default=dict)
    source: Mapped[str | None] = mapped_column(SafeText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnnotatorRow(Base):
    """A person who annotates."""

    __tablename__ = "annotators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class DocumentStatusRow(Base):
    """Where one annotator stands with one document."""

    __tablename__ = "document_status"
    __table_args__ = (Index("ix_document_status_annotator", "annotator_id", "status"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), default="todo")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SpanRow(Base):
    """A labelled `[start, end)` code-point range of a document."""

    __tablename__ = "spans"
    __table_args__ = (
        Index("ix_spans_document", "document_id", "start"),
        # Covers the article list's count of a document's annotations (migration 0008).
        Index("ix_spans_document_owner", "document_id", "annotator_id", "origin"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(SafeText, nullable=True)
    attributes: Mapped[Any] = mapped_column(JsonText, default=dict)
    origin: Mapped[str] = mapped_column(String(16), default="manual")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fragments: Mapped[Any] = mapped_column(JsonText, nullable=True)  # [[s, e], ...] of a discontinuous span
    codebook_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    suggester: Mapped[str | None] = mapped_column(String(120), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    derived_from: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the suggestion accepted


class RelationRow(Base):
    """A labelled link from a head span to a tail span."""

    __tablename__ = "relations"
    __table_args__ = (
        Index("ix_relations_document", "document_id"),
        Index("ix_relations_head", "head_id"),  # a span's delete looks its relations up by either end
        Index("ix_relations_tail", "tail_id"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    head_id: Mapped[str] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"))
    tail_id: Mapped[str] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    origin: Mapped[str] = mapped_column(String(16), default="manual", server_default="manual")
    codebook_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ExportRow(Base):
    """One export made from a project: where it went, in which format, what it held."""

    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(SafeText)
    format: Mapped[str] = mapped_column(String(32))
    documents: Mapped[int] = mapped_column(Integer)
    spans: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodebookChangeRow(Base):
    """One change of a project's codebook: which version it made, what changed, who, when."""

    __tablename__ = "codebook_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentValueRow(Base):
    """One coder's value of a document variable (a label of kind document) for one article."""

    __tablename__ = "document_values"
    __table_args__ = (Index("ix_document_values_document", "document_id", "label_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    value: Mapped[Any] = mapped_column(JsonText)
    codebook_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssignmentRow(Base):
    """A coder is to code an article."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_annotator", "annotator_id"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RejectedSuggestionRow(Base):
    """A suggestion a coder rejected: the same one is not suggested again."""

    __tablename__ = "rejected_suggestions"
    __table_args__ = (Index("ix_rejected_suggestions_document", "document_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    suggester: Mapped[str | None] = mapped_column(String(120), nullable=True)
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
