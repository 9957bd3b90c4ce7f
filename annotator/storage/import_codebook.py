"""An import's check of records against the project's codebook: labels, span attributes, document values.

With `add_labels`, what the codebook lacks is added as the import goes: unknown
labels (with the next colour and hotkey), unknown choice values of an attribute or
variable, and unknown document variables (typed from the value they first carry).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.codebook import (
    Choice,
    DocumentValue,
    ValueSpec,
    ValueType,
    check_attributes,
    check_document_value,
)
from annotator.core.codebook_check import label_of, unknown_label
from annotator.core.coerce import typed_record
from annotator.core.palette import new_label
from annotator.core.types import AnnotatedDocument, Label, LabelKind, LabelSchema, Span
from annotator.core.validation import check_label_name
from annotator.storage import repo
from annotator.storage.uow import Session


def _spec_for(value: Any) -> ValueSpec:
    """The type a new document variable takes from the first value it carries."""
    if isinstance(value, bool):
        return ValueSpec.of(ValueType.BOOL)
    if isinstance(value, int | float):
        return ValueSpec.of(ValueType.NUMBER)
    if isinstance(value, list):
        return ValueSpec.of(ValueType.MULTI, choices=tuple(Choice(str(v)) for v in value))
    return ValueSpec.of(ValueType.CHOICE, choices=(Choice(str(value)),))


def _with_choices(spec: ValueSpec, value: Any) -> ValueSpec:
    """The spec with the choices `value` names added (for a choice or multi spec)."""
    if spec.type not in (ValueType.CHOICE, ValueType.MULTI):
        return spec
    wanted = value if isinstance(value, list) else [value]
    names = spec.names()
    extra = tuple(Choice(v) for v in dict.fromkeys(wanted) if isinstance(v, str) and v not in names)
    return replace(spec, choices=spec.choices + extra) if extra else spec


class CodebookGuard:
    """Checks (and with add_labels, extends) the codebook for one import, writing additions in its transaction.

    Attributes:
        schema: the project's codebook as it stands now.
        label_ids: label name -> row id.
        labels_added: the names of labels added, in order.
        values_added: "LABEL.attribute=value" (or "VARIABLE=value") for every choice added.
    """

    def __init__(self, session: Session, project_id: int, *, add_labels: bool, coerce: bool) -> None:
        self.s = session
        self.pid = project_id
        self.add_labels = add_labels
        self.coerce = coerce
        self.schema = repo.load_schema(session, project_id)
        self.label_ids = repo.label_ids(session, project_id)
        self.labels_added: list[str] = []
        self.values_added: list[str] = []

    def check(self, record: AnnotatedDocument, where: str) -> AnnotatedDocument:
        """The record with its attributes and values in stored form; refused when they break the codebook."""
        if self.coerce and (record.values or any(s.attributes for s in record.spans)):
            record = typed_record(record, self.schema)
        for name in dict.fromkeys([s.label for s in record.spans]):  # each label once, in order
            self._label(name, LabelKind.SPAN, where)
        for rel in record.relations:
            self._label(rel.label, LabelKind.RELATION, where)
        spans = record.spans
        if any(s.attributes for s in spans):
            spans = tuple(self._span(s, where) if s.attributes else s for s in spans)
        values = tuple(self._value(v, where) for v in record.values) if record.values else record.values
        if spans == record.spans and values == record.values:
            return record
        return replace(record, spans=spans, values=values)

    def _label(self, name: str, kind: LabelKind, where: str, value: Any = None) -> Label:
        label = label_of(self.schema, name, kind, where)
        if label is not None:
            return label
        check_label_name(name, f"{where}: label {name[:64]!r}")
        if not self.add_labels:
            raise unknown_label(self.schema, name, kind, where, "use --add-labels to add it")
        new = new_label(self.schema, name, kind, _spec_for(value) if kind == LabelKind.DOCUMENT else None)
        repo.add_labels(self.s, self.pid, [new])
        self._use(LabelSchema((*self.schema.labels, new)))
        self.labels_added.append(name)
        return new

    def _use(self, schema: LabelSchema) -> None:
        self.schema = schema
        self.label_ids = repo.label_ids(self.s, self.pid)

    def _replace(self, label: Label) -> None:
        """Store a label changed by this import (a choice added), in place."""
        self.schema = LabelSchema(
            tuple(label if lab.name == label.name else lab for lab in self.schema.labels)
        )
        repo.replace_labels(self.s, self.pid, self.schema)

    def _span(self, span: Span, where: str) -> Span:
        where = f"{where}, span {span.id}"
        label = self.schema.get(span.label)
        assert label is not None
        if self.add_labels:
            label = self._grow_attributes(label, span)
        attributes = check_attributes(label, span.attributes, where)
        return span if attributes == span.attributes else replace(span, attributes=attributes)

    def _grow_attributes(self, label: Label, span: Span) -> Label:
        changed = False
        attributes = []
        for attribute in label.attributes:
            value = span.attributes.get(attribute.name)
            spec = _with_choices(attribute.spec, value) if value is not None else attribute.spec
            if spec is not attribute.spec:
                added = set(spec.names()) - set(attribute.spec.names())
                self.values_added += [f"{label.name}.{attribute.name}={v}" for v in sorted(added)]
                attribute, changed = replace(attribute, spec=spec), True
            attributes.append(attribute)
        if not changed:
            return label
        grown = replace(label, attributes=tuple(attributes))
        self._replace(grown)
        return grown

    def _value(self, value: DocumentValue, where: str) -> DocumentValue:
        label = self._label(value.label, LabelKind.DOCUMENT, where, value.value)
        if self.add_labels and label.spec is not None:
            spec = _with_choices(label.spec, value.value)
            if spec is not label.spec:
                self.values_added += [
                    f"{label.name}={v}" for v in sorted(set(spec.names()) - set(label.spec.names()))
                ]
                label = replace(label, spec=spec)
                self._replace(label)
        stored = check_document_value(label, value.value, f"{where}: document value")
        return value if stored == value.value else replace(value, value=stored)
