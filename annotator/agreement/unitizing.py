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

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from annotator.agreement.perdoc import Builder, FloatArray, IntArray, PerDoc

# Above this many documents x unit lengths, the gap sums stay sparse and are suffix-summed per draw.
_MAX_DENSE_SUFFIX_CELLS = 8_000_000


@dataclass(frozen=True)
class Pieces:
    """Every compared coder's span pieces of one label in the sample (parallel arrays).

    Attributes:
        rows: the document's bootstrap row.
        coders: the coder's index.
        starts: the piece's first code point.
        ends: one past its last code point.
    """

    rows: IntArray
    coders: IntArray
    starts: IntArray
    ends: IntArray


@dataclass(frozen=True)
class Units:
    """Each coder's units in each document, sorted by document, coder and position."""

    rows: IntArray
    coders: IntArray
    starts: IntArray
    ends: IntArray


def merge_units(pieces: Pieces, n_coders: int) -> Units:
    """One coder's overlapping pieces become one unit; touching pieces stay two units."""
    order = np.lexsort((pieces.ends, pieces.starts, pieces.coders, pieces.rows))
    group = pieces.rows[order] * n_coders + pieces.coders[order]
    starts, ends = pieces.starts[order], pieces.ends[order]
    if not len(group):
        empty = np.zeros(0, np.int64)
        return Units(empty, empty, empty, empty)
    scale = int(ends.max()) + 1
    # The running furthest end within each (document, coder): groups ascend, so one running max does.
    reach = np.maximum.accumulate(group * scale + ends)
    new = np.r_[True, group[1:] * scale + starts[1:] >= reach[:-1]]
    first = np.flatnonzero(new)
    unit_group = group[first]
    return Units(
        unit_group // n_coders, unit_group % n_coders, starts[first], np.maximum.reduceat(ends, first)
    )


def gaps(units: Units, lengths: IntArray, members: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """(document row, length) of every gap: the stretches of each member coder's documents outside its units."""
    n_coders = members.shape[1]
    group = units.rows * n_coders + units.coders
    first = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, bool)
    last = np.r_[group[1:] != group[:-1], True] if len(group) else np.zeros(0, bool)
    previous_end = np.r_[0, units.ends[:-1]] if len(group) else np.zeros(0, np.int64)
    previous_end = np.where(first, 0, previous_end)
    before = units.starts - previous_end
    after = lengths[units.rows[last]] - units.ends[last]
    coded = np.zeros(members.size, bool)
    coded[group] = True
    idle = np.flatnonzero(members.ravel() & ~coded) // n_coders
    rows = np.concatenate([units.rows, units.rows[last], idle])
    sizes = np.concatenate([before, after, lengths[idle]])
    keep = sizes > 0
    return rows[keep], sizes[keep]


def observed(units: Units, members: npt.NDArray[np.bool_], n_docs: int) -> FloatArray:
    """Per document, the section differences summed over its ordered pairs of member coders."""
    out = np.zeros(n_docs)
    n_coders = members.shape[1]
    scale = int(units.ends.max()) + 1 if len(units.ends) else 1
    for i in range(n_coders):
        for j in range(i + 1, n_coders):
            both = members[:, i] & members[:, j]
            a = (units.coders == i) & both[units.rows]
            b = (units.coders == j) & both[units.rows]
            out += 2 * _pair_differences(units, a, b, scale, n_docs)
    return out


def _pair_differences(
    units: Units, a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_], scale: int, n_docs: int
) -> FloatArray:
    """One coder pair: overlapping units give (b1 - b2)^2 + (e1 - e2)^2, a unit inside a gap its length^2."""
    rows_a, starts_a, ends_a = units.rows[a], units.starts[a], units.ends[a]
    rows_b, starts_b, ends_b = units.rows[b], units.starts[b], units.ends[b]
    # A coder's units do not overlap, so the other's units overlapping one of them are a run.
    lo = np.searchsorted(rows_b * scale + ends_b, rows_a * scale + starts_a, side="right")
    hi = np.searchsorted(rows_b * scale + starts_b, rows_a * scale + ends_a, side="left")
    count = np.clip(hi - lo, 0, None)
    index_a = np.repeat(np.arange(len(rows_a)), count)
    offsets = np.arange(len(index_a)) - np.repeat(np.cumsum(count) - count, count)
    index_b = np.repeat(lo, count) + offsets
    hit_b = np.bincount(index_b, minlength=len(rows_b)) > 0
    d_start = (starts_a[index_a] - starts_b[index_b]).astype(np.float64)
    d_end = (ends_a[index_a] - ends_b[index_b]).astype(np.float64)
    alone_a, alone_b = count == 0, ~hit_b
    return (
        _sum_by(rows_a[index_a], d_start**2 + d_end**2, n_docs)
        + _sum_by(rows_a[alone_a], ((ends_a - starts_a)[alone_a]).astype(np.float64) ** 2, n_docs)
        + _sum_by(rows_b[alone_b], ((ends_b - starts_b)[alone_b]).astype(np.float64) ** 2, n_docs)
    )


def _sum_by(rows: IntArray, values: FloatArray, n_docs: int) -> FloatArray:
    """Values summed per document row."""
    return np.bincount(rows, weights=values, minlength=n_docs).astype(np.float64, copy=False)


class UnitizingEstimator:
    """Alpha_u of one label from per-document section statistics."""

    def __init__(self, pieces: Pieces, lengths: IntArray, members: npt.NDArray[np.bool_]) -> None:
        n_docs, n_coders = members.shape
        units = merge_units(pieces, n_coders)
        gap_rows, gap_len = gaps(units, lengths, members)
        unit_len = (units.ends - units.starts).astype(np.float64)
        lam, unit_bin = np.unique(unit_len, return_inverse=True)
        self._lam = lam
        k = len(lam)
        m = members.sum(axis=1).astype(np.float64)
        size = lengths.astype(np.float64)
        build = Builder(n_docs)
        b = self._base = build.block(6)
        rows = np.arange(n_docs)
        build.add(rows, b, observed(units, members, n_docs))
        build.add(rows, b + 1, m * (m - 1) * size)
        build.add(rows, b + 2, m * size)
        build.add(units.rows, b + 3, unit_len * (unit_len - 1))
        build.add(units.rows, b + 4, 1.0)
        build.add(units.rows, b + 5, (2 * unit_len**3 - 3 * unit_len**2 + unit_len) / 3)
        self._units = build.block(k)
        build.add(units.rows, self._units + unit_bin, 1.0)
        # A gap only counts for units no longer than itself: bin it under the longest such unit length.
        gap_bin = np.searchsorted(lam, gap_len, side="right") - 1
        fits = gap_bin >= 0
        gap_rows, gap_bin, gap_sum = gap_rows[fits], gap_bin[fits], gap_len[fits].astype(np.float64) + 1
        self._dense_suffix = n_docs * k <= _MAX_DENSE_SUFFIX_CELLS
        if self._dense_suffix:
            # inside_j = lam_j^2 * (sum of gap + 1) - lam_j^3 * (count), over the gaps at least lam_j long.
            cell = gap_rows * k + gap_bin
            sums = _sum_by(cell, gap_sum, n_docs * k).reshape(n_docs, k)
            counts = _sum_by(cell, np.ones(len(cell)), n_docs * k).reshape(n_docs, k)
            inside = _suffix(sums) * lam**2
            inside -= _suffix(counts) * lam**3
            self._inside = build.block(k)
            build.add_dense(self._inside, inside)
        else:
            self._gap_sums = build.block(k)
            self._gap_counts = build.block(k)
            build.add(gap_rows, self._gap_sums + gap_bin, gap_sum)
            build.add(gap_rows, self._gap_counts + gap_bin, 1.0)
        self.columns: PerDoc = build.build()

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Key "alpha_u" (NaN without units or without two coders)."""
        b, k, lam = self._base, len(self._lam), self._lam
        observed_sum, pairs, values, squares, n_units, cubic = (totals[:, b + i] for i in range(6))
        per_length = totals[:, self._units : self._units + k]
        if self._dense_suffix:
            inside = totals[:, self._inside : self._inside + k]
        else:
            sums = totals[:, self._gap_sums : self._gap_sums + k]
            counts = totals[:, self._gap_counts : self._gap_counts + k]
            inside = lam**2 * _suffix(sums) - lam**3 * _suffix(counts)
        expected = (n_units - 1) * cubic + (per_length * inside).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1 - observed_sum * (values * (values - 1) - squares) / (2 * expected * pairs)
        return {"alpha_u": np.where((expected > 0) & (pairs > 0), alpha, np.nan)}


def _suffix(x: FloatArray) -> FloatArray:
    """Sums over each column and the columns after it."""
    return np.cumsum(x[:, ::-1], axis=1)[:, ::-1]
