"""The codebook's value types: attribute and document-variable definitions, and checking a coded value.

A span label may carry attributes (e.g. SOURCE.type = official); a document label
is itself a variable coded once per article and coder (FRAME = conflict). Both are
typed (`choice`, `multi`, `bool`, `number`, `text`) and have a level of measurement
that agreement statistics use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ValidationError

if TYPE_CHECKING:  # types.py imports this module: the Label type is only named here
    from annotator.core.types import Label


class ValueType(StrEnum):
    """What kind of value an attribute or document variable holds."""

    CHOICE = "choice"
    MULTI = "multi"
    BOOL = "bool"
    NUMBER = "number"
    TEXT = "text"


class Level(StrEnum):
    """The level of measurement, for agreement statistics."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


DEFAULT_LEVEL = {
    ValueType.CHOICE: Level.NOMINAL,
    ValueType.MULTI: Level.NOMINAL,
    ValueType.BOOL: Level.NOMINAL,
    ValueType.NUMBER: Level.INTERVAL,
    ValueType.TEXT: Level.NOMINAL,
}

# The levels a type may be measured at. A subset of what agreement accepts: a choice's values are
# words, so at most ordered; a number is at least ordered (a nominal number is a choice).
ALLOWED_LEVELS = {
    ValueType.CHOICE: (Level.NOMINAL, Level.ORDINAL),
    ValueType.MULTI: (Level.NOMINAL,),
    ValueType.BOOL: (Level.NOMINAL,),
    ValueType.NUMBER: (Level.ORDINAL, Level.INTERVAL, Level.RATIO),
    ValueType.TEXT: (Level.NOMINAL,),
}


@dataclass(frozen=True)
class Choice:
    """One value a choice or multi attribute may take, with the guidelines for it."""

    name: str
    description: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueSpec:
    """How a value is typed and checked: shared by span attributes and document variables.

    Attributes:
        type: choice, multi, bool, number or text.
        choices: the allowed values of a choice or multi, in order (the order of an ordinal choice).
        minimum, maximum: the bounds of a number, or None.
        level: the level of measurement.
    """

    type: ValueType = ValueType.TEXT
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    level: Level = Level.NOMINAL

    @classmethod
    def of(
        cls,
        type: ValueType,
        choices: tuple[Choice, ...] = (),
        minimum: float | None = None,
        maximum: float | None = None,
        level: Level | None = None,
    ) -> ValueSpec:
        """A spec whose level, when not given, is the type's default (DEFAULT_LEVEL)."""
        return cls(type, choices, minimum, maximum, DEFAULT_LEVEL[type] if level is None else level)

    def names(self) -> tuple[str, ...]:
        """The names of the allowed choices."""
        return tuple(c.name for c in self.choices)


@dataclass(frozen=True)
class Attribute:
    """An attribute a span of one label may carry (e.g. SOURCE.type)."""

    name: str
    spec: ValueSpec = ValueSpec()
    description: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentValue:
    """One coder's value of a document variable for one article.

    Attributes:
        label: the document variable's name (a label of kind document).
        value: a string (choice, text), a list of strings (multi), a bool or a number.
        annotator: who coded it, or None for an unattributed import.
        codebook_version: the codebook version it was coded under, or None when unknown.
    """

    label: str
    value: Any
    annotator: str | None = None
    codebook_version: int | None = None


def check_value(spec: ValueSpec, value: Any, where: str) -> Any:
    """Return the value in its stored form, or raise ValidationError naming `where`.

    A multi value is returned as a list in the codebook's order, a whole number
    as an int; None is refused (an empty variable is simply not stored).
    """
    if spec.type == ValueType.BOOL:
        if not isinstance(value, bool):
            raise ValidationError(f"{where}: expected true or false, got {value!r}")
        return value
    if spec.type == ValueType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValidationError(f"{where}: expected a number, got {value!r}")
        if spec.minimum is not None and value < spec.minimum:
            raise ValidationError(f"{where}: {value} is below the minimum {_num(spec.minimum)}")
        if spec.maximum is not None and value > spec.maximum:
            raise ValidationError(f"{where}: {value} is above the maximum {_num(spec.maximum)}")
        if spec.level == Level.RATIO and value < 0:
            raise ValidationError(f"{where}: {value} is negative, and a ratio number cannot be")
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if spec.type == ValueType.TEXT:
        if not isinstance(value, str):
            raise ValidationError(f"{where}: expected text, got {value!r}")
        return value
    names = spec.names()
    if spec.type == ValueType.CHOICE:
        if not isinstance(value, str) or value not in names:
            raise ValidationError(f"{where}: {value!r} is not one of {', '.join(names) or '(no values)'}")
        return value
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"{where}: expected a list of values, got {value!r}")
    unknown = [v for v in value if v not in names]
    if unknown:
        raise ValidationError(
            f"{where}: {', '.join(map(repr, unknown))} not among {', '.join(names) or '(no values)'}"
        )
    chosen = set(value)
    return [n for n in names if n in chosen]


def check_attributes(label: Label, attributes: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A span's attributes in their stored form, checked against its label's definitions.

    An attribute whose value is None is not coded and left out; an attribute the label
    does not define is refused, naming it and the label's attributes.
    """
    out: dict[str, Any] = {}
    for name, value in attributes.items():
        attribute = label.attribute(name) if isinstance(name, str) else None
        if attribute is None:
            known = ", ".join(a.name for a in label.attributes) or "none"
            raise ValidationError(
                f"{where}: label {label.name!r} has no attribute {name!r} (its attributes: {known})"
            )
        if value is not None:
            out[name] = check_value(attribute.spec, value, f"{where}: attribute {name!r} of {label.name}")
    return out


def check_document_value(label: Label, value: Any, where: str) -> Any:
    """A document variable's value in its stored form, checked against the variable's spec."""
    if label.kind.value != "document":
        raise ValidationError(
            f"{where}: {label.name!r} is a {label.kind.value} label, not a document variable"
        )
    if label.spec is None:
        raise ValidationError(f"{where}: document variable {label.name!r} has no type")
    return check_value(label.spec, value, f"{where}: {label.name}")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
