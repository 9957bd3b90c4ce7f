"""Files dropped on the window: a database opens; articles go to the import options dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow

from annotator.gui.file_menu import FileMenu

DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders a drag carries."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class FileDrop(QObject):
    """Watches the window for dropped files and hands them to the File menu's commands."""

    def __init__(self, window: QMainWindow, files: FileMenu) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept drags of local files; open or import what is dropped."""
        if watched is not self.window:
            return False
        dragging = event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove)
        if dragging and isinstance(event, QDragMoveEvent) and dropped_paths(event.mimeData()):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = dropped_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.drop(paths)
                return True
        return False

    def drop(self, paths: list[Path]) -> None:
        """Open a dropped database, or offer to import the dropped files into the open project."""
        if len(paths) == 1 and paths[0].suffix.lower() in DATABASE_SUFFIXES:
            self.files.session.open_database(str(paths[0]))
            return
        self.files.import_dropped(paths)
