"""Bad codebooks: each refused with one message naming the label, attribute or value and the rule."""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.schema import parse_schema


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


def _attr(**item: object) -> list[dict[str, object]]:
    return [{"name": "SOURCE", "attributes": [{"name": "type", **item}]}]


def _doc(**item: object) -> list[dict[str, object]]:
    return [{"name": "FRAME", "kind": "document", **item}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _attr(type="float"),
            "label 'SOURCE', attribute 'type': type 'float' is unknown (types: choice, multi, bool, number, text)",
        ),
        (_attr(), "label 'SOURCE', attribute 'type': needs a type (choice, multi, bool, number, text)"),
        (
            _doc(type="choice", values=["a"], level="big"),
            "label 'FRAME': level 'big' is unknown (levels: nominal, ordinal, interval, ratio)",
        ),
        (
            _doc(type="bool", level="ordinal"),
            "label 'FRAME': a bool cannot be ordinal (a bool is nominal only)",
        ),
        (
            _doc(type="number", level="nominal"),
            "a number cannot be nominal (a number is ordinal, interval or ratio)",
        ),
        (_attr(type="choice"), "attribute 'type': a choice needs a non-empty list of values"),
        (_doc(type="multi", values=[]), "label 'FRAME': a multi needs a non-empty list of values"),
        (_attr(type="choice", values=["a", "b", "a"]), "attribute 'type', value 'a': listed twice"),
        (_attr(type="choice", values=["a", {"name": "a"}]), "attribute 'type', value 'a': listed twice"),
        (
            _attr(type="choice", values=["a", 3]),
            "attribute 'type': value 2 must be text or an object with a name",
        ),
        (
            _attr(type="choice", values=["a\tb"]),
            "value 'a\\tb' must not contain tabs, line breaks or control characters",
        ),
        (_attr(type="choice", values=[" a"]), "value ' a' must not start or end with spaces"),
        (_attr(type="choice", values=[""]), "attribute 'type', value 1: a value must be non-empty text"),
        (_attr(type="choice", values=["x" * 101]), "is 101 characters long (at most 100)"),
        (
            _attr(type="choice", values=[{"name": "a", "colour": "#FFFFFF"}]),
            "value 'a': unknown key 'colour' (known keys: name, description, examples)",
        ),
        (_attr(type="bool", values=["yes", "no"]), "'values' applies to a choice or multi, not a bool"),
        (_doc(type="number", min=5, max=1), "label 'FRAME': min 5 is above max 1"),
        (_doc(type="number", min="one"), "min must be a number, got 'one'"),
        (_doc(type="number", max=True), "max must be a number, got True"),
        (_doc(type="choice", values=["a"], min=0), "'min' applies to a number, not a choice"),
        (_doc(type="number", level="ratio", min=-1), "min -1 is negative, and a ratio number cannot be"),
        (_doc(type="number", level="ratio", max=-1), "max -1 is negative, and a ratio number cannot be"),
        (_doc(), "label 'FRAME': needs a type"),
        (_doc(type="text", required="yes"), "label 'FRAME': required must be true or false"),
        (
            _doc(type="text", colour="#FFFFFF"),
            "label 'FRAME': 'colour' does not apply to a document label (only to span and relation labels)",
        ),
        (_doc(type="text", hotkey="5"), "'hotkey' does not apply to a document label"),
        (
            [{"name": "A", "type": "text"}],
            "label 'A': 'type' does not apply to a span label (only to document labels)",
        ),
        ([{"name": "A", "required": True}], "'required' does not apply to a span label"),
        ([{"name": "A", "head": "A"}], "'head' does not apply to a span label (only to relation labels)"),
        (
            [{"name": "R", "kind": "relation", "role": "content"}],
            "'role' does not apply to a relation label (only to span labels)",
        ),
        (
            [{"name": "R", "kind": "relation", "attributes": []}],
            "'attributes' does not apply to a relation label",
        ),
        (
            [{"name": "A", "colur": "#FFFFFF"}],
            "label 'A': unknown key 'colur' (known keys: name, kind, description, examples, colour",
        ),
        ({"labels": ["A"], "version": 2}, "unknown key 'version' (known keys: labels)"),
        ([{"name": "A", "colour": "#FFFFFF", "color": "#000000"}], "give colour or color, not both"),
        ([{"name": "A", "colour": "#ABCDEF\n"}], r"label 'A': colour '#ABCDEF\n' is not of the form #RRGGBB"),
        (
            [{"name": "A", "role": "speaker"}],
            "label 'A': role 'speaker' is unknown (roles: content, source, cue, caption, dateline, byline, boilerplate)",
        ),
        (
            [{"name": "A", "role": "source"}, {"name": "B", "role": "source"}],
            "label 'B': role 'source' is already played by 'A'",
        ),
        (
            [*_attr(type="bool"), {"name": "R", "kind": "relation", "head": "SOURCE", "tail": "X"}],
            "label 'R' refers to unknown label 'X'",
        ),
        (
            [*_doc(type="text"), {"name": "R", "kind": "relation", "head": "FRAME"}],
            "label 'R': head 'FRAME' is a document label, not a span label",
        ),
        (
            [
                {"name": "A"},
                {"name": "R", "kind": "relation"},
                {"name": "S", "kind": "relation", "tail": "R"},
            ],
            "label 'S': tail 'R' is a relation label, not a span label",
        ),
        ([{"name": "R", "kind": "relation", "head": 3}], "head and tail must be label names"),
        ([{"name": "A", "attributes": {"type": "bool"}}], "label 'A': attributes must be a list"),
        (
            [{"name": "A", "attributes": ["type"]}],
            "label 'A', attribute 1: expected an object with a name and a type",
        ),
        (
            [{"name": "A", "attributes": [{"name": "has space", "type": "bool"}]}],
            "attribute name 'has space' must not contain spaces",
        ),
        (
            [{"name": "A", "attributes": [{"type": "bool"}]}],
            "label 'A', attribute 1: an attribute name must be non-empty text",
        ),
        (
            [{"name": "A", "attributes": [{"name": "n" * 65, "type": "bool"}]}],
            "is 65 characters long (at most 64)",
        ),
        (
            [{"name": "A", "attributes": [{"name": "n", "type": "bool"}, {"name": "n", "type": "text"}]}],
            "label 'A', attribute 'n': duplicate attribute name",
        ),
        (_attr(type="bool", required=True), "attribute 'type': unknown key 'required'"),
        ([{"name": "A", "examples": "one"}], "label 'A': examples must be a list of texts"),
        ([{"name": "A", "examples": ["ok", " "]}], "label 'A': example 2 must be non-empty text"),
        (
            [{"name": "A", "examples": ["x" * 1001]}],
            "label 'A': example 1 is 1001 characters long (at most 1000)",
        ),
        (_attr(type="bool", description=7), "attribute 'type': description must be text"),
        ([{"name": "A", "description": "bad \ud800"}], "label 'A': description: holds a lone surrogate"),
    ],
)
def test_a_bad_codebook_gets_one_message_naming_the_item_and_the_rule(data: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_schema(data, "s.json")
    assert str(caught.value).startswith("s.json: ")
    assert message in str(caught.value)
