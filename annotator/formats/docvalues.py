"""Document variables in formats that have none: `NAME=value` categories, one agreed value per document, typing on read.

doccano's `cats`, Prodigy's choice `options`/`accept` and spaCy's `doc.cats`
hold flat category names, not typed variables, so a variable's value is
written as the category `NAME=value` (`FRAME=conflict`; one category per
value of a multi: `TOPICS=politics`, `TOPICS=health`; a bool as
`BREAKING=true` or `BREAKING=false`, so that "not coded" stays apart from
"false"). Formats without an annotator write, per document, the one value
its coders agree on; where they disagree the variable is left out and
counted. Read back, a category becomes a value as text (several of one name,
a list), which `coerce.typed_record` types by the codebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from annotator.core.codebook import DocumentValue, ValueSpec, ValueType
from annotator.core.types import AnnotatedDocument, Label, LabelKind, LabelSchema
from annotator.formats.base import WriteStats

CATEGORY_TYPES = frozenset({ValueType.CHOICE, ValueType.MULTI, ValueType.BOOL})
"""The variable types a category list can hold; number and text cannot."""
SEP = "="


def category(name: str, value: Any) -> str:
    """The category of one value: `FRAME=conflict`, `BREAKING=true`."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{name}{SEP}{value}"


def variables(schema: LabelSchema) -> tuple[Label, ...]:
    """The document variables whose values a category list can hold (choice, multi, bool), in codebook order."""
    return tuple(
        lab for lab in schema.document_labels() if lab.spec is not None and lab.spec.type in CATEGORY_TYPES
    )


def all_categories(label: Label) -> list[str]:
    """Every category one variable can give, in the codebook's order (for Prodigy's options)."""
    spec = label.spec or ValueSpec()
    if spec.type == ValueType.BOOL:
        return [category(label.name, True), category(label.name, False)]
    return [category(label.name, name) for name in spec.names()]


def spec_of(schema: LabelSchema, name: str, value: Any) -> ValueSpec:
    """The variable's spec in the codebook, or one guessed from the value for a variable it lacks."""
    label = schema.get(name)
    if label is not None and label.kind == LabelKind.DOCUMENT and label.spec is not None:
        return label.spec
    if isinstance(value, bool):
        return ValueSpec(ValueType.BOOL)
    if isinstance(value, int | float):
        return ValueSpec(ValueType.NUMBER)
    if isinstance(value, list | tuple):
        return ValueSpec(ValueType.MULTI)
    return ValueSpec(ValueType.TEXT)


def value_categories(name: str, value: Any) -> list[str]:
    """The categories of one value: one, or one per chosen value of a multi."""
    if isinstance(value, list | tuple):
        return [category(name, v) for v in value]
    return [category(name, value)]


def _key(value: Any) -> Any:
    """A hashable form of a value, equal for equal values (a multi's order does not matter)."""
    if isinstance(value, list | tuple):
        return ("multi", tuple(sorted(map(str, value))))
    if isinstance(value, bool):
        return ("bool", value)
    return ("value", value)


def agreed(record: AnnotatedDocument, stats: WriteStats, fmt: str) -> dict[str, Any]:
    """Each variable's one value in this document, where its coders agree; disagreements are counted as dropped."""
    found: dict[str, dict[Any, Any]] = {}
    for v in record.values:
        found.setdefault(v.label, {}).setdefault(_key(v.value), v.value)
    out: dict[str, Any] = {}
    for name, distinct in found.items():
        if len(distinct) > 1:
            stats.drop(
                name,
                f"{fmt} holds one value per document and its coders disagree "
                f"({len(distinct)} different values): export one coder with --annotator",
            )
            continue
        out[name] = next(iter(distinct.values()))
    return out


def categories_of(
    values: Mapping[str, Any], schema: LabelSchema, stats: WriteStats, fmt: str, why: str
) -> list[str]:
    """The sorted categories of agreed values; number and text values are counted as dropped with `why`."""
    out: list[str] = []
    for name, value in values.items():
        if spec_of(schema, name, value).type not in CATEGORY_TYPES:
            stats.drop(name, why)
            continue
        out += value_categories(name, value)
    return sorted(out)


def parse_categories(
    names: Iterable[Any], annotator: str | None = None
) -> tuple[list[DocumentValue], list[Any]]:
    """Values read from `NAME=value` categories, and the categories that are not of that form.

    A name met once gives its value as text, met several times a list (a
    multi); `coerce.typed_record` gives each the type its variable declares.
    """
    by_name: dict[str, list[str]] = {}
    other: list[Any] = []
    for item in names:
        if not isinstance(item, str) or SEP not in item or item.startswith(SEP):
            other.append(item)
            continue
        name, _, value = item.partition(SEP)
        by_name.setdefault(name, []).append(value)
    values = [
        DocumentValue(name, found[0] if len(found) == 1 else found, annotator)
        for name, found in by_name.items()
    ]
    return values, other
