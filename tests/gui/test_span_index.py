"""SpanIndex: an article's spans indexed in one pass equal the same spans added one by one."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.types import Origin, Span
from annotator.gui import span_index
from annotator.gui.span_index import SpanIndex

# The index keeps short spans in a list by start and places long ones in their blocks:
# with a bound of 10 code points the same spans take both paths.
SHORTS = st.sampled_from([span_index.SHORT, 10])
TEXT = "Mayor 😀 said\r\nthe wall\n\nwould hold.\u2029Residents 👍🏽 doubt it.\rEnd"


def _state(index: SpanIndex) -> tuple[object, ...]:
    blocks = range(index.block_count)
    return (
        [(s.id, index.display_range(s.id), index.display_pieces(s.id)) for s in index.spans()],
        sorted(index.blocks_with_spans()),
        [b for b in blocks if index.block_has_spans(b)],
        [index.block_segments(b) for b in blocks],
        [index.suggestions_in(b, b) for b in blocks],
    )


@st.composite
def _spans(draw: st.DrawFn) -> list[Span]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        cuts = sorted(draw(st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=6, unique=True)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        fragments = tuple(pairs) if len(pairs) > 1 else ()
        origin = draw(st.sampled_from([Origin.MANUAL, Origin.SUGGESTED]))
        label = draw(st.sampled_from(["CLAIM", "SOURCE"]))
        out.append(Span(pairs[0][0], pairs[-1][1], label, f"s{i}", origin=origin, fragments=fragments))
    return out


@settings(max_examples=60, derandomize=True, deadline=None)
@given(_spans(), SHORTS)
def test_opening_indexes_every_span_as_adding_them_one_by_one_would(spans: list[Span], short: int) -> None:
    with mock.patch.object(span_index, "SHORT", short):
        opened = SpanIndex(TEXT, spans)
        filled = SpanIndex(TEXT)
        touched = filled.set_spans(spans)
        grown = SpanIndex(TEXT)
        for span in spans:
            grown.set_spans([*grown.spans(), span])
        assert _state(opened) == _state(grown) == _state(filled)
        assert touched == grown.blocks_with_spans()


PLAIN = TEXT.encode("ascii", "replace").decode().replace("\r", "")  # positions map one to one


@settings(max_examples=60, derandomize=True, deadline=None)
@given(_spans(), st.sampled_from([TEXT, PLAIN]), SHORTS)
def test_each_span_is_highlighted_in_exactly_the_blocks_its_pieces_cover(
    spans: list[Span], text: str, short: int
) -> None:
    spans = [s for s in spans if s.end <= len(text) and s.origin is Origin.MANUAL]
    with mock.patch.object(span_index, "SHORT", short):
        _check_blocks(SpanIndex(text, spans), spans)


def _check_blocks(index: SpanIndex, spans: list[Span]) -> None:
    to_display = index.positions.to_display
    for span in spans:
        pieces = tuple((to_display(s), to_display(e)) for s, e in span.pieces())
        assert index.display_pieces(span.id) == pieces
        shown = {b for b in range(index.block_count) if any(span in g.spans for g in index.block_segments(b))}
        assert shown == {b for b in range(index.block_count) if _covers(index, pieces, b)}


def _covers(index: SpanIndex, pieces: tuple[tuple[int, int], ...], block: int) -> bool:
    """Whether a piece covers at least one character of a block (its break excluded)."""
    lo = index.block_start(block)
    hi = index.block_start(block + 1) - 1 if block + 1 < index.block_count else 1 << 62
    return any(max(s, lo) < min(e, hi) for s, e in pieces)
