"""A non-modal strip above the article that states a lasting condition (read-only, connection lost)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from annotator.gui.plain import plain

# Background on a light theme, background on a dark theme, accent (border and bar).
# The text keeps the theme's own colour, which contrasts with either background.
COLOURS = {
    "warning": ("#fff4d6", "#4a3b12", "#c98a00"),
    "error": ("#fde2e1", "#5b2323", "#c0392b"),
    "info": ("#e2eefb", "#1c3550", "#2f78c4"),
}
_ICONS = {
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class Banner(QFrame):
    """An icon and one plain-text message on a tinted background; hidden until shown.

    Attributes:
        kind: "warning", "error" or "info" (the colours and icon).
        label: the QLabel holding the message (objectName "<name>Text").
        details: the details of the message as given (shown literally in the tooltip).
    """

    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.kind = kind
        self.details = ""
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(_ICONS[kind]).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}Text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # database paths are user data
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 10, 6)
        layout.setSpacing(8)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str, details: str = "") -> None:
        """Show the banner with a short message; `details` go to its tooltip."""
        self.label.setText(text)
        self.details = details
        self.setToolTip(plain(details))  # error messages carry file names and URLs: user data
        self.setAccessibleName(text)
        self.setAccessibleDescription(details)
        self.show()

    def dismiss(self) -> None:
        """Hide the banner."""
        self.hide()
        self.label.clear()
        self.details = ""
        self.setToolTip("")

    def text(self) -> str:
        """The message shown."""
        return self.label.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Tinted rounded background with an accent bar, picked for the current theme."""
        light, dark, accent = COLOURS[self.kind]
        is_dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(accent))
        painter.setBrush(QColor(dark if is_dark else light))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.fillRect(QRectF(1, 1, 4, self.height() - 2), QColor(accent))
        painter.end()
