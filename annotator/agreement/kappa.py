"""Cohen's kappa for each pair of coders and Fleiss' kappa, for nominal variables.

Cohen (1960): for two coders, on the units both coded, kappa = (p_o - p_e) / (1 - p_e) with
p_o the share of units on which they agree and p_e = sum_c p_c(first) p_c(second), each
coder's own marginal proportions.

Fleiss (1971), on the units coded by at least two coders: P_u = (sum_c n_uc^2 - m_u) /
(m_u (m_u - 1)) is unit u's share of agreeing coder pairs, P-bar their mean over units,
p_c the share of all those units' values that are c, P_e = sum_c p_c^2, and kappa =
(P-bar - P_e) / (1 - P_e). When every unit has the same number of coders this is Fleiss'
kappa exactly; with varying numbers it is the usual generalisation that averages P_u over
units and pools the proportions over all values.
"""

from __future__ import annotations

import numpy as np

from annotator.agreement.alpha import UnitCodes
from annotator.agreement.perdoc import Builder, FloatArray, PerDoc


class KappaEstimator:
    """Cohen's kappa per coder pair and Fleiss' kappa of one nominal variable."""

    def __init__(self, units: UnitCodes, pairs: list[tuple[int, int]]) -> None:
        v = units.n_values
        self._v = v
        self.pairs = pairs
        build = Builder(units.n_docs)
        self._cohen = []
        present = units.codes >= 0
        for i, j in pairs:
            first = build.block(2 + 2 * v)
            both = present[:, i] & present[:, j]
            a, b = units.codes[both, i], units.codes[both, j]
            docs = units.unit_doc[both]
            build.add(docs, first, 1.0)
            build.add(docs, first + 1, (a == b).astype(np.float64))
            build.add(docs, first + 2 + a, 1.0)
            build.add(docs, first + 2 + v + b, 1.0)
            self._cohen.append(first)
        pairable = units.pairable()
        self._fleiss = build.block(2 + v)
        p_present = pairable.codes >= 0
        m = p_present.sum(axis=1)
        counts = np.zeros((len(pairable.codes), v))
        rows, coders = np.nonzero(p_present)
        np.add.at(counts, (rows, pairable.codes[rows, coders]), 1.0)
        share = ((counts * counts).sum(axis=1) - m) / (m * (m - 1)) if len(m) else np.zeros(0)
        build.add(pairable.unit_doc, self._fleiss, share)
        build.add(pairable.unit_doc, self._fleiss + 1, 1.0)
        build.add(pairable.unit_doc[rows], self._fleiss + 2 + pairable.codes[rows, coders], 1.0)
        self.columns: PerDoc = build.build()

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Keys "cohen:i,j" per pair and "fleiss" (NaN where undefined)."""
        v = self._v
        out: dict[str, FloatArray] = {}
        for (i, j), first in zip(self.pairs, self._cohen, strict=True):
            n = totals[:, first]
            with np.errstate(divide="ignore", invalid="ignore"):
                observed = totals[:, first + 1] / n
                ma = totals[:, first + 2 : first + 2 + v] / n[:, None]
                mb = totals[:, first + 2 + v : first + 2 + 2 * v] / n[:, None]
                chance = (ma * mb).sum(axis=1)
                kappa = (observed - chance) / (1 - chance)
            out[f"cohen:{i},{j}"] = np.where((n > 0) & (chance < 1 - 1e-12), kappa, np.nan)
        f = self._fleiss
        units = totals[:, f + 1]
        counts = totals[:, f + 2 : f + 2 + v]
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_agreement = totals[:, f] / units
            shares = counts / counts.sum(axis=1)[:, None]
            chance = (shares * shares).sum(axis=1)
            kappa = (mean_agreement - chance) / (1 - chance)
        out["fleiss"] = np.where((units > 0) & (chance < 1 - 1e-12), kappa, np.nan)
        return out
