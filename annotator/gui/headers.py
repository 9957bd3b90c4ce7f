"""Column titles for the window's table models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def column_title(columns: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int) -> Any:
    """The title of a horizontal header section, or None for any other request."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(columns)
    ):
        return columns[section]
    return None
