"""Values read from formats that cannot type them (brat, Label Studio), turned into the codebook's types.

brat's attribute lines hold one word (`A1<TAB>type T1 official`, or a bare flag),
and Label Studio keeps choices as lists and yes/no questions as choices. Given
the codebook, `typed_record` gives each span attribute and document value the
form the codebook's type has (a choice a string, a multi a list, a bool a bool,
a number a number, a text a string); a value that cannot be read as its type is
left as it is, for the importer's check (core.codebook.check_value) to name it.
Attributes and variables the codebook does not define are left as they are.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from annotator.core.codebook import ValueSpec, ValueType
from annotator.core.types import AnnotatedDocument, LabelKind, LabelSchema, Span

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_INT = re.compile(r"[+-]?[0-9]{1,30}")
_SPACE = re.compile(r"\s+")


def one_word(value: str) -> str:
    """A value as a one-word format (brat) writes it: each run of white space becomes `_`."""
    return _SPACE.sub("_", value.strip()) if value else value


def typed_value(spec: ValueSpec, value: Any) -> Any:
    """`value` in the form of the spec's type where it can be read so, else unchanged."""
    kind = spec.type
    if kind == ValueType.MULTI:
        items = value if isinstance(value, list) else [value]
        return [_choice(spec, v) for v in items]
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if kind == ValueType.CHOICE:
        return _choice(spec, value)
    if kind == ValueType.BOOL and isinstance(value, str):
        word = value.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else value
    if kind == ValueType.NUMBER and isinstance(value, str):
        return _number(value)
    if kind == ValueType.TEXT and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value


def _choice(spec: ValueSpec, value: Any) -> Any:
    """A choice as the codebook names it; a one-word spelling (`human_interest`) finds its value."""
    if not isinstance(value, str):
        return value
    names = spec.names()
    if value in names:
        return value
    matches = [n for n in names if one_word(n) == value]
    return matches[0] if len(matches) == 1 else value


def _number(text: str) -> Any:
    raw = text.strip()
    if _INT.fullmatch(raw):
        return int(raw)
    try:
        number = float(raw)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def typed_record(record: AnnotatedDocument, schema: LabelSchema) -> AnnotatedDocument:
    """The record with every attribute and document value the codebook defines in its type's form."""
    spans = tuple(_typed_span(s, schema) for s in record.spans)
    values = record.values
    if values:
        specs = {lab.name: lab.spec for lab in schema.labels if lab.kind == LabelKind.DOCUMENT and lab.spec}
        values = tuple(
            replace(v, value=typed_value(specs[v.label], v.value)) if v.label in specs else v for v in values
        )
    if values is record.values and all(a is b for a, b in zip(spans, record.spans, strict=True)):
        return record
    return replace(record, spans=spans, values=values)


def _typed_span(span: Span, schema: LabelSchema) -> Span:
    if not span.attributes:
        return span
    label = schema.get(span.label)
    if label is None or not label.attributes:
        return span
    attributes = {}
    for name, value in span.attributes.items():
        attribute = label.attribute(name)
        attributes[name] = value if attribute is None else typed_value(attribute.spec, value)
    return replace(span, attributes=attributes)
