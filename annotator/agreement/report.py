"""The result of an agreement computation, and its stable JSON shape."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

Interval = tuple[float, float] | None


@dataclass(frozen=True)
class CoincidenceTable:
    """Krippendorff's coincidence matrix of one variable: how often value pairs were coded together.

    Attributes:
        values: the values, in the order of the rows and columns.
        counts: counts[c][k] is o_ck, each pairable value counted once per row.
    """

    values: tuple[Any, ...]
    counts: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Disagreement:
    """One place where coders disagree: a document's variable, span label or matched span's attribute.

    Attributes:
        doc_id: the document.
        values: coder -> value (variables, attributes), or coder -> number of spans of the
            label (spans: some span has no exact match in another coder's spans).
        where: the matched span's first piece (attributes), else None.
    """

    doc_id: Hashable
    values: Mapping[str, Any]
    where: tuple[int, int] | None = None


@dataclass(frozen=True)
class VariableAgreement:
    """Agreement on one variable (or one value of a multi-valued variable, or one span attribute).

    Attributes:
        name: the row's name.
        level: the level of measurement alpha used.
        alpha: Krippendorff's alpha, None when undefined (fewer than two pairable values, no variation).
        ci95: its 95% bootstrap interval, None without draws or defined draws.
        units: units coded by at least two coders (documents; matched spans for attributes).
        pairable_values: the values in those units.
        documents: documents with at least one such unit.
        coders: coders with at least one pairable value.
        kappa_pairs: Cohen's kappa per "coder|coder" pair that shares a unit (nominal only).
        kappa_ci95: the pairs' intervals.
        fleiss_kappa: Fleiss' kappa (nominal only), with fleiss_ci95.
        coincidence: the coincidence table (None above 60 values).
        disagreements: the units where the coders' values differ.
    """

    name: str
    level: str
    alpha: float | None
    ci95: Interval
    units: int
    pairable_values: int
    documents: int
    coders: int
    kappa_pairs: Mapping[str, float | None] = field(default_factory=dict)
    kappa_ci95: Mapping[str, Interval] = field(default_factory=dict)
    fleiss_kappa: float | None = None
    fleiss_ci95: Interval = None
    coincidence: CoincidenceTable | None = None
    disagreements: tuple[Disagreement, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """This row in the report's JSON shape."""
        return {
            "level": self.level,
            "alpha": _num(self.alpha),
            "ci95": _interval(self.ci95),
            "units": self.units,
            "pairable_values": self.pairable_values,
            "documents": self.documents,
            "coders": self.coders,
            "kappa_pairs": {k: _num(v) for k, v in self.kappa_pairs.items()},
            "kappa_ci95": {k: _interval(v) for k, v in self.kappa_ci95.items()},
            "fleiss_kappa": _num(self.fleiss_kappa),
            "fleiss_ci95": _interval(self.fleiss_ci95),
        }


SPAN_FIGURES = ("f1_exact", "f1_overlap", "alpha_u")


@dataclass(frozen=True)
class SpanAgreement:
    """Agreement on the spans of one label.

    Attributes:
        label: the span label.
        f1_exact: mean pairwise F1 with exact matching (None without spans).
        f1_overlap: mean pairwise F1 with overlap matching.
        alpha_u: Krippendorff's unitizing alpha (None without spans).
        ci95: figure name -> 95% bootstrap interval.
        pairs: coder pairs with a defined F1.
        documents: documents of the sample (coded by at least two coders).
        coders: coders of those documents.
        spans: spans of this label in them.
        disagreements: documents where some span has no exact match.
    """

    label: str
    f1_exact: float | None
    f1_overlap: float | None
    alpha_u: float | None
    ci95: Mapping[str, Interval]
    pairs: int
    documents: int
    coders: int
    spans: int
    disagreements: tuple[Disagreement, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """This label in the report's JSON shape."""
        return {
            "f1_exact": _num(self.f1_exact),
            "f1_overlap": _num(self.f1_overlap),
            "alpha_u": _num(self.alpha_u),
            "ci95": {k: _interval(self.ci95.get(k)) for k in SPAN_FIGURES},
            "pairs": self.pairs,
            "documents": self.documents,
            "coders": self.coders,
            "spans": self.spans,
        }


@dataclass(frozen=True)
class AgreementReport:
    """Every agreement figure of one computation.

    Attributes:
        coders: the coders compared, in order.
        documents: documents coded by at least two of them (the resampled units).
        draws: bootstrap draws behind each interval.
        seed: the bootstrap's seed.
        variables: document variables by row name.
        spans: span labels by name.
        attributes: span attributes ("LABEL.attribute") by row name.
    """

    coders: tuple[str, ...]
    documents: int
    draws: int
    seed: int
    variables: Mapping[str, VariableAgreement]
    spans: Mapping[str, SpanAgreement]
    attributes: Mapping[str, VariableAgreement]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape (a dict of plain values; null where a figure is undefined)."""
        return {
            "coders": list(self.coders),
            "documents": self.documents,
            "bootstrap": {"draws": self.draws, "seed": self.seed},
            "variables": {k: v.to_json() for k, v in self.variables.items()},
            "spans": {k: v.to_json() for k, v in self.spans.items()},
            "attributes": {k: v.to_json() for k, v in self.attributes.items()},
        }

    def worst_variable(self) -> VariableAgreement | None:
        """The variable or attribute with the lowest defined alpha that has a coincidence table."""
        rows = [
            r
            for r in (*self.variables.values(), *self.attributes.values())
            if r.alpha is not None and r.coincidence is not None
        ]
        return min(rows, key=lambda r: r.alpha if r.alpha is not None else math.inf, default=None)


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _interval(value: Interval) -> list[float] | None:
    return None if value is None else [float(value[0]), float(value[1])]
