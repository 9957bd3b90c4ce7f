"""One Label Studio task from a record: regions, fragments, per-region attributes, relations, document variables.

Each annotator's spans are one annotation (`completed_by`), each suggester's
suggestions one prediction (`model_version`, each result with its `score`). A
discontinuous span is one `labels` region per fragment; every later fragment is
linked to the first by a relation labelled with the fragment link. Attributes
are per-region results carrying the first fragment's region `id` (from_name
`LABEL.attribute`); document variables are classification results (from_name
the variable) in their coder's annotation. A value is written as its codebook
type asks (choice and multi as `choices`, bool as the choice yes or no, number as
`number`, text as `textarea`); a value the codebook does not define is written
by its JSON kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import ValueSpec, ValueType
from annotator.core.types import AnnotatedDocument, LabelKind, LabelSchema, Origin, Span
from annotator.formats.base import WriteStats

NAMES_KEY = "annotator_names"
YES, NO = "yes", "no"


@dataclass
class Control:
    """A classification control the results use: its result type and the choices written."""

    type: str
    multiple: bool = False
    choices: list[str] = field(default_factory=list)


@dataclass
class Written:
    """What the tasks written so far use, for the labeling config: labels, relations, controls."""

    span_labels: list[str] = field(default_factory=list)
    relation_labels: list[str] = field(default_factory=list)
    regions: dict[tuple[str, str], Control] = field(default_factory=dict)
    documents: dict[str, Control] = field(default_factory=dict)
    fragments: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Names:
    """The names a task uses: the data key of the text, the labels control, the text tag, the fragment link."""

    text_key: str
    from_name: str
    to_name: str
    link: str


def _typed(spec: ValueSpec | None, value: Any) -> tuple[str, bool, Any] | None:
    """(result type, several choices?, value in Label Studio's shape), or None when it cannot be written."""
    kind = spec.type if spec is not None else None
    if kind == ValueType.BOOL and isinstance(value, bool):
        return "choices", False, [YES if value else NO]
    if kind in (ValueType.CHOICE, ValueType.MULTI) and isinstance(value, str):
        return "choices", kind == ValueType.MULTI, [value]
    if kind == ValueType.MULTI and isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "choices", True, list(value)
    if kind == ValueType.TEXT and isinstance(value, str):
        return "textarea", False, [value]
    if isinstance(value, bool):
        return "choices", False, [YES if value else NO]
    if isinstance(value, int | float):
        return "number", False, value
    if isinstance(value, str):
        return "textarea", False, [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "choices", True, list(value)
    return None


_KEY = {"choices": "choices", "textarea": "text", "number": "number"}


def _use(controls: dict[Any, Control], key: Any, kind: str, multiple: bool, shaped: Any) -> None:
    control = controls.setdefault(key, Control(kind, multiple))
    control.multiple = control.multiple or multiple
    if kind == "choices":
        control.choices += [c for c in shaped if c not in control.choices]


def task(
    record: AnnotatedDocument, stats: WriteStats, names: Names, schema: LabelSchema, seen: Written
) -> dict[str, Any]:
    """The task of one record."""
    doc = record.document
    text = doc.text
    data: dict[str, Any] = {names.text_key: text}
    data["id"] = doc.external_id if doc.external_id is not None else doc.id
    if doc.title:
        data["title"] = doc.title
    for meta_key, value in doc.meta.items():
        data.setdefault(meta_key, value)
    groups: dict[tuple[bool, str | None], list[dict[str, Any]]] = {}
    region_of: dict[str, tuple[tuple[bool, str | None], str]] = {}
    for s in sorted(record.spans, key=lambda s: (s.start, s.end, s.label, s.fragments)):
        suggested = s.origin == Origin.SUGGESTED
        group_key = (suggested, s.suggester if suggested else s.annotator)
        rid = f"r{len(region_of) + 1}"
        region_of[s.id] = (group_key, rid)
        groups.setdefault(group_key, []).extend(_regions(s, rid, text, names, schema, stats, seen))
        if s.label not in seen.span_labels:
            seen.span_labels.append(s.label)
        stats.labels[s.label] += 1
        stats.spans += 1
    pairs: dict[tuple[tuple[bool, str | None], str, str], dict[str, Any]] = {}
    for r in record.relations:
        head, tail = region_of.get(r.head), region_of.get(r.tail)
        if head is None or tail is None or head[0] != tail[0]:
            stats.drop(r.label, "Label Studio relations join regions of one annotation only")
            continue
        key = (head[0], head[1], tail[1])
        if key not in pairs:
            # Label Studio keeps one relation per pair of regions, with all its labels.
            pairs[key] = {
                "from_id": head[1],
                "to_id": tail[1],
                "type": "relation",
                "direction": "right",
                "labels": [],
            }
            groups[head[0]].append(pairs[key])
        if r.label not in pairs[key]["labels"]:
            pairs[key]["labels"].append(r.label)
        if r.label not in seen.relation_labels:
            seen.relation_labels.append(r.label)
        stats.relations += 1
    _document_values(record, groups, names, schema, stats, seen)
    return _assemble(data, groups)


def _regions(
    s: Span, rid: str, text: str, names: Names, schema: LabelSchema, stats: WriteStats, seen: Written
) -> list[dict[str, Any]]:
    """The region results of one span: one per fragment, their links, then its attributes."""
    origin = "prediction" if s.origin == Origin.SUGGESTED else "manual"
    out: list[dict[str, Any]] = []
    pieces = s.pieces()
    ids = [rid] + [f"{rid}-{k}" for k in range(2, len(pieces) + 1)]
    for region, (a, b) in zip(ids, pieces, strict=True):
        item: dict[str, Any] = {
            "id": region,
            "from_name": names.from_name,
            "to_name": names.to_name,
            "type": "labels",
            "origin": origin,
            "value": {"start": a, "end": b, "text": text[a:b], "labels": [s.label]},
        }
        if s.score is not None:
            item["score"] = s.score
        out.append(item)
    for region in ids[1:]:
        out.append(
            {
                "from_id": region,
                "to_id": rid,
                "type": "relation",
                "direction": "right",
                "labels": [names.link],
            }
        )
    if len(pieces) > 1:
        seen.fragments[s.label] += 1
    label = schema.get(s.label)
    a, b = pieces[0]
    for attr, value in s.attributes.items():
        attribute = label.attribute(attr) if label is not None else None
        shaped = _typed(attribute.spec if attribute is not None else None, value)
        if shaped is None:
            stats.drop(
                s.label, f"attribute {attr!r} holds a value Label Studio cannot hold ({type(value).__name__})"
            )
            continue
        kind, multiple, written = shaped
        region_value: dict[str, Any] = {"start": a, "end": b, "text": text[a:b]}
        region_value[_KEY[kind]] = written
        out.append(
            {
                "id": rid,
                "from_name": f"{s.label}.{attr}",
                "to_name": names.to_name,
                "type": kind,
                "origin": origin,
                "value": region_value,
            }
        )
        _use(seen.regions, (s.label, attr), kind, multiple, written)
    return out


def _document_values(
    record: AnnotatedDocument,
    groups: dict[tuple[bool, str | None], list[dict[str, Any]]],
    names: Names,
    schema: LabelSchema,
    stats: WriteStats,
    seen: Written,
) -> None:
    for n, v in enumerate(record.values, 1):
        label = schema.get(v.label)
        spec = label.spec if label is not None and label.kind == LabelKind.DOCUMENT else None
        shaped = _typed(spec, v.value)
        if shaped is None:
            stats.drop(v.label, f"a document value Label Studio cannot hold ({type(v.value).__name__})")
            continue
        kind, multiple, written = shaped
        groups.setdefault((False, v.annotator), []).append(
            {
                "id": f"d{n}",
                "from_name": v.label,
                "to_name": names.to_name,
                "type": kind,
                "origin": "manual",
                "value": {_KEY[kind]: written},
            }
        )
        _use(seen.documents, v.label, kind, multiple, written)


def _assemble(
    data: dict[str, Any], groups: dict[tuple[bool, str | None], list[dict[str, Any]]]
) -> dict[str, Any]:
    users: dict[str | None, int] = {}
    annotations = []
    predictions = []
    for (suggested, who), results in groups.items():
        if suggested:
            prediction: dict[str, Any] = {"result": results}
            if who is not None:
                prediction["model_version"] = who
            predictions.append(prediction)
            continue
        uid = users.setdefault(who, len(users) + 1)
        annotations.append(
            {"completed_by": uid, "result": results, "was_cancelled": False, "ground_truth": False}
        )
    task: dict[str, Any] = {"data": data, "annotations": annotations, "predictions": predictions}
    if users:
        task["meta"] = {NAMES_KEY: {str(uid): who for who, uid in users.items()}}
    return task
