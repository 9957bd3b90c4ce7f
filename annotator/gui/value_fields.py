"""Compact widgets that code one value of a codebook type: each one focus stop, digits pick a choice.

A field shows a stored value (`show_value`) and emits `value_edited(value)` when the
coder changes it: a string, a list, a bool or a number, None for "not coded". Choice,
bool and multi fields take digits (1 = the first value, 0 = not coded); number and
text fields commit on Enter or when they lose focus.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from annotator.core.codebook import Level, ValueSpec, ValueType
from annotator.gui.guidelines import choice_tip, number

NOT_CODED = "not coded"
DIGITS = "0123456789"
NUMBER_RANGE = 1e9  # the spin box's range where the codebook gives no bound
MULTI_COLUMNS = 2
MIN_FIELDS_HEIGHT = 32  # a panel's fields may shrink to about one row, then scroll


def _digit(e: QKeyEvent) -> int | None:
    """The digit a key press without Ctrl/Alt typed, or None."""
    mods = e.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
    text = e.text()
    if mods == Qt.KeyboardModifier.NoModifier and len(text) == 1 and text in DIGITS:
        return int(text)
    return None


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type: True is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


class ChoiceField(QComboBox):
    """One of a few values (a choice, or yes/no), with a "not coded" entry first.

    Signals:
        value_edited(object): the coder picked a value (None: not coded).
    """

    value_edited = Signal(object)

    def __init__(self, entries: list[tuple[str, Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceField")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self._values: list[Any] = [None]
        self.addItem(NOT_CODED)
        font = self.font()
        font.setItalic(True)
        self.setItemData(0, font, Qt.ItemDataRole.FontRole)
        for i, (text, value, tip) in enumerate(entries, 1):
            self.addItem(f"{i}  {text}" if i < 10 else text)
            self._values.append(value)
            if tip:
                self.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.activated.connect(self._on_activated)

    def show_value(self, value: Any) -> None:
        """Show a stored value (an unknown one as not coded)."""
        index = next((i for i, v in enumerate(self._values) if v is not None and _same(v, value)), 0)
        self.setCurrentIndex(index)

    def value(self) -> Any:
        """The value shown (None: not coded)."""
        return self._values[max(0, self.currentIndex())]

    def pick(self, digit: int) -> bool:
        """Pick value `digit` (0: not coded); False when there is no such value."""
        if not 0 <= digit < len(self._values):
            return False
        if digit != self.currentIndex():
            self.setCurrentIndex(digit)
            self.value_edited.emit(self.value())
        return True

    def commit(self) -> None:
        """Nothing waits to be committed: a pick is sent at once."""

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Digits pick a value; every other key as a combo box has it."""
        digit = _digit(e)
        if digit is not None:
            self.pick(digit)
            e.accept()
            return
        super().keyPressEvent(e)

    def wheelEvent(self, e: QWheelEvent) -> None:
        """Scrolling the panel over a field does not code it; only a focused field turns."""
        if self.hasFocus():
            super().wheelEvent(e)
        else:
            e.ignore()

    def _on_activated(self, _index: int) -> None:
        self.value_edited.emit(self.value())


class MultiField(QFrame):
    """Any of several values: check boxes in one focus stop; a digit toggles a value, 0 clears them.

    Signals:
        value_edited(object): the values now checked, in the codebook's order (None: none).
    """

    value_edited = Signal(object)

    def __init__(self, spec: ValueSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("multiField")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A border that only the focus colours, so focusing does not move anything.
        self.setStyleSheet(
            "QFrame#multiField { border: 1px solid transparent; border-radius: 3px; }"
            "QFrame#multiField:focus { border-color: palette(highlight); }"
        )
        layout = QGridLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(1)
        self.boxes: list[QCheckBox] = []
        self._names = spec.names()
        for i, choice in enumerate(spec.choices):
            box = QCheckBox(f"{i + 1}  {choice.name}" if i < 9 else choice.name, self)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.setToolTip(choice_tip(choice))
            box.clicked.connect(self._on_box_clicked)
            layout.addWidget(box, i // MULTI_COLUMNS, i % MULTI_COLUMNS)
            self.boxes.append(box)

    def show_value(self, value: Any) -> None:
        """Check the stored values."""
        chosen = set(value) if isinstance(value, list | tuple) else set()
        for name, box in zip(self._names, self.boxes, strict=True):
            box.setChecked(name in chosen)

    def value(self) -> list[str] | None:
        """The checked values in order, None when none is."""
        chosen = [name for name, box in zip(self._names, self.boxes, strict=True) if box.isChecked()]
        return chosen or None

    def pick(self, digit: int) -> bool:
        """Toggle value `digit` (0: clear every value); False when there is no such value."""
        if digit == 0:
            if self.value() is None:
                return True
            for box in self.boxes:
                box.setChecked(False)
        elif digit <= len(self.boxes):
            box = self.boxes[digit - 1]
            box.setChecked(not box.isChecked())
        else:
            return False
        self.value_edited.emit(self.value())
        return True

    def commit(self) -> None:
        """Nothing waits to be committed: a toggle is sent at once."""

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Digits toggle values."""
        digit = _digit(e)
        if digit is not None:
            self.pick(digit)
            e.accept()
            return
        super().keyPressEvent(e)

    def _on_box_clicked(self, _checked: bool) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.value_edited.emit(self.value())


class NumberField(QDoubleSpinBox):
    """A number within the codebook's bounds; empty (or below the lowest) shows "not coded".

    Signals:
        value_edited(object): the number entered, as an int when whole (None: not coded).
    """

    value_edited = Signal(object)

    def __init__(self, spec: ValueSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numberField")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDecimals(6)
        self.setSingleStep(1)
        self.setKeyboardTracking(False)
        low = (
            spec.minimum if spec.minimum is not None else (0 if spec.level == Level.RATIO else -NUMBER_RANGE)
        )
        high = spec.maximum if spec.maximum is not None else NUMBER_RANGE
        # One step below the lowest number stands for "not coded" (Qt's special value text).
        self.setRange(low - 1, high)
        self._low = low
        self.setSpecialValueText(NOT_CODED)
        self.setAccelerated(True)
        self._shown: Any = None
        self.show_value(None)
        self.editingFinished.connect(self.commit)

    def show_value(self, value: Any) -> None:
        """Show a stored number, or "not coded" (a number being typed stays while the stored one is unchanged)."""
        if self.hasFocus() and _same(value, self._shown):
            return
        self._shown = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        self.setValue(self.minimum() if self._shown is None else float(self._shown))

    def value_or_none(self) -> int | float | None:
        """The number shown, None for not coded."""
        value = self.value()
        if value < self._low:
            return None
        return int(value) if float(value).is_integer() else value

    def commit(self) -> None:
        """Send the number entered if it is not the one stored."""
        self.interpretText()
        value = self.value_or_none()
        if value != self._shown or (value is None) != (self._shown is None):
            self._shown = value
            self.value_edited.emit(value)

    def textFromValue(self, value: float) -> str:
        """3, not 3.000000; 2.5 as 2.5."""
        return number(round(value, 6)) if math.isfinite(value) else ""

    def valueFromText(self, text: str) -> float:
        """Empty text (or "not coded") is the not-coded value."""
        text = text.strip()
        if not text or text == NOT_CODED:
            return self.minimum()
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.minimum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Accept empty text (not coded) besides the numbers in range."""
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def focusInEvent(self, e: QFocusEvent) -> None:
        """Entering a field that is not coded empties it, so a typed number is not appended to "not coded"."""
        super().focusInEvent(e)
        if self.value_or_none() is None:
            self.lineEdit().clear()

    def wheelEvent(self, e: QWheelEvent) -> None:
        """Only a focused field turns with the wheel."""
        if self.hasFocus():
            super().wheelEvent(e)
        else:
            e.ignore()


class TextField(QLineEdit):
    """Free text, committed on Enter or when the field loses focus; empty is "not coded".

    Signals:
        value_edited(object): the text entered (None: not coded).
    """

    value_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textField")
        self.setPlaceholderText(NOT_CODED)
        self.setClearButtonEnabled(True)
        self._shown: str | None = None
        self.editingFinished.connect(self.commit)

    def show_value(self, value: Any) -> None:
        """Show a stored text (a text being typed stays while the stored one is unchanged)."""
        if self.hasFocus() and value == self._shown:
            return
        self._shown = value if isinstance(value, str) and value else None
        self.setText(self._shown or "")
        self.setCursorPosition(0)

    def commit(self) -> None:
        """Send the text entered if it is not the one stored."""
        value = self.text() if self.text().strip() else None
        if value != self._shown:
            self._shown = value
            self.value_edited.emit(value)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        """Commit on leaving (Qt skips editingFinished when the window loses focus)."""
        super().focusOutEvent(e)
        self.commit()


Field = ChoiceField | MultiField | NumberField | TextField


def value_field(spec: ValueSpec, parent: QWidget | None = None) -> Field:
    """The field that codes a value of `spec`."""
    if spec.type == ValueType.CHOICE:
        return ChoiceField([(c.name, c.name, choice_tip(c)) for c in spec.choices], parent)
    if spec.type == ValueType.BOOL:
        return ChoiceField([("yes", True, ""), ("no", False, "")], parent)
    if spec.type == ValueType.MULTI:
        return MultiField(spec, parent)
    if spec.type == ValueType.NUMBER:
        return NumberField(spec, parent)
    return TextField(parent)


def form_label(text: str, tip: str, parent: QWidget) -> QLabel:
    """The name of a field in a form: plain text, wrapping, with the guidelines as tooltip."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setToolTip(tip)
    return label


def escape_to_text(panel: QWidget) -> QShortcut:
    """Escape anywhere in `panel` puts the keyboard back in the article text."""

    def back() -> None:
        view = panel.window().findChild(QWidget, "articleView")
        if view is not None:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), panel)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(back)
    return shortcut
