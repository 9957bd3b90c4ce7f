"""Label schemas (the codebook): the default one, its JSON form read and written, and its rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotator.core.codebook import Attribute
from annotator.core.codebook_json import (
    attribute_to_json,
    check_keys,
    guidelines_to_json,
    parse_attributes,
    parse_description,
    parse_examples,
    parse_spec,
    spec_to_json,
)
from annotator.core.errors import ValidationError
from annotator.core.palette import HOTKEYS, pick_colour, pick_hotkey
from annotator.core.types import Label, LabelKind, LabelSchema, Role
from annotator.core.validation import check_label_name

# The first colours of palette.PALETTE (Okabe-Ito, lightened so black text on them stays readable).
DEFAULT_SCHEMA = LabelSchema(
    (
        Label(
            "CLAIM",
            LabelKind.SPAN,
            "#F5C26B",
            "1",
            "A checkable factual assertion.",
            role=Role.CONTENT,
        ),
        Label(
            "SOURCE",
            LabelKind.SPAN,
            "#7FC4EC",
            "2",
            "The person, organisation, agency or document a statement is attributed to.",
            role=Role.SOURCE,
        ),
        Label(
            "CAPTION",
            LabelKind.SPAN,
            "#C9A0DC",
            "3",
            "Photo or video caption text.",
            role=Role.CAPTION,
        ),
        Label(
            "CUE",
            LabelKind.SPAN,
            "#63C4AA",
            "4",
            'The attributing words, such as "said", "according to" or "told reporters".',
            examples=("said", "according to", "told reporters"),
            role=Role.CUE,
        ),
        Label(
            "ATTRIBUTED_TO",
            LabelKind.RELATION,
            "#555555",
            "",
            "A claim attributed to a source (CLAIM -> SOURCE).",
            head="CLAIM",
            tail="SOURCE",
        ),
        Label(
            "CUED_BY",
            LabelKind.RELATION,
            "#009E73",
            "",
            "A claim and the words attributing it (CLAIM -> CUE).",
            head="CLAIM",
            tail="CUE",
        ),
    )
)

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_DOCUMENT_COLOUR = Label("x").colour  # a document label has no colour of its own: it keeps Label's default
_COMMON = ("name", "kind", "description", "examples")
_KEYS = {
    LabelKind.SPAN: (*_COMMON, "colour", "color", "hotkey", "role", "attributes"),
    LabelKind.RELATION: (*_COMMON, "colour", "color", "hotkey", "head", "tail"),
    LabelKind.DOCUMENT: (*_COMMON, "type", "values", "min", "max", "level", "required"),
}
_ROLES = ", ".join(r.value for r in Role if r.value)


@dataclass(frozen=True)
class _Parsed:
    """A label as read, before the schema gives the ones that lack them a colour and a hotkey."""

    label: Label
    auto_colour: bool
    auto_hotkey: bool


def parse_schema(data: Any, where: str = "label schema") -> LabelSchema:
    """Build a schema from decoded JSON (a list of labels or {"labels": [...]}), or say what is wrong."""
    if isinstance(data, dict):
        check_keys(data, ("labels",), where)
        data = data.get("labels")
    if not isinstance(data, list) or not data:
        raise ValidationError(f"{where}: expected a non-empty list of labels")
    parsed = [_parse_label(item, f"{where}: label {i}", where) for i, item in enumerate(data, 1)]
    _check_together([p.label for p in parsed], where)
    colours = [p.label.colour for p in parsed if not p.auto_colour and p.label.kind != LabelKind.DOCUMENT]
    hotkeys = [p.label.hotkey for p in parsed if p.label.kind == LabelKind.SPAN and not p.auto_hotkey]
    labels: list[Label] = []
    for p in parsed:
        label = p.label
        if p.auto_colour:
            label = replace(label, colour=pick_colour(colours))
            colours.append(label.colour)
        if p.auto_hotkey:
            label = replace(label, hotkey=pick_hotkey(hotkeys))
            hotkeys.append(label.hotkey)
        labels.append(label)
    return LabelSchema(tuple(labels))


def _parse_label(item: Any, item_where: str, where: str) -> _Parsed:
    """One label's own rules; those between labels are _check_together's."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        raise ValidationError(f"{item_where}: expected an object with a name")
    name = check_label_name(item.get("name"), item_where)
    item_where = f"{where}: label {name!r}"
    try:
        kind = LabelKind(item.get("kind", "span"))
    except (ValueError, TypeError):
        raise ValidationError(f"{item_where}: kind must be span, relation or document") from None
    for key in item:
        if key not in _KEYS[kind]:
            fits = [k.value for k in LabelKind if key in _KEYS[k]]
            if not fits:
                raise ValidationError(
                    f"{item_where}: unknown key {key!r} (known keys: {', '.join(_KEYS[kind])})"
                )
            raise ValidationError(
                f"{item_where}: {key!r} does not apply to a {kind} label (only to {' and '.join(fits)} labels)"
            )
    description = parse_description(item, item_where)
    examples = parse_examples(item, item_where)
    if kind == LabelKind.DOCUMENT:
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise ValidationError(f"{item_where}: required must be true or false")
        spec = parse_spec(item, item_where)
        label = Label(name, kind, description=description, spec=spec, examples=examples, required=required)
        return _Parsed(label, False, False)
    colour = _parse_colour(item, item_where)
    hotkey = _parse_hotkey(item, item_where)
    role = Role.NONE
    attributes: tuple[Attribute, ...] = ()
    head = tail = ""
    if kind == LabelKind.SPAN:
        raw_role = item.get("role", "")
        try:
            role = Role(raw_role)
        except (ValueError, TypeError):
            raise ValidationError(f"{item_where}: role {raw_role!r} is unknown (roles: {_ROLES})") from None
        attributes = parse_attributes(item.get("attributes", []), item_where)
    else:
        head, tail = item.get("head", ""), item.get("tail", "")
        if not isinstance(head, str) or not isinstance(tail, str):
            raise ValidationError(f"{item_where}: head and tail must be label names")
    label = Label(
        name, kind, colour or "", hotkey or "", description, head, tail, attributes, None, examples, role
    )
    return _Parsed(label, colour is None, hotkey is None and kind == LabelKind.SPAN)


def _parse_colour(item: dict[str, Any], where: str) -> str | None:
    if "colour" in item and "color" in item and item["colour"] != item["color"]:
        raise ValidationError(f"{where}: give colour or color, not both")
    colour = item.get("colour", item.get("color"))
    if colour is None:
        return None
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ValidationError(f"{where}: colour {colour!r} is not of the form #RRGGBB")
    return colour.upper()


def _parse_hotkey(item: dict[str, Any], where: str) -> str | None:
    """The hotkey, "" for none given explicitly (as "" or null), None when the key is absent."""
    if "hotkey" not in item:
        return None
    hotkey = item["hotkey"]
    if hotkey is None:
        return ""
    if isinstance(hotkey, int) and not isinstance(hotkey, bool):
        hotkey = str(hotkey)
    if not isinstance(hotkey, str) or (hotkey and hotkey not in HOTKEYS):
        raise ValidationError(f"{where}: hotkey must be a digit from 1 to 9")
    return hotkey


def _check_together(labels: list[Label], where: str) -> None:
    """Names, hotkeys and roles unique; relation ends naming span labels."""
    by_name: dict[str, Label] = {}
    hotkeys: dict[tuple[LabelKind, str], str] = {}
    roles: dict[Role, str] = {}
    for lab in labels:
        lab_where = f"{where}: label {lab.name!r}"
        if lab.name in by_name:
            raise ValidationError(f"{lab_where}: duplicate name")
        by_name[lab.name] = lab
        if lab.hotkey:
            other = hotkeys.setdefault((lab.kind, lab.hotkey), lab.name)
            if other != lab.name:
                raise ValidationError(f"{lab_where}: hotkey {lab.hotkey} is already used by {other!r}")
        if lab.role:
            other = roles.setdefault(lab.role, lab.name)
            if other != lab.name:
                raise ValidationError(f"{lab_where}: role {lab.role.value!r} is already played by {other!r}")
    for lab in labels:
        for end_name, end in (("head", lab.head), ("tail", lab.tail)):
            if not end:
                continue
            target = by_name.get(end)
            if target is None:
                raise ValidationError(f"{where}: label {lab.name!r} refers to unknown label {end!r}")
            if target.kind != LabelKind.SPAN:
                raise ValidationError(
                    f"{where}: label {lab.name!r}: {end_name} {end!r} is a {target.kind} label, not a span label"
                )


def load_schema(path: Path) -> LabelSchema:
    """Read a label schema from a JSON file."""
    return parse_schema(read_schema_data(path), str(path))


def read_schema_data(path: Path) -> Any:
    """The decoded JSON of a codebook file, with one clear error naming the file."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read label schema ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path}: label schema is not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ValidationError(f"{path}: not valid JSON ({exc})") from None
    return data


def merge_schema_data(current: LabelSchema, data: Any, where: str) -> LabelSchema:
    """The codebook after importing `data` (a codebook's JSON): its labels added or replacing theirs by name.

    Labels the data does not name are kept as they are, so a file may hold a part of the
    codebook (a relation may name a label only the project has).
    """
    if isinstance(data, dict) and set(data) == {"labels"}:
        data = data["labels"]
    if not isinstance(data, list) or not data:
        raise ValidationError(f"{where}: expected a non-empty list of labels")
    incoming = {item.get("name") if isinstance(item, dict) else item: item for item in data}
    merged = [incoming.pop(lab.name, None) or label_to_json(lab) for lab in current.labels]
    return parse_schema(merged + list(incoming.values()), where)


def label_to_json(lab: Label) -> dict[str, Any]:
    """One label as parse_schema reads it, defaults left out (colours and span hotkeys always written)."""
    item: dict[str, Any] = {"name": lab.name}
    if lab.kind != LabelKind.SPAN:
        item["kind"] = lab.kind.value
    if lab.spec is not None:
        item.update(spec_to_json(lab.spec))
    if lab.kind != LabelKind.DOCUMENT or lab.colour != _DOCUMENT_COLOUR:
        item["colour"] = lab.colour
    # A span label's hotkey is written even when empty: left out, reading would give it the next free one.
    if lab.hotkey or lab.kind == LabelKind.SPAN:
        item["hotkey"] = lab.hotkey
    if lab.role:
        item["role"] = lab.role.value
    if lab.head:
        item["head"] = lab.head
    if lab.tail:
        item["tail"] = lab.tail
    if lab.required:
        item["required"] = True
    item.update(guidelines_to_json(lab.description, lab.examples))
    if lab.attributes:
        item["attributes"] = [attribute_to_json(a) for a in lab.attributes]
    return item


def schema_to_json(schema: LabelSchema) -> list[dict[str, Any]]:
    """The schema as JSON-ready data that parse_schema reads back to an equal schema."""
    return [label_to_json(lab) for lab in schema.labels]


def check_schema(schema: LabelSchema, where: str = "label schema") -> None:
    """Refuse a schema built in code that parse_schema would refuse as JSON."""
    parse_schema(schema_to_json(schema), where)


def check_labels(labels: Iterable[Label], where: str = "label schema") -> None:
    """Refuse labels breaking a rule of their own (name, colour, hotkey, attributes, type...).

    Rules between labels (unique names, hotkeys and roles, relation ends) are check_schema's.
    """
    for lab in labels:
        _parse_label(label_to_json(lab), f"{where}: label {lab.name[:64]!r}", where)
