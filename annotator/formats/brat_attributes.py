"""brat attributes: `A` lines for span attributes, their `[attributes]` declarations, and reading them back.

A valued attribute is `A1<TAB>type T1 official` and is declared in annotation.conf
as `type<TAB>Arg:SOURCE, Value:official|expert`; a yes/no attribute that is true
is a bare flag, `A2<TAB>named T1`, declared `named<TAB>Arg:SOURCE` (brat has no
false flag: a false one is left out and counted). brat values are one word, so
white space in a value is written as `_` (coerce.typed_record finds the
codebook's value again). A multi attribute is one line per value. Values read
back are strings (a bare flag True); the importer types them with the codebook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import ValueType
from annotator.core.coerce import one_word
from annotator.core.errors import ValidationError
from annotator.core.types import LabelSchema, Span
from annotator.formats.base import WriteStats

_SMALL_RANGE = 20
"""A number attribute with whole bounds this close declares each value, so brat offers them."""


@dataclass
class _Declared:
    """What annotation.conf declares for one attribute name."""

    labels: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    flag: bool = False

    def add(self, label: str, value: str | None = None, *, flag: bool = False) -> None:
        if label not in self.labels:
            self.labels.append(label)
        if value is not None and value not in self.values:
            self.values.append(value)
        self.flag = self.flag or flag

    def merge(self, other: _Declared) -> None:
        for label in other.labels:
            self.add(label)
        for value in other.values:
            if value not in self.values:
                self.values.append(value)
        self.flag = self.flag or other.flag


@dataclass
class Attributes:
    """The attribute lines of an export and the declarations they need, gathered while writing."""

    schema: LabelSchema
    written: dict[str, _Declared] = field(default_factory=dict)

    def lines(self, span: Span, tid: str, first: int, stats: WriteStats) -> list[str]:
        """The A lines of one span written as `tid`, numbered from `first`."""
        out: list[str] = []
        label = self.schema.get(span.label)
        for name, value in span.attributes.items():
            attribute = label.attribute(name) if label is not None else None
            choices = attribute.spec.names() if attribute is not None else ()
            word_name = one_word(name)
            declared = self.written.setdefault(word_name, _Declared())
            for item in value if isinstance(value, list) else [value]:
                if item is True:
                    out.append(f"A{first + len(out)}\t{word_name} {tid}")
                    declared.add(span.label, flag=True)
                elif item is False:
                    stats.drop(
                        span.label, f"attribute {name!r} false (a brat flag is set or absent, never false)"
                    )
                elif isinstance(item, str | int | float) and str(item).strip():
                    word = one_word(str(item))
                    if word != str(item) and item not in choices:
                        how = f"attribute {name!r}: white space in a value written as '_' (a brat value is one word)"
                        stats.adjusted[(span.label, how)] += 1
                    out.append(f"A{first + len(out)}\t{word_name} {tid} {word}")
                    declared.add(span.label, word)
                else:
                    stats.drop(span.label, f"attribute {name!r} holds {_kind(item)}, which brat cannot write")
        return out

    def conf(self, span_labels: Iterable[str]) -> list[str]:
        """The `[attributes]` lines: the codebook's attributes of these labels, then any others written."""
        names = set(span_labels)
        merged: dict[str, _Declared] = {}
        for label in self.schema.span_labels():
            if label.name not in names:
                continue
            for attribute in label.attributes:
                declared = merged.setdefault(one_word(attribute.name), _Declared())
                spec = attribute.spec
                declared.add(label.name, flag=spec.type == ValueType.BOOL)
                for value in _declared_values(spec.type, spec.names(), spec.minimum, spec.maximum):
                    declared.add(label.name, value)
        for name, written in self.written.items():
            merged.setdefault(name, _Declared()).merge(written)
        out = []
        for name, declared in merged.items():
            args = f"Arg:{'|'.join(declared.labels)}"
            if declared.values:
                out.append(f"{name}\t{args}, Value:{'|'.join(declared.values)}")
            elif declared.flag:
                out.append(f"{name}\t{args}")
        return out


def _declared_values(
    kind: ValueType, names: tuple[str, ...], low: float | None, high: float | None
) -> list[str]:
    if kind in (ValueType.CHOICE, ValueType.MULTI):
        return [one_word(n) for n in names]
    whole = low is not None and high is not None and float(low).is_integer() and float(high).is_integer()
    if (
        kind == ValueType.NUMBER
        and whole
        and low is not None
        and high is not None
        and 0 <= high - low <= _SMALL_RANGE
    ):
        return [str(n) for n in range(int(low), int(high) + 1)]
    return []


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list inside a list"
    return "an empty value"


def parse_a(fields: list[str], where: str) -> tuple[str, str, str | bool]:
    """An A (or M) line's attribute name, target id, and value (True for a bare flag)."""
    bits = fields[1].split()
    if len(bits) not in (2, 3):
        raise ValidationError(
            f"{where}: an attribute line is 'A1<TAB>name T1' or 'A1<TAB>name T1 value', got {fields[1]!r}"
        )
    return bits[0], bits[1], bits[2] if len(bits) == 3 else True


def attach(
    found: list[tuple[str, str, str, str | bool]], tids: set[str], ignored: Counter[str]
) -> dict[str, dict[str, Any]]:
    """Attributes by T id from (where, name, target, value) of the A lines; a T target must exist.

    A name given twice on one span gathers its values into a list (a multi attribute).
    """
    out: dict[str, dict[str, Any]] = {}
    for where, name, target, value in found:
        if target not in tids:
            if target.startswith("T"):
                raise ValidationError(f"{where}: attribute {name!r} names {target}, which is no T line")
            ignored["attribute(s) of events or relations"] += 1
            continue
        attributes = out.setdefault(target, {})
        if name not in attributes:
            attributes[name] = value
            continue
        before = attributes[name]
        if value is True or before is True:
            continue  # a flag given twice, or a flag and a value: the first stays
        values = before if isinstance(before, list) else [before]
        if value not in values:
            attributes[name] = [*values, value]
    return out
