"""Label colours in the article text: a QSyntaxHighlighter over a `SpanIndex`."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument, QTextFormat

from annotator.core.types import LabelSchema
from annotator.gui.contrast import readable_on
from annotator.gui.span_index import SpanIndex

LABELS_PROPERTY = QTextFormat.Property.UserProperty + 1
"""Format property holding the labels of a highlighted stretch, innermost first, comma-separated."""

FALLBACK_COLOUR = "#BBBBBB"


class SpanHighlighter(QSyntaxHighlighter):
    """Gives each stretch of text the colour of its innermost span.

    Outer spans of an overlap are drawn by the view as stacked bars in their own
    colours; the format carries every label in `LABELS_PROPERTY`.
    """

    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        super().__init__(document)
        self._index = index
        self._colours: dict[str, QColor] = {}
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
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

    def _format(self, labels: tuple[str, ...]) -> QTextCharFormat:
        fmt = self._formats.get(labels)
        if fmt is None:
            fmt = QTextCharFormat()
            background = self.colour(labels[0])
            fmt.setBackground(background)
            # The user's schema may give a label a dark colour: black or white text, whichever reads
            # better on it. The background is the label's own in both themes, so is the text colour.
            fmt.setForeground(readable_on(background))
            fmt.setProperty(LABELS_PROPERTY, ",".join(labels))
            self._formats[labels] = fmt
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
            self.setFormat(seg.start, seg.end - seg.start, self._format(tuple(s.label for s in seg.spans)))

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
