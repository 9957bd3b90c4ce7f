"""The JSON form of the codebook's parts: value specs, attributes, values, descriptions and examples."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from annotator.core.codebook import (
    ALLOWED_LEVELS,
    DEFAULT_LEVEL,
    Attribute,
    Choice,
    Level,
    ValueSpec,
    ValueType,
)
from annotator.core.errors import ValidationError
from annotator.core.validation import LABEL_NAME_MAX, check_text

VALUE_NAME_MAX = 100
EXAMPLE_MAX = 1000

_NAME = re.compile(r"[^\s\x00-\x1f\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ATTRIBUTE_KEYS = ("name", "type", "values", "min", "max", "level", "description", "examples")
_VALUE_KEYS = ("name", "description", "examples")
_TYPES = ", ".join(t.value for t in ValueType)
_LEVELS = ", ".join(lv.value for lv in Level)


def check_keys(item: Mapping[str, Any], allowed: Collection[str], where: str) -> None:
    """Refuse a key the object may not have (a typo would otherwise be ignored silently)."""
    for key in item:
        if key not in allowed:
            raise ValidationError(f"{where}: unknown key {key!r} (known keys: {', '.join(allowed)})")


def check_attribute_name(name: Any, where: str) -> str:
    """An attribute name: as a label name, 1 to 64 characters without spaces or control characters."""
    if not isinstance(name, str) or not name:
        raise ValidationError(f"{where}: an attribute name must be non-empty text")
    check_text(name, where)
    if len(name) > LABEL_NAME_MAX:
        raise ValidationError(
            f"{where}: attribute name {name[:20]!r}... is {len(name)} characters long (at most {LABEL_NAME_MAX})"
        )
    if not _NAME.fullmatch(name):
        raise ValidationError(
            f"{where}: attribute name {name!r} must not contain spaces, tabs, line breaks or control characters"
        )
    return name


def check_value_name(name: Any, where: str) -> str:
    """A value of a choice or multi: 1 to 100 characters, inner spaces allowed, no control characters."""
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"{where}: a value must be non-empty text")
    check_text(name, where)
    if len(name) > VALUE_NAME_MAX:
        raise ValidationError(
            f"{where}: value {name[:20]!r}... is {len(name)} characters long (at most {VALUE_NAME_MAX})"
        )
    if _CONTROL.search(name):
        raise ValidationError(
            f"{where}: value {name!r} must not contain tabs, line breaks or control characters"
        )
    if name != name.strip():
        raise ValidationError(f"{where}: value {name!r} must not start or end with spaces")
    return name


def parse_description(item: Mapping[str, Any], where: str) -> str:
    """The optional description: text without a lone surrogate."""
    description = item.get("description", "")
    if not isinstance(description, str):
        raise ValidationError(f"{where}: description must be text")
    check_text(description, f"{where}: description")
    return description


def parse_examples(item: Mapping[str, Any], where: str) -> tuple[str, ...]:
    """The optional examples: a list of short, non-empty texts."""
    examples = item.get("examples", [])
    if not isinstance(examples, list):
        raise ValidationError(f"{where}: examples must be a list of texts")
    for i, example in enumerate(examples, 1):
        if not isinstance(example, str) or not example.strip():
            raise ValidationError(f"{where}: example {i} must be non-empty text")
        check_text(example, f"{where}: example {i}")
        if len(example) > EXAMPLE_MAX:
            raise ValidationError(
                f"{where}: example {i} is {len(example)} characters long (at most {EXAMPLE_MAX})"
            )
    return tuple(examples)


def parse_spec(item: Mapping[str, Any], where: str) -> ValueSpec:
    """The type, values, bounds and level of an attribute or document variable."""
    raw_type = item.get("type")
    if raw_type is None:
        raise ValidationError(f"{where}: needs a type ({_TYPES})")
    try:
        vtype = ValueType(raw_type)
    except (ValueError, TypeError):
        raise ValidationError(f"{where}: type {raw_type!r} is unknown (types: {_TYPES})") from None
    level = _parse_level(item, vtype, where)
    choices: tuple[Choice, ...] = ()
    if vtype in (ValueType.CHOICE, ValueType.MULTI):
        choices = _parse_choices(item.get("values"), vtype, where)
    elif "values" in item:
        raise ValidationError(f"{where}: 'values' applies to a choice or multi, not a {vtype}")
    minimum = _parse_bound(item, "min", vtype, where)
    maximum = _parse_bound(item, "max", vtype, where)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValidationError(f"{where}: min {minimum} is above max {maximum}")
    if level == Level.RATIO:
        for key, bound in (("min", minimum), ("max", maximum)):
            if bound is not None and bound < 0:
                raise ValidationError(f"{where}: {key} {bound} is negative, and a ratio number cannot be")
    return ValueSpec(vtype, choices, minimum, maximum, level)


def _parse_level(item: Mapping[str, Any], vtype: ValueType, where: str) -> Level:
    raw = item.get("level")
    if raw is None:
        return DEFAULT_LEVEL[vtype]
    try:
        level = Level(raw)
    except (ValueError, TypeError):
        raise ValidationError(f"{where}: level {raw!r} is unknown (levels: {_LEVELS})") from None
    allowed = ALLOWED_LEVELS[vtype]
    if level not in allowed:
        values = [lv.value for lv in allowed]
        names = f"{values[0]} only" if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"
        raise ValidationError(f"{where}: a {vtype} cannot be {level} (a {vtype} is {names})")
    return level


def _parse_bound(item: Mapping[str, Any], key: str, vtype: ValueType, where: str) -> float | None:
    if key not in item:
        return None
    if vtype != ValueType.NUMBER:
        raise ValidationError(f"{where}: {key!r} applies to a number, not a {vtype}")
    bound = item[key]
    if isinstance(bound, bool) or not isinstance(bound, int | float) or not math.isfinite(bound):
        raise ValidationError(f"{where}: {key} must be a number, got {bound!r}")
    return bound


def _parse_choices(raw: Any, vtype: ValueType, where: str) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(f"{where}: a {vtype} needs a non-empty list of values")
    choices: list[Choice] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw, 1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            raise ValidationError(f"{where}: value {i} must be text or an object with a name")
        name = check_value_name(entry.get("name"), f"{where}, value {i}")
        value_where = f"{where}, value {name!r}"
        if name in seen:
            raise ValidationError(f"{value_where}: listed twice")
        seen.add(name)
        check_keys(entry, _VALUE_KEYS, value_where)
        choices.append(
            Choice(name, parse_description(entry, value_where), parse_examples(entry, value_where))
        )
    return tuple(choices)


def parse_attributes(raw: Any, where: str) -> tuple[Attribute, ...]:
    """A span label's attributes: a list of objects, each with a name and a type."""
    if not isinstance(raw, list):
        raise ValidationError(f"{where}: attributes must be a list")
    attributes: list[Attribute] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ValidationError(f"{where}, attribute {i}: expected an object with a name and a type")
        name = check_attribute_name(item.get("name"), f"{where}, attribute {i}")
        attr_where = f"{where}, attribute {name!r}"
        if name in seen:
            raise ValidationError(f"{attr_where}: duplicate attribute name")
        seen.add(name)
        check_keys(item, _ATTRIBUTE_KEYS, attr_where)
        attributes.append(
            Attribute(
                name,
                parse_spec(item, attr_where),
                parse_description(item, attr_where),
                parse_examples(item, attr_where),
            )
        )
    return tuple(attributes)


def guidelines_to_json(description: str, examples: tuple[str, ...]) -> dict[str, Any]:
    """The description and examples, each left out when empty."""
    out: dict[str, Any] = {}
    if description:
        out["description"] = description
    if examples:
        out["examples"] = list(examples)
    return out


def spec_to_json(spec: ValueSpec) -> dict[str, Any]:
    """A spec's keys as parse_spec reads them, the level left out when it is the type's default."""
    out: dict[str, Any] = {"type": spec.type.value}
    if spec.choices or spec.type in (ValueType.CHOICE, ValueType.MULTI):
        out["values"] = [
            c.name
            if not (c.description or c.examples)
            else {"name": c.name, **guidelines_to_json(c.description, c.examples)}
            for c in spec.choices
        ]
    if spec.minimum is not None:
        out["min"] = spec.minimum
    if spec.maximum is not None:
        out["max"] = spec.maximum
    if spec.level != DEFAULT_LEVEL.get(spec.type):
        out["level"] = spec.level.value
    return out


def attribute_to_json(attribute: Attribute) -> dict[str, Any]:
    """An attribute as parse_attributes reads it."""
    return {
        "name": attribute.name,
        **spec_to_json(attribute.spec),
        **guidelines_to_json(attribute.description, attribute.examples),
    }
