"""The reading view: line height, paragraph spacing, a measure near 80 characters, serif or sans; remembered.

These are display properties only: the text, its blocks and the position map stay as
they are, so spans, relations and selections keep their exact offsets. QPlainTextEdit's
own layout ignores line height and block margins, so `SpacedLayout` spaces the lines of
each block itself when the view asks where the block is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent, QTextBlock, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from annotator.gui import settings as cfg

FONTS = {"sans": ("Sans", QFont.StyleHint.SansSerif), "serif": ("Serif", QFont.StyleHint.Serif)}


@dataclass(frozen=True)
class Reading:
    """How the article text is laid out.

    Attributes:
        line_height: line height as a multiple of the font's (1.0: Qt's own).
        paragraph_spacing: extra space after each paragraph, in lines.
        max_chars: the longest line in average characters (0: the full width); centred.
        font: "sans" or "serif".
    """

    line_height: float = 1.4
    paragraph_spacing: float = 0.5
    max_chars: int = 80
    font: str = "sans"

    @staticmethod
    def load() -> Reading:
        """The remembered settings (defaults where none or nonsense are stored)."""
        base = Reading()
        s = cfg.settings()

        def number(key: str, default: float, lo: float, hi: float) -> float:
            try:
                value = float(s.value(key, default))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return default
            return min(hi, max(lo, value))

        font = cfg.get_str("reading/font", base.font)
        return Reading(
            number("reading/line_height", base.line_height, 1.0, 2.5),
            number("reading/paragraph_spacing", base.paragraph_spacing, 0.0, 3.0),
            int(number("reading/max_chars", base.max_chars, 0, 400)),
            font if font in FONTS else base.font,
        )

    def save(self) -> None:
        """Remember the settings."""
        s = cfg.settings()
        s.setValue("reading/line_height", self.line_height)
        s.setValue("reading/paragraph_spacing", self.paragraph_spacing)
        s.setValue("reading/max_chars", self.max_chars)
        s.setValue("reading/font", self.font)


class SpacedLayout(QPlainTextDocumentLayout):
    """QPlainTextEdit's layout, with each block's lines spaced out and space after each paragraph."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.line_height = 1.0
        self.paragraph = 0.0  # pixels after each block

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        """The block's rectangle, after spacing its lines if Qt laid them out afresh."""
        rect = super().blockBoundingRect(block)
        layout = block.layout() if block.isValid() else None
        if layout is None:
            return rect
        count = layout.lineCount()
        if count and self.line_height != 1.0 and layout.lineAt(0).y() == 0.0:
            # A block laid out by Qt starts at 0; spaced, its first line sits half a leading lower.
            y = 0.0
            for i in range(count):
                line = layout.lineAt(i)
                extra = line.height() * (self.line_height - 1.0)
                line.setPosition(QPointF(line.x(), y + extra / 2))
                y += line.height() + extra
            rect = super().blockBoundingRect(block)
        if self.paragraph and rect.height() > 0:
            rect.setHeight(rect.height() + self.paragraph)
        return rect


def apply_reading(view: QPlainTextEdit, layout: SpacedLayout, reading: Reading) -> None:
    """Lay the view out as `reading` says (font, spacing, a centred measure) and relayout the text."""
    family, hint = FONTS[reading.font]
    font = QFont(view.font())
    font.setFamily(family)
    font.setStyleHint(hint)
    view.setFont(font)
    metrics = QFontMetricsF(font)
    layout.line_height = reading.line_height
    layout.paragraph = metrics.height() * reading.line_height * reading.paragraph_spacing
    layout.requestUpdate()
    fit_measure(view, reading.max_chars)
    # Spacing changes every block's height: lay the text out again (positions do not change).
    document = view.document()
    document.markContentsDirty(0, document.characterCount())
    view.viewport().update()


def fit_measure(view: QPlainTextEdit, max_chars: int) -> None:
    """Centre a text column of at most `max_chars` average characters in the view (0: full width)."""
    width = view.width() - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width()
    margin = 0
    if max_chars:
        column = (
            QFontMetricsF(view.font()).averageCharWidth() * max_chars + 2 * view.document().documentMargin()
        )
        margin = max(0, int((width - column) / 2))
    current = view.viewportMargins()
    if (current.left(), current.right()) == (margin, margin):
        return
    view.setViewportMargins(margin, 0, margin, 0)
    # QPlainTextEdit wraps its lines again only on its own resize, not its viewport's: say the width changed.
    QPlainTextEdit.resizeEvent(view, QResizeEvent(view.size(), QSize(-1, view.height())))


class ReadingDialog(QDialog):
    """View > Reading view: the settings, applied as they change.

    Signals:
        changed(object): the new `Reading`.
    """

    changed = Signal(object)

    def __init__(self, reading: Reading, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingDialog")
        self.setWindowTitle("Reading view")
        self.reading = reading
        self.line_height = QDoubleSpinBox(self)
        self.line_height.setObjectName("lineHeight")
        self.line_height.setRange(1.0, 2.5)
        self.line_height.setSingleStep(0.1)
        self.line_height.setDecimals(1)
        self.line_height.setValue(reading.line_height)
        self.paragraph = QDoubleSpinBox(self)
        self.paragraph.setObjectName("paragraphSpacing")
        self.paragraph.setRange(0.0, 3.0)
        self.paragraph.setSingleStep(0.25)
        self.paragraph.setSuffix(" lines")
        self.paragraph.setValue(reading.paragraph_spacing)
        self.max_chars = QSpinBox(self)
        self.max_chars.setObjectName("maxChars")
        self.max_chars.setRange(0, 400)
        self.max_chars.setSingleStep(5)
        self.max_chars.setSpecialValueText("full width")
        self.max_chars.setSuffix(" characters")
        self.max_chars.setValue(reading.max_chars)
        self.font_choice = QComboBox(self)
        self.font_choice.setObjectName("textFont")
        self.font_choice.addItem("Sans serif", "sans")
        self.font_choice.addItem("Serif", "serif")
        self.font_choice.setCurrentIndex(max(0, self.font_choice.findData(reading.font)))
        form = QFormLayout(self)
        form.addRow("&Line height:", self.line_height)
        form.addRow("&Paragraph spacing:", self.paragraph)
        form.addRow("&Longest line:", self.max_chars)
        form.addRow("Text &font:", self.font_choice)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.RestoreDefaults, self
        )
        buttons.rejected.connect(self.close)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.clicked.connect(lambda: self.set_reading(Reading()))
        form.addRow(buttons)
        for box in (self.line_height, self.paragraph):
            box.valueChanged.connect(self._on_changed)
        self.max_chars.valueChanged.connect(self._on_changed)
        self.font_choice.currentIndexChanged.connect(self._on_changed)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def set_reading(self, reading: Reading) -> None:
        """Show (and apply) other settings."""
        self.line_height.setValue(reading.line_height)
        self.paragraph.setValue(reading.paragraph_spacing)
        self.max_chars.setValue(reading.max_chars)
        self.font_choice.setCurrentIndex(max(0, self.font_choice.findData(reading.font)))

    def _on_changed(self) -> None:
        fresh = replace(
            self.reading,
            line_height=round(self.line_height.value(), 2),
            paragraph_spacing=round(self.paragraph.value(), 2),
            max_chars=self.max_chars.value(),
            font=str(self.font_choice.currentData()),
        )
        if fresh != self.reading:
            self.reading = fresh
            self.changed.emit(fresh)
