"""Label colours in the article text: a QSyntaxHighlighter over a `SpanIndex`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument, QTextFormat

from annotator.core.types import LabelSchema, Span
from annotator.gui.contrast import readable_on
from annotator.gui.span_index import SpanIndex

LABELS_PROPERTY = QTextFormat.Property.UserProperty + 1
"""Format property holding the labels of a highlighted stretch, innermost first, comma-separated."""

FALLBACK_COLOUR = "#BBBBBB"
DIM_ALPHA = 64  # of 255: a span the version filter leaves out is a faint wash of its colour over the page


class SpanHighlighter(QSyntaxHighlighter):
    """Gives each stretch of text the colour of its innermost span.

    Outer spans of an overlap are drawn by the view as stacked bars in their own
    colours; the format carries every label in `LABELS_PROPERTY`.

    Attributes:
        keep: while a codebook-version filter is on, whether a span matches it; the others
            are dimmed (a translucent wash of their colour, the page's own text colour).
    """

    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        super().__init__(document)
        self._index = index
        self._colours: dict[str, QColor] = {}
        self._formats: dict[tuple[tuple[str, ...], bool], QTextCharFormat] = {}
        self.keep: Callable[[Span], bool] | None = None
        # While a text is laid in, blocks past `_eager_until` are only noted, not highlighted;
        # the view highlights them when they scroll into sight (a 1 MB article opens fast).
        self._eager_until: int | None = None
        self.pending: set[int] = set()

    def set_index(self, index: SpanIndex, eager_until: int | None = None) -> None:
        """Use another span index; the caller then sets the text, which highlights blocks up to `eager_until`."""
        self._index = index
        self._eager_until = eager_until
        self.pending = set()

    def end_lazy_pass(self) -> None:
        """The text is laid in: from now on every highlight request is done at once."""
        self._eager_until = None

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

    def highlightBlock(self, text: str) -> None:
        """Apply the formats of one block."""
        block = self.currentBlock().blockNumber()
        if not self._index.block_has_spans(block):
            return
        if self._eager_until is not None and block > self._eager_until:
            self.pending.add(block)
            return
        for seg in self._index.block_segments(block):
            labels = tuple(s.label for s in seg.spans)
            self.setFormat(seg.start, seg.end - seg.start, self._format(labels, self.dims(seg.spans[0])))

    def set_keep(self, keep: Callable[[Span], bool] | None) -> None:
        """Dim the spans `keep` leaves out (None: none); every block with spans is highlighted again as it comes into sight."""
        self.keep = keep
        self.pending |= self._index.blocks_with_spans()

    def rehighlight_blocks(self, blocks: Iterable[int]) -> None:
        """Highlight again only the given blocks."""
        doc = self.document()
        if doc is None:
            return
        blocks = set(blocks)
        self.pending -= blocks
        for number in sorted(blocks):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)
