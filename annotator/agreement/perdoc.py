"""Per-document contributions and the document bootstrap that resamples them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Below this many cells per stored entry a dense BLAS product beats the sparse gather.
_DENSE_CELLS_PER_ENTRY = 100
_MAX_DENSE_CELLS = 30_000_000
# Bootstrap weight rows are made in chunks of about this many cells (float64).
_CHUNK_CELLS = 4_000_000


class PerDoc:
    """A documents x columns matrix of additive contributions, summed under document weights.

    Every coefficient is a function of column totals; a bootstrap draw reweights documents,
    so its totals are `weights @ matrix`. Stored dense or as sorted (doc, column, value)
    entries, whichever makes that product cheaper.
    """

    def __init__(
        self,
        n_docs: int,
        n_cols: int,
        rows: IntArray,
        cols: IntArray,
        vals: FloatArray,
        blocks: Sequence[tuple[int, FloatArray]] = (),
    ) -> None:
        self.n_docs = n_docs
        self.n_cols = n_cols
        self._dense: FloatArray | None = None
        nnz = len(vals) + sum(int(np.count_nonzero(block)) for _, block in blocks)
        cells = n_docs * n_cols
        if cells <= _MAX_DENSE_CELLS and cells <= max(_DENSE_CELLS_PER_ENTRY * nnz, 100_000):
            flat = np.bincount(rows * n_cols + cols, weights=vals, minlength=cells)
            dense = flat.reshape(n_docs, n_cols).astype(np.float64, copy=False)
            for first, block in blocks:
                dense[:, first : first + block.shape[1]] += block
            self._dense = dense
            return
        for first, block in blocks:
            r, c = np.nonzero(block)
            rows, cols, vals = np.r_[rows, r], np.r_[cols, first + c], np.r_[vals, block[r, c]]
        order = np.lexsort((rows, cols))
        self._rows = rows[order]
        self._vals = vals[order]
        sorted_cols = cols[order]
        first_of = np.r_[True, sorted_cols[1:] != sorted_cols[:-1]] if len(vals) else np.zeros(0, bool)
        self._starts = np.flatnonzero(first_of)
        self._present = sorted_cols[self._starts]

    def totals(self) -> FloatArray:
        """The column sums over all documents (the point estimate's input), shape (1, n_cols)."""
        return self.weighted(np.ones((1, self.n_docs)), np.ones((self.n_docs, 1)))

    def weighted(self, weights: FloatArray, weights_t: FloatArray) -> FloatArray:
        """Column totals under each row of document weights (`weights_t` is its transpose)."""
        if self._dense is not None:
            return weights @ self._dense
        out = np.zeros((weights.shape[0], self.n_cols))
        if len(self._vals):
            gathered = weights_t[self._rows] * self._vals[:, None]
            out[:, self._present] = np.add.reduceat(gathered, self._starts, axis=0).T
        return out


class Builder:
    """Collects (document, column, value) entries for a PerDoc, by named blocks of columns."""

    def __init__(self, n_docs: int) -> None:
        self.n_docs = n_docs
        self.n_cols = 0
        self._rows: list[IntArray] = []
        self._cols: list[IntArray] = []
        self._vals: list[FloatArray] = []
        self._blocks: list[tuple[int, FloatArray]] = []

    def block(self, width: int) -> int:
        """Reserve `width` columns; returns the first one."""
        first = self.n_cols
        self.n_cols += width
        return first

    def add(self, docs: npt.ArrayLike, cols: npt.ArrayLike, vals: npt.ArrayLike) -> None:
        """Add values at (doc, column) entries; repeated entries are summed."""
        d, c, v = np.broadcast_arrays(
            np.asarray(docs, np.int64), np.asarray(cols, np.int64), np.asarray(vals, np.float64)
        )
        keep = v != 0
        self._rows.append(d[keep].ravel())
        self._cols.append(c[keep].ravel())
        self._vals.append(v[keep].ravel())

    def add_dense(self, first: int, block: FloatArray) -> None:
        """Add a documents x width array at columns first, first + 1, ..."""
        self._blocks.append((first, block))

    def build(self) -> PerDoc:
        """The finished matrix."""
        empty_i = np.zeros(0, np.int64)
        rows = np.concatenate([empty_i, *self._rows])
        cols = np.concatenate([empty_i, *self._cols])
        vals = np.concatenate([np.zeros(0), *self._vals])
        return PerDoc(self.n_docs, self.n_cols, rows, cols, vals, self._blocks)


class Estimator(Protocol):
    """One or more coefficients computed from the column totals of one PerDoc."""

    columns: PerDoc

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Each coefficient per row of totals (NaN where undefined)."""
        ...


def weight_chunks(n_docs: int, draws: int, seed: int) -> Iterator[FloatArray]:
    """Bootstrap weights: each row counts how often each document is drawn (n_docs draws with replacement)."""
    rng = np.random.default_rng(seed)
    size = max(1, min(draws, _CHUNK_CELLS // max(n_docs, 1)))
    done = 0
    while done < draws:
        k = min(size, draws - done)
        picks = rng.integers(0, n_docs, size=(k, n_docs)) + n_docs * np.arange(k)[:, None]
        yield np.bincount(picks.ravel(), minlength=k * n_docs).reshape(k, n_docs).astype(np.float64)
        done += k


Interval = tuple[float, float] | None


def run(
    estimators: Sequence[Estimator],
    n_docs: int,
    draws: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, float]], list[dict[str, Interval]]]:
    """Point estimates and 95% percentile bootstrap intervals of every estimator's coefficients."""
    points = [{k: float(v[0]) for k, v in est.evaluate(est.columns.totals()).items()} for est in estimators]
    samples: list[dict[str, list[FloatArray]]] = [{k: [] for k in p} for p in points]
    done = 0
    if draws > 0 and n_docs > 0:
        for weights in weight_chunks(n_docs, draws, seed):
            weights_t = np.ascontiguousarray(weights.T)
            for est, store in zip(estimators, samples, strict=True):
                for key, values in est.evaluate(est.columns.weighted(weights, weights_t)).items():
                    store[key].append(values)
            done += weights.shape[0]
            if progress is not None:
                progress(done, draws)
    intervals = [{k: _percentile(v) for k, v in store.items()} for store in samples]
    return points, intervals


def _percentile(chunks: list[FloatArray]) -> Interval:
    """The 2.5th and 97.5th percentiles of the defined draws (None when no draw is defined)."""
    if not chunks:
        return None
    values = np.concatenate(chunks)
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    lo, hi = np.quantile(values, [0.025, 0.975])
    return float(lo), float(hi)
