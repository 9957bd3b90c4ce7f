"""The window's docks: the article list on the left; labels, attributes, document, and annotations, suggestions and codebook (tabbed) on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def _dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(area, dock)
    return dock


def build_docks(window: QMainWindow, panels: dict[str, tuple[str, QWidget]]) -> dict[str, QDockWidget]:
    """Dock the panels (name -> (title, widget)), in the order given; the codebook shares the annotations' place."""
    docks = {
        name: _dock(window, title, f"{name}Dock", widget, LEFT if name == "articles" else RIGHT)
        for name, (title, widget) in panels.items()
    }
    window.tabifyDockWidget(docks["annotations"], docks["suggestions"])
    window.tabifyDockWidget(docks["suggestions"], docks["codebook"])
    docks["annotations"].raise_()
    docks["codebook"].setFeatures(
        docks["codebook"].features() | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.resizeDocks([docks["articles"], docks["labels"]], [330, 330], Qt.Orientation.Horizontal)
    window.resizeDocks(
        [docks[n] for n in ("labels", "attributes", "document", "annotations")],
        [100, 150, 200, 300],
        Qt.Orientation.Vertical,
    )
    return docks
