"""Label schemas: the default one, and reading one from JSON with validation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import Label, LabelKind, LabelSchema
from annotator.core.validation import check_label_name, check_text

# Okabe-Ito palette (colour-blind safe), lightened so black text on it stays readable.
DEFAULT_SCHEMA = LabelSchema(
    (
        Label(
            "CLAIM",
            LabelKind.SPAN,
            "#F5C26B",
            "1",
            "A checkable factual assertion.",
        ),
        Label(
            "SOURCE",
            LabelKind.SPAN,
            "#7FC4EC",
            "2",
            "The person, organisation, agency or document a statement is attributed to.",
        ),
        Label(
            "CAPTION",
            LabelKind.SPAN,
            "#C9A0DC",
            "3",
            "Photo or video caption text.",
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
    )
)

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_HOTKEYS = {str(i) for i in range(1, 10)}


def parse_schema(data: Any, where: str = "label schema") -> LabelSchema:
    """Build a schema from decoded JSON (a list of labels or {"labels": [...]})."""
    if isinstance(data, dict):
        data = data.get("labels")
    if not isinstance(data, list) or not data:
        raise ValidationError(f"{where}: expected a non-empty list of labels")
    labels: list[Label] = []
    names: set[str] = set()
    hotkeys: dict[str, str] = {}
    for i, item in enumerate(data, 1):
        item_where = f"{where}: label {i}"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise ValidationError(f"{item_where}: expected an object with a name")
        name = check_label_name(item.get("name"), item_where)
        item_where = f"{where}: label {name!r}"
        if name in names:
            raise ValidationError(f"{item_where}: duplicate name")
        names.add(name)
        try:
            kind = LabelKind(item.get("kind", "span"))
        except ValueError:
            raise ValidationError(f"{item_where}: kind must be span, relation or document") from None
        colour = item.get("colour", item.get("color", "#999999"))
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise ValidationError(f"{item_where}: colour {colour!r} is not of the form #RRGGBB")
        hotkey = item.get("hotkey", "")
        if isinstance(hotkey, int) and not isinstance(hotkey, bool):
            hotkey = str(hotkey)
        if not isinstance(hotkey, str) or (hotkey and hotkey not in _HOTKEYS):
            raise ValidationError(f"{item_where}: hotkey must be a digit from 1 to 9")
        if hotkey:
            if hotkey in hotkeys:
                raise ValidationError(f"{item_where}: hotkey {hotkey} is already used by {hotkeys[hotkey]!r}")
            hotkeys[hotkey] = name
        description = item.get("description", "")
        if not isinstance(description, str):
            raise ValidationError(f"{item_where}: description must be text")
        check_text(description, f"{item_where}: description")
        head = item.get("head", "")
        tail = item.get("tail", "")
        if not isinstance(head, str) or not isinstance(tail, str):
            raise ValidationError(f"{item_where}: head and tail must be label names")
        labels.append(Label(name, kind, colour.upper(), hotkey, description, head, tail))
    for lab in labels:
        for end in (lab.head, lab.tail):
            if end and end not in names:
                raise ValidationError(f"{where}: label {lab.name!r} refers to unknown label {end!r}")
    return LabelSchema(tuple(labels))


def load_schema(path: Path) -> LabelSchema:
    """Read a label schema from a JSON file."""
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
    return parse_schema(data, str(path))


def schema_to_json(schema: LabelSchema) -> list[dict[str, str]]:
    """The schema as JSON-ready data, the inverse of parse_schema."""
    out = []
    for lab in schema.labels:
        item = {
            "name": lab.name,
            "kind": lab.kind.value,
            "colour": lab.colour,
            "hotkey": lab.hotkey,
            "description": lab.description,
        }
        if lab.head or lab.tail:
            item["head"] = lab.head
            item["tail"] = lab.tail
        out.append(item)
    return out


def check_labels(labels: Iterable[Label], where: str = "label schema") -> None:
    """Refuse labels that parse_schema would refuse: bad names, colours or hotkeys."""
    for lab in labels:
        check_label_name(lab.name, f"{where}: label {lab.name[:64]!r}")
        if not _COLOUR.match(lab.colour):
            raise ValidationError(
                f"{where}: label {lab.name!r}: colour {lab.colour!r} is not of the form #RRGGBB"
            )
        if lab.hotkey and lab.hotkey not in _HOTKEYS:
            raise ValidationError(f"{where}: label {lab.name!r}: hotkey must be a digit from 1 to 9")
        check_text(lab.description, f"{where}: label {lab.name!r}: description")
