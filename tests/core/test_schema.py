"""Label schemas: the default one, parsing, and refusal of bad schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.codebook import Attribute, Choice, Level, ValueSpec, ValueType
from annotator.core.errors import ValidationError
from annotator.core.schema import (
    DEFAULT_SCHEMA,
    check_labels,
    check_schema,
    load_schema,
    parse_schema,
    schema_to_json,
)
from annotator.core.types import Label, LabelKind, LabelSchema, Role


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    channels = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_default_schema_has_the_attribution_triple_and_captions() -> None:
    spans = DEFAULT_SCHEMA.span_labels()
    assert [(x.name, x.hotkey, x.role) for x in spans] == [
        ("CLAIM", "1", Role.CONTENT),
        ("SOURCE", "2", Role.SOURCE),
        ("CAPTION", "3", Role.CAPTION),
        ("CUE", "4", Role.CUE),
    ]
    assert all(x.description.endswith(".") for x in DEFAULT_SCHEMA.labels)
    assert [(r.name, r.head, r.tail) for r in DEFAULT_SCHEMA.relation_labels()] == [
        ("ATTRIBUTED_TO", "CLAIM", "SOURCE"),
        ("CUED_BY", "CLAIM", "CUE"),
    ]
    cue = DEFAULT_SCHEMA.get("CUE")
    assert cue is not None and "according to" in cue.description and "told reporters" in cue.examples
    # The first three keep the colours projects were created with.
    assert [x.colour for x in spans[:3]] == ["#F5C26B", "#7FC4EC", "#C9A0DC"]


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


def test_unreadable_schema_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(ValidationError, match="bad.json: not valid JSON"):
        load_schema(path)


# --- the codebook's JSON (issue 10) ---------------------------------------------------------

ISSUE_10: list[dict[str, Any]] = [
    {
        "name": "SOURCE",
        "kind": "span",
        "hotkey": "2",
        "description": "Who a statement is attributed to.",
        "attributes": [
            {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]},
            {"name": "named", "type": "bool"},
        ],
    },
    {"name": "CLAIM", "hotkey": "1"},
    {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
    {
        "name": "FRAME",
        "kind": "document",
        "type": "choice",
        "values": ["conflict", "economic", "human interest", "morality", "responsibility"],
    },
    {
        "name": "TOPICS",
        "kind": "document",
        "type": "multi",
        "values": ["politics", "economy", "health", "climate"],
    },
    {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5, "level": "interval"},
    {"name": "SUMMARY", "kind": "document", "type": "text"},
]


def test_the_issue_10_codebook_builds_the_core_types() -> None:
    schema = parse_schema(ISSUE_10, "codebook.json")
    source = schema.get("SOURCE")
    assert source is not None and source.kind == LabelKind.SPAN and source.spec is None
    assert source.attributes == (
        Attribute(
            "type",
            ValueSpec(
                ValueType.CHOICE,
                (Choice("official"), Choice("expert"), Choice("citizen"), Choice("anonymous")),
                level=Level.NOMINAL,
            ),
        ),
        Attribute("named", ValueSpec(ValueType.BOOL, level=Level.NOMINAL)),
    )
    assert source.description == "Who a statement is attributed to."
    frame, topics, tone, summary = schema.document_labels()
    assert frame.spec == ValueSpec(
        ValueType.CHOICE,
        tuple(Choice(n) for n in ("conflict", "economic", "human interest", "morality", "responsibility")),
        level=Level.NOMINAL,
    )
    assert (
        topics.spec is not None and topics.spec.type == ValueType.MULTI and topics.spec.level == Level.NOMINAL
    )
    assert tone.spec == ValueSpec(ValueType.NUMBER, minimum=1, maximum=5, level=Level.INTERVAL)
    assert summary.spec == ValueSpec(ValueType.TEXT, level=Level.NOMINAL)
    assert all(d.hotkey == "" and not d.required for d in (frame, topics, tone, summary))
    relation = schema.get("ATTRIBUTED_TO")
    assert relation is not None and (relation.head, relation.tail) == ("CLAIM", "SOURCE")


@pytest.mark.parametrize(
    "data",
    [
        ["CLAIM", "SOURCE"],
        {"labels": ["CLAIM", "SOURCE"]},
        [{"name": "CLAIM", "color": "#f5c26b"}, {"name": "SOURCE", "colour": "#7FC4EC"}],
    ],
)
def test_the_old_shapes_are_still_read(data: object) -> None:
    schema = parse_schema(data)
    assert schema.names() == ("CLAIM", "SOURCE")
    assert [lab.colour for lab in schema.labels] == ["#F5C26B", "#7FC4EC"]
    assert [lab.hotkey for lab in schema.labels] == ["1", "2"]


@pytest.mark.parametrize(
    ("vtype", "level"),
    [
        ("choice", "nominal"),
        ("multi", "nominal"),
        ("bool", "nominal"),
        ("number", "interval"),
        ("text", "nominal"),
    ],
)
def test_each_type_has_its_default_level(vtype: str, level: str) -> None:
    item: dict[str, object] = {"name": "V", "kind": "document", "type": vtype}
    if vtype in ("choice", "multi"):
        item["values"] = ["a", "b"]
    spec = parse_schema([item]).labels[0].spec
    assert spec is not None and (spec.type, spec.level) == (ValueType(vtype), Level(level))


ALLOWED = {
    "choice": {"nominal", "ordinal"},
    "multi": {"nominal"},
    "bool": {"nominal"},
    "number": {"ordinal", "interval", "ratio"},
    "text": {"nominal"},
}


@pytest.mark.parametrize("vtype", sorted(ALLOWED))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_each_type_allows_only_its_levels(vtype: str, level: str) -> None:
    item: dict[str, object] = {"name": "tone", "type": vtype, "level": level}
    if vtype in ("choice", "multi"):
        item["values"] = ["low", "high"]
    data = [{"name": "CLAIM", "attributes": [item]}]
    if level in ALLOWED[vtype]:
        spec = parse_schema(data).labels[0].attributes[0].spec
        assert (spec.type, spec.level) == (ValueType(vtype), Level(level))
    else:
        with pytest.raises(
            ValidationError, match=f"attribute 'tone': a {vtype} cannot be {level} \\(a {vtype} is "
        ):
            parse_schema(data, "s.json")


def test_an_ordinal_choice_keeps_its_values_in_order() -> None:
    data = [
        {
            "name": "STANCE",
            "kind": "document",
            "type": "choice",
            "level": "ordinal",
            "values": ["against", "neutral", "for"],
        }
    ]
    spec = parse_schema(data).labels[0].spec
    assert spec is not None and spec.level == Level.ORDINAL
    assert spec.names() == ("against", "neutral", "for")


def test_a_number_may_have_one_bound_or_none() -> None:
    data = [
        {"name": "WORDS", "kind": "document", "type": "number", "min": 0, "level": "ratio"},
        {"name": "SCORE", "kind": "document", "type": "number", "max": 2.5},
        {"name": "SHIFT", "kind": "document", "type": "number"},
    ]
    words, score, shift = (lab.spec for lab in parse_schema(data).labels)
    assert words == ValueSpec(ValueType.NUMBER, minimum=0, level=Level.RATIO)
    assert score == ValueSpec(ValueType.NUMBER, maximum=2.5, level=Level.INTERVAL)
    assert shift == ValueSpec(ValueType.NUMBER, level=Level.INTERVAL)


def test_labels_attributes_and_values_carry_descriptions_and_examples() -> None:
    data = [
        {
            "name": "SOURCE",
            "description": "Who is quoted.",
            "examples": ["the mayor", "a spokeswoman for the port"],
            "attributes": [
                {
                    "name": "type",
                    "type": "choice",
                    "description": "What kind of source.",
                    "examples": ["official: the harbour master"],
                    "values": [
                        {
                            "name": "official",
                            "description": "Speaks for an institution.",
                            "examples": ["the mayor"],
                        },
                        "citizen",
                        {"name": "anonymous"},
                    ],
                }
            ],
        },
        {
            "name": "TOPIC",
            "kind": "document",
            "type": "choice",
            "values": [{"name": "flood defence", "examples": ["the wall"]}],
            "description": "Main topic.",
            "examples": ["flooding"],
        },
    ]
    source, topic = parse_schema(data).labels
    assert source.examples == ("the mayor", "a spokeswoman for the port")
    attribute = source.attributes[0]
    assert (attribute.description, attribute.examples) == (
        "What kind of source.",
        ("official: the harbour master",),
    )
    assert attribute.spec.choices == (
        Choice("official", "Speaks for an institution.", ("the mayor",)),
        Choice("citizen"),
        Choice("anonymous"),
    )
    assert (topic.description, topic.examples) == ("Main topic.", ("flooding",))
    assert topic.spec is not None and topic.spec.choices == (Choice("flood defence", "", ("the wall",)),)


def test_roles_and_required_are_read() -> None:
    data = [
        {"name": "QUOTE", "role": "content"},
        {"name": "SPEAKER", "role": "source"},
        {"name": "VERB", "role": "cue"},
        {"name": "CAP", "role": "caption"},
        {"name": "DATE", "role": "dateline"},
        {"name": "BY", "role": "byline"},
        {"name": "FOOT", "role": "boilerplate"},
        {"name": "OTHER"},
        {"name": "FRAME", "kind": "document", "type": "text", "required": True},
    ]
    schema = parse_schema(data)
    assert [lab.role.value for lab in schema.span_labels()] == [
        "content",
        "source",
        "cue",
        "caption",
        "dateline",
        "byline",
        "boilerplate",
        "",
    ]
    assert schema.by_role(Role.CUE) == schema.get("VERB")
    frame = schema.get("FRAME")
    assert frame is not None and frame.required


def test_relation_labels_may_have_their_own_hotkeys() -> None:
    # Relation keys are pressed while linking two spans, so they may reuse a span label's digit.
    data = [{"name": "A", "hotkey": 1}, {"name": "R", "kind": "relation", "hotkey": "1"}]
    a, r = parse_schema(data).labels
    assert (a.hotkey, r.hotkey) == ("1", "1")
    with pytest.raises(ValidationError, match="label 'S': hotkey 1 is already used by 'R'"):
        parse_schema([*data, {"name": "S", "kind": "relation", "hotkey": "1"}])


def test_check_labels_and_check_schema_apply_the_json_rules_to_labels_built_in_code() -> None:
    good = Label(
        "A", attributes=(Attribute("n", ValueSpec.of(ValueType.NUMBER, minimum=0)),), colour="#ABCDEF"
    )
    check_labels([good], "new labels")
    bad_level = Label("B", colour="#ABCDEF", attributes=(Attribute("n", ValueSpec(ValueType.NUMBER)),))
    with pytest.raises(
        ValidationError, match="new labels: label 'B', attribute 'n': a number cannot be nominal"
    ):
        check_labels([bad_level], "new labels")
    with pytest.raises(ValidationError, match="label 'V': 'colour' does not apply to a document label"):
        check_labels([Label("V", LabelKind.DOCUMENT, "#ABCDEF", spec=ValueSpec.of(ValueType.TEXT))])
    with pytest.raises(ValidationError, match="label 'V': needs a type"):
        check_labels([Label("V", LabelKind.DOCUMENT)])
    with pytest.raises(ValidationError, match="'role' does not apply to a relation label"):
        check_labels([Label("R", LabelKind.RELATION, role=Role.CUE)])
    # A relation may name labels added earlier: check_labels sees one label at a time ...
    check_labels([Label("R", LabelKind.RELATION, head="CLAIM")])
    # ... and check_schema the whole codebook.
    with pytest.raises(ValidationError, match="project: label 'R' refers to unknown label 'QUOTE'"):
        check_schema(
            LabelSchema((*DEFAULT_SCHEMA.labels, Label("R", LabelKind.RELATION, head="QUOTE"))), "project"
        )
    check_schema(DEFAULT_SCHEMA)


def test_export_leaves_defaults_out_and_keeps_colours_and_span_hotkeys() -> None:
    schema = parse_schema(ISSUE_10)
    source, claim, relation, frame, _topics, tone, summary = schema_to_json(schema)
    assert set(claim) == {"name", "colour", "hotkey"}
    assert relation == {
        "name": "ATTRIBUTED_TO",
        "kind": "relation",
        "colour": relation["colour"],
        "head": "CLAIM",
        "tail": "SOURCE",
    }
    assert source["attributes"] == ISSUE_10[0]["attributes"]
    assert frame == {**ISSUE_10[3], "kind": "document"}
    assert tone == {
        "name": "TONE",
        "kind": "document",
        "type": "number",
        "min": 1,
        "max": 5,
    }  # interval is the default
    assert summary == ISSUE_10[6]
    # A span label without a key says so: left out, reading would give it the next free digit.
    keyless = parse_schema([{"name": "A", "hotkey": ""}, {"name": "B"}])
    assert [lab.hotkey for lab in keyless.labels] == ["", "1"]
    assert schema_to_json(keyless)[0]["hotkey"] == ""
    assert parse_schema(schema_to_json(keyless)) == keyless
