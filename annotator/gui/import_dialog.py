"""The "Import options" dialog: format, encoding, CSV columns and what to do with bad lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.gui import settings as cfg
from annotator.gui.dialogs import show_error
from annotator.project import ImportFormat, check_import_options, import_formats

AUTO_FORMAT = "Auto-detect (from each file's extension and content)"
AUTO_ENCODING = "Auto (UTF-8, or a byte-order mark)"
# Shown as they are, and each a name Python's codecs know, so a typed name works the same way.
ENCODINGS = ("UTF-8", "Windows-1252", "Latin-1", "UTF-16")
_KEY = "import/"


@dataclass
class ImportChoices:
    """What the user chose for one import: passed to Workspace.import_paths as they are.

    Attributes:
        format: "auto" or an import format's name.
        encoding: a codec name, or "" for the default (UTF-8, or a byte-order mark).
        text_column, title_column, id_column: CSV/TSV columns ("" leaves the format's default).
        add_labels: add labels that the project does not have.
        skip_invalid: import the valid lines and list the invalid ones at the end.
        extra: other format options (KEY=VALUE), as the CLI's --option gives them.
    """

    format: str = "auto"
    encoding: str = ""
    text_column: str = ""
    title_column: str = ""
    id_column: str = ""
    add_labels: bool = False
    skip_invalid: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def options(self) -> dict[str, Any]:
        """The format options, named as the CLI names them (only those set)."""
        options: dict[str, Any] = dict(self.extra)
        for key in ("encoding", "text_column", "title_column", "id_column"):
            value = getattr(self, key).strip()
            if value:
                options[key] = value
        return options

    def check(self) -> None:
        """Raise the project's error for a format or encoding it would refuse."""
        check_import_options(self.format, self.options())

    @classmethod
    def remembered(cls) -> ImportChoices:
        """The choices of the last import (defaults the first time)."""
        d = cls()
        return cls(
            format=cfg.get_str(_KEY + "format", d.format) or d.format,
            encoding=cfg.get_str(_KEY + "encoding", d.encoding),
            text_column=cfg.get_str(_KEY + "text_column", d.text_column),
            title_column=cfg.get_str(_KEY + "title_column", d.title_column),
            id_column=cfg.get_str(_KEY + "id_column", d.id_column),
            add_labels=cfg.get_bool(_KEY + "add_labels", d.add_labels),
            skip_invalid=cfg.get_bool(_KEY + "skip_invalid", d.skip_invalid),
        )

    def remember(self) -> None:
        """Keep these choices for the next import."""
        for key in ("format", "encoding", "text_column", "title_column", "id_column"):
            cfg.set_value(_KEY + key, getattr(self, key))
        cfg.set_value(_KEY + "add_labels", self.add_labels)
        cfg.set_value(_KEY + "skip_invalid", self.skip_invalid)


def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A plain-text form label whose &-letter focuses `buddy`."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(buddy)
    return label


def _files_text(paths: Sequence[Path]) -> str:
    """The chosen files as one short line: up to three names, then how many more."""
    names = [p.name or str(p) for p in paths]
    shown = ", ".join(names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"{len(names)} file(s): {shown}{more}"


class ImportOptionsDialog(QDialog):
    """Asks how to read the chosen files; `choices()` holds the answer once accepted.

    An unknown encoding or format is refused with the project's message, and the
    dialog stays open so it can be corrected.

    Attributes:
        paths: the files and folders to import.
        format_box, encoding_box: the format and encoding choices (the encoding box is editable).
        csv_group: the CSV column fields, enabled when the files may be read as CSV.
        text_column, title_column, id_column: the CSV column names.
        add_labels, skip_invalid: the two check boxes.
    """

    def __init__(self, paths: Sequence[Path], initial: ImportChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importOptions")
        self.setWindowTitle("Import options")
        self.paths = list(paths)
        self._formats: list[ImportFormat] = import_formats()

        files = QLabel(_files_text(self.paths), self)
        files.setObjectName("importFiles")
        files.setTextFormat(Qt.TextFormat.PlainText)
        files.setWordWrap(True)

        self.format_box = QComboBox(self)
        self.format_box.setObjectName("importFormat")
        self.format_box.addItem(AUTO_FORMAT, "auto")
        for fmt in self._formats:
            self.format_box.addItem(f"{fmt.name}: {fmt.description}", fmt.name)

        self.encoding_box = QComboBox(self)
        self.encoding_box.setObjectName("importEncoding")
        self.encoding_box.setEditable(True)
        self.encoding_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Typed names must stay as typed: completing "utf" to "UTF-16" would change the choice.
        self.encoding_box.setCompleter(None)  # type: ignore[arg-type]  # None turns completion off (Qt docs)
        self.encoding_box.addItem(AUTO_ENCODING, "")
        for name in ENCODINGS:
            self.encoding_box.addItem(name, name)
        hint = QLabel("Or type another encoding's name, e.g. cp1250 or shift_jis.", self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setEnabled(False)  # drawn in the palette's dimmer text colour

        self.text_column = QLineEdit(self)
        self.text_column.setObjectName("importTextColumn")
        self.text_column.setPlaceholderText("text")
        self.title_column = QLineEdit(self)
        self.title_column.setObjectName("importTitleColumn")
        self.title_column.setPlaceholderText("none")
        self.id_column = QLineEdit(self)
        self.id_column.setObjectName("importIdColumn")
        self.id_column.setPlaceholderText("none")
        self.csv_group = QGroupBox("CSV/TSV columns", self)
        self.csv_group.setObjectName("importCsvColumns")
        columns = QFormLayout(self.csv_group)
        columns.addRow(_label("Te&xt column:", self.text_column, self), self.text_column)
        columns.addRow(_label("T&itle column:", self.title_column, self), self.title_column)
        columns.addRow(_label("I&d column:", self.id_column, self), self.id_column)

        self.add_labels = QCheckBox("&Add labels that the project does not have", self)
        self.add_labels.setObjectName("importAddLabels")
        self.skip_invalid = QCheckBox("&Skip invalid lines and list them at the end", self)
        self.skip_invalid.setObjectName("importSkipInvalid")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("importButtons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_label("&Format:", self.format_box, self), self.format_box)
        form.addRow(_label("&Encoding:", self.encoding_box, self), self.encoding_box)
        form.addRow("", hint)
        layout = QVBoxLayout(self)
        layout.addWidget(files)
        layout.addLayout(form)
        layout.addWidget(self.csv_group)
        layout.addWidget(self.add_labels)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(buttons)

        self._extra = dict(initial.extra)
        self.set_choices(initial)
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self._on_format_box_changed()
        self.format_box.setFocus()

    def set_choices(self, choices: ImportChoices) -> None:
        """Show a set of choices in the widgets."""
        found = self.format_box.findData(choices.format)
        self.format_box.setCurrentIndex(max(found, 0))
        self.set_encoding(choices.encoding)
        self.text_column.setText(choices.text_column)
        self.title_column.setText(choices.title_column)
        self.id_column.setText(choices.id_column)
        self.add_labels.setChecked(choices.add_labels)
        self.skip_invalid.setChecked(choices.skip_invalid)

    def set_encoding(self, name: str) -> None:
        """Choose an encoding: one of the list, or any other name as typed."""
        found = self.encoding_box.findData(name) if name else 0
        if found >= 0:
            self.encoding_box.setCurrentIndex(found)
        else:
            self.encoding_box.setEditText(name)

    def encoding(self) -> str:
        """The chosen encoding's name, or "" for the default."""
        text = self.encoding_box.currentText().strip()
        if not text or text == AUTO_ENCODING:
            return ""
        return text

    def choices(self) -> ImportChoices:
        """What the widgets say now."""
        return ImportChoices(
            format=str(self.format_box.currentData() or "auto"),
            encoding=self.encoding(),
            text_column=self.text_column.text(),
            title_column=self.title_column.text(),
            id_column=self.id_column.text(),
            add_labels=self.add_labels.isChecked(),
            skip_invalid=self.skip_invalid.isChecked(),
            extra=dict(self._extra),
        )

    def may_be_csv(self) -> bool:
        """True when the chosen format is CSV, or auto-detect with a CSV/TSV file (or a folder) chosen."""
        fmt = self.format_box.currentData()
        if fmt == "csv":
            return True
        if fmt != "auto":
            return False
        endings = next((f.extensions for f in self._formats if f.name == "csv"), (".csv", ".tsv"))
        return any(p.is_dir() or p.suffix.lower() in endings for p in self.paths)

    def accept(self) -> None:
        """Close with the choices, unless the project would refuse them: then say why and stay."""
        choices = self.choices()
        try:
            choices.check()
        except AnnotatorError as exc:
            show_error(self, str(exc))
            return
        choices.remember()
        super().accept()

    @Slot()
    def _on_format_box_changed(self) -> None:
        self.csv_group.setEnabled(self.may_be_csv())
