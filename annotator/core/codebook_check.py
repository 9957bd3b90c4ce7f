"""A record checked against a codebook: the label lookups and value checks an import applies, as problems.

An import stops at a record's first problem (`storage/import_codebook.py`);
`annotator validate --project` lists them all. Both use the same rules: the
lookups here and `codebook.check_attributes` / `codebook.check_document_value`.
"""

from __future__ import annotations

from collections.abc import Iterator

from annotator.core.codebook import check_attributes, check_document_value
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Label, LabelKind, LabelSchema


def label_of(schema: LabelSchema, name: str, kind: LabelKind, where: str) -> Label | None:
    """The codebook's label of that name, None when it has none; refused when the label is of another kind."""
    label = schema.get(name)
    if label is not None and label.kind != kind:
        raise ValidationError(
            f"{where}: label {name!r} is a {label.kind.value} label, not a {kind.value} label"
        )
    return label


def unknown_label(
    schema: LabelSchema, name: str, kind: LabelKind, where: str, hint: str = ""
) -> ValidationError:
    """The error for a label the codebook lacks, naming the known labels of its kind (and `hint`)."""
    known = ", ".join(schema.names(kind)) or "none"
    return ValidationError(
        f"{where}: unknown label {name!r} (known labels: {known}{'; ' + hint if hint else ''})"
    )


def _known(schema: LabelSchema, name: str, kind: LabelKind, where: str) -> Label:
    label = label_of(schema, name, kind, where)
    if label is None:
        raise unknown_label(schema, name, kind, where)
    return label


def record_problems(record: AnnotatedDocument, schema: LabelSchema, where: str) -> Iterator[tuple[str, str]]:
    """Every (where, message) an import would refuse in the record's relations, span attributes and values.

    Span labels themselves are left to the format's validator (which checks them against
    the codebook's span labels); each attribute and value is checked on its own, so all are named.
    """
    for i, rel in enumerate(record.relations, 1):
        w = f"{where}, relation {i}"
        try:
            _known(schema, rel.label, LabelKind.RELATION, w)
        except ValidationError as exc:
            yield w, str(exc).removeprefix(f"{w}: ")
    for i, span in enumerate(record.spans, 1):
        label = schema.get(span.label)
        if label is None or label.kind != LabelKind.SPAN:
            continue
        w = f"{where}, span {i}"
        for name, value in span.attributes.items():
            try:
                check_attributes(label, {name: value}, w)
            except ValidationError as exc:
                yield w, str(exc).removeprefix(f"{w}: ")
    for i, value in enumerate(record.values, 1):
        w = f"{where}, document label {i}"
        try:
            check_document_value(_known(schema, value.label, LabelKind.DOCUMENT, w), value.value, w)
        except ValidationError as exc:
            yield w, str(exc).removeprefix(f"{w}: ")
