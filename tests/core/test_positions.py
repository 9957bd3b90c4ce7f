"""PositionMap without Qt: code points <-> UTF-16 display units with CRLF merged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.positions import PositionMap


def reference_display(text: str) -> list[int]:
    """Display position of every code-point offset, computed the slow, obvious way."""
    out = [0]
    pos = 0
    for i, ch in enumerate(text):
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            width = 0
        else:
            width = 2 if ord(ch) > 0xFFFF else 1
        pos += width
        out.append(pos)
    return out


def test_identity_for_plain_bmp_text() -> None:
    m = PositionMap("plain text\nwith lines\u2028and a separator")
    assert m.identity
    assert m.to_display(5) == 5 and m.to_code_point(5) == 5


def test_astral_and_crlf() -> None:
    text = "a😀b\r\nc🇺🇦"
    m = PositionMap(text)
    assert [m.to_display(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 4, 5, 6, 8, 10]
    assert m.display_length == 10
    # a position inside a surrogate pair maps to the start of its character
    assert m.to_code_point(2) == 1
    assert m.to_code_point(4) == 3  # the block break is the CR of CRLF
    assert m.to_code_point(5) == 5


def test_out_of_range_positions_raise() -> None:
    m = PositionMap("ab")
    with pytest.raises(IndexError):
        m.to_display(3)
    with pytest.raises(IndexError):
        m.to_code_point(-1)


ALPHABET = st.sampled_from(
    [
        "a",
        "é",
        "e\u0301",
        "😀",
        "🇺🇦",
        "👩\u200d👩\u200d👧",
        "\r\n",
        "\r",
        "\n",
        "\u2028",
        "\u2029",
        "\t",
        "\x00",
        "中",
        "ש",
    ]
)


@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_matches_reference_and_round_trips(text: str) -> None:
    m = PositionMap(text)
    expected = reference_display(text)
    assert [m.to_display(i) for i in range(len(text) + 1)] == expected
    assert m.display_length == expected[-1]
    for i in range(len(text) + 1):
        d = m.to_display(i)
        back = m.to_code_point(d)
        # the CR of CRLF and the LF after it share one display position
        if i > 0 and text[i - 1] == "\r" and text[i : i + 1] == "\n":
            assert back == i - 1
        else:
            assert back == i
