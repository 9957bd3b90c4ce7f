"""Help > About: what the annotator is, and the versions and paths a bug report needs, copyable."""

from __future__ import annotations

import platform
import sqlite3
import sys

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from annotator import __version__, logs

SUMMARY = (
    f"Annotator {__version__}\n\n"
    "Code news articles against a codebook and export training data with exact code-point offsets.\n"
    "Data stays in one SQLite file, or a shared PostgreSQL database."
)


def system_report(database: str = "", server: str = "") -> str:
    """The versions and paths for a bug report, one per line."""
    app = QGuiApplication.instance()
    platform_name = QGuiApplication.platformName() if app is not None else ""
    lines = [
        f"Annotator {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}, platform {platform_name or 'none'}",
        f"SQLite library {sqlite3.sqlite_version}",
        f"Database: {database or 'none open'}" + (f" ({server})" if server else ""),
        f"Log folder: {logs.log_folder()}",
        f"System: {platform.platform()}",
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """The About box: a summary, the report in a read-only box, and a button that copies the report."""

    def __init__(self, database: str = "", server: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Annotator")
        summary = QLabel(SUMMARY, self)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.report = QPlainTextEdit(system_report(database, server), self)
        self.report.setObjectName("aboutReport")
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setMinimumWidth(560)
        self.report.setFixedHeight(self.report.fontMetrics().lineSpacing() * 8 + 16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("&Copy for a bug report", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("aboutCopy")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def copy(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")
