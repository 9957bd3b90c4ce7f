"""Pure codebook edits: rename a label, merge one label into another, rename a value.

Each returns the new schema and leaves the stored annotations to the caller, who migrates
them in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.core.codebook import Level, ValueSpec, ValueType
from annotator.core.codebook_json import check_value_name
from annotator.core.errors import ValidationError
from annotator.core.types import Label, LabelSchema
from annotator.core.validation import check_label_name


def _label(schema: LabelSchema, name: str) -> Label:
    label = schema.get(name)
    if label is None:
        known = ", ".join(lab.name for lab in schema.labels) or "none"
        raise ValidationError(f"no label named {name!r} (labels: {known})")
    return label


def _renamed_ends(label: Label, old: str, new: str) -> Label:
    """A relation label whose head or tail named `old` now names `new`."""
    head = new if label.head == old else label.head
    tail = new if label.tail == old else label.tail
    return replace(label, head=head, tail=tail) if (head, tail) != (label.head, label.tail) else label


def rename_label(schema: LabelSchema, old: str, new: str) -> LabelSchema:
    """The schema with label `old` called `new`, relation heads and tails following."""
    label = _label(schema, old)
    check_label_name(new, f"renaming label {old!r}")
    if new == old:
        raise ValidationError(f"label {old!r} already has that name")
    if schema.get(new) is not None:
        raise ValidationError(f"cannot rename {old!r} to {new!r}: a label named {new!r} already exists")
    labels = tuple(
        replace(label, name=new) if lab.name == old else _renamed_ends(lab, old, new) for lab in schema.labels
    )
    return LabelSchema(labels)


def merge_labels(schema: LabelSchema, source: str, into: str) -> LabelSchema:
    """The schema without `source`, whose annotations become `into`'s.

    Refused when the kinds differ or a value of `source` would not fit `into` (an attribute
    `into` lacks or types otherwise, values it does not list, a wider range, a relation end
    it does not accept). `into` keeps its own guidelines, colour and hotkey, and takes the
    role of `source` when it has none.
    """
    src, dst = _label(schema, source), _label(schema, into)
    where = f"cannot merge {source!r} into {into!r}"
    if source == into:
        raise ValidationError(f"{where}: they are the same label")
    if src.kind != dst.kind:
        raise ValidationError(f"{where}: {source!r} is a {src.kind} label and {into!r} a {dst.kind} label")
    for attribute in src.attributes:
        target = dst.attribute(attribute.name)
        if target is None:
            raise ValidationError(f"{where}: {into!r} has no attribute {attribute.name!r}")
        reason = _misfit(attribute.spec, target.spec)
        if reason:
            raise ValidationError(f"{where}: attribute {attribute.name!r} {reason}")
    if src.spec is not None and dst.spec is not None:
        reason = _misfit(src.spec, dst.spec)
        if reason:
            raise ValidationError(f"{where}: its value {reason}")
    for end, theirs, ours in (("head", src.head, dst.head), ("tail", src.tail, dst.tail)):
        if ours and theirs != ours:
            raise ValidationError(
                f"{where}: {into!r} needs a {ours} {end}, and {source!r} relations have {theirs or 'any label'}"
            )
    merged = dst if dst.role else replace(dst, role=src.role)
    labels = tuple(
        merged if lab.name == into else _renamed_ends(lab, source, into)
        for lab in schema.labels
        if lab.name != source
    )
    return LabelSchema(labels)


def _misfit(old: ValueSpec, new: ValueSpec) -> str:
    """Why a value valid under `old` may be invalid under `new`, or "" when every one fits."""
    if old.type != new.type:
        return f"is a {old.type} in one and a {new.type} in the other"
    missing = [n for n in old.names() if n not in new.names()]
    if missing:
        return f"has value(s) {', '.join(map(repr, missing))} the other does not list"
    if new.minimum is not None and (old.minimum is None or old.minimum < new.minimum):
        return f"may be below the other's minimum {new.minimum}"
    if new.maximum is not None and (old.maximum is None or old.maximum > new.maximum):
        return f"may be above the other's maximum {new.maximum}"
    negative = old.minimum is None or old.minimum < 0
    if new.type == ValueType.NUMBER and new.level == Level.RATIO and old.level != Level.RATIO and negative:
        return "may be negative, and the other is a ratio number"
    return ""


def rename_value(schema: LabelSchema, label: str, attribute: str | None, old: str, new: str) -> LabelSchema:
    """The schema with a choice value renamed: of a span label's attribute, or (attribute None) of a document variable."""
    lab = _label(schema, label)
    where = f"label {label!r}" + (f", attribute {attribute!r}" if attribute is not None else "")
    if attribute is None:
        if lab.spec is None:
            raise ValidationError(f"{where}: a {lab.kind} label has no values; name one of its attributes")
        spec = lab.spec
    else:
        found = lab.attribute(attribute)
        if found is None:
            known = ", ".join(a.name for a in lab.attributes) or "none"
            raise ValidationError(f"{where}: no such attribute (its attributes: {known})")
        spec = found.spec
    if spec.type not in (ValueType.CHOICE, ValueType.MULTI):
        raise ValidationError(f"{where}: a {spec.type} has no values to rename")
    if old not in spec.names():
        raise ValidationError(f"{where}: no value {old!r} (values: {', '.join(spec.names())})")
    check_value_name(new, f"{where}: renaming value {old!r}")
    if new in spec.names():
        raise ValidationError(f"{where}: cannot rename {old!r} to {new!r}: {new!r} is already a value")
    choices = tuple(replace(c, name=new) if c.name == old else c for c in spec.choices)
    new_spec = replace(spec, choices=choices)
    if attribute is None:
        changed = replace(lab, spec=new_spec)
    else:
        changed = replace(
            lab,
            attributes=tuple(replace(a, spec=new_spec) if a.name == attribute else a for a in lab.attributes),
        )
    return LabelSchema(tuple(changed if x.name == label else x for x in schema.labels))
