"""Krippendorff's unitizing alpha (alpha_u) of one label on the continuum of characters.

References: Krippendorff, K. (1995). On the reliability of unitizing continuous data.
Sociological Methodology 25, 47-76; Krippendorff, K. (2004). Measuring the reliability of
qualitative text analysis data. Quality & Quantity 38, 787-800; the worked example in
Krippendorff, K. (2004). Content Analysis, 2nd ed., Sage, p. 254.

One label at a time against the gaps: each coder's codings of a document cut it into units
(the stretches the coder gave the label; a coder's overlapping pieces are merged, touching
ones stay two units) and gaps (everything else, other labels included). Gaps end at document
boundaries, so no unit or gap crosses two documents. For coders i != j the difference of
two sections is (b_g - b_h)^2 + (e_g - e_h)^2 for overlapping units, l_g^2 for a unit lying
inside the other coder's gap, and 0 otherwise; D_o sums them over the ordered coder pairs of
each document. D_e is the expected difference of all units and gaps placed at random:
2/L * sum_units [(N - 1)(2 l^3 - 3 l^2 + l)/3 + l^2 * sum_{gaps >= l} (l_gap - l + 1)]
/ (mL (mL - 1) - sum_units l (l - 1)), with N the number of units of all coders.

Krippendorff defines it for m coders who all code one continuum of length L. Documents coded
by different sets of coders generalise it as alpha's missing values do: only documents with
at least two coders count, the observed sum is normalised by the ordered coder pairs per
character, sum_d m_d (m_d - 1) L_d (R(R - 1)L in the original), and mL becomes sum_d m_d L_d.
With every document coded by the same coders this is exactly Krippendorff's alpha_u.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.agreement.model import CodedSpan
from annotator.agreement.perdoc import Builder, FloatArray, PerDoc

Stretch = tuple[int, int]


def units_of(spans: Sequence[CodedSpan]) -> list[Stretch]:
    """One coder's units of one label: the spans' pieces, overlapping ones merged, in order."""
    pieces = sorted(piece for span in spans for piece in span.fragments)
    merged: list[Stretch] = []
    for start, end in pieces:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def gaps_of(units: Sequence[Stretch], length: int) -> list[int]:
    """The lengths of the stretches of [0, length) outside the units."""
    gaps = []
    position = 0
    for start, end in units:
        if start > position:
            gaps.append(start - position)
        position = end
    if length > position:
        gaps.append(length - position)
    return gaps


def observed_pair(first: Sequence[Stretch], second: Sequence[Stretch]) -> int:
    """The sum of section differences between two coders, over the pairs of their sections."""
    total = 0
    hit_first = [False] * len(first)
    hit_second = [False] * len(second)
    j0 = 0
    for i, (b1, e1) in enumerate(first):
        while j0 < len(second) and second[j0][1] <= b1:
            j0 += 1
        j = j0
        while j < len(second) and second[j][0] < e1:
            b2, e2 = second[j]
            total += (b1 - b2) ** 2 + (e1 - e2) ** 2
            hit_first[i] = hit_second[j] = True
            j += 1
    total += sum((e - b) ** 2 for (b, e), hit in zip(first, hit_first, strict=True) if not hit)
    total += sum((e - b) ** 2 for (b, e), hit in zip(second, hit_second, strict=True) if not hit)
    return total


@dataclass(frozen=True)
class DocumentSections:
    """One document's units and gaps of one label, with its observed differences.

    Attributes:
        doc: the document's row in the bootstrap.
        length: the document's length.
        coders: how many coders coded it.
        observed: the differences summed over its ordered coder pairs.
        units: every coder's unit lengths.
        gaps: every coder's gap lengths.
    """

    doc: int
    length: int
    coders: int
    observed: float
    units: tuple[int, ...]
    gaps: tuple[int, ...]


def sections(doc: int, length: int, codings: Sequence[Sequence[CodedSpan]]) -> DocumentSections:
    """The units and gaps of one document coded by `len(codings)` coders (at least two)."""
    units = [units_of(spans) for spans in codings]
    observed = 0
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            observed += 2 * observed_pair(units[i], units[j])
    lengths = tuple(e - b for coder in units for b, e in coder)
    gaps = tuple(g for coder in units for g in gaps_of(coder, length))
    return DocumentSections(doc, length, len(codings), float(observed), lengths, gaps)


class UnitizingEstimator:
    """Alpha_u of one label from per-document section statistics."""

    def __init__(self, docs: Sequence[DocumentSections], n_docs: int) -> None:
        unit_doc = np.array([d.doc for d in docs for _ in d.units], np.int64)
        unit_len = np.array([u for d in docs for u in d.units], np.float64)
        gap_doc = np.array([d.doc for d in docs for _ in d.gaps], np.int64)
        gap_len = np.array([g for d in docs for g in d.gaps], np.float64)
        lengths, unit_bin = np.unique(unit_len, return_inverse=True)
        self._lengths = lengths
        k = len(lengths)
        build = Builder(n_docs)
        self._base = build.block(6 + 3 * k)
        doc_rows = np.array([d.doc for d in docs], np.int64)
        m = np.array([d.coders for d in docs], np.float64)
        size = np.array([d.length for d in docs], np.float64)
        b = self._base
        build.add(doc_rows, b, [d.observed for d in docs])
        build.add(doc_rows, b + 1, m * (m - 1) * size)
        build.add(doc_rows, b + 2, m * size)
        build.add(unit_doc, b + 3, unit_len * (unit_len - 1))
        build.add(unit_doc, b + 4, 1.0)
        build.add(unit_doc, b + 5, (2 * unit_len**3 - 3 * unit_len**2 + unit_len) / 3)
        build.add(unit_doc, b + 6 + unit_bin, 1.0)
        # A gap only counts for units no longer than itself: bin it under the longest such unit length.
        gap_bin = np.searchsorted(lengths, gap_len, side="right") - 1
        fits = gap_bin >= 0
        build.add(gap_doc[fits], b + 6 + k + gap_bin[fits], 1.0)
        build.add(gap_doc[fits], b + 6 + 2 * k + gap_bin[fits], gap_len[fits] + 1)
        self.columns: PerDoc = build.build()

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Key "alpha_u" (NaN without units or without two coders)."""
        b, k = self._base, len(self._lengths)
        observed, pairs, values, squares, n_units, cubic = (totals[:, b + i] for i in range(6))
        unit_hist = totals[:, b + 6 : b + 6 + k]
        gap_count = totals[:, b + 6 + k : b + 6 + 2 * k]
        gap_sum = totals[:, b + 6 + 2 * k : b + 6 + 3 * k]

        def suffix(x: FloatArray) -> FloatArray:
            return np.cumsum(x[:, ::-1], axis=1)[:, ::-1]

        lam = self._lengths
        inside = (unit_hist * lam**2 * (suffix(gap_sum) - lam * suffix(gap_count))).sum(axis=1)
        expected = (n_units - 1) * cubic + inside
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1 - observed * (values * (values - 1) - squares) / (2 * expected * pairs)
        return {"alpha_u": np.where((expected > 0) & (pairs > 0), alpha, np.nan)}
