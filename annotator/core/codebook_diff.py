"""What changed between two codebooks, each change told in one line and marked if it breaks stored data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.core.codebook import Attribute, Choice, Level, ValueSpec, ValueType
from annotator.core.types import Label, LabelKind, LabelSchema


class ChangeKind(StrEnum):
    """What a codebook change did."""

    LABEL_ADDED = "label added"
    LABEL_REMOVED = "label removed"
    LABEL_CHANGED = "label changed"
    LABELS_REORDERED = "labels reordered"
    ATTRIBUTE_ADDED = "attribute added"
    ATTRIBUTE_REMOVED = "attribute removed"
    ATTRIBUTE_CHANGED = "attribute changed"
    VALUE_ADDED = "value added"
    VALUE_REMOVED = "value removed"
    VALUE_CHANGED = "value changed"
    SPEC_CHANGED = "spec changed"


@dataclass(frozen=True)
class CodebookChange:
    """One change from an old codebook to a new one.

    Attributes:
        kind: what the change did.
        label: the label it concerns ("" for the order of the labels).
        text: the change in one line, e.g. "SOURCE: attribute 'type' gained value 'anonymous'".
        breaking: whether stored annotations may no longer fit (a label, attribute or value
            removed, a type changed, a range narrowed, a relation's end changed).
        attribute: the attribute it concerns, or None for the label itself (a document variable's values).
        value: the choice value it concerns, or None.
        field: what changed for a *_CHANGED kind: colour, hotkey, description, examples, head,
            tail, role, required, kind, order, type, level or range.
    """

    kind: ChangeKind
    label: str
    text: str
    breaking: bool = False
    attribute: str | None = None
    value: str | None = None
    field: str = ""


def breaking_changes(changes: Iterable[CodebookChange]) -> list[CodebookChange]:
    """The changes that may break stored annotations (an import refuses them without --force)."""
    return [c for c in changes if c.breaking]


def diff_codebooks(old: LabelSchema, new: LabelSchema) -> list[CodebookChange]:
    """The changes that turn `old` into `new`: removed labels first, then the new codebook's order."""
    out: list[CodebookChange] = []
    new_names = {lab.name for lab in new.labels}
    for lab in old.labels:
        if lab.name not in new_names:
            out.append(
                CodebookChange(ChangeKind.LABEL_REMOVED, lab.name, f"{lab.name}: {_kind(lab)} removed", True)
            )
    for lab in new.labels:
        before = old.get(lab.name)
        if before is None:
            out.append(
                CodebookChange(ChangeKind.LABEL_ADDED, lab.name, f"{lab.name}: new {_kind(lab)}{_about(lab)}")
            )
        else:
            out.extend(_label_changes(before, lab))
    kept_old = [lab.name for lab in old.labels if lab.name in new_names]
    kept_new = [lab.name for lab in new.labels if old.get(lab.name) is not None]
    if kept_old != kept_new:
        out.append(CodebookChange(ChangeKind.LABELS_REORDERED, "", "label order changed", field="order"))
    return out


def _kind(lab: Label) -> str:
    return "document variable" if lab.kind == LabelKind.DOCUMENT else f"{lab.kind} label"


def _about(lab: Label) -> str:
    if lab.spec is not None:
        return f" ({lab.spec.type})"
    if lab.kind == LabelKind.RELATION:
        return f" ({lab.head or 'any'} -> {lab.tail or 'any'})"
    return ""


def _label_changes(old: Label, new: Label) -> list[CodebookChange]:
    name = new.name
    out: list[CodebookChange] = []

    def changed(field: str, text: str, breaking: bool = False) -> None:
        out.append(CodebookChange(ChangeKind.LABEL_CHANGED, name, f"{name}: {text}", breaking, field=field))

    if old.kind != new.kind:
        changed("kind", f"kind {old.kind} -> {new.kind}", True)
        return out
    if old.colour.upper() != new.colour.upper() and new.kind != LabelKind.DOCUMENT:
        changed("colour", f"colour {old.colour} -> {new.colour}")
    if old.hotkey != new.hotkey:
        changed("hotkey", f"hotkey {old.hotkey or 'none'} -> {new.hotkey or 'none'}")
    if old.role != new.role:
        changed("role", f"role {old.role.value or 'none'} -> {new.role.value or 'none'}")
    for field, before, after in (("head", old.head, new.head), ("tail", old.tail, new.tail)):
        if before != after:
            # Stored relations fit a wider end ("any"), not a different one.
            changed(field, f"{field} {before or 'any'} -> {after or 'any'}", bool(after))
    if old.required != new.required:
        changed("required", "now required" if new.required else "no longer required")
    out.extend(_guideline_changes(ChangeKind.LABEL_CHANGED, name, f"{name}:", old, new))
    if old.spec is not None and new.spec is not None:
        out.extend(_spec_changes(name, None, f"{name}:", old.spec, new.spec))
    out.extend(_attribute_changes(name, old.attributes, new.attributes))
    return out


def _guideline_changes(
    kind: ChangeKind,
    label: str,
    subject: str,
    old: Label | Attribute | Choice,
    new: Label | Attribute | Choice,
    attribute: str | None = None,
    value: str | None = None,
) -> list[CodebookChange]:
    out = []
    if old.description != new.description:
        out.append(
            CodebookChange(
                kind, label, f"{subject} description changed", False, attribute, value, "description"
            )
        )
    if old.examples != new.examples:
        text = f"{subject} examples changed ({len(old.examples)} -> {len(new.examples)})"
        out.append(CodebookChange(kind, label, text, False, attribute, value, "examples"))
    return out


def _attribute_changes(
    label: str, old: Sequence[Attribute], new: Sequence[Attribute]
) -> list[CodebookChange]:
    out: list[CodebookChange] = []
    old_by = {a.name: a for a in old}
    new_by = {a.name: a for a in new}
    for a in old:
        if a.name not in new_by:
            text = f"{label}: attribute {a.name!r} removed"
            out.append(CodebookChange(ChangeKind.ATTRIBUTE_REMOVED, label, text, True, a.name))
    for a in new:
        before = old_by.get(a.name)
        subject = f"{label}: attribute {a.name!r}"
        if before is None:
            text = f"{label}: new attribute {a.name!r} ({a.spec.type})"
            out.append(CodebookChange(ChangeKind.ATTRIBUTE_ADDED, label, text, False, a.name))
            continue
        out.extend(_guideline_changes(ChangeKind.ATTRIBUTE_CHANGED, label, subject, before, a, a.name))
        out.extend(_spec_changes(label, a.name, subject, before.spec, a.spec))
    if [a.name for a in old if a.name in new_by] != [a.name for a in new if a.name in old_by]:
        text = f"{label}: attribute order changed"
        out.append(CodebookChange(ChangeKind.ATTRIBUTE_CHANGED, label, text, field="order"))
    return out


def _spec_changes(
    label: str, attribute: str | None, subject: str, old: ValueSpec, new: ValueSpec
) -> list[CodebookChange]:
    out: list[CodebookChange] = []

    def changed(field: str, text: str, breaking: bool = False) -> None:
        out.append(
            CodebookChange(
                ChangeKind.SPEC_CHANGED, label, f"{subject} {text}", breaking, attribute, None, field
            )
        )

    if old.type != new.type:
        changed("type", f"type {old.type} -> {new.type}", True)
    if old.level != new.level:
        changed("level", f"level {old.level} -> {new.level}")
    if (old.minimum, old.maximum) != (new.minimum, new.maximum):
        changed("range", f"range {_range(old)} -> {_range(new)}", _narrower(old, new))
    if old.choices and new.choices:
        out.extend(_choice_changes(label, attribute, subject, old, new))
    return out


def _narrower(old: ValueSpec, new: ValueSpec) -> bool:
    low = new.minimum is not None and (old.minimum is None or old.minimum < new.minimum)
    high = new.maximum is not None and (old.maximum is None or old.maximum > new.maximum)
    return low or high


def _range(spec: ValueSpec) -> str:
    if spec.minimum is None and spec.maximum is None:
        return "any"
    if spec.maximum is None:
        return f"at least {spec.minimum}"
    if spec.minimum is None:
        return f"at most {spec.maximum}"
    return f"{spec.minimum} to {spec.maximum}"


def _choice_changes(
    label: str, attribute: str | None, subject: str, old: ValueSpec, new: ValueSpec
) -> list[CodebookChange]:
    out: list[CodebookChange] = []
    old_by = {c.name: c for c in old.choices}
    new_by = {c.name: c for c in new.choices}
    for c in old.choices:
        if c.name not in new_by:
            text = f"{subject} lost value {c.name!r}"
            out.append(CodebookChange(ChangeKind.VALUE_REMOVED, label, text, True, attribute, c.name))
    for c in new.choices:
        before = old_by.get(c.name)
        if before is None:
            text = f"{subject} gained value {c.name!r}"
            out.append(CodebookChange(ChangeKind.VALUE_ADDED, label, text, False, attribute, c.name))
        else:
            value_subject = f"{subject} value {c.name!r}"
            out.extend(
                _guideline_changes(
                    ChangeKind.VALUE_CHANGED, label, value_subject, before, c, attribute, c.name
                )
            )
    if [n for n in old.names() if n in new_by] != [n for n in new.names() if n in old_by]:
        ordinal = new.level == Level.ORDINAL and new.type == ValueType.CHOICE
        text = f"{subject} values reordered" + (" (the order of its ordinal scale)" if ordinal else "")
        out.append(CodebookChange(ChangeKind.VALUE_CHANGED, label, text, False, attribute, None, "order"))
    return out
