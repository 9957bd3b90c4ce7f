"""Label schemas: the default one, parsing, and refusal of bad schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import DEFAULT_SCHEMA, load_schema, parse_schema, schema_to_json
from annotator.core.types import LabelKind


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    channels = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_default_schema_has_the_three_span_labels_with_hotkeys() -> None:
    spans = DEFAULT_SCHEMA.span_labels()
    assert [(x.name, x.hotkey) for x in spans] == [("CLAIM", "1"), ("SOURCE", "2"), ("CAPTION", "3")]
    assert all(x.description.endswith(".") for x in spans)
    rel = DEFAULT_SCHEMA.get("ATTRIBUTED_TO")
    assert rel is not None and rel.kind == LabelKind.RELATION
    assert (rel.head, rel.tail) == ("CLAIM", "SOURCE")


def test_default_colours_keep_black_text_readable_and_are_distinct() -> None:
    colours = [x.colour for x in DEFAULT_SCHEMA.span_labels()]
    for colour in colours:
        contrast = (_luminance(colour) + 0.05) / (0.0 + 0.05)
        assert contrast >= 7.0, colour  # WCAG AAA for black text on the highlight
    assert len(set(colours)) == len(colours)


def test_schema_round_trips_through_json() -> None:
    assert parse_schema(schema_to_json(DEFAULT_SCHEMA)) == DEFAULT_SCHEMA


def test_schema_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"labels": [{"name": "QUOTE", "colour": "#abcdef", "hotkey": 4}]}))
    schema = load_schema(path)
    assert schema.get("QUOTE") is not None
    assert schema.by_hotkey("4").name == "QUOTE"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([{"name": "A", "colour": "red"}], "colour 'red' is not of the form #RRGGBB"),
        ([{"name": "A", "hotkey": "1"}, {"name": "B", "hotkey": "1"}], "hotkey 1 is already used by 'A'"),
        ([{"name": "A"}, {"name": "A"}], "duplicate name"),
        ([{"name": "has space"}], "label name 'has space' must not contain spaces"),
        ([{"name": "A", "hotkey": "0"}], "hotkey must be a digit from 1 to 9"),
        ([{"name": "R", "kind": "relation", "head": "X"}], "unknown label 'X'"),
        ([], "non-empty list"),
        ({"labels": "CLAIM"}, "non-empty list"),
        ([{"name": "A", "kind": "blob"}], "kind must be"),
    ],
)
def test_bad_schema_is_refused_with_a_clear_message(data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_schema(data, "s.json")


def test_unreadable_schema_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(ValidationError, match="bad.json: not valid JSON"):
        load_schema(path)
