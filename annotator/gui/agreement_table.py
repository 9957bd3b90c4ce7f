"""The agreement dialog's table: one row per variable, span label and attribute of an agreement report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.agreement import AgreementReport, SpanAgreement, VariableAgreement
from annotator.agreement.plot import fmt
from annotator.gui.headers import column_title
from annotator.gui.plain import plain

COLUMNS = ("Variable / label", "Level", "α", "95% interval", "κ / F1", "Units", "Values", "Coders")
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
Interval = tuple[float, float] | None


def interval(value: Interval) -> str:
    """[lo, hi] to three decimals, or an em dash."""
    return "—" if value is None else f"[{fmt(value[0])}, {fmt(value[1])}]"


@dataclass(frozen=True)
class AgreementRow:
    """One row of the table.

    Attributes:
        name: the report's row name (a variable, "TOPICS=economy", a span label, "SOURCE.type").
        kind: "variable", "spans" or "attribute".
        level: the level of measurement, or "unitizing" for span labels.
        alpha: alpha (alpha_u for span labels), None when undefined.
        ci95: its 95% interval.
        second: Fleiss' kappa (variables) or the F1 scores (span labels), as text.
        units: units coded by two coders or more (articles for span labels).
        values: pairable values (spans, for span labels).
        coders: coders with a pairable value.
        details: the tooltip: each pair's kappa, or the F1 intervals.
    """

    name: str
    kind: str
    level: str
    alpha: float | None
    ci95: Interval
    second: str
    units: int
    values: int
    coders: int
    details: str

    def cells(self) -> tuple[str, ...]:
        """What each column shows."""
        return (
            self.name, self.level, fmt(self.alpha), interval(self.ci95), self.second, f"{self.units:,}",
            f"{self.values:,}", str(self.coders),
        )  # fmt: skip


def _variable_row(row: VariableAgreement, kind: str) -> AgreementRow:
    pairs = [
        f"{pair.replace('|', ' · ')}: κ {fmt(k)} {interval(row.kappa_ci95.get(pair))}"
        for pair, k in row.kappa_pairs.items()
    ]
    second = f"Fleiss κ {fmt(row.fleiss_kappa)}" if row.fleiss_kappa is not None else "—"
    details = "\n".join(
        [
            f"{row.name}: {row.documents:,} article(s), {row.pairable_values:,} pairable values",
            *(["Cohen's kappa per pair of coders:", *pairs] if pairs else []),
            *([f"Fleiss' kappa {fmt(row.fleiss_kappa)} {interval(row.fleiss_ci95)}"] if row.fleiss_kappa is not None else []),
        ]
    )  # fmt: skip
    return AgreementRow(
        row.name, kind, row.level, row.alpha, row.ci95, second, row.units, row.pairable_values, row.coders,
        details,
    )  # fmt: skip


def _span_row(row: SpanAgreement) -> AgreementRow:
    second = f"F1 {fmt(row.f1_exact)} exact · {fmt(row.f1_overlap)} overlap"
    details = "\n".join(
        [
            f"{row.label}: {row.spans:,} span(s) in {row.documents:,} article(s), {row.pairs} pair(s) of coders",
            f"F1, exact match: {fmt(row.f1_exact)} {interval(row.ci95.get('f1_exact'))}",
            f"F1, overlap match: {fmt(row.f1_overlap)} {interval(row.ci95.get('f1_overlap'))}",
            f"unitizing alpha (α_u): {fmt(row.alpha_u)} {interval(row.ci95.get('alpha_u'))}",
        ]
    )
    return AgreementRow(
        row.label, "spans", "unitizing", row.alpha_u, row.ci95.get("alpha_u"), second, row.documents,
        row.spans, row.coders, details,
    )  # fmt: skip


def agreement_rows(report: AgreementReport) -> list[AgreementRow]:
    """The rows with something coded by two coders: variables, span labels, then attributes."""
    return [
        *(_variable_row(r, "variable") for r in report.variables.values() if r.units),
        *(_span_row(r) for r in report.spans.values() if r.spans),
        *(_variable_row(r, "attribute") for r in report.attributes.values() if r.units),
    ]


def uncoded(report: AgreementReport) -> list[str]:
    """The rows nobody coded twice (left out of the table)."""
    return [
        *(r.name for r in report.variables.values() if not r.units),
        *(r.label for r in report.spans.values() if not r.spans),
        *(r.name for r in report.attributes.values() if not r.units),
    ]


class AgreementTableModel(QAbstractTableModel):
    """The rows of an agreement report, as plain text, with their details as tooltips."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AgreementRow] = []

    def set_report(self, report: AgreementReport | None) -> None:
        """Show a report's rows (None: none)."""
        self.beginResetModel()
        self.rows = agreement_rows(report) if report is not None else []
        self.endResetModel()

    def row(self, index: int) -> AgreementRow | None:
        """The row at a position."""
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        """One per variable, span label and attribute."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        """The report's columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cells' text, numbers aligned right, the details as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain(row.details)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NAME_ROLE:
            return row.name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return column_title(COLUMNS, section, orientation, role)
