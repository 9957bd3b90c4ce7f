"""The PySide6 window: the only place Qt is imported."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

__all__ = ["build_main_window"]


def build_main_window(db_url: str, project: str | None = None, annotator: str | None = None) -> QMainWindow:
    """Build the main window for a database and project without showing any dialog."""
    from annotator.gui.main_window import build_main_window as build

    return build(db_url, project, annotator)
