"""A plain-text label cut to a few lines with an ellipsis, wrapped again on every resize."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QWidget

from annotator.gui.plain import plain

ELLIPSIS = "…"
# Characters that would start a new line; a title is laid out as one paragraph, so they read as spaces.
_BREAKS = str.maketrans(dict.fromkeys("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))


@dataclass(frozen=True)
class Clamped:
    """How a text is shown: its lines (each a slice of the text) and whether the rest was cut.

    Attributes:
        starts: where each line starts in the full text (code points).
        lines: the lines as shown, the last one without the ellipsis.
        cut: True when the text goes on past the last line (an ellipsis follows it).
    """

    starts: tuple[int, ...]
    lines: tuple[str, ...]
    cut: bool

    @property
    def shown(self) -> str:
        """The lines joined by line breaks, with the ellipsis when cut."""
        return "\n".join(self.lines) + (ELLIPSIS if self.cut else "")

    def to_full(self, pos: int, full_length: int) -> int:
        """A position in the shown text as one in the full text; the ellipsis stands for the rest."""
        at = 0
        for start, line in zip(self.starts, self.lines, strict=True):
            if pos <= at + len(line):
                return start + pos - at
            at += len(line) + 1  # the line break
        return full_length


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def _slice16(data: bytes, start: int, end: int) -> str:
    """UTF-16 units `[start, end)` as text; lines end between graphemes, never inside a pair."""
    return data[2 * start : 2 * end].decode("utf-16-le", "surrogatepass")


def _wrap(text: str, font: QFont, width: float, limit: int) -> list[tuple[int, int]]:
    """(start, length), in UTF-16 units, of the first `limit` lines of `text` wrapped at `width`."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    # A long word (a URL, a run-together headline) breaks anywhere rather than widen the window.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(lines) < limit:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return lines


def clamp(text: str, font: QFont, width: float, max_lines: int) -> Clamped:
    """Wrap `text` at `width` in `font`; past `max_lines` lines, cut the last one before an ellipsis."""
    flat = text.translate(_BREAKS)
    data = _utf16(flat)
    lines = _wrap(flat, font, width, max_lines + 1)
    cut = len(lines) > max_lines
    if cut:
        # The last line is wrapped again, narrower by the ellipsis, so the ellipsis fits after it.
        last = lines[max_lines - 1][0]
        room = width - QFontMetricsF(font).horizontalAdvance(ELLIPSIS)
        first = _wrap(_slice16(data, last, len(data) // 2), font, room, 1)
        lines = [*lines[: max_lines - 1], (last, first[0][1] if first else 0)]
    starts: list[int] = []
    shown: list[str] = []
    for start, length in lines:
        starts.append(len(_slice16(data, 0, start)))
        shown.append(_slice16(data, start, start + length))
    if cut:
        shown[-1] = shown[-1].rstrip()
    return Clamped(tuple(starts), tuple(shown), cut)


class ClampedLabel(QLabel):
    """Selectable plain text on at most `max_lines` lines, cut with an ellipsis to fit the width.

    The full text stays available: `full_text()`, the tooltip (when cut), and the clipboard,
    which gets the full text behind a copied selection (the ellipsis copies the rest).
    """

    def __init__(self, max_lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._max_lines = max_lines
        self._clamped = Clamped((0,), ("",), cut=False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)  # lines are broken by clamp(), never again by QLabel
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Any width will do (the text is wrapped to it); the height follows the lines shown.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_full_text(self, text: str) -> None:
        """Show `text`, cut to the lines that fit."""
        self._full = text
        self.setAccessibleName(text)
        self._relayout(force=True)

    def full_text(self) -> str:
        """The whole text, as given."""
        return self._full

    def is_cut(self) -> bool:
        """True when an ellipsis stands for the end of the text."""
        return self._clamped.cut

    def selected_full_text(self) -> str:
        """The full text behind the selection (all the rest when it reaches the ellipsis)."""
        selected = self.selectedText()
        if not selected:
            return ""
        start = len(_slice16(_utf16(self.text()), 0, self.selectionStart()))
        length = len(self._full)
        return self._full[
            self._clamped.to_full(start, length) : self._clamped.to_full(start + len(selected), length)
        ]

    def copy_selection(self) -> None:
        """Put the full text behind the selection on the clipboard."""
        text = self.selected_full_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_all(self) -> None:
        """Put the full text on the clipboard."""
        QGuiApplication.clipboard().setText(self._full)

    def context_menu(self) -> QMenu:
        """Copy (the full text behind the selection), Copy full text, Select all."""
        menu = QMenu(self)
        copy = menu.addAction("&Copy")
        copy.setEnabled(self.hasSelectedText())
        copy.triggered.connect(self.copy_selection)
        menu.addAction("Copy &full text").triggered.connect(self.copy_all)
        menu.addAction("Select &all").triggered.connect(
            lambda: self.setSelection(0, len(_utf16(self.text())) // 2)
        )
        return menu

    # --- events ------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Copy gives the full text behind the selection, not the shortened lines."""
        if e.matches(QKeySequence.StandardKey.Copy) and self.hasSelectedText():
            self.copy_selection()
            e.accept()
            return
        super().keyPressEvent(e)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        """The label's own menu, whose Copy knows the full text."""
        menu = self.context_menu()
        menu.exec(e.globalPos())
        menu.deleteLater()

    def resizeEvent(self, e: QResizeEvent) -> None:
        """Wrap again for the new width."""
        super().resizeEvent(e)
        if e.size().width() != e.oldSize().width():
            self._relayout()

    def changeEvent(self, e: QEvent) -> None:
        """Wrap again when the font changes."""
        super().changeEvent(e)
        if e.type() == QEvent.Type.FontChange:
            self._relayout()

    def _relayout(self, *, force: bool = False) -> None:
        width = self.contentsRect().width() - 2 * max(0, self.margin())
        clamped = clamp(self._full, self.font(), width, self._max_lines)
        if force or clamped != self._clamped:
            self._clamped = clamped
            super().setText(clamped.shown)
            self.setToolTip(plain(self._full) if clamped.cut else "")
