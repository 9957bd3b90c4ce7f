"""Qt-free, database-free value types and rules of the annotator."""

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError, ConflictError, ValidationError
from annotator.core.schema import DEFAULT_SCHEMA, load_schema, parse_schema
from annotator.core.types import (
    DocStatus,
    Document,
    Label,
    LabelKind,
    LabelSchema,
    Origin,
    Relation,
    Span,
    text_hash,
)

__all__ = [
    "DEFAULT_SCHEMA",
    "AnnotatorError",
    "Changes",
    "ConflictError",
    "DocStatus",
    "Document",
    "Label",
    "LabelKind",
    "LabelSchema",
    "Origin",
    "Relation",
    "Span",
    "ValidationError",
    "load_schema",
    "parse_schema",
    "text_hash",
]
