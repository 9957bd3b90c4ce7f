"""Readable text on a label colour: black or white, whichever contrasts more (WCAG 2 definitions)."""

from __future__ import annotations

from PySide6.QtGui import QColor

BLACK = "#000000"
WHITE = "#FFFFFF"


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque sRGB colour, from 0 (black) to 1 (white)."""
    return 0.2126 * _linear(colour.red()) + 0.7152 * _linear(colour.green()) + 0.0722 * _linear(colour.blue())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever has the higher contrast on `background` (black on a tie)."""
    black, white = QColor(BLACK), QColor(WHITE)
    return black if contrast_ratio(black, background) >= contrast_ratio(white, background) else white
