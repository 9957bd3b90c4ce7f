"""Spans of the open article indexed by text block, in Qt display positions.

The highlighter asks for one block's segments at a time; a change of spans
reports the blocks it touched, so only those are highlighted again.

Most spans are short and of one piece. Those are kept in one list by start, and
a block finds its own by bisection when it is first drawn, so opening an
article with 200,000 spans does no work per span beyond listing it. Long and
discontinuous spans, which a bisection by start cannot bound, are placed in
every block they touch when they arrive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from operator import attrgetter

from annotator.core.positions import PositionMap
from annotator.core.spans import Segment, segments
from annotator.core.types import Origin, Span
from annotator.gui.span_delta import SpanDelta, same

SUGGESTED = Origin.SUGGESTED
SHORT = 1_000  # code points: a span of one piece no longer than this is found by bisection

# What QTextCursor.insertText turns into a block break (CRLF counts once; U+FDD0/U+FDD1
# are Qt's frame markers).
_BREAK = re.compile("\r\n|[\r\n\u2029\ufdd0\ufdd1]")
_NEWLINE = re.compile("\n")


def _breaks(text: str) -> Iterator[re.Match[str]]:
    """The block breaks of a text; a text with only newlines is searched for them alone (twenty times quicker)."""
    if any(c in text for c in "\r\u2029\ufdd0\ufdd1"):
        return _BREAK.finditer(text)
    return _NEWLINE.finditer(text)


class SpanIndex:
    """The spans of one text, per block, with display positions.

    Attributes:
        text: the document text (code points).
        positions: the code point <-> display position map of the text.
    """

    def __init__(self, text: str, spans: Iterable[Span] = ()) -> None:
        self.text = text
        self.positions = PositionMap(text)
        pm = self.positions
        self._identity = pm.identity  # code points are display positions: no conversion per span
        self._length = len(text)
        ends = [m.end() for m in _breaks(text)]
        self._block_cp = [0, *ends]  # the code point each block starts at
        self._block_starts: list[int] = [0, *(ends if self._identity else map(pm.to_display, ends))]
        # Short spans of one piece, by start (code points): `_starts[i]` is `_short[i].start`.
        self._starts: list[int] = []
        self._short: list[Span] = []
        # Long or discontinuous spans: their display pieces, and the blocks they touch.
        self._pieces: dict[str, tuple[tuple[int, int], ...]] = {}
        self._blocks: dict[int, dict[str, Span]] = {}
        self._cache: dict[int, list[Segment]] = {}
        self._spans: dict[str, Span] = {s.id: s for s in spans}
        self._add_all()

    # --- queries -----------------------------------------------------------

    @property
    def block_count(self) -> int:
        """Number of blocks the text has in a QTextDocument."""
        return len(self._block_starts)

    def spans(self) -> list[Span]:
        """All spans, by start."""
        return sorted(self._spans.values(), key=lambda s: (s.start, s.end, s.id))

    def get(self, span_id: str) -> Span | None:
        """The span with that id, or None."""
        return self._spans.get(span_id)

    def __len__(self) -> int:
        return len(self._spans)

    def display_range(self, span_id: str) -> tuple[int, int]:
        """Display range of a span (its hull, for a span of several pieces)."""
        pieces = self.display_pieces(span_id)
        return pieces[0][0], pieces[-1][1]

    def display_pieces(self, span_id: str) -> tuple[tuple[int, int], ...]:
        """Display ranges of a span's pieces, in order (one for a continuous span)."""
        placed = self._pieces.get(span_id)
        if placed is not None:
            return placed
        span = self._spans[span_id]
        if self._identity:
            return ((span.start, span.end),)
        to_display = self.positions.to_display
        return ((to_display(span.start), to_display(span.end)),)

    def block_start(self, block: int) -> int:
        """Display position where a block starts."""
        return self._block_starts[block]

    def block_of(self, pos: int) -> int:
        """The block containing display position `pos`."""
        i = bisect_right(self._block_starts, pos) - 1
        return i if i > 0 else 0

    def block_has_spans(self, block: int) -> bool:
        """True when any span touches the block."""
        if block in self._blocks:
            return True
        lo, first, stop = self._short_range(block)
        inside = bisect_left(self._starts, lo, first, stop)
        if inside < stop:
            return True  # a span starts in the block
        short = self._short
        return any(short[i].end - 1 >= lo for i in range(inside - 1, first - 1, -1))

    def blocks_with_spans(self) -> set[int]:
        """The blocks any span touches."""
        found = set(self._blocks)
        for span in self._short:
            found.update(self._blocks_of_short(span))
        return found

    def block_segments(self, block: int) -> list[Segment]:
        """The highlighted stretches of one block."""
        cached = self._cache.get(block)
        if cached is not None:
            return cached
        members = self._members(block)
        if not members:
            return []
        lo = self._block_starts[block]
        hi = self._block_starts[block + 1] - 1 if block + 1 < len(self._block_starts) else 1 << 62
        items = []
        for span in members:
            if span.origin is SUGGESTED:
                continue  # a suggestion is outlined by the view, never filled: it is not an annotation yet
            for ds, de in self.display_pieces(span.id):
                s, e = max(ds, lo) - lo, min(de, hi) - lo
                if e > s:
                    items.append((s, e, span))
        # Innermost (shortest) span first in every stretch.
        items.sort(key=lambda it: (it[2].end - it[2].start, it[2].start, it[2].id))
        out = segments(items)
        self._cache[block] = out
        return out

    def spans_at_display(self, pos: int) -> list[Span]:
        """Spans covering the character at display position `pos`, innermost first, then suggestions there."""
        block = self.block_of(pos)
        rel = pos - self._block_starts[block]
        found: list[Span] = []
        for seg in self.block_segments(block):
            if seg.start <= rel < seg.end:
                found = list(seg.spans)
                break
        suggested = [
            span
            for span in self._members(block)
            if span.origin is SUGGESTED and any(s <= pos < e for s, e in self.display_pieces(span.id))
        ]
        suggested.sort(key=lambda sp: (sp.end - sp.start, sp.start, sp.id))
        return found + suggested

    def suggestions_in(self, first_block: int, last_block: int) -> list[Span]:
        """The suggestions touching blocks `first_block` .. `last_block`, by start."""
        seen: dict[str, Span] = {}
        for block in range(first_block, last_block + 1):
            for span in self._members(block):
                if span.origin is SUGGESTED:
                    seen[span.id] = span
        return sorted(seen.values(), key=lambda sp: (sp.start, sp.end, sp.id))

    def _short_range(self, block: int) -> tuple[int, int, int]:
        """A block's first code point, and the slice of short spans that may touch it."""
        lo = self._block_cp[block]
        hi = self._block_cp[block + 1] if block + 1 < len(self._block_cp) else self._length + 1
        return lo, bisect_left(self._starts, lo - SHORT), bisect_left(self._starts, hi)

    def _members(self, block: int) -> list[Span]:
        """Every span touching a block: the placed ones, and the short ones found by bisection."""
        placed = self._blocks.get(block)
        found = list(placed.values()) if placed else []
        lo, first, stop = self._short_range(block)
        # A span touches the blocks from the one holding its start to the one holding its last character.
        found += [span for span in self._short[first:stop] if max(span.start, span.end - 1) >= lo]
        return found

    def _blocks_of_short(self, span: Span) -> range:
        starts = self._block_cp
        first = bisect_right(starts, span.start) - 1
        last = bisect_right(starts, span.end - 1) - 1 if span.end - 1 > span.start else first
        return range(first, last + 1)

    # --- changes -----------------------------------------------------------

    def set_spans(self, spans: Iterable[Span]) -> set[int]:
        """Replace the spans with `spans`; returns the blocks whose highlighting changed."""
        wanted = {s.id: s for s in spans}
        if not self._spans:
            self._spans = wanted
            self._add_all()
            return self.blocks_with_spans()
        touched: set[int] = set()
        for sid, old in list(self._spans.items()):
            new = wanted.get(sid)
            if new is None or not same(new, old):
                touched |= self._remove(sid)
        for sid, span in wanted.items():
            if sid not in self._spans:
                touched |= self._add(span)
        return touched

    def apply(self, delta: SpanDelta) -> set[int]:
        """Apply one change's delta; returns the blocks whose highlighting changed."""
        touched: set[int] = set()
        for span in delta.before():
            if span.id in self._spans:
                touched |= self._remove(span.id)
        for span in delta.after():
            touched |= self._add(span)
        return touched

    def _is_short(self, span: Span) -> bool:
        # (A damaged row's offsets outside the text are placed, where converting them raises.)
        return (
            not span.fragments
            and 0 <= span.start <= span.end <= self._length
            and span.end - span.start <= SHORT
        )

    def _add(self, span: Span) -> set[int]:
        if self._is_short(span):
            self._spans[span.id] = span
            at = bisect_right(self._starts, span.start)
            self._starts.insert(at, span.start)
            self._short.insert(at, span)
            blocks = self._blocks_of_short(span)
        else:
            first, last = self._place(span)
            blocks = range(first, last + 1)
        for b in blocks:
            self._cache.pop(b, None)
        return set(blocks)

    def _add_all(self) -> None:
        """Index the spans of an index that had none (an article opening): short ones are only listed."""
        length, short = self._length, []
        for span in self._spans.values():
            # `_is_short`, inlined: this loop runs once per span of an opening article.
            start, end = span.start, span.end
            if not span.fragments and 0 <= start <= end <= length and end - start <= SHORT:
                short.append(span)
            else:
                self._place(span)
        short.sort(key=_START)
        self._short = short
        self._starts = list(map(_START, short))
        self._cache.clear()

    def _place(self, span: Span) -> tuple[int, int]:
        """Record a long or discontinuous span and its display pieces in every block it touches."""
        to_display = self.positions.to_display
        pieces = tuple((to_display(s), to_display(e)) for s, e in span.pieces())
        sid = span.id
        self._spans[sid] = span
        self._pieces[sid] = pieces
        blocks = self._placed_blocks(sid)
        for b in blocks:
            self._blocks.setdefault(b, {})[sid] = span
        return blocks[0], blocks[-1]

    def _placed_blocks(self, span_id: str) -> range:
        """The blocks a placed span touches: from its first display position to its last character."""
        ds, de = self.display_range(span_id)
        return range(self.block_of(ds), self.block_of(max(ds, de - 1)) + 1)

    def _remove(self, span_id: str) -> set[int]:
        span = self._spans.pop(span_id)
        if span_id not in self._pieces:
            at = bisect_left(self._starts, span.start)
            while self._short[at].id != span_id:
                at += 1
            del self._starts[at], self._short[at]
            blocks = self._blocks_of_short(span)
        else:
            blocks = self._placed_blocks(span_id)
            del self._pieces[span_id]
            for b in blocks:
                members = self._blocks.get(b)
                if members is not None:
                    members.pop(span_id, None)
                    if not members:
                        del self._blocks[b]
        for b in blocks:
            self._cache.pop(b, None)
        return set(blocks)


_START = attrgetter("start")
