"""Typed fields of decoded JSON records: each getter returns its type or raises a ValidationError naming the field.

Every reader takes its fields through these getters instead of checking types
by hand, so a field of the wrong type (`"annotations": 5`, `"was_cancelled":
"false"`) is one clear error, `where: 'field' must be a list, got 5`, which
the readers turn into an invalid line (skipped by --skip-invalid). `where`
names the file and line (and the item inside it); `name` overrides the field
name shown, for nested fields such as `value.start`. Absent and null are the
same for optional fields.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from annotator.core.errors import ValidationError

Record = Mapping[str, Any]


def shown(value: Any) -> str:
    """A value as a message shows it: JSON's words for its kind, short scalars as written."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _fail(where: str, field: str, kind: str, value: Any) -> ValidationError:
    return ValidationError(f"{where}: {field!r} must be {kind}, got {shown(value)}")


def obj(value: Any, where: str, what: str = "a JSON object") -> dict[str, Any]:
    """`value` itself when it is an object (a record, a list item)."""
    if not isinstance(value, dict):
        raise ValidationError(f"{where}: expected {what}, got {shown(value)}")
    return value


def is_whole(value: Any) -> bool:
    """True for a JSON whole number (true and false are not numbers)."""
    return isinstance(value, int) and not isinstance(value, bool)


def text(record: Record, key: str, where: str, *, name: str | None = None, nonempty: bool = False) -> str:
    """A required text field."""
    if record.get(key) is None:
        raise ValidationError(f"{where}: {name or key!r} is missing")
    found = opt_text(record, key, where, name=name, nonempty=nonempty)
    assert found is not None
    return found


def opt_text(
    record: Record, key: str, where: str, *, name: str | None = None, nonempty: bool = False
) -> str | None:
    """An optional text field (None when absent)."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or (nonempty and not value):
        raise _fail(where, name or key, "non-empty text" if nonempty else "text", value)
    return value


def whole(record: Record, key: str, where: str, *, name: str | None = None) -> int:
    """A required whole number (true/false and fractions refused)."""
    value = record.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, name or key, "a whole number", value)
    return value


def opt_whole(record: Record, key: str, where: str, *, name: str | None = None) -> int | None:
    """An optional whole number (None when absent)."""
    return None if record.get(key) is None else whole(record, key, where, name=name)


def opt_number(record: Record, key: str, where: str, *, name: str | None = None) -> float | int | None:
    """An optional finite number, whole or not."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(where, name or key, "a number", value)
    return value


def opt_flag(record: Record, key: str, where: str, *, name: str | None = None) -> bool | None:
    """An optional true/false (the text "false" is refused, not read as true)."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _fail(where, name or key, "true or false", value)
    return value


def opt_obj(record: Record, key: str, where: str, *, name: str | None = None) -> dict[str, Any]:
    """An optional object ({} when absent)."""
    value = record.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(where, name or key, "an object", value)
    return value


def opt_list(record: Record, key: str, where: str, *, name: str | None = None) -> list[Any]:
    """An optional list ([] when absent)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(where, name or key, "a list", value)
    return value


def opt_ref(record: Record, key: str, where: str, *, name: str | None = None) -> str | None:
    """An optional id: text or a whole number, given back as text (None when absent)."""
    value = record.get(key)
    if value is None:
        return None
    if not (isinstance(value, str) or is_whole(value)):
        raise _fail(where, name or key, "text or a whole number", value)
    return str(value)


def names(record: Record, key: str, where: str, *, name: str | None = None) -> list[str]:
    """An optional list of non-empty names ([] when absent)."""
    values = opt_list(record, key, where, name=name)
    for value in values:
        if not isinstance(value, str) or not value:
            raise ValidationError(
                f"{where}: {name or key!r} must be a list of non-empty names, holding {shown(value)}"
            )
    return values
