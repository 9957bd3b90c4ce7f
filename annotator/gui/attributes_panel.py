"""The span attributes panel: the selected annotation's attributes in a compact form, one change one operation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from annotator.core.types import Label, Span
from annotator.gui.article import OpenArticle
from annotator.gui.codebook_versions import made_under
from annotator.gui.guidelines import attribute_tip, label_tip
from annotator.gui.value_coding import ValueCoding
from annotator.gui.value_fields import MIN_FIELDS_HEIGHT, Field, escape_to_text, form_label, value_field

EXCERPT = 60  # characters of the span's text in the header
NO_SPAN = "Select an annotation to code its attributes."


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A span's text on one line, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class AttributesPanel(QWidget):
    """The selected span's label, text and attribute fields (objectName "attributesPanel").

    Attributes:
        fields: the attribute fields shown, by attribute name.
    """

    def __init__(self, article: OpenArticle, values: ValueCoding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributesPanel")
        self.article = article
        self.session = article.session
        self.values = values
        self.fields: dict[str, Field] = {}
        self._shown: tuple[str, Label] | None = None  # the span and the label definition the form is for
        self._span: Span | None = None  # the span as last shown, whose attributes a field edits
        self.header = QLabel(self)
        self.header.setObjectName("attributesHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.version = QLabel(self)  # "Made under codebook v2 (now v3)"
        self.version.setObjectName("attributesVersion")
        self.version.setTextFormat(Qt.TextFormat.PlainText)
        self.version.setEnabled(False)
        self.empty = QLabel(NO_SPAN, self)
        self.empty.setObjectName("attributesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        # An explicit minimum: the panel may be squeezed to about a row (the fields scroll), so that
        # the right column's docks together still fit a small window.
        scroll.setMinimumHeight(MIN_FIELDS_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.version)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        escape_to_text(self)
        article.selection_did_change.connect(self.refresh)
        article.spans_did_change.connect(self.refresh)
        article.article_did_open.connect(self.refresh)
        self.session.project_did_change.connect(self.refresh)
        self.refresh()

    # --- what it shows --------------------------------------------------------------

    def refresh(self, *_args: Any) -> None:
        """Show the selected span's attributes (the form is rebuilt only for another span or definition)."""
        span = self.article.selected_span()
        label = self.session.schema.get(span.label) if span is not None else None
        if span is None or label is None:
            self._show_empty(NO_SPAN, "")
            return
        text = self.article.document.text if self.article.document else ""
        self.header.setText(f"{label.name}  “{excerpt(span.text_in(text))}”")
        self.header.setToolTip(label_tip(label))
        self.version.setText(made_under(span.codebook_version, self.session.codebook_version))
        self.version.show()
        if not label.attributes:
            self._show_empty(f"{label.name} has no attributes.", self.header.text())
            return
        if self._shown != (span.id, label):
            self._build(span, label)
        self._span = span
        for name, field in self.fields.items():
            field.show_value(span.attributes.get(name))
        read_only = self.session.read_only
        for field in self.fields.values():
            field.setEnabled(not read_only)

    def _show_empty(self, text: str, header: str) -> None:
        self._clear()
        self.header.setText(header)
        self.header.setVisible(bool(header))
        self.version.setVisible(bool(header))
        if not header:
            self.header.setToolTip("")
        self.empty.setText(text)
        self.empty.show()

    def _clear(self) -> None:
        for field in self.fields.values():
            field.commit()  # for the span shown until now
        self._shown = self._span = None
        self.fields = {}
        while self.form.rowCount():
            self.form.removeRow(0)

    def _build(self, span: Span, label: Label) -> None:
        self._clear()
        self.header.show()
        self.empty.hide()
        previous: QWidget | None = None
        for attribute in label.attributes:
            field = value_field(attribute.spec, self.body)
            field.setToolTip(attribute_tip(attribute))
            field.setAccessibleName(attribute.name)
            name = attribute.name
            field.value_edited.connect(lambda value, n=name: self._on_field_edited(n, value))
            self.form.addRow(form_label(name, attribute_tip(attribute), self.body), field)
            self.fields[name] = field
            if previous is not None:
                QWidget.setTabOrder(previous, field)
            previous = field
        self._shown = (span.id, label)

    # --- the coder's changes --------------------------------------------------------

    def _on_field_edited(self, name: str, value: Any) -> None:
        if self._span is not None:
            self.values.set_attribute(self._span, name, value, on_failed=self.refresh)

    def focus_first(self) -> bool:
        """Put the keyboard in the first attribute field; False when no attribute is shown."""
        if not self.fields:
            return False
        next(iter(self.fields.values())).setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
