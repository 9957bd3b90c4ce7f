"""The dialog screenshots: View > Reading view's settings, or Help > About, over the window.

Used by `annotator screenshot --dialog reading|about`; `over` frames any dialog over a window's picture.
"""

from __future__ import annotations

from typing import Any


def picture(app: Any, window: Any, which: str) -> Any:
    """The window with the chosen dialog drawn over its centre, framed, as a QPixmap."""
    dialog = window.prefs.choose_reading() if which == "reading" else window.show_about()
    for _ in range(5):
        app.processEvents()
    shot = over(window.grab(), dialog)
    dialog.close()
    return shot


def over(shot: Any, dialog: Any, drop: int = 0) -> Any:
    """Draw `dialog` framed over the middle of `shot` (a QPixmap of the window), `drop` pixels low."""
    from PySide6.QtGui import QColor, QPainter, QPalette

    inner = dialog.grab()
    painter = QPainter(shot)
    x, y = (shot.width() - inner.width()) // 2, (shot.height() - inner.height()) // 2 + drop
    frame = QColor(dialog.palette().color(QPalette.ColorRole.Dark))
    painter.fillRect(x - 1, y - 1, inner.width() + 2, inner.height() + 2, frame)
    painter.drawPixmap(x, y, inner)
    painter.end()
    return shot
