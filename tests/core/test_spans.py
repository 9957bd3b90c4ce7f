"""Span validation, word snapping, whitespace trimming and overlap segmentation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import ValidationError
from annotator.core.schema import DEFAULT_SCHEMA
from annotator.core.spans import (
    clean_selection,
    overlapping,
    segments,
    snap_to_words,
    spans_at,
    trim_whitespace,
    validate_span,
)
from annotator.core.types import Span

TEXT = "Café owners 🥐 say the rules doubled costs."


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (-1, 3, "CLAIM", "outside the text"),
        (0, 99, "CLAIM", "outside the text"),
        (5, 5, "CLAIM", "start 5 must be before end 5"),
        (6, 2, "CLAIM", "start 6 must be before end 2"),
        (0, 4, "OPINION", "unknown label 'OPINION' \\(known labels: CLAIM, SOURCE, CAPTION, CUE\\)"),
    ],
)
def test_invalid_spans_are_refused(start: int, end: int, label: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_span(Span(start, end, label), TEXT, DEFAULT_SCHEMA, where="doc 1, span 2")


def test_non_integer_offsets_are_refused() -> None:
    with pytest.raises(ValidationError, match="whole number"):
        validate_span(Span(0.0, 3, "CLAIM"), TEXT)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="whole number"):
        validate_span(Span(True, 3, "CLAIM"), TEXT)  # type: ignore[arg-type]


def test_valid_span_passes() -> None:
    validate_span(Span(0, 4, "CLAIM"), TEXT, DEFAULT_SCHEMA)
    assert TEXT[0:4] == "Café"


def test_snap_widens_to_whole_words_including_combining_marks() -> None:
    text = "the cafe\u0301 opened"  # e + combining acute
    start = text.index("caf") + 1
    assert snap_to_words(text, start, start + 2) == (4, 9)
    assert text[4:9] == "cafe\u0301"


def test_trim_and_clean_selection() -> None:
    text = "  said the minister.  "
    assert trim_whitespace(text, 0, len(text)) == (2, 20)
    # a backwards, ragged selection becomes whole words without white space
    assert clean_selection(text, 12, 3) == (2, 19)
    assert text[2:19] == "said the minister"
    assert clean_selection(text, 3, 11, snap=False) == (3, 10)
    assert clean_selection(text, 0, 2) == (2, 2)


def test_segments_of_nested_and_overlapping_spans() -> None:
    a = Span(0, 10, "CLAIM", id="a")
    b = Span(2, 5, "SOURCE", id="b")
    c = Span(8, 12, "CAPTION", id="c")
    segs = [(s.start, s.end, sorted(x.id for x in s.spans)) for s in segments([c, b, a])]
    assert segs == [
        (0, 2, ["a"]),
        (2, 5, ["a", "b"]),
        (5, 8, ["a"]),
        (8, 10, ["a", "c"]),
        (10, 12, ["c"]),
    ]
    assert overlapping([a, b, c]) == {"a", "b", "c"}
    assert overlapping([Span(0, 2, "X", id="x"), Span(2, 4, "X", id="y")]) == set()
    assert [s.id for s in spans_at([a, b, c], 3)] == ["b", "a"]


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1])),
        max_size=12,
    )
)
def test_segments_cover_exactly_the_union_of_spans(ranges: list[tuple[int, int]]) -> None:
    spans = [Span(s, e, "L", id=str(i)) for i, (s, e) in enumerate(ranges)]
    covered: dict[int, set[str]] = {}
    for sp in spans:
        for k in range(sp.start, sp.end):
            covered.setdefault(k, set()).add(sp.id)
    got: dict[int, set[str]] = {}
    last_end = -1
    for seg in segments(spans):
        assert seg.start < seg.end and seg.start >= last_end
        last_end = seg.end
        for k in range(seg.start, seg.end):
            got[k] = {x.id for x in seg.spans}
    assert got == covered
