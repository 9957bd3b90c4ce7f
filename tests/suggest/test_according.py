"""Unquoted "according to" attributions: the clause is the content."""

from __future__ import annotations

from tests.suggest.helpers import attributions


def test_clause_then_according_to() -> None:
    text = "Water bills in Dunmore will rise by 9 percent, according to a notice posted by the utility on Friday."
    assert attributions(text) == [
        (
            ["Water bills in Dunmore will rise by 9 percent"],
            ["a notice posted by the utility"],
            ["according to"],
        )
    ]


def test_according_to_then_clause() -> None:
    text = "The plan was approved. According to the utility's filing, the increase will pay for new pipes."
    assert attributions(text) == [
        (["the increase will pay for new pipes"], ["the utility's filing"], ["According to"])
    ]


def test_according_to_in_the_middle_splits_the_content_in_two_fragments() -> None:
    text = "The new pipes, according to engineers, should last at least 80 years."
    assert attributions(text) == [
        (["The new pipes", "should last at least 80 years"], ["engineers"], ["according to"])
    ]


def test_according_to_inside_a_quotation_belongs_to_the_quote() -> None:
    text = 'Head teacher Alan Rigby wrote: "According to the survey, the roof can last one more winter."'
    assert attributions(text) == [
        (
            ["According to the survey, the roof can last one more winter."],
            ["Head teacher Alan Rigby"],
            ["wrote"],
        )
    ]


def test_abbreviations_do_not_end_the_sentence_of_the_clause() -> None:
    text = "Flooding in Arlington, Va., closed two schools on Jan. 5, according to county officials."
    assert attributions(text) == [
        (["Flooding in Arlington, Va., closed two schools on Jan. 5"], ["county officials"], ["according to"])
    ]


def test_a_clause_too_short_or_a_pronoun_source_gives_nothing() -> None:
    assert attributions("It rose, according to him.") == []
    assert attributions("That is, according to them, fine.") == []
