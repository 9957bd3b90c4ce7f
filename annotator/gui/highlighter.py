"""Label colours in the article text: formats set on each block's layout from a `SpanIndex`.

Not a QSyntaxHighlighter: that one calls back into Python for every block of a
text as it is laid in (32,000 calls for a 10 MB transcript), and the article
text never changes once shown. Blocks are highlighted when asked for: the first
screen when an article opens, the others as they scroll into sight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument, QTextFormat, QTextLayout

from annotator.core.types import LabelSchema, Span
from annotator.gui.contrast import readable_on
from annotator.gui.span_index import SpanIndex

LABELS_PROPERTY = QTextFormat.Property.UserProperty + 1
"""Format property holding the labels of a highlighted stretch, innermost first, comma-separated."""

FALLBACK_COLOUR = "#BBBBBB"
DIM_ALPHA = 64  # of 255: a span the version filter leaves out is a faint wash of its colour over the page


class SpanHighlighter:
    """Gives each stretch of text the colour of its innermost span.

    Outer spans of an overlap are drawn by the view as stacked bars in their own
    colours; the format carries every label in `LABELS_PROPERTY`.

    Attributes:
        keep: while a codebook-version filter is on, whether a span matches it; the others
            are dimmed (a translucent wash of their colour, the page's own text colour).
    """

    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        self._document = document
        self._index = index
        self._colours: dict[str, QColor] = {}
        self._formats: dict[tuple[tuple[str, ...], bool], QTextCharFormat] = {}
        self.keep: Callable[[Span], bool] | None = None
        # Blocks to highlight (again) when they come into sight.
        self.pending: set[int] = set()

    def set_index(self, index: SpanIndex) -> None:
        """Use another span index; the caller then sets its text and calls `text_laid_in`."""
        self._index = index
        self.pending = set()

    def text_laid_in(self, eager_until: int) -> None:
        """Highlight the blocks up to `eager_until` now; the rest wait until they are in sight."""
        count = self._document.blockCount()
        self.pending = set(range(eager_until + 1, count))
        self.rehighlight_blocks(range(min(eager_until + 1, count)))  # a block with nothing to show is skipped

    def rehighlight(self) -> None:
        """Every block is highlighted again as it comes into sight (after a change of colours)."""
        self.pending = set(range(self._document.blockCount()))

    def set_schema(self, schema: LabelSchema) -> None:
        """Take the label colours from a schema."""
        self._colours = {lab.name: QColor(lab.colour) for lab in schema.labels}
        self._formats.clear()

    def names(self) -> list[str]:
        """The labels that have a colour."""
        return list(self._colours)

    def colour(self, label: str) -> QColor:
        """The colour of a label."""
        return self._colours.get(label) or QColor(FALLBACK_COLOUR)

    def dims(self, span: Span) -> bool:
        """True when the version filter leaves this span out."""
        return self.keep is not None and not self.keep(span)

    def dimmed(self, label: str) -> QColor:
        """A label's colour as a translucent wash (blends with a light or a dark page alike)."""
        colour = QColor(self.colour(label))
        colour.setAlpha(DIM_ALPHA)
        return colour

    def _format(self, labels: tuple[str, ...], dim: bool = False) -> QTextCharFormat:
        fmt = self._formats.get((labels, dim))
        if fmt is None:
            fmt = QTextCharFormat()
            if dim:
                # No foreground: the text keeps the page's own colour, readable in either theme.
                fmt.setBackground(self.dimmed(labels[0]))
            else:
                background = self.colour(labels[0])
                fmt.setBackground(background)
                # The user's schema may give a label a dark colour: black or white text, whichever reads
                # better on it. The background is the label's own in both themes, so is the text colour.
                fmt.setForeground(readable_on(background))
            fmt.setProperty(LABELS_PROPERTY, ",".join(labels))
            self._formats[(labels, dim)] = fmt
        return fmt

    def set_keep(self, keep: Callable[[Span], bool] | None) -> None:
        """Dim the spans `keep` leaves out (None: none); every block is highlighted again as it comes into sight."""
        self.keep = keep
        self.rehighlight()

    def rehighlight_blocks(self, blocks: Iterable[int]) -> None:
        """Highlight again only the given blocks."""
        blocks = set(blocks)
        self.pending -= blocks
        doc = self._document
        for number in sorted(blocks):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self._highlight(block)

    def _highlight(self, block: QTextBlock) -> None:
        ranges = []
        for seg in self._index.block_segments(block.blockNumber()):
            labels = tuple(s.label for s in seg.spans)
            stretch = QTextLayout.FormatRange()
            stretch.start, stretch.length = seg.start, seg.end - seg.start
            stretch.format = self._format(labels, self.dims(seg.spans[0]))
            ranges.append(stretch)
        layout = block.layout()
        if not ranges and not layout.formats():
            return  # nothing shown, nothing to show: no relayout
        layout.setFormats(ranges)
        self._document.markContentsDirty(block.position(), block.length())
