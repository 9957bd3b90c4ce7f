"""Quotations with their attribution: content, cue and source."""

from __future__ import annotations

import pytest

from tests.suggest.helpers import attributions, by_role


def test_a_quote_split_by_its_cue_is_one_content_of_two_fragments_with_cue_and_source() -> None:
    text = '"We will not back down," said Maeve Connolly, the branch chair, "not this year."'
    assert attributions(text) == [
        (["We will not back down", "not this year."], ["Maeve Connolly"], ["said"]),
    ]


def test_the_brief_example_with_a_pronoun_has_a_cue_and_no_source() -> None:
    text = '"We will not back down," she said, "not this year."'
    assert attributions(text) == [(["We will not back down", "not this year."], None, ["said"])]
    assert by_role(text, "source") == []


def test_a_quote_going_on_after_a_full_stop_joins_the_same_content() -> None:
    text = '"Passengers should not have to beg," said Sen. Mark Delaney, the sponsor. "If the plane stays, the refund goes."'
    assert attributions(text) == [
        (
            ["Passengers should not have to beg", "If the plane stays, the refund goes."],
            ["Sen. Mark Delaney"],
            ["said"],
        )
    ]


def test_a_second_quote_with_its_own_cue_is_its_own_attribution() -> None:
    text = '"We are ready," the mayor said. "We are not," replied Councilman Leo Varga.'
    assert attributions(text) == [
        (["We are ready"], ["the mayor"], ["said"]),
        (["We are not"], ["Councilman Leo Varga"], ["replied"]),
    ]


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            '"The water came fast," said fishmonger Aled Morgan, who runs a stall.',
            "fishmonger Aled Morgan",
            "said",
        ),
        ('"The water came fast," a council spokeswoman said.', "a council spokeswoman", "said"),
        (
            '"The water came fast," Interior Minister Park Ji-won told reporters.',
            "Interior Minister Park Ji-won",
            "told reporters",
        ),
        ('"The water came fast," Lopez, the water director, later said.', "Lopez", "said"),
        (
            '"The water came fast," the council\'s transport lead, Cllr Ben Achebe, said.',
            "Cllr Ben Achebe",
            "said",
        ),
        (
            "«The water came fast», said Belgian minister Anke Peeters.",
            "Belgian minister Anke Peeters",
            "said",
        ),
        ("»The water came fast«, Joost van Dam told NOS.", "Joost van Dam", "told"),
        (
            '"The water came fast," according to a statement from the Port Authority.',
            "a statement from the Port Authority",
            "according to",
        ),
        ('"The water came fast," said one of the inspectors.', "one of the inspectors", "said"),
    ],
)
def test_the_cue_after_a_quote_and_its_source(text: str, source: str, cue: str) -> None:
    assert attributions(text) == [(["The water came fast"], [source], [cue])]


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            'Mayor Edith Marsh told the council on Tuesday: "The bridge is safe for cars."',
            "Mayor Edith Marsh",
            "told",
        ),
        (
            'In a letter to parents, head teacher Alan Rigby wrote: "The bridge is safe for cars."',
            "head teacher Alan Rigby",
            "wrote",
        ),
        (
            'Asked about the bridge, Erik Karlsson replied: "The bridge is safe for cars."',
            "Erik Karlsson",
            "replied",
        ),
        (
            'According to the harbour master, "The bridge is safe for cars."',
            "the harbour master",
            "According to",
        ),
    ],
)
def test_the_cue_before_a_quote_and_its_source(text: str, source: str, cue: str) -> None:
    assert attributions(text) == [(["The bridge is safe for cars."], [source], [cue])]


def test_a_partial_quote_inside_reported_speech_needs_four_words() -> None:
    text = 'Councilman Rob Deere said the city was "spending money it does not have." Inspectors warned of "a slow decline".'
    assert attributions(text) == [(["spending money it does not have."], ["Councilman Rob Deere"], ["said"])]


def test_a_full_stop_inside_the_marks_and_a_capital_after_start_a_new_sentence() -> None:
    text = 'Lopez stood up. "We are ready for the storm now." She said the plan was done.'
    assert attributions(text) == [(["We are ready for the storm now."], None, None)]


def test_unattributed_quotes_are_content_only_when_they_read_as_speech() -> None:
    text = (
        '"It was like the sky fell in."\n\n'
        'The so-called "green corridor" opens soon. A film, "Roads to Nowhere Again Tonight", screens on Friday.\n\n'
        'Parents held signs that read "Save Hillcrest."'
    )
    assert by_role(text, "content") == [["It was like the sky fell in."]]


def test_a_nested_quote_stays_inside_the_content_of_the_outer_one() -> None:
    text = "\"My father used to say, 'Never build below the church,' and he was right,\" said Ilse Brandt."
    assert attributions(text) == [
        (
            ["My father used to say, 'Never build below the church,' and he was right"],
            ["Ilse Brandt"],
            ["said"],
        )
    ]


def test_a_quote_over_paragraphs_is_one_content_of_one_fragment_per_paragraph() -> None:
    text = (
        'Captain Ruth Ellery said: "People here depend on this boat.\n\n'
        '"If it stops, the island empties.\n\n'
        '"I have seen it happen."\n\nThe company disagreed.'
    )
    assert attributions(text) == [
        (
            [
                "People here depend on this boat.",
                "If it stops, the island empties.",
                "I have seen it happen.",
            ],
            ["Captain Ruth Ellery"],
            ["said"],
        )
    ]


def test_apostrophes_in_single_quoted_british_style_do_not_cut_the_quote() -> None:
    text = "'We heard it from the parents' groups and the '90s veterans,' said Dame Helen Frost."
    assert attributions(text) == [
        (["We heard it from the parents' groups and the '90s veterans"], ["Dame Helen Frost"], ["said"])
    ]


def test_a_cue_word_used_as_a_noun_is_not_a_cue() -> None:
    text = '"Keep the harbour open for the winter," the notes from the meeting read.'
    assert by_role(text, "cue") == []


def test_quotes_on_a_caption_line_are_not_content() -> None:
    text = 'The team\'s robot, nicknamed "Biscuit, the crate lifter of Dalton," lifts a crate. Staff photo by Ray Hollins'
    assert by_role(text, "content") == []
    assert by_role(text, "caption") == [[text]]
