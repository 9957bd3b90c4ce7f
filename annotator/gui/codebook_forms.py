"""The codebook editor's forms: a label (span, relation or document variable), an attribute, a value.

Each form shows one object (`load`), says `changed` on every edit and gives the
edited object back (`value`); the editor keeps it in its draft. Names of stored
labels and values are changed by their own operations (`rename_requested`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import (
    ALLOWED_LEVELS,
    DEFAULT_LEVEL,
    Attribute,
    Choice,
    Level,
    ValueSpec,
    ValueType,
)
from annotator.core.palette import HOTKEYS
from annotator.core.types import Label, LabelKind, Role
from annotator.gui.codebook_draft import has_values
from annotator.gui.guidelines import number
from annotator.gui.palette import swatch

NONE = "none"
ANY = "any span label"
TYPE_TEXTS = {
    ValueType.CHOICE: "choice (one value)",
    ValueType.MULTI: "multi (several values)",
    ValueType.BOOL: "yes / no",
    ValueType.NUMBER: "number",
    ValueType.TEXT: "text",
}


def _text_box(parent: QWidget, lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class _Form(QWidget):
    """A form whose edits say `changed`, except while it loads an object.

    Signals:
        changed(): the coder edited the object shown.
        rename_requested(): the coder asked to rename the stored object shown.
    """

    changed = Signal()
    rename_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QWidget(self)
        self.layout_ = QFormLayout(rows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(rows)
        outer.addStretch(1)  # the rows keep their height; what is left stays below them
        self._loading = False
        self.name = QLineEdit(self)
        self.name.setObjectName("nameEdit")
        self.name.textEdited.connect(self._edited)
        self.rename = QPushButton("Rename…", self)
        self.rename.setObjectName("renameButton")
        self.rename.clicked.connect(self.rename_requested)
        self.name_row = QWidget(self)
        self.name_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.name_layout = QHBoxLayout(self.name_row)
        self.name_layout.setContentsMargins(0, 0, 0, 0)
        self.name_layout.addWidget(self.name, 1)
        self.name_layout.addWidget(self.rename)
        self.description = _text_box(self, 3, "What it means, for the coders")
        self.description.setObjectName("descriptionEdit")
        self.description.textChanged.connect(self._edited)
        self.examples = _text_box(self, 3, "Short examples, one per line")
        self.examples.setObjectName("examplesEdit")
        self.examples.textChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _load_name(self, name: str, stored: bool) -> None:
        self.name.setText(name)
        # A stored name changes by its own operation, which moves its annotations along.
        self.name.setReadOnly(stored)
        self.rename.setVisible(stored)

    def _load_guidelines(self, description: str, examples: tuple[str, ...]) -> None:
        if self.description.toPlainText() != description:
            self.description.setPlainText(description)
        if self._examples() != examples:
            self.examples.setPlainText("\n".join(examples))

    def _examples(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.examples.toPlainText().splitlines() if line.strip())

    def _guidelines(self) -> dict[str, object]:
        return {"description": self.description.toPlainText().strip(), "examples": self._examples()}


class SpecFields:
    """The type, level and bounds of an attribute or a variable, as rows of a form."""

    def __init__(self, form: _Form) -> None:
        self.type = QComboBox(form)
        self.type.setObjectName("typeCombo")
        for vtype in ValueType:
            self.type.addItem(TYPE_TEXTS[vtype], vtype.value)
        self.level = QComboBox(form)
        self.level.setObjectName("levelCombo")
        self.minimum = QLineEdit(form)
        self.minimum.setObjectName("minimumEdit")
        self.maximum = QLineEdit(form)
        self.maximum.setObjectName("maximumEdit")
        for edit in (self.minimum, self.maximum):
            edit.setPlaceholderText(NONE)
            edit.setValidator(QDoubleValidator(edit))
            edit.textEdited.connect(form._edited)
        self.type.activated.connect(self._on_type)
        self.type.activated.connect(form._edited)
        self.level.activated.connect(form._edited)
        form.layout_.addRow("Type", self.type)
        form.layout_.addRow("Level", self.level)
        form.layout_.addRow("Minimum", self.minimum)
        form.layout_.addRow("Maximum", self.maximum)
        self._form = form

    def load(self, spec: ValueSpec) -> None:
        """Show a spec."""
        self.type.setCurrentIndex(self.type.findData(spec.type.value))
        self._levels(spec.type, spec.level)
        self.minimum.setText("" if spec.minimum is None else number(spec.minimum))
        self.maximum.setText("" if spec.maximum is None else number(spec.maximum))
        self._bounds_visible(spec.type)

    def value(self, old: ValueSpec) -> ValueSpec:
        """The spec edited: values kept for a choice or multi, bounds for a number, a level the type allows."""
        vtype = ValueType(self.type.currentData())
        level = Level(self.level.currentData()) if self.level.currentData() else DEFAULT_LEVEL[vtype]
        if level not in ALLOWED_LEVELS[vtype]:
            level = DEFAULT_LEVEL[vtype]
        number_type = vtype == ValueType.NUMBER
        choices = old.choices if has_values(ValueSpec.of(vtype)) else ()
        low, high = (_bound(edit.text()) if number_type else None for edit in (self.minimum, self.maximum))
        return ValueSpec(vtype, choices, low, high, level)

    def _on_type(self, _index: int) -> None:
        vtype = ValueType(self.type.currentData())
        self._levels(vtype, DEFAULT_LEVEL[vtype])
        self._bounds_visible(vtype)

    def _levels(self, vtype: ValueType, current: Level) -> None:
        self.level.clear()
        for level in ALLOWED_LEVELS[vtype]:
            self.level.addItem(level.value, level.value)
        self.level.setCurrentIndex(max(0, self.level.findData(current.value)))
        self.level.setEnabled(self.level.count() > 1)

    def _bounds_visible(self, vtype: ValueType) -> None:
        for edit in (self.minimum, self.maximum):
            self._form.layout_.setRowVisible(edit, vtype == ValueType.NUMBER)


def _bound(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


class LabelForm(_Form):
    """A span label, a relation or a document variable.

    Signals:
        merge_requested(): the coder asked to merge the stored label shown into another.
    """

    merge_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelForm")
        self._label = Label("x")
        self.merge = QPushButton("Merge into…", self)
        self.merge.setObjectName("mergeButton")
        self.merge.clicked.connect(self.merge_requested)
        self.name_layout.addWidget(self.merge)
        self.colour = QPushButton(self)
        self.colour.setObjectName("colourButton")
        self.colour.clicked.connect(self._choose_colour)
        self.hotkey = QComboBox(self)
        self.hotkey.setObjectName("hotkeyCombo")
        self.hotkey.addItem(NONE, "")
        for key in HOTKEYS:
            self.hotkey.addItem(key, key)
        self.role = QComboBox(self)
        self.role.setObjectName("roleCombo")
        for role in Role:
            self.role.addItem(role.value or NONE, role.value)
        self.head, self.tail = QComboBox(self), QComboBox(self)
        self.head.setObjectName("headCombo")
        self.tail.setObjectName("tailCombo")
        self.required = QCheckBox("Must be coded before Mark done", self)
        self.required.setObjectName("requiredCheck")
        for combo in (self.hotkey, self.role, self.head, self.tail):
            combo.activated.connect(self._edited)
        self.required.toggled.connect(self._edited)
        rows = self.layout_
        rows.addRow("Name", self.name_row)
        rows.addRow("Colour", self.colour)
        rows.addRow("Hotkey", self.hotkey)
        rows.addRow("Role", self.role)
        rows.addRow("From (head)", self.head)
        rows.addRow("To (tail)", self.tail)
        self.spec = SpecFields(self)
        rows.addRow("", self.required)
        rows.addRow("Description", self.description)
        rows.addRow("Examples", self.examples)

    def load(self, label: Label, stored: bool, span_labels: tuple[str, ...]) -> None:
        """Show a label; `span_labels` are the ends a relation may have."""
        self._loading = True
        try:
            self._label = label
            self._load_name(label.name, stored)
            self.merge.setVisible(stored)
            self._show_colour(label.colour)
            self.hotkey.setCurrentIndex(max(0, self.hotkey.findData(label.hotkey)))
            self.role.setCurrentIndex(max(0, self.role.findData(label.role.value)))
            for combo, end in ((self.head, label.head), (self.tail, label.tail)):
                combo.clear()
                combo.addItem(ANY, "")
                for name in span_labels:
                    combo.addItem(name, name)
                combo.setCurrentIndex(max(0, combo.findData(end)))
            self.required.setChecked(label.required)
            if label.spec is not None:
                self.spec.load(label.spec)
            self._load_guidelines(label.description, label.examples)
            self._kind_rows(label)
        finally:
            self._loading = False

    def value(self) -> Label:
        """The label as edited."""
        lab = self._label
        kind = lab.kind
        fields: dict[str, object] = {"name": self.name.text().strip(), **self._guidelines()}
        if kind != LabelKind.DOCUMENT:
            fields["colour"] = lab.colour
            fields["hotkey"] = self.hotkey.currentData() or ""
        if kind == LabelKind.SPAN:
            fields["role"] = Role(self.role.currentData())
        if kind == LabelKind.RELATION:
            fields["head"], fields["tail"] = self.head.currentData() or "", self.tail.currentData() or ""
        if kind == LabelKind.DOCUMENT and lab.spec is not None:
            fields["spec"] = self.spec.value(lab.spec)
            fields["required"] = self.required.isChecked()
        return replace(lab, **fields)  # type: ignore[arg-type]

    def set_colour(self, colour: str) -> None:
        """Give the label another colour ("#RRGGBB"), as the colour dialog does."""
        self._label = replace(self._label, colour=colour.upper())
        self._show_colour(self._label.colour)
        self._edited()

    def _choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._label.colour), self, f"Colour of {self._label.name}")
        if chosen.isValid():
            self.set_colour(chosen.name())

    def _show_colour(self, colour: str) -> None:
        self.colour.setIcon(swatch(colour, 16))
        self.colour.setText(colour.upper())

    def _kind_rows(self, label: Label) -> None:
        kind = label.kind
        rows = self.layout_
        for widget, shown in (
            (self.colour, kind != LabelKind.DOCUMENT),
            (self.hotkey, kind != LabelKind.DOCUMENT),
            (self.role, kind == LabelKind.SPAN),
            (self.head, kind == LabelKind.RELATION),
            (self.tail, kind == LabelKind.RELATION),
            (self.spec.type, kind == LabelKind.DOCUMENT),
            (self.spec.level, kind == LabelKind.DOCUMENT),
            (self.required, kind == LabelKind.DOCUMENT),
        ):
            rows.setRowVisible(widget, shown)
        number_type = (
            kind == LabelKind.DOCUMENT and label.spec is not None and label.spec.type == ValueType.NUMBER
        )
        for edit in (self.spec.minimum, self.spec.maximum):
            rows.setRowVisible(edit, number_type)


class AttributeForm(_Form):
    """An attribute of a span label: its name, type, level, bounds and guidelines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributeForm")
        self._attribute = Attribute("x")
        self.rename.hide()
        self.layout_.addRow("Name", self.name_row)
        self.spec = SpecFields(self)
        self.layout_.addRow("Description", self.description)
        self.layout_.addRow("Examples", self.examples)

    def load(self, attribute: Attribute) -> None:
        """Show an attribute (its name stays editable: a stored one in use is refused on saving)."""
        self._loading = True
        try:
            self._attribute = attribute
            self.name.setText(attribute.name)
            self.spec.load(attribute.spec)
            self._load_guidelines(attribute.description, attribute.examples)
        finally:
            self._loading = False

    def value(self) -> Attribute:
        """The attribute as edited."""
        return Attribute(
            self.name.text().strip(),
            self.spec.value(self._attribute.spec),
            self.description.toPlainText().strip(),
            self._examples(),
        )


class ValueForm(_Form):
    """A value of a choice or multi: its name and guidelines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("valueForm")
        self.layout_.addRow("Value", self.name_row)
        self.layout_.addRow("Description", self.description)
        self.layout_.addRow("Examples", self.examples)

    def load(self, choice: Choice, stored: bool) -> None:
        """Show a value."""
        self._loading = True
        try:
            self._load_name(choice.name, stored)
            self._load_guidelines(choice.description, choice.examples)
        finally:
            self._loading = False

    def value(self) -> Choice:
        """The value as edited."""
        return Choice(self.name.text().strip(), self.description.toPlainText().strip(), self._examples())


def focus_name(form: QWidget) -> None:
    """Put the keyboard in a form's name, all of it selected (for a new item)."""
    name = form.findChild(QLineEdit, "nameEdit")
    if name is not None and not name.isReadOnly():
        name.setFocus(Qt.FocusReason.OtherFocusReason)
        name.selectAll()
