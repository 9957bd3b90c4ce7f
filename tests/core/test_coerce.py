"""Typing values read from brat and Label Studio with the codebook (core/coerce)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.codebook import Choice, DocumentValue, ValueSpec, ValueType
from annotator.core.coerce import one_word, typed_record, typed_value
from annotator.core.types import AnnotatedDocument, Document, Span
from tests.formats.codebook_fixtures import SCHEMA, TEXT, at


def _spec(kind: ValueType, *names: str) -> ValueSpec:
    return ValueSpec(kind, tuple(Choice(n) for n in names))


@pytest.mark.parametrize(
    ("spec", "raw", "typed"),
    [
        (_spec(ValueType.CHOICE, "official", "press office"), "official", "official"),
        (_spec(ValueType.CHOICE, "official", "press office"), ["official"], "official"),
        (_spec(ValueType.CHOICE, "official", "press office"), "press_office", "press office"),
        (_spec(ValueType.CHOICE, "official"), "unknown", "unknown"),  # left for the importer to name
        (_spec(ValueType.CHOICE, "a b", "a  b"), "a_b", "a_b"),  # two values spell a_b: not guessed
        (_spec(ValueType.MULTI, "politics", "economy"), "politics", ["politics"]),
        (_spec(ValueType.MULTI, "politics", "economy"), ["economy", "politics"], ["economy", "politics"]),
        (_spec(ValueType.BOOL), "yes", True),
        (_spec(ValueType.BOOL), ["no"], False),
        (_spec(ValueType.BOOL), "True", True),
        (_spec(ValueType.BOOL), True, True),
        (_spec(ValueType.BOOL), "maybe", "maybe"),
        (_spec(ValueType.NUMBER), "3", 3),
        (_spec(ValueType.NUMBER), "-2.5", -2.5),
        (_spec(ValueType.NUMBER), "inf", "inf"),
        (_spec(ValueType.NUMBER), "three", "three"),
        (_spec(ValueType.NUMBER), 4, 4),
        (_spec(ValueType.TEXT), ["first", "second"], "first\nsecond"),
        (_spec(ValueType.TEXT), "as it is", "as it is"),
    ],
)
def test_a_value_takes_its_types_form_where_it_can(spec: ValueSpec, raw: Any, typed: Any) -> None:
    assert typed_value(spec, raw) == typed
    assert type(typed_value(spec, raw)) is type(typed)


def test_one_word_is_how_brat_writes_a_value() -> None:
    assert one_word("human  interest\tstory") == "human_interest_story"
    assert one_word("official") == "official"


def test_a_record_is_typed_attribute_by_attribute_and_value_by_value() -> None:
    source = Span(
        *at("Mayor Ada Quill"),
        "SOURCE",
        attributes={"type": "press_office", "named": "yes", "rank": "2", "x": "1"},
    )
    cue = Span(*at("said"), "CUE", attributes={"rank": "2"})  # CUE defines no attributes: left alone
    values = (DocumentValue("TONE", "4"), DocumentValue("TOPICS", "health"), DocumentValue("OTHER", "1"))
    record = AnnotatedDocument(Document(TEXT), (source, cue), values=values)
    typed = typed_record(record, SCHEMA)
    assert [dict(s.attributes) for s in typed.spans] == [
        {"type": "press office", "named": True, "rank": 2, "x": "1"},
        {"rank": "2"},
    ]
    assert [v.value for v in typed.values] == [4, ["health"], "1"]
    assert typed.spans[1] is cue


def test_a_record_with_nothing_to_type_is_returned_as_it_is() -> None:
    record = AnnotatedDocument(Document(TEXT), (Span(*at("said"), "CUE"),))
    assert typed_record(record, SCHEMA) is record
