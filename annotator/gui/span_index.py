"""Spans of the open article indexed by text block, in Qt display positions.

The highlighter asks for one block's segments at a time; a change of spans
reports the blocks it touched, so only those are highlighted again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from annotator.core.positions import PositionMap
from annotator.core.spans import Segment, segments
from annotator.core.types import Origin, Span
from annotator.gui.span_delta import SpanDelta, same

SUGGESTED = Origin.SUGGESTED

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

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = PositionMap(text)
        pm = self.positions
        self._identity = pm.identity  # code points are display positions: no conversion per span
        self._length = len(text)
        ends = [m.end() for m in _breaks(text)]
        self._block_starts = [0, *(ends if self._identity else map(pm.to_display, ends))]
        self._spans: dict[str, Span] = {}
        self._display: dict[str, tuple[int, int]] = {}
        self._pieces: dict[str, tuple[tuple[int, int], ...]] = {}
        self._blocks: dict[int, dict[str, Span]] = {}
        self._cache: dict[int, list[Segment]] = {}

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
        return self._display[span_id]

    def display_pieces(self, span_id: str) -> tuple[tuple[int, int], ...]:
        """Display ranges of a span's pieces, in order (one for a continuous span)."""
        return self._pieces[span_id]

    def block_start(self, block: int) -> int:
        """Display position where a block starts."""
        return self._block_starts[block]

    def block_of(self, pos: int) -> int:
        """The block containing display position `pos`."""
        i = bisect_right(self._block_starts, pos) - 1
        return i if i > 0 else 0

    def block_has_spans(self, block: int) -> bool:
        """True when any span touches the block."""
        return block in self._blocks

    def blocks_with_spans(self) -> set[int]:
        """The blocks any span touches."""
        return set(self._blocks)

    def block_segments(self, block: int) -> list[Segment]:
        """The highlighted stretches of one block."""
        cached = self._cache.get(block)
        if cached is not None:
            return cached
        members = self._blocks.get(block)
        if not members:
            return []
        lo = self._block_starts[block]
        hi = self._block_starts[block + 1] - 1 if block + 1 < len(self._block_starts) else 1 << 62
        items = []
        for span in members.values():
            if span.origin is SUGGESTED:
                continue  # a suggestion is outlined by the view, never filled: it is not an annotation yet
            for ds, de in self._pieces[span.id]:
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
            for span in self._blocks.get(block, {}).values()
            if span.origin is SUGGESTED and any(s <= pos < e for s, e in self._pieces[span.id])
        ]
        suggested.sort(key=lambda sp: (sp.end - sp.start, sp.start, sp.id))
        return found + suggested

    def suggestions_in(self, first_block: int, last_block: int) -> list[Span]:
        """The suggestions touching blocks `first_block` .. `last_block`, by start."""
        seen: dict[str, Span] = {}
        for block in range(first_block, last_block + 1):
            for span in self._blocks.get(block, {}).values():
                if span.origin is SUGGESTED:
                    seen[span.id] = span
        return sorted(seen.values(), key=lambda sp: (sp.start, sp.end, sp.id))

    # --- changes -----------------------------------------------------------

    def set_spans(self, spans: Iterable[Span]) -> set[int]:
        """Replace the spans with `spans`; returns the blocks whose highlighting changed."""
        wanted = {s.id: s for s in spans}
        if not self._spans:
            return self._add_all(wanted.values())
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

    def _blocks_of(self, span_id: str) -> range:
        ds, de = self._display[span_id]
        return range(self.block_of(ds), self.block_of(max(ds, de - 1)) + 1)

    def _add(self, span: Span) -> set[int]:
        first, last = self._place(span)
        for b in range(first, last + 1):
            self._cache.pop(b, None)
        return set(range(first, last + 1))

    def _add_all(self, spans: Iterable[Span]) -> set[int]:
        """Index spans into an empty index (an article opening): no set of blocks per span."""
        for span in spans:
            self._place(span)
        self._cache.clear()
        return set(self._blocks)

    def _place(self, span: Span) -> tuple[int, int]:
        """Record a span and its display pieces in every block it touches; its first and last block."""
        # Run once per span of an opening article (200,000 of them): no method calls but bisect.
        sid = span.id
        if span.fragments or not self._identity or not 0 <= span.start <= span.end <= self._length:
            # (A damaged row's offset outside the text raises here, and the window says so.)
            to_display = self.positions.to_display
            pieces = tuple((to_display(s), to_display(e)) for s, e in span.pieces())
        else:
            pieces = ((span.start, span.end),)
        self._spans[sid] = span
        self._pieces[sid] = pieces
        ds, de = self._display[sid] = (pieces[0][0], pieces[-1][1])
        starts = self._block_starts
        first = bisect_right(starts, ds) - 1  # starts[0] is 0: never below 0
        last = bisect_right(starts, de - 1) - 1 if de - 1 > ds else first
        blocks = self._blocks
        for b in range(first, last + 1):
            members = blocks.get(b)
            if members is None:
                blocks[b] = {sid: span}
            else:
                members[sid] = span
        return first, last

    def _remove(self, span_id: str) -> set[int]:
        blocks = self._blocks_of(span_id)
        for b in blocks:
            members = self._blocks.get(b)
            if members is not None:
                members.pop(span_id, None)
                if not members:
                    del self._blocks[b]
            self._cache.pop(b, None)
        del self._spans[span_id]
        del self._display[span_id]
        del self._pieces[span_id]
        return set(blocks)
