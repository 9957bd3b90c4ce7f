"""Document values as categories: the names written and read back."""

from __future__ import annotations

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
