"""Pure codebook edits: renaming a label or a value, merging two labels, and their refusals."""

from __future__ import annotations

import pytest

from annotator.core.codebook_edit import merge_labels, rename_label, rename_value
from annotator.core.errors import ValidationError
from annotator.core.schema import DEFAULT_SCHEMA, check_schema, parse_schema
from annotator.core.types import LabelKind, Role

CODEBOOK = parse_schema(
    [
        {"name": "CLAIM", "role": "content"},
        {
            "name": "SOURCE",
            "attributes": [
                {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]},
                {"name": "named", "type": "bool"},
                {"name": "rank", "type": "number", "min": 1, "max": 10},
            ],
        },
        {
            "name": "OFFICIAL",
            "role": "source",
            "attributes": [{"name": "type", "type": "choice", "values": ["official", "expert"]}],
        },
        {"name": "WEIRD", "attributes": [{"name": "type", "type": "multi", "values": ["official"]}]},
        {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
        {"name": "SAID_BY", "kind": "relation", "head": "CLAIM", "tail": "OFFICIAL"},
        {"name": "LINK", "kind": "relation"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "values": [{"name": "conflict", "description": "Two sides."}, "economic"],
        },
        {
            "name": "FRAME2",
            "kind": "document",
            "type": "choice",
            "values": ["conflict", "economic", "morality"],
        },
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5},
        {"name": "TONE7", "kind": "document", "type": "number", "min": 1, "max": 7},
    ]
)


def test_rename_label_keeps_its_place_and_relations_follow() -> None:
    renamed = rename_label(DEFAULT_SCHEMA, "CLAIM", "QUOTE")
    assert renamed.names() == ("QUOTE", "SOURCE", "CAPTION", "CUE")
    quote = renamed.get("QUOTE")
    claim = DEFAULT_SCHEMA.get("CLAIM")
    assert quote is not None and claim is not None
    assert (quote.colour, quote.hotkey, quote.role, quote.description) == (
        claim.colour,
        claim.hotkey,
        Role.CONTENT,
        claim.description,
    )
    assert [(r.name, r.head, r.tail) for r in renamed.relation_labels()] == [
        ("ATTRIBUTED_TO", "QUOTE", "SOURCE"),
        ("CUED_BY", "QUOTE", "CUE"),
    ]
    check_schema(renamed)
    assert DEFAULT_SCHEMA.get("CLAIM") is not None  # the input is left as it was


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("NOPE", "X", "no label named 'NOPE' (labels: CLAIM, SOURCE, CAPTION, CUE, ATTRIBUTED_TO, CUED_BY)"),
        ("CLAIM", "SOURCE", "cannot rename 'CLAIM' to 'SOURCE': a label named 'SOURCE' already exists"),
        ("CLAIM", "CLAIM", "label 'CLAIM' already has that name"),
        ("CLAIM", "a claim", "renaming label 'CLAIM': label name 'a claim' must not contain spaces"),
        ("CLAIM", "", "renaming label 'CLAIM': a label name must be non-empty text"),
    ],
)
def test_rename_label_refusals(old: str, new: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rename_label(DEFAULT_SCHEMA, old, new)
    assert message in str(caught.value)


def test_merge_removes_the_source_and_points_its_relations_at_the_target() -> None:
    merged = merge_labels(CODEBOOK, "OFFICIAL", "SOURCE")
    assert "OFFICIAL" not in merged.names()
    said_by = merged.get("SAID_BY")
    assert said_by is not None and (said_by.head, said_by.tail) == ("CLAIM", "SOURCE")
    source = merged.get("SOURCE")
    assert source is not None and source.role == Role.SOURCE  # taken over: SOURCE had no role
    assert source.attributes == CODEBOOK.get("SOURCE").attributes  # type: ignore[union-attr]
    check_schema(merged)
    # Document variables and relation labels merge too.
    assert "FRAME" not in merge_labels(CODEBOOK, "FRAME", "FRAME2").names()
    assert "TONE" not in merge_labels(CODEBOOK, "TONE", "TONE7").names()
    assert "ATTRIBUTED_TO" not in merge_labels(CODEBOOK, "ATTRIBUTED_TO", "LINK").names()


def test_merge_keeps_the_targets_own_role() -> None:
    merged = merge_labels(CODEBOOK, "CLAIM", "OFFICIAL")
    official = merged.get("OFFICIAL")
    assert official is not None and official.role == Role.SOURCE
    assert merged.by_role(Role.CONTENT) is None


@pytest.mark.parametrize(
    ("source", "into", "message"),
    [
        ("SOURCE", "SOURCE", "cannot merge 'SOURCE' into 'SOURCE': they are the same label"),
        (
            "SOURCE",
            "FRAME",
            "cannot merge 'SOURCE' into 'FRAME': 'SOURCE' is a span label and 'FRAME' a document label",
        ),
        ("CLAIM", "ATTRIBUTED_TO", "'CLAIM' is a span label and 'ATTRIBUTED_TO' a relation label"),
        (
            "SOURCE",
            "OFFICIAL",
            "cannot merge 'SOURCE' into 'OFFICIAL': attribute 'type' has value(s) 'citizen', 'anonymous' the other does not list",
        ),
        ("SOURCE", "CLAIM", "cannot merge 'SOURCE' into 'CLAIM': 'CLAIM' has no attribute 'type'"),
        ("OFFICIAL", "WEIRD", "attribute 'type' is a choice in one and a multi in the other"),
        (
            "FRAME2",
            "FRAME",
            "cannot merge 'FRAME2' into 'FRAME': its value has value(s) 'morality' the other does not list",
        ),
        ("TONE7", "TONE", "its value may be above the other's maximum 5"),
        ("LINK", "ATTRIBUTED_TO", "'ATTRIBUTED_TO' needs a CLAIM head, and 'LINK' relations have any label"),
        (
            "SAID_BY",
            "ATTRIBUTED_TO",
            "'ATTRIBUTED_TO' needs a SOURCE tail, and 'SAID_BY' relations have OFFICIAL",
        ),
        ("NOPE", "SOURCE", "no label named 'NOPE'"),
    ],
)
def test_merge_refusals_say_why(source: str, into: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        merge_labels(CODEBOOK, source, into)
    assert message in str(caught.value)


def test_merge_refuses_a_wider_or_negative_range() -> None:
    schema = parse_schema(
        [
            {"name": "A", "kind": "document", "type": "number"},
            {"name": "B", "kind": "document", "type": "number", "min": 0},
            {"name": "C", "kind": "document", "type": "number", "level": "ratio"},
            {"name": "D", "kind": "document", "type": "number", "min": 0, "level": "ratio"},
        ]
    )
    with pytest.raises(ValidationError, match="its value may be below the other's minimum 0"):
        merge_labels(schema, "A", "B")
    with pytest.raises(ValidationError, match="its value may be negative, and the other is a ratio number"):
        merge_labels(schema, "A", "C")
    assert merge_labels(schema, "B", "C").names(LabelKind.DOCUMENT) == ("A", "C", "D")
    assert merge_labels(schema, "D", "C").names(LabelKind.DOCUMENT) == ("A", "B", "C")


def test_rename_value_of_an_attribute_and_of_a_document_variable() -> None:
    renamed = rename_value(CODEBOOK, "SOURCE", "type", "citizen", "member of the public")
    source = renamed.get("SOURCE")
    assert source is not None
    assert source.attributes[0].spec.names() == ("official", "expert", "member of the public", "anonymous")
    assert source.attributes[1:] == CODEBOOK.get("SOURCE").attributes[1:]  # type: ignore[union-attr]
    frame = rename_value(CODEBOOK, "FRAME", None, "conflict", "conflict frame").get("FRAME")
    assert frame is not None and frame.spec is not None
    assert [(c.name, c.description) for c in frame.spec.choices] == [
        ("conflict frame", "Two sides."),
        ("economic", ""),
    ]
    check_schema(renamed)


@pytest.mark.parametrize(
    ("label", "attribute", "old", "new", "message"),
    [
        (
            "SOURCE",
            "type",
            "pundit",
            "x",
            "label 'SOURCE', attribute 'type': no value 'pundit' (values: official, expert, citizen, anonymous)",
        ),
        (
            "SOURCE",
            "type",
            "citizen",
            "expert",
            "cannot rename 'citizen' to 'expert': 'expert' is already a value",
        ),
        ("SOURCE", "type", "citizen", " x", "value ' x' must not start or end with spaces"),
        (
            "SOURCE",
            "named",
            "true",
            "yes",
            "label 'SOURCE', attribute 'named': a bool has no values to rename",
        ),
        (
            "SOURCE",
            "kind",
            "a",
            "b",
            "label 'SOURCE', attribute 'kind': no such attribute (its attributes: type, named, rank)",
        ),
        ("SOURCE", None, "a", "b", "label 'SOURCE': a span label has no values; name one of its attributes"),
        ("TONE", None, "1", "2", "label 'TONE': a number has no values to rename"),
        ("NOPE", None, "a", "b", "no label named 'NOPE'"),
    ],
)
def test_rename_value_refusals(label: str, attribute: str | None, old: str, new: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rename_value(CODEBOOK, label, attribute, old, new)
    assert message in str(caught.value)
