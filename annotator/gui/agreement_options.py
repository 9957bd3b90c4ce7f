"""The agreement dialog's options: coders, rows, articles, bootstrap draws, seed, what makes an article coded."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import LabelSchema
from annotator.project.reliability import AgreementOptions

LIST_ROWS = 4
SAMPLES = (
    ("Assigned to several coders, if any", None),
    ("Assigned to several coders", "assigned-to-several"),
    ("All articles", "all"),
)
CODED = (("marked done", "done"), ("annotated at all", "annotated"))


def row_names(schema: LabelSchema) -> list[str]:
    """What agreement can be computed on: document variables, span labels, span attributes."""
    spans = schema.span_labels()
    return [
        *(lab.name for lab in schema.document_labels() if lab.spec is not None),
        *(lab.name for lab in spans),
        *(f"{lab.name}.{a.name}" for lab in spans for a in lab.attributes),
    ]


def _checklist(name: str, parent: QWidget) -> QListWidget:
    box = QListWidget(parent)
    box.setObjectName(name)
    box.setMaximumHeight(box.fontMetrics().height() * (LIST_ROWS + 1) + 12)
    return box


def _fill(box: QListWidget, names: Sequence[str]) -> None:
    box.clear()
    for name in names:
        item = QListWidgetItem(name, box)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)


def _checked(box: QListWidget) -> tuple[str, ...] | None:
    """The checked names; None when all are (the engine's default: everyone, everything)."""
    items = [box.item(i) for i in range(box.count())]
    names = tuple(i.text() for i in items if i is not None and i.checkState() == Qt.CheckState.Checked)
    return None if len(names) == len(items) else names


class AgreementOptionsBox(QGroupBox):
    """The options of one agreement computation.

    Attributes:
        coders: the coders to compare, checkable (all checked: everyone who coded, but gold).
        labels: the variables, span labels and attributes, checkable (all checked: all).
        documents, coded: which articles count, and what makes one coded.
        draws, seed: the bootstrap's draws and seed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Options", parent)
        self.coders = _checklist("agreementCoders", self)
        self.labels = _checklist("agreementLabels", self)
        self.documents = QComboBox(self)
        self.documents.setObjectName("agreementDocuments")
        for text, value in SAMPLES:
            self.documents.addItem(text, value)
        self.coded = QComboBox(self)
        self.coded.setObjectName("agreementCoded")
        for text, value in CODED:
            self.coded.addItem(text, value)
        self.draws = QSpinBox(self)
        self.draws.setObjectName("agreementDraws")
        self.draws.setRange(0, 100_000)
        self.draws.setSingleStep(500)
        self.draws.setValue(1000)
        self.draws.setToolTip("Bootstrap resamples of articles behind each 95% interval (0: no intervals)")
        self.seed = QSpinBox(self)
        self.seed.setObjectName("agreementSeed")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setToolTip("The same seed gives the same intervals")
        form = QFormLayout()
        form.addRow("Articles:", self.documents)
        form.addRow("Coded when:", self.coded)
        form.addRow("Bootstrap draws:", self.draws)
        form.addRow("Seed:", self.seed)
        row = QHBoxLayout(self)
        for title, box in (("Coders:", self.coders), ("Variables, labels, attributes:", self.labels)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title, self))
            column.addWidget(box)
            column.addStretch(1)
            row.addLayout(column, 1)
        row.addLayout(form, 1)

    def set_choices(self, coders: Sequence[str], schema: LabelSchema) -> None:
        """The coders and rows to choose from (all checked)."""
        _fill(self.coders, coders)
        _fill(self.labels, row_names(schema))

    def options(self, gold: str) -> AgreementOptions:
        """The options as chosen."""
        return AgreementOptions(
            coders=_checked(self.coders), labels=_checked(self.labels), documents=self.documents.currentData(),
            bootstrap=self.draws.value(), seed=self.seed.value(), coded=self.coded.currentData(), gold=gold,
        )  # fmt: skip
