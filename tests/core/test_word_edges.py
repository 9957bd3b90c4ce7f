"""next_word_edge: where a span's start or end moves to by one word (the window snaps its edge keys with it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.spans import next_word_edge

TEXT = "Mayor Ana Ruiz, 54, said: “Café-owners won't pay.”"


def test_the_end_walks_word_by_word() -> None:
    pos = TEXT.index("Ana") + 3
    pos = next_word_edge(TEXT, pos, +1)
    assert TEXT[:pos].endswith("Ruiz")
    pos = next_word_edge(TEXT, pos, +1)
    assert TEXT[:pos].endswith("54")
    pos = next_word_edge(TEXT, pos, -1)
    assert TEXT[:pos].endswith("Ruiz")
    assert next_word_edge(TEXT, 3, -1) == 0  # no word ends before "May|or": the text's start


def test_the_start_walks_word_by_word() -> None:
    pos = next_word_edge(TEXT, 0, +1, edge="start")
    assert TEXT[pos:].startswith("Ana")
    pos = next_word_edge(TEXT, TEXT.index("Café"), +1, edge="start")
    assert TEXT[pos:].startswith("owners")  # a hyphen parts two words
    assert next_word_edge(TEXT, TEXT.index("Ana"), -1, edge="start") == 0
    assert next_word_edge(TEXT, len(TEXT), +1, edge="start") == len(TEXT)


def test_a_bad_edge_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="start"):
        next_word_edge(TEXT, 0, 1, edge="middle")


@given(
    st.text(alphabet="ab .,-é\n", max_size=30),
    st.integers(-5, 40),
    st.sampled_from([1, -1]),
    st.sampled_from(["start", "end"]),
)
def test_it_always_moves_within_the_text(text: str, pos: int, direction: int, edge: str) -> None:
    found = next_word_edge(text, pos, direction, edge=edge)
    clamped = max(0, min(pos, len(text)))
    assert 0 <= found <= len(text)
    assert found > clamped if direction > 0 and clamped < len(text) else True
    assert found < clamped if direction < 0 and clamped > 0 else True
