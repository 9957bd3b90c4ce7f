"""What a spaCy Doc of the export carries besides its spans: `doc.cats`, and attributes, fragments, relations in `doc.user_data`.

`doc.cats`, for the codebook's choice, multi and bool document variables
(the `cats` option names the variables to include, comma-separated; all by
default), holds the value the document's coders agree on:

- choice and multi: one category per value of the variable, `"FRAME=conflict":
  1.0` for the chosen value(s) and `0.0` for every other value;
- bool: the variable's name, `"BREAKING": 1.0` (true) or `0.0` (false).

A variable nobody coded (or whose coders disagree, counted in the report) has
no category at all, which spaCy's `textcat_multilabel` treats as missing
rather than negative. spaCy's exclusive `textcat` allows one positive category
per document, so train it on one choice variable (`--option cats=FRAME`).

`doc.user_data` keys (msgpack gives lists back as tuples):

- `("annotator.attributes", start_char, end_char, label)`: the span's
  attributes, `{"type": "official", "named": True}` (start and end are the
  span's, its hull for a discontinuous one);
- `("annotator.fragments", start_char, end_char, label)`: the pieces of a
  discontinuous span, `[[s1, e1], [s2, e2]]`; each piece is a span of that
  label in `doc.spans["sc"]`, and none is in `doc.ents`;
- `"annotator.relations"`: `[{"head": [start, end, label], "tail": [start,
  end, label], "label": "ATTRIBUTED_TO"}]`, head and tail named like the keys
  above;
- `"annotator.document_values"`: every coder's value of every variable,
  `[{"label", "value", "annotator", "codebook_version"}]` (numbers and texts
  included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from annotator.core.codebook import ValueType
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, LabelKind, LabelSchema
from annotator.formats import docvalues
from annotator.formats.base import Options, WriteStats, opt_str
from annotator.formats.checks import unique_spans

ATTRIBUTES = "annotator.attributes"
FRAGMENTS = "annotator.fragments"
RELATIONS = "annotator.relations"
DOCUMENT_VALUES = "annotator.document_values"

SpanRef = tuple[int, int, str]


def cats_variables(schema: LabelSchema, options: Options) -> frozenset[str] | None:
    """The variables the `cats` option names (checked against the codebook), or None for all."""
    raw = opt_str(options, "cats", "")
    if not raw:
        return None
    names = frozenset(n.strip() for n in raw.split(",") if n.strip())
    known = {lab.name for lab in docvalues.variables(schema)}
    unknown = sorted(names - known)
    if unknown:
        raise ValidationError(
            f"option cats: {', '.join(unknown)} is not a choice, multi or bool document variable "
            f"(those are: {', '.join(sorted(known)) or 'none'})"
        )
    return names


def cats(values: Mapping[str, Any], schema: LabelSchema, only: frozenset[str] | None) -> dict[str, float]:
    """`doc.cats` of the agreed values (see the module docstring)."""
    out: dict[str, float] = {}
    for name, value in values.items():
        if only is not None and name not in only:
            continue
        spec = docvalues.spec_of(schema, name, value)
        if spec.type == ValueType.BOOL:
            out[name] = 1.0 if value else 0.0
        elif spec.type in (ValueType.CHOICE, ValueType.MULTI):
            chosen = set(value) if isinstance(value, list | tuple) else {value}
            for choice in [*spec.names(), *sorted(chosen - set(spec.names()))]:
                out[docvalues.category(name, choice)] = 1.0 if choice in chosen else 0.0
    return out


def add_extras(
    doc: Any, record: AnnotatedDocument, schema: LabelSchema, only: frozenset[str] | None, stats: WriteStats
) -> None:
    """Set `doc.cats` and the `doc.user_data` entries of one record, counting the relations written."""
    spans = unique_spans(record.spans, WriteStats())  # as the writer kept them; its counts are its own
    refs: dict[str, SpanRef] = {s.id: (s.start, s.end, s.label) for s in spans}
    for s in spans:
        if s.attributes:
            doc.user_data[(ATTRIBUTES, s.start, s.end, s.label)] = dict(s.attributes)
        if s.fragments:
            doc.user_data[(FRAGMENTS, s.start, s.end, s.label)] = [list(p) for p in s.fragments]
    relations = []
    for r in record.relations:
        if r.head in refs and r.tail in refs:
            relations.append({"head": list(refs[r.head]), "tail": list(refs[r.tail]), "label": r.label})
        else:
            stats.drop(r.label, "its head or tail span was merged with an identical one")
    if relations:
        doc.user_data[RELATIONS] = relations
    stats.relations += len(relations)
    if record.values:
        doc.user_data[DOCUMENT_VALUES] = [
            {
                "label": v.label,
                "value": v.value,
                "annotator": v.annotator,
                "codebook_version": v.codebook_version,
            }
            for v in record.values
        ]
    coded = tuple(
        v for v in record.values if _in_cats(schema, v.label, v.value) and (only is None or v.label in only)
    )
    doc.cats = cats(docvalues.agreed(replace(record, values=coded), stats, "doc.cats"), schema, only)


def _in_cats(schema: LabelSchema, name: str, value: Any) -> bool:
    label = schema.get(name)
    if label is not None and label.kind != LabelKind.DOCUMENT:
        return False
    return docvalues.spec_of(schema, name, value).type in docvalues.CATEGORY_TYPES


def fragment_groups(user_data: Mapping[Any, Any]) -> dict[SpanRef, list[tuple[int, int]]]:
    """The discontinuous spans recorded in a Doc's user_data: hull -> pieces."""
    out: dict[SpanRef, list[tuple[int, int]]] = {}
    for key, value in user_data.items():
        if isinstance(key, tuple) and len(key) == 4 and key[0] == FRAGMENTS:
            out[(key[1], key[2], key[3])] = [(int(a), int(b)) for a, b in value]
    return out
