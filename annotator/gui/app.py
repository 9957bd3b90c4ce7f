"""Start the application: display check, QApplication, annotator name, error hook, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from annotator.gui import settings as cfg
from annotator.gui.display import display_problem
from annotator.gui.errors import install_excepthook
from annotator.gui.platform_check import xcb_problem
from annotator.paths import database_target, default_annotator, resources_dir

log = logging.getLogger(__name__)
DESKTOP_ENTRY = "org.annotator.Annotator"  # packaging/org.annotator.Annotator.desktop


def application() -> QApplication:
    """The QApplication, created with the organisation and application names settings use."""
    QCoreApplication.setOrganizationName(cfg.ORGANISATION)
    QCoreApplication.setApplicationName(cfg.APPLICATION)
    # Wayland matches the window to its menu entry (and icon) by this name; X11 by WM_CLASS.
    QGuiApplication.setDesktopFileName(DESKTOP_ENTRY)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    icon = resources_dir() / "annotator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ask_annotator(parent: QWidget | None = None) -> str:
    """The annotator's name: remembered, else asked once (defaulting to the OS user) and remembered."""
    name = cfg.get_str("annotator")
    if name:
        return name
    name, ok = QInputDialog.getText(
        parent, "Who is annotating?", "Your name (stored with your annotations):", text=default_annotator()
    )
    name = name.strip() if ok and name.strip() else default_annotator()
    cfg.set_value("annotator", name)
    return name


def run(
    target: str, *, project: str | None = None, annotator: str | None = None, curate: bool = False
) -> int:
    """Open the window on a database (`curate`: in curation mode); returns the exit code when it closes."""
    problem = display_problem() or xcb_problem()  # before Qt would abort the process
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from annotator.gui.main_window import MainWindow
    from annotator.gui.theme import apply_theme

    app = application()
    apply_theme(cfg.get_bool("view/dark", False))
    who = annotator or ask_annotator()
    window = MainWindow(who)
    install_excepthook(window)
    window.restore_settings()
    if curate:
        window.team.curation.set_active(True)
    window.show()
    window.open_database(target, project)  # on the worker: the window paints "Opening ..." meanwhile
    return int(app.exec())


def main() -> int:
    """Entry point of the `annotator-gui` script: the window on the default (or $ANNOTATOR_DB) database."""
    from annotator import logs

    logs.setup()
    return run(database_target(None))
