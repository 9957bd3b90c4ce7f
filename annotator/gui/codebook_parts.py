"""The window's codebook parts: the attributes and document panels, the Codebook view, the editor's door.

The window makes one `CodebookParts`, docks its panels and gives its commands to the
actions; the parts keep themselves up to date from the session and the open article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.gui.attributes_panel import AttributesPanel
from annotator.gui.codebook_view import CodebookView
from annotator.gui.coding import Coding
from annotator.gui.value_coding import ValueCoding, missing_required
from annotator.gui.variables_panel import DocumentPanel

if TYPE_CHECKING:  # the editor is imported when it first opens
    from annotator.gui.codebook_editor import CodebookEditor

NO_ATTRIBUTES = "Select an annotation whose label has attributes first."
NO_VARIABLES = "No document variables to code here."


class CodebookParts(QObject):
    """What the window shows and does of the codebook while coding.

    Attributes:
        values: the attribute and document-variable commands.
        attributes: the selected span's attributes panel.
        document: the open article's document variables panel.
        view: the read-only Codebook side view.
        docks: the dock of each panel, once the window has docked them (by panel name).
    """

    def __init__(self, window: QMainWindow, coding: Coding) -> None:
        super().__init__(window)
        self.window = window
        self.coding = coding
        self.session = coding.session
        self.article = coding.article
        self.values = ValueCoding(coding, self)
        self.attributes = AttributesPanel(self.article, self.values, window)
        self.document = DocumentPanel(self.article, self.values, window)
        self.view = CodebookView(window)
        self.docks: dict[str, QDockWidget] = {}
        self._editor: CodebookEditor | None = None
        self.session.project_did_change.connect(self._on_session_project_changed)
        self.article.selection_did_change.connect(self._on_article_selection_changed)
        coding.done_refused.connect(self._on_coding_done_refused)

    @property
    def editor(self) -> CodebookEditor | None:
        """The codebook editor, while it is open."""
        found = self._editor
        return found if found is not None and shiboken6.isValid(found) and found.isVisible() else None

    # --- the window's commands ---------------------------------------------------------

    def focus_document(self) -> None:
        """Put the keyboard in the document panel's first variable."""
        self._raise("document")
        if not self.document.focus_variable():
            self.coding.message.emit(
                NO_VARIABLES if self.article.doc_id is not None else "Open an article first."
            )

    def focus_attributes(self) -> None:
        """Put the keyboard in the selected annotation's first attribute."""
        self._raise("attributes")
        if not self.attributes.focus_first():
            self.coding.message.emit(NO_ATTRIBUTES)

    def mark_done(self) -> None:
        """Store what is typed in the document panel, then mark the article done and move on."""
        self.document.commit()
        self.coding.finish()

    def open_editor(self) -> None:
        """Open the codebook editor (File > Codebook…), or bring it to the front."""
        from annotator.gui.codebook_editor import CodebookEditor

        if self.session.project is None:
            self.coding.message.emit("Open or create a project first.")
            return
        editor = self.editor or CodebookEditor(self.session, self.window)
        self._editor = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()

    # --- keeping up ----------------------------------------------------------------------

    @Slot()
    def _on_session_project_changed(self) -> None:
        self.view.set_schema(self.session.schema)

    @Slot(str)
    def _on_article_selection_changed(self, span_id: str) -> None:
        span = self.article.selected_span() if span_id else None
        if span is not None and self.view.isVisible():
            self.view.show_label(span.label)

    @Slot(str)
    def _on_coding_done_refused(self, message: str) -> None:
        """Say why in the status bar and take the keyboard to the first variable missing."""
        self.coding.message.emit(message)
        missing = missing_required(self.session.schema, self.article.values, self.session.annotator)
        named = [lab.name for lab in self.session.schema.document_labels() if lab.name in message]
        target = next(iter(missing or named), None)
        if target is not None:
            self._raise("document")
            self.document.focus_variable(target)

    def _raise(self, name: str) -> None:
        dock = self.docks.get(name)
        if dock is not None:
            dock.show()
            dock.raise_()
