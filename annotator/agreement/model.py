"""The input of an agreement computation: coded documents, coded spans and variable specs."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from annotator.core.errors import ValidationError


class VariableType(StrEnum):
    """What kind of value a coder gives a variable."""

    CHOICE = "choice"
    MULTI = "multi"
    BOOL = "bool"
    NUMBER = "number"
    TEXT = "text"


class Level(StrEnum):
    """A variable's level of measurement, which picks alpha's difference function."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


# Levels each type can be measured at; interval and ratio choices need numeric values.
_LEVELS: dict[VariableType, frozenset[Level]] = {
    VariableType.CHOICE: frozenset(Level),
    VariableType.MULTI: frozenset({Level.NOMINAL}),
    VariableType.BOOL: frozenset({Level.NOMINAL}),
    VariableType.NUMBER: frozenset(Level),
    VariableType.TEXT: frozenset({Level.NOMINAL}),
}


def is_number(value: object) -> bool:
    """True for a finite int or float (bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Variable:
    """A document variable or a span attribute whose agreement is measured.

    Attributes:
        name: the variable's name; a span attribute is named "LABEL.attribute".
        type: choice, multi (a set of choices), bool, number or text.
        level: nominal, ordinal, interval or ratio.
        values: the codebook's values in order (required for an ordinal choice); values
            coded but not listed are appended, sorted, for the other levels.
    """

    name: str
    type: VariableType = VariableType.CHOICE
    level: Level = Level.NOMINAL
    values: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "type", VariableType(self.type))
            object.__setattr__(self, "level", Level(self.level))
        except ValueError as exc:
            raise ValidationError(f"variable {self.name!r}: {exc}") from None
        object.__setattr__(self, "values", tuple(self.values))
        if self.level not in _LEVELS[self.type]:
            allowed = ", ".join(sorted(_LEVELS[self.type]))
            raise ValidationError(
                f"variable {self.name!r}: a {self.type} variable cannot be {self.level} (allowed: {allowed})"
            )
        if self.type is VariableType.CHOICE and self.level is Level.ORDINAL and not self.values:
            raise ValidationError(f"variable {self.name!r}: an ordinal choice needs its values in order")
        if len(set(self.values)) != len(self.values):
            raise ValidationError(f"variable {self.name!r}: a value is listed twice")
        numeric = self.level in (Level.INTERVAL, Level.RATIO)
        if numeric and not all(is_number(v) for v in self.values):
            raise ValidationError(f"variable {self.name!r}: {self.level} values must be numbers")


@dataclass(frozen=True)
class CodedSpan:
    """One coder's span: a label over one or more `[start, end)` pieces, with attributes.

    Attributes:
        label: the span label.
        fragments: ordered, disjoint `[start, end)` pieces in code points (one for a plain span).
        attributes: the span's attribute values by attribute name.
    """

    label: str
    fragments: tuple[tuple[int, int], ...]
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def plain(
        cls, label: str, start: int, end: int, attributes: Mapping[str, Any] | None = None
    ) -> CodedSpan:
        """A span of one piece."""
        return cls(label, ((start, end),), dict(attributes or {}))

    @property
    def start(self) -> int:
        """The first code point."""
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        """One past the last code point."""
        return self.fragments[-1][1]

    @property
    def size(self) -> int:
        """The number of code points covered."""
        return sum(e - s for s, e in self.fragments)


@dataclass(frozen=True)
class CodedDocument:
    """One document of the reliability sample, with every coder's codings of it.

    Attributes:
        doc_id: the document's id, used in the disagreement lists.
        length: the text's length in code points (the continuum of unitizing alpha).
        coders: who coded this document, even those who coded no span or value in it.
        values: variable name -> coder -> value; an absent coder (or None) did not code it.
        spans: coder -> that coder's spans in this document (any labels).
    """

    doc_id: Hashable
    length: int
    coders: tuple[str, ...]
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    spans: Mapping[str, tuple[CodedSpan, ...]] = field(default_factory=dict)

    def check(self) -> None:
        """Refuse coders or spans that do not fit this document."""
        where = f"document {self.doc_id}"
        if self.length < 0:
            raise ValidationError(f"{where}: negative length {self.length}")
        if len(set(self.coders)) != len(self.coders):
            raise ValidationError(f"{where}: a coder is listed twice")
        known = set(self.coders)
        for name, by_coder in self.values.items():
            for coder in by_coder:
                if coder not in known:
                    raise ValidationError(f"{where}: {coder} has a value of {name} but is not a coder of it")
        for coder, spans in self.spans.items():
            if coder not in known:
                raise ValidationError(f"{where}: {coder} has spans but is not a coder of it")
            for span in spans:
                _check_fragments(span, self.length, f"{where}: {coder}'s {span.label} span")


def _check_fragments(span: CodedSpan, length: int, where: str) -> None:
    if not span.fragments:
        raise ValidationError(f"{where} has no fragments")
    previous_end = -1
    for start, end in span.fragments:
        if not 0 <= start < end <= length:
            raise ValidationError(f"{where} has a piece [{start}, {end}) outside [0, {length}) or empty")
        if start < previous_end:
            raise ValidationError(f"{where} has overlapping or unordered pieces")
        previous_end = end
