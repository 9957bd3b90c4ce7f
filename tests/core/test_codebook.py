"""Coded values against the codebook: span attributes, document variables, and the roles a schema names."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.codebook import (
    DEFAULT_LEVEL,
    Level,
    ValueSpec,
    ValueType,
    check_attributes,
    check_document_value,
    check_value,
)
from annotator.core.errors import ValidationError
from annotator.core.roles import attribution_relation, suggester_labels, suggester_relations
from annotator.core.schema import DEFAULT_SCHEMA, parse_schema
from annotator.core.types import LabelKind, Role

CODEBOOK = parse_schema(
    [
        {
            "name": "SOURCE",
            "attributes": [
                {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]},
                {"name": "named", "type": "bool"},
                {"name": "quotes", "type": "number", "min": 1, "level": "ratio"},
                {"name": "note", "type": "text"},
            ],
        },
        {"name": "CLAIM"},
        {"name": "TOPICS", "kind": "document", "type": "multi", "values": ["politics", "economy", "health"]},
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5},
        {"name": "SHARE", "kind": "document", "type": "number", "level": "ratio"},
    ]
)


def _label(name: str) -> Any:
    label = CODEBOOK.get(name)
    assert label is not None
    return label


def test_value_spec_of_takes_the_types_default_level() -> None:
    for vtype in ValueType:
        assert ValueSpec.of(vtype).level == DEFAULT_LEVEL[vtype]
    assert ValueSpec.of(ValueType.CHOICE, level=Level.ORDINAL).level == Level.ORDINAL


def test_attributes_are_checked_and_returned_in_stored_form() -> None:
    source = _label("SOURCE")
    got = check_attributes(
        source, {"type": "expert", "named": False, "quotes": 2.0, "note": ""}, "line 1, span 1"
    )
    assert got == {"type": "expert", "named": False, "quotes": 2, "note": ""}
    assert isinstance(got["quotes"], int)
    # An attribute given as null is not coded; an unknown one is refused even then.
    assert check_attributes(source, {"named": None}, "line 1, span 1") == {}
    with pytest.raises(ValidationError, match="has no attribute 'x'"):
        check_attributes(source, {"x": None}, "line 1, span 1")
    assert check_attributes(_label("CLAIM"), {}, "line 1, span 1") == {}


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            {"kind": "expert"},
            "line 3, span 2: label 'SOURCE' has no attribute 'kind' (its attributes: type, named, quotes, note)",
        ),
        (
            {"type": "pundit"},
            "line 3, span 2: attribute 'type' of SOURCE: 'pundit' is not one of official, expert, citizen, anonymous",
        ),
        ({"named": "yes"}, "line 3, span 2: attribute 'named' of SOURCE: expected true or false, got 'yes'"),
        ({"quotes": 0}, "attribute 'quotes' of SOURCE: 0 is below the minimum 1"),
        ({"quotes": "two"}, "attribute 'quotes' of SOURCE: expected a number, got 'two'"),
        ({"note": 3}, "attribute 'note' of SOURCE: expected text, got 3"),
    ],
)
def test_a_bad_attribute_is_refused_naming_span_and_attribute(
    attributes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        check_attributes(_label("SOURCE"), attributes, "line 3, span 2")
    assert message in str(caught.value)


def test_a_label_without_attributes_refuses_any() -> None:
    with pytest.raises(
        ValidationError, match=r"label 'CLAIM' has no attribute 'type' \(its attributes: none\)"
    ):
        check_attributes(_label("CLAIM"), {"type": "official"}, "line 1, span 1")


def test_document_values_are_checked_against_their_variable() -> None:
    assert check_document_value(_label("TOPICS"), ["health", "politics"], "line 2") == ["politics", "health"]
    assert check_document_value(_label("TONE"), 4.0, "line 2") == 4
    with pytest.raises(ValidationError, match="line 2: TONE: 6 is above the maximum 5"):
        check_document_value(_label("TONE"), 6, "line 2")
    with pytest.raises(ValidationError, match=r"line 2: TOPICS: 'sport' not among politics, economy, health"):
        check_document_value(_label("TOPICS"), ["sport"], "line 2")
    with pytest.raises(ValidationError, match="line 2: 'CLAIM' is a span label, not a document variable"):
        check_document_value(_label("CLAIM"), "x", "line 2")


def test_a_ratio_number_is_never_negative() -> None:
    spec = ValueSpec(ValueType.NUMBER, level=Level.RATIO)
    assert check_value(spec, 0, "v") == 0
    with pytest.raises(ValidationError, match="SHARE: -0.5 is negative, and a ratio number cannot be"):
        check_document_value(_label("SHARE"), -0.5, "line 1")
    # An interval number may be.
    assert check_value(ValueSpec(ValueType.NUMBER, level=Level.INTERVAL), -3, "v") == -3


def test_the_default_schema_names_the_attribution_and_the_suggesters_labels() -> None:
    relation = attribution_relation(DEFAULT_SCHEMA, Role.CUE)
    assert relation is not None and relation.name == "CUED_BY"
    assert suggester_labels(DEFAULT_SCHEMA) == {
        "caption": "CAPTION",
        "credit": "CAPTION",
        "content": "CLAIM",
        "source": "SOURCE",
        "cue": "CUE",
    }
    assert suggester_relations(DEFAULT_SCHEMA) == {"source": "ATTRIBUTED_TO", "cue": "CUED_BY"}


def test_a_project_maps_the_suggesters_to_its_own_labels_through_roles() -> None:
    schema = parse_schema(
        [
            {"name": "QUOTE", "role": "content"},
            {"name": "SPEAKER", "role": "source"},
            {"name": "BYLINE", "role": "byline"},
            {"name": "SAID_BY", "kind": "relation", "head": "QUOTE", "tail": "SPEAKER"},
            {"name": "OTHER", "kind": "relation", "head": "SPEAKER", "tail": "QUOTE"},
        ]
    )
    assert suggester_labels(schema) == {"byline": "BYLINE", "content": "QUOTE", "source": "SPEAKER"}
    assert suggester_relations(schema) == {"source": "SAID_BY"}
    assert attribution_relation(schema, Role.CUE) is None
    assert all(lab.kind == LabelKind.SPAN for lab in schema.labels[:3])
