"""Quotations by their marks, and the quotation enclosing a selection or the cursor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.quotes import MARKS, enclosing_quote, find_quotations


def _inner_at(text: str, needle: str, include_marks: bool = False) -> str | None:
    """The text of the quotation enclosing the cursor at the middle of the first `needle`."""
    pos = text.index(needle) + len(needle) // 2
    rng = enclosing_quote(text, pos, pos, include_marks=include_marks)
    return None if rng is None else text[rng[0] : rng[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "the wall holds" today.', "the wall holds"),
        ("He said “the wall holds” today.", "the wall holds"),
        ("He said ‘the wall holds’ today.", "the wall holds"),
        ("Er sagte „the wall holds“ heute.", "the wall holds"),
        ("Er sagte ‚the wall holds‘ heute.", "the wall holds"),
        ("Il a dit «the wall holds» hier.", "the wall holds"),
        ("Il a dit « the wall holds » hier.", "the wall holds"),
        ("Han sagde »the wall holds« i går.", "the wall holds"),
        ("Il a dit ‹the wall holds› hier.", "the wall holds"),
        ("Han sagde ›the wall holds‹ i går.", "the wall holds"),
        ("Han sa ”the wall holds” i går.", "the wall holds"),
        ("He said 'the wall holds' today.", "the wall holds"),
    ],
)
def test_every_kind_of_mark_encloses_the_cursor(text: str, expected: str) -> None:
    assert _inner_at(text, "wall") == expected


def test_include_marks_gives_the_range_with_both_marks() -> None:
    text = "He said “the wall holds” today."
    assert _inner_at(text, "wall", include_marks=True) == "“the wall holds”"
    french = "Il a dit « the wall holds » hier."
    assert _inner_at(french, "wall", include_marks=True) == "« the wall holds »"


def test_split_quote_gives_each_piece_its_own_quotation() -> None:
    text = '"We will not back down," she said, "not this year."'
    assert _inner_at(text, "back") == "We will not back down,"
    assert _inner_at(text, "this year") == "not this year."
    assert _inner_at(text, "she said") is None


@pytest.mark.parametrize(
    "text",
    [
        "Colm O’Neill and Dan O'Malley don't think so.",
        "Jukeboxes from the '90s and the ’70s fill the shop.",
        "Rock 'n' roll records and the players' union.",
        "The shop's busiest month, and St. Anne’s church.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text: str) -> None:
    assert find_quotations(text) == []


def test_apostrophes_inside_a_single_quoted_quotation_do_not_end_it() -> None:
    text = "'We don't know what the '90s held for the parents' groups,' she said."
    (q,) = find_quotations(text)
    assert text[q.open] == "'" and text[q.close] == "'"
    assert text[q.inner[0] : q.inner[1]] == "We don't know what the '90s held for the parents' groups,"


def test_nested_quotations_give_the_smallest_then_step_out_with_strict() -> None:
    text = "“She always said, ‘Bread is for eating,’ and she meant it,” he recalled."
    pos = text.index("eating")
    inner = enclosing_quote(text, pos, pos)
    assert inner is not None and text[inner[0] : inner[1]] == "Bread is for eating,"
    outer = enclosing_quote(text, inner[0], inner[1], strict=True)
    assert outer is not None and text[outer[0] : outer[1]].startswith("She always said")
    assert enclosing_quote(text, outer[0], outer[1], strict=True) is None
    assert [q.depth for q in find_quotations(text)] == [0, 1]


def test_a_selection_is_enclosed_only_when_the_quotation_holds_all_of_it() -> None:
    text = 'Before "inside words" after.'
    a = text.index("inside")
    assert enclosing_quote(text, a, a + len("inside words")) == (a, a + len("inside words"))
    assert enclosing_quote(text, text.index("Before"), a + 3) is None
    assert enclosing_quote(text, a + 3, a) == (a, a + len("inside words")), "a backwards selection"


def test_the_cursor_touching_a_mark_from_outside_counts_and_far_outside_does_not() -> None:
    text = 'Before "inside" after.'
    open_, close = text.index('"'), text.rindex('"')
    assert enclosing_quote(text, open_, open_) == (open_ + 1, close)
    assert enclosing_quote(text, close + 1, close + 1) == (open_ + 1, close)
    assert enclosing_quote(text, 2, 2) is None
    assert enclosing_quote("no quotes at all", 3, 3) is None


def test_a_quote_over_paragraphs_continues_where_the_next_paragraph_opens_with_a_mark() -> None:
    text = (
        'She said: "People here depend on this boat.\n\n'
        '"If it stops, the island empties.\n'
        '"I have seen it happen."\n'
        "The company disagreed."
    )
    (q,) = find_quotations(text)
    assert [text[a:b] for a, b in q.pieces] == [
        "People here depend on this boat.",
        "If it stops, the island empties.",
        "I have seen it happen.",
    ]
    pos = text.index("seen")
    rng = enclosing_quote(text, pos, pos)
    assert rng is not None and text[rng[0] : rng[1]] == text[q.open + 1 : q.close]
    assert enclosing_quote(text, text.index("depend"), text.index("island")) == rng


def test_an_unclosed_quote_is_dropped_when_the_next_paragraph_does_not_open_with_a_mark() -> None:
    text = 'She said: "People here depend on this boat.\n\nThe company "disagreed" later.'
    quotes = find_quotations(text)
    assert [text[q.inner[0] : q.inner[1]] for q in quotes] == ["disagreed"]
    pos = text.index("depend")
    assert enclosing_quote(text, pos, pos) is None


def test_offsets_are_code_points_after_emoji_and_crlf() -> None:
    text = "😀🇩🇪 line\r\n“Quoted 北京 text” end"
    rng = enclosing_quote(text, text.index("北"), text.index("北"))
    assert rng == (text.index("Q"), text.index("”"))


_ALPHABET = st.sampled_from([*"ab sO'\n", *sorted(MARKS), ",", "."])


@given(st.text(_ALPHABET, max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_quotations_are_well_formed_and_the_enclosing_range_holds_the_selection(
    text: str, a: int, b: int
) -> None:
    for q in find_quotations(text):
        assert text[q.open] in MARKS and text[q.close] in MARKS
        bounds = [q.open, *(x for piece in q.pieces for x in piece), q.close + 1]
        assert bounds == sorted(bounds)
        assert q.pieces[0][0] == q.open + 1 and q.pieces[-1][1] == q.close
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    for marks in (False, True):
        rng = enclosing_quote(text, start, end, include_marks=marks)
        if rng is not None and start < end:
            outer = enclosing_quote(text, start, end, include_marks=True)
            assert outer is not None and outer[0] <= start and end <= outer[1]
            assert outer[0] <= rng[0] <= rng[1] <= outer[1]
