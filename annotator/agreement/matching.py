"""Matching two coders' spans of one label, and pairwise span F1 over documents.

Exact matching pairs spans with the same pieces; overlap matching pairs spans that share at
least one code point, one-to-one, greedily by the number of shared code points (ties: the
pair with the closer boundaries, then the earlier). For a coder pair, F1 = 2 * matches /
(spans of the first + spans of the second), summed over the documents both coded (micro
average); the reported F1 is the mean over the coder pairs for which it is defined (at least
one span of the label by either coder). F1 is symmetric in the two coders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from annotator.agreement.model import CodedSpan
from annotator.agreement.perdoc import Builder, FloatArray, PerDoc


def shared_points(a: CodedSpan, b: CodedSpan) -> int:
    """The number of code points both spans cover."""
    fa, fb = a.fragments, b.fragments
    if len(fa) == 1 and len(fb) == 1:
        return max(0, min(fa[0][1], fb[0][1]) - max(fa[0][0], fb[0][0]))
    if fa[-1][1] <= fb[0][0] or fb[-1][1] <= fa[0][0]:
        return 0
    total = 0
    i = j = 0
    while i < len(fa) and j < len(fb):
        lo = max(fa[i][0], fb[j][0])
        hi = min(fa[i][1], fb[j][1])
        if hi > lo:
            total += hi - lo
        if fa[i][1] <= fb[j][1]:
            i += 1
        else:
            j += 1
    return total


def exact_matches(a: Sequence[CodedSpan], b: Sequence[CodedSpan]) -> int:
    """How many spans pair up with a span of identical pieces (one-to-one)."""
    if not a or not b:
        return 0
    first = {s.fragments for s in a}
    second = {s.fragments for s in b}
    if len(first) == len(a) and len(second) == len(b):
        return len(first & second)
    counts = Counter(s.fragments for s in a)
    other = Counter(s.fragments for s in b)
    return sum(min(n, other[key]) for key, n in counts.items())


def overlap_matches(a: Sequence[CodedSpan], b: Sequence[CodedSpan]) -> list[tuple[int, int]]:
    """One-to-one pairs (index in a, index in b) of overlapping spans, greedy by shared code points.

    Both sequences are in position order (by pieces).
    """
    candidates = []
    for i, s in enumerate(a):
        s_start, s_end = s.fragments[0][0], s.fragments[-1][1]
        for j, t in enumerate(b):
            t_start, t_end = t.fragments[0][0], t.fragments[-1][1]
            if t_start >= s_end:
                break
            shared = shared_points(s, t) if t_end > s_start else 0
            if shared:
                distance = abs(s_start - t_start) + abs(s_end - t_end)
                candidates.append((-shared, distance, min(s_start, t_start), i, j))
    if len(candidates) <= 1:
        return [(i, j) for *_, i, j in candidates]
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


PairCounts = tuple[int, int, int, int, int]
"""One coder pair in one document: (document row, pair, exact matches, overlap matches, spans of both)."""


class F1Estimator:
    """Mean pairwise F1 of one label, with exact and with overlap matching."""

    def __init__(self, counts: Sequence[PairCounts], n_docs: int, n_pairs: int) -> None:
        self.n_pairs = n_pairs
        build = Builder(n_docs)
        first = build.block(3 * n_pairs)
        if counts:
            table = np.array(counts, np.int64)
            cols = first + 3 * table[:, 1]
            for offset in range(3):
                build.add(table[:, 0], cols + offset, table[:, 2 + offset])
        self.columns: PerDoc = build.build()
        totals = self.columns.totals()[0]
        self.pairs = int((totals[2::3] > 0).sum())

    def evaluate(self, totals: FloatArray) -> dict[str, FloatArray]:
        """Keys "f1_exact" and "f1_overlap" (NaN when no pair has a span)."""
        spans = totals[:, 2::3]
        defined = spans > 0
        count = defined.sum(axis=1)
        out = {}
        for key, offset in (("f1_exact", 0), ("f1_overlap", 1)):
            with np.errstate(divide="ignore", invalid="ignore"):
                f1 = np.where(defined, 2 * totals[:, offset::3] / spans, 0.0).sum(axis=1) / count
            out[key] = np.where(count > 0, f1, np.nan)
        return out
