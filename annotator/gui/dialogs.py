"""Small dialogs: errors and summaries as plain text, the keyboard sheet, about."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from annotator.gui.plain import plain

SHORTCUTS = (
    ("1 … 9", "Label the selection (or relabel the selected annotation)"),
    ("Click on a highlight", "Select that annotation (click again: the next overlapping one)"),
    ("Delete / Backspace", "Delete the selected annotation"),
    ("Ctrl+E", "Edit the note of the selected annotation"),
    ("Escape", "Clear the selection"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Ctrl+Enter", "Mark the article done and open the next one not done"),
    ("Ctrl+K", "Skip the article and open the next one not done"),
    ("PageDown / PageUp", "Next / previous article in the list"),
    ("Ctrl+F", "Search the articles"),
    ("Ctrl+Shift+A", "Code the selected annotation's attributes (digits pick a value, 0: not coded)"),
    (
        "Ctrl+D",
        "Code the article's document variables (Tab: next variable; digits pick a value, 0: not coded)",
    ),
    ("Escape (in a panel)", "Back to the article text"),
    ("Ctrl+Shift+G", "Curation mode on / off"),
    ("Enter (in a coder's lane or the Coders table)", "Accept the selected annotation into gold"),
    ("Ctrl+Shift+Enter", "Accept everything the coders agree on"),
    ("F3 / Shift+F3", "Next / previous search hit in the article"),
    ("Ctrl++ / Ctrl+- / Ctrl+0", "Zoom the text in, out, back"),
    ("Shift+arrows", "Select text with the keyboard"),
)


def message_box(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon, details: str = ""
) -> QMessageBox:
    """A non-blocking message box that shows its text as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("messageBox")
    box.open()
    return box


def show_error(parent: QWidget | None, text: str, details: str = "") -> QMessageBox:
    """Show a user-facing error message."""
    return message_box(parent, "Annotator", text, QMessageBox.Icon.Warning, details)


def show_info(parent: QWidget | None, text: str, details: str = "") -> QMessageBox:
    """Show a summary."""
    return message_box(parent, "Annotator", text, QMessageBox.Icon.Information, details)


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    text: str,
    on_accepted: Callable[[str], None],
    *,
    multiline: bool = False,
) -> QInputDialog:
    """A non-blocking text prompt whose label may hold user data; `on_accepted(text)` on OK."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("textPrompt")
    dialog.setWindowTitle(title)
    # QInputDialog's label reads rich text and offers no text format: escape it.
    dialog.setLabelText(plain(label))
    if multiline:
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.textValueSelected.connect(on_accepted)
    dialog.open()
    return dialog


def shortcuts_text() -> str:
    """The keyboard sheet as plain text."""
    from annotator.gui.annotate_menu import SHORTCUTS as ANNOTATE
    from annotator.gui.review_parts import SHORTCUTS as REVIEW

    rows = (*SHORTCUTS, *ANNOTATE, *REVIEW)
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}   {v}" for k, v in rows)


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts sheet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        label = QLabel(shortcuts_text(), self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
