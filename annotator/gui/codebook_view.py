"""The Codebook side view: every label, attribute, value and variable with its guidelines, read-only.

Written with a QTextCursor as plain text runs (names in bold, examples in italics, indented
blocks; a QTextEdit, as QPlainTextEdit ignores block indents): nothing of the codebook is
ever read as markup.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from annotator.core.codebook import Choice, ValueSpec, ValueType
from annotator.core.types import Label, LabelKind, LabelSchema
from annotator.gui.guidelines import spec_summary

SWATCH = "■ "


class CodebookView(QTextEdit):
    """The open project's codebook as a coder reads it (objectName "codebookView").

    Attributes:
        anchors: the text position where each label's entry begins.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookView")
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setIndentWidth(18)
        self.anchors: dict[str, int] = {}
        self._schema = LabelSchema()

    def set_schema(self, schema: LabelSchema) -> None:
        """Show a codebook (again, when it changed)."""
        self._schema = schema
        self._write()

    def show_label(self, name: str) -> None:
        """Scroll so that a label's entry is at the top (when it has one)."""
        position = self.anchors.get(name)
        if position is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(self.document().characterCount() - 1)
        self.setTextCursor(cursor)  # to the end first, so the entry comes to the top, not the bottom
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def changeEvent(self, e: QEvent) -> None:
        """Write the text again in the new theme's colours."""
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self._write()

    # --- writing ------------------------------------------------------------------

    def _write(self) -> None:
        self.clear()
        self.anchors = {}
        schema = self._schema
        cursor = QTextCursor(self.document())
        first = True
        groups = (
            ("Span labels", schema.span_labels()),
            ("Relations", schema.relation_labels()),
            ("Document variables", schema.document_labels()),
        )
        for title, labels in groups:
            if not labels:
                continue
            self._line(cursor, title, self._heading(), 0, first=first)
            first = False
            for label in labels:
                self.anchors[label.name] = cursor.position() + 1
                self._label(cursor, label)
        if first:
            self._line(cursor, "This project has no codebook yet.", self._muted(), 0, first=True)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _label(self, cursor: QTextCursor, label: Label) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(8)
        cursor.insertBlock(block)
        if label.kind != LabelKind.DOCUMENT:
            swatch = QTextCharFormat()
            swatch.setForeground(QColor(label.colour))
            cursor.insertText(SWATCH, swatch)
        cursor.insertText(label.name, self._bold())
        cursor.insertText(_label_about(label), self._muted())
        self._guidelines(cursor, label.description, label.examples, 1)
        if label.spec is not None:
            self._spec(cursor, label.spec, 1)
        for attribute in label.attributes:
            self._line(cursor, attribute.name, self._bold(), 1)
            cursor.insertText(f"  {_spec_word(attribute.spec)}", self._muted())
            self._guidelines(cursor, attribute.description, attribute.examples, 2)
            self._spec(cursor, attribute.spec, 2)

    def _spec(self, cursor: QTextCursor, spec: ValueSpec, indent: int) -> None:
        if spec.type not in (ValueType.CHOICE, ValueType.MULTI):
            if spec.type == ValueType.NUMBER and (spec.minimum is not None or spec.maximum is not None):
                self._line(cursor, spec_summary(spec).capitalize(), self._muted(), indent)
            return
        for i, choice in enumerate(spec.choices, 1):
            self._choice(cursor, i, choice, indent)

    def _choice(self, cursor: QTextCursor, i: int, choice: Choice, indent: int) -> None:
        self._line(cursor, f"{i}  " if i < 10 else "   ", self._muted(), indent)
        cursor.insertText(choice.name, QTextCharFormat())
        if choice.description:
            cursor.insertText(f" — {choice.description}", self._muted())
        for example in choice.examples:
            self._line(cursor, f"e.g. {example}", self._italic(), indent + 1)

    def _guidelines(
        self, cursor: QTextCursor, description: str, examples: tuple[str, ...], indent: int
    ) -> None:
        if description:
            self._line(cursor, description, QTextCharFormat(), indent)
        for example in examples:
            self._line(cursor, f"e.g. {example}", self._italic(), indent)

    def _line(
        self, cursor: QTextCursor, text: str, fmt: QTextCharFormat, indent: int, *, first: bool = False
    ) -> None:
        block = QTextBlockFormat()
        block.setIndent(indent)
        if first:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block)
        cursor.insertText(text, fmt)

    # --- formats ------------------------------------------------------------------

    def _bold(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _heading(self) -> QTextCharFormat:
        fmt = self._bold()
        fmt.setForeground(self.palette().color(QPalette.ColorRole.Link))
        return fmt

    def _italic(self) -> QTextCharFormat:
        fmt = self._muted()
        fmt.setFontItalic(True)
        return fmt

    def _muted(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        return fmt


def _label_about(label: Label) -> str:
    """What follows a label's name: its key, its ends, its type."""
    if label.kind == LabelKind.SPAN:
        return f"  key {label.hotkey}" if label.hotkey else ""
    if label.kind == LabelKind.RELATION:
        return f"  {label.head or 'any'} → {label.tail or 'any'}"
    assert label.spec is not None
    return f"  {_spec_word(label.spec)}" + (", required" if label.required else "")


def _spec_word(spec: ValueSpec) -> str:
    """A type in a word or two: "choice", "multi (any of)", "number, ordinal"."""
    word = {ValueType.MULTI: "several of", ValueType.BOOL: "yes/no"}.get(spec.type, spec.type.value)
    return word if spec.level.value in ("nominal", "interval") else f"{word}, {spec.level.value}"
