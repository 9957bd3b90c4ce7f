"""How the window looks, remembered: geometry and docks, theme, zoom, snapping and the reading view."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtWidgets import QMainWindow

from annotator.gui import settings as cfg
from annotator.gui.actions import Actions
from annotator.gui.article_view import ArticleView
from annotator.gui.coding import Coding
from annotator.gui.reading import Reading, ReadingDialog
from annotator.gui.theme import apply_theme

MIN_ZOOM, MAX_ZOOM = -6, 20


class ViewPrefs(QObject):
    """The View menu's settings and the window's layout, applied and stored in the user's settings.

    Attributes:
        zoom_level: steps zoomed in (negative: out).
        dialog: the reading view dialog while it is open.
    """

    def __init__(self, window: QMainWindow, view: ArticleView, coding: Coding, commands: Actions) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.coding = coding
        self.commands = commands
        self.zoom_level = 0
        self.dialog: ReadingDialog | None = None

    def zoom(self, delta: int) -> None:
        """Zoom the text in (1), out (-1) or back (0)."""
        target = 0 if delta == 0 else max(MIN_ZOOM, min(MAX_ZOOM, self.zoom_level + delta))
        change = target - self.zoom_level
        if change > 0:
            self.view.zoomIn(change)
        elif change < 0:
            self.view.zoomOut(-change)
        self.zoom_level = target
        if change:
            self.view.set_reading(self.view.reading)  # spacing and measure follow the font size

    def set_dark(self, dark: bool) -> None:
        """Switch the light/dark theme."""
        apply_theme(dark)
        self.view.viewport().update()

    def set_snap(self, snap: bool) -> None:
        """Snap selections to word boundaries, or not."""
        self.coding.snap = snap

    def choose_reading(self) -> ReadingDialog:
        """Open the reading view dialog; its changes apply at once and are remembered."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = ReadingDialog(self.view.reading, self.window)
        dialog.changed.connect(self.set_reading)
        dialog.destroyed.connect(lambda _=None: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.show()
        return dialog

    def set_reading(self, reading: Reading) -> None:
        """Lay the text out for reading and remember it."""
        self.view.set_reading(reading)
        reading.save()

    def restore(self) -> None:
        """Restore geometry, dock layout, theme, zoom, snapping and the reading view."""
        s = cfg.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        else:
            self.window.resize(1280, 800)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.window.restoreState(state)
        self.commands.dark.setChecked(cfg.get_bool("view/dark", False))
        self.commands.snap.setChecked(cfg.get_bool("view/snap", True))
        self.coding.snap = self.commands.snap.isChecked()
        self.view.set_reading(Reading.load())
        level = max(MIN_ZOOM, min(MAX_ZOOM, cfg.get_int("view/zoom", 0)))
        for _ in range(abs(level)):
            self.zoom(1 if level > 0 else -1)

    def save(self) -> None:
        """Store geometry, dock layout, theme, zoom and snapping (the reading view is stored as it changes)."""
        s = cfg.settings()
        s.setValue("window/geometry", self.window.saveGeometry())
        s.setValue("window/state", self.window.saveState())
        s.setValue("view/dark", self.commands.dark.isChecked())
        s.setValue("view/snap", self.commands.snap.isChecked())
        s.setValue("view/zoom", self.zoom_level)
        s.sync()
