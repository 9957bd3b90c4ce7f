"""The document panel: the open article's document variables for the coder, reachable from the keyboard.

Blind, like the spans: it shows the coder's values (or, where the coder has none, an
unattributed imported one). Tab moves between variables, digits pick a choice, a field
left empty is "not coded"; each change is one undoable operation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from annotator.core.types import Label
from annotator.gui.article import OpenArticle
from annotator.gui.guidelines import label_tip
from annotator.gui.value_coding import ValueCoding, coder_value
from annotator.gui.value_fields import MIN_FIELDS_HEIGHT, Field, escape_to_text, form_label, value_field

REQUIRED_MARK = " *"
NO_VARIABLES = "This codebook has no document variables (File > Codebook… adds them)."
NO_ARTICLE = "Open an article to code its document variables."
IMPORTED = "(imported, not yet coded by you)"


class DocumentPanel(QWidget):
    """The document variables of the open article (objectName "documentPanel").

    Attributes:
        fields: the variable fields, by variable name, in codebook order.
        doc_id: the article the fields show, or None.
    """

    def __init__(self, article: OpenArticle, values: ValueCoding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPanel")
        self.article = article
        self.session = article.session
        self.values = values
        self.fields: dict[str, Field] = {}
        self.names: dict[str, QLabel] = {}
        self.doc_id: int | None = None
        self._variables: tuple[Label, ...] = ()
        self.empty = QLabel(NO_VARIABLES, self)
        self.empty.setObjectName("documentEmpty")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.hint = QLabel("* required before Mark done", self)
        self.hint.setObjectName("documentHint")
        self.hint.setEnabled(False)
        self.hint.hide()  # shown by _build when some variable is required
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        # An explicit minimum: the panel may be squeezed to about a row (the fields scroll), so that
        # the right column's docks together still fit a small window.
        scroll.setMinimumHeight(MIN_FIELDS_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)
        escape_to_text(self)
        article.article_did_open.connect(self._on_article_opened)
        article.values_did_change.connect(self.refresh)
        self.session.project_did_change.connect(self._on_project_changed)
        self.session.annotator_did_change.connect(self.refresh)
        self._on_project_changed()

    # --- what it shows --------------------------------------------------------------

    def _on_project_changed(self) -> None:
        variables = self.session.schema.document_labels()
        if variables != self._variables:
            self._build(variables)
        self.refresh()

    def _on_article_opened(self) -> None:
        self.commit()  # a text typed for the article that was open is stored for that one
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        """Show the open article's values for the coder."""
        self.doc_id = self.article.doc_id
        who = self.session.annotator
        editable = self.doc_id is not None and not self.session.read_only
        for lab in self._variables:
            found = coder_value(self.article.values, lab.name, who) if self.doc_id is not None else None
            field = self.fields[lab.name]
            field.show_value(found.value if found is not None else None)
            field.setEnabled(editable)
            imported = found is not None and found.annotator is None
            self.names[lab.name].setText(self._name_text(lab) + (f"\n{IMPORTED}" if imported else ""))
        if self._variables:
            self.empty.setVisible(self.doc_id is None)
            self.empty.setText(NO_ARTICLE)

    def _name_text(self, lab: Label) -> str:
        return lab.name + (REQUIRED_MARK if lab.required else "")

    def _build(self, variables: tuple[Label, ...]) -> None:
        self.commit()
        self.fields, self.names = {}, {}
        while self.form.rowCount():
            self.form.removeRow(0)
        self._variables = variables
        previous: QWidget | None = None
        for lab in variables:
            assert lab.spec is not None  # the schema gives every document variable a type
            tip = label_tip(lab)
            field = value_field(lab.spec, self.body)
            field.setToolTip(tip)
            field.setAccessibleName(lab.name)
            field.value_edited.connect(lambda value, n=lab.name: self._on_field_edited(n, value))
            name = form_label(self._name_text(lab), tip, self.body)
            name.setBuddy(field)
            self.form.addRow(name, field)
            self.fields[lab.name], self.names[lab.name] = field, name
            if previous is not None:
                QWidget.setTabOrder(previous, field)
            previous = field
        self.empty.setText(NO_VARIABLES)
        self.empty.setVisible(not variables)
        self.hint.setVisible(any(lab.required for lab in variables))

    # --- the coder's changes --------------------------------------------------------

    def _on_field_edited(self, variable: str, value: Any) -> None:
        if self.doc_id is None:
            self.refresh()
            return
        self.values.set_variable(self.doc_id, variable, value, on_failed=self.refresh)

    def commit(self) -> None:
        """Store what is typed in a text or number field and not yet committed."""
        for field in self.fields.values():
            field.commit()

    def focus_variable(self, name: str | None = None) -> bool:
        """Put the keyboard in a variable's field (None: the first); False when there is none."""
        field = self.fields.get(name) if name is not None else next(iter(self.fields.values()), None)
        if field is None or not field.isEnabled():
            return False
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
