"""Document values as categories: the names written, read back, and typed by the codebook."""

from __future__ import annotations

import pytest

from annotator.core.codebook import DocumentValue
from annotator.formats import docvalues

from .codebook_corpus import schema


def test_categories_name_the_variable_and_the_value() -> None:
    assert docvalues.value_categories("TOPICS", ["politics", "economy"]) == [
        "TOPICS=politics",
        "TOPICS=economy",
    ]
    assert docvalues.value_categories("BREAKING", True) == ["BREAKING=true"]
    frame = schema().get("FRAME")
    assert frame is not None
    assert docvalues.all_categories(frame) == ["FRAME=conflict", "FRAME=economic", "FRAME=human interest"]


def test_categories_read_back_group_by_variable_and_keep_the_others_apart() -> None:
    values, other = docvalues.parse_categories(
        ["TOPICS=politics", "FRAME=a=b", "positive", "TOPICS=economy", "=x", 7], "alice"
    )
    assert values == [
        DocumentValue("TOPICS", ["politics", "economy"], "alice"),
        DocumentValue("FRAME", "a=b", "alice"),  # only the first "=" separates
    ]
    assert other == ["positive", "=x", 7]


@pytest.mark.parametrize(
    ("label", "raw", "typed"),
    [
        ("TOPICS", "politics", ["politics"]),
        ("BREAKING", "true", True),
        ("BREAKING", "false", False),
        ("TONE", "4", 4),
        ("TONE", "2.5", 2.5),
        ("TONE", "loud", "loud"),  # left for the import's check to refuse
        ("FRAME", ["conflict"], "conflict"),
        ("FRAME", "conflict", "conflict"),
        ("UNKNOWN", "true", "true"),
    ],
)
def test_conform_gives_each_value_its_variables_type(label: str, raw: object, typed: object) -> None:
    assert docvalues.conform(DocumentValue(label, raw, "bob"), schema()) == DocumentValue(label, typed, "bob")
