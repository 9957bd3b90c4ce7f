"""Krippendorff's alpha from coincidences, at the nominal, ordinal, interval and ratio levels.

Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
Communication, University of Pennsylvania. For a unit u coded by m_u >= 2 coders (units with
one value are not pairable), every ordered pair of its values adds 1 / (m_u - 1) to the
coincidence o_ck; n_c are the coincidence marginals and n their total (the pairable values).
Then alpha = 1 - (n - 1) * sum o_ck d_ck / sum n_c n_k d_ck, with d_ck the squared difference
of the level: nominal [c != k]; ordinal (sum of n_g for g from c to k - (n_c + n_k) / 2)^2,
over the marginal frequencies; interval (c - k)^2; ratio ((c - k) / (c + k))^2.

The ordinal difference equals (M_c - M_k)^2 with the mid-rank M_g = (sum of n_h for h <= g)
- n_g / 2, which is how it is computed here: from totals that a bootstrap draw can reweight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from annotator.agreement.model import Level
from annotator.agreement.perdoc import Builder, FloatArray, IntArray, PerDoc

# Coincidence tables are kept for the report only up to this many values.
MAX_TABLE_VALUES = 60


@dataclass(frozen=True)
class UnitCodes:
    """The values of one variable as a units x coders matrix of value indices (-1 = missing).

    Attributes:
        codes: value index per unit and coder.
        unit_doc: the document (row of the bootstrap) each unit belongs to.
        n_docs: the number of documents.
        n_values: the number of distinct values.
        numbers: each value as a number (interval and ratio), else None.
    """

    codes: IntArray
    unit_doc: IntArray
    n_docs: int
    n_values: int
    numbers: FloatArray | None = None

    def pairable(self) -> UnitCodes:
        """Only the units coded by at least two coders."""
        keep = (self.codes >= 0).sum(axis=1) >= 2
        return UnitCodes(self.codes[keep], self.unit_doc[keep], self.n_docs, self.n_values, self.numbers)


def ratio_difference(a: FloatArray, b: FloatArray) -> FloatArray:
    """((a - b) / (a + b))^2, 0 where both are 0."""
    total = a + b
    safe = np.where(total == 0, 1.0, total)
    return np.where(total == 0, 0.0, ((a - b) / safe) ** 2)


class AlphaEstimator:
    """Krippendorff's alpha of one variable, from per-document coincidence contributions."""

    def __init__(self, units: UnitCodes, level: Level) -> None:
        units = units.pairable()
        self.level = level
        self.units = len(units.codes)
        present = units.codes >= 0
        self.pairable_values = int(present.sum())
        self.coders = int(present.any(axis=0).sum()) if self.units else 0
        v = units.n_values
        self._v = v
        numbers = units.numbers
        if level is Level.INTERVAL and numbers is not None and self.pairable_values:
            # Interval differences ignore a shift; centring keeps the sums of squares exact.
            numbers = numbers - float(np.mean(numbers[units.codes[present]]))
        self._numbers = numbers
        build = Builder(units.n_docs)
        self._obs = build.block(1)
        self._marg = build.block(v) if level is not Level.INTERVAL else -1
        self._mom = build.block(3) if level is Level.INTERVAL else -1
        self._add_marginals(build, units, present)
        self._pairs = self._add_observed(build, units, present)
        self._delta = self._ratio_matrix() if level is Level.RATIO else None
        self.columns: PerDoc = build.build()
        self.coincidence = coincidences(units) if v <= MAX_TABLE_VALUES else None

    def _add_marginals(self, build: Builder, units: UnitCodes, present: npt.NDArray[np.bool_]) -> None:
        rows, coders = np.nonzero(present)
        docs = units.unit_doc[rows]
        values = units.codes[rows, coders]
        if self.level is Level.INTERVAL:
            assert self._numbers is not None
            x = self._numbers[values]
            for offset, weight in enumerate((np.ones_like(x), x, x * x)):
                build.add(docs, self._mom + offset, weight)
        else:
            build.add(docs, self._marg + values, 1.0)

    def _add_observed(
        self, build: Builder, units: UnitCodes, present: npt.NDArray[np.bool_]
    ) -> tuple[IntArray, IntArray, int]:
        """Observed disagreement per document; for ordinal, the coincidences of unequal values."""
        m = present.sum(axis=1)
        n_coders = units.codes.shape[1]
        pair_docs, pair_keys, pair_weights = [], [], []
        for i in range(n_coders):
            for j in range(i + 1, n_coders):
                both = present[:, i] & present[:, j]
                a, b = units.codes[both, i], units.codes[both, j]
                docs = units.unit_doc[both]
                weight = 2.0 / (m[both] - 1)  # the ordered pairs (i, j) and (j, i)
                if self.level is Level.NOMINAL:
                    build.add(docs, self._obs, weight * (a != b))
                elif self.level is Level.INTERVAL:
                    assert self._numbers is not None
                    build.add(docs, self._obs, weight * (self._numbers[a] - self._numbers[b]) ** 2)
                elif self.level is Level.RATIO:
                    assert self._numbers is not None
                    build.add(docs, self._obs, weight * ratio_difference(self._numbers[a], self._numbers[b]))
                else:
                    differ = a != b
                    lo, hi = np.minimum(a, b)[differ], np.maximum(a, b)[differ]
                    pair_docs.append(docs[differ])
                    pair_keys.append(lo * self._v + hi)
                    pair_weights.append(weight[differ])
        if self.level is not Level.ORDINAL:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), -1
        keys = np.concatenate([np.zeros(0, np.int64), *pair_keys])
        distinct, column = np.unique(keys, return_inverse=True)
        first = build.block(len(distinct))
        build.add(
            np.concatenate([np.zeros(0, np.int64), *pair_docs]),
            first + column,
            np.concatenate([np.zeros(0), *pair_weights]),
        )
        return distinct // self._v, distinct % self._v, first

    def _ratio_matrix(self) -> FloatArray:
        assert self._numbers is not None
        x = self._numbers
        return ratio_difference(x[:, None], x[None, :])

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Alpha per row of column totals (NaN without two pairable values or without variation)."""
        obs = totals[:, self._obs]
        if self.level is Level.INTERVAL:
            n, s1, s2 = (totals[:, self._mom + k] for k in range(3))
            expected = 2 * n * s2 - 2 * s1 * s1
            tiny = 1e-12 * np.abs(2 * n * s2)
        else:
            counts = totals[:, self._marg : self._marg + self._v]
            n = counts.sum(axis=1)
            if self.level is Level.NOMINAL:
                expected = n * n - (counts * counts).sum(axis=1)
            elif self.level is Level.RATIO:
                assert self._delta is not None
                expected = ((counts @ self._delta) * counts).sum(axis=1)
            else:
                obs, expected = self._ordinal(totals, counts, n)
            tiny = 1e-12 * n * n
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1.0 - (n - 1) * obs / expected
        return {"alpha": np.where((n >= 2) & (expected > tiny), alpha, np.nan)}

    def _ordinal(
        self, totals: FloatArray, counts: FloatArray, n: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        lo, hi, first = self._pairs
        mid = np.cumsum(counts, axis=1) - counts / 2
        pairs = totals[:, first : first + len(lo)]
        obs = (pairs * (mid[:, lo] - mid[:, hi]) ** 2).sum(axis=1)
        expected = 2 * n * (counts * mid * mid).sum(axis=1) - 2 * (counts * mid).sum(axis=1) ** 2
        return obs, expected


def coincidences(units: UnitCodes) -> FloatArray:
    """The coincidence matrix o_ck of the pairable units."""
    units = units.pairable()
    v = units.n_values
    present = units.codes >= 0
    m = present.sum(axis=1)
    flat = np.zeros(v * v)
    n_coders = units.codes.shape[1]
    for i in range(n_coders):
        for j in range(n_coders):
            if i != j:
                both = present[:, i] & present[:, j]
                keys = units.codes[both, i] * v + units.codes[both, j]
                flat += np.bincount(keys, weights=1.0 / (m[both] - 1), minlength=v * v)
    return flat.reshape(v, v)
