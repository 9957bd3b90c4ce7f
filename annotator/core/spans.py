"""Span arithmetic: validation, word snapping and word edges, whitespace trimming, overlap segmentation."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.core.errors import ValidationError
from annotator.core.types import LabelSchema, Span


def validate_span(
    span: Span, text: str | int, schema: LabelSchema | None = None, where: str = "span"
) -> None:
    """Raise ValidationError unless the span is in range of the text (or a text length), non-empty, with a known label."""
    length = text if isinstance(text, int) else len(text)
    start, end = span.start, span.end
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{where}: {name} must be a whole number, got {value!r}")
    if start < 0 or end > length:
        raise ValidationError(f"{where}: offsets [{start}, {end}) are outside the text (length {length})")
    if start >= end:
        raise ValidationError(f"{where}: start {start} must be before end {end}")
    if span.fragments:
        check_fragments(span.fragments, start, end, where)
    if schema is not None and span.label not in schema.names():
        known = ", ".join(schema.names()) or "none"
        raise ValidationError(f"{where}: unknown label {span.label!r} (known labels: {known})")


def check_fragments(fragments: Sequence[tuple[int, int]], start: int, end: int, where: str) -> None:
    """Raise ValidationError unless the pieces are ordered, disjoint, non-empty and span exactly `[start, end)`."""
    if len(fragments) < 2:
        raise ValidationError(f"{where}: fragments must list two or more pieces (a one-piece span has none)")
    previous_end = None
    for i, piece in enumerate(fragments, 1):
        if not (isinstance(piece, tuple | list) and len(piece) == 2):
            raise ValidationError(f"{where}: fragment {i} must be a pair [start, end]")
        s, e = piece
        if isinstance(s, bool) or isinstance(e, bool) or not isinstance(s, int) or not isinstance(e, int):
            raise ValidationError(f"{where}: fragment {i} offsets must be whole numbers, got {list(piece)!r}")
        if s >= e:
            raise ValidationError(f"{where}: fragment {i} [{s}, {e}) is empty or reversed")
        if previous_end is not None and s <= previous_end:
            raise ValidationError(
                f"{where}: fragment {i} [{s}, {e}) must start after the previous one ends ({previous_end}); "
                "fragments are ordered and do not touch or overlap"
            )
        previous_end = e
    if fragments[0][0] != start or fragments[-1][1] != end:
        raise ValidationError(
            f"{where}: fragments must run from start {start} to end {end} "
            f"(they run from {fragments[0][0]} to {fragments[-1][1]})"
        )


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` so it neither starts nor ends inside a word."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while 0 < start < len(text) and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        end += 1
    return start, end


def next_word_edge(text: str, pos: int, direction: int, *, edge: str = "end") -> int:
    """The next word edge from `pos` towards `direction` (+1 right, -1 left), or the text's edge.

    `edge="end"` finds where a word ends (to move a span's end by a word), `edge="start"`
    where one starts (to move its start); `pos` itself never counts, so repeated calls walk
    word by word.
    """
    if edge not in ("start", "end"):
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")
    step = 1 if direction > 0 else -1
    pos = max(0, min(pos, len(text)))

    def is_edge(at: int) -> bool:
        before = at > 0 and _is_word_char(text[at - 1])
        after = at < len(text) and _is_word_char(text[at])
        return before and not after if edge == "end" else after and not before

    at = pos + step
    while 0 <= at <= len(text):
        if is_edge(at):
            return at
        at += step
    return len(text) if step > 0 else 0


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow `[start, end)` so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clean_selection(text: str, start: int, end: int, snap: bool = True) -> tuple[int, int]:
    """Turn a raw selection into span offsets: trimmed, and snapped to words if asked."""
    if start > end:
        start, end = end, start
    start, end = trim_whitespace(text, start, end)
    if snap and start < end:
        start, end = snap_to_words(text, start, end)
    return start, end


@dataclass(frozen=True)
class Segment:
    """A stretch `[start, end)` of text covered by the same set of spans."""

    start: int
    end: int
    spans: tuple[Span, ...]


Piece = tuple[int, int, Span]


def segments(items: Iterable[Span | Piece]) -> list[Segment]:
    """Cut overlapping spans into non-overlapping stretches, each with the spans covering it: the one segmenter.

    Items are spans (each of its pieces counts) or `(start, end, span)` pieces in any
    unit (the window passes display positions within one text block). In every stretch
    the spans keep the order the items came in, so a caller that wants the innermost
    span first passes them shortest first.
    """
    pieces: list[Piece] = []
    for item in items:
        if type(item) is tuple:
            pieces.append(item)
        else:
            assert isinstance(item, Span)
            pieces += [(s, e, item) for s, e in item.pieces()]
    cuts = sorted({x for s, e, _ in pieces for x in (s, e)})
    out: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        # Pieces are few per stretch of text: a plain scan beats a sweep's bookkeeping here.
        cover = tuple(span for s, e, span in pieces if s <= left and e >= right)
        if cover:
            out.append(Segment(left, right, cover))
    return out


def overlapping(spans: Sequence[Span]) -> set[str]:
    """Ids of spans that overlap at least one other span."""
    result: set[str] = set()
    items = sorted(spans, key=lambda s: (s.start, s.end))
    reach_end = -1
    reach_id = ""
    for s in items:
        if s.start < reach_end:
            result.add(s.id)
            result.add(reach_id)
        if s.end > reach_end:
            reach_end, reach_id = s.end, s.id
    return result


def spans_at(spans: Iterable[Span], pos: int) -> list[Span]:
    """The spans that cover code point `pos`, shortest first."""
    hits = [s for s in spans if s.start <= pos < s.end]
    return sorted(hits, key=lambda s: (s.end - s.start, s.start))
