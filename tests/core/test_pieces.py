"""Pieces of a discontinuous span: merged when they touch, found by position, removed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import ValidationError
from annotator.core.pieces import merge_pieces, piece_at, without_piece
from annotator.core.spans import check_fragments

ranges = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted).map(tuple), max_size=8)


@given(ranges)
def test_merged_pieces_cover_the_same_positions_and_are_valid_fragments(pieces) -> None:  # type: ignore[no-untyped-def]
    merged = merge_pieces(pieces)
    covered = {i for s, e in pieces for i in range(s, e)}
    assert {i for s, e in merged for i in range(s, e)} == covered
    if len(merged) > 1:
        check_fragments(merged, merged[0][0], merged[-1][1], "span")  # ordered, disjoint, not touching


def test_touching_pieces_join_and_the_piece_at_a_position_is_found() -> None:
    assert merge_pieces([(10, 14), (0, 5), (5, 8)]) == ((0, 8), (10, 14))
    pieces = ((0, 8), (10, 14))
    assert piece_at(pieces, 3) == 0
    assert piece_at(pieces, 8) == 0  # the caret just after a piece
    assert piece_at(pieces, 12) == 1
    assert piece_at(pieces, 9) is None
    assert without_piece(pieces, 0) == ((10, 14),)


def test_touching_fragments_are_what_check_fragments_refuses() -> None:
    try:
        check_fragments(((0, 5), (5, 8)), 0, 8, "span")
    except ValidationError:
        pass
    else:
        raise AssertionError("touching fragments were accepted")
