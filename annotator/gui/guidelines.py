"""The codebook's guidelines (descriptions and examples) as plain text for tooltips and the Codebook view."""

from __future__ import annotations

from annotator.core.codebook import Attribute, Choice, ValueSpec, ValueType
from annotator.core.types import Label, LabelKind
from annotator.gui.plain import plain

TYPE_NAMES = {
    ValueType.CHOICE: "one of",
    ValueType.MULTI: "any of",
    ValueType.BOOL: "yes or no",
    ValueType.NUMBER: "a number",
    ValueType.TEXT: "text",
}


def guideline_lines(description: str, examples: tuple[str, ...]) -> list[str]:
    """The description, then the examples one per line."""
    lines = [description] if description else []
    if examples:
        lines.append("Examples:")
        lines.extend(f"  • {example}" for example in examples)
    return lines


def number(value: float) -> str:
    """A bound as a coder reads it: 5, not 5.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def spec_summary(spec: ValueSpec) -> str:
    """What a value may be, in a few words: "one of official, expert", "a number from 1 to 5"."""
    if spec.type in (ValueType.CHOICE, ValueType.MULTI):
        return f"{TYPE_NAMES[spec.type]} {', '.join(spec.names()) or '(no values)'}"
    if spec.type == ValueType.NUMBER:
        low, high = spec.minimum, spec.maximum
        if low is not None and high is not None:
            return f"a number from {number(low)} to {number(high)}"
        if low is not None:
            return f"a number, at least {number(low)}"
        if high is not None:
            return f"a number, at most {number(high)}"
    return TYPE_NAMES[spec.type]


def label_tip(label: Label, *extra: str) -> str:
    """A label's tooltip: its guidelines, its attributes or values, and `extra` lines."""
    lines = guideline_lines(label.description, label.examples)
    if label.kind == LabelKind.SPAN and label.attributes:
        lines.append("Attributes: " + ", ".join(a.name for a in label.attributes))
    if label.kind == LabelKind.DOCUMENT and label.spec is not None:
        lines.append(spec_summary(label.spec).capitalize())
        if label.required:
            lines.append("Required before Mark done.")
    lines.extend(line for line in extra if line)
    return plain("\n".join(lines))


def attribute_tip(attribute: Attribute) -> str:
    """An attribute's tooltip: its guidelines and what it may be."""
    lines = guideline_lines(attribute.description, attribute.examples)
    lines.append(spec_summary(attribute.spec).capitalize())
    return plain("\n".join(lines))


def choice_tip(choice: Choice) -> str:
    """A value's tooltip: its guidelines ("" when it has none, so no empty box shows)."""
    return plain("\n".join(guideline_lines(choice.description, choice.examples)))
