"""The one entry point: every agreement figure of a reliability sample, with bootstrap intervals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from annotator.agreement.alpha import AlphaEstimator
from annotator.agreement.encoding import MISSING, Row, encode
from annotator.agreement.kappa import KappaEstimator
from annotator.agreement.matching import F1Estimator
from annotator.agreement.model import CodedDocument, Level, Variable
from annotator.agreement.perdoc import Estimator, Interval, run
from annotator.agreement.report import (
    SPAN_FIGURES,
    AgreementReport,
    CoincidenceTable,
    Disagreement,
    SpanAgreement,
    VariableAgreement,
)
from annotator.agreement.sample import LabelCodings, MatchedUnit, Sample, collect, select
from annotator.agreement.unitizing import UnitizingEstimator
from annotator.core.errors import ValidationError


def compute_agreement(
    documents: Iterable[CodedDocument],
    variables: Sequence[Variable] = (),
    span_labels: Sequence[str] = (),
    *,
    coders: Sequence[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> AgreementReport:
    """Agreement of the coders on the variables, span labels and span attributes, with 95% intervals.

    Only documents coded by at least two of the coders count (the others cannot be paired).
    A variable named "LABEL.attribute" with LABEL in span_labels is an attribute of that
    label's spans, compared on the spans overlap matching paired. Intervals are percentile
    intervals over `bootstrap` resamples of those documents drawn with `seed` (the same seed
    gives the same intervals); `progress(done, total)` is called as draws finish.
    """
    if bootstrap < 0:
        raise ValidationError(f"the number of bootstrap draws must be 0 or more, not {bootstrap}")
    names = [v.name for v in variables]
    for name in {n for n in names if names.count(n) > 1}:
        raise ValidationError(f"variable {name} is listed twice")
    for label in {s for s in span_labels if list(span_labels).count(s) > 1}:
        raise ValidationError(f"span label {label} is listed twice")
    sample = select(documents, coders)
    attributed = {v.name.partition(".")[0] for v in variables if "." in v.name}
    labels = collect(sample, span_labels, attributed & set(span_labels))
    plans: list[_Plan] = []
    for variable in variables:
        label, _, attribute = variable.name.partition(".")
        if attribute and label in labels:
            plans.extend(_attribute_plans(sample, variable, labels[label].units, attribute))
        else:
            plans.extend(_variable_plans(sample, variable))
    lengths = np.array([doc.length for doc in sample.docs], np.int64)
    members = sample.member_matrix()
    span_estimators = {
        label: (
            F1Estimator(c.counts, len(sample.docs), len(sample.pairs())),
            UnitizingEstimator(c.piece_arrays(), lengths, members),
        )
        for label, c in labels.items()
    }
    estimators: list[Estimator] = [e for p in plans for e in p.estimators()]
    estimators += [e for pair in span_estimators.values() for e in pair]
    points, intervals = run(estimators, len(sample.docs), bootstrap, seed, progress)
    results = iter(zip(points, intervals, strict=True))
    rows = [p.result(sample, results) for p in plans]
    spans = {
        label: _span_result(sample, label, labels[label], f1.pairs, results)
        for label, (f1, _) in span_estimators.items()
    }
    return AgreementReport(
        coders=sample.coders,
        documents=len(sample.docs),
        draws=bootstrap,
        seed=seed,
        variables={r.name: r for r, p in zip(rows, plans, strict=True) if not p.attribute},
        spans=spans,
        attributes={r.name: r for r, p in zip(rows, plans, strict=True) if p.attribute},
    )


Results = Iterable[tuple[dict[str, float], dict[str, Interval]]]


class _Plan:
    """One reported row: its estimators, then its result from their figures."""

    def __init__(
        self, sample: Sample, row: Row, where: list[tuple[int, int] | None], attribute: bool
    ) -> None:
        self.row = row
        self.attribute = attribute
        self._where = where
        self.alpha = AlphaEstimator(row.units, row.level)
        codes = row.units.codes
        present = codes >= 0
        self.pairs = [(i, j) for i, j in sample.pairs() if (present[:, i] & present[:, j]).any()]
        self.kappa = KappaEstimator(row.units, self.pairs) if row.level is Level.NOMINAL else None

    def estimators(self) -> list[Estimator]:
        return [self.alpha] if self.kappa is None else [self.alpha, self.kappa]

    def result(self, sample: Sample, results: Results) -> VariableAgreement:
        it = iter(results)
        point, interval = next(it)
        kappa_point: dict[str, float] = {}
        kappa_interval: dict[str, Interval] = {}
        if self.kappa is not None:
            kappa_point, kappa_interval = next(it)
        names = {f"cohen:{i},{j}": f"{sample.coders[i]}|{sample.coders[j]}" for i, j in self.pairs}
        units = self.row.units.pairable()
        table = None
        if self.alpha.coincidence is not None:
            counts = tuple(tuple(float(x) for x in line) for line in self.alpha.coincidence)
            table = CoincidenceTable(self.row.values, counts)
        return VariableAgreement(
            name=self.row.name,
            level=str(self.row.level),
            alpha=_defined(point["alpha"]),
            ci95=interval["alpha"],
            units=self.alpha.units,
            pairable_values=self.alpha.pairable_values,
            documents=len(np.unique(units.unit_doc)),
            coders=self.alpha.coders,
            kappa_pairs={names[k]: _defined(v) for k, v in kappa_point.items() if k in names},
            kappa_ci95={names[k]: v for k, v in kappa_interval.items() if k in names},
            fleiss_kappa=_defined(kappa_point["fleiss"]) if self.kappa is not None else None,
            fleiss_ci95=kappa_interval.get("fleiss"),
            coincidence=table,
            disagreements=self._disagreements(sample),
        )

    def _disagreements(self, sample: Sample) -> tuple[Disagreement, ...]:
        out = []
        values = self.row.values
        for u, (doc, codes) in enumerate(zip(self.row.units.unit_doc, self.row.units.codes, strict=True)):
            coded = {sample.coders[k]: values[c] for k, c in enumerate(codes) if c >= 0}
            if len(coded) >= 2 and len({codes[k] for k in range(len(codes)) if codes[k] >= 0}) > 1:
                out.append(Disagreement(sample.docs[doc].doc_id, coded, self._where[u]))
        return tuple(out)


def _variable_plans(sample: Sample, variable: Variable) -> list[_Plan]:
    n = len(sample.coders)
    cells: list[list[Any]] = []
    for doc, members in zip(sample.docs, sample.members, strict=True):
        by_coder = doc.values.get(variable.name, {})
        line = [MISSING] * n
        for k in members:
            value = by_coder.get(sample.coders[k])
            line[k] = MISSING if value is None else value
        cells.append(line)

    def describe(u: int, k: int) -> str:
        return f"document {sample.docs[u].doc_id}: {sample.coders[k]}"

    unit_doc = np.arange(len(sample.docs), dtype=np.int64)
    rows = encode(variable, cells, unit_doc, len(sample.docs), n, describe)
    return [_Plan(sample, row, [None] * len(cells), attribute=False) for row in rows]


def _attribute_plans(
    sample: Sample, variable: Variable, units: list[MatchedUnit], attribute: str
) -> list[_Plan]:
    n = len(sample.coders)
    cells: list[list[Any]] = []
    for unit in units:
        line = [MISSING] * n
        for k, span in unit.spans.items():
            value = span.attributes.get(attribute)
            line[k] = MISSING if value is None else value
        cells.append(line)

    def describe(u: int, k: int) -> str:
        span = units[u].spans[k]
        doc_id = sample.docs[units[u].row].doc_id
        return f"document {doc_id}: {sample.coders[k]}'s {span.label} span at {span.start}-{span.end}"

    unit_doc = np.array([u.row for u in units], np.int64)
    where = [min(s.fragments[0] for s in u.spans.values()) for u in units]
    rows = encode(variable, cells, unit_doc, len(sample.docs), n, describe)
    return [_Plan(sample, row, list(where), attribute=True) for row in rows]


def _span_result(
    sample: Sample, label: str, codings: LabelCodings, pairs: int, results: Results
) -> SpanAgreement:
    it = iter(results)
    f1_point, f1_interval = next(it)
    u_point, u_interval = next(it)
    point = {**f1_point, **u_point}
    interval = {**f1_interval, **u_interval}
    coders = {k for members in sample.members for k in members}
    return SpanAgreement(
        label=label,
        f1_exact=_defined(point["f1_exact"]),
        f1_overlap=_defined(point["f1_overlap"]),
        alpha_u=_defined(point["alpha_u"]),
        ci95={k: interval[k] for k in SPAN_FIGURES},
        pairs=pairs,
        documents=len(sample.docs),
        coders=len(coders),
        spans=codings.spans,
        disagreements=tuple(codings.disagreements),
    )


def _defined(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)
