"""Inter-coder agreement: Krippendorff's alpha, kappas, span F1 and unitizing alpha, with bootstrap intervals.

Qt-free and SQL-free: the caller turns its documents into `CodedDocument` values and calls
`compute_agreement`; `render_html` turns the report into a self-contained HTML page.
"""

from annotator.agreement.compute import compute_agreement
from annotator.agreement.model import CodedDocument, CodedSpan, Level, Variable, VariableType
from annotator.agreement.report import (
    AgreementReport,
    CoincidenceTable,
    Disagreement,
    SpanAgreement,
    VariableAgreement,
)

__all__ = [
    "AgreementReport",
    "CodedDocument",
    "CodedSpan",
    "CoincidenceTable",
    "Disagreement",
    "Level",
    "SpanAgreement",
    "Variable",
    "VariableAgreement",
    "VariableType",
    "compute_agreement",
]
